/*
 * test_report.c - the per-hive report document (report.c) built from a
 * hand-made result, and the rule list: the members the schema requires, the
 * error object, findings with their evidence, verdicts naming their findings.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "rules/rules.h"

TestSuite(report);

/* The report as written (compact), parsed back. */
static json_object *written(struct hd_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_object *o;

	cr_assert_not_null(f);
	cr_assert_eq(hd_report_write(r, f, HD_REPORT_COMPACT), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert(len > 0 && buf[len - 1] == '\n', "one line ending in a newline");
	o = json_tokener_parse(buf);
	free(buf);
	cr_assert_not_null(o, "the report parses as JSON");
	return o;
}

static json_object *at(json_object *o, const char *path)
{
	char key[64];

	while (o && *path) {
		size_t n = strcspn(path, ".");
		json_object *m = NULL;

		cr_assert_lt(n, sizeof key);
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &m))
			return NULL;
		o = m;
		path += n + (path[n] == '.');
	}
	return o;
}

static const struct hd_rule *rule(const char *id)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (strcmp(hd_rules[i].id, id) == 0)
			return &hd_rules[i];
	cr_assert_fail("no rule %s", id);
	return NULL;
}

/* A hive that could not be analyzed: an error object, verdicts unknown. */
Test(report, error_result)
{
	struct hd_result res = { .path = "x.hive", .error_code = HD_ERR_NOT_HIVE };
	struct hd_report *r = hd_report_build(&res);
	json_object *o;

	cr_assert_not_null(r);
	o = written(r);
	cr_expect_eq(json_object_get_int(at(o, "schema_version")), HD_SCHEMA_VERSION);
	cr_expect_str_eq(json_object_get_string(at(o, "error.code")), "not_a_hive");
	cr_expect_str_eq(json_object_get_string(at(o, "error.message")), "not_a_hive",
	                 "without a message the code stands in");
	cr_expect_str_eq(json_object_get_string(at(o, "verdicts.imc.status")), "unknown");
	cr_expect_str_eq(json_object_get_string(at(o, "verdicts.mta.kb")), "Q320200");
	cr_expect_eq(json_object_array_length(at(o, "findings")), 0);
	cr_expect_null(at(o, "ignored_findings"), "listed only when --ignore was given");
	json_object_put(o);
	hd_report_free(r);
}

/* A finding keeps its rule's id, articles and title, its detail and evidence;
 * a verdict lists the ids of the findings it rests on. */
Test(report, finding_and_verdict)
{
	static const uint8_t utf16[] = { 'x', 0, 0, 0 };
	struct hd_regval ev = { .status = HD_FOUND, .key_found = 1, .key = "K", .name = "SiteDN",
	                        .raw = { HD_REG_SZ, (uint8_t *)utf16, sizeof utf16 } };
	const struct hd_regval *evl[] = { &ev, NULL };
	struct hd_result res = { .path = "x.hive" };
	struct hd_report *r;
	json_object *o, *f;

	cr_assert_eq(hd_finding_add(&res.findings, rule("A1"), HD_SEV_ERROR, "Set SiteDN.", evl,
	                            "SiteDN is %s.", "empty"), 0);
	res.imc.status = HD_VERDICT_LIKELY;
	res.imc.reason = strdup("because");
	res.imc.finding_idx[0] = 0;
	res.imc.n_findings = 1;
	res.mta.status = HD_VERDICT_NOT_INSTALLED;
	r = hd_report_build(&res);
	cr_assert_not_null(r);
	o = written(r);
	f = json_object_array_get_idx(at(o, "findings"), 0);
	cr_assert_not_null(f);
	cr_expect_str_eq(json_object_get_string(at(f, "id")), "A1");
	cr_expect_str_eq(json_object_get_string(at(f, "severity")), "error");
	cr_expect_str_eq(json_object_get_string(at(f, "detail")), "SiteDN is empty.");
	cr_expect_str_eq(json_object_get_string(at(f, "remediation")), "Set SiteDN.");
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(at(f, "kb"), 0)), "Q298565");
	cr_expect_str_eq(json_object_get_string(at(json_object_array_get_idx(at(f, "evidence"), 0),
	                                           "data")), "x");
	cr_expect_str_eq(json_object_get_string(at(o, "verdicts.imc.status")), "likely");
	cr_expect_str_eq(json_object_get_string(at(o, "verdicts.imc.reason")), "because");
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(
	                 at(o, "verdicts.imc.finding_ids"), 0)), "A1");
	cr_expect_str_eq(json_object_get_string(at(o, "verdicts.mta.status")), "not_installed");
	json_object_put(o);
	hd_report_free(r);
	hd_findings_clear(&res.findings);
	hd_verdict_clear(&res.imc);
}

/* --ignore: the set-aside findings are listed apart. */
Test(report, ignored_findings_listed)
{
	struct hd_result res = { .path = "x.hive", .ignore_requested = 1 };
	struct hd_report *r;
	json_object *o;

	cr_assert_eq(hd_finding_add(&res.ignored, rule("H3"), HD_SEV_INFO, NULL, NULL, "d"), 0);
	r = hd_report_build(&res);
	cr_assert_not_null(r);
	o = written(r);
	cr_expect_eq(json_object_array_length(at(o, "ignored_findings")), 1);
	cr_expect_eq(json_object_array_length(at(o, "findings")), 0);
	json_object_put(o);
	hd_report_free(r);
	hd_findings_clear(&res.ignored);
}

/* The rule list has one entry per table row, in table order. */
Test(report, rules_list)
{
	struct hd_report *r = hd_report_rules();
	json_object *o;

	cr_assert_not_null(r);
	o = written(r);
	cr_assert_eq(json_object_array_length(o), hd_rules_count);
	for (size_t i = 0; i < hd_rules_count; i++)
		cr_expect_str_eq(json_object_get_string(at(json_object_array_get_idx(o, i), "id")),
		                 hd_rules[i].id);
	json_object_put(o);
	hd_report_free(r);
}

/* An array of reports is written as one JSON array. */
Test(report, array)
{
	struct hd_report *a = hd_report_array_new();
	struct hd_result res = { .path = "x", .error_code = HD_ERR_EMPTY };
	json_object *o;

	cr_assert_not_null(a);
	cr_assert_eq(hd_report_array_add(a, hd_report_build(&res)), 0);
	cr_assert_eq(hd_report_array_add(a, hd_report_build(&res)), 0);
	o = written(a);
	cr_expect_eq(json_object_array_length(o), 2);
	json_object_put(o);
	hd_report_free(a);
}

/* Issue 12: a path that is not UTF-8 is written escaped, with its exact
 * bytes in path_bytes; the analysis provenance and each log's evidence. */
Test(report, provenance_and_non_utf8_path)
{
	static const char *const ignore[] = { "A1" };
	struct hd_options opts = { .control_set = 2, .rules = { .ignore = ignore, .n_ignore = 1 }, .no_replay = 0 };
	struct hd_result res = { .path = "d/\xff.hive", .opts = &opts, .started = "2026-11-29T19:20:00Z",
	                         .replay = { .state = HD_REPLAY_ATTEMPTED, .have_image_sha256 = 1 } };
	struct hd_report *r;
	json_object *o, *log;

	res.replay.logs[HD_TXLOG_LOG1] = (struct hd_log_evidence){ .name = (char *)"h.LOG1", .size = 3,
	                                                    .have_sha256 = 1, .applied = 1 };
	memset(res.replay.logs[HD_TXLOG_LOG1].sha256, 'a', 64);
	res.replay.logs[HD_TXLOG_LOG2] = (struct hd_log_evidence){ .name = (char *)"h.LOG2",
	                                                    .not_read = "is a FIFO, not a regular file" };
	memset(res.replay.image_sha256, 'b', 64);
	r = hd_report_build(&res);
	cr_assert_not_null(r);
	o = written(r);
	cr_expect_str_eq(json_object_get_string(at(o, "hive.path")), "d/\\xff.hive");
	cr_expect_str_eq(json_object_get_string(at(o, "hive.path_bytes")), "642fff2e68697665");
	cr_expect_str_eq(json_object_get_string(at(o, "analysis.started")), "2026-11-29T19:20:00Z");
	cr_expect_eq(json_object_get_int(at(o, "analysis.options.control_set")), 2);
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(at(o, "analysis.options.ignore"), 0)),
	                 "A1");
	cr_expect_eq(json_object_array_length(at(o, "hive.recovery.logs")), 2);
	log = json_object_array_get_idx(at(o, "hive.recovery.logs"), 0);
	cr_expect(json_object_get_boolean(at(log, "applied")));
	cr_expect_eq(strlen(json_object_get_string(at(log, "sha256"))), 64u);
	log = json_object_array_get_idx(at(o, "hive.recovery.logs"), 1);
	cr_expect_null(at(log, "sha256"));
	cr_expect_str_eq(json_object_get_string(at(log, "not_read")), "is a FIFO, not a regular file");
	cr_expect_eq(strlen(json_object_get_string(at(o, "hive.recovery.image_sha256"))), 64u);
	json_object_put(o);
	hd_report_free(r);
}
