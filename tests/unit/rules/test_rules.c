/* test_rules.c - findings, the rule table, the hive-level rules (H1-H6). */
#include <criterion/criterion.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/rules_hive.h"

static const struct hd_rule test_rule = { .id = "T1", .severities = "info to error", .kb = { "Q298565", NULL }, .service = "MSExchangeIMC", .title = "test" };

TestSuite(rules);

/* Findings keep detail, remediation and only the non-NULL evidence. */
Test(rules, finding_add)
{
	struct hd_findings fs = { 0 };
	struct hd_regval a = { .status = HD_FOUND }, b = { .status = HD_ABSENT };
	const struct hd_regval *ev[] = { &a, &b, NULL };

	for (int i = 0; i < 20; i++)
		cr_assert_eq(hd_finding_add(&fs, &test_rule, HD_SEV_WARNING, "fix it", ev, "n=%d", i), 0);
	cr_assert_eq(fs.n, 20);
	cr_assert_str_eq(fs.v[19].detail, "n=19");
	cr_assert_str_eq(fs.v[0].remediation, "fix it");
	cr_assert_eq(fs.v[0].n_evidence, 2);
	cr_assert_eq(fs.v[0].evidence[1], &b);
	cr_assert(hd_findings_has(&fs, "T1"));
	cr_assert_not(hd_findings_has(&fs, "T2"));
	hd_findings_clear(&fs);
	cr_assert_eq(fs.n, 0);
}

/* Rule ids are unique, titled, and each row has a check function. */
Test(rules, table_well_formed)
{
	for (size_t i = 0; i < hd_rules_count; i++) {
		cr_assert_not_null(hd_rules[i].check, "%s", hd_rules[i].id);
		cr_assert(strlen(hd_rules[i].title) > 0);
		for (size_t k = 0; k < HD_RULE_MAX_KB && hd_rules[i].kb[k]; k++)
			cr_assert_eq(strlen(hd_rules[i].kb[k]), 7, "%s", hd_rules[i].kb[k]);
		for (size_t j = i + 1; j < hd_rules_count; j++)
			cr_assert_str_neq(hd_rules[i].id, hd_rules[j].id);
	}
}

/*
 * H1: a dirty hive whose logs were not applied is a warning where Exchange is
 * installed (stale evidence), info where nothing is; applied logs leave an
 * info note; refused logs are H4's, not H1's.
 */
Test(rules, dirty_hive)
{
	struct hd_facts f = { 0 };
	struct hd_rule_options o = { 0 };
	struct hd_findings fs = { 0 };

	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 0);
	f.hive.dirty = 1;
	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 1);
	cr_assert_eq(fs.v[0].severity, HD_SEV_INFO, "no Exchange: no judgment it could change");
	f.exchange.svc[HD_EX_MTA].key.status = HD_FOUND;
	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 2);
	cr_assert_eq(fs.v[1].severity, HD_SEV_WARNING);
	cr_assert(strstr(fs.v[1].detail, "stale") != NULL, "%s", fs.v[1].detail);
	f.hive.logs_applied = 1;
	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 3);
	cr_assert_eq(fs.v[2].severity, HD_SEV_INFO);
	cr_assert(strstr(fs.v[2].detail, "applied") != NULL, "%s", fs.v[2].detail);
	f.hive.logs_applied = 0;
	f.hive.logs_refused = "bad checksum";
	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 3, "refused logs: H4 speaks, not H1");
	cr_assert_eq(hd_rule_logs_refused(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 4);
	cr_assert_eq(fs.v[3].severity, HD_SEV_WARNING);
	hd_findings_clear(&fs);
}

/* H2 counts failed lookups as a warning; H3 repeats the fallback reason. */
Test(rules, damaged_and_fallback)
{
	struct hd_facts f = { .lookup_errors = 3 };
	struct hd_rule_options o = { 0 };
	struct hd_findings fs = { 0 };

	f.hive.controlset_fallback = "Select\\Current is 0; used Select\\Default = 1";
	cr_assert_eq(hd_rule_hive_damaged(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(hd_rule_controlset_fallback(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 2);
	cr_assert_eq(fs.v[0].severity, HD_SEV_WARNING);
	cr_assert(strstr(fs.v[0].detail, "3 registry lookup") != NULL);
	cr_assert(strstr(fs.v[1].detail, "Select\\Default = 1") != NULL);
	hd_findings_clear(&fs);
}

/* H5: a Select value read from a REG_BINARY is a warning naming the value and the set. */
Test(rules, select_wrong_type)
{
	struct hd_facts f = { 0 };
	struct hd_rule_options o = { 0 };
	struct hd_findings fs = { 0 };

	cr_assert_eq(hd_rule_select_wrong_type(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 0);
	f.hive.select_wrong_type = "Current";
	f.hive.controlset = "ControlSet002";
	cr_assert_eq(hd_rule_select_wrong_type(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 1);
	cr_assert_eq(fs.v[0].severity, HD_SEV_WARNING);
	cr_assert(strstr(fs.v[0].detail, "Select\\Current is a REG_BINARY") != NULL, "%s", fs.v[0].detail);
	cr_assert(strstr(fs.v[0].detail, "ControlSet002") != NULL, "%s", fs.v[0].detail);
	cr_assert(strstr(fs.v[0].detail, "undocumented") != NULL, "%s", fs.v[0].detail);
	hd_findings_clear(&fs);
}

/* H6: a dirty hive read from its consistent .ALT says so (info), and H1 stays silent. */
Test(rules, alt_used)
{
	struct hd_facts f = { 0 };
	struct hd_rule_options o = { 0 };
	struct hd_findings fs = { 0 };

	f.hive.dirty = 1;
	f.exchange.svc[HD_EX_MTA].key.status = HD_FOUND;
	cr_assert_eq(hd_rule_alt_used(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 0);
	f.hive.alt_used = "SYSTEM.ALT";
	cr_assert_eq(hd_rule_hive_dirty(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 0, "a mirror read instead is not stale: no H1");
	cr_assert_eq(hd_rule_alt_used(&test_rule, &f, &o, &fs), 0);
	cr_assert_eq(fs.n, 1);
	cr_assert_eq(fs.v[0].severity, HD_SEV_INFO);
	cr_assert(strstr(fs.v[0].detail, "read from SYSTEM.ALT") != NULL, "%s", fs.v[0].detail);
	cr_assert(strstr(fs.v[0].detail, "Q151247") != NULL, "%s", fs.v[0].detail);
	hd_findings_clear(&fs);
}
