/*
 * test_verdict_imc.c - the Q298565 verdict (verdict_imc.c) over the IMC
 * rules' findings on the hand-built installation of rules/imc_fixture.h:
 * each class, which finding it rests on, and the stale-evidence caveat.
 */
#include "../rules/imc_fixture.h"

TestSuite(verdict_imc, .init = imc_healthy, .fini = imc_teardown);

/* Run the rules and the verdict; check the finding it rests on; returns the status. */
static enum hd_verdict_status verdict(const char *first_id, const char *needle)
{
	struct hd_verdict v;
	enum hd_verdict_status st;

	run_imc();
	cr_assert_eq(hd_verdict_imc(&ix.f, &ix.fs, &v), 0);
	cr_assert_not_null(v.reason);
	cr_expect_str_eq(v.kb, "Q298565");
	if (first_id != NULL) {
		cr_assert_gt(v.n_findings, 0, "no finding behind the verdict: %s", v.reason);
		cr_expect_str_eq(ix.fs.v[v.finding_idx[0]].rule->id, first_id);
		cr_expect(strstr(v.reason, ix.fs.v[v.finding_idx[0]].detail) == v.reason, "%s", v.reason);
	}
	if (needle != NULL)
		cr_expect(strstr(v.reason, needle) != NULL, "reason lacks \"%s\": %s", needle, v.reason);
	st = v.status;
	hd_verdict_clear(&v);
	return st;
}

Test(verdict_imc, not_installed)
{
	/* Without Services\MSExchangeIMC: not_installed. */
	ix.f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	cr_expect_eq(verdict(NULL, "does not exist"), HD_VERDICT_NOT_INSTALLED);
}

Test(verdict_imc, unknown_when_unreadable)
{
	/* A service key that could not be read: unknown, never a guess. */
	ix.f.exchange.svc[HD_EX_IMC].key.status = HD_ERROR;
	cr_expect_eq(verdict(NULL, "could not be read"), HD_VERDICT_UNKNOWN);
}

Test(verdict_imc, unlikely_rests_on_a7)
{
	/* A consistent registry: unlikely, "not indicated by the registry". */
	cr_expect_eq(verdict("A7", "Not indicated by the registry"), HD_VERDICT_UNLIKELY);
}

Test(verdict_imc, likely_classes)
{
	/* A1, A2, A12 error (another site), A7 error (--org) and A11 error each make it likely. */
	sitedn(NULL);
	cr_expect_eq(verdict("A1", NULL), HD_VERDICT_LIKELY);
	sitedn("/o=Fabrikam/ou=Redmond");
	cr_expect_eq(verdict("A2", NULL), HD_VERDICT_LIKELY);
	sitedn("/o=Contoso/ou=Redmond/ou=Seattle");
	cr_expect_eq(verdict("A12", "ou=Seattle"), HD_VERDICT_LIKELY);
	sitedn("/o=Contoso/ou=Redmond");
	ix.opts.org = "Elsewhere";
	cr_expect_eq(verdict("A7", NULL), HD_VERDICT_LIKELY);
	ix.opts.org = NULL;
	add_dep(HD_EX_IMC, "Tcpip", 1, 0, 0);
	cr_expect_eq(verdict("A11", NULL), HD_VERDICT_LIKELY);
}

Test(verdict_imc, possible_classes)
{
	/* A5, A12 warning (reversed), A6, A8 and A9 each make it possible. */
	sitedn("/o=Contoso/ou=REDMOND");
	cr_expect_eq(verdict("A5", NULL), HD_VERDICT_POSSIBLE);
	sitedn("/ou=Redmond/o=Contoso");
	cr_expect_eq(verdict("A12", "reordered"), HD_VERDICT_POSSIBLE);
	sitedn("/o=Contoso/ou=Redmond");
	x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=OLDSRV/cn=Microsoft MTA");
	cr_expect_eq(verdict("A6", NULL), HD_VERDICT_POSSIBLE);
	x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	str_fact(&ix.f.exchange.names.imc_common_name, "CommonName", "Internet Mail Service (OLDSRV)");
	cr_expect_eq(verdict("A8", "inferred"), HD_VERDICT_POSSIBLE);
	str_fact(&ix.f.exchange.names.imc_common_name, "CommonName", NULL);
	str_fact(&ix.f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", NULL);
	cr_expect_eq(verdict("A9", NULL), HD_VERDICT_POSSIBLE);
}

Test(verdict_imc, info_findings_never_raise_it)
{
	/* A10 (allowed account), a tolerated A12 and S1 (renamed computer) leave it unlikely. */
	str_fact(&ix.f.exchange.svc[HD_EX_IMC].object_name, "ObjectName", "CONTOSO\\imc");
	sitedn("o=Contoso/ou=Redmond");
	str_fact(&ix.f.system.computer_name, "ComputerName", "EXCH02");
	cr_expect_eq(verdict("A7", NULL), HD_VERDICT_UNLIKELY);
	cr_expect_not_null(finding("A10"));
	cr_expect_not_null(finding("A12"));
	cr_expect_not_null(finding("S1"));
}

Test(verdict_imc, cluster_keeps_it_unlikely)
{
	/* An Exchange virtual server on a cluster: node name differs, nothing raised (issue 11). */
	str_fact(&ix.f.system.computer_name, "ComputerName", "NODE1");
	ix.f.system.clussvc.status = HD_FOUND;
	cr_expect_eq(verdict("A7", NULL), HD_VERDICT_UNLIKELY);
}

Test(verdict_imc, given_server_does_not_blame_sitedn)
{
	/* --server differing: the IMC verdict stays unlikely (SiteDN holds no server name). */
	ix.opts = (struct hd_rule_options){ .org = "Contoso", .site = "Redmond", .server = "EXCH02" };
	cr_expect_eq(verdict("A7", NULL), HD_VERDICT_UNLIKELY);
}

Test(verdict_imc, stale_caveat)
{
	/* A dirty hive whose logs were missing or refused: the reason says the evidence may be stale. */
	ix.f.hive.dirty = 1;
	cr_expect_eq(verdict("A7", "may be stale"), HD_VERDICT_UNLIKELY);
	sitedn("/o=Fabrikam/ou=Redmond");
	ix.f.hive.logs_refused = "checksum";
	cr_expect_eq(verdict("A2", "may be stale"), HD_VERDICT_LIKELY);
	ix.f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	cr_expect_eq(verdict(NULL, "may be stale"), HD_VERDICT_NOT_INSTALLED);
}

Test(verdict_imc, no_caveat_when_logs_applied)
{
	/* Logs applied cleanly: the evidence is current, no caveat. */
	struct hd_verdict v;

	ix.f.hive.dirty = 1;
	ix.f.hive.logs_applied = 1;
	run_imc();
	cr_assert_eq(hd_verdict_imc(&ix.f, &ix.fs, &v), 0);
	cr_expect_null(strstr(v.reason, "stale"), "%s", v.reason);
	hd_verdict_clear(&v);
}

Test(verdict_imc, no_caveat_when_alt_used)
{
	/* A dirty NT 4.0 SYSTEM read from its consistent .ALT (DOMAIN.md 0.15): what the loader boots, no caveat. */
	struct hd_verdict v;

	ix.f.hive.dirty = 1;
	ix.f.hive.alt_used = "SYSTEM.ALT";
	run_imc();
	cr_assert_eq(hd_verdict_imc(&ix.f, &ix.fs, &v), 0);
	cr_expect_null(strstr(v.reason, "stale"), "%s", v.reason);
	hd_verdict_clear(&v);
}

Test(verdict_imc, unknown_when_sitedn_unreadable)
{
	/* SiteDN's cell could not be read (issue 24): unknown, never unlikely. */
	ix.f.exchange.names.site_dn.rv.status = HD_ERROR;
	cr_expect_eq(verdict(NULL, "SiteDN, the value Q298565 is about, could not be read"), HD_VERDICT_UNKNOWN);
}

Test(verdict_imc, unknown_when_no_copy_to_compare_is_readable)
{
	/* SiteDN read, but SA's names and the MTA's X500 DN could not be: unknown. */
	ix.f.exchange.names.sa_name[HD_PART_ORG].rv.status = HD_ERROR;
	ix.f.exchange.names.sa_name[HD_PART_SITE].rv.status = HD_ERROR;
	ix.f.exchange.names.mta_x500_dn.rv.status = HD_ERROR;
	cr_expect_eq(verdict(NULL, "none of the copies SiteDN is compared with"), HD_VERDICT_UNKNOWN);
}

Test(verdict_imc, unreadable_sitedn_keeps_a_failure_found)
{
	/* A finding that points to a failure still decides; the reason adds what was unread. */
	ix.f.exchange.names.site_dn.rv.status = HD_ERROR;
	ix.f.exchange.svc[HD_EX_IMC].object_name.rv.status = HD_ABSENT;
	cr_expect_eq(verdict("A9", "Also, MSExchangeIMC"), HD_VERDICT_POSSIBLE);
}

Test(verdict_imc, a13_named_without_changing_status)
{
	/* DOMAIN.md 0.13: A13 leaves unlikely unlikely and likely likely; the reason names it each time. */
	struct hd_dword_fact *start = &ix.f.exchange.svc[HD_EX_IMC].start;

	start->rv.status = HD_FOUND;
	start->decode = HD_DECODE_OK;
	start->value = 4;
	cr_expect_eq(verdict("A7", "MSExchangeIMC is disabled (Start = 4, A13)"), HD_VERDICT_UNLIKELY);
	sitedn("/o=Fabrikam/ou=Redmond");
	cr_expect_eq(verdict("A2", "Win32 error 1058"), HD_VERDICT_LIKELY);
}
