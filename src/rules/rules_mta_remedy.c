/*
 * rules_mta_remedy.c - the remedy of KB Q320200 (record the TCP/IP
 * configuration, remove TCP/IP, reinstall it with the same settings,
 * reinstall the latest service pack, restart), filled in with the
 * configuration the hive records, so it can be re-entered after the removal.
 */
#include <errno.h>

#include "facts/facts_network.h"
#include "rules/rules_mta_internal.h"

/* The multi-string f as "a, b", or "none" when it holds nothing readable. */
static void add_list(struct hd_strbuf *t, const struct hd_multi_fact *f)
{
	if (!HD_FACT_OK(f) || f->count == 0) {
		hd_strbuf_addf(t, "none");
		return;
	}
	hd_strbuf_join(t, f->items, f->count, ", ");
}

static void add_adapter(struct hd_strbuf *t, const struct hd_binding *b)
{
	const struct hd_tcpip_params *p = &b->params;

	hd_strbuf_addf(t, "; %s: ", b->adapter);
	if (p->key.status != HD_FOUND) {
		hd_strbuf_addf(t, "no TCP/IP parameters recorded");
		return;
	}
	if (!p->is_static) {
		hd_strbuf_addf(t, "DHCP");
		return;
	}
	hd_strbuf_addf(t, "IP address ");
	add_list(t, &p->ip_address);
	hd_strbuf_addf(t, ", subnet mask ");
	add_list(t, &p->subnet_mask);
	hd_strbuf_addf(t, ", default gateway ");
	add_list(t, &p->default_gateway);
}

static void add_host(struct hd_strbuf *t, const struct hd_network_facts *net)
{
	const struct {
		const char *label;
		const struct hd_str_fact *f;
	} host[] = {
		{ "host name", &net->hostname },
		{ "domain", &net->domain },
		{ "DNS servers", &net->name_server },
	};

	for (size_t i = 0; i < sizeof host / sizeof host[0]; i++)
		if (hd_str_fact_present(host[i].f))
			hd_strbuf_addf(t, "; %s %s", host[i].label, host[i].f->text);
}

char *hd_mta_tcpip_remedy(const struct hd_facts *facts)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_strbuf t = { 0 };
	size_t before;
	char *s;

	hd_strbuf_addf(&t, "As KB Q320200 describes: 1. record the TCP/IP configuration (as the "
	               "registry holds it");
	before = t.len;
	for (size_t i = 0; i < net->n_bindings; i++)
		if (!net->bindings[i].is_ndiswan)
			add_adapter(&t, &net->bindings[i]);
	add_host(&t, net);
	if (t.len == before)
		hd_strbuf_addf(&t, ": it holds none, so take the settings from the network's records");
	hd_strbuf_addf(&t, "); 2. remove TCP/IP (Control Panel, Network, Protocols) and restart; "
	               "3. reinstall TCP/IP and re-enter the same settings; 4. reinstall the latest "
	               "service pack");
	if (facts->system.service_pack > 0)
		hd_strbuf_addf(&t, " (Service Pack %d is installed now)", facts->system.service_pack);
	hd_strbuf_addf(&t, "; 5. restart the server.");
	s = hd_strbuf_take(&t);
	hd_strbuf_clear(&t);
	return s;
}
