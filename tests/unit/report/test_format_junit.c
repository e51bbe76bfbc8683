/* test_format_junit.c - -o junit's pieces: a test case per hive and service, failure/error/skipped, escaping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/formats.h"

TestSuite(format_junit);

static const struct hd_rule rule_a2 = { .id = "A2", .severities = "info to error", .kb = { "Q298565", NULL },
	.service = "MSExchangeIMC", .title = "SiteDN organization differs" };
static const struct hd_rule rule_b2 = { .id = "B2", .severities = "error", .kb = { "Q320200", NULL },
	.service = "MSExchangeMTA", .title = "Tcpip missing" };

/* The IMC likely (A2 with evidence and a fix), the MTA as given. */
static void sample(struct hd_result *res, struct hd_regval *rv, enum hd_verdict_status mta)
{
	const struct hd_regval *ev[] = { rv, NULL };

	memset(res, 0, sizeof *res);
	memset(rv, 0, sizeof *rv);
	rv->status = HD_FOUND;
	rv->key_found = 1;
	rv->key = "ControlSet001\\Services\\MSExchangeIMC\\Parameters";
	rv->name = "SiteDN";
	rv->raw = (struct hd_raw_value){ .type = 1, .data = (uint8_t *)"/\0o\0=\0F\0a\0b\0\0", .len = 14 };
	res->path = "srv/SYSTEM";
	cr_assert_eq(hd_finding_add(&res->findings, &rule_a2, HD_SEV_ERROR, "Set SiteDN.", ev,
	                            "SiteDN names another organization"), 0);
	cr_assert_eq(hd_finding_add(&res->findings, &rule_b2, HD_SEV_ERROR, NULL, NULL, "gone"), 0);
	res->imc = (struct hd_verdict){ .status = HD_VERDICT_LIKELY, .kb = "Q298565",
	                                .reason = "SiteDN names another organization.",
	                                .finding_idx = { 0 }, .n_findings = 1 };
	res->mta = (struct hd_verdict){ .status = mta, .kb = "Q320200", .reason = "Why the MTA is so." };
}

static char *piece(const struct hd_result *res)
{
	struct hd_format_style st = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_format_find("junit")->hive(res, &st, f), 0);
	fclose(f);
	return buf;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Two cases grouped by the hive's path; the likely IMC fails with its reason, findings and evidence. */
Test(format_junit, failure_with_findings)
{
	struct hd_result res;
	struct hd_regval rv;
	char *s;

	sample(&res, &rv, HD_VERDICT_UNLIKELY);
	s = piece(&res);
	cr_assert_eq(count(s, "<testcase classname=\"srv/SYSTEM\""), 2, "%s", s);
	cr_assert_eq(count(s, "</testcase>"), 2);
	cr_assert_not_null(strstr(s, "name=\"IMC (MSExchangeIMC, KB Q298565)\""), "%s", s);
	cr_assert_not_null(strstr(s, "name=\"MTA (MSExchangeMTA, KB Q320200)\""), "%s", s);
	cr_assert_not_null(strstr(s, "<failure message=\"SiteDN names another organization.\" type=\"likely\">"), "%s", s);
	cr_assert_not_null(strstr(s, "\nA2 (error): SiteDN organization differs\nKB Q298565\n"), "%s", s);
	cr_assert_not_null(strstr(s, "- ControlSet001\\Services\\MSExchangeIMC\\Parameters\\SiteDN = "
	                          "&quot;/o=Fab&quot; REG_SZ"), "%s", s);
	cr_assert_not_null(strstr(s, "Fix: Set SiteDN.\n"), "%s", s);
	cr_assert_null(strstr(s, "B2"), "a finding the verdict does not cite is not in its failure");
	cr_assert_eq(count(s, "<failure"), 1, "the unlikely MTA passes");
	cr_assert_not_null(strstr(s, "<system-out>Verdict unlikely: Why the MTA is so.</system-out>"), "%s", s);
	free(s);
	hd_findings_clear(&res.findings);
}

/* Not installed is skipped; unknown is an error; possible fails as likely does. */
Test(format_junit, skipped_error_possible)
{
	struct hd_result res;
	struct hd_regval rv;
	char *s;

	sample(&res, &rv, HD_VERDICT_NOT_INSTALLED);
	s = piece(&res);
	cr_assert_not_null(strstr(s, "<skipped message=\"Why the MTA is so.\"/>"), "%s", s);
	free(s);
	res.mta.status = HD_VERDICT_UNKNOWN;
	s = piece(&res);
	cr_assert_not_null(strstr(s, "<error message=\"Why the MTA is so.\" type=\"unknown\"/>"), "%s", s);
	free(s);
	res.mta.status = HD_VERDICT_POSSIBLE;
	s = piece(&res);
	cr_assert_eq(count(s, "<failure "), 2);
	cr_assert_not_null(strstr(s, "type=\"possible\""), "%s", s);
	free(s);
	hd_findings_clear(&res.findings);
}

/* A hive not analyzed: both cases are errors naming the code and the message. */
Test(format_junit, not_analyzed)
{
	struct hd_result res;
	char msg[] = "not a registry hive (no regf signature)";
	char *s;

	memset(&res, 0, sizeof res);
	res.path = "x";
	res.error_code = "not_a_hive";
	res.error_message = msg;
	s = piece(&res);
	cr_assert_eq(count(s, "<error message=\"not a registry hive (no regf signature)\" type=\"not_a_hive\">"), 2,
	             "%s", s);
	cr_assert_eq(count(s, "<testcase "), 2);
	cr_assert_null(strstr(s, "<failure"));
	free(s);
}

/* Hostile path and data: markup and controls escaped, never raw, in attributes and text alike. */
Test(format_junit, hostile_escaped)
{
	struct hd_result res;
	struct hd_regval rv;
	char *s;

	sample(&res, &rv, HD_VERDICT_UNLIKELY);
	res.path = "a\"/><x y='1'>&\x01\x1b\xff\xef\xbf\xbe";
	res.imc.reason = "r\"<\x07\n]]>";
	rv.key = "K\x0c<";
	s = piece(&res);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cr_assert(*p >= 0x20 || *p == '\n', "raw control 0x%02x in %s", *p, s);
	cr_assert_null(strstr(s, "<x "), "%s", s);
	cr_assert_null(strstr(s, "\xef\xbf\xbe"));
	cr_assert_not_null(strstr(s, "classname=\"a&quot;/&gt;&lt;x y=&#39;1&#39;&gt;&amp;\\u0001\\u001b\\xff\\ufffe\""),
	                   "%s", s);
	cr_assert_not_null(strstr(s, "message=\"r&quot;&lt;\\u0007\\n]]&gt;\""), "%s", s);
	cr_assert_not_null(strstr(s, "- K\\u000c&lt;\\SiteDN"), "%s", s);
	free(s);
	hd_findings_clear(&res.findings);
}

/* --root's older copy says so in its cases' names; the current hive's do not. */
Test(format_junit, root_copy_named)
{
	struct hd_result res;
	struct hd_regval rv;
	char *s;

	sample(&res, &rv, HD_VERDICT_UNLIKELY);
	res.role = "repair";
	s = piece(&res);
	cr_assert_eq(count(s, "KB Q298565), older copy: repair\""), 1, "%s", s);
	free(s);
	res.role = "current";
	s = piece(&res);
	cr_assert_null(strstr(s, "older copy"));
	free(s);
	hd_findings_clear(&res.findings);
}

/* The document: an XML declaration, the run's counts on <testsuites> and its one <testsuite>, closed. */
Test(format_junit, prefix_suffix)
{
	const struct hd_format *j = hd_format_find("junit");
	struct hd_format_run run = { .several = 1, .written = 3,
	                             .counts = { .hives = 3, .tests = 6, .failures = 2, .errors = 1, .skipped = 1 } };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert(j->flags & HD_FORMAT_COUNTS_FIRST);
	cr_assert_eq(j->prefix(&run, f), 0);
	cr_assert_eq(j->suffix(&run, f), 0);
	fclose(f);
	cr_assert_eq(strncmp(buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 50), 0, "%s", buf);
	cr_assert_eq(count(buf, " tests=\"6\" failures=\"2\" errors=\"1\" skipped=\"1\""), 2, "%s", buf);
	cr_assert_eq(count(buf, "<testsuite "), 1);
	cr_assert_not_null(strstr(buf, "  </testsuite>\n</testsuites>\n"));
	free(buf);
}
