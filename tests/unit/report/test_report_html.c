/* test_report_html.c - the HTML case report (issue 25), from hand-built results: escaping, verdicts, the SVG timeline, comparisons. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/timeline.h"
#include "report/html_text.h"
#include "report/report_html.h"
#include "util/textutil.h"

TestSuite(report_html);

static const struct hd_rule rule_a3 = { .id = "A3", .severities = "info to error", .kb = { "Q298565", NULL }, .service = "MSExchangeIMC", .title = "SiteDN site differs" };
static const struct hd_rule rule_b2 = { .id = "B2", .severities = "info to error", .kb = { "Q320200", NULL }, .service = "MSExchangeMTA", .title = "Tcpip missing" };

/* Registry data as an attacker would write it: markup, an entity, quotes, U+202E, ESC, BEL, invalid UTF-8. */
#define HOSTILE "<script>alert(1)</script>&amp;\"'\xe2\x80\xae\033[2J\a\xff"

static char *html_of(void (*write)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	write(f, arg);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

static void write_text(FILE *f, const void *s)
{
	hd_html_text(f, s);
}

static void write_page(FILE *f, const void *res)
{
	struct hd_format_run run = { .written = 1 };
	struct hd_format_style st = { 0 };

	hd_format_count(res, &run.counts);
	cr_assert_eq(hd_report_html_begin(&run, f), 0);
	cr_assert_eq(hd_report_html(res, &st, f), 0);
	cr_assert_eq(hd_report_html_end(&run, f), 0);
}

/* No byte of s is a C0 control other than newline, DEL, nor a raw U+202E, and s is UTF-8. */
static void assert_inert(const char *s)
{
	cr_assert(hd_utf8_valid(s), "not UTF-8");
	cr_assert_null(strstr(s, "\xe2\x80\xae"), "raw U+202E");
	for (const char *p = s; *p; p++)
		cr_assert(*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f), "control byte 0x%02x", *p);
	cr_assert_null(strstr(s, "<script"), "a script element");
}

/* Each special character a reference, each control and invalid byte a visible escape. */
Test(report_html, escapes_text)
{
	char *t = html_of(write_text, HOSTILE);

	cr_assert_str_eq(t, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&quot;&#39;\\u202e\\u001b[2J\\u0007\\xff");
	assert_inert(t);
	free(t);
}

static void write_path(FILE *f, const void *s)
{
	hd_html_path(f, s);
}

/* A path may break after each of its separators (one before "u" too), never inside an escape (\u202e, \xff). */
Test(report_html, escapes_path)
{
	char *t = html_of(write_path, "Services\\<x>/y\xe2\x80\xae\xff\\ukey");

	cr_assert_str_eq(t, "Services\\<wbr>&lt;x&gt;/<wbr>y\\u202e\\xff\\<wbr>ukey");
	free(t);
}

static struct hd_regval sitedn_rv;

/* A REG_SZ SiteDN whose key and data are hostile, cited by an A3 error with a hostile fix. */
static void sample(struct hd_result *res)
{
	static uint8_t utf16[64];
	size_t n = 0;

	/* The data: "<b>&" and U+202E, as UTF-16LE. */
	for (const char *p = "<b>&"; *p; p++, n += 2)
		utf16[n] = (uint8_t)*p;
	utf16[n++] = 0x2e;
	utf16[n++] = 0x20;
	memset(res, 0, sizeof *res);
	sitedn_rv = (struct hd_regval){ .status = HD_FOUND, .key_found = 1, .key = "ControlSet001\\Services\\<img src=x>",
	                                .name = "Site\xe2\x80\xae" "DN\"", .key_time = 126734256720000000ull,
	                                .key_time_read = 1, .raw = { .type = HD_REG_SZ, .data = utf16, .len = n } };
	res->path = "/cases/" HOSTILE ".hive";
	res->file.have_sha256 = 1;
	strcpy(res->file.sha256, "ab12");
	res->file.kind = "SYSTEM";
	res->file.have_header = 1;
	res->file.header.last_written = 126734256720000000ull + 864000000000ull;
	res->have_facts = 1;
	const struct hd_regval *ev[] = { &sitedn_rv, NULL };
	cr_assert_eq(hd_finding_add(&res->findings, &rule_a3, HD_SEV_ERROR, "Set SiteDN to " HOSTILE ". Restart.",
	                            ev, "SiteDN %s", HOSTILE), 0);
	cr_assert_eq(hd_finding_set_fix(&res->findings, "ControlSet001\\x", "SiteDN", HOSTILE), 0);
	cr_assert_eq(hd_finding_add(&res->findings, &rule_b2, HD_SEV_ERROR,
	                            "As KB Q320200 describes: 1. record it; 2. remove TCP/IP; 3. reinstall it.",
	                            NULL, "gone"), 0);
	res->imc = (struct hd_verdict){ .status = HD_VERDICT_LIKELY, .kb = "Q298565", .reason = "reason " HOSTILE,
	                                .finding_idx = { 0 }, .n_findings = 1 };
	res->mta = (struct hd_verdict){ .status = HD_VERDICT_POSSIBLE, .kb = "Q320200", .reason = "mta" };
}

/* The whole page: both verdicts marked for a reader and a test, hostile strings inert everywhere. */
Test(report_html, page_verdicts_and_hostile_data)
{
	struct hd_result res;
	char *t;

	sample(&res);
	t = html_of(write_page, &res);
	assert_inert(t);
	cr_assert_not_null(strstr(t, "<!DOCTYPE html>"), "%s", t);
	cr_assert_not_null(strstr(t, "Content-Security-Policy"), "the policy forbids scripts");
	cr_assert_not_null(strstr(t, "data-service=\"imc\" data-status=\"likely\""), "%s", t);
	cr_assert_not_null(strstr(t, "data-service=\"mta\" data-status=\"possible\""), "%s", t);
	cr_assert_not_null(strstr(t, "1 hive report; of the 2 verdicts (IMC and MTA of each): <b>2 likely or possible</b>"),
	                   "the run's totals first: %s", t);
	cr_assert_not_null(strstr(t, "&lt;img src=x&gt;"), "the key as text");
	cr_assert_not_null(strstr(t, "Site\\u202eDN&quot;"), "the value name as text");
	cr_assert_not_null(strstr(t, "&quot;&lt;b&gt;&amp;\\u202e&quot; REG_SZ"), "the data as read, as text");
	cr_assert_not_null(strstr(t, "<li>record it</li>"), "the remedy's own steps: %s", t);
	cr_assert_not_null(strstr(t, "<li>reinstall it.</li>"), "the last step");
	cr_assert_null(strstr(t, "<img"), "no element from the data");
	cr_assert(strstr(t, "</html>\n") != NULL && strstr(t, "</html>\n")[8] == '\0', "the page ends once");
	free(t);
	hd_findings_clear(&res.findings);
}

/* The timeline: a point per key time, the hive's own time and the Exchange Setup key as marks. */
Test(report_html, timeline_svg)
{
	struct hd_result res;
	struct hd_timeline_entry e[2];
	char *t;

	sample(&res);
	res.facts.software.given = 1;
	res.facts.software.setup = (struct hd_regval){ .status = HD_FOUND, .key_found = 1, .key = "Microsoft\\Exchange\\Setup",
	                                               .key_time = 126734256720000000ull - 864000000000ull * 30,
	                                               .hive = "SOFTWARE" };
	res.facts.software.version = "5.5 SP4";
	res.facts.software.build = 2653;
	e[0] = (struct hd_timeline_entry){ res.facts.software.setup.key_time, "SOFTWARE", "Exchange setup",
	                                   &res.facts.software.setup };
	e[1] = (struct hd_timeline_entry){ sitedn_rv.key_time, "SYSTEM", "IMC parameters (SiteDN)", &sitedn_rv };
	res.facts.timeline = (struct hd_timeline){ e, 2 };
	t = html_of(write_page, &res);
	assert_inert(t);
	cr_assert_not_null(strstr(t, "<svg xmlns=\"http://www.w3.org/2000/svg\""), "%s", t);
	cr_assert_not_null(strstr(t, "Exchange Setup key written (now 5.5 SP4, build 2653)"), "%s", t);
	cr_assert_not_null(strstr(t, "SYSTEM hive&#39;s base block written"), "%s", t);
	cr_assert_not_null(strstr(t, "SOFTWARE keys"), "a lane per hive");
	cr_assert_not_null(strstr(t, "<td><code>ControlSet001\\<wbr>Services\\<wbr>&lt;img src=x&gt;</code></td><td>IMC parameters "
	                          "(SiteDN)</td><td>A3</td>"), "the key table names the finding citing it: %s", t);
	free(t);
	hd_findings_clear(&res.findings);
}

/* --root: what a copy reads differently, both sides' times in the picture and in a table. */
Test(report_html, changes_of_a_copy)
{
	struct hd_result res;
	struct hd_trail_entry cur = { .relpath = "Services\\MSExchangeIMC\\Parameters" }, cp = cur;
	struct hd_change ch = { &cur, &cp };
	char *t;

	sample(&res);
	cur.rv = sitedn_rv;
	cp.rv = sitedn_rv;
	cp.rv.key_time -= 864000000000ull * 400;
	res.role = "repair";
	res.vs_current = (struct hd_changes){ .present = 1, .against = "repair", .copy_written = cp.rv.key_time,
	                                      .v = &ch, .n = 1, .summary = "SiteDN differs " HOSTILE };
	t = html_of(write_page, &res);
	assert_inert(t);
	cr_assert_not_null(strstr(t, "changed vs the current hive"), "a lane for the differences: %s", t);
	cr_assert_not_null(strstr(t, "the repair copy&#39;s base block written"), "the copy's time marked");
	cr_assert_not_null(strstr(t, "<td>C1</td><td><code>Services\\<wbr>MSExchangeIMC\\<wbr>Parameters</code></td>"), "%s", t);
	cr_assert_not_null(strstr(t, "fill=\"#fff\""), "the copy's side hollow");
	free(t);
	hd_findings_clear(&res.findings);
}

/* A hive not analyzed: its verdicts unknown, the error as text. */
Test(report_html, not_analyzed)
{
	struct hd_result res;
	char *t;

	memset(&res, 0, sizeof res);
	res.path = "x.hive";
	res.error_code = "not_a_hive";
	res.error_message = (char *)"not a registry hive " HOSTILE;
	t = html_of(write_page, &res);
	assert_inert(t);
	cr_assert_not_null(strstr(t, "data-service=\"imc\" data-status=\"unknown\""), "%s", t);
	cr_assert_not_null(strstr(t, "NOT ANALYZED (not_a_hive): not a registry hive &lt;script&gt;"), "%s", t);
	free(t);
}

/* A run that analyzed nothing is still one whole page, saying so. */
Test(report_html, empty_run)
{
	struct hd_format_run run = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_report_html_begin(&run, f), 0);
	cr_assert_eq(hd_report_html_end(&run, f), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert_not_null(strstr(buf, "No hive was analyzed."), "%s", buf);
	cr_assert_not_null(strstr(buf, "</body>\n</html>\n"), "%s", buf);
	free(buf);
}
