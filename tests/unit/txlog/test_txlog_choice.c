/*
 * test_txlog_choice.c - replay of hand-built old-format logs and the choice
 * of logs: clean hives, missing or unreadable logs, mixed formats, a broken
 * primary base block (builders in txlog_build.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "txlog/txlog.h"
#include "txlog_build.h"

TestSuite(txlog_choice);

/* ---- old format ----------------------------------------------------- */

/* Dirty pages land at 4096 + 512 * bit, in bitmap order. */
Test(txlog_choice, old_format_applies_dirty_pages)
{
	static uint8_t log[8192];
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = hd_tb_primary_new(2, 5, 4, &plen);
	uint32_t pages[] = { 3, 9 };   /* inside bin 0 and bin 1, past their headers */
	size_t llen;

	memset(log, 0, sizeof log);
	llen = hd_tb_oldlog_build(log, 5, 2 * BIN, FILETIME_A, pages, 2, 0x40);
	hd_tb_set_log(&s, HD_TXLOG_LOG, "h.LOG", log, llen);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_str_eq(o.rec.format, "old");
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.rec.taken[0].entries, 2u, "the log's own count: its dirty pages");
	cr_expect_eq(o.rec.taken[0].have_seq, 0, "old-format pages carry no sequence numbers");
	cr_expect_eq(o.img[BIN + 3 * SECTOR], 0x40);
	cr_expect_eq(o.img[BIN + 9 * SECTOR + 511], 0x41);
	cr_expect_eq(o.img[BIN + 4 * SECTOR], 0xA0, "clean pages keep the primary's bytes");
	hd_tb_expect_clean_base(o.img, 5, 2 * BIN);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* Of two old logs the one written last is used; LOG wins no vote beside them. */
Test(txlog_choice, old_format_picks_latest_log)
{
	static uint8_t a[4096], b[4096], c[4096];
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 5, 4, &plen);
	uint32_t page = 2;
	size_t la, lb, lc;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	memset(c, 0xee, sizeof c);  /* a leftover .LOG that is not even a log */
	la = hd_tb_oldlog_build(a, 5, BIN, FILETIME_A, &page, 1, 0x10);
	lb = hd_tb_oldlog_build(b, 5, BIN, FILETIME_A + 10, &page, 1, 0x20);
	lc = sizeof c;
	hd_tb_set_log(&s, HD_TXLOG_LOG, "h.LOG", c, lc);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a, la);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b, lb);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.img[BIN + 2 * SECTOR], 0x20);
	cr_expect_eq(o.rec.n_logs_found, 3u);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* Old-format refusals: no DIRT, truncated pages, empty vector, log older than hive. */
Test(txlog_choice, old_format_each_validation_refuses)
{
	static uint8_t log[8192];
	uint32_t page = 2;
	size_t plen, llen;
	uint8_t *p = hd_tb_primary_new(1, 5, 4, &plen);
	const char *want[] = { "no DIRT signature", "truncated: 1 dirty pages",
	                       "marks no page", "written before the primary" };

	for (int i = 0; i < 4; i++) {
		struct hd_txlog_set s = { 0 };

		memset(log, 0, sizeof log);
		llen = hd_tb_oldlog_build(log, 5, BIN, i == 3 ? FILETIME_A - 1 : FILETIME_A, &page,
		                    i == 2 ? 0 : 1, 0x10);
		if (i == 0)
			memcpy(log + SECTOR, "DIRt", 4);
		if (i == 1)
			llen -= 1;
		hd_tb_set_log(&s, HD_TXLOG_LOG, "h.LOG", log, llen);
		struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

		hd_tb_expect_refused(&o, want[i]);
		hd_tb_outcome_clear(&o);
	}
	free(p);
}

/* ---- choice of logs ------------------------------------------------- */

/* A clean hive is never replayed, whatever its logs say. */
Test(txlog_choice, clean_hive_not_replayed)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 4, 4, &plen);
	uint32_t off = 0;

	hd_tb_newlog_init(&l, 4, BIN);
	hd_tb_newlog_entry(&l, 4, BIN, &off, 1, 0x44);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_expect_eq(o.rc, 0);
	cr_expect_eq(o.rec.dirty, 0);
	cr_expect_str_eq(o.rec.refused_reason, "");
	cr_expect_eq(o.rec.n_logs_found, 1u);
	cr_expect_null(o.img);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* A dirty hive whose logs are absent or empty says so. */
Test(txlog_choice, dirty_without_logs_refused)
{
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 4, 3, &plen);

	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", NULL, 0);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", NULL, 0);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "no non-empty transaction log");
	cr_expect_eq(o.rec.dirty, 1);
	cr_expect_eq(o.rec.n_logs_found, 2u, "empty logs count as found");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* LOG1 in the new format and LOG2 in the old one are refused together. */
Test(txlog_choice, mixed_formats_refused)
{
	static uint8_t old[4096];
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen, olen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0, page = 2;

	hd_tb_newlog_init(&l, 2, BIN);
	hd_tb_newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	memset(old, 0, sizeof old);
	olen = hd_tb_oldlog_build(old, 3, BIN, FILETIME_A, &page, 1, 0x10);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", old, olen);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "mix the old and new log formats");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* A log that could not be read is refused by name, with the cause. */
Test(txlog_choice, unreadable_log_refused)
{
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);

	s.log[HD_TXLOG_LOG1].name = (char *)"h.LOG1";
	s.log[HD_TXLOG_LOG1].read_errno = EFBIG;
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "h.LOG1: not read");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* A broken primary base block is rebuilt from the log with the latest entries. */
Test(txlog_choice, broken_primary_base_block_taken_from_log)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog a, b;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0;

	p[508] ^= 0xff;     /* checksum wrong: the hive is dirty, its fields untrusted */
	hd_tb_newlog_init(&a, 2, BIN);
	hd_tb_newlog_entry(&a, 2, BIN, &off, 1, 0x22);
	hd_tb_newlog_init(&b, 3, BIN);
	hd_tb_newlog_entry(&b, 3, BIN, &off, 1, 0x33);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.img[BIN + 100], 0x33);
	hd_tb_expect_clean_base(o.img, 3, BIN);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* Issue 12: a log that is not a regular file (a FIFO, a symlink) refuses the
 * replay by name, even when the other log is good. */
Test(txlog_choice, non_regular_log_refused)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0;

	hd_tb_newlog_init(&l, 2, BIN);
	hd_tb_newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	s.log[HD_TXLOG_LOG2].name = (char *)"h.LOG2";
	s.log[HD_TXLOG_LOG2].not_read = "is a FIFO, not a regular file";
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "h.LOG2: not read: it is a FIFO");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* Issue 12: an entry claiming a hive far larger than the primary and the
 * logs together (here 1 GiB from a few KiB) is refused, no image is made. */
Test(txlog_choice, declared_size_beyond_inputs_refused)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0, huge = 1024u * 1024u * 1024u - BIN;

	hd_tb_newlog_init(&l, 2, BIN);
	hd_tb_newlog_entry(&l, 2, huge, &off, 1, 0x22);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "more than the primary and the logs");
	cr_expect_null(o.img);
	hd_tb_outcome_clear(&o);
	free(p);
}
