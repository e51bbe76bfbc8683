/* test_progress.c - the progress line and the closing summary. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/progress.h"

TestSuite(progress);

/* Known total: done/total, rate, ETA from the rate. */
Test(progress, line_with_total)
{
	char buf[160];

	hd_progress_line(buf, sizeof buf, 100, 400, 120, 10.0);
	cr_assert_str_eq(buf, "hivediag: 100/400 hives, 10.0 hives/s, ETA 0:30");
}

/* Unknown total (a list on stdin): the count read so far with '+', no ETA. */
Test(progress, line_without_total)
{
	char buf[160];

	hd_progress_line(buf, sizeof buf, 5, -1, 9, 2.0);
	cr_assert_str_eq(buf, "hivediag: 5/9+ hives, 2.5 hives/s");
}

/* A small buffer gets a cut, terminated line. */
Test(progress, line_truncated)
{
	char buf[12];

	hd_progress_line(buf, sizeof buf, 1, 2, 2, 1.0);
	cr_assert_eq(strlen(buf), sizeof buf - 1);
}

/* The summary counts exit classes and each verdict status, most decisive first. */
Test(progress, summary)
{
	struct hd_tally t = { 0 };
	char buf[512];

	hd_tally_add(&t, 0, HD_VERDICT_NOT_INSTALLED, HD_VERDICT_UNLIKELY);
	hd_tally_add(&t, 1, HD_VERDICT_LIKELY, HD_VERDICT_UNLIKELY);
	hd_tally_add(&t, 2, HD_VERDICT_UNKNOWN, HD_VERDICT_UNKNOWN);
	hd_summary_line(buf, sizeof buf, &t, 2.0);
	cr_assert_str_eq(buf, "hivediag: 3 hives in 2.0 s (1.5 hives/s): 1 clean, 1 with findings, 1 error; "
	                      "imc: 1 likely, 1 not_installed, 1 unknown; mta: 2 unlikely, 1 unknown");
}

/* Hives of other kinds skipped by -r are counted apart from the hives analyzed. */
Test(progress, summary_counts_skipped)
{
	struct hd_tally t = { 0 };
	char buf[512];

	hd_tally_add(&t, 0, HD_VERDICT_NOT_INSTALLED, HD_VERDICT_UNLIKELY);
	t.skipped[HD_SKIP_KIND] = 940;
	hd_summary_line(buf, sizeof buf, &t, 1.0);
	cr_assert_str_eq(buf, "hivediag: 1 hive in 1.0 s (1.0 hives/s): 1 clean, 0 with findings, 0 errors; "
	                      "940 skipped: other hive kinds; imc: 1 not_installed; mta: 1 unlikely");
}

/* Issue 22: every file -r passes over is counted by reason, and archives read apart. */
Test(progress, summary_counts_passed_over)
{
	struct hd_tally t = { 0 }, part = { 0 };
	char buf[512];

	hd_tally_add(&part, 1, HD_VERDICT_LIKELY, HD_VERDICT_UNLIKELY);
	part.archives = 1;
	part.skipped[HD_SKIP_NOT_HIVE] = 1;
	hd_tally_merge(&t, &part);
	t.skipped[HD_SKIP_LOG] = 2;
	t.skipped[HD_SKIP_NOT_HIVE] += 4;
	t.skipped[HD_SKIP_PAIRED] = 1;
	t.skipped[HD_SKIP_SPECIAL] = 1;
	hd_summary_line(buf, sizeof buf, &t, 1.0);
	cr_assert_str_eq(buf, "hivediag: 1 hive in 1.0 s (1.0 hives/s): 0 clean, 1 with findings, 0 errors; "
	                      "1 archive read; passed over: 1 SOFTWARE hive read with its SYSTEM hive, "
	                      "2 transaction logs, 5 not hives, 1 not a regular file; imc: 1 likely; mta: 1 unlikely");
}
