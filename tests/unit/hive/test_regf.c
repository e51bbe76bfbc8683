/* test_regf.c - the base block decoder over hand-built byte buffers. */
#include <criterion/criterion.h>
#include <string.h>

#include "hive/regf.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* A clean base block: sequences equal, version 1.3, hbins 4096, name "SYSTEM". */
static void make_block(uint8_t *b)
{
	static const char name[] = "SYSTEM";

	memset(b, 0, HD_REGF_BASE_BLOCK_SIZE);
	memcpy(b, "regf", 4);
	put32(b + 4, 7);
	put32(b + 8, 7);
	put32(b + 12, 0x5d1b2a00u);          /* low dword of a FILETIME */
	put32(b + 16, 0x01c23d4bu);
	put32(b + 20, 1);
	put32(b + 24, 3);
	put32(b + 36, 0x20);
	put32(b + 40, 4096);
	for (size_t i = 0; name[i]; i++)
		b[HD_REGF_NAME_OFFSET + 2 * i] = (uint8_t)name[i];
	put32(b + HD_REGF_CHECKSUM_OFFSET, hd_regf_checksum(b));
}

TestSuite(regf);

/* A well-formed block decodes every field and passes its checksum. */
Test(regf, decodes_clean_block)
{
	uint8_t b[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;

	make_block(b);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, 8192, &h), 1);
	cr_assert_eq(h.magic, HD_MAGIC_REGF);
	cr_assert_eq(h.seq_primary, 7);
	cr_assert_eq(h.major, 1);
	cr_assert_eq(h.minor, 3);
	cr_assert_eq(h.root_offset, 0x20);
	cr_assert(h.checksum_ok);
	cr_assert_not(h.dirty);
	cr_assert_not(h.truncated);
	cr_assert_str_eq(h.embedded_name, "SYSTEM");
	cr_assert_eq(h.last_written, 0x01c23d4b5d1b2a00ull);
}

/* Differing sequence numbers mean dirty; a flipped byte breaks the checksum. */
Test(regf, dirty_and_bad_checksum)
{
	uint8_t b[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;

	make_block(b);
	put32(b + 4, 8);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, 8192, &h), 1);
	cr_assert(h.dirty);
	cr_assert_not(h.checksum_ok);
	cr_assert_neq(h.checksum_stored, h.checksum_computed);
}

/* hbins larger than what follows the base block in the file: truncated. */
Test(regf, truncated_when_bins_exceed_file)
{
	uint8_t b[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;

	make_block(b);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, 8191, &h), 1);
	cr_assert(h.truncated);
}

/* CREG (Windows 9x), HvLE (a log) and junk are told apart; none is a hive. */
Test(regf, recognises_other_files)
{
	uint8_t b[HD_REGF_BASE_BLOCK_SIZE] = { 0 };
	struct hd_regf_header h;

	memcpy(b, "CREG", 4);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, sizeof b, &h), 0);
	cr_assert_eq(h.magic, HD_MAGIC_CREG);
	memcpy(b, "HvLE", 4);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, sizeof b, &h), 0);
	cr_assert_eq(h.magic, HD_MAGIC_LOG_HVLE);
	memcpy(b, "MZ\x90\x00", 4);
	cr_assert_eq(hd_regf_header_parse(b, sizeof b, sizeof b, &h), 0);
	cr_assert_eq(h.magic, HD_MAGIC_UNKNOWN);
}

/* A regf signature with less than a base block is not a usable header. */
Test(regf, short_file)
{
	uint8_t b[16] = "regf";
	struct hd_regf_header h;

	cr_assert_eq(hd_regf_header_parse(b, sizeof b, sizeof b, &h), 0);
	cr_assert_eq(h.magic, HD_MAGIC_REGF);
}

/* Windows never stores a checksum of 0: it stores 1 instead. */
Test(regf, checksum_zero_becomes_one)
{
	uint8_t b[HD_REGF_BASE_BLOCK_SIZE] = { 0 };

	cr_assert_eq(hd_regf_checksum(b), 1u);
}
