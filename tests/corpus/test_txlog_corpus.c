/*
 * test_txlog_corpus.c - transaction-log replay against hives and logs
 * written by Windows (../shared/corpus, see its README for the oracles,
 * which come from msuhanov/yarp's own test suite).  Every test skips when
 * the corpus is absent, as in a fresh clone.
 */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/regf.h"
#include "txlog/txlog.h"

/* A key's last-write time, asserting that it could be read. */
static uint64_t key_time_of(struct hd_hive *h, hd_key k)
{
	uint64_t t = 0;

	cr_assert_eq(hd_key_time(h, k, &t), HD_FOUND);
	return t;
}

#define CORPUS "../shared/corpus"
#define DIRTY CORPUS "/dirty"

static uint8_t *slurp_stream(FILE *f, size_t *len)
{
	size_t cap = 1 << 20;
	uint8_t *buf = malloc(cap);

	cr_assert_not_null(buf);
	*len = 0;
	for (size_t n; (n = fread(buf + *len, 1, cap - *len, f)) > 0;) {
		*len += n;
		if (*len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
	}
	return buf;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	cr_assert_not_null(f, "%s", path);
	buf = slurp_stream(f, len);
	fclose(f);
	return buf;
}

static void need(const char *path)
{
	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("%s absent: corpus not available", path);
}

struct replay {
	struct hd_txlog_set set;
	struct hd_recovery rec;
	uint8_t *primary, *img;
	size_t plen, len;
	int rc;
};

/* Discover the logs beside hive (optionally swapping LOG1/LOG2) and replay. */
static void replay(struct replay *r, const char *hive, int swap)
{
	memset(r, 0, sizeof *r);
	cr_assert_eq(hd_txlog_discover(hive, &r->set, NULL), 0);
	if (swap) {
		struct hd_txlog_file t = r->set.log[HD_TXLOG_LOG1];

		r->set.log[HD_TXLOG_LOG1] = r->set.log[HD_TXLOG_LOG2];
		r->set.log[HD_TXLOG_LOG2] = t;
	}
	r->primary = slurp(hive, &r->plen);
	r->rc = hd_txlog_recover(r->primary, r->plen, &r->set, &r->rec, &r->img, &r->len);
}

static void replay_clear(struct replay *r)
{
	free(r->primary);
	free(r->img);
	hd_recovery_clear(&r->rec);
	hd_txlog_set_clear(&r->set);
}

/* Open an image with hivex (strict) through a sealed memfd. */
static struct hd_hive *open_image(const uint8_t *img, size_t len, int *fd)
{
	char path[64];
	struct hd_hive *h;

	*fd = hd_memimage_open(img, len, path, sizeof path);
	cr_assert_geq(*fd, 0);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "hivex refused the recovered image");
	return h;
}

static int exists(struct hd_hive *h, const char *path)
{
	hd_key k;

	return hd_key_lookup(h, hd_hive_root(h), path, &k);
}

TestSuite(txlog_corpus);

static void check_new_dirty_hive1(int swap)
{
	const char *hive = DIRTY "/yarp-NewDirtyHive1/NewDirtyHive";
	struct replay r;
	struct hd_raw_value v;
	struct hd_hive *h;
	hd_key k3;
	size_t wlen;
	uint8_t *win;
	int fd;

	need(hive);
	replay(&r, hive, swap);
	cr_assert_eq(r.rc, 1, "refused: %s", r.rec.refused_reason);
	cr_expect_eq(r.rec.entries_applied, 4u);
	cr_expect_eq(r.rec.sequence_after, 5u);
	cr_expect_str_eq(r.rec.format, "new");
	cr_expect_eq(r.rec.n_logs_applied, 2u);
	win = slurp(DIRTY "/yarp-NewDirtyHive1/RecoveredHive_Windows10", &wlen);
	cr_assert_eq(r.len, wlen);
	cr_expect_eq(memcmp(r.img + 4096, win + 4096, wlen - 4096), 0,
	             "past the base block, byte for byte as Windows 10 recovered it");
	h = open_image(r.img, r.len, &fd);
	cr_expect_eq(exists(h, "Key1"), HD_ABSENT);
	cr_expect_eq(exists(h, "Key2\\Key2_1"), HD_ABSENT);
	cr_expect_eq(exists(h, "Key2\\Key2_2"), HD_ABSENT);
	cr_expect_eq(exists(h, "Key3\\Key3_1"), HD_FOUND);
	cr_expect_eq(exists(h, "Key3\\Key3_2"), HD_FOUND);
	cr_expect_eq(exists(h, "key3\\key3_3"), HD_FOUND);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Key3", &k3), HD_FOUND);
	cr_assert_eq(hd_value_read(h, k3, "", &v), HD_FOUND);
	/* 1,440 '1' characters and a NUL, in UTF-16LE. */
	cr_expect_eq(v.len, 1441u * 2);
	cr_expect_eq(v.data[0], '1');
	cr_expect_eq(v.data[1439 * 2], '1');
	hd_raw_value_clear(&v);
	hd_hive_close(h);
	close(fd);
	free(win);
	replay_clear(&r);
}

/* NewDirtyHive1: 4 entries from LOG1 then LOG2, equal to Windows 10's recovery. */
Test(txlog_corpus, new_dirty_hive1_matches_windows10)
{
	check_new_dirty_hive1(0);
}

/* The same result with LOG1 and LOG2 exchanged. */
Test(txlog_corpus, new_dirty_hive1_either_order)
{
	check_new_dirty_hive1(1);
}

/* NewDirtyHive2: LOG1 is already reconciled; LOG2 alone applies, ending at 5. */
Test(txlog_corpus, new_dirty_hive2_one_log_to_sequence5)
{
	const char *hive = DIRTY "/yarp-NewDirtyHive2/NewDirtyHive";
	struct replay r;

	need(hive);
	replay(&r, hive, 0);
	cr_assert_eq(r.rc, 1, "refused: %s", r.rec.refused_reason);
	cr_expect_eq(r.rec.sequence_after, 5u);
	cr_assert_eq(r.rec.n_logs_applied, 1u);
	cr_expect_str_eq(r.rec.logs_applied[0], "NewDirtyHive.LOG2");
	/* LOG2's entries 3, 4 and 5 follow the primary's secondary number 3. */
	cr_expect_eq(r.rec.entries_applied, 3u);
	replay_clear(&r);
}

static int read_value(struct hd_hive *h, const char *key, const char *name,
                      struct hd_raw_value *v)
{
	hd_key k;
	int rc = hd_key_lookup(h, hd_hive_root(h), key, &k);

	return rc == HD_FOUND ? hd_value_read(h, k, name, v) : rc;
}

/* OldDirtyHive: the DIRT log gives the keys and values Windows 7 recovered. */
Test(txlog_corpus, old_dirty_hive_matches_windows7)
{
	const char *hive = DIRTY "/yarp-OldDirtyHive/OldDirtyHive";
	static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'b', 0, 0, 0, 'c', 0, 'c', 0,
	                                 'c', 0, 0, 0, 0, 0 };
	struct replay r;
	struct hd_raw_value v, wv;
	struct hd_hive *h, *w;
	hd_key k, wk;
	int fd;

	need(hive);
	replay(&r, hive, 0);
	cr_assert_eq(r.rc, 1, "refused: %s", r.rec.refused_reason);
	cr_expect_str_eq(r.rec.format, "old");
	cr_assert_eq(r.rec.n_logs_applied, 1u);
	cr_expect_str_eq(r.rec.logs_applied[0], "OldDirtyHive.LOG1");
	h = open_image(r.img, r.len, &fd);
	w = hd_hive_open(DIRTY "/yarp-OldDirtyHive/RecoveredHive_Windows7", 0, NULL);
	cr_assert_not_null(w);
	cr_expect_eq(exists(h, "key_with_many_subkeys\\1"), HD_ABSENT);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "key_with_many_subkeys\\5000\\find_me_in_log",
	                           &k), HD_FOUND);
	cr_assert_eq(hd_key_lookup(w, hd_hive_root(w), "key_with_many_subkeys\\5000\\find_me_in_log",
	                           &wk), HD_FOUND);
	cr_expect_eq(key_time_of(h, k), key_time_of(w, wk));
	cr_assert_eq(read_value(h, "key_with_many_subkeys\\4500", "V", &v), HD_FOUND);
	cr_assert_eq(read_value(w, "key_with_many_subkeys\\4500", "v", &wv), HD_FOUND);
	cr_expect_eq(v.type, (uint32_t)HD_REG_MULTI_SZ);
	cr_assert_eq(v.len, sizeof multi);
	cr_expect_eq(memcmp(v.data, multi, sizeof multi), 0, "a, bb, ccc, \"\"");
	cr_expect(v.len == wv.len && memcmp(v.data, wv.data, v.len) == 0);
	hd_raw_value_clear(&v);
	hd_raw_value_clear(&wv);
	hd_hive_close(w);
	hd_hive_close(h);
	close(fd);
	replay_clear(&r);
}

/* BadLogHive1..3: invalid logs are refused whole, nothing is applied. */
Test(txlog_corpus, bad_log_hives_refused)
{
	static const char *const hives[] = {
		DIRTY "/yarp-BadLogHive1/BadLogHive",
		DIRTY "/yarp-BadLogHive2/BadLogHive",
		DIRTY "/yarp-BadLogHive3/BadLogHive",
	};

	need(hives[0]);
	for (size_t i = 0; i < 3; i++) {
		struct replay r;

		replay(&r, hives[i], 0);
		cr_expect_eq(r.rc, 0, "%s applied", hives[i]);
		cr_expect_null(r.img);
		cr_expect_eq(r.rec.dirty, 1);
		cr_expect_eq(r.rec.applied, 0);
		cr_expect(strncmp(r.rec.refused_reason, "BadLogHive.LOG1: ", 17) == 0,
		          "reason: %s", r.rec.refused_reason);
		replay_clear(&r);
	}
}

/* Decompress a corpus .xz file into memory (xz -dc), or skip. */
static uint8_t *unxz(const char *path, size_t *len)
{
	char cmd[512];
	FILE *p;
	uint8_t *buf;

	need(path);
	if (system("command -v xz >/dev/null 2>&1") != 0)
		HD_SKIP_MISSING("xz not installed");
	snprintf(cmd, sizeof cmd, "xz -dc '%s'", path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	buf = slurp_stream(p, len);
	cr_assert_eq(pclose(p), 0, "xz -dc %s failed", path);
	return buf;
}

/* Windows 10 1709 SYSTEM (1622/1621) with its LOG1/LOG2: replay succeeds,
 * the image is clean and hivex reads it strictly. */
Test(txlog_corpus, real_win10_dirty_hive_recovers)
{
	const char *d = CORPUS "/real/win10-1709-dirty-with-logs";
	char path[256];
	struct hd_txlog_set set = { 0 };
	struct hd_recovery rec;
	struct hd_regf_header hdr;
	struct hd_raw_value v;
	struct hd_hive *h;
	uint8_t *primary, *img = NULL;
	size_t plen, len = 0;
	int fd;

	snprintf(path, sizeof path, "%s/SYSTEM.xz", d);
	primary = unxz(path, &plen);
	snprintf(path, sizeof path, "%s/SYSTEM.LOG1.xz", d);
	set.log[HD_TXLOG_LOG1].data = unxz(path, &set.log[HD_TXLOG_LOG1].len);
	set.log[HD_TXLOG_LOG1].name = strdup("SYSTEM.LOG1");
	snprintf(path, sizeof path, "%s/SYSTEM.LOG2.xz", d);
	set.log[HD_TXLOG_LOG2].data = unxz(path, &set.log[HD_TXLOG_LOG2].len);
	set.log[HD_TXLOG_LOG2].name = strdup("SYSTEM.LOG2");

	cr_assert_eq(hd_txlog_recover(primary, plen, &set, &rec, &img, &len), 1,
	             "refused: %s", rec.refused_reason);
	cr_expect_str_eq(rec.format, "new");
	cr_expect_eq(rec.n_logs_applied, 2u);
	/* LOG1 holds entries 2107-2110 and LOG2 2111-2130 (read with a hex dump);
	 * the primary's secondary number 1621 precedes them: a partial reconcile
	 * already wrote the missing ones ([SPEC] "Multiple transaction log files"). */
	cr_expect_eq(rec.entries_applied, 24u);
	cr_expect_eq(rec.sequence_after, 2130u);
	cr_expect_eq(rec.taken[0].entries, 4u);
	cr_expect_eq(rec.taken[0].first_seq, 2107u);
	cr_expect_eq(rec.taken[0].last_seq, 2110u);
	cr_expect_eq(rec.taken[1].entries, 20u);
	cr_expect_eq(rec.taken[1].first_seq, 2111u);
	cr_expect_eq(rec.taken[1].last_seq, 2130u);
	cr_assert_eq(hd_regf_header_parse(img, len, len, &hdr), 1);
	cr_expect(hdr.checksum_ok && !hdr.dirty && !hdr.truncated, "recovered image is clean");
	cr_expect_eq(hdr.seq_primary, rec.sequence_after);
	cr_expect_eq(hdr.hbins_size, rec.hbins_size_after);
	h = open_image(img, len, &fd);
	cr_expect_eq(read_value(h, "Select", "Current", &v), HD_FOUND);
	cr_expect_eq(v.len, 4u);
	hd_raw_value_clear(&v);
	hd_hive_close(h);
	close(fd);
	free(primary);
	free(img);
	hd_recovery_clear(&rec);
	hd_txlog_set_clear(&set);
}
