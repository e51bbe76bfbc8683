/*
 * report_timeline.h - one hive's timeline (report/events.h) in the formats
 * the examiner's tools read (issue 25):
 *
 * - bodyfile: The Sleuth Kit's body file, format 3.x, one line per event,
 *   MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime,
 *   for mactime and plaso's bodyfile parser.  A key's or a base block's
 *   last write is an mtime (the other times 0: unknown); times are whole
 *   seconds since 1970 UTC.  The name is "FILE:\KEY" for a key and
 *   "FILE (regf base block)" for the hive file's base block.  A hostile name
 *   stays one line of eleven fields: '|' and '%' are written %7C and %25, the
 *   escape mactime decodes in every field (its tm_split); a control character
 *   (C0, DEL, C1) and a byte that is not UTF-8 are written \xHH, as plaso's
 *   bodyfile parser reads them (mactime shows them as written: a name it
 *   decoded into a line break would be dropped from its output).  A time
 *   mactime cannot sort (before 1970, or past its ten digits: 2286) is left
 *   out.
 * - timesketch: Timesketch's JSONL, one JSON object per line with message,
 *   datetime (ISO 8601, UTC, microseconds), timestamp (microseconds since
 *   1970), timestamp_desc, and as attributes data_type, hive, hive_path,
 *   hive_sha256, hive_role (--root), key_path and finding_ids.  A time past
 *   the year 9999 (no ISO 8601 date) is left out.
 *
 * Both write nothing for a hive with no event, so the reports of several
 * hives (-r, --root) concatenate into one file; the format table
 * (formats.h) has a row for each.  0, or -1 with errno
 * (ENOMEM, or the stream's error).
 */
#ifndef HD_REPORT_TIMELINE_H
#define HD_REPORT_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "analyze/result.h"

int hd_report_bodyfile(const struct hd_result *res, FILE *f);
int hd_report_timesketch(const struct hd_result *res, FILE *f);

/* s escaped for a body file's name field (see above): a new string, or NULL ENOMEM. */
char *hd_bodyfile_escape(const char *s);

/* A FILETIME as microseconds since 1970-01-01 UTC (negative before). */
int64_t hd_filetime_to_unix_us(uint64_t ft);

#endif
