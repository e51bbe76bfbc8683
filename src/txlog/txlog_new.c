/*
 * txlog_new.c - transaction logs in the new format (Windows 8.1 / Server
 * 2012 R2 and later): a partial base block in the first sector, then "HvLE"
 * log entries, each a run of dirty pages protected by two Marvin32 hashes
 * and numbered by a sequence number.  [SPEC] "New format", "Log entries".
 *
 * A log file is reused from its start, so after the newest entries it may
 * hold zeros or older entries (lower sequence numbers): the chain ends at
 * the first slot that is not an HvLE entry with the next sequence number.
 * An entry that does carry the next sequence number is the continuation and
 * must validate completely; if it does not (bad hash, size, page outside the
 * hive bins), the log is refused whole rather than replayed in part - the
 * analyzer then reads the primary as-is and says so (issue 7).
 */
#include <string.h>

#include "txlog/txlog_internal.h"

#define HVLE_SIGNATURE  "HvLE"
#define HVLE_HEADER     40u     /* fields up to and including Hash-2 */
#define HVLE_HASHED_HDR 32u     /* Hash-2 covers the first 32 bytes */
#define HVLE_REF_SIZE   8u      /* dirty page reference: offset, size */
#define HVLE_SIZE       4u
#define HVLE_FLAGS      8u
#define HVLE_SEQ        12u
#define HVLE_HBINS      16u
#define HVLE_COUNT      20u
#define HVLE_HASH1      24u
#define HVLE_HASH2      32u

enum slot_kind { SLOT_END = 0, SLOT_ENTRY = 1, SLOT_BAD = -1 };

static int hbins_size_ok(uint32_t size)
{
	return size >= HD_TXLOG_BIN_ALIGN && size % HD_TXLOG_BIN_ALIGN == 0 &&
	       size <= HD_TXLOG_MAX_HIVE_BYTES - HD_TXLOG_BASE_BLOCK;
}

/* Header fields: size within the file, hive bins size, page count. */
static int check_header(const struct hd_txlog_file *log, size_t pos, char *reason)
{
	const uint8_t *e = log->data + pos;
	uint32_t size = hd_le32(e + HVLE_SIZE), hbins = hd_le32(e + HVLE_HBINS);
	uint32_t count = hd_le32(e + HVLE_COUNT);

	if (size < HD_TXLOG_SECTOR || size % HD_TXLOG_SECTOR != 0 || size > log->len - pos) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: size %u not a multiple of %u "
		                "within the file", pos, size, HD_TXLOG_SECTOR);
		return 0;
	}
	if (!hbins_size_ok(hbins)) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: invalid hive bins size %u",
		                pos, hbins);
		return 0;
	}
	if (count == 0 || count > (size - HVLE_HEADER) / HVLE_REF_SIZE) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: invalid dirty page count %u",
		                pos, count);
		return 0;
	}
	return 1;
}

/* Hash-2 over the first 32 bytes, Hash-1 over everything after the header. */
static int check_hashes(const struct hd_txlog_file *log, size_t pos, char *reason)
{
	const uint8_t *e = log->data + pos;
	uint32_t size = hd_le32(e + HVLE_SIZE);

	if (hd_marvin32(e, HVLE_HASHED_HDR, HD_TXLOG_MARVIN_SEED) != hd_le64(e + HVLE_HASH2)) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: Hash-2 mismatch", pos);
		return 0;
	}
	if (hd_marvin32(e + HVLE_HEADER, size - HVLE_HEADER, HD_TXLOG_MARVIN_SEED) !=
	    hd_le64(e + HVLE_HASH1)) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: Hash-1 mismatch", pos);
		return 0;
	}
	return 1;
}

/* Every dirty page lies inside the entry and inside the hive bins data. */
static int check_pages(const struct hd_txlog_file *log, size_t pos, char *reason)
{
	const uint8_t *e = log->data + pos;
	uint32_t count = hd_le32(e + HVLE_COUNT), hbins = hd_le32(e + HVLE_HBINS);
	uint64_t room = hd_le32(e + HVLE_SIZE) - HVLE_HEADER - (uint64_t)count * HVLE_REF_SIZE;
	uint64_t used = 0;

	for (uint32_t i = 0; i < count; i++) {
		uint32_t off = hd_le32(e + HVLE_HEADER + i * HVLE_REF_SIZE);
		uint32_t len = hd_le32(e + HVLE_HEADER + i * HVLE_REF_SIZE + 4);

		if (len == 0 || len % HD_TXLOG_SECTOR != 0 || off % HD_TXLOG_SECTOR != 0 ||
		    (uint64_t)off + len > hbins) {
			hd_txlog_refuse(reason, log->name, "entry at 0x%zx: page %u (offset 0x%x, "
			                "size %u) outside the %u-byte hive bins", pos, i, off, len, hbins);
			return 0;
		}
		used += len;
	}
	if (used > room) {
		hd_txlog_refuse(reason, log->name, "entry at 0x%zx: pages need %llu bytes, "
		                "the entry holds %llu", pos, (unsigned long long)used,
		                (unsigned long long)room);
		return 0;
	}
	return 1;
}

/*
 * Classify the slot at pos: SLOT_ENTRY (a valid entry numbered expected),
 * SLOT_END (the chain ends here normally), SLOT_BAD (refused, reason set).
 */
static enum slot_kind read_slot(const struct hd_txlog_file *log, size_t pos,
                                uint32_t expected, int first, char *reason)
{
	const uint8_t *e = log->data + pos;
	uint32_t seq;

	if (log->len - pos < HVLE_HEADER || memcmp(e, HVLE_SIGNATURE, 4) != 0) {
		if (!first)
			return SLOT_END;
		hd_txlog_refuse(reason, log->name, "no log entry at offset 0x%zx", pos);
		return SLOT_BAD;
	}
	seq = hd_le32(e + HVLE_SEQ);
	if (seq != expected) {
		if (!first)
			return SLOT_END;  /* an older entry left from a previous use of the file */
		/* [SPEC] note 7: the first entry carries the base block's number. */
		hd_txlog_refuse(reason, log->name, "first entry has sequence %u, the base block %u",
		                seq, expected);
		return SLOT_BAD;
	}
	if (!check_header(log, pos, reason) || !check_hashes(log, pos, reason) ||
	    !check_pages(log, pos, reason))
		return SLOT_BAD;
	return SLOT_ENTRY;
}

int hd_txlog_new_plan(const struct hd_txlog_file *log, const struct hd_txlog_base *base,
                      struct hd_txlog_plan *plan, char *reason)
{
	size_t pos = HD_TXLOG_SECTOR;   /* entries start at the second sector */
	uint32_t seq = base->seq1;
	enum slot_kind kind = SLOT_END;

	memset(plan, 0, sizeof *plan);
	plan->log = log;
	plan->base = *base;
	plan->first_seq = seq;
	while (pos < log->len && plan->entries < UINT32_MAX) {
		const uint8_t *e = log->data + pos;

		kind = read_slot(log, pos, seq, plan->entries == 0, reason);
		if (kind != SLOT_ENTRY)
			break;
		plan->entries++;
		plan->last_seq = seq;
		plan->final_hbins = hd_le32(e + HVLE_HBINS);
		plan->final_flags = hd_le32(e + HVLE_FLAGS);
		if (plan->final_hbins > plan->max_hbins)
			plan->max_hbins = plan->final_hbins;
		pos += hd_le32(e + HVLE_SIZE);
		seq++;
	}
	if (kind == SLOT_BAD)
		return 0;       /* refused whole, even after valid entries */
	if (plan->entries == 0) {
		hd_txlog_refuse(reason, log->name, "no log entry after the base block");
		return 0;
	}
	return 1;
}

void hd_txlog_new_apply(const struct hd_txlog_plan *plan, uint8_t *image)
{
	size_t pos = HD_TXLOG_SECTOR;

	/* Entries in sequence order, pages in reference order; a later write to
	 * the same page wins, as in Windows' own replay. */
	for (uint32_t n = 0; n < plan->entries; n++) {
		const uint8_t *e = plan->log->data + pos;
		uint32_t count = hd_le32(e + HVLE_COUNT);
		const uint8_t *page = e + HVLE_HEADER + (size_t)count * HVLE_REF_SIZE;

		for (uint32_t i = 0; i < count; i++) {
			uint32_t off = hd_le32(e + HVLE_HEADER + i * HVLE_REF_SIZE);
			uint32_t len = hd_le32(e + HVLE_HEADER + i * HVLE_REF_SIZE + 4);

			memcpy(image + HD_TXLOG_BASE_BLOCK + off, page, len);
			page += len;
		}
		pos += hd_le32(e + HVLE_SIZE);
	}
}
