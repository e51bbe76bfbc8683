/*
 * formats_internal.h - the functions of the rows of the format table
 * (formats.c) that live in files of their own (report/format_NAME.c),
 * grouped by the file that defines them.  Only formats.c and those files
 * include it; the rest of the program sees the table (formats.h).
 */
#ifndef HD_FORMATS_INTERNAL_H
#define HD_FORMATS_INTERNAL_H

#include <stdio.h>

#include "report/formats.h"
#include "report/report_html.h"     /* -o html: hd_report_html_begin, hd_report_html ... */

/* report_timeline.c: bodyfile and timesketch (report_timeline.h). */
int hd_format_bodyfile_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f);
int hd_format_timesketch_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f);
/* -r's skipped file: a timeline has no event for it, so nothing. */
int hd_format_timeline_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f);
/* format_junit.c: JUnit XML, one <testsuite> per run, a <testcase> per hive and service. */
int hd_junit_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f);
int hd_junit_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f);
int hd_junit_prefix(const struct hd_format_run *run, FILE *f);
int hd_junit_suffix(const struct hd_format_run *run, FILE *f);

#endif
