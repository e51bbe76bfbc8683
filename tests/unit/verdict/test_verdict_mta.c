/*
 * test_verdict_mta.c - the Q320200 verdict (verdict_mta.c) over the rules'
 * findings on the hand-built server of rules/mta_fixture.h: each class, the
 * inference said in the reason, and the stale-evidence caveat.
 */
#include "../rules/mta_fixture.h"

TestSuite(verdict_mta, .init = mta_healthy, .fini = mta_teardown);

/* Without Services\MSExchangeMTA: not_installed, and the reason says why. */
Test(verdict_mta, not_installed)
{
	absent(&fx.facts.exchange.svc[HD_EX_MTA].key);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_NOT_INSTALLED, "MSExchangeMTA does not exist");
}

/* A healthy server: unlikely; the B8 context is not among the verdict's findings. */
Test(verdict_mta, unlikely_when_healthy)
{
	struct hd_verdict v = { 0 };

	run_mta_rules();
	cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
	cr_expect_eq(v.status, HD_VERDICT_UNLIKELY);
	cr_expect_eq(v.n_findings, 0);
	cr_expect(strstr(v.reason, "intact") != NULL, "%s", v.reason);
	hd_verdict_clear(&v);
}

/* Damage alone (B2/B3/B5): likely, and the reason says the cause is inferred from the remedy. */
Test(verdict_mta, likely_on_damage_says_inference)
{
	absent(&fx.facts.network.tcpip_winsock);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "Q320200 states no cause");
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "inferred from its remedy");
}

/* B3 alone is damage too. */
Test(verdict_mta, likely_on_orphaned_binding)
{
	add_binding("\\Device\\El90x2", NULL, NULL);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "TCP/IP bound to an adapter without TCP/IP parameters (B3");
}

/* Damage plus a B11 alternative: possible, and the alternative is to be ruled out first. */
Test(verdict_mta, possible_when_alternative_explains_as_well)
{
	absent(&fx.facts.network.tcpip_winsock);
	fx.facts.exchange.mta.tcpip_control_blocks.value = 0;
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "rule it out first: MTA control blocks below 2");
}

/* Only weaker signs (B4, B6, B9): possible, naming them. */
Test(verdict_mta, possible_on_weaker_signs)
{
	static char *two_ips[] = { "10.0.0.5", "10.0.0.6", NULL };

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\El90x1", two_ips, mask_items);
	absent(&fx.facts.network.rpcss.key);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "Static TCP/IP configuration broken (B4");
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "RPC service missing or disabled (B9");
}

/* NdisWan first (B7 warning): possible, favouring the binding order. */
Test(verdict_mta, possible_on_ndiswan_first)
{
	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	add_binding("\\Device\\El90x1", ip_items, mask_items);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "TCP/IP binding order");
}

/* Two LAN adapters in the recommended order (B7 info): still unlikely. */
Test(verdict_mta, multihomed_lan_first_stays_unlikely)
{
	static char *ip2[] = { "192.168.1.5", NULL };

	add_binding("\\Device\\El90x2", ip2, mask_items);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_UNLIKELY, "intact");
}

/* --server differing from the X500 DN feeds the MTA verdict through B11c. */
Test(verdict_mta, possible_on_given_server_differing)
{
	fx.opts.server = "EXCH02";
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "(B11c, Q155027)");
}

/* A dirty hive whose logs were missing: every reason carries the stale caveat; applied logs: none. */
Test(verdict_mta, stale_caveat_on_dirty_hive)
{
	fx.facts.hive.dirty = 1;
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_UNLIKELY, "may be stale");
	absent(&fx.facts.network.tcpip_winsock);
	hd_findings_clear(&fx.fs);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "may be stale");
	fx.facts.hive.logs_applied = 1;
	{
		struct hd_verdict v = { 0 };

		cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
		cr_expect_null(strstr(v.reason, "stale"), "%s", v.reason);
		hd_verdict_clear(&v);
	}
}

/* The refused-log case is stale too (logs_refused set, nothing applied). */
Test(verdict_mta, stale_caveat_when_logs_refused)
{
	fx.facts.hive.dirty = 1;
	fx.facts.hive.logs_refused = "bad checksum";
	absent(&fx.facts.exchange.svc[HD_EX_MTA].key);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_NOT_INSTALLED, "may be stale");
}

/* The verdict lists the B findings it rests on, but not the B8 context. */
Test(verdict_mta, lists_findings)
{
	struct hd_verdict v = { 0 };

	absent(&fx.facts.network.linkage);
	run_mta_rules();
	cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
	cr_expect_eq(v.n_findings, 1);
	cr_expect_str_eq(fx.fs.v[v.finding_idx[0]].rule->id, "B2");
	hd_verdict_clear(&v);
}

/* Without the service key a verdict is not_installed; with it, never that. */
Test(verdict_mta, installed_or_not_from_bare_facts)
{
	struct hd_facts f = { 0 };
	struct hd_findings fs = { 0 };
	struct hd_verdict v;

	f.exchange.svc[HD_EX_IMC].key.status = HD_ABSENT;
	f.exchange.svc[HD_EX_MTA].key.status = HD_FOUND;
	cr_assert_eq(hd_verdict_imc(&f, &fs, &v), 0);
	cr_assert_eq(v.status, HD_VERDICT_NOT_INSTALLED);
	cr_assert_str_eq(v.kb, "Q298565");
	hd_verdict_clear(&v);
	cr_assert_eq(hd_verdict_mta(&f, &fs, &v), 0);
	cr_assert_neq(v.status, HD_VERDICT_NOT_INSTALLED);
	cr_assert_str_eq(v.kb, "Q320200");
	hd_verdict_clear(&v);
	f.exchange.svc[HD_EX_IMC].key.status = HD_ERROR;
	cr_assert_eq(hd_verdict_imc(&f, &fs, &v), 0);
	cr_assert_eq(v.status, HD_VERDICT_UNKNOWN);
	hd_verdict_clear(&v);
}

/* HelperDllName unreadable (issue 24): no finding, so unknown, never "intact". */
Test(verdict_mta, unknown_when_winsock_value_unreadable)
{
	fx.facts.network.helper_dll_name.rv.status = HD_ERROR;
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_UNKNOWN, "could not be read");
}

/* An adapter's IPAddress unreadable: no B4 "no IPAddress", and unknown. */
Test(verdict_mta, unknown_when_adapter_address_unreadable)
{
	fx.bindings[0].params.ip_address.rv.status = HD_ERROR;
	fx.bindings[0].params.n_addresses = 0;
	run_mta_rules();
	for (size_t i = 0; i < fx.fs.n; i++)
		cr_expect_str_neq(fx.fs.v[i].rule->id, "B4");
	EXPECT_VERDICT(HD_VERDICT_UNKNOWN, "could not be read");
}

/* An alternative found while TCP/IP is partly unread: possible, never "TCP/IP looks intact". */
Test(verdict_mta, unread_tcpip_never_called_intact)
{
	char *reason = NULL;

	fx.facts.network.mapping.status = HD_ERROR;
	absent(&fx.facts.exchange.svc[HD_EX_MTA].object_name.rv);
	run_mta_rules();
	cr_expect_eq(verdict(&reason), HD_VERDICT_POSSIBLE, "%s", reason);
	cr_expect(strstr(reason, "looks intact") == NULL, "%s", reason);
	free(reason);
}

/*
 * B12 (DOMAIN.md 0.13): the MTA disabled neither raises nor hides Q320200's
 * cause: a healthy server stays unlikely, damage stays likely (a B11
 * alternative would lower it), and the reason names B12 either way.
 */
Test(verdict_mta, b12_named_without_changing_status)
{
	struct hd_verdict v = { 0 };

	fx.facts.exchange.svc[HD_EX_MTA].start.value = 4;
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_UNLIKELY, "MSExchangeMTA is disabled (Start = 4, B12)");
	cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
	cr_expect_eq(v.n_findings, 1);
	cr_expect_str_eq(fx.fs.v[v.finding_idx[0]].rule->id, "B12");
	hd_verdict_clear(&v);
	hd_findings_clear(&fx.fs);
	add_binding("\\Device\\El90x2", NULL, NULL);
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "TCP/IP bound to an adapter without TCP/IP parameters (B3");
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "ERROR_SERVICE_DISABLED");
}
