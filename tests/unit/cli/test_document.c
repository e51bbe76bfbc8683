/* test_document.c - a run's output: prefix, pieces, suffix, and a format that shows its counts first. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/document.h"

TestSuite(document);

/* A format whose prefix shows the totals, as JUnit's does. */
static int counted_prefix(const struct hd_format_run *run, FILE *f)
{
	return fprintf(f, "<all %lu pieces=%lu tests=%lu failures=%lu>\n", run->counts.hives, run->written,
	               run->counts.tests, run->counts.failures) < 0 ? -1 : 0;
}

static int counted_suffix(const struct hd_format_run *run, FILE *f)
{
	return fprintf(f, "</all %lu>\n", run->written) < 0 ? -1 : 0;
}

static const struct hd_format counted = {
	.name = "counted", .flags = HD_FORMAT_COUNTS_FIRST, .prefix = counted_prefix, .separator = "",
	.suffix = counted_suffix,
};

static char *run_document(const struct hd_format *fmt, int several, const char *const *pieces, size_t n)
{
	struct hd_document d;
	struct hd_format_counts c = { .hives = 1, .tests = 2, .failures = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	cr_assert_eq(hd_document_open(&d, fmt, several, out), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(hd_document_add(&d, pieces[i], strlen(pieces[i]), &c), 0);
		if (d.spool) {
			fflush(out);
			cr_assert_eq(len, 0, "counts first: nothing written before the end");
		}
	}
	cr_assert_eq(hd_document_finish(&d), 0);
	cr_assert_null(d.spool);
	fclose(out);
	return buf;
}

/* The prefix shows the totals of every piece, written after it; an empty piece counts. */
Test(document, counts_first)
{
	const char *pieces[] = { "<a/>\n", "", "<c/>\n" };
	char *s = run_document(&counted, 1, pieces, 3);

	cr_assert_str_eq(s, "<all 3 pieces=3 tests=6 failures=3>\n<a/>\n<c/>\n</all 3>\n");
	free(s);
	s = run_document(&counted, 1, pieces, 0);
	cr_assert_str_eq(s, "<all 0 pieces=0 tests=0 failures=0>\n</all 0>\n", "an empty run is a whole document");
	free(s);
}

/* JSON's array straight to out: "[\n" before the first, ",\n" between, "]\n"; "[]\n" for none. */
Test(document, json_straight)
{
	const struct hd_format *json = hd_format_find("json");
	const char *pieces[] = { "{}\n", "{}\n" };
	char *s = run_document(json, 1, pieces, 2);

	cr_assert_str_eq(s, "[\n{}\n,\n{}\n]\n");
	free(s);
	s = run_document(json, 1, pieces, 0);
	cr_assert_str_eq(s, "[]\n");
	free(s);
}

/* The spool is made in $TMPDIR: one that cannot hold it is an error before the run, with errno. */
Test(document, spool_dir_missing)
{
	struct hd_document d;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	setenv("TMPDIR", "/nonexistent/hivediag", 1);
	errno = 0;
	cr_assert_eq(hd_document_open(&d, &counted, 1, stdout), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert(d.spool_failed);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}
