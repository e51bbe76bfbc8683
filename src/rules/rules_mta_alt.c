/*
 * rules_mta_alt.c - what else ends in the MTA's 2140 / 9406 / 9321, so a
 * reader can rule it out before removing TCP/IP (DOMAIN.md section 5):
 * binding order (B7), the NT service pack as context (B8), the RPC services
 * (B9), and the MTA service disabled (B12); the MTA's own parameters (B11)
 * are in rules_mta_params.c.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_mta.h"
#include "facts/facts_network.h"
#include "rules/rules_mta_internal.h"

/* B7: several LAN bindings, or NdisWan (RAS) first (Q279415, Q280449, Q285350). */
int hd_rule_mta_binding_order(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	size_t lan = 0;

	enum hd_severity sev;

	(void)opts;
	if (!hd_mta_installed(facts) || net->n_bindings == 0)
		return 0;
	for (size_t i = 0; i < net->n_bindings; i++)
		lan += !net->bindings[i].is_ndiswan;
	if (lan == 0 || (lan <= 1 && !net->bindings[0].is_ndiswan))
		return 0;
	/* NdisWan first is the documented alternative cause; LAN first is Q279415's advice. */
	sev = net->bindings[0].is_ndiswan ? HD_SEV_WARNING : HD_SEV_INFO;
	hd_strbuf_addf(&detail, "TCP/IP binding order is ");
	for (size_t i = 0; i < net->n_bindings; i++)
		hd_strbuf_addf(&detail, "%s%s", i ? ", " : "", net->bindings[i].device);
	if (net->bindings[0].is_ndiswan)
		hd_strbuf_addf(&detail, ": NdisWan (RAS) comes first");
	if (lan > 1)
		hd_strbuf_addf(&detail, "%s %zu LAN adapters are bound (multihomed)",
		               net->bindings[0].is_ndiswan ? " and" : ":", lan);
	if (sev == HD_SEV_WARNING)
		hd_strbuf_addf(&detail, "; after Exchange 5.5 SP4 NdisWan bound before the LAN adapter "
		               "gives the same MTA start failure with TCP/IP intact (Q279415; hotfixes "
		               "Q280449, Q285350)");
	else
		hd_strbuf_addf(&detail, "; a LAN adapter comes first, the order Q279415 recommends");
	hd_mta_evidence_add(&ev, &net->bind.rv);
	return hd_mta_add(out, rule, sev, sev == HD_SEV_INFO ? NULL : "Move the LAN adapter the "
	                  "Exchange server uses to the top of the TCP/IP binding order (Control Panel, "
	                  "Network, Bindings), or apply the hotfix of Q280449 / Q285350, then restart "
	                  "the server.", &ev, &detail);
}

/* 1 when an earlier rule (B2, B3, B5) found the TCP/IP installation damaged. */
static int damage_found(const struct hd_findings *out)
{
	for (size_t i = 0; i < out->n; i++) {
		const char *id = out->v[i].rule->id;

		if (out->v[i].severity == HD_SEV_ERROR &&
		    (strcmp(id, "B2") == 0 || strcmp(id, "B3") == 0 || strcmp(id, "B5") == 0))
			return 1;
	}
	return 0;
}

/* The service pack as B8 says it, after "Windows" or the established version's name. */
static void describe_service_pack(const struct hd_system_facts *sys, const char *os,
                                  struct hd_strbuf *d)
{
	if (sys->service_pack < 0)
		hd_strbuf_addf(d, "the %s service pack is not recorded (Control\\Windows CSDVersion "
		               "absent or not a DWORD): no service pack, or an unreadable value", os);
	else if (sys->service_pack == 0)
		hd_strbuf_addf(d, "%s without a service pack (CSDVersion 0)", os);
	else
		hd_strbuf_addf(d, "%s %s %d is installed", os, strcmp(os, "Windows") == 0 ?
		               "service pack" : "Service Pack", sys->service_pack);
}

/* How the version was (or was not) established (DOMAIN.md 0.11), with its evidence. */
static void describe_version_source(const struct hd_facts *facts, struct hd_strbuf *d,
                                    struct hd_mta_evidence *ev)
{
	const struct hd_windows_id *w = &facts->windows;
	int n = 0;

	if (w->source == HD_WINVER_FROM_SOFTWARE) {
		hd_mta_evidence_add(ev, &facts->software.current_version.rv);
		hd_strbuf_addf(d, " (version from the SOFTWARE hive's Microsoft\\Windows NT\\"
		               "CurrentVersion: CurrentVersion %s%s%s)", w->current_version,
		               w->build ? ", CurrentBuildNumber " : "", w->build ? w->build : "");
		return;
	}
	hd_strbuf_addf(d, "; the Windows version is not established: %s, and ",
	               facts->software.given ? "the SOFTWARE hive has no usable CurrentVersion"
	                                     : "no SOFTWARE hive was given (--software)");
	if (w->hints == 0) {
		hd_strbuf_addf(d, "the SYSTEM hive shows no sign of Windows 2000 or later");
		return;
	}
	hd_strbuf_addf(d, "the SYSTEM hive only hints at Windows 2000 or later (");
	for (unsigned bit = 1; bit < 1u << HD_W2K_HINT_COUNT; bit <<= 1)
		if (w->hints & bit)
			hd_strbuf_addf(d, "%s%s", n++ ? "; " : "", hd_w2k_hint_words(bit));
	hd_strbuf_addf(d, ")");
	if (w->hints & HD_W2K_HINT_INTERFACES)
		hd_mta_evidence_add(ev, &facts->network.interfaces);
	if (w->hints & HD_W2K_HINT_GUID_BIND)
		hd_mta_evidence_add(ev, &facts->network.bind.rv);
	if (w->hints & HD_W2K_HINT_NETBT_TCPIP_GUID)
		hd_mta_evidence_add(ev, &facts->network.netbt_bind.rv);
}

/*
 * B8: the Windows service pack, context only (info).  Q320200's last step is
 * to reinstall the service pack after TCP/IP, so the remedy says so only
 * when TCP/IP was found damaged (B2, B3, B5 run first: rules.c's order).
 * The version is named only when the SOFTWARE hive establishes it; the
 * SYSTEM hive's layout is never read as "NT 4.0" (DOMAIN.md 0.11).
 */
int hd_rule_mta_service_pack(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_system_facts *sys = &facts->system;
	const struct hd_windows_id *w = &facts->windows;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!hd_mta_installed(facts) || sys->csd_version.rv.status == HD_ERROR)
		return 0;
	hd_mta_evidence_add(&ev, &sys->csd_version.rv);
	describe_service_pack(sys, w->source == HD_WINVER_FROM_SOFTWARE ? w->name : "Windows", &detail);
	describe_version_source(facts, &detail, &ev);
	hd_strbuf_addf(&detail, " (context for Q320200, whose remedy ends by reinstalling the "
	               "service pack)");
	return hd_mta_add(out, rule, HD_SEV_INFO, damage_found(out) ? "After reinstalling TCP/IP, "
	                  "reinstall the latest service pack (KB Q320200, last step)." : NULL, &ev, &detail);
}

/*
 * B12: the MTA itself disabled (Start = 4) cannot start (error 1058): a cause
 * of its own beside Q320200's, which it neither confirms nor rules out
 * (DOMAIN.md 0.13).
 */
int hd_rule_mta_disabled(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	return hd_finding_service_disabled(out, rule, facts, &facts->exchange.svc[HD_EX_MTA],
	                                   "Microsoft Exchange Message Transfer Agent");
}

/* One RPC service missing or disabled; 0 ok (finding or not), -1 ENOMEM. */
static int rpc_service_check(const struct hd_rule *rule, const struct hd_service_facts *svc,
                             const char *name, struct hd_findings *out)
{
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	if (svc->key.status == HD_ABSENT) {
		hd_mta_evidence_add(&ev, &svc->key);
		hd_strbuf_addf(&detail, "Services\\%s is missing", name);
	} else if (HD_FACT_OK(&svc->start) && svc->start.value == 4) {
		hd_mta_evidence_add(&ev, &svc->start.rv);
		hd_strbuf_addf(&detail, "%s is disabled (Start = 4)", name);
	} else {
		return 0;
	}
	hd_strbuf_addf(&detail, ": the System Attendant depends on it, and the directory and "
	               "MTA on the System Attendant; the MTA reports RPC errors (9321)");
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Restore the RPC service (reinstall the service "
	                  "pack if its key is gone) and set it to start automatically.", &ev, &detail);
}

/* B9: RpcSs or RpcLocator missing or disabled (dependencies of MSExchangeSA, Q143380). */
int hd_rule_mta_rpc_services(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	if (rpc_service_check(rule, &facts->network.rpcss, "RpcSs", out) < 0 ||
	    rpc_service_check(rule, &facts->network.rpclocator, "RpcLocator", out) < 0)
		return -1;
	return 0;
}
