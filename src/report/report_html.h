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

/* The page up to the first hive: doctype, head with the style sheet, title. 0 / -1 errno. */
int hd_report_html_begin(FILE *f);

/* One hive's section (any number of them between begin and end). 0 / -1 errno. */
int hd_report_html(const struct hd_result *res, FILE *f);

/* -r: a hive of another kind, skipped: one line in the page. 0 / -1 errno. */
int hd_report_html_skipped(const char *path, const char *why, FILE *f);

/* The page's end. 0 / -1 errno. */
int hd_report_html_end(FILE *f);

#endif
