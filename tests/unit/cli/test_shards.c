/* test_shards.c - a shard's output read and judged complete or not, and a set of shards checked whole. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/shards.h"

#define REC(kind, kn, hives, worst) \
	"{\"completion\":{\"kind\":\"" kind "\",\"shard\":\"" kn "\",\"hives\":" #hives ",\"worst_status\":" #worst "}}\n"

static char paths[8][64];
static int n_paths;

/* A temporary file holding text; its path. */
static const char *file_of(const char *text)
{
	char *p = paths[n_paths++];
	int fd;

	snprintf(p, 64, "/tmp/hd-test-shards-XXXXXX");
	fd = mkstemp(p);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return p;
}

static void cleanup(void)
{
	for (int i = 0; i < n_paths; i++)
		unlink(paths[i]);
	n_paths = 0;
}

static unsigned long n_lines;

static int count_line(void *ctx, const char *text, size_t kept, size_t len, unsigned long lineno, char *err,
                      size_t errlen)
{
	(void)ctx, (void)text, (void)kept, (void)len, (void)lineno, (void)err, (void)errlen;
	n_lines++;
	return 0;
}

/* Read text as an output of kind; the file's judgement. */
static struct hd_shard_file read_text(const char *text, const char *kind)
{
	struct hd_shard_file f = { .path = file_of(text) };
	char err[256];

	n_lines = 0;
	cr_assert_eq(hd_shard_read(&f, kind, 128, count_line, NULL, err, sizeof err), 0, "%s", err);
	return f;
}

TestSuite(shards, .fini = cleanup);

/* Lines then the record counting them: complete, the record read, the lines before it passed on, their bytes. */
Test(shards, complete)
{
	struct hd_shard_file f = read_text("{\"a\":1}\n{\"b\":2}\n" REC("reports", "2/3", 2, 1), "reports");

	cr_assert(f.complete, "%s", f.problem);
	cr_assert_eq(f.done.shard, 2);
	cr_assert_eq(f.done.shards, 3);
	cr_assert_eq(f.done.worst, 1);
	cr_assert_eq(f.lines, 2);
	cr_assert_eq(n_lines, 2);
	cr_assert_eq(f.body_bytes, 16);
}

/* No record (a job killed), a record counting other lines, a record not last, a cut last line: incomplete. */
Test(shards, incomplete)
{
	struct hd_shard_file f = read_text("{\"a\":1}\n{\"b\":2}\n", "reports");

	cr_assert_not(f.complete);
	cr_assert(strstr(f.problem, "no completion record (the job was cut short or killed)"), "%s", f.problem);
	f = read_text("{\"a\":1}\n" REC("reports", "1/1", 2, 0), "reports");
	cr_assert_not(f.complete);
	cr_assert(strstr(f.problem, "counts 2 reports, 1 lines precede it"), "%s", f.problem);
	f = read_text(REC("reports", "1/1", 0, 0) "{\"a\":1}\n", "reports");
	cr_assert_not(f.complete);
	cr_assert(strstr(f.problem, "followed by more lines"), "%s", f.problem);
	f = read_text(REC("reports", "1/1", 0, 0) "{\"a\"", "reports");
	cr_assert_not(f.complete);
	f = read_text("{\"a\":1}\n{\"completion\":{\"kind\":\"reports\"}}\n", "reports");
	cr_assert_not(f.complete);
	cr_assert(strstr(f.problem, "line 2 is a malformed completion record"), "%s", f.problem);
}

/* A record of the other kind: not this kind's output. */
Test(shards, wrong_kind)
{
	struct hd_shard_file f = read_text(REC("names", "1/1", 0, 0), "reports");

	cr_assert_not(f.complete);
	cr_assert(strstr(f.problem, "is not a reports output"), "%s", f.problem);
}

/* A line longer than the bound is passed on cut, its real length told, and counted once. */
Test(shards, long_line)
{
	char text[512];

	memset(text, 'x', 300);
	snprintf(text + 300, sizeof text - 300, "\n%s", REC("names", "1/1", 1, 0));
	struct hd_shard_file f = read_text(text, "names");

	cr_assert(f.complete, "%s", f.problem);
	cr_assert_eq(n_lines, 1);
}

static int n_said;
static char said[8][HD_SHARD_ERR_LEN + 64];

static void say(void *ctx, const char *path, const char *text)
{
	(void)ctx;
	if (n_said < 8)
		snprintf(said[n_said], sizeof said[0], "%s: %s", path ? path : "-", text);
	n_said++;
}

static size_t check(struct hd_shard_file *f, size_t n)
{
	n_said = 0;
	return hd_shard_check_set(f, n, say, NULL);
}

/* A whole set, given in any order, is sorted by shard; a lone unsharded output is a whole set. */
Test(shards, whole_set)
{
	struct hd_shard_file f[3] = { read_text(REC("reports", "3/3", 0, 0), "reports"),
	                              read_text(REC("reports", "1/3", 0, 0), "reports"),
	                              read_text(REC("reports", "2/3", 0, 0), "reports") };
	struct hd_shard_file one = read_text("{\"completion\":{\"kind\":\"names\",\"shard\":null,\"hives\":0,"
	                                     "\"worst_status\":0}}\n", "names");

	cr_assert_eq(check(f, 3), 0, "%s", said[0]);
	for (unsigned k = 0; k < 3; k++)
		cr_assert_eq(f[k].done.shard, k + 1);
	cr_assert(one.complete, "%s", one.problem);
	cr_assert_eq(check(&one, 1), 0, "%s", said[0]);
}

/* Missing, twice, another N: each a problem said; an output without a record is named by the one shard missing. */
Test(shards, broken_sets)
{
	struct hd_shard_file f[3] = { read_text(REC("reports", "1/3", 0, 0), "reports"),
	                              read_text(REC("reports", "3/3", 0, 0), "reports"),
	                              read_text("{\"a\":1}\n", "reports") };
	struct hd_shard_file g[2] = { read_text(REC("reports", "1/2", 0, 0), "reports"),
	                              read_text(REC("reports", "1/2", 0, 0), "reports") };
	struct hd_shard_file h[2] = { read_text(REC("reports", "1/2", 0, 0), "reports"),
	                              read_text(REC("reports", "2/3", 0, 0), "reports") };

	cr_assert_eq(check(f, 3), 1);
	cr_assert(strstr(said[0], ": shard 2/3 is incomplete: no completion record"), "%s", said[0]);
	cr_assert_eq(check(f, 2), 1);
	cr_assert(strstr(said[0], "-: shard 2/3 is missing"), "%s", said[0]);
	cr_assert_geq(check(g, 2), 2);
	cr_assert(strstr(said[0], "shard 1/2 is given twice"), "%s", said[0]);
	cr_assert(strstr(said[1], "shard 2/2 is missing"), "%s", said[1]);
	cr_assert_geq(check(h, 2), 1);
	cr_assert(strstr(said[0], "is not of the same run"), "%s", said[0]);
}
