/* test_rules_imc.c - the IMC rules A1-A11 and verdict over hand-built facts (no hive). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "verdict/verdict.h"
#include "rules/rules_imc.h"

TestSuite(rules_imc);

static const char *const svc_name[HD_EX_COUNT] = {
	"MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeMTA", "MSExchangeIMC",
};

/* A string value as the facts stage records it; text NULL = value absent. */
static void str_fact(struct hd_str_fact *s, const char *name, const char *text)
{
	hd_str_fact_clear(s);
	s->rv.key = strdup("ControlSet001\\Services\\X\\Parameters");
	s->rv.name = strdup(name);
	s->rv.key_found = 1;
	s->rv.status = text ? HD_FOUND : HD_ABSENT;
	if (text) {
		s->rv.raw.type = HD_REG_SZ;
		s->decode = HD_DECODE_OK;
		s->text = strdup(text);
	}
}

/* A healthy installation: Contoso / Redmond / EXCH01 everywhere, a service account. */
static void healthy(struct hd_facts *f)
{
	struct hd_exchange_names *n = &f->exchange.names;

	memset(f, 0, sizeof *f);
	for (int i = 0; i < HD_EX_COUNT; i++) {
		f->exchange.svc[i].name = svc_name[i];
		f->exchange.svc[i].key.status = HD_FOUND;
		str_fact(&f->exchange.svc[i].object_name, "ObjectName", "CONTOSO\\exsvc");
	}
	str_fact(&n->site_dn, "SiteDN", "/o=Contoso/ou=Redmond");
	str_fact(&n->sa_name[HD_PART_ORG], "Enterprise", "Contoso");
	str_fact(&n->sa_name[HD_PART_SITE], "Site", "Redmond");
	str_fact(&n->sa_name[HD_PART_SERVER], "Server", "EXCH01");
	str_fact(&n->mta_x500_dn, "X500 DN",
	         "/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	str_fact(&f->system.computer_name, "ComputerName", "EXCH01");
}

/* Re-parse the DNs after a test changed their text. */
static void reparse(struct hd_facts *f)
{
	struct hd_exchange_names *n = &f->exchange.names;

	hd_dn_clear(&n->site_dn_parsed);
	hd_dn_clear(&n->mta_x500_dn_parsed);
	n->site_dn_parsed_ok = n->site_dn.text && hd_dn_parse(n->site_dn.text, &n->site_dn_parsed) == 1;
	n->mta_x500_dn_parsed_ok = n->mta_x500_dn.text &&
	                           hd_dn_parse(n->mta_x500_dn.text, &n->mta_x500_dn_parsed) == 1;
}

static const struct hd_rule *rule_by_id(const char *id)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (strcmp(hd_rules[i].id, id) == 0)
			return &hd_rules[i];
	cr_assert_fail("rule %s is not in the table", id);
	return NULL;
}

/* Run every IMC rule over f; returns how many findings rule id produced. */
static size_t run_imc(struct hd_facts *f, const struct hd_options *opts, struct hd_findings *out)
{
	static const struct hd_options none;

	reparse(f);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < hd_rules_count; i++)
		if (hd_rules[i].id[0] == 'A')
			cr_assert_eq(hd_rules[i].check(&hd_rules[i], f, opts ? opts : &none, out), 0);
	return out->n;
}

static const struct hd_finding *finding(const struct hd_findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule->id, id) == 0)
			return &fs->v[i];
	return NULL;
}

static void done(struct hd_facts *f, struct hd_findings *fs)
{
	hd_findings_clear(fs);
	hd_facts_clear(f);
}

Test(rules_imc, table_rows_cite_kb)
{
	/* Every IMC rule id of DOMAIN.md section 5 is in the table with a KB and the IMC service. */
	static const char *const ids[] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A9", "A10", "A11" };

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct hd_rule *r = rule_by_id(ids[i]);

		cr_expect_not_null(r->kb[0], "%s cites no KB article", ids[i]);
		cr_expect_str_eq(r->service, "MSExchangeIMC");
	}
}

Test(rules_imc, healthy_only_a7_info)
{
	/* A consistent registry yields only A7, as info, saying "not indicated by the registry". */
	struct hd_facts f;
	struct hd_findings fs;
	const struct hd_finding *a7;

	healthy(&f);
	cr_assert_eq(run_imc(&f, NULL, &fs), 1);
	a7 = finding(&fs, "A7");
	cr_assert_not_null(a7);
	cr_expect_eq(a7->severity, HD_SEV_INFO);
	cr_expect(strstr(a7->detail, "Not indicated by the registry") != NULL, "%s", a7->detail);
	done(&f, &fs);
}

Test(rules_imc, not_installed_no_findings)
{
	/* Without Services\MSExchangeIMC no IMC rule applies, even over broken names. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	str_fact(&f.exchange.names.site_dn, "SiteDN", NULL);
	cr_expect_eq(run_imc(&f, NULL, &fs), 0);
	done(&f, &fs);
}

Test(rules_imc, a1_sitedn_absent)
{
	/* A missing SiteDN is A1, an error whose remedy is the SA/MTA names. */
	struct hd_facts f;
	struct hd_findings fs;
	const struct hd_finding *a1;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", NULL);
	run_imc(&f, NULL, &fs);
	a1 = finding(&fs, "A1");
	cr_assert_not_null(a1);
	cr_expect_eq(a1->severity, HD_SEV_ERROR);
	cr_expect(strstr(a1->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL, "%s", a1->remediation);
	cr_expect_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a1_sitedn_empty_binary_or_nameless)
{
	/* Empty, non-string and component-less SiteDN values are all A1. */
	static const char *const texts[] = { "", "   ", "Contoso Redmond", "/ou=Redmond", "/o=Contoso" };
	struct hd_facts f;
	struct hd_findings fs;

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		healthy(&f);
		str_fact(&f.exchange.names.site_dn, "SiteDN", texts[i]);
		run_imc(&f, NULL, &fs);
		cr_expect_not_null(finding(&fs, "A1"), "SiteDN \"%s\"", texts[i]);
		done(&f, &fs);
	}
	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", NULL);
	f.exchange.names.site_dn.rv.status = HD_FOUND;
	f.exchange.names.site_dn.rv.raw.type = HD_REG_BINARY;
	f.exchange.names.site_dn.decode = HD_DECODE_BADTYPE;
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(finding(&fs, "A1"));
	cr_expect(strstr(finding(&fs, "A1")->detail, "REG_BINARY") != NULL);
	done(&f, &fs);
}

Test(rules_imc, a2_org_mismatch)
{
	/* SiteDN's o= against an agreeing SA and MTA is A2 (the Q298565 cause); A3 stays quiet. */
	struct hd_facts f;
	struct hd_findings fs;
	const struct hd_finding *a2;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	run_imc(&f, NULL, &fs);
	a2 = finding(&fs, "A2");
	cr_assert_not_null(a2);
	cr_expect_eq(a2->severity, HD_SEV_ERROR);
	cr_expect(strstr(a2->detail, "\"Fabrikam\"") && strstr(a2->detail, "\"Contoso\""), "%s", a2->detail);
	cr_expect(strstr(a2->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL, "%s", a2->remediation);
	cr_expect_null(finding(&fs, "A3"));
	cr_expect_null(finding(&fs, "A4"));
	cr_expect_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a3_site_mismatch)
{
	/* SiteDN's ou= against an agreeing SA and MTA is A3. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Contoso/ou=Seattle");
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(finding(&fs, "A3"));
	cr_expect_null(finding(&fs, "A2"));
	cr_expect(strstr(finding(&fs, "A3")->remediation, "/o=Contoso/ou=Redmond") != NULL);
	done(&f, &fs);
}

Test(rules_imc, a2_remedy_prefers_given_names)
{
	/* With --org/--site the remedy sets SiteDN to the directory's names. */
	struct hd_facts f;
	struct hd_findings fs;
	struct hd_options opts = { .org = "Contoso Ltd", .site = "Redmond" };

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	run_imc(&f, &opts, &fs);
	cr_assert_not_null(finding(&fs, "A2"));
	cr_expect(strstr(finding(&fs, "A2")->remediation, "\"/o=Contoso Ltd/ou=Redmond\"") != NULL);
	done(&f, &fs);
}

Test(rules_imc, a4_three_way_disagreement)
{
	/* SiteDN, SA and MTA all different: no majority, A4 warning, no A2. */
	struct hd_facts f;
	struct hd_findings fs;
	const struct hd_finding *a4;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	str_fact(&f.exchange.names.mta_x500_dn, "X500 DN", "/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	run_imc(&f, NULL, &fs);
	a4 = finding(&fs, "A4");
	cr_assert_not_null(a4);
	cr_expect_eq(a4->severity, HD_SEV_WARNING);
	cr_expect(strstr(a4->detail, "Northwind") != NULL, "%s", a4->detail);
	cr_expect_null(finding(&fs, "A2"));
	done(&f, &fs);
}

Test(rules_imc, a4_sa_and_mta_disagree)
{
	/* SiteDN agrees with SA but the MTA differs: still A4 (Q155027), not A2. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.exchange.names.mta_x500_dn, "X500 DN", "/o=Old Org/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	run_imc(&f, NULL, &fs);
	cr_expect_not_null(finding(&fs, "A4"));
	cr_expect_null(finding(&fs, "A2"));
	cr_expect_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a5_case_only)
{
	/* A case-only difference is A5 (Q299676), never A2. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=CONTOSO/ou=Redmond");
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(finding(&fs, "A5"));
	cr_expect_eq(finding(&fs, "A5")->severity, HD_SEV_WARNING);
	cr_expect(strstr(finding(&fs, "A5")->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL);
	cr_expect_null(finding(&fs, "A2"));
	cr_expect_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a5_unicode_case)
{
	/* Case folding reaches beyond ASCII: "MÜLLER AG" vs "Müller AG" is A5, "Mueller AG" is A2. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.exchange.names.sa_name[HD_PART_ORG], "Enterprise", "M\xc3\xbcller AG");
	str_fact(&f.exchange.names.mta_x500_dn, "X500 DN", "/o=M\xc3\xbcller AG/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=M\xc3\x9cLLER AG/ou=Redmond");
	run_imc(&f, NULL, &fs);
	cr_expect_not_null(finding(&fs, "A5"));
	cr_expect_null(finding(&fs, "A2"));
	hd_findings_clear(&fs);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Mueller AG/ou=Redmond");
	run_imc(&f, NULL, &fs);
	cr_expect_not_null(finding(&fs, "A2"));
	cr_expect_null(finding(&fs, "A5"));
	done(&f, &fs);
}

Test(rules_imc, computer_name_case_ignored)
{
	/* NetBIOS names are case-insensitive: ComputerName "exch01" is neither A5 nor A6. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.system.computer_name, "ComputerName", "exch01");
	run_imc(&f, NULL, &fs);
	cr_expect_null(finding(&fs, "A5"));
	cr_expect_null(finding(&fs, "A6"));
	cr_expect_not_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a6_server_differs)
{
	/* A computer renamed after setup: ComputerName differs from SA Server and the X500 DN. */
	struct hd_facts f;
	struct hd_findings fs;
	const struct hd_finding *a6;

	healthy(&f);
	str_fact(&f.system.computer_name, "ComputerName", "EXCH02");
	run_imc(&f, NULL, &fs);
	a6 = finding(&fs, "A6");
	cr_assert_not_null(a6);
	cr_expect_eq(a6->severity, HD_SEV_WARNING);
	cr_expect(strstr(a6->detail, "EXCH02") != NULL, "%s", a6->detail);
	cr_expect(strstr(a6->remediation, "\"EXCH01\"") != NULL, "%s", a6->remediation);
	cr_expect_null(finding(&fs, "A7"));
	done(&f, &fs);
}

Test(rules_imc, a7_given_names_agree)
{
	/* Given names that match: A7 stays info; one matching only ignoring case adds A5. */
	struct hd_facts f;
	struct hd_findings fs;
	struct hd_options opts = { .org = "Contoso", .site = "Redmond", .server = "EXCH01" };

	healthy(&f);
	cr_expect_eq(run_imc(&f, &opts, &fs), 1);
	cr_assert_not_null(finding(&fs, "A7"));
	cr_expect_eq(finding(&fs, "A7")->severity, HD_SEV_INFO);
	hd_findings_clear(&fs);
	opts.site = "redmond";
	run_imc(&f, &opts, &fs);
	cr_expect_eq(finding(&fs, "A7")->severity, HD_SEV_INFO);
	cr_assert_not_null(finding(&fs, "A5"));
	cr_expect(strstr(finding(&fs, "A5")->detail, "given \"redmond\"") != NULL, "%s",
	          finding(&fs, "A5")->detail);
	done(&f, &fs);
}

Test(rules_imc, a7_given_names_differ)
{
	/* A consistent registry against different given names is the Q298565 cause: A7 error. */
	struct hd_facts f;
	struct hd_findings fs;
	struct hd_options opts = { .org = "Contoso Corp", .site = "Redmond" };
	const struct hd_finding *a7;

	healthy(&f);
	run_imc(&f, &opts, &fs);
	a7 = finding(&fs, "A7");
	cr_assert_not_null(a7);
	cr_expect_eq(a7->severity, HD_SEV_ERROR);
	cr_expect(strstr(a7->detail, "\"Contoso Corp\"") != NULL, "%s", a7->detail);
	cr_expect(strstr(a7->remediation, "\"/o=Contoso Corp/ou=Redmond\"") != NULL, "%s", a7->remediation);
	done(&f, &fs);
}

Test(rules_imc, a9_localsystem)
{
	/* An absent ObjectName or "LocalSystem" is A9 (Q155814); the remedy names SA's account. */
	static const char *const accounts[] = { NULL, "LocalSystem", ".\\localsystem" };
	struct hd_facts f;
	struct hd_findings fs;

	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		healthy(&f);
		str_fact(&f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", accounts[i]);
		run_imc(&f, NULL, &fs);
		cr_assert_not_null(finding(&fs, "A9"), "account %s", accounts[i] ? accounts[i] : "(absent)");
		cr_expect(strstr(finding(&fs, "A9")->remediation, "CONTOSO\\exsvc") != NULL);
		cr_expect_null(finding(&fs, "A10"));
		done(&f, &fs);
	}
}

Test(rules_imc, a10_account_differs)
{
	/* An IMC account other than the other services' is A10; another case or a LocalSystem MTA is not. */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	str_fact(&f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", "CONTOSO\\imc");
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(finding(&fs, "A10"));
	cr_expect(strstr(finding(&fs, "A10")->remediation, "\"CONTOSO\\exsvc\"") != NULL);
	done(&f, &fs);
	healthy(&f);
	str_fact(&f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", "contoso\\EXSVC");
	run_imc(&f, NULL, &fs);
	cr_expect_null(finding(&fs, "A10"));
	done(&f, &fs);
	healthy(&f);
	str_fact(&f.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "LocalSystem");
	run_imc(&f, NULL, &fs);
	cr_expect_null(finding(&fs, "A10"), "an MTA on LocalSystem is B11a's finding, not A10's");
	done(&f, &fs);
}

/* Add a dependency of service s with the given state. */
static void add_dep(struct hd_facts *f, int s, const char *name, int listed, int exists, uint32_t start)
{
	struct hd_service_deps *d = &f->exchange.deps[s];
	struct hd_dependency *dep;

	d->v = realloc(d->v, (d->n + 1) * sizeof *d->v);
	cr_assert_not_null(d->v);
	dep = &d->v[d->n++];
	memset(dep, 0, sizeof *dep);
	dep->name = strdup(name);
	dep->listed = listed;
	dep->required = s == HD_EX_IMC;
	dep->key.status = exists ? HD_FOUND : HD_ABSENT;
	dep->start.rv.status = exists ? HD_FOUND : HD_ABSENT;
	dep->start.decode = exists ? HD_DECODE_OK : 0;
	dep->start.value = start;
}

Test(rules_imc, a11_dependencies)
{
	/* Missing dependency = error, disabled = warning, required but unlisted = info. */
	struct hd_facts f;
	struct hd_findings fs;
	size_t errors = 0, warnings = 0, infos = 0;

	healthy(&f);
	add_dep(&f, HD_EX_IMC, "MSExchangeIS", 1, 1, 2);
	add_dep(&f, HD_EX_IMC, "MSExchangeMTA", 1, 0, 0);
	add_dep(&f, HD_EX_IMC, "Tcpip", 0, 1, 1);
	add_dep(&f, HD_EX_SA, "RpcLocator", 1, 1, 4);
	run_imc(&f, NULL, &fs);
	for (size_t i = 0; i < fs.n; i++) {
		if (strcmp(fs.v[i].rule->id, "A11") != 0)
			continue;
		errors += fs.v[i].severity == HD_SEV_ERROR;
		warnings += fs.v[i].severity == HD_SEV_WARNING;
		infos += fs.v[i].severity == HD_SEV_INFO;
	}
	cr_expect_eq(errors, 1);
	cr_expect_eq(warnings, 1);
	cr_expect_eq(infos, 1);
	done(&f, &fs);
}

Test(rules_imc, a11_wrong_type)
{
	/* A DependOnService stored as REG_SZ is A11 (Q219602). */
	struct hd_facts f;
	struct hd_findings fs;

	healthy(&f);
	f.exchange.svc[HD_EX_IMC].depend_on_service.rv.status = HD_FOUND;
	f.exchange.svc[HD_EX_IMC].depend_on_service.rv.raw.type = HD_REG_SZ;
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(finding(&fs, "A11"));
	cr_expect(strstr(finding(&fs, "A11")->detail, "REG_SZ") != NULL);
	cr_expect_eq(finding(&fs, "A11")->severity, HD_SEV_WARNING);
	done(&f, &fs);
}

/* Run the rules and the verdict; returns the verdict status. */
static enum hd_verdict_status verdict(struct hd_facts *f, const struct hd_options *opts,
                                      const char *first_id)
{
	struct hd_findings fs;
	struct hd_verdict v;
	enum hd_verdict_status st;

	run_imc(f, opts, &fs);
	cr_assert_eq(hd_verdict_imc(f, &fs, &v), 0);
	cr_assert_not_null(v.reason);
	cr_expect_str_eq(v.kb, "Q298565");
	if (first_id) {
		cr_assert_gt(v.n_findings, 0);
		cr_expect_str_eq(fs.v[v.finding_idx[0]].rule->id, first_id);
		cr_expect_str_eq(v.reason, fs.v[v.finding_idx[0]].detail);
	}
	st = v.status;
	hd_verdict_clear(&v);
	hd_findings_clear(&fs);
	return st;
}

Test(rules_imc, verdicts)
{
	/* not_installed, likely (A1/A2/A7 error/A11 error), possible (A5, A9), unlikely (A7 info). */
	struct hd_facts f;
	struct hd_options other = { .org = "Elsewhere" };

	healthy(&f);
	f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	cr_expect_eq(verdict(&f, NULL, NULL), HD_VERDICT_NOT_INSTALLED);
	hd_facts_clear(&f);
	healthy(&f);
	cr_expect_eq(verdict(&f, NULL, "A7"), HD_VERDICT_UNLIKELY);
	cr_expect_eq(verdict(&f, &other, "A7"), HD_VERDICT_LIKELY);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Contoso/ou=REDMOND");
	cr_expect_eq(verdict(&f, NULL, "A5"), HD_VERDICT_POSSIBLE);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	cr_expect_eq(verdict(&f, NULL, "A2"), HD_VERDICT_LIKELY);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Contoso/ou=Redmond");
	str_fact(&f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", NULL);
	cr_expect_eq(verdict(&f, NULL, "A9"), HD_VERDICT_POSSIBLE);
	add_dep(&f, HD_EX_IMC, "Tcpip", 1, 0, 0);
	cr_expect_eq(verdict(&f, NULL, "A11"), HD_VERDICT_LIKELY);
	hd_facts_clear(&f);
}

/* Issue 15: the SiteDN rules carry the edit for --fix-reg when the names are known, none without a majority. */
Test(rules_imc, sitedn_fix)
{
	struct hd_facts f;
	struct hd_findings fs;
	struct hd_options named = { .org = "Contoso", .site = "Redmond" };
	const struct hd_finding *a;

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	run_imc(&f, NULL, &fs);
	a = finding(&fs, "A2");
	cr_assert_not_null(a);
	cr_assert_not_null(a->fix);
	cr_expect_str_eq(a->fix->key, f.exchange.names.site_dn.rv.key, "the key SiteDN was read from");
	cr_expect_str_eq(a->fix->name, "SiteDN");
	cr_expect_str_eq(a->fix->data, "/o=Contoso/ou=Redmond");
	cr_expect_eq(a->fix->type, HD_REG_SZ);
	done(&f, &fs);

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	str_fact(&f.exchange.names.mta_x500_dn, "X500 DN", "/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	reparse(&f);
	run_imc(&f, NULL, &fs);
	cr_assert_not_null(a = finding(&fs, "A4"));
	cr_expect_null(a->fix, "no majority, no names: no edit");
	done(&f, &fs);

	healthy(&f);
	str_fact(&f.exchange.names.site_dn, "SiteDN", "/o=Fabrikam/ou=Redmond");
	str_fact(&f.exchange.names.mta_x500_dn, "X500 DN", "/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	reparse(&f);
	run_imc(&f, &named, &fs);
	cr_assert_not_null(a = finding(&fs, "A4"));
	cr_assert_not_null(a->fix, "--org/--site give the names");
	cr_expect_str_eq(a->fix->data, "/o=Contoso/ou=Redmond");
	done(&f, &fs);
}
