/* test_inputs.c - input discovery: list parsing, hive recognition, -r walks. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/inputs.h"

TestSuite(inputs);

/* Newline-separated entries come back without separators; an empty entry
 * and one holding a NUL byte are entries with a reason (issue 12). */
Test(inputs, list_newline)
{
	static char text[] = "a.hive\n\nb dir/SYSTEM\nx\0y\nlast";
	FILE *f = fmemopen(text, sizeof text - 1, "r");
	const char *bad = NULL;
	char *line = NULL;
	size_t cap = 0;

	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "a.hive");
	cr_assert_null(bad);
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "");
	cr_assert(strstr(bad, "empty") != NULL);
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "b dir/SYSTEM");
	cr_assert_null(bad);
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 1);
	cr_assert(strstr(bad, "NUL") != NULL);
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "last");
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), 0);
	free(line);
	fclose(f);
}

/* An entry longer than HD_LIST_ENTRY_MAX ends the list with ENAMETOOLONG
 * instead of growing without bound (issue 12: --files-from /dev/zero). */
Test(inputs, list_entry_bounded)
{
	FILE *f = fopen("/dev/zero", "r");
	const char *bad = NULL;
	char *line = NULL;
	size_t cap = 0;

	cr_assert_not_null(f);
	errno = 0;
	cr_assert_eq(hd_list_next(f, '\n', &line, &cap, &bad), -1);
	cr_assert_eq(errno, ENAMETOOLONG);
	cr_assert_leq(cap, 2 * HD_LIST_ENTRY_MAX + 2);
	free(line);
	fclose(f);
}

/* NUL-separated entries (-0) may hold newlines, as find -print0 writes them;
 * an empty entry is reported. */
Test(inputs, list_nul)
{
	static char text[] = "with\nnewline\0\0plain\0";
	FILE *f = fmemopen(text, sizeof text - 1, "r");
	const char *bad = NULL;
	char *line = NULL;
	size_t cap = 0;

	cr_assert_eq(hd_list_next(f, '\0', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "with\nnewline");
	cr_assert_eq(hd_list_next(f, '\0', &line, &cap, &bad), 1);
	cr_assert_not_null(bad);
	cr_assert_eq(hd_list_next(f, '\0', &line, &cap, &bad), 1);
	cr_assert_str_eq(line, "plain");
	cr_assert_eq(hd_list_next(f, '\0', &line, &cap, &bad), 0);
	free(line);
	fclose(f);
}

static void put_head(uint8_t *buf, const char *magic, uint8_t file_type)
{
	memset(buf, 0, 32);
	memcpy(buf, magic, 4);
	buf[28] = file_type;
}

/*
 * The walk decides hive or log by the analysis' own rule (source/sniff.c's
 * hd_src_regf_kind): a primary hive (type 0) and SYSTEM.ALT (type 1 with
 * no log after its base block) are handed on; a log (type 2 or 6, an NT
 * 4.0 .LOG of type 1 with "DIRT" at 4096, "HvLE" entries at 512 or at 0)
 * is passed over.  Before, every type but 0 was a log, so -r passed over
 * an NT 4.0 SYSTEM.ALT without analyzing it.
 */
Test(inputs, regf_kinds_in_the_walk)
{
	static uint8_t b[8192];

	put_head(b, "regf", 0);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_NONE, "a primary hive");
	put_head(b, "regf", 1);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_NONE, "SYSTEM.ALT (type 1, no log after it)");
	memcpy(b + 4096, "DIRT", 4);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_LOG, "an NT 4.0 .LOG");
	memset(b + 4096, 0, 4);
	memcpy(b + 512, "HvLE", 4);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_LOG, "HvLE entries after a short base block");
	memset(b + 512, 0, 4);
	for (uint8_t t = 2; t <= 6; t += 4) {
		put_head(b, "regf", t);
		cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_LOG, "file type %u", t);
	}
	memcpy(b, "HvLE", 4);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_LOG, "a log that lost its base block");
	put_head(b, "regf", 3);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_NONE, "a type no Windows writes: its report says so");
	cr_assert_eq(hd_walk_classify(b, 4), HD_PASS_NONE, "a regf signature cut short: its report says truncated");
}

static void write_file(const char *dir, const char *name, const char *magic, uint8_t type)
{
	char path[512];
	uint8_t b[64] = { 0 };
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f, "%s", path);
	if (magic)
		put_head(b, magic, type);
	fwrite(b, 1, magic ? sizeof b : 0, f);
	fclose(f);
}

/* A -r walk yields hives in byte order of names, recursively, without logs or other files. */
Test(inputs, recursive_walk)
{
	char dir[] = "/tmp/hd_inputs_XXXXXX", sub[600];
	const char *want[] = { "B", "a/SYSTEM", "a/z" };
	struct hd_inputs_spec spec = { .recursive = 1, .delim = '\n' };
	char *roots[1];
	struct hd_inputs *in;
	struct hd_input item;
	size_t n = 0;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/a", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	write_file(sub, "SYSTEM", "regf", 0);
	write_file(sub, "SYSTEM.LOG1", "regf", 6);
	write_file(sub, "SYSTEM.LOG", "regf", 2);     /* type 2: a log (type 1 alone is NT's alternate, SYSTEM.ALT) */
	write_file(sub, "z", "regf", 0);
	write_file(sub, "notes.txt", NULL, 0);
	write_file(dir, "B", "regf", 0);
	roots[0] = dir;
	spec.paths = roots;
	spec.n_paths = 1;
	in = hd_inputs_open(&spec);
	cr_assert_not_null(in);
	while (hd_inputs_next(in, &item) == 1) {
		cr_assert_lt(n, 3, "unexpected input %s", item.path);
		cr_assert_str_eq(item.path + strlen(dir) + 1, want[n]);
		cr_assert_eq(item.walk_errno, 0);
		n++;
	}
	cr_assert_eq(n, 3);
	hd_inputs_close(in);
	cr_assert_eq(hd_inputs_count(&spec), 3);
	snprintf(sub, sizeof sub, "rm -rf '%s'", dir);
	cr_assert_eq(system(sub), 0);
}

/* Without -r every operand is yielded as given, and the count is the operands'. */
Test(inputs, operands_as_given)
{
	char *paths[] = { "x", "some/dir", "x" };
	struct hd_inputs_spec spec = { .paths = paths, .n_paths = 3, .delim = '\n' };
	struct hd_inputs *in = hd_inputs_open(&spec);
	struct hd_input item;

	cr_assert_not_null(in);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(hd_inputs_next(in, &item), 1);
		cr_assert_str_eq(item.path, paths[i]);
	}
	cr_assert_eq(hd_inputs_next(in, &item), 0);
	hd_inputs_close(in);
	cr_assert_eq(hd_inputs_count(&spec), 3);
}

/* A list on stdin cannot be counted ahead without consuming it. */
Test(inputs, stdin_not_counted)
{
	struct hd_inputs_spec spec = { .files_from = "-", .delim = '\n' };

	cr_assert_eq(hd_inputs_count(&spec), -1);
}

/* Issue 22: with passed_over, the walk yields every file, each passed over with its reason or handed on. */
Test(inputs, walk_passes_over_with_reason)
{
	char dir[] = "/tmp/hd_inputs_XXXXXX", path[600];
	const char *want[] = { "SYSTEM", "SYSTEM.LOG1", "case.zip", "link", "notes.txt" };
	const enum hd_pass why[] = { HD_PASS_NONE, HD_PASS_LOG, HD_PASS_NONE, HD_PASS_SPECIAL, HD_PASS_NOT_HIVE };
	struct hd_inputs_spec spec = { .recursive = 1, .delim = '\n', .passed_over = 1 };
	char *roots[1] = { dir };
	struct hd_inputs *in;
	struct hd_input item;
	size_t n = 0;

	cr_assert_not_null(mkdtemp(dir));
	write_file(dir, "SYSTEM", "regf", 0);
	write_file(dir, "SYSTEM.LOG1", "regf", 6);
	write_file(dir, "case.zip", "PK\3\4", 0);
	write_file(dir, "notes.txt", NULL, 0);
	snprintf(path, sizeof path, "%s/link", dir);
	cr_assert_eq(symlink("SYSTEM", path), 0);
	spec.paths = roots;
	spec.n_paths = 1;
	in = hd_inputs_open(&spec);
	cr_assert_not_null(in);
	while (hd_inputs_next(in, &item) == 1) {
		cr_assert_lt(n, 5, "unexpected input %s", item.path);
		cr_assert_str_eq(item.path + strlen(dir) + 1, want[n]);
		cr_assert_eq(item.pass, why[n], "%s: %d", want[n], item.pass);
		n++;
	}
	cr_assert_eq(n, 5);
	hd_inputs_close(in);
	cr_assert_str_eq(hd_pass_reason(HD_PASS_LOG), "transaction log");
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	cr_assert_eq(system(path), 0);
}

/* Magic of each format a worker reads is handed on; other bytes are not a hive. */
Test(inputs, walk_classify_magic)
{
	uint8_t b[1024] = { 0 };

	cr_assert_eq(hd_walk_classify((const uint8_t *)"\x1f\x8b\x08", 3), HD_PASS_NONE);
	cr_assert_eq(hd_walk_classify((const uint8_t *)"7z\xbc\xaf\x27\x1c", 6), HD_PASS_NONE);
	cr_assert_eq(hd_walk_classify((const uint8_t *)"REGEDIT4\r\n", 10), HD_PASS_NONE);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_NOT_HIVE);
	memcpy(b + 257, "ustar", 5);
	cr_assert_eq(hd_walk_classify(b, sizeof b), HD_PASS_NONE, "tar");
	cr_assert_eq(hd_walk_classify(b, 100), HD_PASS_NOT_HIVE, "too short to say tar");
	cr_assert_eq(hd_walk_classify((const uint8_t *)"hello", 5), HD_PASS_NOT_HIVE);
}
