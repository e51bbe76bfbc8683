/*
 * test_report_timeline.c - the timeline events of a hand-made result
 * (report/events.c) and their two writers (report/report_timeline.c): one
 * event per key with a known time, the citing findings' ids, the base
 * blocks; the body file's lines and escapes; the Timesketch objects.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/events.h"
#include "report/report_timeline.h"
#include "rules/rules.h"

TestSuite(report_timeline);

/* 2002-08-06T10:11:12Z and 1999-06-01T09:00:00Z as FILETIMEs, and in seconds since 1970. */
#define FT_2002 UINT64_C(126731022720000000)
#define S_2002 INT64_C(1028628672)
#define FT_1999 UINT64_C(125727012000000000)
#define S_1999 INT64_C(928227600)

static const struct hd_rule *rule(const char *id)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (strcmp(hd_rules[i].id, id) == 0)
			return &hd_rules[i];
	cr_assert_fail("no rule %s", id);
	return NULL;
}

/* A lookup of key (name NULL: the key itself) read at time t (0: the key's time unknown). */
static void read_at(struct hd_trail *t, const char *key, const char *name, uint64_t time, int found,
                    const char *hive)
{
	struct hd_regval rv = { .status = found ? HD_FOUND : HD_ABSENT, .key_found = found,
	                        .key = (char *)key, .name = (char *)name, .key_time = time,
	                        .key_time_read = time != 0, .hive = hive };

	cr_assert_eq(hd_trail_add(t, key, &rv), 0);
}

/* A SYSTEM hive read at two times, cited by A7 (twice) and B3; a SOFTWARE hive's Setup key. */
static void make(struct hd_result *res)
{
	static const struct hd_regval sitedn = { .status = HD_FOUND, .key_found = 1,
		.key = "controlset001\\services\\msexchangeimc\\parameters", .name = "SiteDN" };
	static const struct hd_regval linkage = { .status = HD_FOUND, .key_found = 1,
		.key = "ControlSet001\\Services\\Tcpip\\Linkage", .name = "Bind" };
	const struct hd_regval *a7[] = { &sitedn, &sitedn, NULL }, *b3[] = { &linkage, &sitedn, NULL };

	memset(res, 0, sizeof *res);
	res->path = "x/SYSTEM";
	res->file = (struct hd_fileinfo){ .have_size = 1, .size = 8192, .have_sha256 = 1, .sha256 = "ab12",
	                                  .have_header = 1, .kind = "SYSTEM" };
	res->file.header.magic = HD_MAGIC_REGF;
	res->file.header.last_written = FT_2002;
	read_at(&res->trail, "ControlSet001\\Services\\MSExchangeIMC\\Parameters", NULL, FT_1999, 1, NULL);
	read_at(&res->trail, "ControlSet001\\Services\\MSExchangeIMC\\Parameters", "SiteDN", FT_1999, 1, NULL);
	read_at(&res->trail, "ControlSet001\\Services\\Tcpip\\Linkage", "Bind", FT_2002, 1, NULL);
	read_at(&res->trail, "ControlSet001\\Services\\NetBT", NULL, 0, 1, NULL);      /* an export: no time */
	read_at(&res->trail, "ControlSet001\\Services\\Gone", NULL, FT_2002, 0, NULL); /* absent */
	res->software.path = "x/SOFTWARE";
	res->software.file = (struct hd_fileinfo){ .have_size = 1, .size = 4096, .kind = "SOFTWARE" };
	read_at(&res->software.trail, "Microsoft\\Exchange\\Setup", NULL, FT_1999, 1, "SOFTWARE");
	cr_assert_eq(hd_finding_add(&res->findings, rule("A7"), HD_SEV_INFO, NULL, a7, "a7"), 0);
	cr_assert_eq(hd_finding_add(&res->findings, rule("B3"), HD_SEV_ERROR, NULL, b3, "b3"), 0);
	cr_assert_eq(hd_finding_add(&res->findings, rule("A7"), HD_SEV_INFO, NULL, a7, "again"), 0);
}

static void unmake(struct hd_result *res)
{
	hd_trail_clear(&res->trail);
	hd_trail_clear(&res->software.trail);
	hd_findings_clear(&res->findings);
}

/* The writer's output as a string. */
static char *written(int (*w)(const struct hd_result *, FILE *), const struct hd_result *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(w(res, f), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* One event per key with a known time (two lookups, one event), the base block, sorted, cited once per id. */
Test(report_timeline, events_of_a_pair)
{
	struct hd_result res;
	struct hd_events ev;

	make(&res);
	cr_assert_eq(hd_events_collect(&res, &ev), 0);
	cr_assert_eq(ev.n, 4, "IMC Parameters, Linkage, the base block, Setup: %zu", ev.n);
	for (size_t i = 1; i < ev.n; i++)
		cr_assert_leq(ev.v[i - 1].time, ev.v[i].time, "sorted by time");
	cr_assert_str_eq(ev.v[0].hive, "SOFTWARE", "at one time, by file name");
	cr_assert_str_eq(ev.v[0].key, "Microsoft\\Exchange\\Setup");
	cr_assert_eq(ev.v[0].n_findings, 0, "SYSTEM evidence never cites a SOFTWARE key");
	cr_assert_str_eq(ev.v[1].file, "x/SYSTEM");
	cr_assert_str_eq(ev.v[1].key, "ControlSet001\\Services\\MSExchangeIMC\\Parameters");
	cr_assert_eq(ev.v[1].n_findings, 2, "A7 once, B3 (evidence names the key in another case)");
	cr_assert_str_eq(ev.v[1].finding_ids[0], "A7");
	cr_assert_str_eq(ev.v[1].finding_ids[1], "B3");
	cr_assert_eq(ev.v[2].kind, HD_EVENT_BASE_BLOCK, "a file's event before its keys at one time");
	cr_assert_eq(ev.v[2].size, 8192);
	cr_assert_str_eq(ev.v[3].key, "ControlSet001\\Services\\Tcpip\\Linkage");
	hd_events_clear(&ev);
	unmake(&res);
}

/* A hive not analyzed: only its base block, when one was read; nothing at all otherwise. */
Test(report_timeline, error_result)
{
	struct hd_result res;
	char *out;

	make(&res);
	res.error_code = HD_ERR_NO_CONTROLSET;
	out = written(hd_report_bodyfile, &res);
	cr_assert_str_eq(out, "0|x/SYSTEM (regf base block)|0|0|0|0|8192|0|1028628672|0|0\n");
	free(out);
	res.file.have_header = 0;
	out = written(hd_report_timesketch, &res);
	cr_assert_str_eq(out, "", "no event, no line");
	free(out);
	unmake(&res);
}

/* TSK 3.x: eleven fields, the last write as mtime in seconds, a key as FILE:\KEY. */
Test(report_timeline, bodyfile_lines)
{
	struct hd_result res;
	char *out, want[512];

	make(&res);
	out = written(hd_report_bodyfile, &res);
	snprintf(want, sizeof want,
	         "0|x/SOFTWARE:\\Microsoft\\Exchange\\Setup|0|0|0|0|0|0|%lld|0|0\n"
	         "0|x/SYSTEM:\\ControlSet001\\Services\\MSExchangeIMC\\Parameters|0|0|0|0|0|0|%lld|0|0\n"
	         "0|x/SYSTEM (regf base block)|0|0|0|0|8192|0|%lld|0|0\n"
	         "0|x/SYSTEM:\\ControlSet001\\Services\\Tcpip\\Linkage|0|0|0|0|0|0|%lld|0|0\n",
	         (long long)S_1999, (long long)S_1999, (long long)S_2002, (long long)S_2002);
	cr_assert_str_eq(out, want);
	free(out);
	unmake(&res);
}

/* Times mactime cannot sort (before 1970, past 2286) are left out of the body file; Timesketch
 * keeps 1601..9999 and drops what has no ISO 8601 date. */
Test(report_timeline, times_out_of_range)
{
	struct hd_result res = { .path = "h" };
	char *body, *sketch;

	read_at(&res.trail, "Before1970", NULL, UINT64_C(116444736000000000) - 10000000u, 1, NULL);
	read_at(&res.trail, "After9999", NULL, UINT64_C(0x7fffffffffffffff), 1, NULL);
	body = written(hd_report_bodyfile, &res);
	sketch = written(hd_report_timesketch, &res);
	cr_assert_str_eq(body, "");
	cr_assert_not_null(strstr(sketch, "\"datetime\":\"1969-12-31T23:59:59.000000+00:00\",\"timestamp\":-1000000,"));
	cr_assert_null(strstr(sketch, "After9999"));
	cr_assert_eq(hd_filetime_to_unix_us(FT_2002), S_2002 * 1000000);
	free(body);
	free(sketch);
	hd_trail_clear(&res.trail);
}

/* | and % as mactime decodes them, controls and bytes that are not UTF-8 as plaso's \xHH. */
Test(report_timeline, bodyfile_escape)
{
	char *e = hd_bodyfile_escape("a|b%c\nd\x1b\x7f\xc2\x85\xff\xc3\xa9\xe2\x80\xae/\\");

	cr_assert_not_null(e);
	cr_assert_str_eq(e, "a%7Cb%25c\\x0ad\\x1b\\x7f\\x85\\xff\xc3\xa9\xe2\x80\xae/\\");
	free(e);
	e = hd_bodyfile_escape("\xc0\xaf\xed\xa0\x80");    /* an overlong '/', a surrogate: not UTF-8 */
	cr_assert_str_eq(e, "\\xc0\\xaf\\xed\\xa0\\x80");
	free(e);
}

/* Each line one JSON object: the four fields Timesketch requires and the attributes. */
Test(report_timeline, timesketch_objects)
{
	struct hd_result res;
	char *out, *line, *save = NULL;
	size_t n = 0;

	make(&res);
	res.role = "repair";
	out = written(hd_report_timesketch, &res);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		json_object *o = json_tokener_parse(line), *v;

		cr_assert_not_null(o, "line %zu parses", n);
		cr_assert(json_object_object_get_ex(o, "message", &v) && json_object_is_type(v, json_type_string));
		cr_assert(json_object_object_get_ex(o, "datetime", &v));
		cr_assert(json_object_object_get_ex(o, "timestamp_desc", &v));
		cr_assert(json_object_object_get_ex(o, "timestamp", &v) && json_object_is_type(v, json_type_int));
		cr_assert(json_object_object_get_ex(o, "hive_role", &v));
		cr_assert_str_eq(json_object_get_string(v), "repair");
		if (n == 1) {
			cr_assert_eq(json_object_get_int64(v = json_object_object_get(o, "timestamp")), S_1999 * 1000000);
			cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "datetime")),
			                 "1999-06-01T09:00:00.000000+00:00");
			cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "message")),
			                 "SYSTEM key ControlSet001\\Services\\MSExchangeIMC\\Parameters last written "
			                 "(cited by A7, B3)");
			cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "finding_ids")),
			                 "[ \"A7\", \"B3\" ]");
			cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "hive_sha256")), "ab12");
		}
		json_object_put(o);
	}
	cr_assert_eq(n, 4);
	free(out);
	unmake(&res);
}
