/*
 * txlog_internal.h - declarations shared by the txlog*.c files only.
 * See txlog.h for the format references [SPEC], [YARP], [LIBREGF].
 */
#ifndef HD_TXLOG_INTERNAL_H
#define HD_TXLOG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "txlog/txlog.h"

#define HD_TXLOG_SECTOR      512u   /* log layout unit; [SPEC] "Sector size and clustering factor" */
#define HD_TXLOG_BIN_ALIGN   4096u  /* hive bins data size and hive bins are multiples of this */
#define HD_TXLOG_BASE_BLOCK  4096u  /* base block of a primary file */

/* File type of a base block [SPEC "Base block" of the log formats]. */
#define HD_TXLOG_TYPE_PRIMARY  0u
#define HD_TXLOG_TYPE_OLD_LOG  1u   /* Windows XP to 7 */
#define HD_TXLOG_TYPE_OLD_LOG2 2u   /* NT 3.51 to 2000 */
#define HD_TXLOG_TYPE_NEW_LOG  6u   /* Windows 8.1 and later */

/* Offsets in a base block [SPEC "Base block"]. */
#define HD_BB_SEQ1       4u
#define HD_BB_SEQ2       8u
#define HD_BB_WRITTEN    12u
#define HD_BB_MAJOR      20u
#define HD_BB_TYPE       28u
#define HD_BB_FORMAT     32u
#define HD_BB_HBINS_SIZE 40u
#define HD_BB_CLUSTERING 44u
#define HD_BB_FLAGS      144u  /* Windows 10: bit 0 = KTM locked the hive */

static inline uint32_t hd_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t hd_le64(const uint8_t *p)
{
	return (uint64_t)hd_le32(p) | (uint64_t)hd_le32(p + 4) << 32;
}

static inline void hd_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Sequence numbers wrap at 2^32: a precedes b when (a - b) is "negative"
 * ([YARP] compares them the same way across an overflow). */
static inline int hd_seq_before(uint32_t a, uint32_t b)
{
	return (uint32_t)(a - b) > 0x7fffffffu;
}

/* The partial base block at the start of a log, decoded. */
struct hd_txlog_base {
	uint32_t seq1, seq2;
	uint64_t last_written;
	uint32_t file_type;
	uint32_t hbins_size;
};

/*
 * Everything one log contributes, validated before anything is applied so
 * that a bad log is refused whole.
 */
struct hd_txlog_plan {
	const struct hd_txlog_file *log;
	struct hd_txlog_base base;
	uint32_t entries;       /* new: consecutive valid HvLE entries from offset 512 */
	uint32_t first_seq, last_seq;
	uint32_t final_hbins;   /* new: hive bins size of the last entry; old: of the base block */
	uint32_t max_hbins;     /* the largest hive bins size any entry needs */
	uint32_t final_flags;   /* new: Flags of the last entry */
	uint32_t dirty_pages;   /* old: bits set in the dirty vector */
	size_t pages_offset;    /* old: where the dirty pages start in the log */
};

/* Write "NAME: text" into reason (truncated to HD_TXLOG_REASON_LEN). */
void hd_txlog_refuse(char *reason, const char *log_name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Decode and validate a log's base block; 1 valid, 0 refused (reason set). */
int hd_txlog_base_parse(const struct hd_txlog_file *log, struct hd_txlog_base *out,
                        char *reason);

/* Old format (txlog_old.c): 1 valid, 0 refused. */
int hd_txlog_old_plan(const struct hd_txlog_file *log, const struct hd_txlog_base *base,
                      struct hd_txlog_plan *plan, char *reason);
/* Copy the dirty pages of a validated plan into image (4096 + hive bins). */
void hd_txlog_old_apply(const struct hd_txlog_plan *plan, uint8_t *image);

/*
 * New format (txlog_new.c): walk the entries from the base block's sequence
 * number.  1 valid (plan->entries >= 1), 0 refused.
 */
int hd_txlog_new_plan(const struct hd_txlog_file *log, const struct hd_txlog_base *base,
                      struct hd_txlog_plan *plan, char *reason);
void hd_txlog_new_apply(const struct hd_txlog_plan *plan, uint8_t *image);

#endif
