/*
 * test_rules_mta.c - the MTA and TCP/IP rules (B2-B9, B11a-f) over the
 * hand-built healthy server of mta_fixture.h, broken one way per test.
 * The Q320200 verdict is tested in verdict/test_verdict_mta.c.
 */
#include "mta_fixture.h"

TestSuite(rules_mta, .init = mta_healthy, .fini = mta_teardown);

/* A healthy server: only the B8 service-pack context, without a remedy. */
Test(rules_mta, healthy_has_no_problem)
{
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	cr_expect_null(only("B8", HD_SEV_INFO)->remediation, "B8 gives a remedy only after damage");
	cr_expect(!hd_tcpip_damaged(&fx.fs));
}

/* Without Services\MSExchangeMTA no MTA rule fires, even with TCP/IP gone. */
Test(rules_mta, not_installed_without_mta_key)
{
	absent(&fx.facts.exchange.svc[HD_EX_MTA].key);
	absent(&fx.facts.network.tcpip.key);
	run_mta_rules();
	cr_expect_eq(fx.fs.n, 0);
}

/* B2: Services\Tcpip missing is damage, with Q320200's remedy and B8's service-pack step. */
Test(rules_mta, b2_tcpip_key_missing)
{
	const struct hd_finding *f;

	absent(&fx.facts.network.tcpip.key);
	run_mta_rules();
	f = only("B2", HD_SEV_ERROR);
	cr_expect(strstr(f->detail, "Services\\Tcpip is missing") != NULL, "%s", f->detail);
	cr_expect(strstr(f->remediation, "10.0.0.5") != NULL, "remedy lacks the address: %s", f->remediation);
	cr_expect(strstr(f->remediation, "reinstall the latest service pack") != NULL);
	cr_expect(hd_tcpip_damaged(&fx.fs));
	cr_expect_not_null(only("B8", HD_SEV_INFO)->remediation, "after damage B8 names the last step");
}

/* B2: the Tcpip driver disabled. */
Test(rules_mta, b2_tcpip_disabled)
{
	fx.facts.network.tcpip.start.value = 4;
	run_mta_rules();
	cr_expect(strstr(only("B2", HD_SEV_ERROR)->detail, "disabled") != NULL);
}

/* B2: Linkage missing. */
Test(rules_mta, b2_linkage_missing)
{
	absent(&fx.facts.network.linkage);
	run_mta_rules();
	cr_expect(strstr(only("B2", HD_SEV_ERROR)->detail, "Linkage is missing") != NULL);
}

/* B2: Bind empty. */
Test(rules_mta, b2_bind_empty)
{
	fx.facts.network.n_bindings = 0;
	fx.facts.network.bind.count = 0;
	run_mta_rules();
	cr_expect(strstr(only("B2", HD_SEV_ERROR)->detail, "empty") != NULL);
}

/* B2: Bind stored as REG_SZ is not what the binding engine writes. */
Test(rules_mta, b2_bind_not_multi_string)
{
	fx.facts.network.bind.rv.raw.type = HD_REG_SZ;
	run_mta_rules();
	cr_expect(strstr(only("B2", HD_SEV_ERROR)->detail, "not a multi-string") != NULL);
}

/* B3: a LAN binding without TCP/IP parameters is a half-removed install. */
Test(rules_mta, b3_binding_without_parameters)
{
	add_binding("\\Device\\El90x2", NULL, NULL);
	run_mta_rules();
	cr_expect(strstr(only("B3", HD_SEV_ERROR)->detail, "El90x2") != NULL);
}

/* B3: an NdisWan binding never has adapter parameters, so it is no finding. */
Test(rules_mta, b3_ignores_ndiswan)
{
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B3"));
}

/* B4: two addresses with one mask, a warning. */
Test(rules_mta, b4_address_mask_counts_differ)
{
	static char *two_ips[] = { "10.0.0.5", "10.0.0.6", NULL };

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\El90x1", two_ips, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B4", HD_SEV_WARNING)->detail, "2 address(es) but 1 subnet mask") != NULL);
}

/* B4: an address that is not a dotted quad. */
Test(rules_mta, b4_not_dotted_quad)
{
	static char *bad_ip[] = { "10.0.0.300", NULL };

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\El90x1", bad_ip, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B4", HD_SEV_WARNING)->detail, "dotted quad") != NULL);
}

/* B4: EnableDHCP = 0 with only 0.0.0.0 configured; with DHCP on, the same is fine. */
Test(rules_mta, b4_all_zero_only_when_static)
{
	static char *zero[] = { "0.0.0.0", NULL };
	struct hd_tcpip_params *p;

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\El90x1", zero, zero);
	run_mta_rules();
	cr_expect(strstr(only("B4", HD_SEV_WARNING)->detail, "0.0.0.0") != NULL);
	hd_findings_clear(&fx.fs);
	p = &fx.bindings[0].params;
	p->enable_dhcp.value = 1;
	hd_tcpip_params_assess(p);
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B4"));
}

/* B5: Tcpip\Parameters\Winsock missing. */
Test(rules_mta, b5_winsock_key_missing)
{
	absent(&fx.facts.network.tcpip_winsock);
	run_mta_rules();
	cr_expect(strstr(only("B5", HD_SEV_ERROR)->detail, "Winsock is missing") != NULL);
}

/* B5: a truncated Mapping and a Transports list without Tcpip, both named. */
Test(rules_mta, b5_mapping_and_transports)
{
	static char *no_tcpip[] = { "NwlnkIpx", NULL };
	const struct hd_finding *f;

	fx.facts.network.mapping.raw.len = 12;
	fx.facts.network.mapping_valid = hd_winsock_mapping_valid(&fx.facts.network.mapping);
	set_multi(&fx.facts.network.winsock_transports, "Transports", no_tcpip);
	run_mta_rules();
	f = only("B5", HD_SEV_ERROR);
	cr_expect(strstr(f->detail, "Transports does not list Tcpip") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "Mapping is not a valid") != NULL, "%s", f->detail);
	cr_expect_eq(f->n_evidence, 2);
}

/* B5: a Mapping longer than its row count says (one extra DWORD) is damaged too. */
Test(rules_mta, b5_mapping_rows_disagree_with_length)
{
	static uint8_t longer[24] = { 1, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 6, 0, 0, 0 };

	fx.facts.network.mapping.raw.data = longer;
	fx.facts.network.mapping.raw.len = sizeof longer;
	fx.facts.network.mapping_valid = hd_winsock_mapping_valid(&fx.facts.network.mapping);
	run_mta_rules();
	cr_expect(strstr(only("B5", HD_SEV_ERROR)->detail, "Mapping is not a valid") != NULL);
}

/* B6 (NT 4.0 model): NetBT still bound to an adapter TCP/IP no longer binds, marked inferred. */
Test(rules_mta, b6_netbt_leftover)
{
	static char *netbt2[] = { "\\Device\\El90x1", "\\Device\\OldNic1", NULL };
	const struct hd_finding *f;

	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt2);
	run_mta_rules();
	f = only("B6", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "OldNic1") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "NT 4.0 model") != NULL && strstr(f->detail, "inferred") != NULL,
	          "%s", f->detail);
}

/* B6 (2000/XP model): NetBT binds TCP/IP's exports and the NdisWanIp interfaces, as on the XP corpus hive. */
Test(rules_mta, b6_w2k_exports_and_ras_interfaces)
{
	static char *bind[] = { "\\Device\\{AAAA}", "\\Device\\NdisWanIp", NULL };
	static char *exports[] = { "\\Device\\Tcpip_{AAAA}", "\\Device\\Tcpip_{CCCC}", NULL };
	static char *ipconfig[] = { "Tcpip\\Parameters\\Interfaces\\{CCCC}",
	                            "Tcpip\\Parameters\\Interfaces\\{DDDD}", NULL };
	static char *netbt_xp[] = { "\\Device\\Tcpip_{AAAA}", "\\Device\\Tcpip_{cccc}",
	                            "\\Device\\Tcpip_{DDDD}", "\\Device\\Tcpip6_{BBBB}", NULL };

	fx.facts.network.layout = HD_LAYOUT_W2K;
	fx.facts.network.n_bindings = 0;
	add_binding(bind[0], ip_items, mask_items);
	add_binding(bind[1], NULL, NULL);
	set_multi(&fx.facts.network.export_list, "Export", exports);
	set_multi(&fx.facts.network.ndiswanip_ipconfig, "IpConfig", ipconfig);
	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt_xp);
	fx.facts.network.n_netbt_adapters = 0;
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B6"));
	cr_expect(!hd_findings_has(&fx.fs, "B7"), "LAN first, one LAN adapter: no B7");
}

/* B6 (2000/XP model): an export no longer listed and no RAS interface is a leftover. */
Test(rules_mta, b6_w2k_leftover)
{
	static char *exports[] = { "\\Device\\Tcpip_{AAAA}", NULL };
	static char *netbt_xp[] = { "\\Device\\Tcpip_{AAAA}", "\\Device\\Tcpip_{EEEE}", NULL };

	fx.facts.network.layout = HD_LAYOUT_W2K;
	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\{AAAA}", ip_items, mask_items);
	set_multi(&fx.facts.network.export_list, "Export", exports);
	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt_xp);
	fx.facts.network.n_netbt_adapters = 0;
	run_mta_rules();
	cr_expect(strstr(only("B6", HD_SEV_WARNING)->detail, "Tcpip_{EEEE}") != NULL);
}

/* B6: an empty or wrongly typed NetBT Bind proves nothing. */
Test(rules_mta, b6_netbt_bind_empty_or_wrong_type)
{
	static char *empty[] = { NULL };

	set_multi(&fx.facts.network.netbt_bind, "Bind", empty);
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B6"));
	hd_findings_clear(&fx.fs);
	fx.facts.network.netbt_bind.decode = HD_DECODE_BADTYPE;
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B6"));
}

/* B7: NdisWan first in the binding order is the documented alternative: a warning. */
Test(rules_mta, b7_ndiswan_first)
{
	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	add_binding("\\Device\\El90x1", ip_items, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B7", HD_SEV_WARNING)->detail, "NdisWan (RAS) comes first") != NULL);
	cr_expect(!hd_findings_has(&fx.fs, "B3"));
}

/* B7: two LAN adapters with the LAN first is the order Q279415 recommends: info, no remedy. */
Test(rules_mta, b7_multihomed_is_info)
{
	static char *ip2[] = { "192.168.1.5", NULL };
	const struct hd_finding *f;

	add_binding("\\Device\\El90x2", ip2, mask_items);
	run_mta_rules();
	f = only("B7", HD_SEV_INFO);
	cr_expect(strstr(f->detail, "2 LAN adapters") != NULL, "%s", f->detail);
	cr_expect_null(f->remediation);
}

/* B8: context only; no finding cites Q214864 (a POP3/IMAP4/LDAP article). */
Test(rules_mta, b8_context_without_q214864)
{
	const struct hd_finding *f;

	fx.facts.system.service_pack = 4;
	fx.facts.system.csd_version.value = 0x400;
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	run_mta_rules();
	f = only("B8", HD_SEV_INFO);
	cr_expect(strstr(f->detail, "service pack 4") != NULL, "%s", f->detail);
	for (size_t i = 0; i < hd_rules_count; i++)
		for (size_t k = 0; hd_rules[i].kb[k] != NULL; k++)
			cr_expect_str_neq(hd_rules[i].kb[k], "Q214864", "%s", hd_rules[i].id);
}

/* B9: RpcSs missing and RpcLocator disabled give one finding each. */
Test(rules_mta, b9_rpc_services)
{
	size_t n = 0;

	absent(&fx.facts.network.rpcss.key);
	fx.facts.network.rpclocator.start.value = 4;
	run_mta_rules();
	for (size_t i = 0; i < fx.fs.n; i++)
		n += strcmp(fx.fs.v[i].rule->id, "B9") == 0 && fx.fs.v[i].severity == HD_SEV_WARNING;
	cr_expect_eq(n, 2);
}

/* B11a Q162384: an absent ObjectName means LocalSystem; so does ".\LocalSystem". */
Test(rules_mta, b11a_localsystem)
{
	absent(&fx.facts.exchange.svc[HD_EX_MTA].object_name.rv);
	run_mta_rules();
	cr_expect_str_eq(only("B11a", HD_SEV_WARNING)->rule->kb[0], "Q162384");
	hd_findings_clear(&fx.fs);
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", ".\\LocalSystem");
	run_mta_rules();
	cr_expect(strstr(only("B11a", HD_SEV_WARNING)->detail, "LocalSystem") != NULL);
}

/* B11a judges accounts as A9 does: "NT AUTHORITY\SYSTEM" is LocalSystem too. */
Test(rules_mta, b11a_localsystem_nt_authority)
{
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "NT AUTHORITY\\SYSTEM");
	run_mta_rules();
	only("B11a", HD_SEV_WARNING);
}

/* B11a: another account than the System Attendant's is a finding; case alone is not. */
Test(rules_mta, b11a_account_differs_from_sa)
{
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "CONTOSO\\mta");
	run_mta_rules();
	cr_expect(strstr(only("B11a", HD_SEV_WARNING)->detail, "\"contoso\\EXSVC\"") != NULL);
	hd_findings_clear(&fx.fs);
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "CONTOSO\\exsvc");
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B11a"), "NT account names compare without case");
}

/* B11b Q155027: X500 DN missing, empty or not a string; Q260060 is named for what it documents. */
Test(rules_mta, b11b_x500_missing_empty_wrong_type)
{
	const struct hd_finding *f;

	absent(&fx.facts.exchange.names.mta_x500_dn.rv);
	run_mta_rules();
	f = only("B11b", HD_SEV_WARNING);
	cr_expect_str_eq(f->rule->kb[0], "Q155027");
	cr_expect(strstr(f->detail, "event 5000") != NULL, "%s", f->detail);
	cr_expect(strstr(f->remediation, "ControlSet001\\Services\\MSExchangeMTA\\Parameters\\X500 DN") != NULL,
	          "%s", f->remediation);
	hd_findings_clear(&fx.fs);
	set_str(&fx.facts.exchange.names.mta_x500_dn, "X500 DN", "");
	run_mta_rules();
	cr_expect(strstr(only("B11b", HD_SEV_WARNING)->detail, "empty") != NULL);
	hd_findings_clear(&fx.fs);
	fx.facts.exchange.names.mta_x500_dn.decode = HD_DECODE_BADTYPE;
	run_mta_rules();
	cr_expect(strstr(only("B11b", HD_SEV_WARNING)->detail, "not a string") != NULL);
}

/* B11b: a DN that ends at the server object names the offending component. */
Test(rules_mta, b11b_x500_ends_at_server)
{
	const struct hd_finding *f;

	set_str(&fx.facts.exchange.names.mta_x500_dn, "X500 DN",
	        "/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01");
	run_mta_rules();
	f = only("B11b", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "cn=Microsoft MTA is missing") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "\"cn=EXCH01\"") != NULL, "%s", f->detail);
	cr_expect(strstr(f->remediation, "/cn=EXCH01/cn=Microsoft MTA") != NULL, "%s", f->remediation);
}

/* B11b: without the leading slash (as Q162384 shows it) the shape is fine. */
Test(rules_mta, b11b_no_leading_slash_is_fine)
{
	set_str(&fx.facts.exchange.names.mta_x500_dn, "X500 DN",
	        "o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B11b"));
}

/* B11c Q155027: a site differing only by letter case counts and is labelled. */
Test(rules_mta, b11c_x500_mismatch_case)
{
	const struct hd_finding *f;

	fx.facts.exchange.names.mta_x500_dn_parsed.site = "REDMOND";
	run_mta_rules();
	f = only("B11c", HD_SEV_WARNING);
	cr_expect_str_eq(f->rule->kb[0], "Q155027");
	cr_expect(strstr(f->detail, "letter case only") != NULL, "%s", f->detail);
}

/* B11c folds letter case beyond ASCII: "MÜLLER AG" against "Müller AG" is case only. */
Test(rules_mta, b11c_x500_mismatch_case_unicode)
{
	const struct hd_finding *f;

	fx.facts.exchange.names.mta_x500_dn_parsed.org = "M\xc3\x9cLLER AG";
	fx.facts.exchange.names.sa_name[HD_PART_ORG].text = "M\xc3\xbcller AG";
	run_mta_rules();
	f = only("B11c", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "letter case only") != NULL, "%s", f->detail);
}

/* B11c: --server and --org that differ from the X500 DN are evidence against it. */
Test(rules_mta, b11c_given_names)
{
	const struct hd_finding *f;

	fx.opts.server = "EXCH02";
	fx.opts.org = "Fabrikam";
	run_mta_rules();
	f = only("B11c", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "--server \"EXCH02\"") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "--org \"Fabrikam\"") != NULL, "%s", f->detail);
	cr_expect(strstr(f->remediation, "/o=Fabrikam/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH02") != NULL,
	          "%s", f->remediation);
}

/* B11d Q324026: MTA Run Directory empty. */
Test(rules_mta, b11d_run_directory_empty)
{
	fx.facts.exchange.mta.run_directory.text = "";
	run_mta_rules();
	cr_expect(strstr(only("B11d", HD_SEV_WARNING)->detail, "MTA Run Directory is empty") != NULL);
}

/* B11d: relative and UNC paths are not absolute local paths; "D:\x" is. */
Test(rules_mta, b11d_path_not_absolute_local)
{
	static const char *const bad[] = { "exchsrvr\\mtadata", "\\\\srv\\share\\mtadata", "C:mtadata" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fx.facts.exchange.mta.database_path.text = (char *)bad[i];
		run_mta_rules();
		cr_expect(strstr(only("B11d", HD_SEV_WARNING)->detail, bad[i]) != NULL, "%s", bad[i]);
		hd_findings_clear(&fx.fs);
	}
	fx.facts.exchange.mta.database_path.text = "d:\\exchsrvr\\mtadata";
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B11d"));
}

/*
 * B11d, DOMAIN.md 0.10: the Performance Optimizer moves the MTA directory to
 * another drive (Q192168, Q272516), so paths on D: with Exchange installed
 * on C: (SOFTWARE hive) are no finding.
 */
Test(rules_mta, b11d_other_drive_than_install_is_normal)
{
	fx.facts.software.given = 1;
	set_str(&fx.facts.software.install_path, "Services", "C:\\exchsrvr");
	fx.facts.software.install_drive = 'C';
	found(&fx.facts.software.rpc_client.key, NULL, 0);
	found(&fx.facts.software.rpc_server.key, NULL, 0);
	set_str(&fx.facts.software.rpc_client.ncacn_ip_tcp, "ncacn_ip_tcp", "rpcltc3.dll");
	set_str(&fx.facts.software.rpc_server.ncacn_ip_tcp, "ncacn_ip_tcp", "rpcltscm.dll");
	fx.facts.exchange.mta.database_path.text = "D:\\exchsrvr\\mtadata";
	fx.facts.exchange.mta.run_directory.text = "E:\\mtarun";
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B11d"));
	cr_expect_eq(problems(), 0);
}

/* B11e Q271568: the XAPI sum + 3 is judged against 75, at the boundary. */
Test(rules_mta, b11e_xapi_threads_boundary)
{
	fx.facts.exchange.mta.xapi[HD_XAPI_MT].value = 42;      /* 10+10+10+42+3 = 75 */
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	fx.facts.exchange.mta.xapi[HD_XAPI_MT].value = 43;      /* 76 */
	run_mta_rules();
	cr_expect(strstr(only("B11e", HD_SEV_WARNING)->detail, "make 76") != NULL);
}

/* B11f Q168815: TP4 control blocks 1 is below the minimum; 2 is fine; the 4.0/5.0 caveat is said. */
Test(rules_mta, b11f_control_blocks)
{
	fx.facts.exchange.mta.tp4_control_blocks.value = 2;
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	fx.facts.exchange.mta.tp4_control_blocks.value = 1;
	run_mta_rules();
	cr_expect(strstr(only("B11f", HD_SEV_WARNING)->detail, "Exchange 4.0/5.0 article") != NULL);
}

/* B12 (DOMAIN.md 0.13): the MTA itself disabled cannot start, error 1058; manual (3) is no finding. */
Test(rules_mta, b12_mta_disabled)
{
	const struct hd_finding *f;

	fx.facts.exchange.svc[HD_EX_MTA].start.value = 3;
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B12"));
	fx.facts.exchange.svc[HD_EX_MTA].start.value = 4;
	run_mta_rules();
	f = only("B12", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "MSExchangeMTA is disabled (Start = 4)") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "error 1058 (ERROR_SERVICE_DISABLED") != NULL, "%s", f->detail);
	cr_expect(strstr(f->remediation, "ControlSet001\\Services\\MSExchangeMTA Start = 2") != NULL,
	          "%s", f->remediation);
	cr_expect_null(f->rule->kb[0], "no KB article documents error 1058");
}

/* B8 (DOMAIN.md 0.11): without the SOFTWARE hive nor a hint, no version is named, NT 4.0 least of all. */
Test(rules_mta, b8_names_no_version_on_a_guess)
{
	const struct hd_finding *f;

	run_mta_rules();
	f = only("B8", HD_SEV_INFO);
	cr_expect(strncmp(f->detail, "Windows service pack 6 is installed; the Windows version is not "
	                  "established", 75) == 0, "%s", f->detail);
	cr_expect(strstr(f->detail, "NT 4.0") == NULL, "%s", f->detail);
}

/* B8: the SYSTEM hive's hints say "2000 or later", each named, still no version. */
Test(rules_mta, b8_system_hints)
{
	const struct hd_finding *f;

	fx.facts.windows = (struct hd_windows_id){ .version = HD_WINVER_2000_OR_LATER,
	                                           .source = HD_WINVER_FROM_SYSTEM_HINTS,
	                                           .name = "Windows 2000 or later",
	                                           .hints = HD_W2K_HINT_GUID_BIND };
	run_mta_rules();
	f = only("B8", HD_SEV_INFO);
	cr_expect(strstr(f->detail, "Windows service pack 6 is installed") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "only hints at Windows 2000 or later (TCP/IP is bound to "
	                 "\\Device\\{GUID})") != NULL, "%s", f->detail);
	cr_expect_eq(f->n_evidence, 2, "CSDVersion and the Bind value");
}

/* B8: the SOFTWARE hive's CurrentVersion names the version, and is evidence. */
Test(rules_mta, b8_version_from_software)
{
	const struct hd_finding *f;

	fx.facts.software.given = 1;
	found(&fx.facts.software.rpc_client.key, NULL, 0);
	found(&fx.facts.software.rpc_server.key, NULL, 0);
	set_str(&fx.facts.software.rpc_client.ncacn_ip_tcp, "ncacn_ip_tcp", "rpcltc3.dll");
	set_str(&fx.facts.software.rpc_server.ncacn_ip_tcp, "ncacn_ip_tcp", "rpcltscm.dll");
	set_str(&fx.facts.software.current_version, "CurrentVersion", "5.0");
	fx.facts.windows = (struct hd_windows_id){ .version = HD_WINVER_2000,
	                                           .source = HD_WINVER_FROM_SOFTWARE,
	                                           .name = "Windows 2000", .current_version = "5.0",
	                                           .build = "2195" };
	run_mta_rules();
	f = only("B8", HD_SEV_INFO);
	cr_expect(strncmp(f->detail, "Windows 2000 Service Pack 6 is installed (version from the "
	                  "SOFTWARE hive", 72) == 0, "%s", f->detail);
	cr_expect(strstr(f->detail, "CurrentVersion 5.0, CurrentBuildNumber 2195") != NULL, "%s", f->detail);
	cr_expect_str_eq(f->evidence[1]->name, "CurrentVersion");
}

/*
 * B3 (DOMAIN.md 0.12): on 2000 a bound {GUID} without Interfaces\{GUID} is
 * damage, and the NT 4.0-style copy that lingers is said to prove nothing.
 */
Test(rules_mta, b3_w2k_leftover_copy_is_no_evidence)
{
	static char *netbt_w2k[] = { "\\Device\\Tcpip_{4D36E972-0000-4C5E-9F5E-000000000001}", NULL };
	const struct hd_finding *f;

	fx.facts.network.n_bindings = 0;
	fx.facts.network.layout = HD_LAYOUT_W2K;
	found(&fx.facts.network.interfaces, NULL, 0);
	add_binding("\\Device\\{4D36E972-0000-4C5E-9F5E-000000000001}", NULL, NULL);
	fx.bindings[0].legacy_probed = 1;
	found(&fx.bindings[0].legacy_key, NULL, 0);
	fx.bindings[0].legacy_key.key = "ControlSet001\\Services\\{4D36E972-0000-4C5E-9F5E-000000000001}"
	                                "\\Parameters\\Tcpip";
	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt_w2k);
	fx.facts.network.export_list = fx.facts.network.netbt_bind;
	run_mta_rules();
	f = only("B3", HD_SEV_ERROR);
	cr_expect(strstr(f->detail, "Interfaces\\{4D36E972-0000-4C5E-9F5E-000000000001}, the only place "
	                 "Windows 2000 and later read them, is missing") != NULL, "%s", f->detail);
	cr_expect(strstr(f->detail, "upgrade leftover Windows 2000 does not read, no evidence that "
	                 "TCP/IP is intact") != NULL, "%s", f->detail);
	cr_expect_eq(f->evidence[2], &fx.bindings[0].legacy_key);
	cr_expect(hd_tcpip_damaged(&fx.fs));
}
