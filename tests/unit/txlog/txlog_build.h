/*
 * txlog_build.h - builders of hand-made hives and transaction logs for the
 * txlog unit tests (tests/unit/txlog_build.c).
 */
#ifndef HD_TXLOG_BUILD_H
#define HD_TXLOG_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "txlog/txlog.h"

#define BIN 4096u
#define SECTOR 512u
#define FILETIME_A 0x01d295059e68e89eull

/* New-format log under construction. */
struct hd_tb_newlog {
	uint8_t buf[64 * 1024];
	size_t len;
};

struct hd_tb_outcome {
	int rc;
	struct hd_recovery rec;
	uint8_t *img;
	size_t len;
};

/* Little-endian fields. */
void hd_tb_put32(uint8_t *p, uint32_t v);
void hd_tb_put64(uint8_t *p, uint64_t v);
uint32_t hd_tb_get32(const uint8_t *p);
/* A base block (first 512 bytes matter) of the given type and sequence. */
void hd_tb_base_block(uint8_t *b, uint32_t type, uint32_t seq1, uint32_t seq2,
	uint32_t hbins, uint64_t written);
void hd_tb_hive_bin(uint8_t *p, uint32_t offset, uint8_t fill);
/* A primary with nbins one-page bins (fill 0xA0 + i). */
uint8_t *hd_tb_primary_new(uint32_t nbins, uint32_t seq1, uint32_t seq2, size_t *len);
/* New-format log: base block, entries of whole hive-bin pages, rehash after tampering. */
void hd_tb_newlog_init(struct hd_tb_newlog *l, uint32_t seq, uint32_t hbins);
uint8_t *hd_tb_newlog_entry(struct hd_tb_newlog *l, uint32_t seq, uint32_t hbins,
	const uint32_t *offs, uint32_t n, uint8_t fill);
void hd_tb_rehash(uint8_t *e);
void hd_tb_set_log(struct hd_txlog_set *s, enum hd_txlog_slot slot, const char *name,
	uint8_t *data, size_t len);
/* Old-format log with the given dirty 512-byte pages; returns its length. */
size_t hd_tb_oldlog_build(uint8_t *buf, uint32_t seq, uint32_t hbins, uint64_t written,
	const uint32_t *pages, uint32_t n, uint8_t fill);
/* Replay and the checks shared by the tests. */
struct hd_tb_outcome hd_tb_run(const uint8_t *primary, size_t plen, const struct hd_txlog_set *s);
void hd_tb_outcome_clear(struct hd_tb_outcome *o);
void hd_tb_expect_refused(struct hd_tb_outcome *o, const char *needle);
void hd_tb_expect_clean_base(const uint8_t *img, uint32_t seq, uint32_t hbins);

#endif
