/*
 * test_facts_network.c - the pure TCP/IP helpers, and hd_network_collect /
 * hd_mta_collect over the sample hives in $HD_SAMPLES (skipped when the
 * samples were not built).
 */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/controlset.h"
#include "facts/facts_mta.h"
#include "facts/facts_network.h"
#include "facts/read.h"
#include "hive_text.h"

TestSuite(facts_network);

/* Dotted quads: four decimal parts 0-255, nothing around them. */
Test(facts_network, dotted_quad_valid)
{
	cr_expect(hd_dotted_quad_valid("10.0.0.5"));
	cr_expect(hd_dotted_quad_valid("255.255.255.0"));
	cr_expect(hd_dotted_quad_valid("0.0.0.0"));
	cr_expect(!hd_dotted_quad_valid("10.0.0"));
	cr_expect(!hd_dotted_quad_valid("10.0.0.256"));
	cr_expect(!hd_dotted_quad_valid("10.0.0.5 "));
	cr_expect(!hd_dotted_quad_valid("10..0.5"));
	cr_expect(!hd_dotted_quad_valid("1000.0.0.5"));
	cr_expect(!hd_dotted_quad_valid("10.0.0.5.1"));
	cr_expect(!hd_dotted_quad_valid(""));
	cr_expect(!hd_dotted_quad_valid(NULL));
}

/* Only a valid all-zero address is 0.0.0.0. */
Test(facts_network, dotted_quad_zero)
{
	cr_expect(hd_dotted_quad_zero("0.0.0.0"));
	cr_expect(hd_dotted_quad_zero("000.0.0.0"));
	cr_expect(!hd_dotted_quad_zero("0.0.0.1"));
	cr_expect(!hd_dotted_quad_zero("0.0.0"));
}

/* Bind entries name their adapter after \Device\ (and after Tcpip_ for NetBT on 2000+). */
/* {GUID} adapter names, as 2000 and later name them; NT 4.0 instance names are not. */
Test(facts_network, adapter_is_guid)
{
	cr_expect(hd_adapter_is_guid("{4D36E972-0000-4C5E-9F5E-000000000001}"));
	cr_expect(!hd_adapter_is_guid("El90x1"));
	cr_expect(!hd_adapter_is_guid("NdisWanIp"));
	cr_expect(!hd_adapter_is_guid("{}"));
	cr_expect(!hd_adapter_is_guid(""));
}

Test(facts_network, device_adapter)
{
	cr_expect_str_eq(hd_device_adapter("\\Device\\El90x1"), "El90x1");
	cr_expect_str_eq(hd_device_adapter("\\device\\Tcpip_{AB}"), "{AB}");
	cr_expect_str_eq(hd_device_adapter("El90x1"), "El90x1");
	cr_expect(hd_device_is_tcpip6("\\Device\\Tcpip6_{AB}"));
	cr_expect(!hd_device_is_tcpip6("\\Device\\Tcpip_{AB}"));
	cr_expect(hd_adapter_is_ndiswan("NdisWan4"));
	cr_expect(hd_adapter_is_ndiswan("NDISWANIP"));
	cr_expect(!hd_adapter_is_ndiswan("El90x1"));
}

/* WINSOCK_MAPPING: Rows, Columns = 3, then Rows x 3 DWORDs; REG_BINARY only. */
Test(facts_network, winsock_mapping_shape)
{
	uint8_t bytes[20] = { 1, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 6, 0, 0, 0 };
	struct hd_regval rv = { .status = HD_FOUND, .raw = { HD_REG_BINARY, bytes, sizeof bytes } };

	cr_expect(hd_winsock_mapping_valid(&rv));
	rv.raw.len = 19;                        /* one row announced, not all there */
	cr_expect(!hd_winsock_mapping_valid(&rv));
	rv.raw.len = sizeof bytes;
	bytes[4] = 4;                           /* four columns */
	cr_expect(!hd_winsock_mapping_valid(&rv));
	bytes[4] = 3;
	bytes[0] = 0;                           /* no rows */
	cr_expect(!hd_winsock_mapping_valid(&rv));
	bytes[0] = 1;
	rv.raw.type = HD_REG_SZ;
	cr_expect(!hd_winsock_mapping_valid(&rv));
	rv.status = HD_ABSENT;
	cr_expect(!hd_winsock_mapping_valid(&rv));
}

/* Assessment: static when EnableDHCP = 0 or the first address is not 0.0.0.0; counts paired. */
Test(facts_network, params_assess)
{
	char *ips[] = { "10.0.0.5", "10.0.0.6", NULL };
	char *masks[] = { "255.255.255.0", NULL };
	struct hd_tcpip_params p = { 0 };

	p.ip_address = (struct hd_multi_fact){ .rv = { .status = HD_FOUND }, .decode = HD_DECODE_OK,
	                                       .items = ips, .count = 2 };
	p.subnet_mask = (struct hd_multi_fact){ .rv = { .status = HD_FOUND }, .decode = HD_DECODE_OK,
	                                        .items = masks, .count = 1 };
	hd_tcpip_params_assess(&p);
	cr_expect(p.is_static);
	cr_expect(p.well_formed);
	cr_expect(!p.paired);
	cr_expect(!p.all_zero);
	cr_expect_eq(p.n_addresses, 2);
	ips[0] = "0.0.0.0";
	ips[1] = "0.0.0.0";
	p.subnet_mask.count = 0;
	p.subnet_mask.rv.status = HD_ABSENT;
	hd_tcpip_params_assess(&p);
	cr_expect(!p.is_static);                /* DHCP unknown, address 0.0.0.0: not static */
	cr_expect(p.all_zero);
}

/* Collected facts of one sample hive, or skip the test when samples are not built. */
struct sample {
	struct hd_hive *hive;
	struct hd_controlset cs;
	struct hd_reader r;
	struct hd_network_facts net;
	struct hd_mta_facts mta;
};

static void sample_open(const char *name, struct sample *s)
{
	const char *dir = getenv("HD_SAMPLES");
	char path[512];

	memset(s, 0, sizeof *s);
	snprintf(path, sizeof path, "%s/%s.hive", dir ? dir : "build/samples", name);
	s->hive = hd_hive_open(path, 0, NULL);
	if (s->hive == NULL)
		HD_SKIP_MISSING("sample %s not built", path);
	cr_assert_eq(hd_controlset_resolve(s->hive, 0, &s->cs), 1);
	s->r = (struct hd_reader){ .hive = s->hive, .root = hd_hive_root(s->hive),
	                           .controlset_name = s->cs.analyzed_name };
	cr_assert_eq(hd_key_lookup(s->hive, s->r.root, s->cs.analyzed_name, &s->r.controlset), HD_FOUND);
	cr_assert_eq(hd_network_collect(&s->r, &s->net), 0);
	cr_assert_eq(hd_mta_collect(&s->r, &s->mta), 0);
}

static void sample_close(struct sample *s)
{
	hd_network_facts_clear(&s->net);
	hd_mta_facts_clear(&s->mta);
	hd_controlset_clear(&s->cs);
	hd_hive_close(s->hive);
}

/* NT 4.0 healthy sample: layout, one static binding with its parameters, Winsock intact. */
Test(facts_network, sample_nt4_healthy)
{
	struct sample s;
	const struct hd_binding *b;

	sample_open("mta-healthy", &s);
	cr_expect_eq(s.net.layout, HD_LAYOUT_NT4);
	cr_assert_eq(s.net.n_bindings, 1);
	b = &s.net.bindings[0];
	cr_expect_str_eq(b->device, "\\Device\\El90x1");
	cr_expect_str_eq(b->adapter, "El90x1");
	cr_expect_str_eq(b->params.key.key, "ControlSet001\\Services\\El90x1\\Parameters\\Tcpip");
	cr_expect(b->params.is_static && b->params.well_formed && b->params.paired);
	cr_expect_str_eq(b->params.ip_address.items[0], "10.0.0.5");
	cr_expect(s.net.mapping_valid);
	cr_expect(HD_FACT_OK(&s.net.min_sockaddr));
	cr_expect_eq(s.net.n_netbt_adapters, 1);
	cr_expect_str_eq(s.net.hostname.text, "exch01");
	cr_expect_eq(s.net.rpcss.key.status, HD_FOUND);
	cr_expect_eq(s.r.lookup_errors, 0);
	sample_close(&s);
}

/* The MTA parameters of the same sample (its X500 DN: test_facts_exchange.c). */
Test(facts_network, sample_mta_parameters)
{
	struct sample s;

	sample_open("mta-healthy", &s);
	cr_expect_str_eq(s.mta.database_path.text, "C:\\exchsrvr\\mtadata");
	cr_expect_eq(s.mta.xapi[HD_XAPI_MT].value, 4);
	cr_expect_eq(s.mta.tp4_control_blocks.value, 20);
	sample_close(&s);
}

/* 2000 layout: decided by the Interfaces key; parameters read from Interfaces\{GUID}. */
Test(facts_network, sample_w2k_layout)
{
	struct sample s;

	sample_open("mta-w2k-healthy", &s);
	cr_expect_eq(s.net.layout, HD_LAYOUT_W2K);
	cr_assert_eq(s.net.n_bindings, 1);
	cr_expect(strstr(s.net.bindings[0].params.key.key, "Tcpip\\Parameters\\Interfaces\\{") != NULL,
	          "%s", s.net.bindings[0].params.key.key);
	cr_expect_eq(s.net.bindings[0].params.n_addresses, 1);
	sample_close(&s);
}

/*
 * 2000 with Interfaces gone (DOMAIN.md 0.11, 0.12): the {GUID} binding and
 * NetBT's \Device\Tcpip_{GUID} still make the layout W2K, and the NT 4.0-style
 * copy that lingers is probed as a leftover, never read as the parameters.
 */
Test(facts_network, sample_w2k_interfaces_gone)
{
	struct sample s;
	const struct hd_binding *b;

	sample_open("mta-w2k-interfaces-gone", &s);
	cr_expect_eq(s.net.layout, HD_LAYOUT_W2K);
	cr_expect_eq(s.net.w2k_hints, HD_W2K_HINT_GUID_BIND | HD_W2K_HINT_NETBT_TCPIP_GUID);
	cr_assert_eq(s.net.n_bindings, 1);
	b = &s.net.bindings[0];
	cr_expect_eq(b->params.key.status, HD_ABSENT);
	cr_expect(strstr(b->params.key.key, "Tcpip\\Parameters\\Interfaces\\{") != NULL, "%s", b->params.key.key);
	cr_expect_eq(b->params.n_addresses, 0, "the old copy's address was read");
	cr_expect(b->legacy_probed);
	cr_expect_eq(b->legacy_key.status, HD_FOUND);
	sample_close(&s);
}

/* 2000 with the Interfaces key but not the adapter's: the old copy is not read either. */
Test(facts_network, sample_w2k_legacy_copy_not_read)
{
	struct sample s;

	sample_open("mta-w2k-legacy-copy", &s);
	cr_expect_eq(s.net.layout, HD_LAYOUT_W2K);
	cr_expect(s.net.w2k_hints & HD_W2K_HINT_INTERFACES);
	cr_assert_eq(s.net.n_bindings, 1);
	cr_expect_eq(s.net.bindings[0].params.key.status, HD_ABSENT);
	cr_expect_eq(s.net.bindings[0].legacy_key.status, HD_FOUND);
	sample_close(&s);
}

/* NT 4.0: no hint of 2000, nothing probed as a leftover. */
Test(facts_network, sample_nt4_no_hints)
{
	struct sample s;

	sample_open("mta-healthy", &s);
	cr_expect_eq(s.net.w2k_hints, 0);
	cr_assert_eq(s.net.n_bindings, 1);
	cr_expect(!s.net.bindings[0].legacy_probed);
	sample_close(&s);
}

/* Tcpip removed: the service probe says absent and nothing is bound, without error. */
Test(facts_network, sample_tcpip_missing)
{
	struct sample s;

	sample_open("mta-tcpip-missing", &s);
	cr_expect_eq(s.net.tcpip.key.status, HD_ABSENT);
	cr_expect_eq(s.net.layout, HD_LAYOUT_UNKNOWN);
	cr_expect_eq(s.net.n_bindings, 0);
	cr_expect_eq(s.net.tcpip_winsock.status, HD_ABSENT);
	cr_expect_eq(s.r.lookup_errors, 0);
	sample_close(&s);
}

/* An empty Bind (multi: with no strings) yields no binding. */
Test(facts_network, sample_bind_empty)
{
	struct sample s;

	sample_open("mta-bind-empty", &s);
	cr_expect_eq(s.net.bind.rv.status, HD_FOUND);
	cr_expect_eq(s.net.bind.count, 0);
	cr_expect_eq(s.net.n_bindings, 0);
	sample_close(&s);
}

/* RAS first: NdisWan4 recognised, order kept, two LAN bindings after it. */
Test(facts_network, sample_binding_order)
{
	struct sample s;

	sample_open("mta-multihomed-ndiswan-first", &s);
	cr_assert_eq(s.net.n_bindings, 3);
	cr_expect(s.net.bindings[0].is_ndiswan);
	cr_expect_eq(s.net.bindings[0].params.key.status, HD_ABSENT);
	cr_expect_str_eq(s.net.bindings[2].adapter, "El90x2");
	sample_close(&s);
}

/*
 * Issue 26: an adapter name read from Bind is one key name, never a path.
 * Each bound name below holds '\' and, pasted into a path and split, would
 * reach a key that exists (Services\Evil\Inner\Parameters\Tcpip, or
 * Tcpip\Parameters\Interfaces\{1111}\Evil): each must be absent, while the
 * plain adapter beside them is still read.
 */
static const char nt4_bind_walks[] =
	"REGEDIT4\n"
	"[Select]\n\"Current\"=dword:00000001\n"
	"[ControlSet001\\Services\\Tcpip]\n\"Start\"=dword:00000001\n"
	"[ControlSet001\\Services\\Tcpip\\Linkage]\n"
	"\"Bind\"=multi:\"\\\\Device\\\\Evil\\\\Inner\",\"\\\\Device\\\\Tcpip\\\\Parameters\",\"\\\\Device\\\\El90x1\"\n"
	"[ControlSet001\\Services\\Evil\\Inner\\Parameters\\Tcpip]\n"
	"\"EnableDHCP\"=dword:00000000\n\"IPAddress\"=multi:\"10.9.9.9\"\n\"SubnetMask\"=multi:\"255.0.0.0\"\n"
	"[ControlSet001\\Services\\Tcpip\\Parameters\\Parameters\\Tcpip]\n"
	"\"IPAddress\"=multi:\"10.8.8.8\"\n"
	"[ControlSet001\\Services\\El90x1\\Parameters\\Tcpip]\n"
	"\"EnableDHCP\"=dword:00000000\n\"IPAddress\"=multi:\"10.0.0.5\"\n\"SubnetMask\"=multi:\"255.255.255.0\"\n";

Test(facts_network, bind_name_with_backslash_is_no_key_nt4)
{
	struct hd_test_hive t;
	struct hd_network_facts net = { 0 };

	hd_test_hive_open(nt4_bind_walks, &t);
	cr_assert_eq(hd_network_collect(&t.r, &net), 0);
	cr_expect_eq(net.layout, HD_LAYOUT_NT4);
	cr_assert_eq(net.n_bindings, 3);
	cr_expect_str_eq(net.bindings[0].adapter, "Evil\\Inner");
	cr_expect_eq(net.bindings[0].params.key.status, HD_ABSENT);
	cr_expect_eq(net.bindings[0].params.n_addresses, 0);
	cr_expect_eq(net.bindings[1].params.key.status, HD_ABSENT);
	cr_expect_eq(net.bindings[1].params.ip_address.rv.status, HD_ABSENT);
	/* The path recorded is still the one the name spells. */
	cr_expect_str_eq(net.bindings[0].params.key.key,
	                 "ControlSet001\\Services\\Evil\\Inner\\Parameters\\Tcpip");
	cr_expect_eq(net.bindings[2].params.key.status, HD_FOUND);
	cr_expect_str_eq(net.bindings[2].params.ip_address.items[0], "10.0.0.5");
	cr_expect_eq(t.r.lookup_errors, 0);
	hd_network_facts_clear(&net);
	hd_test_hive_close(&t);
}

static const char w2k_bind_walks[] =
	"REGEDIT4\n"
	"[Select]\n\"Current\"=dword:00000001\n"
	"[ControlSet001\\Services\\Tcpip]\n\"Start\"=dword:00000001\n"
	"[ControlSet001\\Services\\Tcpip\\Linkage]\n"
	"\"Bind\"=multi:\"\\\\Device\\\\{1111}\\\\Evil\",\"\\\\Device\\\\{2222}\"\n"
	"[ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces\\{1111}\\Evil]\n"
	"\"EnableDHCP\"=dword:00000000\n\"IPAddress\"=multi:\"10.9.9.9\"\n\"SubnetMask\"=multi:\"255.0.0.0\"\n"
	"[ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces\\{2222}]\n"
	"\"EnableDHCP\"=dword:00000000\n\"IPAddress\"=multi:\"10.0.0.5\"\n\"SubnetMask\"=multi:\"255.255.255.0\"\n";

Test(facts_network, bind_name_with_backslash_is_no_key_w2k)
{
	struct hd_test_hive t;
	struct hd_network_facts net = { 0 };

	hd_test_hive_open(w2k_bind_walks, &t);
	cr_assert_eq(hd_network_collect(&t.r, &net), 0);
	cr_expect_eq(net.layout, HD_LAYOUT_W2K);
	cr_assert_eq(net.n_bindings, 2);
	cr_expect_eq(net.bindings[0].params.key.status, HD_ABSENT);
	cr_expect_eq(net.bindings[0].params.n_addresses, 0);
	cr_expect_eq(net.bindings[1].params.key.status, HD_FOUND);
	cr_expect_str_eq(net.bindings[1].params.key.key,
	                 "ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces\\{2222}");
	cr_expect_eq(net.bindings[1].params.n_addresses, 1);
	hd_network_facts_clear(&net);
	hd_test_hive_close(&t);
}
