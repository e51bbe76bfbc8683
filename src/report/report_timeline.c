/*
 * report_timeline.c - the bodyfile and Timesketch writers (report_timeline.h).
 */
#include "report/report_timeline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/events.h"
#include "report/formats_internal.h"
#include "report/report_internal.h"
#include "util/strbuf.h"

/* Microseconds from 1601-01-01 to 1970-01-01. */
#define HD_FILETIME_UNIX_US INT64_C(11644473600000000)
/* mactime pads times to ten digits and sorts them as strings: past that, out of order. */
#define HD_BODYFILE_MAX_SECONDS INT64_C(9999999999)

int64_t hd_filetime_to_unix_us(uint64_t ft)
{
	return (int64_t)(ft / 10u) - HD_FILETIME_UNIX_US;
}

/* Whole seconds since 1970 (floor). */
static int64_t unix_seconds(uint64_t ft)
{
	int64_t us = hd_filetime_to_unix_us(ft);

	return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong form, no surrogate), 0 if none. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
	         : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (size_t i = 1; i < n; i++)
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xbf))
			return 0;
	return n;
}

char *hd_bodyfile_escape(const char *s)
{
	struct hd_strbuf sb = { 0 };
	const unsigned char *p = (const unsigned char *)s;
	char *out;

	while (*p) {
		size_t n = utf8_len(p);

		if (*p == '%' || *p == '|') {
			hd_strbuf_addf(&sb, "%%%02X", *p);     /* mactime's tm_split decodes it */
			p++;
		} else if (n == 0 || *p < 0x20 || *p == 0x7f) {
			hd_strbuf_addf(&sb, "\\x%02x", *p);   /* plaso's escape; mactime shows it */
			p++;
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			hd_strbuf_addf(&sb, "\\x%02x", p[1]); /* a C1 control: U+0080..U+009F */
			p += 2;
		} else {
			hd_strbuf_addf(&sb, "%.*s", (int)n, (const char *)p);
			p += n;
		}
	}
	out = hd_strbuf_take(&sb);
	hd_strbuf_clear(&sb);
	return out;
}

/* "FILE:\KEY" or "FILE (regf base block)", escaped. */
static char *bodyfile_name(const struct hd_event *e)
{
	char *raw = NULL, *esc;
	int n = e->kind == HD_EVENT_KEY ? asprintf(&raw, "%s:\\%s", e->file, e->key)
	      : e->kind == HD_EVENT_BASE_BLOCK ? asprintf(&raw, "%s (regf base block)", e->file)
	      : asprintf(&raw, "%s", e->file);

	if (n < 0)
		return NULL;
	esc = hd_bodyfile_escape(raw);
	free(raw);
	return esc;
}

/* A time as a bodyfile column: seconds, 0 (unknown) when mactime could not sort it. */
static int64_t body_time(uint64_t ft)
{
	int64_t s = ft ? unix_seconds(ft) : 0;

	return s > 0 && s <= HD_BODYFILE_MAX_SECONDS ? s : 0;
}

static int bodyfile_line(const struct hd_event *e, FILE *f)
{
	int file = e->kind == HD_EVENT_FILE;
	int64_t m = body_time(file ? e->mtime : e->time);
	char *name;
	int rc;

	if (m == 0 && (!file || (body_time(e->atime) | body_time(e->ctime) | body_time(e->crtime)) == 0))
		return 0;       /* no time mactime can sort: no line (a line of zeros is dropped anyway) */
	if ((name = bodyfile_name(e)) == NULL)
		return -1;
	rc = fprintf(f, "0|%s|0|0|0|0|%" PRIu64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "\n", name,
	             e->kind == HD_EVENT_KEY || !e->have_size ? 0 : e->size, body_time(e->atime), m,
	             body_time(e->ctime), body_time(e->crtime)) < 0 ? -1 : 0;
	free(name);
	return rc;
}

int hd_report_bodyfile(const struct hd_result *res, FILE *f)
{
	struct hd_events ev;
	int rc = 0;

	if (hd_events_collect(res, &ev) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < ev.n; i++)
		rc = bodyfile_line(&ev.v[i], f);
	hd_events_clear(&ev);
	if (rc == 0 && ferror(f))
		rc = -1;
	return rc;
}

/* ISO 8601 with microseconds, "2002-08-06T10:11:12.000000+00:00"; -1 past the year 9999. */
static int iso_us(int64_t us, char *buf, size_t len)
{
	int64_t s = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
	long frac = (long)(us - s * 1000000);
	time_t t = (time_t)s;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1)
		return -1;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	return 0;
}

/* "SYSTEM key K last written (cited by A1, B2)" / "SYSTEM hive FILE last written (base block)". */
static char *message(const struct hd_event *e)
{
	struct hd_strbuf sb = { 0 };
	char *m;

	if (e->kind == HD_EVENT_KEY)
		hd_strbuf_addf(&sb, "%s key %s last written", e->hive, e->key);
	else
		hd_strbuf_addf(&sb, "%s hive %s last written (%s)", e->hive, e->file,
		               e->kind == HD_EVENT_BASE_BLOCK ? "base block" : "file system");
	for (size_t i = 0; i < e->n_findings; i++)
		hd_strbuf_addf(&sb, "%s%s", i ? ", " : " (cited by ", e->finding_ids[i]);
	if (e->n_findings)
		hd_strbuf_addf(&sb, ")");
	m = hd_strbuf_take(&sb);
	hd_strbuf_clear(&sb);
	return m;
}

static json_object *ids(const struct hd_event *e)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < e->n_findings; i++)
		if (json_object_array_add(a, json_object_new_string(e->finding_ids[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

/* One event at time (a FILETIME) as a Timesketch object, or NULL (ENOMEM; *skip set for a time past 9999). */
static json_object *sketch_event(const struct hd_event *e, uint64_t time, const char *desc, int *skip)
{
	int64_t us = hd_filetime_to_unix_us(time);
	int key = e->kind == HD_EVENT_KEY;
	char when[80], *m = NULL;
	json_object *o = NULL;

	if ((*skip = iso_us(us, when, sizeof when) < 0))
		return NULL;
	if ((m = message(e)) == NULL || (o = json_object_new_object()) == NULL ||
	    hd_json_add(o, "message", hd_json_str(m)) < 0 ||
	    hd_json_add(o, "datetime", json_object_new_string(when)) < 0 ||
	    hd_json_add(o, "timestamp", json_object_new_int64(us)) < 0 ||
	    hd_json_add(o, "timestamp_desc", json_object_new_string(desc)) < 0 ||
	    hd_json_add(o, "data_type", json_object_new_string(key ? "hivediag:registry:key"
	                : e->kind == HD_EVENT_BASE_BLOCK ? "hivediag:hive:base_block" : "hivediag:hive:file")) < 0 ||
	    hd_json_add(o, "hive", hd_json_str(e->hive)) < 0 ||
	    hd_json_add(o, "hive_path", hd_json_str(e->file)) < 0 ||
	    hd_json_add(o, "hive_sha256", hd_json_str(e->sha256)) < 0 ||
	    (e->role && hd_json_add(o, "hive_role", hd_json_str(e->role)) < 0) ||
	    (key && hd_json_add(o, "key_path", hd_json_str(e->key)) < 0) ||
	    hd_json_add(o, "finding_ids", ids(e)) < 0) {
		json_object_put(o);
		o = NULL;
	}
	free(m);
	return o;
}

/* One line, plain (json-c escapes every control character). 0, or -1. */
static int sketch_line(const struct hd_event *e, uint64_t time, const char *desc, FILE *f)
{
	int skip = 0, rc = 0;
	json_object *o;

	if (time == 0)
		return 0;
	if ((o = sketch_event(e, time, desc, &skip)) == NULL)
		return skip ? 0 : -1;
	if (fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	            JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		rc = -1;
	json_object_put(o);
	return rc;
}

/* e's Timesketch lines: one, or for a file's file-system times one per known time. */
static int sketch_events(const struct hd_event *e, FILE *f)
{
	if (e->kind == HD_EVENT_KEY)
		return sketch_line(e, e->time, "Key Last Written", f);
	if (e->kind == HD_EVENT_BASE_BLOCK)
		return sketch_line(e, e->time, "Hive Last Written (base block)", f);
	return sketch_line(e, e->mtime, "File Content Modification Time", f) < 0 ||
	       sketch_line(e, e->atime, "File Last Access Time", f) < 0 ||
	       sketch_line(e, e->ctime, "File Metadata Modification Time", f) < 0 ||
	       sketch_line(e, e->crtime, "File Creation Time", f) < 0 ? -1 : 0;
}

int hd_report_timesketch(const struct hd_result *res, FILE *f)
{
	struct hd_events ev;
	int rc = 0;

	if (hd_events_collect(res, &ev) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < ev.n; i++)
		rc = sketch_events(&ev.v[i], f);
	hd_events_clear(&ev);
	if (rc == 0 && ferror(f))
		rc = -1;
	if (rc < 0 && errno == 0)
		errno = ENOMEM;
	return rc;
}

/* The rows of the format table (formats.c). */
int hd_format_bodyfile_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	return hd_report_bodyfile(res, f);
}

int hd_format_timesketch_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	return hd_report_timesketch(res, f);
}

int hd_format_timeline_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	(void)path, (void)why, (void)st, (void)f;
	return 0;
}
