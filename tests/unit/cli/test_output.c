/*
 * test_output.c - the parent's side of a run: each outcome into the
 * document and the tallies, --fix-reg's failures, and the exit status and
 * summary that end every run, complete or not.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

TestSuite(output, .init = cr_redirect_stderr);

struct run {
	struct hd_cli cli;
	struct hd_output out;
	char *doc;
	size_t doc_len;
	FILE *f;
};

/* A JSON run over several hives (-r), its document into memory. */
static void start(struct run *r)
{
	const struct hd_format *json = hd_format_find("json");

	memset(r, 0, sizeof *r);
	cr_assert_not_null(json);
	r->cli.recursive = 1;
	hd_output_init(&r->out, &r->cli, json, 1);
	r->f = open_memstream(&r->doc, &r->doc_len);
	cr_assert_not_null(r->f);
	cr_assert_eq(hd_document_open(&r->out.doc, json, 1, r->f), 0);
}

static int finish(struct run *r, enum hd_run_status st, int signo)
{
	int rc = hd_output_finish(&r->out, st, signo);

	fclose(r->f);
	fflush(stderr);
	return rc;
}

static void emit(struct run *r, const char *path, int exit_status, const char *report)
{
	struct hd_outcome o = { .exit_status = exit_status, .report = (char *)report, .report_len = strlen(report) };

	cr_assert_eq(hd_output_emit(&r->out, path, &o), 0);
}

static int stderr_has(const char *text)
{
	char buf[4096];
	size_t n;
	FILE *f = cr_get_redirected_stderr();

	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* The worst report decides: 1 for findings, unless --no-fail-on-findings. */
Test(output, worst_report_decides)
{
	struct run r;

	start(&r);
	emit(&r, "a", 0, "{\"a\":0}\n");
	emit(&r, "b", 1, "{\"b\":1}\n");
	cr_assert_eq(finish(&r, HD_RUN_OK, 0), HD_EXIT_FINDINGS);
	cr_assert_eq(r.out.written, 2);
	cr_assert_eq(r.out.lines, 2);
	cr_assert_eq(r.out.tally.hives, 2);
	cr_assert(strstr(r.doc, "{\"a\":0}") && strstr(r.doc, "{\"b\":1}"));
	cr_assert(stderr_has("hivediag: 2 hives in "), "the summary goes to stderr after JSON");
	free(r.doc);

	start(&r);
	r.cli.no_fail_on_findings = 1;
	emit(&r, "b", 1, "{\"b\":1}\n");
	cr_assert_eq(finish(&r, HD_RUN_OK, 0), HD_EXIT_OK);
	free(r.doc);
}

/* A CI job that analyzed nothing must not pass: only skipped files (not listed without --verbose). */
Test(output, nothing_analyzed_fails)
{
	struct run r;
	struct hd_outcome skipped = { .skipped = HD_SKIP_KIND, .report = (char *)"{}\n", .report_len = 3 };

	start(&r);
	cr_assert_eq(hd_output_emit(&r.out, "SAM", &skipped), 0);
	cr_assert_eq(r.out.tally.skipped[HD_SKIP_KIND], 1);
	cr_assert_eq(r.out.written, 0);
	cr_assert_eq(finish(&r, HD_RUN_OK, 0), HD_EXIT_FAILURE);
	cr_assert(stderr_has("hivediag: no hives: the list was empty or -r found no hive\n"));
	free(r.doc);
}

/* A signal: the document still ends (a JSON array that parses), the summary says so, 128 + the signal. */
Test(output, interrupted_run_ends_its_document)
{
	struct run r;

	start(&r);
	emit(&r, "a", 0, "{\"a\":0}\n");
	cr_assert_eq(finish(&r, HD_RUN_INTERRUPTED, SIGINT), 128 + SIGINT);
	cr_assert_not_null(strstr(r.doc, "]"), "the array is closed: %s", r.doc);
	cr_assert(stderr_has("(interrupted)\n"));
	free(r.doc);
}

/* A hive that was not analyzed: its message on stderr, escaped, before its report. */
Test(output, failed_hive_message_escaped)
{
	struct run r;
	struct hd_outcome o = { .exit_status = 2, .message = (char *)"cannot open\nsecond line",
	                        .report = (char *)"{}\n", .report_len = 3 };

	start(&r);
	cr_assert_eq(hd_output_emit(&r.out, "bad\x1b[2J", &o), 0);
	cr_assert_eq(finish(&r, HD_RUN_OK, 0), HD_EXIT_FAILURE);
	cr_assert(stderr_has("hivediag: bad\\u001b[2J: cannot open\nhivediag: bad\\u001b[2J: second line\n"));
	cr_assert_eq(r.out.tally.errors, 1);
	free(r.doc);
}

/* --fix-reg for a hive that was not analyzed: no file, said, and the run fails even with clean reports. */
Test(output, fix_reg_without_analysis_fails_the_run)
{
	struct run r;

	start(&r);
	r.cli.fix_reg = "fix.reg";
	emit(&r, "a", 0, "{\"a\":0}\n");
	cr_assert_eq(r.out.fix_failed, 1);
	cr_assert_eq(finish(&r, HD_RUN_OK, 0), HD_EXIT_FAILURE);
	cr_assert(stderr_has("hivediag: fix.reg: no .reg file written: the hive was not analyzed\n"));
	free(r.doc);
}

/* The list of hives could not be read: said with the list's name, and the run fails. */
Test(output, input_failure_said)
{
	struct run r;

	start(&r);
	r.cli.files_from = "hives.txt";
	emit(&r, "a", 0, "{\"a\":0}\n");
	errno = EINVAL;
	cr_assert_eq(finish(&r, HD_RUN_INPUT_FAILED, 0), HD_EXIT_FAILURE);
	cr_assert(stderr_has("hivediag: hives.txt: cannot read the list of hives: more than 64 empty entries"));
	free(r.doc);
}
