/*
 * regf.h - pure decoder of the regf base block (the first 4096 bytes of a hive).
 *
 * Works on a byte buffer so it is testable without a file.  Layout from the
 * Windows registry file format specification (msuhanov/yarp, "Base block")
 * and libyal's libregf documentation.
 */
#ifndef HD_REGF_H
#define HD_REGF_H

#include <stddef.h>
#include <stdint.h>

#define HD_REGF_BASE_BLOCK_SIZE 4096u
#define HD_REGF_CHECKSUM_OFFSET 0x1fcu  /* XOR of the 127 dwords before it */
#define HD_REGF_NAME_OFFSET     0x30u
#define HD_REGF_NAME_BYTES      64u     /* UTF-16LE, not always terminated */

/* What the first bytes of a file say it is. */
enum hd_file_magic {
	HD_MAGIC_UNKNOWN = 0,   /* neither regf nor CREG */
	HD_MAGIC_REGF,          /* Windows NT registry hive */
	HD_MAGIC_CREG,          /* Windows 9x/Me SYSTEM.DAT / USER.DAT */
	HD_MAGIC_LOG_HVLE,      /* a new-format transaction log passed as a hive */
};

struct hd_regf_header {
	enum hd_file_magic magic;
	uint32_t seq_primary;           /* offset 4 */
	uint32_t seq_secondary;         /* offset 8 */
	uint64_t last_written;          /* offset 12, FILETIME */
	uint32_t major, minor;          /* offsets 20, 24 */
	uint32_t file_type;             /* offset 28: 0 primary, 1/2/6 logs */
	uint32_t file_format;           /* offset 32: 1 = direct memory load */
	uint32_t root_offset;           /* offset 36, relative to 4096 */
	uint32_t hbins_size;            /* offset 40 */
	uint32_t checksum_stored;       /* offset 0x1fc */
	uint32_t checksum_computed;
	int checksum_ok;
	int dirty;                      /* seq_primary != seq_secondary */
	int truncated;                  /* 4096 + hbins_size > file size */
	char embedded_name[HD_REGF_NAME_BYTES * 2 + 1]; /* UTF-8 of the 32 UTF-16 units */
};

/*
 * Decode the base block.  buf holds the first len bytes of a file of
 * file_size bytes.  Returns 1 when the file is a regf hive with a complete
 * base block, 0 when it is not a regf file (out->magic says what it is, or
 * the file is shorter than a base block), never -1: it cannot fail otherwise.
 */
int hd_regf_header_parse(const uint8_t *buf, size_t len, uint64_t file_size,
                         struct hd_regf_header *out);

/* XOR checksum of the first 508 bytes, as Windows computes it (0 -> 1, -1 -> -2). */
uint32_t hd_regf_checksum(const uint8_t *base_block);

#endif
