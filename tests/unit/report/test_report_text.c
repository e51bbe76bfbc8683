/* test_report_text.c - the text report, the .reg file and the text table of rules, from hand-built results. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_text.h"
#include "rules/rules.h"

TestSuite(report_text);

static const struct hd_rule rule_a2 = { .id = "A2", .severities = "info to error", .kb = { "Q298565", NULL }, .service = "MSExchangeIMC", .title = "SiteDN organization differs" };
static const struct hd_rule rule_a3 = { .id = "A3", .severities = "info to error", .kb = { "Q298565", NULL }, .service = "MSExchangeIMC", .title = "SiteDN site differs" };
static const struct hd_rule rule_b2 = { .id = "B2", .severities = "info to error", .kb = { "Q320200", NULL }, .service = "MSExchangeMTA", .title = "Tcpip missing" };
static const struct hd_rule rule_b8 = { .id = "B8", .severities = "info to error", .kb = { "Q320200", NULL }, .service = "MSExchangeMTA", .title = "Service pack" };

/* A SiteDN mismatch in ControlSet002 (A2 and A3 both set the same value), TCP/IP damage, an info. */
static void sample(struct hd_result *res, const char *sitedn)
{
	const char *key = "ControlSet002\\Services\\MSExchangeIMC\\Parameters";

	memset(res, 0, sizeof *res);
	res->path = "h.hive";
	res->file.have_sha256 = 1;
	strcpy(res->file.sha256, "ab12");
	res->file.kind = "SYSTEM";
	res->have_controlset = 1;
	res->cs.analyzed = 2;
	strcpy(res->cs.analyzed_name, "ControlSet002");
	cr_assert_eq(hd_finding_add(&res->findings, &rule_b8, HD_SEV_INFO, NULL, NULL, "SP6 \033[2J installed"), 0);
	cr_assert_eq(hd_finding_add(&res->findings, &rule_a2, HD_SEV_ERROR, "Set SiteDN to the names. Then "
	                            "start the IMC.", NULL, "SiteDN names another organization"), 0);
	cr_assert_eq(hd_finding_set_fix(&res->findings, key, "SiteDN", sitedn), 0);
	cr_assert_eq(hd_finding_add(&res->findings, &rule_a3, HD_SEV_ERROR, "Set SiteDN.", NULL, "site"), 0);
	cr_assert_eq(hd_finding_set_fix(&res->findings, key, "SiteDN", sitedn), 0);
	cr_assert_eq(hd_finding_add(&res->findings, &rule_b2, HD_SEV_ERROR, "As KB Q320200 describes: "
	                            "1. record it; 2. remove TCP/IP; 3. reinstall it.", NULL, "gone"), 0);
	res->imc = (struct hd_verdict){ .status = HD_VERDICT_LIKELY, .kb = "Q298565" };
	res->mta = (struct hd_verdict){ .status = HD_VERDICT_LIKELY, .kb = "Q320200" };
}

static char *text_of(const struct hd_result *res, unsigned width, int color)
{
	struct hd_text_style st = { .width = width, .color = color };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_report_text(res, &st, f), 0);
	fclose(f);
	return buf;
}

/* Verdict lines, most severe first, numbered steps (the remedy's own numbers too), the edit. */
Test(report_text, layout)
{
	struct hd_result res;
	char *t;

	sample(&res, "/o=Contoso/ou=Redmond");
	t = text_of(&res, 80, 0);
	cr_assert_not_null(strstr(t, "\nIMC: LIKELY (KB Q298565"), "%s", t);
	cr_assert_not_null(strstr(t, "       1. Set SiteDN to the names.\n       2. Then start the IMC.\n"), "%s", t);
	cr_assert_not_null(strstr(t, "       As KB Q320200 describes:\n       1. record it\n       2. remove TCP/IP\n"), "%s", t);
	cr_assert_not_null(strstr(t, "ControlSet002\\Services\\MSExchangeIMC\\Parameters\\SiteDN ="), "%s", t);
	cr_assert_lt(strstr(t, "error B2"), strstr(t, "info B8"), "info after errors");
	cr_assert_null(strchr(t, '\033'), "no escape without colour, none from the data");
	cr_assert_not_null(strstr(t, "SP6 ?[2J installed"), "control characters shown as ?");
	free(t);
	hd_findings_clear(&res.findings);
}

/* Issue 26: a SiteDN holding U+202E (RIGHT-TO-LEFT OVERRIDE) or another
 * bidirectional control is shown with it as "?", never raw: the terminal
 * would display "/ou=<U+202E>dnomdeR" as "/ou=Redmond". */
Test(report_text, bidi_controls)
{
	struct hd_result res;
	char *t;

	sample(&res, "/o=Contoso/ou=\xe2\x80\xae" "dnomdeR\xe2\x81\xa6\xd8\x9c\xe2\x80\x8f");
	t = text_of(&res, 80, 0);
	cr_assert_null(strstr(t, "\xe2\x80\xae"), "%s", t);
	cr_assert_null(strstr(t, "\xe2\x81\xa6"), "%s", t);
	cr_assert_null(strstr(t, "\xd8\x9c"), "%s", t);
	cr_assert_null(strstr(t, "\xe2\x80\x8f"), "%s", t);
	cr_assert_not_null(strstr(t, "/ou=?dnomdeR???"), "%s", t);
	free(t);
	hd_findings_clear(&res.findings);
	/* Not UTF-8 either: an overlong ESC, a surrogate, a code point beyond U+10FFFF. */
	sample(&res, "/o=A/ou=B\xc0\x9b" "C\xed\xa0\x80" "D\xf4\x90\x80\x80" "E");
	t = text_of(&res, 80, 0);
	cr_assert_not_null(strstr(t, "/ou=B?C?D?E"), "%s", t);
	free(t);
	hd_findings_clear(&res.findings);
}

/* Display columns of [s, end): a CJK character (a three-byte sequence led by
 * 0xe3..0xe9) takes two, a combining mark (U+0300..U+036F) none. */
static long columns(const char *s, const char *end)
{
	long n = 0;

	for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)end; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (*p == 0xcc || (*p == 0xcd && p[1] < 0xb0))
			continue;
		n += *p >= 0xe3 && *p <= 0xe9 ? 2 : 1;
	}
	return n;
}

/* Issue 25: no line of the report is wider than the width, in display
 * columns: not a long title, not a DN with no space, not CJK text (two
 * columns a character) or a name in NFD (a combining mark takes none). */
Test(report_text, never_wider_than_width)
{
	static const struct hd_rule long_title = { .id = "B11c", .severities = "warning",
		.service = "MSExchangeMTA", .title = "MTA X500 DN disagrees with the System Attendant or "
		"--org/--site/--server" };
	const char *dns[] = { "/o=\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe\xe6\x9d\xb1\xe4\xba\xac/ou=Redmond"
	                      "/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft",
	                      "/o=Contoso/ou=Ko\xcc\x88ln/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft" };
	struct hd_result res;
	char *t;

	for (size_t i = 0; i < sizeof dns / sizeof dns[0]; i++)
		for (unsigned width = 40; width <= 80; width += 40) {
			sample(&res, dns[i]);
			cr_assert_eq(hd_finding_add(&res.findings, &long_title, HD_SEV_WARNING, NULL, NULL,
			                            "%s", dns[i]), 0);
			t = text_of(&res, width, 0);
			for (char *line = t, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
				cr_assert_leq(columns(line, nl), width, "line over %u: %.*s", width,
				              (int)(nl - line), line);
			cr_assert_not_null(strstr(t, "warning B11c: MTA X500 DN"), "%s", t);
			free(t);
			hd_findings_clear(&res.findings);
		}
	/* At 80 the title wraps under its own first word; the DN is cut before a '/'. */
	sample(&res, dns[0]);
	cr_assert_eq(hd_finding_add(&res.findings, &long_title, HD_SEV_WARNING, NULL, NULL, "x"), 0);
	t = text_of(&res, 80, 0);
	cr_assert_not_null(strstr(t, "  warning B11c: MTA X500 DN disagrees with the System Attendant or\n"
	                          "                --org/--site/--server\n"), "%s", t);
	cr_assert_not_null(strstr(t, "/cn=EXCH01\n         /cn=Microsoft\""), "%s", t);
	free(t);
	hd_findings_clear(&res.findings);
}

/* Issue 25: the header names the server, its Windows (and how that is known),
 * its Exchange build (with the SOFTWARE hive) and when the hive was written. */
Test(report_text, server_lines)
{
	struct hd_result res;
	char *t;

	sample(&res, "/o=Contoso/ou=Redmond");
	res.have_facts = 1;
	res.facts.system.computer_name = (struct hd_str_fact){ .rv.status = HD_FOUND, .decode = HD_DECODE_OK, .text = "EXCH01" };
	res.facts.system.service_pack = 6;
	res.file.have_header = 1;
	res.file.header.last_written = 126731022720000000ull;
	t = text_of(&res, 80, 0);
	cr_assert_not_null(strstr(t, "\n  server    EXCH01 (ComputerName)\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\n  windows   service pack 6; version not established: no SOFTWARE"), "%s", t);
	cr_assert_null(strstr(t, "exchange  "), "no Exchange build without the SOFTWARE hive: %s", t);
	cr_assert_not_null(strstr(t, "\n  written   2002-08-06T10:11:12"), "%s", t);
	free(t);
	res.facts.software.given = 1;
	res.facts.software.build = 2653;
	res.facts.software.version = "5.5 SP4";
	res.facts.software.sp_build.rv.name = "ServicePackBuild";
	res.facts.software.build_source = &res.facts.software.sp_build;
	res.facts.windows = (struct hd_windows_id){ .version = HD_WINVER_NT4, .source = HD_WINVER_FROM_SOFTWARE,
		.name = "Windows NT 4.0", .current_version = "4.0", .build = "1381" };
	t = text_of(&res, 80, 0);
	cr_assert_not_null(strstr(t, "  windows   Windows NT 4.0 Service Pack 6 (the SOFTWARE hive's "
	                          "CurrentVersion\n            4.0, build 1381)\n"), "%s", t);
	cr_assert_not_null(strstr(t, "  exchange  Exchange Server 5.5 SP4, build 2653"), "%s", t);
	free(t);
	hd_findings_clear(&res.findings);
}

/* Lines wrap at the width; colour adds SGR sequences only when asked. */
Test(report_text, width_and_colour)
{
	struct hd_result res;
	char *t;

	sample(&res, "/o=Contoso/ou=Redmond");
	t = text_of(&res, 40, 0);
	for (char *line = t, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
		cr_assert_leq(columns(line, nl), 40, "line over 40: %.*s", (int)(nl - line), line);
	free(t);
	t = text_of(&res, 80, 1);
	cr_assert_not_null(strstr(t, "\033[1;31mLIKELY\033[0m"));
	free(t);
	hd_findings_clear(&res.findings);
}

static char *reg_of(const struct hd_result *res, struct hd_reg_summary *sum)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_report_reg(res, f, sum), 0);
	fclose(f);
	return buf;
}

/* One edit for A2 and A3 together, in the set analyzed, Latin-1, CRLF; TCP/IP as a comment. */
Test(report_text, reg_file)
{
	struct hd_reg_summary sum;
	struct hd_result res;
	char *r;

	sample(&res, "/o=M\xc3\xbcller \"AG\"/ou=K\xc3\xb6ln");
	r = reg_of(&res, &sum);
	cr_assert_eq(strncmp(r, "REGEDIT4\r\n\r\n", 12), 0);
	cr_assert_not_null(strstr(r, "\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\MSExchangeIMC\\"
	                          "Parameters]\r\n\"SiteDN\"=\"/o=M\xfcller \\\"AG\\\"/ou=K\xf6ln\"\r\n"), "%s", r);
	cr_assert_not_null(strstr(r, ";   [HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"));
	cr_assert_not_null(strstr(r, "; A2 (KB Q298565)"));
	cr_assert_not_null(strstr(r, "; A3 (KB Q298565)"));
	cr_assert_not_null(strstr(r, "; B2 (KB Q320200)"));
	cr_assert_eq(sum.edits, 1, "A2 and A3 set the same value: one edit");
	cr_assert_eq(sum.without_edit, 1, "B2");
	free(r);
	hd_findings_clear(&res.findings);
}

/* A value Latin-1 cannot spell is written as hex(1), UTF-16LE with its NUL (DOMAIN.md 0.17). */
Test(report_text, reg_not_latin1)
{
	struct hd_reg_summary sum;
	struct hd_result res;
	char *r;

	sample(&res, "/o=\xe6\x9d\xb1\xe4\xba\xac/ou=Site\xf0\x9f\x98\x80");
	r = reg_of(&res, &sum);
	cr_assert_eq(sum.edits, 1);
	/* U+6771 U+4EAC, and U+1F600 as the surrogate pair D83D DE00. */
	cr_assert_not_null(strstr(r, "\r\n\"SiteDN\"=hex(1):2f,00,6f,00,3d,00,71,67,ac,4e,2f,00,6f,00,75,00,3d,00,"
	                          "53,00,69,00,74,00,\\\r\n  65,00,3d,d8,00,de,00,00\r\n"), "%s", r);
	cr_assert_not_null(strstr(r, "; /o=<U+6771><U+4EAC>/ou=Site<U+1F600>"), "%s", r);
	cr_assert_null(strstr(r, "Nothing to fix"));
	for (const unsigned char *p = (const unsigned char *)r; *p; p++)
		cr_assert_lt(*p, 0x80, "8-bit byte in the file: %s", r);
	free(r);
	hd_findings_clear(&res.findings);
}

/* A CJK name whose UTF-8 bytes all look like Latin-1 letters ("京" = e4 ba ac) is no mojibake "äº¬". */
Test(report_text, reg_no_mojibake)
{
	struct hd_reg_summary sum;
	struct hd_result res;
	char *r;

	sample(&res, "/o=\xe4\xba\xac/ou=Site");
	r = reg_of(&res, &sum);
	cr_assert_eq(sum.edits, 1);
	cr_assert_not_null(strstr(r, "\"SiteDN\"=hex(1):2f,00,6f,00,3d,00,ac,4e,2f,00,"), "%s", r);
	cr_assert_null(strstr(r, "\xe4\xba\xac"), "%s", r);
	free(r);
	hd_findings_clear(&res.findings);
}

/* A long name wraps its hex(1) data; the commented copy's continuation stays a comment. */
Test(report_text, reg_hex_wraps)
{
	struct hd_reg_summary sum;
	struct hd_result res;
	char *r;

	sample(&res, "/o=\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1/ou=Redmond");
	r = reg_of(&res, &sum);
	cr_assert_not_null(strstr(r, ",\\\r\n  52,00,"), "%s", r);
	cr_assert_not_null(strstr(r, ",\\\r\n;     52,00,"), "%s", r);
	free(r);
	hd_findings_clear(&res.findings);
}

/* Every rule of the table has severities; the text table shows them. */
Test(report_text, rules_table)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	for (size_t i = 0; i < hd_rules_count; i++)
		cr_assert(hd_rules[i].severities != NULL && hd_rules[i].severities[0] != '\0',
		          "rule %s has no severity", hd_rules[i].id);
	cr_assert_eq(hd_report_rules_text(f), 0);
	fclose(f);
	cr_assert_not_null(strstr(buf, "\nA1    error "));
	free(buf);
}
