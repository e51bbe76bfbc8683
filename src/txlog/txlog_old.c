/*
 * txlog_old.c - transaction logs in the old format (NT 3.51 to Windows 8):
 * a partial base block in the first sector, the dirty vector ("DIRT" and a
 * bitmap with one bit per 512-byte page of the hive bins data) in the next
 * sector(s), then the dirty pages, packed in bitmap order.
 * [SPEC] "Old format": "Base block", "Dirty vector", "Dirty pages".
 */
#include <string.h>

#include "txlog/txlog_internal.h"

#define DIRT_SIGNATURE "DIRT"
#define DIRT_SIG_LEN   4u
#define DIRTY_PAGE     512u     /* one bitmap bit, whatever the disk's sector size */

static size_t align_up(size_t n, size_t unit)
{
	return (n + unit - 1) / unit * unit;
}

static uint32_t count_bits(const uint8_t *bitmap, size_t len)
{
	uint32_t n = 0;

	for (size_t i = 0; i < len; i++)
		for (uint8_t b = bitmap[i]; b != 0; b &= (uint8_t)(b - 1))
			n++;
	return n;
}

int hd_txlog_old_plan(const struct hd_txlog_file *log, const struct hd_txlog_base *base,
                      struct hd_txlog_plan *plan, char *reason)
{
	/* Bitmap length in bits = hive bins size / 512 [SPEC "Dirty vector"]. */
	size_t bitmap_len = base->hbins_size / (DIRTY_PAGE * 8u);
	size_t vector_end = HD_TXLOG_SECTOR + DIRT_SIG_LEN + bitmap_len;

	memset(plan, 0, sizeof *plan);
	plan->log = log;
	plan->base = *base;
	if (log->len < vector_end) {
		hd_txlog_refuse(reason, log->name, "dirty vector truncated (%zu bytes, %zu needed)",
		                log->len, vector_end);
		return 0;
	}
	if (memcmp(log->data + HD_TXLOG_SECTOR, DIRT_SIGNATURE, DIRT_SIG_LEN) != 0) {
		hd_txlog_refuse(reason, log->name, "no DIRT signature at offset %u", HD_TXLOG_SECTOR);
		return 0;
	}
	plan->dirty_pages = count_bits(log->data + HD_TXLOG_SECTOR + DIRT_SIG_LEN, bitmap_len);
	if (plan->dirty_pages == 0) {
		hd_txlog_refuse(reason, log->name, "dirty vector marks no page");
		return 0;
	}
	/* Dirty pages start at the sector after the vector [SPEC "Dirty pages"]. */
	plan->pages_offset = align_up(vector_end, HD_TXLOG_SECTOR);
	if (log->len < plan->pages_offset ||
	    (log->len - plan->pages_offset) / DIRTY_PAGE < plan->dirty_pages) {
		hd_txlog_refuse(reason, log->name,
		                "truncated: %u dirty pages need %zu bytes, the file has %zu",
		                plan->dirty_pages,
		                plan->pages_offset + (size_t)plan->dirty_pages * DIRTY_PAGE, log->len);
		return 0;
	}
	plan->final_hbins = plan->max_hbins = base->hbins_size;
	plan->first_seq = plan->last_seq = base->seq1;
	return 1;
}

void hd_txlog_old_apply(const struct hd_txlog_plan *plan, uint8_t *image)
{
	const uint8_t *bitmap = plan->log->data + HD_TXLOG_SECTOR + DIRT_SIG_LEN;
	const uint8_t *page = plan->log->data + plan->pages_offset;
	size_t nbits = plan->base.hbins_size / DIRTY_PAGE;

	/* Bit i (least significant first in each byte) covers hive bins bytes
	 * [512 i, 512 i + 512); the k-th set bit takes the k-th stored page. */
	for (size_t bit = 0; bit < nbits; bit++) {
		if ((((unsigned)bitmap[bit / 8] >> (bit % 8)) & 1u) == 0)
			continue;
		memcpy(image + HD_TXLOG_BASE_BLOCK + bit * DIRTY_PAGE, page, DIRTY_PAGE);
		page += DIRTY_PAGE;
	}
}
