/*
 * test_rules_mta.c - the MTA and TCP/IP rules (B2-B9, B11) and the Q320200
 * verdict over hand-built facts: a healthy NT 4.0 Exchange server (server
 * EXCH01, adapter El90x1, 10.0.0.5/255.255.255.0) that each test breaks in
 * one way.  The facts borrow static strings and are never cleared.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "facts/facts_network.h"
#include "rules/rules_mta.h"
#include "verdict/verdict.h"

#define MAX_BINDINGS 4

struct fixture {
	struct hd_facts facts;
	struct hd_binding bindings[MAX_BINDINGS];
	char *bind_items[MAX_BINDINGS + 1];
	struct hd_findings fs;
};

static char *ip_items[] = { "10.0.0.5", NULL };
static char *mask_items[] = { "255.255.255.0", NULL };
static char *gateway_items[] = { "10.0.0.1", NULL };
static char *transports_items[] = { "Tcpip", NULL };
static char *netbt_items[] = { "\\Device\\El90x1", NULL };
static char *netbt_adapter_names[] = { "El90x1", NULL };
/* WINSOCK_MAPPING: 1 row, 3 columns, {AF_INET, SOCK_STREAM, IPPROTO_TCP} */
static uint8_t mapping_bytes[] = { 1, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 6, 0, 0, 0 };

static struct fixture fx;

static void found(struct hd_regval *rv, const char *name, uint32_t type)
{
	rv->status = HD_FOUND;
	rv->key_found = 1;
	rv->key = "ControlSet001\\test";
	rv->name = (char *)name;
	rv->raw.type = type;
}

static void set_str(struct hd_str_fact *f, const char *name, const char *text)
{
	found(&f->rv, name, HD_REG_SZ);
	f->decode = HD_DECODE_OK;
	f->text = (char *)text;
}

static void set_dword(struct hd_dword_fact *f, const char *name, uint32_t value)
{
	found(&f->rv, name, HD_REG_DWORD);
	f->decode = HD_DECODE_OK;
	f->value = value;
}

static void set_multi(struct hd_multi_fact *f, const char *name, char **items)
{
	size_t n = 0;

	while (items[n] != NULL)
		n++;
	found(&f->rv, name, HD_REG_MULTI_SZ);
	f->decode = HD_DECODE_OK;
	f->items = items;
	f->count = n;
}

static void absent(struct hd_regval *rv)
{
	memset(rv, 0, sizeof *rv);
	rv->status = HD_ABSENT;
	rv->key = "ControlSet001\\test";
}

static void set_service(struct hd_service_facts *svc, const char *name, uint32_t start)
{
	svc->name = name;
	found(&svc->key, NULL, 0);
	set_dword(&svc->start, "Start", start);
}

/* One LAN or RAS binding with a static address (params NULL: no TCP/IP parameters key). */
static void add_binding(const char *device, char **ips, char **masks)
{
	size_t i = fx.facts.network.n_bindings++;
	struct hd_binding *b = &fx.bindings[i];

	memset(b, 0, sizeof *b);
	b->device = (char *)device;
	b->adapter = (char *)hd_device_adapter(device);
	b->is_ndiswan = hd_adapter_is_ndiswan(b->adapter);
	if (ips == NULL) {
		absent(&b->params.key);
	} else {
		found(&b->params.key, NULL, 0);
		set_dword(&b->params.enable_dhcp, "EnableDHCP", 0);
		set_multi(&b->params.ip_address, "IPAddress", ips);
		set_multi(&b->params.subnet_mask, "SubnetMask", masks);
		set_multi(&b->params.default_gateway, "DefaultGateway", gateway_items);
	}
	hd_tcpip_params_assess(&b->params);
	fx.bind_items[i] = (char *)device;
	fx.bind_items[i + 1] = NULL;
	fx.facts.network.bindings = fx.bindings;
	set_multi(&fx.facts.network.bind, "Bind", fx.bind_items);
}

static void healthy_network(struct hd_network_facts *net)
{
	net->layout = HD_LAYOUT_NT4;
	set_service(&net->tcpip, "Tcpip", 1);
	found(&net->linkage, NULL, 0);
	add_binding("\\Device\\El90x1", ip_items, mask_items);
	found(&net->parameters, NULL, 0);
	set_str(&net->hostname, "Hostname", "exch01");
	set_str(&net->domain, "Domain", "contoso.com");
	set_multi(&net->winsock_transports, "Transports", transports_items);
	found(&net->tcpip_winsock, NULL, 0);
	set_str(&net->helper_dll_name, "HelperDllName", "%SystemRoot%\\system32\\wshtcpip.dll");
	found(&net->mapping, "Mapping", HD_REG_BINARY);
	net->mapping.raw.data = mapping_bytes;
	net->mapping.raw.len = sizeof mapping_bytes;
	net->mapping_valid = hd_winsock_mapping_valid(&net->mapping);
	set_dword(&net->min_sockaddr, "MinSockaddrLength", 16);
	set_dword(&net->max_sockaddr, "MaxSockaddrLength", 16);
	set_multi(&net->netbt_bind, "Bind", netbt_items);
	found(&net->netbt_adapters, NULL, 0);
	net->netbt_adapter_names = netbt_adapter_names;
	net->n_netbt_adapters = 1;
	set_service(&net->rpcss, "RpcSs", 2);
	set_service(&net->rpclocator, "RpcLocator", 3);
}

static void healthy(void)
{
	struct hd_facts *f = &fx.facts;
	struct hd_mta_facts *mta = &f->exchange.mta;
	struct hd_exchange_names *names = &f->exchange.names;

	memset(&fx, 0, sizeof fx);
	set_dword(&f->system.csd_version, "CSDVersion", 0x600);
	f->system.service_pack = 6;
	set_service(&f->exchange.svc[HD_EX_MTA], "MSExchangeMTA", 2);
	set_str(&f->exchange.svc[HD_EX_MTA].object_name, "ObjectName", "CONTOSO\\exsvc");
	healthy_network(&f->network);
	found(&mta->parameters, NULL, 0);
	set_str(&mta->database_path, "MTA Database Path", "C:\\exchsrvr\\mtadata");
	set_str(&mta->run_directory, "MTA Run Directory", "C:\\exchsrvr\\mtadata");
	for (size_t i = 0; i < HD_XAPI_COUNT; i++)
		set_dword(&mta->xapi[i], hd_xapi_value_names[i], 10);
	set_dword(&mta->tcpip_control_blocks, "TCP/IP control blocks", 20);
	set_dword(&mta->tp4_control_blocks, "TP4 control blocks", 20);
	/* The names B11b and B11c judge, as facts_exchange.c collects them. */
	set_str(&names->mta_x500_dn, "X500 DN",
	        "/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	names->mta_x500_dn_parsed = (struct hd_dn){ .org = "Contoso", .site = "Redmond",
	                                            .server = "EXCH01", .n_components = 6 };
	names->mta_x500_dn_parsed_ok = 1;
	set_str(&names->sa_name[HD_PART_ORG], "Enterprise", "Contoso");
	set_str(&names->sa_name[HD_PART_SITE], "Site", "Redmond");
	set_str(&names->sa_name[HD_PART_SERVER], "Server", "EXCH01");
}

static void teardown(void)
{
	hd_findings_clear(&fx.fs);
}

TestSuite(rules_mta, .init = healthy, .fini = teardown);

/* Run every MTA row (B*) of the rule table over the fixture. */
static void run_mta_rules(void)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (hd_rules[i].id[0] == 'B')
			cr_assert_eq(hd_rules[i].check(&hd_rules[i], &fx.facts, NULL, &fx.fs), 0);
}

/* The only finding of rule id, asserted to be there once; its severity checked. */
static const struct hd_finding *only(const char *id, enum hd_severity sev)
{
	const struct hd_finding *hit = NULL;
	size_t n = 0;

	for (size_t i = 0; i < fx.fs.n; i++)
		if (strcmp(fx.fs.v[i].rule->id, id) == 0) {
			hit = &fx.fs.v[i];
			n++;
		}
	cr_assert_eq(n, 1, "%zu findings of %s, wanted 1", n, id);
	cr_assert_eq(hit->severity, sev, "%s severity %d", id, hit->severity);
	return hit;
}

/* Findings of severity warning or error. */
static size_t problems(void)
{
	size_t n = 0;

	for (size_t i = 0; i < fx.fs.n; i++)
		n += fx.fs.v[i].severity != HD_SEV_INFO;
	return n;
}

static enum hd_verdict_status verdict(char **reason)
{
	struct hd_verdict v = { 0 };
	enum hd_verdict_status s;

	cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
	cr_assert_str_eq(v.kb, "Q320200");
	s = v.status;
	*reason = strdup(v.reason);
	hd_verdict_clear(&v);
	return s;
}

#define EXPECT_VERDICT(status, needle) do { \
	char *reason_ = NULL; \
	cr_expect_eq(verdict(&reason_), (status), "verdict %d, reason: %s", (status), reason_); \
	cr_expect(strstr(reason_, (needle)) != NULL, "reason lacks \"%s\": %s", (needle), reason_); \
	free(reason_); \
} while (0)

/* A healthy server: only the B8 service-pack context, and the verdict is unlikely. */
Test(rules_mta, healthy_has_no_problem)
{
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	only("B8", HD_SEV_INFO);
	cr_expect(!hd_tcpip_damaged(&fx.fs));
	EXPECT_VERDICT(HD_VERDICT_UNLIKELY, "intact");
}

/* Without Services\MSExchangeMTA no MTA rule fires, even with TCP/IP gone. */
Test(rules_mta, not_installed_without_mta_key)
{
	absent(&fx.facts.exchange.svc[HD_EX_MTA].key);
	absent(&fx.facts.network.tcpip.key);
	run_mta_rules();
	cr_expect_eq(fx.fs.n, 0);
	EXPECT_VERDICT(HD_VERDICT_NOT_INSTALLED, "MSExchangeMTA");
}

/* B2: Services\Tcpip missing is the Q320200 cause, with the KB's remedy. */
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
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "Q320200");
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
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "damaged TCP/IP");
}

/* B3: an NdisWan binding never has adapter parameters, so it is no finding. */
Test(rules_mta, b3_ignores_ndiswan)
{
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B3"));
}

/* B4: two addresses with one mask, a warning, and the verdict possible. */
Test(rules_mta, b4_address_mask_counts_differ)
{
	static char *two_ips[] = { "10.0.0.5", "10.0.0.6", NULL };

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\El90x1", two_ips, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B4", HD_SEV_WARNING)->detail, "2 address(es) but 1 subnet mask") != NULL);
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "Static TCP/IP configuration broken (B4)");
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
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "Q320200");
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

/* B6: NetBT still bound to an adapter TCP/IP no longer binds. */
Test(rules_mta, b6_netbt_leftover)
{
	static char *netbt2[] = { "\\Device\\El90x1", "\\Device\\OldNic1", NULL };

	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt2);
	run_mta_rules();
	cr_expect(strstr(only("B6", HD_SEV_WARNING)->detail, "OldNic1") != NULL);
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "(B6)");
}

/* B6: 2000+ NetBT entries (Tcpip_{GUID}) match their binding; Tcpip6_ ones are not Tcpip's. */
Test(rules_mta, b6_w2k_netbt_names)
{
	static char *netbt_w2k[] = { "\\Device\\Tcpip_{AAAA}", "\\Device\\Tcpip6_{BBBB}", NULL };

	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\{AAAA}", ip_items, mask_items);
	set_multi(&fx.facts.network.netbt_bind, "Bind", netbt_w2k);
	fx.facts.network.n_netbt_adapters = 0;
	run_mta_rules();
	cr_expect(!hd_findings_has(&fx.fs, "B6"));
}

/* B7: NdisWan first in the binding order is the documented alternative. */
Test(rules_mta, b7_ndiswan_first)
{
	fx.facts.network.n_bindings = 0;
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	add_binding("\\Device\\El90x1", ip_items, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B7", HD_SEV_WARNING)->detail, "NdisWan (RAS) comes first") != NULL);
	cr_expect(!hd_findings_has(&fx.fs, "B3"));
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "binding order");
}

/* B7: two LAN adapters bound (multihomed). */
Test(rules_mta, b7_multihomed)
{
	static char *ip2[] = { "192.168.1.5", NULL };

	add_binding("\\Device\\El90x2", ip2, mask_items);
	run_mta_rules();
	cr_expect(strstr(only("B7", HD_SEV_WARNING)->detail, "2 LAN adapters") != NULL);
}

/* B8: NT 4.0 SP4 with an NdisWan binding names Q214864; severity info. */
Test(rules_mta, b8_sp4_with_ndiswan)
{
	fx.facts.system.service_pack = 4;
	fx.facts.system.csd_version.value = 0x400;
	add_binding("\\Device\\NdisWan4", NULL, NULL);
	run_mta_rules();
	cr_expect(strstr(only("B8", HD_SEV_INFO)->detail, "Q214864") != NULL);
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
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "RPC service missing or disabled (B9)");
}

/* B11 Q185154: an absent ObjectName means LocalSystem; so does ".\LocalSystem". */
Test(rules_mta, b11_localsystem)
{
	absent(&fx.facts.exchange.svc[HD_EX_MTA].object_name.rv);
	run_mta_rules();
	cr_expect_str_eq(only("B11a", HD_SEV_WARNING)->rule->kb[0], "Q185154");
	hd_findings_clear(&fx.fs);
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", ".\\LocalSystem");
	run_mta_rules();
	cr_expect_str_eq(only("B11a", HD_SEV_WARNING)->rule->kb[0], "Q185154");
	EXPECT_VERDICT(HD_VERDICT_POSSIBLE, "Q185154");
}

/* B11a judges accounts as A9 does: "NT AUTHORITY\SYSTEM" is LocalSystem too. */
Test(rules_mta, b11_localsystem_nt_authority)
{
	set_str(&fx.facts.exchange.svc[HD_EX_MTA].object_name, "ObjectName", "NT AUTHORITY\\SYSTEM");
	run_mta_rules();
	cr_expect_str_eq(only("B11a", HD_SEV_WARNING)->rule->kb[0], "Q185154");
}

/* B11 Q260060: X500 DN missing. */
Test(rules_mta, b11_x500_missing)
{
	absent(&fx.facts.exchange.names.mta_x500_dn.rv);
	run_mta_rules();
	cr_expect_str_eq(only("B11b", HD_SEV_WARNING)->rule->kb[0], "Q260060");
}

/* B11 Q155027: a site differing only by letter case counts (Q299676) and is labelled. */
Test(rules_mta, b11_x500_mismatch_case)
{
	const struct hd_finding *f;

	fx.facts.exchange.names.mta_x500_dn_parsed.site = "REDMOND";
	run_mta_rules();
	f = only("B11c", HD_SEV_WARNING);
	cr_expect_str_eq(f->rule->kb[0], "Q155027");
	cr_expect(strstr(f->detail, "letter case only") != NULL, "%s", f->detail);
}

/* B11c folds letter case beyond ASCII: "MÜLLER AG" against "Müller AG" is case only. */
Test(rules_mta, b11_x500_mismatch_case_unicode)
{
	const struct hd_finding *f;

	fx.facts.exchange.names.mta_x500_dn_parsed.org = "M\xc3\x9cLLER AG";
	fx.facts.exchange.names.sa_name[HD_PART_ORG].text = "M\xc3\xbcller AG";
	run_mta_rules();
	f = only("B11c", HD_SEV_WARNING);
	cr_expect(strstr(f->detail, "letter case only") != NULL, "%s", f->detail);
}

/* B11 Q324026: MTA Run Directory empty. */
Test(rules_mta, b11_run_directory_empty)
{
	fx.facts.exchange.mta.run_directory.text = "";
	run_mta_rules();
	cr_expect(strstr(only("B11d", HD_SEV_WARNING)->detail, "MTA Run Directory is empty") != NULL);
}

/* B11 Q271568: the XAPI sum + 3 is judged against 75, at the boundary. */
Test(rules_mta, b11_xapi_threads_boundary)
{
	fx.facts.exchange.mta.xapi[HD_XAPI_MT].value = 42;      /* 10+10+10+42+3 = 75 */
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	fx.facts.exchange.mta.xapi[HD_XAPI_MT].value = 43;      /* 76 */
	run_mta_rules();
	cr_expect(strstr(only("B11e", HD_SEV_WARNING)->detail, "make 76") != NULL);
}

/* B11 Q168815: TP4 control blocks 1 is below the minimum; 2 is fine. */
Test(rules_mta, b11_control_blocks)
{
	fx.facts.exchange.mta.tp4_control_blocks.value = 2;
	run_mta_rules();
	cr_expect_eq(problems(), 0);
	fx.facts.exchange.mta.tp4_control_blocks.value = 1;
	run_mta_rules();
	cr_expect(strstr(only("B11f", HD_SEV_WARNING)->detail, "TP4 control blocks is 1") != NULL);
}

/* Damaged TCP/IP plus a B11 alternative: still likely, and the reason names the alternative. */
Test(rules_mta, verdict_damage_with_alternative)
{
	absent(&fx.facts.network.tcpip_winsock);
	fx.facts.exchange.mta.tcpip_control_blocks.value = 0;
	run_mta_rules();
	EXPECT_VERDICT(HD_VERDICT_LIKELY, "rule out too: MTA control blocks below 2 (Q168815)");
}

/* The verdict lists the B findings it rests on, but not the B8 context. */
Test(rules_mta, verdict_lists_findings)
{
	struct hd_verdict v = { 0 };

	absent(&fx.facts.network.linkage);
	run_mta_rules();
	cr_assert_eq(hd_verdict_mta(&fx.facts, &fx.fs, &v), 0);
	cr_expect_eq(v.n_findings, 1);
	cr_expect_str_eq(fx.fs.v[v.finding_idx[0]].rule->id, "B2");
	hd_verdict_clear(&v);
}
