/*
 * rules_mta.c - signs of a damaged TCP/IP installation, the cause of the MTA
 * start failure after Exchange 5.5 SP4 (KB Q320200): rules B2-B6 of
 * DOMAIN.md section 5.  Each rule applies only when the MTA is installed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_network.h"
#include "rules/rules_mta_internal.h"
#include "util/textutil.h"

int hd_mta_installed(const struct hd_facts *facts)
{
	return facts->exchange.svc[HD_EX_MTA].key.status == HD_FOUND;
}

int hd_mta_add(struct hd_findings *out, const struct hd_rule *rule, enum hd_severity sev,
               const char *remediation, struct hd_mta_evidence *ev, struct hd_strbuf *detail)
{
	const char *text = hd_strbuf_str(detail);
	int rc = -1;

	if (text == NULL) {
		errno = ENOMEM;
		goto out;
	}
	ev->v[ev->n] = NULL;
	rc = hd_finding_add(out, rule, sev, remediation, ev->v, "%s", text);
out:
	hd_strbuf_clear(detail);
	return rc;
}

/* Add a TCP/IP damage finding (severity error) whose remedy is Q320200's. */
static int add_damage(struct hd_findings *out, const struct hd_rule *rule, const struct hd_facts *facts,
                      struct hd_mta_evidence *ev, struct hd_strbuf *detail)
{
	char *remedy = hd_mta_tcpip_remedy(facts);
	int rc = -1;

	if (remedy != NULL)
		rc = hd_mta_add(out, rule, HD_SEV_ERROR, remedy, ev, detail);
	hd_strbuf_clear(detail);
	free(remedy);
	return rc;
}

/* What is wrong with Tcpip\Linkage Bind, or NULL when it is usable. */
static const char *bind_problem(const struct hd_network_facts *net)
{
	const struct hd_multi_fact *bind = &net->bind;

	if (bind->rv.status == HD_ERROR)
		return NULL;            /* unreadable: nothing to judge */
	if (bind->rv.status == HD_ABSENT)
		return "has no Bind value";
	/* The binding engine writes REG_MULTI_SZ; anything else was not written by it. */
	if (bind->rv.raw.type != HD_REG_MULTI_SZ || bind->decode != HD_DECODE_OK)
		return "has a Bind value that is not a multi-string";
	if (net->n_bindings == 0)
		return "has an empty Bind value: TCP/IP is bound to nothing";
	return NULL;
}

/* B2: Services\Tcpip or its Linkage missing, Bind empty or mistyped, Tcpip disabled. */
int hd_rule_mta_tcpip_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	const char *problem;

	(void)opts;
	if (!hd_mta_installed(facts) || net->tcpip.key.status == HD_ERROR)
		return 0;
	if (net->tcpip.key.status == HD_ABSENT) {
		hd_mta_evidence_add(&ev, &net->tcpip.key);
		hd_strbuf_addf(&detail, "Services\\Tcpip is missing: TCP/IP is not installed, "
		               "or was removed incompletely");
		return add_damage(out, rule, facts, &ev, &detail);
	}
	if (HD_FACT_OK(&net->tcpip.start) && net->tcpip.start.value == 4) {
		hd_mta_evidence_add(&ev, &net->tcpip.start.rv);
		hd_strbuf_addf(&detail, "the Tcpip driver is disabled (Start = 4)");
		if (add_damage(out, rule, facts, &ev, &detail) < 0)
			return -1;
		ev.n = 0;
	}
	if (net->linkage.status == HD_ABSENT) {
		hd_mta_evidence_add(&ev, &net->linkage);
		hd_strbuf_addf(&detail, "Services\\Tcpip\\Linkage is missing: TCP/IP is bound to no adapter");
		return add_damage(out, rule, facts, &ev, &detail);
	}
	problem = bind_problem(net);
	if (net->linkage.status != HD_FOUND || problem == NULL)
		return 0;
	hd_mta_evidence_add(&ev, &net->bind.rv);
	hd_strbuf_addf(&detail, "Services\\Tcpip\\Linkage %s", problem);
	return add_damage(out, rule, facts, &ev, &detail);
}

/* B3's words for where the adapter's parameters should be, and any NT 4.0 leftover. */
static void describe_orphan(const struct hd_network_facts *net, const struct hd_binding *b,
                            struct hd_strbuf *detail, struct hd_mta_evidence *ev)
{
	hd_strbuf_addf(detail, "TCP/IP is bound to %s but the adapter has no TCP/IP parameters (", b->device);
	if (net->layout != HD_LAYOUT_W2K) {
		hd_strbuf_addf(detail, "Services\\%s\\Parameters\\Tcpip): a half-removed TCP/IP "
		               "installation", b->adapter);
		return;
	}
	/* DOMAIN.md 0.12: Windows 2000 TCP/IP reads Interfaces\{GUID} only. */
	hd_strbuf_addf(detail, "Tcpip\\Parameters\\Interfaces\\%s, the only place Windows 2000 "
	               "and later read them, is missing%s): a half-removed TCP/IP installation",
	               b->adapter, net->interfaces.status == HD_ABSENT ?
	               ", and so is the whole Interfaces key" : "");
	if (b->legacy_key.status == HD_FOUND) {
		hd_mta_evidence_add(ev, &b->legacy_key);
		hd_strbuf_addf(detail, "; the NT 4.0-style Services\\%s\\Parameters\\Tcpip that "
		               "lingers is an upgrade leftover Windows 2000 does not read, no evidence "
		               "that TCP/IP is intact", b->adapter);
	}
}

/* B3: a Bind entry (not NdisWan) with no per-adapter TCP/IP parameters. */
int hd_rule_mta_binding_orphaned(const struct hd_rule *rule, const struct hd_facts *facts,
                                 const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	for (size_t i = 0; i < net->n_bindings; i++) {
		const struct hd_binding *b = &net->bindings[i];
		struct hd_mta_evidence ev = { .n = 0 };
		struct hd_strbuf detail = { 0 };

		if (b->is_ndiswan || b->params.key.status != HD_ABSENT)
			continue;
		hd_mta_evidence_add(&ev, &net->bind.rv);
		hd_mta_evidence_add(&ev, &b->params.key);
		describe_orphan(net, b, &detail, &ev);
		if (add_damage(out, rule, facts, &ev, &detail) < 0)
			return -1;
	}
	return 0;
}

/* The broken parts of a static configuration, appended to detail; 1 when any. */
static int static_config_problems(const struct hd_tcpip_params *p, struct hd_strbuf *detail)
{
	int dhcp_off = HD_FACT_OK(&p->enable_dhcp) && p->enable_dhcp.value == 0;
	int any = 0;

	/* Unread addresses are unknown, not missing (issue 24): nothing to judge. */
	if (p->ip_address.rv.status == HD_ERROR)
		return 0;

	if (dhcp_off && p->n_addresses == 0) {
		hd_strbuf_addf(detail, "%sEnableDHCP is 0 and there is no IPAddress", any++ ? "; " : "");
	} else if (dhcp_off && p->all_zero) {
		hd_strbuf_addf(detail, "%sEnableDHCP is 0 and every IPAddress is 0.0.0.0", any++ ? "; " : "");
	}
	if (!p->is_static)
		return any;
	if (!p->well_formed)
		hd_strbuf_addf(detail, "%sIPAddress or SubnetMask holds an entry that is not a dotted "
		               "quad", any++ ? "; " : "");
	if (!p->paired && p->subnet_mask.rv.status != HD_ERROR)
		hd_strbuf_addf(detail, "%s%zu address(es) but %zu subnet mask(s)", any++ ? "; " : "",
		               p->n_addresses, HD_FACT_OK(&p->subnet_mask) ? p->subnet_mask.count : 0);
	return any;
}

/* B4: static configuration broken (EnableDHCP = 0, or a static first address). */
int hd_rule_mta_static_config_broken(const struct hd_rule *rule, const struct hd_facts *facts,
                                     const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	for (size_t i = 0; i < net->n_bindings; i++) {
		const struct hd_binding *b = &net->bindings[i];
		struct hd_mta_evidence ev = { .n = 0 };
		struct hd_strbuf detail = { 0 };

		if (b->is_ndiswan || b->params.key.status != HD_FOUND)
			continue;
		hd_strbuf_addf(&detail, "the static TCP/IP configuration of %s is broken: ", b->adapter);
		if (!static_config_problems(&b->params, &detail)) {
			hd_strbuf_clear(&detail);
			continue;
		}
		hd_mta_evidence_add(&ev, &b->params.enable_dhcp.rv);
		hd_mta_evidence_add(&ev, &b->params.ip_address.rv);
		hd_mta_evidence_add(&ev, &b->params.subnet_mask.rv);
		if (hd_mta_add(out, rule, HD_SEV_WARNING, "Re-enter the adapter's IP addresses with one "
		               "subnet mask each (Control Panel, Network, Protocols, TCP/IP), or enable DHCP.",
		               &ev, &detail) < 0)
			return -1;
	}
	return 0;
}

/* 1 when a Transports list names Tcpip. */
static int transports_have_tcpip(const struct hd_multi_fact *f)
{
	if (!HD_FACT_OK(f))
		return 0;
	for (size_t i = 0; i < f->count; i++)
		if (strcasecmp(f->items[i], "Tcpip") == 0)
			return 1;
	return 0;
}

/* Note one missing Winsock part in detail and its lookup in ev. */
static void winsock_problem(struct hd_strbuf *detail, struct hd_mta_evidence *ev,
                            const struct hd_regval *rv, const char *what)
{
	hd_strbuf_addf(detail, "%s%s", detail->len > 0 ? "; " : "", what);
	hd_mta_evidence_add(ev, rv);
}

/* The values setup writes into Tcpip\Parameters\Winsock; unreadable ones are not judged. */
static void winsock_values(const struct hd_network_facts *net, struct hd_strbuf *detail,
                           struct hd_mta_evidence *ev)
{
	if (!hd_str_fact_present(&net->helper_dll_name) && net->helper_dll_name.rv.status != HD_ERROR)
		winsock_problem(detail, ev, &net->helper_dll_name.rv, "HelperDllName is missing or empty");
	if (net->mapping.status == HD_ABSENT)
		winsock_problem(detail, ev, &net->mapping, "Mapping is missing");
	else if (net->mapping.status == HD_FOUND && !net->mapping_valid)
		winsock_problem(detail, ev, &net->mapping, "Mapping is not a valid WINSOCK_MAPPING table");
	if (net->min_sockaddr.rv.status == HD_ABSENT)
		winsock_problem(detail, ev, &net->min_sockaddr.rv, "MinSockaddrLength is missing");
	if (net->max_sockaddr.rv.status == HD_ABSENT)
		winsock_problem(detail, ev, &net->max_sockaddr.rv, "MaxSockaddrLength is missing");
}

/* B5: the Winsock mapping setup writes is damaged (Q102974). */
int hd_rule_mta_winsock_damaged(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf problems = { 0 };
	struct hd_strbuf detail = { 0 };
	int rc;

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	if (net->winsock_transports.rv.status != HD_ERROR &&
	    !transports_have_tcpip(&net->winsock_transports))
		winsock_problem(&problems, &ev, &net->winsock_transports.rv,
		                "Winsock\\Parameters Transports does not list Tcpip");
	if (net->tcpip_winsock.status == HD_ABSENT)
		winsock_problem(&problems, &ev, &net->tcpip_winsock, "Tcpip\\Parameters\\Winsock is missing");
	else if (net->tcpip_winsock.status == HD_FOUND)
		winsock_values(net, &problems, &ev);
	if (problems.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (problems.len == 0)
		return 0;
	hd_strbuf_addf(&detail, "the Winsock mapping of TCP/IP is damaged (setup writes these "
	               "values; people do not): %s", hd_strbuf_str(&problems));
	rc = add_damage(out, rule, facts, &ev, &detail);
	hd_strbuf_clear(&problems);
	return rc;
}

/* 1 when the multi-string f holds s, or an entry ending in "\\" s; case folded. */
static int multi_names(const struct hd_multi_fact *f, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; HD_FACT_OK(f) && i < f->count; i++) {
		size_t il = strlen(f->items[i]);

		if (hd_name_equal(f->items[i], s) ||
		    (il > len && f->items[i][il - len - 1] == '\\' &&
		     hd_name_equal(f->items[i] + il - len, s)))
			return 1;
	}
	return 0;
}

/*
 * 1 when TCP/IP accounts for a NetBT Bind entry.  NT 4.0: NetBT binds
 * \Device\<Adapter>, which TCP/IP's Bind must list.  Windows 2000/XP: NetBT
 * binds TCP/IP's exports, \Device\Tcpip_{GUID} (Tcpip\Linkage\Export), and
 * with RAS the NdisWanIp interfaces that Tcpip\Parameters\Adapters\NdisWanIp
 * IpConfig lists (DOMAIN.md section 4; seen in the XP corpus hive).
 */
static int netbt_entry_accounted(const struct hd_network_facts *net, const char *entry)
{
	const char *adapter = hd_device_adapter(entry);

	/* RAS on NT 4.0: NetBT and Tcpip bind different NdisWan instances. */
	if (adapter[0] == '\0' || hd_adapter_is_ndiswan(adapter) || hd_device_is_tcpip6(entry))
		return 1;
	if (net->layout == HD_LAYOUT_W2K && (multi_names(&net->export_list, entry) ||
	                                     multi_names(&net->ndiswanip_ipconfig, adapter)))
		return 1;
	return hd_network_binds(net, adapter);
}

/* Append each NetBT binding or adapter TCP/IP no longer binds; the count. */
static size_t netbt_leftovers(const struct hd_network_facts *net, struct hd_strbuf *list)
{
	size_t n = 0;

	for (size_t i = 0; HD_FACT_OK(&net->netbt_bind) && i < net->netbt_bind.count; i++) {
		if (netbt_entry_accounted(net, net->netbt_bind.items[i]))
			continue;
		hd_strbuf_addf(list, "%sNetBT\\Linkage Bind %s", n++ ? ", " : "", net->netbt_bind.items[i]);
	}
	for (size_t i = 0; i < net->n_netbt_adapters; i++) {
		const char *adapter = net->netbt_adapter_names[i];

		if (hd_adapter_is_ndiswan(adapter) || hd_network_binds(net, adapter))
			continue;
		hd_strbuf_addf(list, "%sNetBT\\Adapters\\%s", n++ ? ", " : "", adapter);
	}
	return n;
}

/* B6: NetBT still bound to adapters TCP/IP no longer binds (unclean removal, Q151237). */
int hd_rule_mta_netbt_leftovers(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf list = { 0 };
	struct hd_strbuf detail = { 0 };
	size_t n;
	int rc = 0;

	(void)opts;
	if (!hd_mta_installed(facts) || net->tcpip.key.status == HD_ERROR)
		return 0;
	n = netbt_leftovers(net, &list);
	if (list.failed) {
		errno = ENOMEM;
		rc = -1;
		goto out;
	}
	if (n == 0)
		goto out;
	hd_mta_evidence_add(&ev, &net->netbt_bind.rv);
	hd_mta_evidence_add(&ev, &net->netbt_adapters);
	hd_mta_evidence_add(&ev, &net->bind.rv);
	hd_mta_evidence_add(&ev, &net->export_list.rv);
	hd_mta_evidence_add(&ev, &net->ndiswanip_ipconfig.rv);
	hd_strbuf_addf(&detail, "NetBT keeps bindings that TCP/IP no longer binds or exports (%s "
	               "model): %s; inferred to be left by an unclean removal of TCP/IP (Q151237 lists "
	               "the keys a TCP/IP install creates)", net->layout == HD_LAYOUT_W2K ?
	               "Windows 2000/XP" : "NT 4.0", hd_strbuf_str(&list));
	rc = hd_mta_add(out, rule, HD_SEV_WARNING, "Remove and reinstall TCP/IP as KB Q320200 "
	                "describes: a clean install rewrites the NetBT bindings (KB Q151237 lists "
	                "every key TCP/IP setup creates).", &ev, &detail);
out:
	hd_strbuf_clear(&list);
	return rc;
}
