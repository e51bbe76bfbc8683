/*
 * regf.c - decode the regf base block from a byte buffer.
 *
 * Offsets follow the "Base block" table of the Windows registry file format
 * specification (msuhanov/yarp, doc) and libyal's libregf documentation.
 */
#include "hive/regf.h"

#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t hd_regf_checksum(const uint8_t *base_block)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < HD_REGF_CHECKSUM_OFFSET; i += 4)
		sum ^= le32(base_block + i);
	/* The spec: Windows stores 1 for a sum of 0, and -2 for -1. */
	if (sum == 0)
		sum = 1;
	else if (sum == 0xffffffffu)
		sum = 0xfffffffeu;
	return sum;
}

static enum hd_file_magic magic_of(const uint8_t *buf, size_t len)
{
	if (len < 4)
		return HD_MAGIC_UNKNOWN;
	if (memcmp(buf, "regf", 4) == 0)
		return HD_MAGIC_REGF;
	/* Windows 9x/Me keep SYSTEM.DAT in the CREG format (dfwinreg test data). */
	if (memcmp(buf, "CREG", 4) == 0)
		return HD_MAGIC_CREG;
	/* New-format transaction logs (.LOG1/.LOG2) hold a base block with
	 * signature regf and then "HvLE" entries at 512; a log that lost its
	 * base block starts with HvLE. */
	if (memcmp(buf, "HvLE", 4) == 0)
		return HD_MAGIC_LOG_HVLE;
	return HD_MAGIC_UNKNOWN;
}

static void embedded_name(const uint8_t *buf, char *out, size_t outlen)
{
	char *s = hd_utf16le_to_utf8(buf + HD_REGF_NAME_OFFSET, HD_REGF_NAME_BYTES, 1);

	out[0] = '\0';
	if (s == NULL)
		return;
	if (strlen(s) < outlen)
		memcpy(out, s, strlen(s) + 1);
	free(s);
}

int hd_regf_header_parse(const uint8_t *buf, size_t len, uint64_t file_size,
                         struct hd_regf_header *out)
{
	memset(out, 0, sizeof *out);
	out->magic = magic_of(buf, len);
	if (out->magic != HD_MAGIC_REGF || len < HD_REGF_BASE_BLOCK_SIZE)
		return 0;
	out->seq_primary = le32(buf + 4);
	out->seq_secondary = le32(buf + 8);
	out->last_written = le64(buf + 12);
	out->major = le32(buf + 20);
	out->minor = le32(buf + 24);
	out->file_type = le32(buf + 28);
	out->file_format = le32(buf + 32);
	out->root_offset = le32(buf + 36);
	out->hbins_size = le32(buf + 40);
	out->checksum_stored = le32(buf + HD_REGF_CHECKSUM_OFFSET);
	out->checksum_computed = hd_regf_checksum(buf);
	out->checksum_ok = out->checksum_stored == out->checksum_computed;
	out->dirty = out->seq_primary != out->seq_secondary;
	out->truncated = (uint64_t)HD_REGF_BASE_BLOCK_SIZE + out->hbins_size > file_size;
	embedded_name(buf, out->embedded_name, sizeof out->embedded_name);
	return 1;
}
