/*
 * expand.h - the compressed hive copies of the NT 4.0 emergency repair
 * (repair\system._, software._: rdisk compresses them for expand.exe, KB
 * Q265422), decompressed in memory with libmspack.  expand.c is the only
 * file that includes <mspack.h>.
 *
 * Which of expand.exe's formats rdisk used is not documented, so the three
 * it reads are accepted: SZDD, KWAJ and a cabinet holding one file.  The
 * format comes from the magic bytes, never from the file's name.  Nothing is
 * written to disk: libmspack reads the evidence through its descriptor
 * (pread, the file offset untouched) and writes into a memfd.
 */
#ifndef HD_EXPAND_H
#define HD_EXPAND_H

#include <stddef.h>
#include <stdint.h>

/* Hard limits against decompression bombs and hostile archives.  A real
 * SYSTEM hive of the era is a few MiB, a Windows 10 one under 100 MiB;
 * LZ77-family formats expand a byte to at most a few hundred, so the output
 * cap, not a ratio, is what bounds the work. */
#define HD_EXPAND_MAX_IMAGE  (512u * 1024u * 1024u)   /* bytes of one expanded hive */
#define HD_EXPAND_MAX_PACKED (512u * 1024u * 1024u)   /* bytes of one compressed file */
#define HD_EXPAND_HEAD_BYTES 8u                        /* bytes the magic needs */

enum hd_packed {
	HD_PACKED_NONE = 0,     /* not a format of expand.exe */
	HD_PACKED_SZDD,         /* "SZDD\x88\xf0\x27\x33": compress.exe, LZSS */
	HD_PACKED_KWAJ,         /* "KWAJ\x88\xf0\x27\xd1" */
	HD_PACKED_CAB,          /* "MSCF\0\0\0\0": a cabinet */
};

/* The format the first len bytes of a file announce (pure). */
enum hd_packed hd_expand_detect(const uint8_t *head, size_t len);

/* "SZDD", "KWAJ", "cabinet", or NULL for HD_PACKED_NONE. */
const char *hd_expand_format_name(enum hd_packed fmt);

/*
 * Read the first bytes of fd (pread: the offset is untouched) and say which
 * format they announce.  Returns the format, HD_PACKED_NONE, or -1 with
 * errno set when fd cannot be read.
 */
int hd_expand_sniff(int fd);

/* An expanded image: held once, in a sealed memfd (nothing can change it),
 * which hivex opens as /proc/self/fd/N; data maps it read-only. */
struct hd_expanded {
	int fd;                 /* the sealed memfd; -1 when len is 0 */
	const uint8_t *data;    /* len bytes, read-only; NULL when len is 0 */
	size_t len;
};

/*
 * Decompress the file open on fd, in format fmt, into *out (release it with
 * hd_expanded_release).  A file too short for its format's header is
 * refused before libmspack reads it.  Returns 0, or -1 with errno set, *out
 * empty and *why (may be NULL) a static text: EFBIG past a limit above,
 * EINVAL a damaged or unsupported file, EIO a read error, ENOMEM.
 */
int hd_expand_fd(int fd, enum hd_packed fmt, struct hd_expanded *out, const char **why);

/* Unmap x->data and close x->fd, unless keep_fd (the caller then owns the fd). */
void hd_expanded_release(struct hd_expanded *x, int keep_fd);

#endif
