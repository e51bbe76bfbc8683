/* test_source.c - the source stage's common part: provenance chains (links,
 * fields, limits, deep copies), the default limits, error texts, kind
 * names, and recognising a hive or a transaction log from its content. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "source/source.h"

TestSuite(source);

/* Links hold their fields in order; a field needs a link. */
Test(source, prov_links_and_fields)
{
	struct hd_provenance p = { 0 };

	errno = 0;
	cr_assert_eq(hd_prov_add_text(&p, "path", "x"), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(hd_prov_add_link(&p, "archive"), 0);
	cr_assert_eq(hd_prov_add_text(&p, "path", "case.zip"), 0);
	cr_assert_eq(hd_prov_add_int(&p, "size", 1234), 0);
	cr_assert_eq(hd_prov_add_link(&p, "member"), 0);
	cr_assert_eq(hd_prov_add_time(&p, "mtime", 1500000000123456789), 0);
	cr_assert_eq(p.n_links, 2);
	cr_assert_str_eq(p.links[0].kind, "archive");
	cr_assert_eq(p.links[0].n_fields, 2);
	cr_assert_str_eq(p.links[0].fields[0].text, "case.zip");
	cr_assert_eq(p.links[0].fields[1].type, HD_PROV_INT);
	cr_assert_eq(p.links[0].fields[1].num, 1234);
	cr_assert_eq(p.links[1].fields[0].type, HD_PROV_TIME);
	cr_assert_eq(p.links[1].fields[0].time_ns, 1500000000123456789);
	hd_prov_clear(&p);
	cr_assert_eq(p.n_links, 0);
}

/* A full chain or a full link is ENOSPC, and nothing is overwritten. */
Test(source, prov_limits)
{
	struct hd_provenance p = { 0 };

	for (int i = 0; i < HD_PROV_MAX_LINKS; i++)
		cr_assert_eq(hd_prov_add_link(&p, "file"), 0);
	errno = 0;
	cr_assert_eq(hd_prov_add_link(&p, "file"), -1);
	cr_assert_eq(errno, ENOSPC);
	for (int i = 0; i < HD_PROV_MAX_FIELDS; i++)
		cr_assert_eq(hd_prov_add_text(&p, "k", "v"), 0);
	errno = 0;
	cr_assert_eq(hd_prov_add_text(&p, "k", "v"), -1);
	cr_assert_eq(errno, ENOSPC);
	cr_assert_eq(p.links[HD_PROV_MAX_LINKS - 1].n_fields, HD_PROV_MAX_FIELDS);
	hd_prov_clear(&p);
}

/* A copy owns its texts: clearing the original leaves the copy whole. */
Test(source, prov_copy_is_deep)
{
	struct hd_provenance a = { 0 }, b;

	cr_assert_eq(hd_prov_add_link(&a, "file"), 0);
	cr_assert_eq(hd_prov_add_text(&a, "path", "a/SYSTEM"), 0);
	cr_assert_eq(hd_prov_add_int(&a, "size", 7), 0);
	cr_assert_eq(hd_prov_copy(&b, &a), 0);
	cr_assert_neq(b.links[0].fields[0].text, a.links[0].fields[0].text);
	hd_prov_clear(&a);
	cr_assert_str_eq(b.links[0].fields[0].text, "a/SYSTEM");
	cr_assert_eq(b.links[0].fields[1].num, 7);
	hd_prov_clear(&b);
}

/* The documented default figures (source.c). */
Test(source, limits_default)
{
	struct hd_src_limits lim;

	hd_src_limits_default(&lim);
	cr_assert_eq(lim.max_member_bytes, 512ull << 20);
	cr_assert_eq(lim.max_total_bytes, 2ull << 30);
	cr_assert_eq(lim.max_ratio, 1000);
	cr_assert_eq(lim.max_members, 100000);
	cr_assert_eq(lim.max_depth, 1);
}

/* An error keeps its code, errno and a formatted message; clear frees it. */
Test(source, error_set_and_clear)
{
	struct hd_src_error e = { 0 };

	hd_src_error_set(&e, "archive_limit", EFBIG, "%s: member over %d MiB", "x.zip", 512);
	cr_assert_str_eq(e.code, "archive_limit");
	cr_assert_eq(e.err, EFBIG);
	cr_assert_eq(errno, EFBIG);
	cr_assert_str_eq(e.message, "x.zip: member over 512 MiB");
	hd_src_error_clear(&e);
	cr_assert_null(e.message);
	cr_assert_null(e.code);
	hd_src_error_set(NULL, "x", EIO, "ignored");
	cr_assert_eq(errno, EIO);
}

Test(source, kind_names)
{
	cr_assert_str_eq(hd_src_kind_name(HD_KIND_HIVE), "hive");
	cr_assert_str_eq(hd_src_kind_name(HD_KIND_LOG), "log");
	cr_assert_str_eq(hd_src_kind_name(HD_KIND_ARCHIVE), "archive");
	cr_assert_str_eq(hd_src_kind_name(HD_KIND_EXPORT), "export");
	cr_assert_str_eq(hd_src_kind_name(HD_KIND_NONE), "none");
	cr_assert_str_eq(hd_src_kind_name((enum hd_src_kind)99), "none");
}

/* A memfd holding a base block of file type type, then tail at 4096. */
static int regf_file(uint32_t type, const char *at512, const char *at4096)
{
	uint8_t buf[8192] = { 0 };
	int fd = memfd_create("sniff", 0);

	cr_assert_geq(fd, 0);
	memcpy(buf, "regf", 4);
	for (int i = 0; i < 4; i++)
		buf[28 + i] = (uint8_t)(type >> (8 * i));
	if (at512)
		memcpy(buf + 512, at512, 4);
	if (at4096)
		memcpy(buf + 4096, at4096, 4);
	cr_assert_eq(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
	return fd;
}

static enum hd_src_kind sniff(int fd)
{
	enum hd_src_kind kind = HD_KIND_ARCHIVE;

	cr_assert_null(hd_src_sniff(fd, &kind));    /* no backend reads a hive or a log */
	close(fd);
	return kind;
}

/* Hives and logs from the base block: type 0 a hive, 2/6 logs, 1 a log with
 * DIRT or HvLE, else NT's alternate hive (SYSTEM.ALT). */
Test(source, sniff_hive_and_log)
{
	cr_assert_eq(sniff(regf_file(0, NULL, NULL)), HD_KIND_HIVE);
	cr_assert_eq(sniff(regf_file(1, NULL, NULL)), HD_KIND_HIVE);
	cr_assert_eq(sniff(regf_file(1, NULL, "DIRT")), HD_KIND_LOG);
	cr_assert_eq(sniff(regf_file(1, "HvLE", NULL)), HD_KIND_LOG);
	cr_assert_eq(sniff(regf_file(2, NULL, NULL)), HD_KIND_LOG);
	cr_assert_eq(sniff(regf_file(6, NULL, NULL)), HD_KIND_LOG);
	cr_assert_eq(sniff(regf_file(9, NULL, NULL)), HD_KIND_NONE);
}

/* A new-format log that lost its base block starts with its first HvLE entry. */
Test(source, sniff_headless_log)
{
	int fd = memfd_create("sniff", 0);

	cr_assert_eq(write(fd, "HvLE\0\2\0\0", 8), 8);
	cr_assert_eq(sniff(fd), HD_KIND_LOG);
}

/* Anything else, and an empty file, is none (no backend in this build reads it). */
Test(source, sniff_other)
{
	int fd = memfd_create("sniff", 0);
	enum hd_src_kind kind = HD_KIND_HIVE;

	cr_assert_null(hd_src_sniff(fd, &kind));
	cr_assert_eq(kind, HD_KIND_NONE);
	cr_assert_eq(write(fd, "hello, not a hive", 17), 17);
	cr_assert_eq(sniff(fd), HD_KIND_NONE);
}
