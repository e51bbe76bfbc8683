/*
 * test_blankhive.c - the seed hive: a base block the project's own decoder
 * accepts, one hive bin tiled by cells, and a root key hivex can open.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/regf.h"
#include "util/textutil.h"
#include "hive/blankhive.h"

/* A key's last-write time, asserting that it could be read. */
static uint64_t key_time_of(struct hd_hive *h, hd_key k)
{
	uint64_t t = 0;

	cr_assert_eq(hd_key_time(h, k, &t), HD_FOUND);
	return t;
}

TestSuite(blankhive);

static uint8_t buf[HD_BLANK_HIVE_SIZE];

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The fixed time is the one the samples promise: 2002-08-06T10:11:12Z. */
Test(blankhive, fixed_time_is_2002_08_06)
{
	char iso[HD_ISOTIME_LEN];

	cr_assert_eq(hd_filetime_iso(HD_MKHIVE_FILETIME, iso), 0);
	cr_assert_str_eq(iso, "2002-08-06T10:11:12.0000000Z");
}

/* The base block decodes as a clean, checksummed 1.5 hive with the given name and time. */
Test(blankhive, base_block_decodes)
{
	struct hd_regf_header hdr;

	cr_assert_eq(hd_blank_hive(buf, "SYSTEM", HD_MKHIVE_FILETIME), 0);
	cr_assert_eq(hd_regf_header_parse(buf, sizeof buf, sizeof buf, &hdr), 1);
	cr_assert(hdr.checksum_ok);
	cr_assert_not(hdr.dirty);
	cr_assert_not(hdr.truncated);
	cr_assert_eq(hdr.major, 1);
	cr_assert_eq(hdr.minor, 5);
	cr_assert_eq(hdr.file_type, 0);
	cr_assert_eq(hdr.last_written, HD_MKHIVE_FILETIME);
	cr_assert_eq(hdr.hbins_size, sizeof buf - HD_REGF_BASE_BLOCK_SIZE);
	cr_assert_str_eq(hdr.embedded_name, "SYSTEM");
}

/* Cells tile the hive bin: 8-aligned, no gaps; the root key and its sk are allocated. */
Test(blankhive, cells_tile_the_bin)
{
	const uint8_t *bin = buf + HD_REGF_BASE_BLOCK_SIZE;
	uint32_t root, off = 32, n = 0;
	int32_t size;

	cr_assert_eq(hd_blank_hive(buf, "SYSTEM", HD_MKHIVE_FILETIME), 0);
	root = le32(buf + 36);
	cr_assert_eq(memcmp(bin, "hbin", 4), 0);
	cr_assert_eq(le32(bin + 8), HD_REGF_BASE_BLOCK_SIZE);
	while (off < HD_REGF_BASE_BLOCK_SIZE) {
		size = (int32_t)le32(bin + off);
		cr_assert_neq(size, 0);
		cr_assert_eq(abs(size) % 8, 0, "cell at %u: size %d", off, size);
		cr_assert_eq(off == root, size < 0 && memcmp(bin + off + 4, "nk", 2) == 0);
		off += (uint32_t)abs(size);
		n++;
	}
	cr_assert_eq(off, HD_REGF_BASE_BLOCK_SIZE, "the last cell ends with the bin");
	cr_assert_eq(n, 3, "root key, key security, free rest");
}

/* hivex opens the seed; its root is $$$PROTO.HIV with no subkeys, at the fixed time. */
Test(blankhive, hivex_opens_it)
{
	char path[] = "/tmp/hd-blankhive-XXXXXX";
	int fd = mkstemp(path);
	struct hd_hive *h = NULL;
	char **names = NULL, *root = NULL;
	size_t count = 99;

	cr_assert_geq(fd, 0);
	cr_assert_eq(hd_blank_hive(buf, "SYSTEM", HD_MKHIVE_FILETIME), 0);
	cr_assert_eq(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
	close(fd);
	h = hd_hive_open(path, 0, NULL);
	unlink(path);
	cr_assert_not_null(h, "hivex refused the blank hive: %s", strerror(errno));
	root = hd_key_name(h, hd_hive_root(h));
	cr_assert_str_eq(root, HD_BLANK_HIVE_ROOT_NAME);
	cr_assert_eq(key_time_of(h, hd_hive_root(h)), HD_MKHIVE_FILETIME);
	cr_assert_eq(hd_key_subkey_names(h, hd_hive_root(h), &names, &count), HD_FOUND);
	cr_assert_eq(count, 0);
	hd_strv_free(names);
	free(root);
	hd_hive_close(h);
}

/* The recorded name is 1 to 31 printable ASCII characters; others are refused. */
Test(blankhive, name_limits)
{
	char name[40];

	memset(name, 'N', 31);
	name[31] = '\0';
	cr_assert_eq(hd_blank_hive(buf, name, HD_MKHIVE_FILETIME), 0);
	name[31] = 'N';
	name[32] = '\0';
	cr_assert_eq(hd_blank_hive(buf, name, HD_MKHIVE_FILETIME), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_not(hd_blank_hive_name_ok(""));
	cr_assert_not(hd_blank_hive_name_ok("SYST\xc3\x89M"));
	cr_assert_not(hd_blank_hive_name_ok("a\tb"));
	cr_assert(hd_blank_hive_name_ok("SOFTWARE"));
}
