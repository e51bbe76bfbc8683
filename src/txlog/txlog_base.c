/*
 * txlog_base.c - what both log formats share: the refusal message and the
 * decoding and validation of a log's base block [SPEC "Base block"].  The
 * format files (txlog_old.c, txlog_new.c) and txlog.c, which only chooses and
 * orders the logs, all use it; it uses none of them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hive/regf.h"
#include "txlog/txlog_internal.h"

#define FILE_FORMAT_DIRECT 1u   /* base block "File format": direct memory load */
#define CLUSTERING_ONE     1u   /* the only clustering factor [YARP] supports too */

void hd_txlog_refuse(char *reason, const char *log_name, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(reason, HD_TXLOG_REASON_LEN, "%s: ", log_name ? log_name : "primary");

	if (n < 0 || (size_t)n >= HD_TXLOG_REASON_LEN)
		return;     /* a reason cut short still names the file */
	va_start(ap, fmt);
	vsnprintf(reason + n, HD_TXLOG_REASON_LEN - (size_t)n, fmt, ap);
	va_end(ap);
}

static int base_fields_ok(const struct hd_txlog_file *log, const uint8_t *b, char *reason)
{
	uint32_t type = hd_le32(b + HD_BB_TYPE), hbins = hd_le32(b + HD_BB_HBINS_SIZE);

	if (type != HD_TXLOG_TYPE_OLD_LOG && type != HD_TXLOG_TYPE_OLD_LOG2 &&
	    type != HD_TXLOG_TYPE_NEW_LOG) {
		hd_txlog_refuse(reason, log->name, "file type %u is not a transaction log", type);
		return 0;
	}
	if (hd_le32(b + HD_BB_MAJOR) != 1 || hd_le32(b + HD_BB_FORMAT) != FILE_FORMAT_DIRECT) {
		hd_txlog_refuse(reason, log->name, "unsupported version %u or file format %u",
		                hd_le32(b + HD_BB_MAJOR), hd_le32(b + HD_BB_FORMAT));
		return 0;
	}
	if (hd_le32(b + HD_BB_CLUSTERING) != CLUSTERING_ONE) {
		hd_txlog_refuse(reason, log->name, "clustering factor %u not supported",
		                hd_le32(b + HD_BB_CLUSTERING));
		return 0;
	}
	if (hbins < HD_TXLOG_BIN_ALIGN || hbins % HD_TXLOG_BIN_ALIGN != 0 ||
	    hbins > HD_TXLOG_MAX_HIVE_BYTES - HD_TXLOG_BASE_BLOCK) {
		hd_txlog_refuse(reason, log->name, "invalid hive bins size %u", hbins);
		return 0;
	}
	return 1;
}

int hd_txlog_base_parse(const struct hd_txlog_file *log, struct hd_txlog_base *out,
                        char *reason)
{
	const uint8_t *b = log->data;
	uint32_t stored, computed;

	memset(out, 0, sizeof *out);
	if (log->len < HD_TXLOG_SECTOR || memcmp(b, "regf", 4) != 0) {
		hd_txlog_refuse(reason, log->name, "no regf base block");
		return 0;
	}
	/* [SPEC] old format, base block note 2: the copy is valid only with a
	 * right checksum and equal sequence numbers. */
	stored = hd_le32(b + HD_REGF_CHECKSUM_OFFSET);
	computed = hd_regf_checksum(b);
	if (stored != computed) {
		hd_txlog_refuse(reason, log->name, "base block checksum 0x%08x, computed 0x%08x",
		                stored, computed);
		return 0;
	}
	out->seq1 = hd_le32(b + HD_BB_SEQ1);
	out->seq2 = hd_le32(b + HD_BB_SEQ2);
	if (out->seq1 != out->seq2) {
		hd_txlog_refuse(reason, log->name, "base block sequence numbers differ (%u, %u): "
		                "the log itself was being written", out->seq1, out->seq2);
		return 0;
	}
	if (!base_fields_ok(log, b, reason))
		return 0;
	out->last_written = hd_le64(b + HD_BB_WRITTEN);
	out->file_type = hd_le32(b + HD_BB_TYPE);
	out->hbins_size = hd_le32(b + HD_BB_HBINS_SIZE);
	return 1;
}
