/*
 * archive.c - archives through libarchive (issue 22): zip, tar (plain, gz,
 * xz, bz2, zstd) and 7z read as folders, and a single hive compressed with
 * gzip, xz, bzip2 or zstd read as that hive.  The only file that includes
 * <archive.h>.
 *
 * Formats come from content, never from names.  An archive is read once,
 * from its descriptor (pread: the offset is the caller's), into the tree of
 * archive_tree.c; nothing is ever extracted or written.  Every read is
 * bounded by struct hd_src_limits, checked while the bytes come: a member's
 * size, the archive's expanded total, the ratio of that total to the
 * archive's size (a zip bomb), the count of members, and the nesting of
 * archives (libarchive's own bounds are per member, not per archive).
 */
#include "source/archive.h"
#include "source/archive_tree.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/sealfd.h"

#define CHUNK 65536
/* Below this many expanded bytes the ratio is not judged: a small hive
 * mostly of empty cells compresses far better than 100:1 and is no bomb. */
#define RATIO_FLOOR ((uint64_t)4 << 20)

struct reader {
	int fd;
	int64_t off, size;
	uint8_t buf[CHUNK];
};

/* libarchive's callbacks over pread, so the descriptor's offset is never moved. */
static la_ssize_t rd_read(struct archive *a, void *ud, const void **buf)
{
	struct reader *r = ud;
	ssize_t n = hd_pread_full(r->fd, r->buf, sizeof r->buf, (off_t)r->off);

	if (n < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	r->off += n;
	*buf = r->buf;
	return n;
}

static la_int64_t rd_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
	struct reader *r = ud;
	int64_t to = whence == SEEK_SET ? off : whence == SEEK_CUR ? r->off + off : r->size + off;

	(void)a;
	if (to < 0)
		return ARCHIVE_FATAL;
	r->off = to;
	return to;
}

static la_int64_t rd_skip(struct archive *a, void *ud, la_int64_t n)
{
	struct reader *r = ud;

	(void)a;
	if (n < 0 || r->off + n > r->size)
		n = r->off < r->size ? r->size - r->off : 0;
	r->off += n;
	return n;
}

enum mode { MODE_ARCHIVE, MODE_RAW };

/* A reader of fd: archives (zip, tar, 7z, any filter) or one compressed file. */
static struct archive *open_reader(int fd, enum mode mode, struct reader *r)
{
	struct archive *a = archive_read_new();
	struct stat st;

	if (a == NULL || fstat(fd, &st) < 0)
		goto fail;
	*r = (struct reader){ .fd = fd, .size = st.st_size };
	if (mode == MODE_ARCHIVE) {
		archive_read_support_filter_all(a);
		archive_read_support_format_zip(a);
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
		archive_read_support_format_7zip(a);
	} else {
		archive_read_support_filter_gzip(a);
		archive_read_support_filter_xz(a);
		archive_read_support_filter_bzip2(a);
		archive_read_support_filter_zstd(a);
		archive_read_support_format_raw(a);
	}
	archive_read_set_callback_data(a, r);
	archive_read_set_read_callback(a, rd_read);
	archive_read_set_seek_callback(a, rd_seek);
	archive_read_set_skip_callback(a, rd_skip);
	if (archive_read_open1(a) == ARCHIVE_OK)
		return a;
fail:
	if (a)
		archive_read_free(a);
	return NULL;
}

static int has_magic(const uint8_t *h, size_t n, const char *magic, size_t len, size_t at)
{
	return n >= at + len && memcmp(h + at, magic, len) == 0;
}

/* Formats whose first bytes say so for sure (a damaged one is still one). */
static int archive_magic(const uint8_t *h, size_t n)
{
	return has_magic(h, n, "PK\3\4", 4, 0) || has_magic(h, n, "PK\5\6", 4, 0) ||
	       has_magic(h, n, "7z\xbc\xaf\x27\x1c", 6, 0) || has_magic(h, n, "ustar", 5, 257);
}

static int filter_magic(const uint8_t *h, size_t n)
{
	return has_magic(h, n, "\x1f\x8b", 2, 0) || has_magic(h, n, "\xfd" "7zXZ\0", 6, 0) ||
	       has_magic(h, n, "BZh", 3, 0) || has_magic(h, n, "\x28\xb5\x2f\xfd", 4, 0);
}

/* 1 when libarchive reads a first header (and, raw, the bytes "regf") from fd. */
static int probe(int fd, enum mode mode)
{
	struct reader *r = malloc(sizeof *r);
	struct archive *a = r ? open_reader(fd, mode, r) : NULL;
	struct archive_entry *ent;
	char head[4];
	int rc = 0;

	if (a && archive_read_next_header(a, &ent) >= ARCHIVE_WARN)
		rc = mode == MODE_ARCHIVE ||
		     (archive_filter_count(a) > 1 && archive_read_data(a, head, 4) == 4 && memcmp(head, "regf", 4) == 0);
	if (a)
		archive_read_free(a);
	free(r);
	return rc;
}

static int sniff_archive(int fd, const uint8_t *head, size_t n)
{
	if (has_magic(head, n, "regf", 4, 0))
		return 0;
	if (archive_magic(head, n))
		return 1;
	return filter_magic(head, n) && probe(fd, MODE_ARCHIVE);
}

static int sniff_compressed(int fd, const uint8_t *head, size_t n)
{
	return filter_magic(head, n) && !probe(fd, MODE_ARCHIVE) && probe(fd, MODE_RAW);
}

/* hd_src_error_set as an expression: -1. */
#define fail(e, ...) (hd_src_error_set((e), __VA_ARGS__), -1)

/* One archive being read: its libarchive handle and what has come out so far. */
struct load {
	struct archive *a;
	struct reader *r;
	const struct hd_src_limits *lim;
	const char *display;
	uint64_t total;                 /* bytes expanded so far */
	uint32_t members;
};

/* A read that failed: an encrypted member, else damage (a truncated archive). */
static int read_failed(struct load *ld, struct archive_entry *ent, struct hd_src_error *e)
{
	const char *why = archive_error_string(ld->a);
	const char *name = ent ? archive_entry_pathname(ent) : NULL;

	if (ent && (archive_entry_is_encrypted(ent) || archive_read_has_encrypted_entries(ld->a) > 0))
		return fail(e, "archive_encrypted", EACCES, "member %s is encrypted: hivediag reads no "
		            "encrypted member (decrypt the archive first)", name ? name : "?");
	return fail(e, "archive_damaged", EINVAL, "the archive is damaged or truncated%s%s: %s",
	            name ? " at member " : "", name ? name : "", why ? why : "read error");
}

/* The limits, checked as bytes come (n more of the current member, now size). */
static int check_limits(struct load *ld, const char *name, uint64_t size, struct hd_src_error *e)
{
	const struct hd_src_limits *lim = ld->lim;
	uint64_t packed = ld->r->size > 0 ? (uint64_t)ld->r->size : 1;

	if (size > lim->max_member_bytes)
		return fail(e, "archive_limit", EFBIG, "member %s is larger than the limit of %" PRIu64
		            " bytes for one member (max_member_bytes)", name, lim->max_member_bytes);
	if (ld->total > lim->max_total_bytes)
		return fail(e, "archive_limit", EFBIG, "the archive expands to more than the limit of %" PRIu64
		            " bytes (max_total_bytes)", lim->max_total_bytes);
	if (ld->total > RATIO_FLOOR && ld->total / packed >= lim->max_ratio)
		return fail(e, "archive_limit", EFBIG, "the archive expands to more than %" PRIu32 " times its "
		            "%" PRIu64 " bytes (max_ratio; a decompression bomb?) at member %s",
		            lim->max_ratio, packed, name);
	return 0;
}

/* The current member's bytes into *data (*size of them), bounded.  0, or -1. */
static int read_member(struct load *ld, struct archive_entry *ent, uint8_t **data, uint64_t *size,
                       struct hd_src_error *e)
{
	const char *name = archive_entry_pathname(ent) ? archive_entry_pathname(ent) : "?";
	size_t cap = 0;
	uint8_t *buf = NULL;

	*data = NULL;
	*size = 0;
	for (;;) {
		la_ssize_t n;
		if (cap - *size < CHUNK) {
			size_t ncap = cap ? cap * 2 : CHUNK * 2;
			uint8_t *p = realloc(buf, ncap);
			if (p == NULL) {
				free(buf);
				return fail(e, "archive_unreadable", ENOMEM, "%s", strerror(ENOMEM));
			}
			buf = p;
			cap = ncap;
		}
		if ((n = archive_read_data(ld->a, buf + *size, CHUNK)) == 0)
			break;
		if (n < 0) {
			free(buf);
			return read_failed(ld, ent, e);
		}
		*size += (uint64_t)n;
		ld->total += (uint64_t)n;
		if (check_limits(ld, name, *size, e) < 0) {
			free(buf);
			return -1;
		}
	}
	*data = buf;
	return 0;
}

static enum hd_src_type entry_type(struct archive_entry *ent)
{
	mode_t t = archive_entry_filetype(ent);

	/* A hard link (tar) names another member: not followed, as a symbolic link. */
	if (t == AE_IFREG && archive_entry_hardlink(ent) == NULL)
		return HD_SRC_FILE;
	return t == AE_IFDIR ? HD_SRC_DIR : HD_SRC_OTHER;
}

/* One entry into the tree: its bytes read (a file), or its name only.  0, or -1. */
static int add_entry(struct load *ld, struct hd_arc *arc, struct archive_entry *ent, struct hd_src_error *e)
{
	const char *name = archive_entry_pathname(ent);
	enum hd_src_type type = entry_type(ent);
	int have_mtime = archive_entry_mtime_is_set(ent) != 0;
	int64_t mtime = have_mtime ? (int64_t)archive_entry_mtime(ent) * 1000000000 + archive_entry_mtime_nsec(ent) : 0;
	uint8_t *data = NULL;
	uint64_t size = 0;

	if (name == NULL)
		return fail(e, "archive_damaged", EINVAL, "a member has no name");
	if (++ld->members > ld->lim->max_members)
		return fail(e, "archive_limit", EFBIG, "the archive holds more than the limit of %" PRIu32
		            " members (max_members)", ld->lim->max_members);
	if (type == HD_SRC_FILE && archive_entry_is_encrypted(ent))
		return read_failed(ld, ent, e);
	if (type == HD_SRC_FILE && read_member(ld, ent, &data, &size, e) < 0)
		return -1;
	if (hd_arc_add(arc, name, type, data, size, have_mtime, mtime) < 0)
		return fail(e, "archive_unreadable", errno, "%s", strerror(errno));
	return 0;
}

/* The SHA-256 of the whole file on fd, in hex.  0, or -1 with errno. */
static int file_sha256(int fd, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE], *buf = malloc(CHUNK);
	off_t off = 0;
	ssize_t n;

	if (buf == NULL)
		return -1;
	sha256_init(&ctx);
	while ((n = hd_pread_full(fd, buf, CHUNK, off)) > 0) {
		sha256_update(&ctx, (size_t)n, buf);
		off += n;
	}
	free(buf);
	if (n < 0)
		return -1;
	sha256_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

/* The archive's format as a plain name (libarchive's own names the first
 * entry's variant: "ZIP 1.0 (uncompressed)" for a folder entry). */
static const char *format_name(struct archive *a)
{
	switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_ZIP:
		return "zip";
	case ARCHIVE_FORMAT_TAR:
		return "tar";
	case ARCHIVE_FORMAT_7ZIP:
		return "7z";
	case ARCHIVE_FORMAT_RAW:
		return "raw";
	default:
		return archive_format_name(a);
	}
}

/* outer's chain plus the archive's link (path, sha256, format, filter) into prov.  0, or -1. */
static int archive_link(const struct load *ld, int fd, const struct hd_provenance *outer,
                        struct hd_provenance *prov)
{
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	const char *format = format_name(ld->a), *filter = archive_filter_name(ld->a, 0);

	if (file_sha256(fd, hex) < 0 || (outer ? hd_prov_copy(prov, outer) : 0) < 0)
		return -1;
	if (hd_prov_add_link(prov, "archive") < 0 || hd_prov_add_text(prov, "path", ld->display) < 0 ||
	    hd_prov_add_text(prov, "sha256", hex) < 0 ||
	    hd_prov_add_text(prov, "format", format ? format : "empty") < 0 ||
	    hd_prov_add_text(prov, "filter", filter ? filter : "none") < 0) {
		hd_prov_clear(prov);
		return -1;
	}
	return 0;
}

/* Start reading fd: the handle and its first header (NULL at once for an empty archive).  0, or -1. */
static int load_start(struct load *ld, int fd, enum mode mode, struct archive_entry **first,
                      struct hd_src_error *e)
{
	int rc;

	if ((ld->r = malloc(sizeof *ld->r)) == NULL)
		return fail(e, "archive_unreadable", ENOMEM, "%s", strerror(ENOMEM));
	if ((ld->a = open_reader(fd, mode, ld->r)) == NULL)
		return fail(e, "archive_damaged", EINVAL, "not an archive libarchive reads");
	rc = archive_read_next_header(ld->a, first);
	if (rc == ARCHIVE_EOF)
		*first = NULL;
	else if (rc < ARCHIVE_WARN)
		return read_failed(ld, NULL, e);
	return 0;
}

static void load_end(struct load *ld)
{
	if (ld->a)
		archive_read_free(ld->a);
	free(ld->r);
}

/* Every entry of the archive into arc, first one given. */
static int load_entries(struct load *ld, struct hd_arc *arc, struct archive_entry *ent, struct hd_src_error *e)
{
	int rc;

	while (ent != NULL) {
		if (add_entry(ld, arc, ent, e) < 0)
			return -1;
		rc = archive_read_next_header(ld->a, &ent);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN)
			return read_failed(ld, NULL, e);
	}
	return 0;
}

static int arc_open_dir(int fd, const char *display, const struct hd_provenance *outer,
                        const struct hd_src_limits *lim, unsigned depth, struct hd_src_dir **out,
                        struct hd_src_error *e)
{
	struct load ld = { .lim = lim, .display = display };
	struct hd_provenance prov = { .n_links = 0 };
	struct archive_entry *first = NULL;
	struct hd_arc *arc = NULL;
	int rc = -1;

	*out = NULL;
	if (depth > lim->max_depth)
		return fail(e, "archive_limit", ELOOP, "an archive inside %u archives: deeper than the limit of "
		            "%" PRIu32 " level of nesting (max_depth)", depth, lim->max_depth);
	if (load_start(&ld, fd, MODE_ARCHIVE, &first, e) < 0)
		goto done;
	if (archive_link(&ld, fd, outer, &prov) < 0 || (arc = hd_arc_new(display, &prov, depth + 1)) == NULL) {
		(void)fail(e, "archive_unreadable", errno, "%s", strerror(errno));
		goto done;
	}
	if (load_entries(&ld, arc, first, e) < 0)
		goto done;
	if (hd_arc_root(arc, out) < 0)
		(void)fail(e, "archive_unreadable", ENOMEM, "%s", strerror(ENOMEM));
	else
		rc = 0;
done:
	hd_arc_unref(arc);
	hd_prov_clear(&prov);
	load_end(&ld);
	return rc;
}

/* A single compressed hive: its bytes into a sealed memfd, with the archive and member links. */
static int arc_open_hive(int fd, const char *display, const struct hd_provenance *outer,
                         const struct hd_src_limits *lim, int *hive_fd, unsigned *flags,
                         struct hd_provenance *prov, struct hd_src_error *e)
{
	struct load ld = { .lim = lim, .display = display };
	struct archive_entry *ent = NULL;
	uint8_t *data = NULL;
	uint64_t size = 0;
	int rc = -1;

	*hive_fd = -1;
	*flags = 0;
	prov->n_links = 0;
	if (load_start(&ld, fd, MODE_RAW, &ent, e) < 0)
		goto done;
	if (ent == NULL) {
		(void)fail(e, "archive_damaged", EINVAL, "the compressed file holds nothing");
		goto done;
	}
	if (read_member(&ld, ent, &data, &size, e) < 0)
		goto done;
	if (archive_link(&ld, fd, outer, prov) < 0 || hd_prov_add_link(prov, "member") < 0 ||
	    hd_prov_add_text(prov, "path", archive_entry_pathname(ent) ? archive_entry_pathname(ent) : "data") < 0 ||
	    hd_prov_add_int(prov, "size", (int64_t)size) < 0 ||
	    (*hive_fd = hd_sealfd_from("hivediag-member", data, (size_t)size)) < 0) {
		(void)fail(e, "archive_unreadable", errno, "%s", strerror(errno));
		hd_prov_clear(prov);
		goto done;
	}
	rc = 0;
done:
	free(data);
	load_end(&ld);
	return rc;
}

const struct hd_src_backend hd_src_archive_backend = {
	.name = "archive", .kind = HD_KIND_ARCHIVE, .sniff = sniff_archive, .open_dir = arc_open_dir,
};

const struct hd_src_backend hd_src_compressed_backend = {
	.name = "compressed", .kind = HD_KIND_COMPRESSED, .sniff = sniff_compressed, .open_hive = arc_open_hive,
};
