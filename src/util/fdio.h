/*
 * fdio.h - whole reads and writes on file descriptors, retried on EINTR and
 * short counts: one copy of the loops every stage needs.
 */
#ifndef HD_FDIO_H
#define HD_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write all n bytes.  0, or -1 with errno (a write of 0 bytes is EIO). */
int hd_write_all(int fd, const void *buf, size_t n);

/*
 * Read up to n bytes at offset off with pread (the descriptor's offset does
 * not move, so threads may share it), stopping early only at end of file.
 * The bytes read, or -1 with errno.
 */
ssize_t hd_pread_full(int fd, void *buf, size_t n, off_t off);

#endif
