/* test_archive.c - the archive backends (source/archive.c) over archives
 * written at test time with libarchive's own writer, in memory: members,
 * provenance, limits, encrypted members, truncation, hostile names and
 * nesting. */
#include <criterion/criterion.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "source/archive.h"
#include "source/source.h"

struct member {
	const char *name;
	const void *data;       /* NULL: a folder */
	size_t len;
};

/* An archive of format ("zip", "gnutar", "7zip") and filter ("none", "gzip"...) in a new buffer. */
static uint8_t *build(const char *format, const char *filter, const struct member *m, size_t n,
                      const char *passphrase, size_t *len)
{
	size_t cap = 64u << 20;
	uint8_t *buf = malloc(cap);
	struct archive *a = archive_write_new();

	cr_assert_not_null(buf);
	cr_assert_eq(archive_write_set_format_by_name(a, format), ARCHIVE_OK, "%s", archive_error_string(a));
	if (strcmp(filter, "none") != 0)
		cr_assert_eq(archive_write_add_filter_by_name(a, filter), ARCHIVE_OK, "%s", archive_error_string(a));
	if (passphrase) {
		cr_assert_eq(archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK, "%s",
		             archive_error_string(a));
		cr_assert_eq(archive_write_set_passphrase(a, passphrase), ARCHIVE_OK);
	}
	cr_assert_eq(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK, "%s", archive_error_string(a));
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, m[i].data ? AE_IFREG : AE_IFDIR);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, m[i].data ? (la_int64_t)m[i].len : 0);
		archive_entry_set_mtime(e, 1000000000, 0);
		cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK, "%s", archive_error_string(a));
		if (m[i].data && m[i].len)
			cr_assert_eq(archive_write_data(a, m[i].data, m[i].len), (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK, "%s", archive_error_string(a));
	archive_write_free(a);
	return buf;
}

/* The bytes as a file (a memfd), offset 0. */
static int as_fd(const void *buf, size_t len)
{
	int fd = memfd_create("test-archive", MFD_CLOEXEC);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, buf, len), (ssize_t)len);
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static int sniff(const struct hd_src_backend *b, int fd)
{
	uint8_t head[4096];
	ssize_t n = pread(fd, head, sizeof head, 0);

	cr_assert_geq(n, 0);
	return b->sniff(fd, head, (size_t)n);
}

static struct hd_src_limits limits(void)
{
	return (struct hd_src_limits){ .max_member_bytes = 32u << 20, .max_total_bytes = 64u << 20,
	                               .max_ratio = 100, .max_members = 1000, .max_depth = 1 };
}

/* open_dir on buf with lim at depth; the result code (0 or -1), *d and e filled. */
static int open_dir(const uint8_t *buf, size_t len, const struct hd_src_limits *lim, unsigned depth,
                    struct hd_src_dir **d, struct hd_src_error *e)
{
	int fd = as_fd(buf, len), rc;

	memset(e, 0, sizeof *e);
	rc = hd_src_archive_backend.open_dir(fd, "case.zip", NULL, lim, depth, d, e);
	close(fd);
	return rc;
}

static const char regf[] = "regf-this-stands-for-a-hive";

/* The member name's bytes read back through open_file equal data. */
static void expect_member(struct hd_src_dir *d, const char *name, const void *data, size_t len)
{
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_src_error e = { 0 };
	char *got = malloc(len + 1);
	int fd = -1;

	cr_assert_eq(hd_src_open_file(d, name, &fd, &prov, &e), 1, "%s", e.message ? e.message : name);
	cr_assert_eq(pread(fd, got, len + 1, 0), (ssize_t)len);
	cr_assert_eq(memcmp(got, data, len), 0);
	/* sealed: nothing can change what was analyzed */
	cr_assert_lt(write(fd, "x", 1), 0);
	cr_assert_str_eq(prov.links[prov.n_links - 1].kind, "member");
	close(fd);
	hd_prov_clear(&prov);
	free(got);
}

TestSuite(archive);

/* A zip is sniffed as an archive, its folders listed and its members read back, with provenance. */
Test(archive, zip_members_and_provenance)
{
	struct member m[] = { { "exch01/", NULL, 0 }, { "exch01/SYSTEM", regf, sizeof regf },
	                      { "exch01/SOFTWARE", "regf2", 5 }, { "readme.txt", "hello", 5 } };
	size_t len;
	uint8_t *buf = build("zip", "none", m, 4, NULL, &len);
	struct hd_src_dir *d = NULL, *sub = NULL;
	struct hd_src_entry *ents = NULL;
	struct hd_src_error e;
	size_t n = 0;
	int fd = as_fd(buf, len);

	cr_assert_eq(sniff(&hd_src_archive_backend, fd), 1);
	cr_assert_eq(sniff(&hd_src_compressed_backend, fd), 0);
	close(fd);
	cr_assert_eq(open_dir(buf, len, &(struct hd_src_limits){
		.max_member_bytes = 1 << 20, .max_total_bytes = 1 << 20, .max_ratio = 100, .max_members = 10,
		.max_depth = 1 }, 0, &d, &e), 0, "%s", e.message);
	cr_assert_str_eq(hd_src_path(d), "case.zip!");
	cr_assert_eq(d->depth, 1);
	cr_assert_eq(hd_src_list(d, &ents, &n, &e), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(ents[0].name, "exch01");
	cr_assert_eq(ents[0].type, HD_SRC_DIR);
	cr_assert_str_eq(ents[1].name, "readme.txt");
	cr_assert_eq(ents[1].size, 5);
	hd_src_entries_free(ents, n);
	cr_assert_eq(hd_src_subdir(d, "exch01", &sub, &e), 1);
	cr_assert_str_eq(hd_src_path(sub), "case.zip!/exch01");
	cr_assert_eq(hd_src_dirfd(sub), -1);
	expect_member(sub, "SYSTEM", regf, sizeof regf);
	cr_assert_eq(hd_src_subdir(d, "nosuch", &(struct hd_src_dir *){ NULL }, &e), 0);
	cr_assert_str_eq(sub->prov.links[0].kind, "archive");
	cr_assert_str_eq(sub->prov.links[0].fields[0].key, "path");
	cr_assert_str_eq(sub->prov.links[0].fields[1].key, "sha256");
	cr_assert_eq(strlen(sub->prov.links[0].fields[1].text), 64);
	cr_assert_str_eq(sub->prov.links[0].fields[2].text, "zip");
	cr_assert_str_eq(sub->prov.links[0].fields[3].text, "none");
	{       /* a log is read without its chain: prov NULL */
		int lfd = -1;
		cr_assert_eq(hd_src_open_file(sub, "SYSTEM", &lfd, NULL, &e), 1);
		close(lfd);
	}
	hd_src_close(d);        /* the tree outlives the root: sub still reads */
	expect_member(sub, "SOFTWARE", "regf2", 5);
	hd_src_close(sub);
	free(buf);
}

/* tar with gzip, xz, bzip2 and zstd, and 7z: each read as a folder. */
Test(archive, tar_filters_and_7z)
{
	static const char *const filters[] = { "none", "gzip", "xz", "bzip2", "zstd" };
	struct member m[] = { { "WINNT/system32/config/SYSTEM", regf, sizeof regf } };
	struct hd_src_limits lim = limits();

	for (size_t i = 0; i < 6; i++) {
		size_t len;
		uint8_t *buf = i < 5 ? build("gnutar", filters[i], m, 1, NULL, &len) : build("7zip", "none", m, 1, NULL, &len);
		struct hd_src_dir *d = NULL, *a = NULL, *b = NULL, *c = NULL;
		struct hd_src_error e;
		int fd = as_fd(buf, len);

		cr_assert_eq(sniff(&hd_src_archive_backend, fd), 1, "case %zu", i);
		cr_assert_eq(sniff(&hd_src_compressed_backend, fd), 0, "case %zu", i);
		close(fd);
		cr_assert_eq(open_dir(buf, len, &lim, 0, &d, &e), 0, "case %zu: %s", i, e.message);
		cr_assert_str_eq(d->prov.links[0].fields[2].text, i < 5 ? "tar" : "7z");
		cr_assert_str_eq(d->prov.links[0].fields[3].text, i < 5 ? filters[i] : "none");
		cr_assert_eq(hd_src_subdir(d, "WINNT", &a, &e), 1);
		cr_assert_eq(hd_src_subdir(a, "system32", &b, &e), 1);
		cr_assert_eq(hd_src_subdir(b, "config", &c, &e), 1);
		expect_member(c, "SYSTEM", regf, sizeof regf);
		hd_src_close(c);
		hd_src_close(b);
		hd_src_close(a);
		hd_src_close(d);
		free(buf);
	}
}

/* A hive compressed alone (gzip, xz, bzip2) is a compressed hive; other compressed bytes are neither. */
Test(archive, single_compressed_hive)
{
	static const char *const filters[] = { "gzip", "xz", "bzip2" };
	struct hd_src_limits lim = limits();

	for (size_t i = 0; i < 3; i++) {
		struct member m[] = { { "data", regf, sizeof regf } };
		size_t len;
		uint8_t *buf = build("raw", filters[i], m, 1, NULL, &len);
		struct hd_provenance prov = { .n_links = 0 };
		struct hd_src_error e = { 0 };
		char got[sizeof regf];
		unsigned flags = 9;
		int fd = as_fd(buf, len), hive = -1;

		cr_assert_eq(sniff(&hd_src_archive_backend, fd), 0, "%s", filters[i]);
		cr_assert_eq(sniff(&hd_src_compressed_backend, fd), 1, "%s", filters[i]);
		cr_assert_eq(hd_src_compressed_backend.open_hive(fd, "SYSTEM.gz", NULL, &lim, &hive, &flags, &prov, &e), 0,
		             "%s", e.message);
		cr_assert_eq(flags, 0);
		cr_assert_eq(pread(hive, got, sizeof got, 0), (ssize_t)sizeof got);
		cr_assert_eq(memcmp(got, regf, sizeof regf), 0);
		cr_assert_eq(prov.n_links, 2);
		cr_assert_str_eq(prov.links[0].kind, "archive");
		cr_assert_str_eq(prov.links[0].fields[3].text, filters[i]);
		close(hive);
		close(fd);
		hd_prov_clear(&prov);
		free(buf);
	}
	{       /* gzip'd text: not a hive, so neither backend takes it */
		struct member m[] = { { "data", "just text", 9 } };
		size_t len;
		uint8_t *buf = build("raw", "gzip", m, 1, NULL, &len);
		int fd = as_fd(buf, len);

		cr_assert_eq(sniff(&hd_src_compressed_backend, fd), 0);
		cr_assert_eq(sniff(&hd_src_archive_backend, fd), 0);
		close(fd);
		free(buf);
	}
}

/* Expect open_dir to fail with code, and the message to contain what. */
static void expect_refused(const uint8_t *buf, size_t len, const struct hd_src_limits *lim, unsigned depth,
                           const char *code, const char *what)
{
	struct hd_src_dir *d = NULL;
	struct hd_src_error e;

	cr_assert_eq(open_dir(buf, len, lim, depth, &d, &e), -1, "wanted %s", code);
	cr_assert_null(d);
	cr_assert_str_eq(e.code, code, "%s: %s", e.code, e.message);
	cr_assert_not_null(strstr(e.message, what), "message: %s", e.message);
	hd_src_error_clear(&e);
}

/* Each limit gives archive_limit naming the limit and its figure. */
Test(archive, limits)
{
	size_t zlen = 16u << 20, len;
	uint8_t *zeros = calloc(1, zlen), *buf;
	struct hd_src_limits lim = limits();
	struct member big[] = { { "SYSTEM", zeros, zlen } };
	struct member many[] = { { "a", "1", 1 }, { "b", "2", 1 }, { "c", "3", 1 } };

	/* 16 MiB of zeros: a zip bomb in small, ~1000:1 */
	buf = build("zip", "none", big, 1, NULL, &len);
	cr_assert_lt(len, zlen / 500);
	expect_refused(buf, len, &lim, 0, "archive_limit", "100 times");
	lim = limits();
	lim.max_member_bytes = 1u << 20;
	expect_refused(buf, len, &lim, 0, "archive_limit", "1048576 bytes for one member (max_member_bytes)");
	lim = limits();
	lim.max_ratio = 100000;
	lim.max_total_bytes = 8u << 20;
	expect_refused(buf, len, &lim, 0, "archive_limit", "8388608 bytes (max_total_bytes)");
	free(buf);
	buf = build("zip", "none", many, 3, NULL, &len);
	lim = limits();
	lim.max_members = 2;
	expect_refused(buf, len, &lim, 0, "archive_limit", "2 members (max_members)");
	free(buf);
	free(zeros);
}

/* An encrypted member is archive_encrypted, not damage and not "not a hive". */
Test(archive, encrypted_member)
{
	struct member m[] = { { "SYSTEM", regf, sizeof regf } };
	struct hd_src_limits lim = limits();
	size_t len;
	uint8_t *buf = build("zip", "none", m, 1, "secret", &len);
	int fd = as_fd(buf, len);

	cr_assert_eq(sniff(&hd_src_archive_backend, fd), 1);
	close(fd);
	expect_refused(buf, len, &lim, 0, "archive_encrypted", "member SYSTEM is encrypted");
	free(buf);
}

/* An archive cut short is archive_damaged (still sniffed as an archive: not "not a hive"). */
Test(archive, truncated)
{
	static char data[200000];
	struct member m[] = { { "SYSTEM", data, sizeof data } };
	struct hd_src_limits lim = limits();
	const char *const formats[] = { "zip", "gnutar", "7zip" }, *const filters[] = { "none", "gzip", "none" };

	uint32_t x = 12345;

	/* bytes that do not compress: the cut falls inside the member's data */
	for (size_t i = 0; i < sizeof data; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (char)(x >> 24);
	}
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		uint8_t *buf = build(formats[i], filters[i], m, 1, NULL, &len);
		int fd = as_fd(buf, len / 2);

		cr_assert_eq(sniff(&hd_src_archive_backend, fd), 1, "%s", formats[i]);
		close(fd);
		expect_refused(buf, len / 2, &lim, 0, "archive_damaged", "damaged or truncated");
		free(buf);
	}
}

/* "..", absolute paths, empty and "." components and odd bytes stay names; the member keeps its stored path. */
Test(archive, hostile_names)
{
	struct member m[] = { { "../../etc/passwd", "p", 1 }, { "/abs//x", "x", 1 }, { "a/./b", "b", 1 },
	                      { "esc\x1b[31m\n", "e", 1 } };
	struct hd_src_limits lim = limits();
	struct hd_src_dir *d = NULL, *dd = NULL, *etc = NULL;
	struct hd_src_entry *ents = NULL;
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_src_error e;
	size_t len, n = 0;
	uint8_t *buf = build("gnutar", "none", m, 4, NULL, &len);
	int fd = -1;

	cr_assert_eq(open_dir(buf, len, &lim, 0, &d, &e), 0, "%s", e.message);
	cr_assert_eq(hd_src_list(d, &ents, &n, &e), 0);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(ents[0].name, "%2E%2E");
	cr_assert_str_eq(ents[1].name, "a");
	cr_assert_str_eq(ents[2].name, "abs");
	cr_assert_str_eq(ents[3].name, "esc\x1b[31m\n");
	for (size_t i = 0; i < n; i++)
		cr_assert(strcmp(ents[i].name, "..") != 0 && strcmp(ents[i].name, ".") != 0);
	hd_src_entries_free(ents, n);
	cr_assert_eq(hd_src_subdir(d, "..", &dd, &e), 0);
	cr_assert_eq(hd_src_subdir(d, "%2E%2E", &dd, &e), 1);
	cr_assert_eq(hd_src_subdir(dd, "%2E%2E", &etc, &e), 1);
	hd_src_close(dd);
	cr_assert_eq(hd_src_subdir(etc, "etc", &dd, &e), 1);
	hd_src_close(etc);
	cr_assert_eq(hd_src_open_file(dd, "passwd", &fd, &prov, &e), 1);
	cr_assert_str_eq(prov.links[1].fields[0].text, "../../etc/passwd");
	cr_assert_str_eq(hd_src_path(dd), "case.zip!/%2E%2E/%2E%2E/etc");
	close(fd);
	hd_prov_clear(&prov);
	hd_src_close(dd);
	hd_src_close(d);
	free(buf);
}

/* An archive inside an archive opens once (depth 1); one more level is archive_limit. */
Test(archive, nesting)
{
	struct member m[] = { { "SYSTEM", regf, sizeof regf } };
	struct hd_src_limits lim = limits();
	struct hd_src_dir *d = NULL;
	struct hd_src_error e;
	size_t len;
	uint8_t *buf = build("zip", "none", m, 1, NULL, &len);

	cr_assert_eq(open_dir(buf, len, &lim, 1, &d, &e), 0, "%s", e.message);
	cr_assert_eq(d->depth, 2);
	hd_src_close(d);
	expect_refused(buf, len, &lim, 2, "archive_limit", "max_depth");
	free(buf);
}
