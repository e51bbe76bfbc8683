/*
 * formats.c - the table of output formats (see formats.h), and the rows of
 * the formats whose writers live elsewhere: text (report_text.c), JSON and
 * NDJSON (report.c).
 */
#include "report/formats.h"

#include <stdlib.h>
#include <string.h>

#include "report/formats_internal.h"
#include "util/textutil.h"
#include "verdict/verdict.h"

static int json_write(const struct hd_result *res, enum hd_report_style style, FILE *f)
{
	struct hd_report *r = hd_report_build(res);
	int rc = r ? hd_report_write(r, f, style) : -1;

	hd_report_free(r);
	return rc;
}

static int json_skipped_write(const char *path, const char *why, enum hd_report_style style, FILE *f)
{
	struct hd_report *r = hd_report_skipped(path, why);
	int rc = r ? hd_report_write(r, f, style) : -1;

	hd_report_free(r);
	return rc;
}

static int json_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	return json_write(res, st->json, f);
}

static int json_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	return json_skipped_write(path, why, st->json, f);
}

/* Several reports are one JSON array: "[\n", the reports separated by ",\n", "]\n". */
static int json_prefix(const struct hd_format_run *run, FILE *f)
{
	return run->several && fputs("[\n", f) == EOF ? -1 : 0;
}

static int json_suffix(const struct hd_format_run *run, FILE *f)
{
	if (!run->several)
		return 0;
	return fputs(run->written ? "]\n" : "[]\n", f) == EOF ? -1 : 0;
}

static int json_rules(FILE *f)
{
	struct hd_report *r = hd_report_rules();
	int rc = r ? hd_report_write(r, f, HD_REPORT_PRETTY) : -1;

	hd_report_free(r);
	return rc;
}

/* NDJSON: each report compact on a line of its own, whatever --pretty says. */
static int ndjson_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	return json_write(res, HD_REPORT_COMPACT, f);
}

static int ndjson_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	return json_skipped_write(path, why, HD_REPORT_COMPACT, f);
}

static int text_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	return hd_report_text(res, &st->text, f);
}

/*
 * "PATH: skipped: WHY", escaped as stderr is (issue 26: a file named with
 * ESC or BEL sent escape sequences to the terminal).
 */
static int text_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	char *p = hd_escape_text(path, 1), *w = hd_escape_text(why, 1);
	int rc = p && w && fprintf(f, "%s: skipped: %s\n", p, w) >= 0 ? 0 : -1;

	(void)st;
	free(p);
	free(w);
	return rc;
}

/*
 * The table.  The first row is the format of a run on a terminal, the
 * second of a run on a pipe or a file (cli/main.c).
 */
static const struct hd_format formats[] = {
	{ .name = "text", .flags = HD_FORMAT_SUMMARY_ON_STDOUT, .hive = text_hive, .skipped = text_skipped,
	  .separator = "\n", .rules = hd_report_rules_text },
	{ .name = "json", .hive = json_hive, .skipped = json_skipped, .prefix = json_prefix,
	  .separator = ",\n", .suffix = json_suffix, .rules = json_rules },
	{ .name = "ndjson", .hive = ndjson_hive, .skipped = ndjson_skipped, .separator = "" },
	/* Timelines (report_timeline.h): the hives' events follow each other, one file. */
	{ .name = "bodyfile", .hive = hd_format_bodyfile_hive, .skipped = hd_format_timeline_skipped,
	  .separator = "" },
	{ .name = "timesketch", .hive = hd_format_timesketch_hive, .skipped = hd_format_timeline_skipped,
	  .separator = "" },
	{ .name = "junit", .flags = HD_FORMAT_COUNTS_FIRST, .hive = hd_junit_hive, .skipped = hd_junit_skipped,
	  .prefix = hd_junit_prefix, .separator = "", .suffix = hd_junit_suffix },
	{ .name = "html", .flags = HD_FORMAT_COUNTS_FIRST, .hive = hd_report_html, .skipped = hd_report_html_skipped,
	  .prefix = hd_report_html_begin, .separator = "", .suffix = hd_report_html_end },
};

const struct hd_format *hd_formats(size_t *n)
{
	*n = sizeof formats / sizeof formats[0];
	return formats;
}

const struct hd_format *hd_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

static void count_verdict(const struct hd_verdict *v, struct hd_format_counts *c)
{
	c->tests++;
	if (v->status == HD_VERDICT_LIKELY || v->status == HD_VERDICT_POSSIBLE)
		c->failures++;
	else if (v->status == HD_VERDICT_NOT_INSTALLED)
		c->skipped++;
	else if (v->status == HD_VERDICT_UNKNOWN)
		c->errors++;
}

void hd_format_count(const struct hd_result *res, struct hd_format_counts *c)
{
	c->hives++;
	if (res->error_code != NULL) {  /* not analyzed: neither service judged */
		c->tests += 2;
		c->errors += 2;
		return;
	}
	count_verdict(&res->imc, c);
	count_verdict(&res->mta, c);
}

void hd_format_counts_add(struct hd_format_counts *a, const struct hd_format_counts *b)
{
	a->hives += b->hives;
	a->tests += b->tests;
	a->failures += b->failures;
	a->errors += b->errors;
	a->skipped += b->skipped;
}
