/* test_outcome.c - the worker-to-parent wire format and parent-built error reports. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cli/outcome.h"

TestSuite(outcome);

/* An outcome survives encode/decode with every field intact. */
Test(outcome, round_trip)
{
	char msg[] = "line one\nline two", rep[] = "{\"x\":1}\n";
	struct hd_outcome o = { .exit_status = 2, .imc = 1, .mta = 4, .message = msg,
	                        .report = rep, .report_len = sizeof rep - 1 }, back;
	char *buf = NULL;
	size_t len = 0;

	cr_assert_eq(hd_outcome_encode(&o, &buf, &len), 0);
	cr_assert_eq(hd_outcome_decode(buf, len, &back), 0);
	cr_assert_eq(back.exit_status, 2);
	cr_assert_eq(back.imc, 1);
	cr_assert_eq(back.mta, 4);
	cr_assert_str_eq(back.message, msg);
	cr_assert_eq(back.report_len, o.report_len);
	cr_assert_str_eq(back.report, rep);
	hd_outcome_clear(&back);
	free(buf);
}

/* The .reg text and its counts travel with the report. */
Test(outcome, round_trip_fix_reg)
{
	char rep[] = "report\n", reg[] = "REGEDIT4\r\n";
	struct hd_outcome o = { .report = rep, .report_len = sizeof rep - 1, .fix_reg = reg,
	                        .fix_reg_len = sizeof reg - 1, .fix = { .edits = 1, .without_edit = 2 } }, back;
	char *buf = NULL;
	size_t len = 0;

	cr_assert_eq(hd_outcome_encode(&o, &buf, &len), 0);
	cr_assert_eq(hd_outcome_decode(buf, len, &back), 0);
	cr_assert_str_eq(back.report, rep);
	cr_assert_str_eq(back.fix_reg, reg);
	cr_assert_eq(back.fix_reg_len, sizeof reg - 1);
	cr_assert_eq(back.fix.edits, 1);
	cr_assert_eq(back.fix.without_edit, 2);
	hd_outcome_clear(&back);
	free(buf);
}

/* A text outcome of a file that is no hive: the text report names the error, no .reg. */
Test(outcome, text_failure_report)
{
	struct hd_options opts = { 0 };
	struct hd_render how = { .format = hd_format_find("text"), .style.text = { .width = 80 }, .fix_reg = 1 };
	struct hd_outcome o;

	cr_assert_eq(hd_outcome_failure("/nonexistent/h", &opts, &how, HD_ERR_OPEN, "cannot open", 0, &o), 0);
	cr_assert_not_null(strstr(o.report, "NOT ANALYZED (open_failed)"));
	cr_assert_null(o.fix_reg, "no .reg for a hive that was not analyzed");
	hd_outcome_clear(&o);
}

/* The piece's counts travel with it; an empty piece (a format with nothing to say) is an outcome too. */
Test(outcome, round_trip_counts)
{
	struct hd_outcome o = { .report = "", .report_len = 0,
	                        .counts = { .hives = 3, .tests = 6, .failures = 2, .errors = 1, .skipped = 1 } }, back;
	char *buf = NULL;
	size_t len = 0;

	cr_assert_eq(hd_outcome_encode(&o, &buf, &len), 0);
	cr_assert_eq(hd_outcome_decode(buf, len, &back), 0);
	cr_assert_eq(back.report_len, 0);
	cr_assert_str_eq(back.report, "");
	cr_assert_eq(back.counts.hives, 3);
	cr_assert_eq(back.counts.tests, 6);
	cr_assert_eq(back.counts.failures, 2);
	cr_assert_eq(back.counts.errors, 1);
	cr_assert_eq(back.counts.skipped, 1);
	hd_outcome_clear(&back);
	free(buf);
}

/* A message cut short (a worker killed mid-write) is refused, never half-used. */
Test(outcome, truncated_refused)
{
	char rep[] = "{}\n";
	struct hd_outcome o = { .report = rep, .report_len = 3 }, back;
	char *buf = NULL;
	size_t len = 0;

	cr_assert_eq(hd_outcome_encode(&o, &buf, &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		errno = 0;
		cr_assert_eq(hd_outcome_decode(buf, cut, &back), -1, "cut at %zu", cut);
		cr_assert_eq(errno, EPROTO);
	}
	free(buf);
}

/* A parent-built report carries the code, the message, the file's size and unsafe mode. */
Test(outcome, failure_report)
{
	char path[] = "/tmp/hd_outcome_XXXXXX";
	int fd = mkstemp(path);
	struct hd_options opts = { .unsafe = 1 };
	struct hd_render how = { .format = hd_format_find("json"), .style.json = HD_REPORT_COMPACT };
	struct hd_outcome o;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	cr_assert_eq(hd_outcome_failure(path, &opts, &how, HD_ERR_TIMEOUT, "too slow", 0, &o), 0);
	unlink(path);
	cr_assert_eq(o.exit_status, 2);
	cr_assert_eq(o.imc, HD_VERDICT_UNKNOWN);
	cr_assert_str_eq(o.message, "too slow");
	cr_assert_not_null(strstr(o.report, "\"size\":10,"));
	cr_assert_not_null(strstr(o.report, "\"code\":\"timeout\""));
	cr_assert_not_null(strstr(o.report, "\"unsafe\":true"));
	cr_assert_eq(o.report[o.report_len - 1], '\n');
	hd_outcome_clear(&o);
}
