/*
 * mta_fixture.h - the fixture of the MTA rule and verdict tests
 * (test_rules_mta.c, verdict/test_verdict_mta.c): hand-built facts of a
 * healthy NT 4.0 Exchange server (server EXCH01, adapter El90x1,
 * 10.0.0.5/255.255.255.0) that each test breaks in one way.  The facts
 * borrow static strings and are never cleared.  Header-only (static
 * inline): each test file has its own copy of fx.
 */
#ifndef HD_TEST_MTA_FIXTURE_H
#define HD_TEST_MTA_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/facts_network.h"
#include "rules/rules_mta.h"
#include "rules/rules.h"
#include "verdict/verdict.h"

#define MAX_BINDINGS 4

struct fixture {
	struct hd_facts facts;
	struct hd_binding bindings[MAX_BINDINGS];
	char *bind_items[MAX_BINDINGS + 1];
	struct hd_findings fs;
	struct hd_rule_options opts;         /* --org/--site/--server for B11b/B11c */
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

static inline void found(struct hd_regval *rv, const char *name, uint32_t type)
{
	rv->status = HD_FOUND;
	rv->key_found = 1;
	rv->key = "ControlSet001\\test";
	rv->name = (char *)name;
	rv->raw.type = type;
}

static inline void set_str(struct hd_str_fact *f, const char *name, const char *text)
{
	found(&f->rv, name, HD_REG_SZ);
	f->decode = HD_DECODE_OK;
	f->text = (char *)text;
}

static inline void set_dword(struct hd_dword_fact *f, const char *name, uint32_t value)
{
	found(&f->rv, name, HD_REG_DWORD);
	f->decode = HD_DECODE_OK;
	f->value = value;
}

static inline void set_multi(struct hd_multi_fact *f, const char *name, char **items)
{
	size_t n = 0;

	while (items[n] != NULL)
		n++;
	found(&f->rv, name, HD_REG_MULTI_SZ);
	f->decode = HD_DECODE_OK;
	f->items = items;
	f->count = n;
}

static inline void absent(struct hd_regval *rv)
{
	memset(rv, 0, sizeof *rv);
	rv->status = HD_ABSENT;
	rv->key = "ControlSet001\\test";
}

static inline void set_service(struct hd_service_facts *svc, const char *name, uint32_t start)
{
	svc->name = name;
	found(&svc->key, NULL, 0);
	set_dword(&svc->start, "Start", start);
}

/* One LAN or RAS binding with a static address (params NULL: no TCP/IP parameters key). */
static inline void add_binding(const char *device, char **ips, char **masks)
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

static inline void healthy_network(struct hd_network_facts *net)
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

static inline void mta_healthy(void)
{
	struct hd_facts *f = &fx.facts;
	struct hd_mta_facts *mta = &f->exchange.mta;
	struct hd_exchange_names *names = &f->exchange.names;

	memset(&fx, 0, sizeof fx);
	set_dword(&f->system.csd_version, "CSDVersion", 0x600);
	f->system.service_pack = 6;
	set_service(&f->exchange.svc[HD_EX_MTA], "MSExchangeMTA", 2);
	set_str(&f->exchange.svc[HD_EX_MTA].object_name, "ObjectName", "CONTOSO\\exsvc");
	/* The System Attendant's account, which B11a compares the MTA's with (Q162384). */
	set_service(&f->exchange.svc[HD_EX_SA], "MSExchangeSA", 2);
	set_str(&f->exchange.svc[HD_EX_SA].object_name, "ObjectName", "contoso\\EXSVC");
	snprintf(f->system.controlset, sizeof f->system.controlset, "ControlSet001");
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

static inline void mta_teardown(void)
{
	hd_findings_clear(&fx.fs);
}

/* Run every MTA row (B*) of the rule table over the fixture. */
static inline void run_mta_rules(void)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (hd_rules[i].id[0] == 'B')
			cr_assert_eq(hd_rules[i].check(&hd_rules[i], &fx.facts, &fx.opts, &fx.fs), 0);
}

/* The only finding of rule id, asserted to be there once; its severity checked. */
static inline const struct hd_finding *only(const char *id, enum hd_severity sev)
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
static inline size_t problems(void)
{
	size_t n = 0;

	for (size_t i = 0; i < fx.fs.n; i++)
		n += fx.fs.v[i].severity != HD_SEV_INFO;
	return n;
}

static inline enum hd_verdict_status verdict(char **reason)
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

#endif
