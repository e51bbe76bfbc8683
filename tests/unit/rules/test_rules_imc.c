/*
 * test_rules_imc.c - the IMC rules (A1-A12) and S1 over the hand-built
 * healthy installation of imc_fixture.h, changed one way per test.  The
 * Q298565 verdict is tested in verdict/test_verdict_imc.c.
 */
#include "imc_fixture.h"

TestSuite(rules_imc, .init = imc_healthy, .fini = imc_teardown);

static const struct hd_rule *rule_by_id(const char *id)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (strcmp(hd_rules[i].id, id) == 0)
			return &hd_rules[i];
	cr_assert_fail("rule %s is not in the table", id);
	return NULL;
}

Test(rules_imc, table_rows)
{
	/* Every IMC rule id of DOMAIN.md section 5 is in the table for the IMC; only A8 (an inference) cites no KB. */
	static const char *const ids[] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10",
	                                   "A11", "A12" };

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct hd_rule *r = rule_by_id(ids[i]);

		if (strcmp(ids[i], "A8") == 0)
			cr_expect(strstr(r->title, "inferred") != NULL, "%s", r->title);
		else
			cr_expect_not_null(r->kb[0], "%s cites no KB article", ids[i]);
		cr_expect_str_eq(r->service, "MSExchangeIMC");
	}
	/* The corrected citations of DOMAIN.md section 0.5. */
	cr_expect_str_eq(rule_by_id("A5")->kb[0], "Q298565");
	cr_expect_null(rule_by_id("A5")->kb[1]);
	cr_expect_str_eq(rule_by_id("A6")->kb[0], "Q155027");
	cr_expect_str_eq(rule_by_id("A10")->kb[0], "Q155814");
	cr_expect_null(rule_by_id("S1")->service);
}

Test(rules_imc, healthy_only_a7_info)
{
	/* A consistent registry yields only A7, as info, saying "not indicated by the registry". */
	cr_assert_eq(run_imc(), 1);
	cr_expect(strstr(need("A7", HD_SEV_INFO)->detail, "Not indicated by the registry") != NULL);
}

Test(rules_imc, not_installed_no_findings)
{
	/* Without Services\MSExchangeIMC no IMC rule applies, even over broken names. */
	ix.f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	sitedn(NULL);
	cr_expect_eq(run_imc(), 0);
}

Test(rules_imc, a1_sitedn_absent)
{
	/* A missing SiteDN is A1, an error whose remedy names the analyzed set and the SA/MTA names. */
	const struct hd_finding *a1;

	sitedn(NULL);
	run_imc();
	a1 = need("A1", HD_SEV_ERROR);
	cr_expect(strstr(a1->remediation, "ControlSet001\\Services\\MSExchangeIMC\\Parameters\\SiteDN") != NULL,
	          "%s", a1->remediation);
	cr_expect(strstr(a1->remediation, "CurrentControlSet") != NULL, "%s", a1->remediation);
	cr_expect(strstr(a1->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL, "%s", a1->remediation);
	cr_expect_null(finding("A7"));
}

Test(rules_imc, a1_sitedn_empty_binary_or_nameless)
{
	/* Empty, non-string and component-less SiteDN values are all A1, never A12. */
	static const char *const texts[] = { "", "   ", "Contoso Redmond", "/ou=Redmond", "/o=Contoso" };

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		sitedn(texts[i]);
		run_imc();
		cr_expect_not_null(finding("A1"), "SiteDN \"%s\"", texts[i]);
		cr_expect_null(finding("A7"), "SiteDN \"%s\"", texts[i]);
	}
	str_fact_binary(&ix.f.exchange.names.site_dn, "SiteDN");
	run_imc();
	cr_expect(strstr(need("A1", HD_SEV_ERROR)->detail, "REG_BINARY") != NULL);
	cr_expect_null(finding("A12"));
}

Test(rules_imc, a2_org_mismatch)
{
	/* SiteDN's o= against an agreeing SA and MTA is A2 (the Q298565 cause); A3 stays quiet. */
	const struct hd_finding *a2;

	sitedn("/o=Fabrikam/ou=Redmond");
	run_imc();
	a2 = need("A2", HD_SEV_ERROR);
	cr_expect(strstr(a2->detail, "\"Fabrikam\"") && strstr(a2->detail, "\"Contoso\""), "%s", a2->detail);
	cr_expect(strstr(a2->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL, "%s", a2->remediation);
	cr_expect_null(finding("A3"));
	cr_expect_null(finding("A4"));
	cr_expect_null(finding("A7"));
	cr_expect_null(finding("A12"));
}

Test(rules_imc, a3_site_mismatch)
{
	/* SiteDN's ou= against an agreeing SA and MTA is A3. */
	sitedn("/o=Contoso/ou=Seattle");
	run_imc();
	cr_expect(strstr(need("A3", HD_SEV_ERROR)->remediation, "/o=Contoso/ou=Redmond") != NULL);
	cr_expect_null(finding("A2"));
}

Test(rules_imc, a2_remedy_prefers_given_names)
{
	/* With --org/--site the remedy sets SiteDN to the directory's names. */
	ix.opts.org = "Contoso Ltd";
	ix.opts.site = "Redmond";
	sitedn("/o=Fabrikam/ou=Redmond");
	run_imc();
	cr_expect(strstr(need("A2", HD_SEV_ERROR)->remediation, "\"/o=Contoso Ltd/ou=Redmond\"") != NULL);
}

Test(rules_imc, a4_three_way_disagreement)
{
	/* SiteDN, SA and MTA all different: no majority, A4 warning, no A2. */
	sitedn("/o=Fabrikam/ou=Redmond");
	x500("/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_imc();
	cr_expect(strstr(need("A4", HD_SEV_WARNING)->detail, "Northwind") != NULL);
	cr_expect_null(finding("A2"));
}

Test(rules_imc, a4_not_for_two_against_the_mta)
{
	/* SiteDN agrees with SA and only the MTA differs: a majority (issue 24), no A4, no A2;
	 * A7 says SiteDN agrees with SA and the X500 DN alone differs (B11c's, Q155027). */
	x500("/o=Old Org/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_imc();
	cr_expect_null(finding("A4"));
	cr_expect_null(finding("A2"));
	cr_expect(strstr(need("A7", HD_SEV_INFO)->detail, "X500 DN alone differs") != NULL);
}

Test(rules_imc, a4_not_for_two_against_sa)
{
	/* SiteDN agrees with the MTA and only SA differs: a majority too, no A4 and no A2
	 * (B11c names the System Attendant's difference). */
	str_fact(&ix.f.exchange.names.sa_name[HD_PART_ORG], "Enterprise", "Old Org");
	run_imc();
	cr_expect_null(finding("A4"));
	cr_expect_null(finding("A2"));
}

Test(rules_imc, a4_says_when_names_differ_in_normalization)
{
	/* Three copies, two of them the same site in NFC and NFD: the detail names the code points. */
	const struct hd_finding *a4;

	sitedn("/o=Fabrikam/ou=K\xc3\xb6ln");
	str_fact(&ix.f.exchange.names.sa_name[HD_PART_SITE], "Site", "Ko\xcc\x88ln");
	x500("/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_imc();
	a4 = need("A4", HD_SEV_WARNING);
	cr_expect(strstr(a4->detail, "differ in Unicode normalization: SiteDN's is U+004B U+00F6 U+006C "
	                 "U+006E (composed, NFC), MSExchangeSA's is U+004B U+006F U+0308 U+006C U+006E "
	                 "(decomposed, NFD).") != NULL, "%s", a4->detail);
}

Test(rules_imc, a3_says_when_names_differ_in_normalization)
{
	/* SiteDN decomposed, SA and the MTA composed: A3, and the detail says why they look alike. */
	sitedn("/o=Contoso/ou=Redmo\xcc\x81nd");
	str_fact(&ix.f.exchange.names.sa_name[HD_PART_SITE], "Site", "Redm\xc3\xb3nd");
	x500("/o=Contoso/ou=Redm\xc3\xb3nd/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_imc();
	cr_expect(strstr(need("A3", HD_SEV_ERROR)->detail, "differ in Unicode normalization") != NULL);
}

Test(rules_imc, a5_case_only)
{
	/* A case-only difference is A5, resting on Q298565's "exactly match", never A2. */
	const struct hd_finding *a5;

	sitedn("/o=CONTOSO/ou=Redmond");
	run_imc();
	a5 = need("A5", HD_SEV_WARNING);
	cr_expect(strstr(a5->detail, "exactly match") != NULL, "%s", a5->detail);
	cr_expect(strstr(a5->remediation, "\"/o=Contoso/ou=Redmond\"") != NULL);
	cr_expect_null(finding("A2"));
	cr_expect_null(finding("A7"));
}

Test(rules_imc, a5_unicode_case)
{
	/* Case folding reaches beyond ASCII: "MÜLLER AG" vs "Müller AG" is A5, "Mueller AG" is A2. */
	str_fact(&ix.f.exchange.names.sa_name[HD_PART_ORG], "Enterprise", "M\xc3\xbcller AG");
	x500("/o=M\xc3\xbcller AG/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	sitedn("/o=M\xc3\x9cLLER AG/ou=Redmond");
	run_imc();
	cr_expect_not_null(finding("A5"));
	cr_expect_null(finding("A2"));
	sitedn("/o=Mueller AG/ou=Redmond");
	run_imc();
	cr_expect_not_null(finding("A2"));
	cr_expect_null(finding("A5"));
}

Test(rules_imc, a6_exchange_copies_of_server_name)
{
	/* SA Server against the X500 DN's server is A6 (Q155027); ComputerName takes no part. */
	const struct hd_finding *a6;

	x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=OLDSRV/cn=Microsoft MTA");
	run_imc();
	a6 = need("A6", HD_SEV_WARNING);
	cr_expect(strstr(a6->detail, "OLDSRV") != NULL, "%s", a6->detail);
	cr_expect_null(strstr(a6->detail, "ComputerName"), "%s", a6->detail);
	cr_expect_null(strstr(a6->detail, "Q126521"), "%s", a6->detail);
	cr_expect(strstr(a6->remediation, "\"EXCH01\"") != NULL, "%s", a6->remediation);
	cr_expect_null(finding("A7"));
}

Test(rules_imc, s1_computer_renamed_not_a6)
{
	/* ComputerName differing from the Exchange name is S1 (a warning), not A6; A7 still holds. */
	const struct hd_finding *s1;

	str_fact(&ix.f.system.computer_name, "ComputerName", "EXCH02");
	run_imc();
	s1 = need("S1", HD_SEV_WARNING);
	cr_expect(strstr(s1->detail, "inferred") != NULL, "%s", s1->detail);
	cr_expect_null(finding("A6"));
	need("A7", HD_SEV_INFO);
}

Test(rules_imc, s1_skipped_on_cluster)
{
	/* With Services\ClusSvc the virtual server's name differs from the node's by design (Q199756). */
	str_fact(&ix.f.system.computer_name, "ComputerName", "NODE1");
	ix.f.system.clussvc.status = HD_FOUND;
	run_imc();
	cr_expect_null(finding("S1"));
	cr_expect_null(finding("A6"));
}

Test(rules_imc, s1_case_and_empty)
{
	/* NetBIOS names compare without case (beyond ASCII too); an empty ComputerName is no evidence. */
	str_fact(&ix.f.system.computer_name, "ComputerName", "exch01");
	run_imc();
	cr_expect_null(finding("S1"));
	str_fact(&ix.f.exchange.names.sa_name[HD_PART_SERVER], "Server", "\xc3\x84SRV");
	x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=\xc3\x84SRV/cn=Microsoft MTA");
	str_fact(&ix.f.system.computer_name, "ComputerName", "\xc3\xa4srv");
	run_imc();
	cr_expect_null(finding("S1"));
	str_fact(&ix.f.system.computer_name, "ComputerName", "");
	run_imc();
	cr_expect_null(finding("S1"));
}

/* A12 over one SiteDN: the severity expected (-1: no finding) and a word of the detail. */
static void expect_a12(const char *dn, int sev, const char *needle)
{
	const struct hd_finding *f;

	sitedn(dn);
	run_imc();
	f = finding("A12");
	if (sev < 0) {
		cr_expect_null(f, "SiteDN \"%s\": %s", dn, f ? f->detail : "");
		return;
	}
	cr_assert_not_null(f, "SiteDN \"%s\": no A12", dn);
	cr_expect_eq((int)f->severity, sev, "SiteDN \"%s\": %s", dn, f->detail);
	cr_expect(strstr(f->detail, needle) != NULL, "SiteDN \"%s\": %s", dn, f->detail);
	if (sev > HD_SEV_INFO)
		cr_expect_null(finding("A7"), "SiteDN \"%s\" still said to agree", dn);
}

Test(rules_imc, a12_reordered_and_extra_components)
{
	/* The forms the lenient parser used to accept: each names the offending component. */
	expect_a12("/ou=Redmond/o=Contoso", HD_SEV_WARNING, "\"ou=Redmond\"");
	expect_a12("/o=Contoso/ou=Redmond/ou=Seattle", HD_SEV_ERROR, "\"ou=Seattle\"");
	expect_a12("/o=Contoso/ou=Redmond/cn=OLDSRV", HD_SEV_ERROR, "\"cn=OLDSRV\"");
	expect_a12("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=OLDSRV", HD_SEV_ERROR,
	           "names another server");
	expect_a12("/o=Contoso/ou=Redmond/", HD_SEV_WARNING, "trailing");
	expect_a12("o=Contoso,ou=Redmond", HD_SEV_WARNING, "LDAP form");
	expect_a12("/o=Contoso/ou=Redmond ", HD_SEV_WARNING, "blanks");
	expect_a12("/o=Contoso/dc=Redmond", HD_SEV_WARNING, "other than o=");
}

Test(rules_imc, a12_tolerated_forms)
{
	/* A missing leading "/", upper-case keywords, this server's own object: info or nothing. */
	expect_a12("o=Contoso/ou=Redmond", HD_SEV_INFO, "leading");
	expect_a12("/O=Contoso/OU=Redmond", -1, NULL);
	expect_a12("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01", HD_SEV_INFO, "tolerated");
	cr_expect_eq(run_imc(), 2, "A12 info and A7");
	need("A7", HD_SEV_INFO);
}

Test(rules_imc, a12_remedy_names_the_set_and_value)
{
	/* The remedy sets the exact value in the analyzed control set (ControlSet002 here). */
	const struct hd_finding *f;

	snprintf(ix.f.system.controlset, sizeof ix.f.system.controlset, "ControlSet002");
	sitedn("/ou=Redmond/o=Contoso");
	run_imc();
	f = need("A12", HD_SEV_WARNING);
	cr_expect(strstr(f->remediation, "ControlSet002\\Services\\MSExchangeIMC\\Parameters\\SiteDN (REG_SZ) "
	                 "to exactly \"/o=Contoso/ou=Redmond\"") != NULL, "%s", f->remediation);
}

Test(rules_imc, a7_given_names_agree)
{
	/* Given names that match: A7 stays info; one matching only ignoring case adds A5. */
	ix.opts = (struct hd_rule_options){ .org = "Contoso", .site = "Redmond", .server = "EXCH01" };
	cr_expect_eq(run_imc(), 1);
	need("A7", HD_SEV_INFO);
	ix.opts.site = "redmond";
	run_imc();
	need("A7", HD_SEV_INFO);
	cr_expect(strstr(need("A5", HD_SEV_WARNING)->detail, "given \"redmond\"") != NULL);
}

Test(rules_imc, a7_given_server_is_not_sitedns)
{
	/* SiteDN holds no server name: a differing --server leaves A7 info (B11c judges it). */
	ix.opts = (struct hd_rule_options){ .org = "Contoso", .site = "Redmond", .server = "EXCH02" };
	run_imc();
	need("A7", HD_SEV_INFO);
	cr_expect_null(finding("A6"));
}

Test(rules_imc, a7_given_names_differ)
{
	/* A consistent registry against a different --org is the Q298565 cause: A7 error. */
	const struct hd_finding *a7;

	ix.opts = (struct hd_rule_options){ .org = "Contoso Corp", .site = "Redmond" };
	run_imc();
	a7 = need("A7", HD_SEV_ERROR);
	cr_expect(strstr(a7->detail, "\"Contoso Corp\"") != NULL, "%s", a7->detail);
	cr_expect(strstr(a7->remediation, "\"/o=Contoso Corp/ou=Redmond\"") != NULL, "%s", a7->remediation);
}

Test(rules_imc, a8_common_name)
{
	/* CommonName naming another server is A8, said to be inferred; this server's name (any case) is not. */
	str_fact(&ix.f.exchange.names.imc_common_name, "CommonName", "Internet Mail Service (OLDSRV)");
	run_imc();
	cr_expect(strstr(need("A8", HD_SEV_WARNING)->detail, "inferred") != NULL);
	str_fact(&ix.f.exchange.names.imc_common_name, "CommonName", "Internet Mail Service (exch01)");
	run_imc();
	cr_expect_null(finding("A8"));
	str_fact(&ix.f.exchange.names.imc_common_name, "CommonName", "Internet Mail Service");
	run_imc();
	cr_expect_null(finding("A8"), "no server in the name: nothing to compare");
	str_fact_binary(&ix.f.exchange.names.imc_common_name, "CommonName");
	run_imc();
	cr_expect_null(finding("A8"));
}

Test(rules_imc, a9_localsystem)
{
	/* An absent ObjectName or "LocalSystem" is A9 (Q155814); the remedy names SA's account. */
	static const char *const accounts[] = { NULL, "LocalSystem", ".\\localsystem" };

	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		str_fact(&ix.f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", accounts[i]);
		run_imc();
		cr_expect(strstr(need("A9", HD_SEV_WARNING)->remediation, "CONTOSO\\exsvc") != NULL);
		cr_expect_null(finding("A10"));
	}
}

Test(rules_imc, a10_account_differs_is_info)
{
	/* Another IMC account is allowed by Q155814: info; another case or a LocalSystem MTA is nothing. */
	str_fact(&ix.f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", "CONTOSO\\imc");
	run_imc();
	cr_expect(strstr(need("A10", HD_SEV_INFO)->detail, "Q155814") != NULL);
	str_fact(&ix.f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", "contoso\\EXSVC");
	run_imc();
	cr_expect_null(finding("A10"));
	str_fact(&ix.f.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "LocalSystem");
	run_imc();
	cr_expect_null(finding("A10"), "an MTA on LocalSystem is B11a's finding, not A10's");
}

Test(rules_imc, a11_dependencies)
{
	/* Missing dependency = error, disabled = warning, required but unlisted = info. */
	size_t errors = 0, warnings = 0, infos = 0;

	add_dep(HD_EX_IMC, "MSExchangeIS", 1, 1, 2);
	add_dep(HD_EX_IMC, "MSExchangeMTA", 1, 0, 0);
	add_dep(HD_EX_IMC, "Tcpip", 0, 1, 1);
	add_dep(HD_EX_SA, "RpcLocator", 1, 1, 4);
	run_imc();
	for (size_t i = 0; i < ix.fs.n; i++) {
		if (strcmp(ix.fs.v[i].rule->id, "A11") != 0)
			continue;
		errors += ix.fs.v[i].severity == HD_SEV_ERROR;
		warnings += ix.fs.v[i].severity == HD_SEV_WARNING;
		infos += ix.fs.v[i].severity == HD_SEV_INFO;
	}
	cr_expect_eq(errors, 1);
	cr_expect_eq(warnings, 1);
	cr_expect_eq(infos, 1);
}

Test(rules_imc, a11_wrong_type)
{
	/* A DependOnService stored as REG_SZ is A11 (Q219602). */
	ix.f.exchange.svc[HD_EX_IMC].depend_on_service.rv.status = HD_FOUND;
	ix.f.exchange.svc[HD_EX_IMC].depend_on_service.rv.raw.type = HD_REG_SZ;
	run_imc();
	cr_expect(strstr(need("A11", HD_SEV_WARNING)->detail, "REG_SZ") != NULL);
}

/* --fix-reg: the SiteDN rules carry the edit when the names are known, none without a majority. */
Test(rules_imc, sitedn_fix)
{
	const struct hd_finding *a;

	sitedn("/o=Fabrikam/ou=Redmond");
	run_imc();
	a = need("A2", HD_SEV_ERROR);
	cr_assert_not_null(a->fix);
	cr_expect_str_eq(a->fix->key, ix.f.exchange.names.site_dn.rv.key, "the key SiteDN was read from");
	cr_expect_str_eq(a->fix->name, "SiteDN");
	cr_expect_str_eq(a->fix->data, "/o=Contoso/ou=Redmond");
	cr_expect_eq(a->fix->type, HD_REG_SZ);
}

/* No majority and no names given: no edit; --org/--site give the names. */
Test(rules_imc, sitedn_fix_needs_names_without_majority)
{
	const struct hd_finding *a;

	sitedn("/o=Fabrikam/ou=Redmond");
	x500("/o=Northwind/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_imc();
	cr_assert_not_null(a = finding("A4"));
	cr_expect_null(a->fix, "no majority, no names: no edit");
	ix.opts.org = "Contoso";
	ix.opts.site = "Redmond";
	run_imc();
	cr_assert_not_null(a = finding("A4"));
	cr_assert_not_null(a->fix, "--org/--site give the names");
	cr_expect_str_eq(a->fix->data, "/o=Contoso/ou=Redmond");
}

/* A12: a SiteDN of the wrong form gets the edit to the one right form. */
Test(rules_imc, sitedn_fix_for_wrong_form)
{
	const struct hd_finding *a;

	sitedn("/ou=Redmond/o=Contoso");
	run_imc();
	cr_assert_not_null(a = finding("A12"));
	cr_assert_not_null(a->fix);
	cr_expect_str_eq(a->fix->data, "/o=Contoso/ou=Redmond");
}

Test(rules_imc, a13_imc_disabled)
{
	/* DOMAIN.md 0.13: the IMC itself disabled (Start = 4) is A13, a warning citing error 1058; auto (2) is none. */
	struct hd_dword_fact *start = &ix.f.exchange.svc[HD_EX_IMC].start;
	const struct hd_finding *f;

	start->rv.status = HD_FOUND;
	start->decode = HD_DECODE_OK;
	start->value = 2;
	run_imc();
	cr_expect_null(finding("A13"));
	start->value = 4;
	run_imc();
	f = need("A13", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "MSExchangeIMC is disabled (Start = 4)") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "1058") != NULL, "%s", f->detail);
	need("A7", HD_SEV_INFO);        /* the names are judged as before */
}
