/*
 * html_timeline.h - the HTML case report's picture of time and its
 * comparisons (html_timeline.c), for report_html.c.
 */
#ifndef HD_HTML_TIMELINE_H
#define HD_HTML_TIMELINE_H

#include <stdio.h>

#include "analyze/result.h"

/* The timeline section of one hive: the SVG picture and its tables. */
void hd_html_timeline(const struct hd_result *res, FILE *f);

/* The comparisons (--root copy vs current, analyzed set vs LastKnownGood) as tables. */
void hd_html_changes(const struct hd_result *res, FILE *f);

#endif
