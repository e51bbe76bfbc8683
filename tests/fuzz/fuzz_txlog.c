/*
 * fuzz_txlog.c - libFuzzer harness for transaction-log discovery and replay
 * (issue 12).  The whole-pipeline harness (fuzz_analyze.c) analyzes
 * /proc/self/fd/N, which has no logs beside it, so it never reaches replay.
 *
 * Input layout (made by seeds_txlog.sh from a dirty hive and its logs):
 *   byte 0        flags: bit 0 repair checksums (the log base blocks' and
 *                 every HvLE entry's Marvin32 hashes) so that mutations get
 *                 past them; bit 1 name the first log NAME.LOG instead of
 *                 NAME.LOG1 (the single-logging scheme);
 *   bytes 1..8    two little-endian uint32: length of the primary, of log A;
 *   then          the primary, log A, and the rest is log B (NAME.LOG2).
 * Lengths past the end are cut to what is there.
 *
 * Each input is written as three real files in a private folder, then the
 * real discovery (hd_txlog_discover: openat, O_NOFOLLOW, case-insensitive
 * names) and hd_txlog_recover run; when a replay applies, the whole analysis
 * (hd_analyze, which discovers and replays again, then hivex) runs on it.
 *
 * Oracles beyond the sanitizers: recover returns -1/0/1 and an image only
 * with 1; the image is at least a base block and never larger than the
 * primary plus both logs (the growth bound); the analysis exit status
 * is 0..2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "hive/regf.h"
#include "txlog/txlog.h"

#define HEADER 9u
#define LOG_BASE 512u           /* a new-format log's entries start here */
#define ENTRY_HEADER 40u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_txlog: oracle failed: %s\n", what);
	abort();
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Recompute a log's base-block checksum and its HvLE entries' hashes. */
static void repair_log(uint8_t *log, size_t len)
{
	size_t pos = LOG_BASE;

	if (len >= LOG_BASE && memcmp(log, "regf", 4) == 0)
		put_le32(log + HD_REGF_CHECKSUM_OFFSET, hd_regf_checksum(log));
	while (pos + ENTRY_HEADER <= len && memcmp(log + pos, "HvLE", 4) == 0) {
		uint32_t esize = get_le32(log + pos + 4);

		if (esize < ENTRY_HEADER || esize % LOG_BASE != 0 || esize > len - pos)
			break;
		put_le64(log + pos + 24, hd_marvin32(log + pos + 40, esize - 40, HD_TXLOG_MARVIN_SEED));
		put_le64(log + pos + 32, hd_marvin32(log + pos, 32, HD_TXLOG_MARVIN_SEED));
		pos += esize;
	}
}

static void write_file(const char *name, const uint8_t *p, size_t n)
{
	char path[96];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
	if (n == SIZE_MAX)
		return;         /* absent */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		fail("cannot create a scratch file");
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fail("cannot write a scratch file");
		p += w;
		n -= (size_t)w;
	}
	close(fd);
}

static void analyze_applied(const char *path)
{
	struct hd_options opts = { 0 };
	struct hd_result res;
	int status;

	hd_analyze(path, &opts, &res);
	status = hd_result_exit_status(&res);
	if (status < 0 || status > 2)
		fail("exit status outside 0..2");
	hd_result_clear(&res);
}

static void replay(const uint8_t *primary, size_t plen, size_t bound)
{
	struct hd_txlog_set set;
	struct hd_recovery rec;
	uint8_t *img = NULL;
	size_t ilen = 0;
	char path[96];
	int rc;

	snprintf(path, sizeof path, "%s/hive", dir);
	if (hd_txlog_discover(path, &set, NULL) < 0)
		fail("discovery failed in a readable folder");
	rc = hd_txlog_recover(primary, plen, &set, &rec, &img, &ilen);
	if (rc < -1 || rc > 1 || (rc == 1) != (img != NULL))
		fail("recover: return value and image disagree");
	if (rc == 1 && (ilen < HD_REGF_BASE_BLOCK_SIZE || ilen > bound))
		fail("recovered image outside [base block, primary + logs]");
	free(img);
	hd_recovery_clear(&rec);
	hd_txlog_set_clear(&set);
	if (rc == 1)
		analyze_applied(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = NULL;
	size_t plen, alen, blen, rest;
	uint8_t flags;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "%s/fuzz-txlog-XXXXXX",
		         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (mkdtemp(dir) == NULL)
			fail("mkdtemp");
	}
	if (size < HEADER || (copy = malloc(size - HEADER + 1)) == NULL)
		return 0;
	flags = data[0];
	rest = size - HEADER;
	memcpy(copy, data + HEADER, rest);
	plen = get_le32(data + 1) < rest ? get_le32(data + 1) : rest;
	alen = get_le32(data + 5) < rest - plen ? get_le32(data + 5) : rest - plen;
	blen = rest - plen - alen;
	if (flags & 1) {
		repair_log(copy + plen, alen);
		repair_log(copy + plen + alen, blen);
	}
	write_file("hive", copy, plen);
	write_file("hive.LOG", copy + plen, flags & 2 ? alen : SIZE_MAX);
	write_file("hive.LOG1", copy + plen, flags & 2 ? SIZE_MAX : alen);
	write_file("hive.LOG2", copy + plen + alen, blen);
	replay(copy, plen, rest);
	free(copy);
	return 0;
}
