/*
 * rules_mta_alt.c - what else ends in the MTA's 2140 / 9406 / 9321, so a
 * reader can rule it out before removing TCP/IP (DOMAIN.md section 5):
 * binding order (B7), the NT service pack as context (B8), the RPC services
 * (B9), and the MTA's own parameters (B11, one table row per KB article).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_mta.h"
#include "facts/facts_network.h"
#include "rules/rules_mta_internal.h"

/* B7: several LAN bindings, or NdisWan (RAS) first (Q279415, Q280449, Q285350). */
int hd_rule_mta_binding_order(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	size_t lan = 0;

	(void)opts;
	if (!hd_mta_installed(facts) || net->n_bindings == 0)
		return 0;
	for (size_t i = 0; i < net->n_bindings; i++)
		lan += !net->bindings[i].is_ndiswan;
	if (lan <= 1 && !net->bindings[0].is_ndiswan)
		return 0;
	hd_strbuf_addf(&detail, "TCP/IP binding order is ");
	for (size_t i = 0; i < net->n_bindings; i++)
		hd_strbuf_addf(&detail, "%s%s", i ? ", " : "", net->bindings[i].device);
	if (net->bindings[0].is_ndiswan)
		hd_strbuf_addf(&detail, ": NdisWan (RAS) comes first");
	if (lan > 1)
		hd_strbuf_addf(&detail, "%s %zu LAN adapters are bound (multihomed)",
		               net->bindings[0].is_ndiswan ? " and" : ":", lan);
	hd_strbuf_addf(&detail, "; after Exchange 5.5 SP4 this binding order alone gives the "
	               "same MTA start failure, with TCP/IP intact");
	hd_mta_evidence_add(&ev, &net->bind.rv);
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Move the LAN adapter the Exchange server uses "
	                  "to the top of the TCP/IP binding order (Control Panel, Network, Bindings), "
	                  "or unbind the extra adapters, then restart the server.", &ev, &detail);
}

/* B8: the NT service pack, context for Q320200's last step (info; SP4 + NdisWan: Q214864). */
int hd_rule_mta_service_pack(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_system_facts *sys = &facts->system;
	const struct hd_network_facts *net = &facts->network;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	int ndiswan = 0;

	(void)opts;
	if (!hd_mta_installed(facts) || sys->csd_version.rv.status == HD_ERROR)
		return 0;
	for (size_t i = 0; i < net->n_bindings; i++)
		ndiswan |= net->bindings[i].is_ndiswan;
	hd_mta_evidence_add(&ev, &sys->csd_version.rv);
	if (sys->service_pack < 0)
		hd_strbuf_addf(&detail, "the Windows service pack is not recorded (Control\\Windows "
		               "CSDVersion absent or not a DWORD): no service pack, or an unreadable value");
	else
		hd_strbuf_addf(&detail, "Windows %s Service Pack %d is installed",
		               net->layout == HD_LAYOUT_W2K ? "2000 or later" : "NT 4.0", sys->service_pack);
	if (sys->service_pack == 4 && ndiswan && net->layout == HD_LAYOUT_NT4)
		hd_strbuf_addf(&detail, "; NT 4.0 SP4 with an NdisWan (RAS) binding is the combination "
		               "KB Q214864 describes");
	return hd_mta_add(out, rule, HD_SEV_INFO, "After reinstalling TCP/IP, reinstall the latest "
	                  "service pack (KB Q320200, last step).", &ev, &detail);
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
                             const struct hd_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	if (rpc_service_check(rule, &facts->network.rpcss, "RpcSs", out) < 0 ||
	    rpc_service_check(rule, &facts->network.rpclocator, "RpcLocator", out) < 0)
		return -1;
	return 0;
}
