/*
 * fileinfo.c - the file as evidence: size, SHA-256 (nettle) and the regf base
 * block, read through a read-only descriptor of our own: the base block
 * before hivex sees the file, the hash alongside the parse.
 */
#include "analyze/analyze.h"
#include "hive/expand.h"
#include "util/fdio.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Small reads hash a 100 MiB hive as fast as large ones (the hash, not the
 * syscalls, dominates), while a large buffer per file is what made small
 * inputs slow under ASan: 1 MiB cost the fuzzer 5x, 64 KiB still 2x. */
#define READ_CHUNK (1u << 13)
/* hd_fileinfo_hash_mapped's window (a multiple of any page size). */
#define MAP_WINDOW ((size_t)1 << 22)

static int fail(const char **code, char **message, const char *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(const char **code, char **message, const char *c, const char *fmt, ...)
{
	va_list ap;

	*code = c;
	va_start(ap, fmt);
	if (vasprintf(message, fmt, ap) < 0)
		*message = NULL;
	va_end(ap);
	return -1;
}

static void hex_digest(const uint8_t *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A hash computed on a second thread while the hive is parsed. */
struct hd_hashjob {
	pthread_t thread;
	int started;
	int fd;                         /* owned: closed when the hash is done */
	uint64_t mapped_size;           /* > 0: hash these bytes through a mapping (hd_fileinfo_hash_mapped) */
	int err;                        /* errno of a failed read, 0 when none */
	uint64_t total;
	char hex[HD_SHA256_HEX_LEN];
};

/* Hash the file with pread into a small buffer: 0, or an errno. */
static int hash_read(int fd, struct sha256_ctx *ctx, uint64_t *total)
{
	uint8_t *buf = malloc(READ_CHUNK);
	off_t off = 0;
	ssize_t n;
	int err = 0;

	if (buf == NULL)
		return ENOMEM;
	while ((n = pread(fd, buf, READ_CHUNK, off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			break;
		}
		sha256_update(ctx, (size_t)n, buf);
		off += n;
	}
	free(buf);
	*total = (uint64_t)off;
	return err;
}

/*
 * Hash size bytes of the file through read-only mappings of MAP_WINDOW
 * bytes at a time (each unmapped once hashed: the process's resident set
 * does not grow by the file's size): 0, or -1 when it cannot be mapped.
 */
static int hash_mapped(int fd, uint64_t size, struct sha256_ctx *ctx, uint64_t *total)
{
	for (uint64_t off = 0; off < size; off += MAP_WINDOW) {
		size_t len = size - off < MAP_WINDOW ? (size_t)(size - off) : MAP_WINDOW;
		void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)off);
		if (p == MAP_FAILED)
			return -1;
		madvise(p, len, MADV_SEQUENTIAL);
		sha256_update(ctx, len, p);
		munmap(p, len);
	}
	*total = size;
	return 0;
}

static void *hash_thread(void *arg)
{
	struct hd_hashjob *job = arg;
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	if (job->mapped_size == 0 || hash_mapped(job->fd, job->mapped_size, &ctx, &job->total) < 0) {
		sha256_init(&ctx);
		job->err = hash_read(job->fd, &ctx, &job->total);
		if (job->err)
			return NULL;
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	hex_digest(digest, SHA256_DIGEST_SIZE, job->hex);
	return NULL;
}

/*
 * Hashing the whole file costs about twice what hivex's own open does (perf
 * over the 11.8 MB Windows 7 hive: 41% of the cycles in SHA-256, 21% in
 * hivex_open), and the two are independent: so the hash runs on a second
 * thread while the hive is parsed.  When no thread can be made, it runs here.
 */
static struct hd_hashjob *hash_start(int fd, uint64_t mapped_size)
{
	struct hd_hashjob *job = fd < 0 ? NULL : calloc(1, sizeof *job);

	if (job == NULL) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	job->fd = fd;
	job->mapped_size = mapped_size;
	if (pthread_create(&job->thread, NULL, hash_thread, job) == 0)
		job->started = 1;
	else
		hash_thread(job);
	return job;
}

struct hd_hashjob *hd_fileinfo_hash_start(int fd)
{
	return hash_start(fd, 0);
}

/* A compressed copy is read, never mapped: hivex reads its expanded image,
 * not the file, so a mapping here would be the only one, and a copy cut
 * short while hashed would kill the worker with SIGBUS (issue 26). */
struct hd_hashjob *hd_fileinfo_hash_mapped(int fd, uint64_t size)
{
	return hash_start(fd, fd >= 0 && hd_expand_sniff(fd) != HD_PACKED_NONE ? 0 : size);
}

int hd_fileinfo_hash_finish(struct hd_hashjob *job, struct hd_fileinfo *fi,
                            const char **code, char **message)
{
	int rc = -1;

	if (job == NULL)
		return fail(code, message, HD_ERR_NOMEM, "cannot hash: %s", strerror(ENOMEM));
	if (job->started)
		pthread_join(job->thread, NULL);
	close(job->fd);
	if (job->err != 0)
		fail(code, message, job->err == ENOMEM ? HD_ERR_NOMEM : HD_ERR_READ,
		     "cannot read: %s", strerror(job->err));
	else if (job->total != fi->size)
		/* The hash must describe the bytes that were analyzed. */
		fail(code, message, HD_ERR_CHANGED, "%s", "the file changed while it was analyzed "
		     "(its size is not the one it had when opened)");
	else
		rc = 0;
	if (rc == 0) {
		memcpy(fi->sha256, job->hex, sizeof fi->sha256);
		fi->have_sha256 = 1;
	}
	free(job);
	return rc;
}

/* Read up to one base block from the start of the file. */
static ssize_t read_head(int fd, uint8_t *head)
{
	return hd_pread_full(fd, head, HD_REGF_BASE_BLOCK_SIZE, 0);
}

/*
 * Issue 12: everything about a hive comes from this one open.  O_NONBLOCK
 * so a FIFO or a device named as a hive is refused by fstat before any
 * read can block (a FIFO stalled a whole batch); the path is never opened
 * again: hivex and the log replay read "/proc/self/fd/N", the same file
 * even when another one is renamed over the path meanwhile.
 */
static int snapshot_take(int fd, struct hd_fileinfo *fi, struct hd_snapshot *snap, const char **code,
                         char **message)
{
	uint8_t head[HD_REGF_BASE_BLOCK_SIZE];
	ssize_t head_len;

	if (fstat(fd, &snap->st) < 0)
		fail(code, message, HD_ERR_OPEN, "cannot stat: %s", strerror(errno));
	else if (!S_ISREG(snap->st.st_mode))
		fail(code, message, HD_ERR_NOT_FILE, "%s", S_ISDIR(snap->st.st_mode)
		     ? "is a directory, not a hive file" : S_ISFIFO(snap->st.st_mode)
		     ? "is a FIFO, not a regular file" : "is not a regular file");
	else if ((head_len = read_head(fd, head)) < 0)
		fail(code, message, HD_ERR_READ, "cannot read: %s", strerror(errno));
	else {
		fi->size = (uint64_t)snap->st.st_size;
		fi->have_size = 1;
		fi->have_header = hd_regf_header_parse(head, (size_t)head_len, fi->size, &fi->header);
		snap->fd = fd;
		snprintf(snap->open_path, sizeof snap->open_path, "/proc/self/fd/%d", fd);
		return 0;
	}
	close(fd);
	return -1;
}

int hd_snapshot_open(const char *path, int no_follow, struct hd_fileinfo *fi, struct hd_snapshot *snap,
                     const char **code, char **message)
{
	int fd;

	memset(fi, 0, sizeof *fi);
	*snap = (struct hd_snapshot){ .fd = -1 };
	fd = hd_open_evidence(path, no_follow);
	if (fd < 0 && no_follow && errno == ELOOP)
		return fail(code, message, HD_ERR_NOT_FILE, "%s", "is a symbolic link: not followed "
		            "inside a directory walk (-r)");
	if (fd < 0)
		return fail(code, message, HD_ERR_OPEN, "cannot open: %s", strerror(errno));
	return snapshot_take(fd, fi, snap, code, message);
}

/* Issue 26: a file the --root scan opened is read through its descriptor, never reopened by name. */
int hd_snapshot_open_at(const struct hd_opened *at, struct hd_fileinfo *fi, struct hd_snapshot *snap,
                        const char **code, char **message)
{
	int fd;

	memset(fi, 0, sizeof *fi);
	*snap = (struct hd_snapshot){ .fd = -1, .dir = at->dir, .name = at->name };
	if ((fd = fcntl(at->fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return fail(code, message, HD_ERR_OPEN, "cannot open: %s", strerror(errno));
	return snapshot_take(fd, fi, snap, code, message);
}

/* Size, modification and change times: any write to the file moves one. */
static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int hd_snapshot_changed(const struct hd_snapshot *snap)
{
	struct stat now;

	if (fstat(snap->fd, &now) < 0)
		return -1;
	return !same_stat(&snap->st, &now);
}

void hd_snapshot_close(struct hd_snapshot *snap)
{
	if (snap->fd >= 0)
		close(snap->fd);
	snap->fd = -1;
}

int hd_fileinfo_read(const char *path, int no_follow, struct hd_fileinfo *fi, const char **code,
                     char **message)
{
	struct hd_snapshot snap;
	int rc;

	if (hd_snapshot_open(path, no_follow, fi, &snap, code, message) < 0)
		return -1;
	rc = hd_fileinfo_hash_finish(hd_fileinfo_hash_start(dup(snap.fd)), fi, code, message);
	hd_snapshot_close(&snap);
	return rc;
}

void hd_sha256_hex(const uint8_t *buf, size_t len, char out[HD_SHA256_HEX_LEN])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, buf);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	hex_digest(digest, SHA256_DIGEST_SIZE, out);
}
