/*
 * report.h - the JSON report (schema_version 1).  The report module
 * (report*.c) is the only part of the analyzer that includes json-c.
 */
#ifndef HD_REPORT_H
#define HD_REPORT_H

#include <stdio.h>

#include "analyze/result.h"

#define HD_SCHEMA_VERSION 1

enum hd_report_style { HD_REPORT_PRETTY, HD_REPORT_COMPACT };

struct hd_report;   /* opaque: a built JSON document */

/* Build one hive's report.  NULL with errno = ENOMEM. */
struct hd_report *hd_report_build(const struct hd_result *res);

/* The rule table as a JSON array of {id, kb, service, title}. */
struct hd_report *hd_report_rules(void);

/* -r: {"path": path, "skipped": why} for a hive of another kind, instead of a report. */
struct hd_report *hd_report_skipped(const char *path, const char *why);

/* An array of reports, for json format with several hives. */
struct hd_report *hd_report_array_new(void);
int hd_report_array_add(struct hd_report *array, struct hd_report *item); /* takes item */

/*
 * Serialize to f (adds a newline).  0 ok, -1 with errno from the stream
 * (EPIPE for a closed pipe, ENOSPC for a full disk).
 */
int hd_report_write(struct hd_report *r, FILE *f, enum hd_report_style style);
void hd_report_free(struct hd_report *r);

#endif
