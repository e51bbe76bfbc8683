/*
 * test_txlog.c - transaction-log replay over hand-built hives and logs:
 * the valid old and new formats, the choice and order of logs, and every
 * validation that refuses a log.  Layouts from the Windows registry file
 * format specification (msuhanov/regf), as in src/txlog.h.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "regf.h"
#include "txlog.h"

#define BIN 4096u
#define SECTOR 512u
#define FILETIME_A 0x01d295059e68e89eull

/* ---- builders ------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A base block (first 512 bytes matter) of the given type and sequence. */
static void base_block(uint8_t *b, uint32_t type, uint32_t seq1, uint32_t seq2,
                       uint32_t hbins, uint64_t written)
{
	memcpy(b, "regf", 4);
	put32(b + 4, seq1);
	put32(b + 8, seq2);
	put64(b + 12, written);
	put32(b + 20, 1);
	put32(b + 24, 5);
	put32(b + 28, type);
	put32(b + 32, 1);
	put32(b + 36, 0x20);
	put32(b + 40, hbins);
	put32(b + 44, 1);
	put32(b + 508, hd_regf_checksum(b));
}

/* A hive bin of one page whose body is filled with fill. */
static void hive_bin(uint8_t *p, uint32_t offset, uint8_t fill)
{
	memset(p, fill, BIN);
	memcpy(p, "hbin", 4);
	put32(p + 4, offset);
	put32(p + 8, BIN);
	memset(p + 12, 0, 20);
}

/* A primary with nbins one-page bins (fill 0xA0 + i), sequence seq1/seq2. */
static uint8_t *primary_new(uint32_t nbins, uint32_t seq1, uint32_t seq2, size_t *len)
{
	uint8_t *p = calloc(1, BIN * (1 + nbins));

	cr_assert_not_null(p);
	base_block(p, 0, seq1, seq2, nbins * BIN, FILETIME_A);
	for (uint32_t i = 0; i < nbins; i++)
		hive_bin(p + BIN * (1 + i), i * BIN, (uint8_t)(0xA0 + i));
	*len = BIN * (1 + nbins);
	return p;
}

/* New-format log under construction. */
struct newlog {
	uint8_t buf[64 * 1024];
	size_t len;
};

static void newlog_init(struct newlog *l, uint32_t seq, uint32_t hbins)
{
	memset(l, 0, sizeof *l);
	base_block(l->buf, 6, seq, seq, hbins, FILETIME_A);
	l->len = SECTOR;
}

/* Append an entry holding one hive bin page for each offset in offs[]. */
static uint8_t *newlog_entry(struct newlog *l, uint32_t seq, uint32_t hbins,
                             const uint32_t *offs, uint32_t n, uint8_t fill)
{
	uint8_t *e = l->buf + l->len;
	size_t hdr = 40 + 8u * n, size = (hdr + n * BIN + SECTOR - 1) / SECTOR * SECTOR;

	cr_assert_leq(l->len + size, sizeof l->buf);
	memcpy(e, "HvLE", 4);
	put32(e + 4, (uint32_t)size);
	put32(e + 12, seq);
	put32(e + 16, hbins);
	put32(e + 20, n);
	for (uint32_t i = 0; i < n; i++) {
		put32(e + 40 + 8 * i, offs[i]);
		put32(e + 44 + 8 * i, BIN);
		hive_bin(e + hdr + i * BIN, offs[i], fill);
	}
	put64(e + 24, hd_marvin32(e + 40, size - 40, HD_TXLOG_MARVIN_SEED));
	put64(e + 32, hd_marvin32(e, 32, HD_TXLOG_MARVIN_SEED));
	l->len += size;
	return e;
}

/* Recompute both hashes after a test tampered with an entry. */
static void rehash(uint8_t *e)
{
	put64(e + 24, hd_marvin32(e + 40, get32(e + 4) - 40, HD_TXLOG_MARVIN_SEED));
	put64(e + 32, hd_marvin32(e, 32, HD_TXLOG_MARVIN_SEED));
}

static void set_log(struct hd_txlog_set *s, enum hd_txlog_slot slot, const char *name,
                    uint8_t *data, size_t len)
{
	s->log[slot].name = (char *)name;
	s->log[slot].data = data;
	s->log[slot].len = len;
	s->log[slot].size = len;
}

/* Old-format log: dirty vector for hbins bytes, the given dirty pages. */
static size_t oldlog_build(uint8_t *buf, uint32_t seq, uint32_t hbins, uint64_t written,
                           const uint32_t *pages, uint32_t n, uint8_t fill)
{
	size_t start = (SECTOR + 4 + hbins / 4096 + SECTOR - 1) / SECTOR * SECTOR;

	base_block(buf, 1, seq, seq, hbins, written);
	memcpy(buf + SECTOR, "DIRT", 4);
	for (uint32_t i = 0; i < n; i++) {
		buf[SECTOR + 4 + pages[i] / 8] |= (uint8_t)(1u << (pages[i] % 8));
		memset(buf + start + SECTOR * i, fill + (int)i, SECTOR);
	}
	return start + SECTOR * n;
}

struct outcome {
	int rc;
	struct hd_recovery rec;
	uint8_t *img;
	size_t len;
};

static struct outcome run(const uint8_t *primary, size_t plen, const struct hd_txlog_set *s)
{
	struct outcome o;

	o.rc = hd_txlog_recover(primary, plen, s, &o.rec, &o.img, &o.len);
	return o;
}

static void outcome_clear(struct outcome *o)
{
	free(o->img);
	hd_recovery_clear(&o->rec);
}

static void expect_refused(struct outcome *o, const char *needle)
{
	cr_expect_eq(o->rc, 0);
	cr_expect_null(o->img);
	cr_expect_eq(o->rec.applied, 0);
	cr_expect(strstr(o->rec.refused_reason, needle) != NULL,
	          "reason '%s' lacks '%s'", o->rec.refused_reason, needle);
}

/* The recovered base block is clean, primary-typed and checksummed. */
static void expect_clean_base(const uint8_t *img, uint32_t seq, uint32_t hbins)
{
	cr_expect_eq(get32(img + 4), seq);
	cr_expect_eq(get32(img + 8), seq);
	cr_expect_eq(get32(img + 28), 0u);
	cr_expect_eq(get32(img + 40), hbins);
	cr_expect_eq(get32(img + 508), hd_regf_checksum(img));
}

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
	struct newlog l;
	size_t plen;
	uint8_t *p = primary_new(2, 3, 2, &plen);
	uint32_t off0 = 0, off1 = BIN;

	newlog_init(&l, 2, 2 * BIN);
	newlog_entry(&l, 2, 2 * BIN, &off0, 1, 0x11);
	newlog_entry(&l, 3, 2 * BIN, &off1, 1, 0x22);
	newlog_entry(&l, 3, 2 * BIN, &off0, 1, 0x33);   /* not 4: the chain ends */
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_str_eq(o.rec.format, "new");
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.rec.sequence_after, 3u);
	cr_expect_eq(o.rec.n_logs_applied, 1u);
	cr_expect_eq(o.img[BIN + 100], 0x11);
	cr_expect_eq(o.img[2 * BIN + 100], 0x22);
	expect_clean_base(o.img, 3, 2 * BIN);
	cr_expect_eq(p[BIN + 100], 0xA0, "the primary buffer is untouched");
	outcome_clear(&o);
	free(p);
}

/* The log with the earlier sequence goes first even when it is LOG2. */
Test(txlog, new_format_orders_logs_by_sequence)
{
	struct hd_txlog_set s = { 0 };
	struct newlog a, b;
	size_t plen;
	uint8_t *p = primary_new(1, 5, 4, &plen);
	uint32_t off = 0;

	newlog_init(&a, 5, BIN);
	newlog_entry(&a, 5, BIN, &off, 1, 0x55);        /* later: written second */
	newlog_init(&b, 4, BIN);
	newlog_entry(&b, 4, BIN, &off, 1, 0x44);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.rec.sequence_after, 5u);
	cr_assert_eq(o.rec.n_logs_applied, 2u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_str_eq(o.rec.logs_applied[1], "h.LOG1");
	cr_expect_eq(o.img[BIN + 100], 0x55, "the later entry wins");
	outcome_clear(&o);
	free(p);
}

/* A log older than the primary's secondary sequence is skipped, the other used. */
Test(txlog, new_format_skips_reconciled_log)
{
	struct hd_txlog_set s = { 0 };
	struct newlog a, b;
	size_t plen;
	uint8_t *p = primary_new(1, 8, 7, &plen);
	uint32_t off = 0;

	newlog_init(&a, 3, BIN);
	newlog_entry(&a, 3, BIN, &off, 1, 0x33);
	newlog_init(&b, 9, BIN);
	newlog_entry(&b, 9, BIN, &off, 1, 0x99);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.rec.sequence_after, 9u);
	cr_expect_eq(o.img[BIN + 100], 0x99);
	outcome_clear(&o);
	free(p);
}

/* Logs whose entries all precede the primary's sequence apply nothing. */
Test(txlog, new_format_stale_logs_refused)
{
	struct hd_txlog_set s = { 0 };
	struct newlog a;
	size_t plen;
	uint8_t *p = primary_new(1, 8, 7, &plen);
	uint32_t off = 0;

	newlog_init(&a, 3, BIN);
	newlog_entry(&a, 3, BIN, &off, 1, 0x33);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	struct outcome o = run(p, plen, &s);

	expect_refused(&o, "older than the hive");
	outcome_clear(&o);
	free(p);
}

/* An entry with a larger hive bins size grows the image and the base block. */
Test(txlog, new_format_grows_hive)
{
	struct hd_txlog_set s = { 0 };
	struct newlog l;
	size_t plen;
	uint8_t *p = primary_new(1, 2, 1, &plen);
	uint32_t off = BIN;

	newlog_init(&l, 1, BIN);
	newlog_entry(&l, 1, 2 * BIN, &off, 1, 0x77);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.len, 3 * BIN);
	cr_expect_eq(o.rec.hbins_size_after, 2 * BIN);
	cr_expect_eq(o.img[2 * BIN + 100], 0x77);
	expect_clean_base(o.img, 1, 2 * BIN);
	outcome_clear(&o);
	free(p);
}

/* ---- new format: every validation refuses the log whole -------------- */

static void t_data_byte(uint8_t *e, struct newlog *l) { (void)l; e[48 + 200] ^= 1; }
static void t_flags(uint8_t *e, struct newlog *l) { (void)l; put32(e + 8, 1); }
static void t_page_outside(uint8_t *e, struct newlog *l) { (void)l; put32(e + 40, 2 * BIN); rehash(e); }
static void t_page_unaligned(uint8_t *e, struct newlog *l) { (void)l; put32(e + 40, 100); rehash(e); }
static void t_pages_overflow(uint8_t *e, struct newlog *l) { (void)l; put32(e + 16, 4 * BIN); put32(e + 44, 3 * BIN); rehash(e); }
static void t_size_past_eof(uint8_t *e, struct newlog *l) { (void)l; put32(e + 4, 0x100000); }
static void t_size_unaligned(uint8_t *e, struct newlog *l) { (void)l; put32(e + 4, get32(e + 4) - 8); }
static void t_hbins_unaligned(uint8_t *e, struct newlog *l) { (void)l; put32(e + 16, BIN + 512); rehash(e); }
static void t_count_zero(uint8_t *e, struct newlog *l) { (void)l; put32(e + 20, 0); rehash(e); }
static void t_count_huge(uint8_t *e, struct newlog *l) { (void)l; put32(e + 20, 100000); rehash(e); }
static void t_first_seq(uint8_t *e, struct newlog *l) { (void)l; put32(e + 12, 9); rehash(e); }
static void t_signature(uint8_t *e, struct newlog *l) { (void)l; memcpy(e, "HvLF", 4); }
static void t_base_checksum(uint8_t *e, struct newlog *l) { (void)e; l->buf[100] ^= 1; }
static void t_base_seq(uint8_t *e, struct newlog *l)
{
	(void)e;
	put32(l->buf + 8, 1);
	put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_base_type(uint8_t *e, struct newlog *l)
{
	(void)e;
	put32(l->buf + 28, 0);
	put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_base_cluster(uint8_t *e, struct newlog *l)
{
	(void)e;
	put32(l->buf + 44, 8);
	put32(l->buf + 508, hd_regf_checksum(l->buf));
}
static void t_next_bad_hash(uint8_t *e, struct newlog *l)
{
	uint32_t off = 0;
	uint8_t *next = newlog_entry(l, 3, BIN, &off, 1, 0x66);

	(void)e;
	next[40 + 8 + 300] ^= 0x80;   /* entry 3 claims to continue but is damaged */
}

struct tamper {
	void (*fn)(uint8_t *entry, struct newlog *l);
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
		struct newlog l;
		size_t plen;
		uint8_t *p = primary_new(1, 3, 2, &plen);
		uint32_t off = 0;
		uint8_t *e;

		newlog_init(&l, 2, BIN);
		e = newlog_entry(&l, 2, BIN, &off, 1, 0x22);
		tampers[i].fn(e, &l);
		set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
		struct outcome o = run(p, plen, &s);

		cr_expect_eq(o.rc, 0, "tamper %zu applied", i);
		cr_expect_eq(o.rec.applied, 0);
		cr_expect(strncmp(o.rec.refused_reason, "h.LOG1: ", 8) == 0 &&
		          strstr(o.rec.refused_reason, tampers[i].reason) != NULL,
		          "tamper %zu: reason '%s' lacks '%s'", i, o.rec.refused_reason,
		          tampers[i].reason);
		outcome_clear(&o);
		free(p);
	}
}

/* An older entry left after the chain (lower sequence) ends it quietly. */
Test(txlog, new_format_remnant_entry_ends_chain)
{
	struct hd_txlog_set s = { 0 };
	struct newlog l;
	size_t plen;
	uint8_t *p = primary_new(1, 3, 2, &plen);
	uint32_t off = 0;
	uint8_t *old;

	newlog_init(&l, 2, BIN);
	newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	old = newlog_entry(&l, 1, BIN, &off, 1, 0x11);
	old[300] ^= 0xff;   /* remnants are not validated: they are not applied */
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_eq(o.rec.entries_applied, 1u);
	cr_expect_eq(o.img[BIN + 100], 0x22);
	outcome_clear(&o);
	free(p);
}

/* A replay that leaves a broken hive bin is refused, not handed to hivex. */
Test(txlog, new_format_broken_bin_after_replay_refused)
{
	struct hd_txlog_set s = { 0 };
	struct newlog l;
	size_t plen;
	uint8_t *p = primary_new(1, 3, 2, &plen);
	uint32_t off = 0;
	uint8_t *e;

	newlog_init(&l, 2, BIN);
	e = newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	memcpy(e + 48, "junk", 4);
	rehash(e);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct outcome o = run(p, plen, &s);

	expect_refused(&o, "hive bin at offset 0x0 is invalid");
	outcome_clear(&o);
	free(p);
}

/* ---- old format ----------------------------------------------------- */

/* Dirty pages land at 4096 + 512 * bit, in bitmap order. */
Test(txlog, old_format_applies_dirty_pages)
{
	static uint8_t log[8192];
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = primary_new(2, 5, 4, &plen);
	uint32_t pages[] = { 3, 9 };   /* inside bin 0 and bin 1, past their headers */
	size_t llen;

	memset(log, 0, sizeof log);
	llen = oldlog_build(log, 5, 2 * BIN, FILETIME_A, pages, 2, 0x40);
	set_log(&s, HD_TXLOG_LOG, "h.LOG", log, llen);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_expect_str_eq(o.rec.format, "old");
	cr_expect_eq(o.rec.entries_applied, 2u);
	cr_expect_eq(o.img[BIN + 3 * SECTOR], 0x40);
	cr_expect_eq(o.img[BIN + 9 * SECTOR + 511], 0x41);
	cr_expect_eq(o.img[BIN + 4 * SECTOR], 0xA0, "clean pages keep the primary's bytes");
	expect_clean_base(o.img, 5, 2 * BIN);
	outcome_clear(&o);
	free(p);
}

/* Of two old logs the one written last is used; LOG wins no vote beside them. */
Test(txlog, old_format_picks_latest_log)
{
	static uint8_t a[4096], b[4096], c[4096];
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = primary_new(1, 5, 4, &plen);
	uint32_t page = 2;
	size_t la, lb, lc;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	memset(c, 0xee, sizeof c);  /* a leftover .LOG that is not even a log */
	la = oldlog_build(a, 5, BIN, FILETIME_A, &page, 1, 0x10);
	lb = oldlog_build(b, 5, BIN, FILETIME_A + 10, &page, 1, 0x20);
	lc = sizeof c;
	set_log(&s, HD_TXLOG_LOG, "h.LOG", c, lc);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a, la);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b, lb);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.img[BIN + 2 * SECTOR], 0x20);
	cr_expect_eq(o.rec.n_logs_found, 3u);
	outcome_clear(&o);
	free(p);
}

/* Old-format refusals: no DIRT, truncated pages, empty vector, log older than hive. */
Test(txlog, old_format_each_validation_refuses)
{
	static uint8_t log[8192];
	uint32_t page = 2;
	size_t plen, llen;
	uint8_t *p = primary_new(1, 5, 4, &plen);
	const char *want[] = { "no DIRT signature", "truncated: 1 dirty pages",
	                       "marks no page", "written before the primary" };

	for (int i = 0; i < 4; i++) {
		struct hd_txlog_set s = { 0 };

		memset(log, 0, sizeof log);
		llen = oldlog_build(log, 5, BIN, i == 3 ? FILETIME_A - 1 : FILETIME_A, &page,
		                    i == 2 ? 0 : 1, 0x10);
		if (i == 0)
			memcpy(log + SECTOR, "DIRt", 4);
		if (i == 1)
			llen -= 1;
		set_log(&s, HD_TXLOG_LOG, "h.LOG", log, llen);
		struct outcome o = run(p, plen, &s);

		expect_refused(&o, want[i]);
		outcome_clear(&o);
	}
	free(p);
}

/* ---- choice of logs ------------------------------------------------- */

/* A clean hive is never replayed, whatever its logs say. */
Test(txlog, clean_hive_not_replayed)
{
	struct hd_txlog_set s = { 0 };
	struct newlog l;
	size_t plen;
	uint8_t *p = primary_new(1, 4, 4, &plen);
	uint32_t off = 0;

	newlog_init(&l, 4, BIN);
	newlog_entry(&l, 4, BIN, &off, 1, 0x44);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	struct outcome o = run(p, plen, &s);

	cr_expect_eq(o.rc, 0);
	cr_expect_eq(o.rec.dirty, 0);
	cr_expect_str_eq(o.rec.refused_reason, "");
	cr_expect_eq(o.rec.n_logs_found, 1u);
	cr_expect_null(o.img);
	outcome_clear(&o);
	free(p);
}

/* A dirty hive whose logs are absent or empty says so. */
Test(txlog, dirty_without_logs_refused)
{
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = primary_new(1, 4, 3, &plen);

	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", NULL, 0);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", NULL, 0);
	struct outcome o = run(p, plen, &s);

	expect_refused(&o, "no non-empty transaction log");
	cr_expect_eq(o.rec.dirty, 1);
	cr_expect_eq(o.rec.n_logs_found, 2u, "empty logs count as found");
	outcome_clear(&o);
	free(p);
}

/* LOG1 in the new format and LOG2 in the old one are refused together. */
Test(txlog, mixed_formats_refused)
{
	static uint8_t old[4096];
	struct hd_txlog_set s = { 0 };
	struct newlog l;
	size_t plen, olen;
	uint8_t *p = primary_new(1, 3, 2, &plen);
	uint32_t off = 0, page = 2;

	newlog_init(&l, 2, BIN);
	newlog_entry(&l, 2, BIN, &off, 1, 0x22);
	memset(old, 0, sizeof old);
	olen = oldlog_build(old, 3, BIN, FILETIME_A, &page, 1, 0x10);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", l.buf, l.len);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", old, olen);
	struct outcome o = run(p, plen, &s);

	expect_refused(&o, "mix the old and new log formats");
	outcome_clear(&o);
	free(p);
}

/* A log that could not be read is refused by name, with the cause. */
Test(txlog, unreadable_log_refused)
{
	struct hd_txlog_set s = { 0 };
	size_t plen;
	uint8_t *p = primary_new(1, 3, 2, &plen);

	s.log[HD_TXLOG_LOG1].name = (char *)"h.LOG1";
	s.log[HD_TXLOG_LOG1].read_errno = EFBIG;
	struct outcome o = run(p, plen, &s);

	expect_refused(&o, "h.LOG1: not read");
	outcome_clear(&o);
	free(p);
}

/* A broken primary base block is rebuilt from the log with the latest entries. */
Test(txlog, broken_primary_base_block_taken_from_log)
{
	struct hd_txlog_set s = { 0 };
	struct newlog a, b;
	size_t plen;
	uint8_t *p = primary_new(1, 3, 2, &plen);
	uint32_t off = 0;

	p[508] ^= 0xff;     /* checksum wrong: the hive is dirty, its fields untrusted */
	newlog_init(&a, 2, BIN);
	newlog_entry(&a, 2, BIN, &off, 1, 0x22);
	newlog_init(&b, 3, BIN);
	newlog_entry(&b, 3, BIN, &off, 1, 0x33);
	set_log(&s, HD_TXLOG_LOG1, "h.LOG1", a.buf, a.len);
	set_log(&s, HD_TXLOG_LOG2, "h.LOG2", b.buf, b.len);
	struct outcome o = run(p, plen, &s);

	cr_assert_eq(o.rc, 1, "refused: %s", o.rec.refused_reason);
	cr_assert_eq(o.rec.n_logs_applied, 1u);
	cr_expect_str_eq(o.rec.logs_applied[0], "h.LOG2");
	cr_expect_eq(o.img[BIN + 100], 0x33);
	expect_clean_base(o.img, 3, BIN);
	outcome_clear(&o);
	free(p);
}
