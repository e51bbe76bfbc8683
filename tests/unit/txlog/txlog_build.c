/*
 * txlog_build.c - builders for the txlog unit tests: a primary hive of
 * one-page hive bins, old-format logs (DIRT vector and pages) and
 * new-format logs (HvLE entries with their Marvin32 hashes), laid out as
 * the Windows registry file format specification (msuhanov/regf) says.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "txlog_build.h"

void hd_tb_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void hd_tb_put64(uint8_t *p, uint64_t v)
{
	hd_tb_put32(p, (uint32_t)v);
	hd_tb_put32(p + 4, (uint32_t)(v >> 32));
}

uint32_t hd_tb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A base block (first 512 bytes matter) of the given type and sequence. */
void hd_tb_base_block(uint8_t *b, uint32_t type, uint32_t seq1, uint32_t seq2,
                       uint32_t hbins, uint64_t written)
{
	memcpy(b, "regf", 4);
	hd_tb_put32(b + 4, seq1);
	hd_tb_put32(b + 8, seq2);
	hd_tb_put64(b + 12, written);
	hd_tb_put32(b + 20, 1);
	hd_tb_put32(b + 24, 5);
	hd_tb_put32(b + 28, type);
	hd_tb_put32(b + 32, 1);
	hd_tb_put32(b + 36, 0x20);
	hd_tb_put32(b + 40, hbins);
	hd_tb_put32(b + 44, 1);
	hd_tb_put32(b + 508, hd_regf_checksum(b));
}

/* A hive bin of one page whose body is filled with fill. */
void hd_tb_hive_bin(uint8_t *p, uint32_t offset, uint8_t fill)
{
	memset(p, fill, BIN);
	memcpy(p, "hbin", 4);
	hd_tb_put32(p + 4, offset);
	hd_tb_put32(p + 8, BIN);
	memset(p + 12, 0, 20);
}

/* A primary with nbins one-page bins (fill 0xA0 + i), sequence seq1/seq2. */
uint8_t *hd_tb_primary_new(uint32_t nbins, uint32_t seq1, uint32_t seq2, size_t *len)
{
	uint8_t *p = calloc(1, BIN * (1 + nbins));

	cr_assert_not_null(p);
	hd_tb_base_block(p, 0, seq1, seq2, nbins * BIN, FILETIME_A);
	for (uint32_t i = 0; i < nbins; i++)
		hd_tb_hive_bin(p + BIN * (1 + i), i * BIN, (uint8_t)(0xA0 + i));
	*len = BIN * (1 + nbins);
	return p;
}

void hd_tb_newlog_init(struct hd_tb_newlog *l, uint32_t seq, uint32_t hbins)
{
	memset(l, 0, sizeof *l);
	hd_tb_base_block(l->buf, 6, seq, seq, hbins, FILETIME_A);
	l->len = SECTOR;
}

/* Append an entry holding one hive bin page for each offset in offs[]. */
uint8_t *hd_tb_newlog_entry(struct hd_tb_newlog *l, uint32_t seq, uint32_t hbins,
                             const uint32_t *offs, uint32_t n, uint8_t fill)
{
	uint8_t *e = l->buf + l->len;
	size_t hdr = 40 + 8u * n, size = (hdr + n * BIN + SECTOR - 1) / SECTOR * SECTOR;

	cr_assert_leq(l->len + size, sizeof l->buf);
	memcpy(e, "HvLE", 4);
	hd_tb_put32(e + 4, (uint32_t)size);
	hd_tb_put32(e + 12, seq);
	hd_tb_put32(e + 16, hbins);
	hd_tb_put32(e + 20, n);
	for (uint32_t i = 0; i < n; i++) {
		hd_tb_put32(e + 40 + 8 * i, offs[i]);
		hd_tb_put32(e + 44 + 8 * i, BIN);
		hd_tb_hive_bin(e + hdr + i * BIN, offs[i], fill);
	}
	hd_tb_put64(e + 24, hd_marvin32(e + 40, size - 40, HD_TXLOG_MARVIN_SEED));
	hd_tb_put64(e + 32, hd_marvin32(e, 32, HD_TXLOG_MARVIN_SEED));
	l->len += size;
	return e;
}

/* Recompute both hashes after a test tampered with an entry. */
void hd_tb_rehash(uint8_t *e)
{
	hd_tb_put64(e + 24, hd_marvin32(e + 40, hd_tb_get32(e + 4) - 40, HD_TXLOG_MARVIN_SEED));
	hd_tb_put64(e + 32, hd_marvin32(e, 32, HD_TXLOG_MARVIN_SEED));
}

void hd_tb_set_log(struct hd_txlog_set *s, enum hd_txlog_slot slot, const char *name,
                    uint8_t *data, size_t len)
{
	s->log[slot].name = (char *)name;
	s->log[slot].data = data;
	s->log[slot].len = len;
	s->log[slot].size = len;
}

/* Old-format log: dirty vector for hbins bytes, the given dirty pages. */
size_t hd_tb_oldlog_build(uint8_t *buf, uint32_t seq, uint32_t hbins, uint64_t written,
                           const uint32_t *pages, uint32_t n, uint8_t fill)
{
	size_t start = (SECTOR + 4 + hbins / 4096 + SECTOR - 1) / SECTOR * SECTOR;

	hd_tb_base_block(buf, 1, seq, seq, hbins, written);
	memcpy(buf + SECTOR, "DIRT", 4);
	for (uint32_t i = 0; i < n; i++) {
		buf[SECTOR + 4 + pages[i] / 8] |= (uint8_t)(1u << (pages[i] % 8));
		memset(buf + start + SECTOR * i, fill + (int)i, SECTOR);
	}
	return start + SECTOR * n;
}

struct hd_tb_outcome hd_tb_run(const uint8_t *primary, size_t plen, const struct hd_txlog_set *s)
{
	struct hd_tb_outcome o;

	o.rc = hd_txlog_recover(primary, plen, s, &o.rec, &o.img, &o.len);
	return o;
}

void hd_tb_outcome_clear(struct hd_tb_outcome *o)
{
	free(o->img);
	hd_recovery_clear(&o->rec);
}

void hd_tb_expect_refused(struct hd_tb_outcome *o, const char *needle)
{
	cr_expect_eq(o->rc, 0);
	cr_expect_null(o->img);
	cr_expect_eq(o->rec.applied, 0);
	cr_expect(strstr(o->rec.refused_reason, needle) != NULL,
	          "reason '%s' lacks '%s'", o->rec.refused_reason, needle);
}

/* The recovered base block is clean, primary-typed and checksummed. */
void hd_tb_expect_clean_base(const uint8_t *img, uint32_t seq, uint32_t hbins)
{
	cr_expect_eq(hd_tb_get32(img + 4), seq);
	cr_expect_eq(hd_tb_get32(img + 8), seq);
	cr_expect_eq(hd_tb_get32(img + 28), 0u);
	cr_expect_eq(hd_tb_get32(img + 40), hbins);
	cr_expect_eq(hd_tb_get32(img + 508), hd_regf_checksum(img));
}
