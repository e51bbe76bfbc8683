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

/* Read exactly n bytes from a blocking descriptor.  0, or -1 with errno
 * (end of file before n bytes is EPIPE: the other side went away). */
int hd_read_all(int fd, void *buf, size_t n);

/*
 * Read up to n bytes at offset off with pread (the descriptor's offset does
 * not move, so threads may share it), stopping early only at end of file.
 * The bytes read, or -1 with errno.
 */
ssize_t hd_pread_full(int fd, void *buf, size_t n, off_t off);

/* Write all n bytes at offset off with pwrite.  0, or -1 with errno (a write of 0 bytes is ENOSPC). */
int hd_pwrite_all(int fd, const void *buf, size_t n, off_t off);

/*
 * A new temporary file of this run's own, read-write, close-on-exec, in
 * $TMPDIR (else /tmp), named "hivediag-WHAT-XXXXXX" and unlinked at once:
 * nothing is left behind, whatever ends the run.  The descriptor, or -1
 * with errno.
 */
int hd_tmpfile(const char *what);

/*
 * Open evidence read-only: O_NONBLOCK so that a FIFO or a device cannot
 * block before the caller's fstat refuses it, close-on-exec, never a
 * controlling terminal, and with no_follow O_NOFOLLOW (a symbolic link
 * fails with ELOOP).  The descriptor, or -1 with errno.
 */
int hd_open_evidence(const char *path, int no_follow);

/*
 * One open of the file a worker process is reading, shared by its readers
 * (issue 23: each hive is opened once per pass, not once per reader: the
 * disk-image sniff, the archive sniff and the analysis each opened it by
 * name).  After hd_evidence_hold(path, no_follow) succeeds, and until
 * hd_evidence_release(), hd_open_evidence with the same path and no_follow
 * returns a duplicate of that one descriptor (the same open file: its
 * readers use pread, so the shared offset does not matter, and a file
 * swapped between two readers cannot be).  Per process; 0, or -1 with
 * errno (nothing held: hd_open_evidence opens the path, and fails, as
 * before).
 */
int hd_evidence_hold(const char *path, int no_follow);
void hd_evidence_release(void);
/* A duplicate of the descriptor held for path (whatever its no_follow), or -1 when none is held. */
int hd_evidence_dup(const char *path);

#endif
