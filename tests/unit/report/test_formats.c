/* test_formats.c - the table of output formats: its rows, the run-level pieces, the counts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/formats.h"

TestSuite(formats);

/* Every row is complete: a unique name, a hive and a skip piece, a separator; text and json list the rules. */
Test(formats, rows_complete)
{
	size_t n;
	const struct hd_format *f = hd_formats(&n);

	cr_assert_geq(n, 3);
	for (size_t i = 0; i < n; i++) {
		cr_assert_not_null(f[i].name);
		cr_assert_not_null(f[i].hive, "%s", f[i].name);
		cr_assert_not_null(f[i].skipped, "%s", f[i].name);
		cr_assert_not_null(f[i].separator, "%s", f[i].name);
		cr_assert_eq(hd_format_find(f[i].name), &f[i], "%s found as itself", f[i].name);
		for (size_t j = 0; j < i; j++)
			cr_assert_str_neq(f[i].name, f[j].name);
	}
	cr_assert_str_eq(f[0].name, "text", "the first row is the terminal's format");
	cr_assert_not_null(hd_format_find("text")->rules);
	cr_assert_not_null(hd_format_find("json")->rules);
	cr_assert_null(hd_format_find("ndjson")->rules);
	cr_assert_null(hd_format_find("xml"));
	cr_assert_null(hd_format_find("JSON"), "names are exact");
}

/* prefix, pieces with the separator, suffix: what the parent writes (cli/document.c). */
static char *document(const struct hd_format *fmt, int several, const char *const *pieces, size_t n)
{
	struct hd_format_run run = { .several = several };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	if (n && fmt->prefix)
		cr_assert_eq(fmt->prefix(&run, f), 0);
	for (size_t i = 0; i < n; i++, run.written++)
		fprintf(f, "%s%s", i ? fmt->separator : "", pieces[i]);
	if (fmt->suffix)
		cr_assert_eq(fmt->suffix(&run, f), 0);
	fclose(f);
	return buf;
}

/* JSON: several reports are an array (an empty one for none); one report is itself. */
Test(formats, json_array)
{
	const struct hd_format *json = hd_format_find("json");
	const char *two[] = { "{\"a\":1}\n", "{\"b\":2}\n" };
	char *s;

	s = document(json, 1, two, 2);
	cr_assert_str_eq(s, "[\n{\"a\":1}\n,\n{\"b\":2}\n]\n");
	free(s);
	s = document(json, 1, two, 0);
	cr_assert_str_eq(s, "[]\n");
	free(s);
	s = document(json, 0, two, 1);
	cr_assert_str_eq(s, "{\"a\":1}\n");
	free(s);
}

/* Text: a blank line between two reports; NDJSON: nothing between lines, and no wrapper. */
Test(formats, text_and_ndjson)
{
	const char *two[] = { "one\n", "two\n" };
	char *s = document(hd_format_find("text"), 1, two, 2);

	cr_assert_str_eq(s, "one\n\ntwo\n");
	free(s);
	s = document(hd_format_find("ndjson"), 1, two, 2);
	cr_assert_str_eq(s, "one\ntwo\n");
	free(s);
}

/* NDJSON is compact whatever the run's JSON layout; JSON follows it. */
Test(formats, ndjson_compact)
{
	struct hd_format_style st = { .json = HD_REPORT_PRETTY };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(hd_format_find("ndjson")->skipped("a\nb", "kind SAM", &st, f), 0);
	cr_assert_eq(hd_format_find("json")->skipped("a\nb", "kind SAM", &st, f), 0);
	fclose(f);
	cr_assert_str_eq(buf, "{\"path\":\"a\\nb\",\"skipped\":\"kind SAM\"}\n"
	                 "{\n  \"path\": \"a\\nb\",\n  \"skipped\": \"kind SAM\"\n}\n");
	free(buf);
}

/* The text skip line escapes the path as stderr does (no raw control character). */
Test(formats, text_skipped_escaped)
{
	struct hd_format_style st = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(hd_format_find("text")->skipped("a\033]0;x\007", "kind SAM", &st, f), 0);
	fclose(f);
	cr_assert_null(strchr(buf, '\033'));
	cr_assert_null(strchr(buf, '\007'));
	cr_assert(strstr(buf, ": skipped: kind SAM\n") != NULL, "%s", buf);
	free(buf);
}

/* Each service is a test: likely/possible fail, not installed skipped, unknown or no analysis an error. */
Test(formats, counts)
{
	struct hd_result res;
	struct hd_format_counts c = { 0 }, sum = { 0 };

	memset(&res, 0, sizeof res);
	res.imc.status = HD_VERDICT_LIKELY;
	res.mta.status = HD_VERDICT_NOT_INSTALLED;
	hd_format_count(&res, &c);
	cr_assert_eq(c.hives, 1);
	cr_assert_eq(c.tests, 2);
	cr_assert_eq(c.failures, 1);
	cr_assert_eq(c.skipped, 1);
	cr_assert_eq(c.errors, 0);
	res.imc.status = HD_VERDICT_POSSIBLE;
	res.mta.status = HD_VERDICT_UNKNOWN;
	hd_format_count(&res, &c);
	cr_assert_eq(c.failures, 2);
	cr_assert_eq(c.errors, 1);
	res.imc.status = HD_VERDICT_UNLIKELY;
	res.mta.status = HD_VERDICT_UNLIKELY;
	hd_format_count(&res, &c);
	cr_assert_eq(c.tests, 6);
	cr_assert_eq(c.failures + c.errors + c.skipped, 4, "unlikely passes");
	res.error_code = "not_a_hive";
	res.imc.status = HD_VERDICT_LIKELY;    /* never looked at: not analyzed */
	hd_format_count(&res, &c);
	cr_assert_eq(c.hives, 4);
	cr_assert_eq(c.tests, 8);
	cr_assert_eq(c.errors, 3);
	cr_assert_eq(c.failures, 2);
	hd_format_counts_add(&sum, &c);
	hd_format_counts_add(&sum, &c);
	cr_assert_eq(sum.tests, 16);
	cr_assert_eq(sum.skipped, 2);
}
