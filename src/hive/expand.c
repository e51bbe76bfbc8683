/*
 * expand.c - decompress an SZDD, KWAJ or cabinet copy of a hive in memory
 * with libmspack (the only file that includes <mspack.h>).
 *
 * libmspack does its I/O through a struct mspack_system of the caller's: the
 * one here reads the evidence with pread (never moving its offset, which the
 * hash thread of analyze/ shares; never a mapping, so a copy cut short while
 * it is read is a short read, not SIGBUS) and writes into a memfd capped at
 * HD_EXPAND_MAX_IMAGE, so nothing ever reaches the disk and a decompression
 * bomb stops at the cap.  libmspack's messages go nowhere: library code
 * never prints.
 */
#include "hive/expand.h"
#include "util/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <mspack.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The names libmspack is given to open: the two streams of one expansion. */
#define NAME_IN  "in"
#define NAME_OUT "out"

/* The expanded image goes straight into a memfd (pwrite: no mapping is
 * written, so a failed page allocation is an error, never SIGBUS), which
 * becomes the image hivex reads: one copy of it in memory, not a buffer and
 * then a memfd (issue 26: 1,024 MiB at the peak for a 512 MiB image).
 *
 * libmspack's LZSS decoder (SZDD, KWAJ method 2) hands x_write a byte or
 * a short run at a time, so writes are gathered in a small buffer first:
 * without it an SZDD copy of an 11.8 MB SYSTEM hive cost 2.5 million
 * pwrite calls and 4 s.  The buffer, XOUT_BUF bytes, is the only memory
 * beside the image. */
#define XOUT_BUF ((size_t)64 * 1024)

struct xout {
	int fd;                 /* the memfd, -1 until the first flush */
	size_t len;             /* bytes written so far, the buffered ones included */
	uint8_t *buf;           /* XOUT_BUF bytes, NULL until the first write */
	size_t buffered;        /* the last `buffered` bytes of len, not in the memfd yet */
	int over_limit;         /* a write went past HD_EXPAND_MAX_IMAGE */
	int write_errno;        /* errno of a failed memfd write, 0 when none */
};

/* One open stream: the input (a position over fd) or the output buffer. */
struct xfile {
	int is_out;
	off_t pos;
	struct xsys *xs;
};

/* The mspack_system first, so libmspack's self pointer is ours. */
struct xsys {
	struct mspack_system sys;
	int fd;
	off_t in_size;
	int read_errno;         /* errno of a failed pread, 0 when none */
	struct xout out;
};

static struct mspack_file *x_open(struct mspack_system *self, const char *name, int mode)
{
	struct xsys *xs = (struct xsys *)self;
	int out = strcmp(name, NAME_OUT) == 0;
	struct xfile *f;

	if (out ? mode != MSPACK_SYS_OPEN_WRITE : (strcmp(name, NAME_IN) != 0 || mode != MSPACK_SYS_OPEN_READ))
		return NULL;
	/* A second open for writing starts over. */
	if (out && xs->out.fd >= 0 && ftruncate(xs->out.fd, 0) < 0)
		return NULL;
	if (out)
		xs->out.buffered = 0;
	if ((f = calloc(1, sizeof *f)) == NULL)
		return NULL;
	f->is_out = out;
	f->xs = xs;
	if (out)
		xs->out.len = 0;
	return (struct mspack_file *)f;
}

static void x_close(struct mspack_file *file)
{
	free(file);
}

static int x_read(struct mspack_file *file, void *buf, int bytes)
{
	struct xfile *f = (struct xfile *)file;
	ssize_t n;

	if (f->is_out || bytes < 0)
		return -1;
	do
		n = pread(f->xs->fd, buf, (size_t)bytes, f->pos);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		f->xs->read_errno = errno;
		return -1;
	}
	f->pos += n;
	return (int)n;
}

/* n bytes at p into the memfd at offset off (created on first use). */
static int out_pwrite(struct xout *o, const uint8_t *p, size_t n, size_t off)
{
	if (o->fd < 0 && (o->fd = memfd_create("hivediag-expanded", MFD_CLOEXEC | MFD_ALLOW_SEALING)) < 0) {
		o->write_errno = errno;
		return -1;
	}
	if (hd_pwrite_all(o->fd, p, n, (off_t)off) < 0) {
		o->write_errno = errno;
		return -1;
	}
	return 0;
}

/* Write out what the buffer holds. */
static int out_flush(struct xout *o)
{
	if (o->buffered == 0)
		return 0;
	if (out_pwrite(o, o->buf, o->buffered, o->len - o->buffered) < 0)
		return -1;
	o->buffered = 0;
	return 0;
}

static int x_write(struct mspack_file *file, void *buf, int bytes)
{
	struct xfile *f = (struct xfile *)file;
	struct xout *o = &f->xs->out;
	size_t left = (size_t)bytes;

	if (!f->is_out || bytes < 0)
		return -1;
	/* An empty block (a KWAJ MSZIP stream can hold one) writes nothing
	 * (issue 26: it reached memcpy(NULL + 0, ..., 0), undefined behaviour). */
	if (bytes == 0)
		return 0;
	if (left > HD_EXPAND_MAX_IMAGE - o->len) {
		o->over_limit = 1;
		return -1;
	}
	if (o->buffered + left > XOUT_BUF && out_flush(o) < 0)
		return -1;
	if (left >= XOUT_BUF) {         /* a whole block: straight through */
		if (out_pwrite(o, buf, left, o->len) < 0)
			return -1;
	} else {
		if (o->buf == NULL && (o->buf = malloc(XOUT_BUF)) == NULL) {
			o->write_errno = ENOMEM;
			return -1;
		}
		memcpy(o->buf + o->buffered, buf, left);
		o->buffered += left;
	}
	o->len += left;
	return bytes;
}

/* Seeks stay inside the input; the output is written in order only. */
static int x_seek(struct mspack_file *file, off_t offset, int mode)
{
	struct xfile *f = (struct xfile *)file;
	off_t base;

	if (f->is_out)
		return -1;
	switch (mode) {
	case MSPACK_SYS_SEEK_START: base = 0; break;
	case MSPACK_SYS_SEEK_CUR: base = f->pos; break;
	case MSPACK_SYS_SEEK_END: base = f->xs->in_size; break;
	default: return -1;
	}
	if ((offset < 0 && -offset > base) || (offset > 0 && offset > f->xs->in_size - base))
		return -1;
	f->pos = base + offset;
	return 0;
}

static off_t x_tell(struct mspack_file *file)
{
	struct xfile *f = (struct xfile *)file;

	return f->is_out ? (off_t)f->xs->out.len : f->pos;
}

static void x_message(struct mspack_file *file, const char *format, ...)
{
	(void)file;
	(void)format;
}

/* Zeroed, as libmspack assumes: kwajd_open frees the header's filename and
 * extra pointers when reading the header fails, pointers it sets only once
 * the header is read (issue 26: malloc's leftovers from an earlier hive made
 * that a double free or SIGSEGV). */
static void *x_alloc(struct mspack_system *self, size_t bytes)
{
	(void)self;
	return calloc(1, bytes ? bytes : 1);
}

static void x_free(void *ptr)
{
	free(ptr);
}

static void x_copy(void *src, void *dest, size_t bytes)
{
	memmove(dest, src, bytes);
}

enum hd_packed hd_expand_detect(const uint8_t *head, size_t len)
{
	/* The eight-byte signatures libmspack itself checks (szddd.c, kwajd.c, cabd.c). */
	static const uint8_t szdd[8] = { 'S', 'Z', 'D', 'D', 0x88, 0xf0, 0x27, 0x33 };
	static const uint8_t kwaj[8] = { 'K', 'W', 'A', 'J', 0x88, 0xf0, 0x27, 0xd1 };
	static const uint8_t cab[8] = { 'M', 'S', 'C', 'F', 0, 0, 0, 0 };

	if (head == NULL || len < HD_EXPAND_HEAD_BYTES)
		return HD_PACKED_NONE;
	if (memcmp(head, szdd, 8) == 0)
		return HD_PACKED_SZDD;
	if (memcmp(head, kwaj, 8) == 0)
		return HD_PACKED_KWAJ;
	if (memcmp(head, cab, 8) == 0)
		return HD_PACKED_CAB;
	return HD_PACKED_NONE;
}

const char *hd_expand_format_name(enum hd_packed fmt)
{
	switch (fmt) {
	case HD_PACKED_SZDD: return "SZDD";
	case HD_PACKED_KWAJ: return "KWAJ";
	case HD_PACKED_CAB: return "cabinet";
	default: return NULL;
	}
}

int hd_expand_sniff(int fd)
{
	uint8_t head[HD_EXPAND_HEAD_BYTES];
	ssize_t got = hd_pread_full(fd, head, sizeof head, 0);

	return got < 0 ? -1 : (int)hd_expand_detect(head, (size_t)got);
}

static int fail(const char **why, int err, const char *text)
{
	if (why)
		*why = text;
	errno = err;
	return -1;
}

/* errno and text for a libmspack error code (or the cap, or a read error). */
static int mspack_failure(const struct xsys *xs, int code, const char **why)
{
	if (xs->out.over_limit)
		return fail(why, EFBIG, "the expanded hive would exceed the 512 MiB limit (HD_EXPAND_MAX_IMAGE)");
	if (xs->read_errno)
		return fail(why, xs->read_errno == ENOMEM ? ENOMEM : EIO, "cannot read the compressed file");
	if (xs->out.write_errno)
		return fail(why, ENOMEM, "out of memory holding the expanded image");
	switch (code) {
	case MSPACK_ERR_NOMEMORY: return fail(why, ENOMEM, "out of memory expanding it");
	case MSPACK_ERR_SIGNATURE: return fail(why, EINVAL, "damaged compressed file: bad signature");
	case MSPACK_ERR_CHECKSUM: return fail(why, EINVAL, "damaged compressed file: checksum mismatch");
	case MSPACK_ERR_READ:
	case MSPACK_ERR_SEEK: return fail(why, EINVAL, "damaged compressed file: it ends early or points outside itself");
	default: return fail(why, EINVAL, "damaged compressed file: the data cannot be decompressed");
	}
}

/* The length a header declares: refused past the cap, compared once expanded. */
static int check_declared(off_t declared, const char **why)
{
	if (declared < 0)
		return fail(why, EINVAL, "damaged compressed file: negative length");
	if ((uint64_t)declared > HD_EXPAND_MAX_IMAGE)
		return fail(why, EFBIG, "the expanded hive would exceed the 512 MiB limit (HD_EXPAND_MAX_IMAGE)");
	return 0;
}

static int expand_szdd(struct xsys *xs, off_t *declared, const char **why)
{
	struct msszdd_decompressor *d = mspack_create_szdd_decompressor(&xs->sys);
	struct msszddd_header *h;
	int rc = -1, code;

	if (d == NULL)
		return fail(why, ENOMEM, "out of memory expanding it");
	if ((h = d->open(d, NAME_IN)) == NULL) {
		rc = mspack_failure(xs, d->last_error(d), why);
	} else {
		*declared = h->length;
		if (check_declared(h->length, why) == 0) {
			code = d->extract(d, h, NAME_OUT);
			rc = code == MSPACK_ERR_OK ? 0 : mspack_failure(xs, code, why);
		}
		d->close(d, h);
	}
	mspack_destroy_szdd_decompressor(d);
	return rc;
}

static int expand_kwaj(struct xsys *xs, off_t *declared, const char **why)
{
	struct mskwaj_decompressor *d = mspack_create_kwaj_decompressor(&xs->sys);
	struct mskwajd_header *h;
	int rc = -1, code;

	if (d == NULL)
		return fail(why, ENOMEM, "out of memory expanding it");
	if ((h = d->open(d, NAME_IN)) == NULL) {
		rc = mspack_failure(xs, d->last_error(d), why);
	} else {
		*declared = h->length ? h->length : -1;   /* 0: the header has no length */
		if (check_declared(h->length, why) == 0) {
			code = d->extract(d, h, NAME_OUT);
			rc = code == MSPACK_ERR_OK ? 0 : mspack_failure(xs, code, why);
		}
		d->close(d, h);
	}
	mspack_destroy_kwaj_decompressor(d);
	return rc;
}

/* One hive per cabinet: a cabinet of several files, or one continued in
 * another cabinet, is refused rather than guessed at. */
static int cab_pick(const struct mscabd_cabinet *cab, struct mscabd_file **file, const char **why)
{
	size_t n = 0;

	if (cab->flags & (MSCAB_HDR_PREVCAB | MSCAB_HDR_NEXTCAB))
		return fail(why, EINVAL, "unsupported cabinet: it spans several cabinet files");
	for (struct mscabd_file *f = cab->files; f; f = f->next)
		n++;
	if (n != 1)
		return fail(why, EINVAL, n == 0 ? "unsupported cabinet: it holds no file"
		                                : "unsupported cabinet: it holds several files, not one hive");
	*file = cab->files;
	/* A Quantum window outside 2^10..2^21 is refused here: libmspack 0.11's
	 * qtmd_init computes 1 << window_bits before its own range check,
	 * undefined behaviour for 31 (fuzz_expand, issue 26). */
	if (MSCABD_COMP_METHOD((*file)->folder->comp_type) == MSCAB_COMP_QUANTUM &&
	    (MSCABD_COMP_LEVEL((*file)->folder->comp_type) < 10 || MSCABD_COMP_LEVEL((*file)->folder->comp_type) > 21))
		return fail(why, EINVAL, "damaged compressed file: a Quantum window size out of range");
	return 0;
}

static int expand_cab(struct xsys *xs, off_t *declared, const char **why)
{
	struct mscab_decompressor *d = mspack_create_cab_decompressor(&xs->sys);
	struct mscabd_cabinet *cab;
	struct mscabd_file *file = NULL;
	int rc = -1, code;

	if (d == NULL)
		return fail(why, ENOMEM, "out of memory expanding it");
	if ((cab = d->open(d, NAME_IN)) == NULL) {
		rc = mspack_failure(xs, d->last_error(d), why);
	} else {
		if (cab_pick(cab, &file, why) == 0) {
			*declared = (off_t)file->length;
			if (check_declared(*declared, why) == 0) {
				code = d->extract(d, file, NAME_OUT);
				rc = code == MSPACK_ERR_OK ? 0 : mspack_failure(xs, code, why);
			}
		}
		d->close(d, cab);
	}
	mspack_destroy_cab_decompressor(d);
	return rc;
}

static int expand_format(struct xsys *xs, enum hd_packed fmt, off_t *declared, const char **why)
{
	switch (fmt) {
	case HD_PACKED_SZDD: return expand_szdd(xs, declared, why);
	case HD_PACKED_KWAJ: return expand_kwaj(xs, declared, why);
	case HD_PACKED_CAB: return expand_cab(xs, declared, why);
	default: return fail(why, EINVAL, "not an SZDD, KWAJ or cabinet file");
	}
}

/* The input's size, within the cap; the library's off_t the same as ours. */
static int check_input(int fd, off_t *size, const char **why)
{
	struct stat st;
	int selftest;

	MSPACK_SYS_SELFTEST(selftest);
	if (selftest != MSPACK_ERR_OK)
		return fail(why, ENOSYS, "libmspack was built for another file offset size");
	if (fstat(fd, &st) < 0)
		return fail(why, errno, "cannot stat the compressed file");
	if ((uint64_t)st.st_size > HD_EXPAND_MAX_PACKED)
		return fail(why, EFBIG, "the compressed file exceeds the 512 MiB limit (HD_EXPAND_MAX_PACKED)");
	*size = st.st_size;
	return 0;
}

/*
 * The fixed header each format starts with (libmspack 0.11: szddh_SIZEOF,
 * kwajh_SIZEOF, cfhead_SIZEOF).  A file shorter than its header is refused
 * here, before libmspack sees it: its error paths for a header cut short are
 * the least exercised code it has (issue 26: kwajd_open on 8-13 bytes).
 */
static int check_header_room(enum hd_packed fmt, off_t size, const char **why)
{
	switch (fmt) {
	case HD_PACKED_SZDD:
		return size < 14 ? fail(why, EINVAL, "damaged compressed file: shorter than an SZDD header (14 bytes)") : 0;
	case HD_PACKED_KWAJ:
		return size < 14 ? fail(why, EINVAL, "damaged compressed file: shorter than a KWAJ header (14 bytes)") : 0;
	case HD_PACKED_CAB:
		return size < 36 ? fail(why, EINVAL, "damaged compressed file: shorter than a cabinet header (36 bytes)")
		                 : 0;
	default:
		return 0;
	}
}

/* Seal the image (nothing can change it once analyzed) and map it read-only. */
static int seal_and_map(struct xout *o, struct hd_expanded *out, const char **why)
{
	void *p;

	if (o->len == 0)
		return 0;
	if (fcntl(o->fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		return fail(why, errno, "cannot seal the expanded image");
	p = mmap(NULL, o->len, PROT_READ, MAP_SHARED, o->fd, 0);
	if (p == MAP_FAILED)
		return fail(why, errno == ENOMEM ? ENOMEM : EIO, "cannot map the expanded image");
	out->fd = o->fd;
	out->data = p;
	out->len = o->len;
	o->fd = -1;
	return 0;
}

int hd_expand_fd(int fd, enum hd_packed fmt, struct hd_expanded *out, const char **why)
{
	struct xsys xs = {
		.sys = { x_open, x_close, x_read, x_write, x_seek, x_tell, x_message,
		         x_alloc, x_free, x_copy, NULL },
		.fd = fd,
		.out = { .fd = -1 },
	};
	off_t declared = -1;
	int rc = -1, saved;

	out->fd = -1;
	out->data = NULL;
	out->len = 0;
	if (check_input(fd, &xs.in_size, why) < 0 || check_header_room(fmt, xs.in_size, why) < 0)
		return -1;
	if (expand_format(&xs, fmt, &declared, why) < 0)
		goto done;
	if (out_flush(&xs.out) < 0) {
		mspack_failure(&xs, MSPACK_ERR_WRITE, why);
		goto done;
	}
	if (declared >= 0 && (uint64_t)declared != xs.out.len) {
		fail(why, EINVAL, "damaged compressed file: it expands to another length than its header says");
		goto done;
	}
	rc = seal_and_map(&xs.out, out, why);
done:
	saved = errno;
	if (xs.out.fd >= 0)
		close(xs.out.fd);
	free(xs.out.buf);
	errno = saved;
	return rc;
}

void hd_expanded_release(struct hd_expanded *x, int keep_fd)
{
	if (x->data != NULL)
		munmap((void *)(uintptr_t)x->data, x->len);
	if (!keep_fd && x->fd >= 0)
		close(x->fd);
	x->fd = -1;
	x->data = NULL;
	x->len = 0;
}
