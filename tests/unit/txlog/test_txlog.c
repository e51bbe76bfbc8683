/*
 * test_txlog.c - transaction-log replay over hand-built new-format logs:
 * Marvin32, the order of entries and logs, and every validation that
 * refuses a log (builders in txlog_build.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "txlog/txlog.h"
#include "txlog_build.h"

TestSuite(txlog);

/* ---- Marvin32 ------------------------------------------------------- */

/* hd_marvin32 matches the dotnet/runtime MarvinTests vectors (Seed1, 0-7 bytes). */
Test(txlog, marvin32_reference_vectors)
{
	static const uint8_t data[] = { 0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7 };
	static const struct { const uint8_t *in; size_t len; uint64_t want; } v[] = {
		{ (const uint8_t *)"", 0, 0x30ED35C100CD3C7Dull },
		{ (const uint8_t *)"\xaf", 1, 0x48E73FC77D75DDC1ull },
		{ (const uint8_t *)"\xe7\x0f", 2, 0xB5F6E1FC485DBFF8ull },
		{ (const uint8_t *)"\x37\xf4\x95", 3, 0xF0B07C789B8CF7E8ull },
		{ (const uint8_t *)"\x86\x42\xdc\x59", 4, 0x7008F2E87E9CF556ull },
		{ (const uint8_t *)"\x15\x3f\xb7\x98\x26", 5, 0xE6C08C6DA2AFA997ull },
		{ (const uint8_t *)"\x09\x32\xe6\x24\x6c\x47", 6, 0x6F04BF1A5EA24060ull },
		{ data, 7, 0xE11847E4F0678C41ull },
	};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		cr_expect_eq(hd_marvin32(v[i].in, v[i].len, 0x004FB61A001BDBCCull), v[i].want,
		             "vector %zu", i);
}

/* ---- new format ----------------------------------------------------- */

/* Entries 2 and 3 of LOG1 replay over a primary at 3/2: pages land, base block clean. */
Test(txlog, new_format_applies_entries_in_order)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(2, 3, 2, &plen);
	uint32_t off0 = 0, off1 = BIN;

	hd_tb_newlog_init(&l, 2, 2 * BIN);
	hd_tb_newlog_entry(&l, 2, 2 * BIN, &off0, 1, 0x11);
	hd_tb_newlog_entry(&l, 3, 2 * BIN, &off1, 1, 0x22);
	hd_tb_newlog_entry(&l, 3, 2 * BIN, &off0, 1, 0x33);   /* not 4: the chain ends */
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_str_eq(o.rec.format, "new");
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.rec.sequence_after, 3u);
	cr_expect_eq(o.rec.n_logs_applied, 1u);
	cr_expect_eq(o.img[BIN + 100], 0x11);
	cr_expect_eq(o.img[2 * BIN + 100], 0x22);
	hd_tb_expect_clean_base(o.img, 3, 2 * BIN);
	cr_expect_eq(p[BIN + 100], 0xA0, "the primary buffer is untouched");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* The log with the earlier sequence goes first even when it is LOG2. */
Test(txlog, new_format_orders_logs_by_sequence)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog a, b;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 5, 4, &plen);
	uint32_t off = 0;

	hd_tb_newlog_init(&a, 5, BIN);
	hd_tb_newlog_entry(&a, 5, BIN, &off, 1, 0x55);        /* later: written second */
	hd_tb_newlog_init(&b, 4, BIN);
	hd_tb_newlog_entry(&b, 4, BIN, &off, 1, 0x44);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.rec.sequence_after, 5u);
	cr_assert_eq(o.rec.n_logs_applied, 2u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_str_eq(o.rec.logs_applied[1], "h.LOG1");
	/* What each log contributed, for the report's per-log provenance. */
	cr_expect_eq(o.rec.taken[0].entries, 1u);
	cr_expect_eq(o.rec.taken[0].have_seq, 1);
	cr_expect_eq(o.rec.taken[0].first_seq, 4u);
	cr_expect_eq(o.rec.taken[0].last_seq, 4u);
	cr_expect_eq(o.rec.taken[1].entries, 1u);
	cr_expect_eq(o.rec.taken[1].first_seq, 5u);
	cr_expect_eq(o.rec.taken[1].last_seq, 5u);
	cr_expect_eq(o.img[BIN + 100], 0x55, "the later entry wins");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* A log older than the primary's secondary sequence is skipped, the other used. */
Test(txlog, new_format_skips_reconciled_log)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog a, b;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 8, 7, &plen);
	uint32_t off = 0;

	hd_tb_newlog_init(&a, 3, BIN);
	hd_tb_newlog_entry(&a, 3, BIN, &off, 1, 0x33);
	hd_tb_newlog_init(&b, 9, BIN);
	hd_tb_newlog_entry(&b, 9, BIN, &off, 1, 0x99);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	hd_tb_set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.rec.sequence_after, 9u);
	cr_expect_eq(o.img[BIN + 100], 0x99);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* Logs whose entries all precede the primary's sequence apply nothing. */
Test(txlog, new_format_stale_logs_refused)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog a;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 8, 7, &plen);
	uint32_t off = 0;

	hd_tb_newlog_init(&a, 3, BIN);
	hd_tb_newlog_entry(&a, 3, BIN, &off, 1, 0x33);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "older than the hive");
	hd_tb_outcome_clear(&o);
	free(p);
}

/* An entry with a larger hive bins size grows the image and the base block. */
Test(txlog, new_format_grows_hive)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 2, 1, &plen);
	uint32_t off = BIN;

	hd_tb_newlog_init(&l, 1, BIN);
	hd_tb_newlog_entry(&l, 1, 2 * BIN, &off, 1, 0x77);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.len, 3 * BIN);
	cr_expect_eq(o.rec.hbins_size_after, 2 * BIN);
	cr_expect_eq(o.img[2 * BIN + 100], 0x77);
	hd_tb_expect_clean_base(o.img, 1, 2 * BIN);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* ---- new format: every validation refuses the log whole -------------- */

static void t_data_byte(uint8_t *e, struct hd_tb_newlog *l) { (void)l; e[48 + 200] ^= 1; }
static void t_flags(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 8, 1); }
static void t_page_outside(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 40, 2 * BIN); hd_tb_rehash(e); }
static void t_page_unaligned(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 40, 100); hd_tb_rehash(e); }
static void t_pages_overflow(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 16, 4 * BIN); hd_tb_put32(e + 44, 3 * BIN); hd_tb_rehash(e); }
static void t_size_past_eof(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 4, 0x100000); }
static void t_size_unaligned(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 4, hd_tb_get32(e + 4) - 8); }
static void t_hbins_unaligned(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 16, BIN + 512); hd_tb_rehash(e); }
static void t_count_zero(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 20, 0); hd_tb_rehash(e); }
static void t_count_huge(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 20, 100000); hd_tb_rehash(e); }
static void t_first_seq(uint8_t *e, struct hd_tb_newlog *l) { (void)l; hd_tb_put32(e + 12, 9); hd_tb_rehash(e); }
static void t_signature(uint8_t *e, struct hd_tb_newlog *l) { (void)l; memcpy(e, "HvLF", 4); }
static void t_base_checksum(uint8_t *e, struct hd_tb_newlog *l) { (void)e; l->buf[100] ^= 1; }
static void t_base_seq(uint8_t *e, struct hd_tb_newlog *l)
{
	(void)e;
	hd_tb_put32(l->buf + 8, 1);
	hd_tb_put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_base_type(uint8_t *e, struct hd_tb_newlog *l)
{
	(void)e;
	hd_tb_put32(l->buf + 28, 0);
	hd_tb_put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_base_cluster(uint8_t *e, struct hd_tb_newlog *l)
{
	(void)e;
	hd_tb_put32(l->buf + 44, 8);
	hd_tb_put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_next_bad_hash(uint8_t *e, struct hd_tb_newlog *l)
{
	uint32_t off = 0;
	uint8_t *next = hd_tb_newlog_entry(l, 3, BIN, &off, 1, 0x66);

	(void)e;
	next[40 + 8 + 300] ^= 0x80;   /* entry 3 claims to continue but is damaged */
}

struct tamper {
	void (*fn)(uint8_t *entry, struct hd_tb_newlog *l);
	const char *reason;
};

static const struct tamper tampers[] = {
	{ t_data_byte, "Hash-1 mismatch" },
	{ t_flags, "Hash-2 mismatch" },
	{ t_page_outside, "outside the 4096-byte hive bins" },
	{ t_page_unaligned, "outside" },
	{ t_pages_overflow, "pages need" },
	{ t_size_past_eof, "within the file" },
	{ t_size_unaligned, "within the file" },
	{ t_hbins_unaligned, "invalid hive bins size" },
	{ t_count_zero, "invalid dirty page count 0" },
	{ t_count_huge, "invalid dirty page count" },
	{ t_first_seq, "first entry has sequence 9, the base block 2" },
	{ t_signature, "no log entry at offset 0x200" },
	{ t_base_checksum, "base block checksum" },
	{ t_base_seq, "sequence numbers differ" },
	{ t_base_type, "not a transaction log" },
	{ t_base_cluster, "clustering factor 8" },
	{ t_next_bad_hash, "entry at 0x1400: Hash-1 mismatch" },
};

/* Each tampering of a valid one-entry log is refused with a precise reason. */
Test(txlog, new_format_each_validation_refuses)
{
	for (size_t i = 0; i < sizeof tampers / sizeof tampers[0]; i++) {
		struct hd_txlog_set s = { 0 };
		struct hd_tb_newlog l;
		size_t plen;
		uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
		uint32_t off = 0;
		uint8_t *e;

		hd_tb_newlog_init(&l, 2, BIN);
		e = hd_tb_newlog_entry(&l, 2, BIN, &off, 1, 0x22);
		tampers[i].fn(e, &l);
		hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
		struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

		cr_expect_eq(o.rc, 0, "tamper %zu applied", i);
		cr_expect_eq(o.rec.applied, 0);
		cr_expect(strncmp(o.rec.refused_reason, "h.LOG1: ", 8) == 0 &&
		          strstr(o.rec.refused_reason, tampers[i].reason) != NULL,
		          "tamper %zu: reason '%s' lacks '%s'", i, o.rec.refused_reason,
		          tampers[i].reason);
		hd_tb_outcome_clear(&o);
		free(p);
	}
}

/* An older entry left after the chain (lower sequence) ends it quietly. */
Test(txlog, new_format_remnant_entry_ends_chain)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0;
	uint8_t *old;

	hd_tb_newlog_init(&l, 2, BIN);
	hd_tb_newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	old = hd_tb_newlog_entry(&l, 1, BIN, &off, 1, 0x11);
	old[300] ^= 0xff;   /* remnants are not validated: they are not applied */
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.rec.entries_applied, 1u);
	cr_expect_eq(o.img[BIN + 100], 0x22);
	hd_tb_outcome_clear(&o);
	free(p);
}

/* A replay that leaves a broken hive bin is refused, not handed to hivex. */
Test(txlog, new_format_broken_bin_after_replay_refused)
{
	struct hd_txlog_set s = { 0 };
	struct hd_tb_newlog l;
	size_t plen;
	uint8_t *p = hd_tb_primary_new(1, 3, 2, &plen);
	uint32_t off = 0;
	uint8_t *e;

	hd_tb_newlog_init(&l, 2, BIN);
	e = hd_tb_newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	memcpy(e + 48, "junk", 4);
	hd_tb_rehash(e);
	hd_tb_set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct hd_tb_outcome o = hd_tb_run(p, plen, &s);

	hd_tb_expect_refused(&o, "hive bin at offset 0x0 is invalid");
	hd_tb_outcome_clear(&o);
	free(p);
}
