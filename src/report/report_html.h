/*
 * report_html.h - the case report (issue 25): one self-contained HTML page
 * per run that a support engineer attaches to a case.  Inline CSS and SVG
 * only: no script, no network, no external resource (a Content Security
 * Policy in the page says so to the browser too).  Per hive: what was
 * analyzed, the verdicts, the findings with their evidence as read and
 * their fix, the key writes drawn on a time axis, and what an older copy
 * (--root) or LastKnownGood changed.
 *
 * Registry data is hostile: every string from a hive, a file name or the
 * command line goes through hd_html_text (html_text.h), which is at least as strict as
 * the text report (invalid UTF-8 as \xHH, controls and bidirectional
 * marks as \uXXXX, then < > & " ' as character references), in element
 * text, in attributes and in SVG alike.  Built from struct hd_result; none
 * of this uses json-c.
 */
#ifndef HD_REPORT_HTML_H
#define HD_REPORT_HTML_H

#include <stdio.h>

#include "analyze/result.h"
#include "report/formats.h"

/*
 * The row -o html of the format table (formats.c), one document per run
 * (HD_FORMAT_COUNTS_FIRST: the page opens on the run's totals).  Each
 * returns 0, or -1 with errno from the stream.
 */

/* The page up to the first hive: doctype, head with the style sheet, title, the run's totals. */
int hd_report_html_begin(const struct hd_format_run *run, FILE *f);

/* One hive's section (any number of them between begin and end); st is not read. */
int hd_report_html(const struct hd_result *res, const struct hd_format_style *st, FILE *f);

/* -r --verbose: a file of another kind, skipped: one line in the page. */
int hd_report_html_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f);

/* The page's end. */
int hd_report_html_end(const struct hd_format_run *run, FILE *f);

#endif
