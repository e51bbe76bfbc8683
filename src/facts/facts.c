/*
 * facts.c - collect every fact the rules read: system identity and the
 * Exchange service keys here, the rest through each pack's collector.
 */
#include "facts/facts.h"

#include <stdio.h>
#include <string.h>

#include "facts/read.h"

static int collect_system(struct hd_reader *r, struct hd_system_facts *s)
{
	if (hd_read_str(r, "Control\\ComputerName\\ComputerName", "ComputerName",
	                &s->computer_name) < 0 ||
	    hd_read_dword(r, "Control\\Windows", "CSDVersion", &s->csd_version) < 0 ||
	    hd_read_str(r, "Control\\ProductOptions", "ProductType", &s->product_type) < 0 ||
	    hd_read_key(r, "Services\\ClusSvc", &s->clussvc) < 0)
		return -1;
	if (r->controlset_name != NULL)
		snprintf(s->controlset, sizeof s->controlset, "%s", r->controlset_name);
	/* CSDVersion: the service pack is the high byte of the low word (DOMAIN.md 2). */
	s->service_pack = HD_FACT_OK(&s->csd_version) ? (int)((s->csd_version.value & 0xffffu) >> 8) : -1;
	return 0;
}

static const char *const exchange_services[HD_EX_COUNT] = {
	[HD_EX_SA] = "MSExchangeSA", [HD_EX_DS] = "MSExchangeDS", [HD_EX_IS] = "MSExchangeIS",
	[HD_EX_MTA] = "MSExchangeMTA", [HD_EX_IMC] = "MSExchangeIMC",
};

static int collect_exchange_services(struct hd_reader *r, struct hd_exchange_facts *ex)
{
	for (int i = 0; i < HD_EX_COUNT; i++)
		if (hd_read_service(r, exchange_services[i], &ex->svc[i]) < 0)
			return -1;
	return 0;
}

int hd_facts_collect(struct hd_reader *r, struct hd_facts *facts)
{
	memset(facts, 0, sizeof *facts);
	if (collect_system(r, &facts->system) < 0 ||
	    collect_exchange_services(r, &facts->exchange) < 0 ||
	    hd_facts_collect_exchange(r, facts) < 0 ||
	    hd_mta_collect(r, &facts->exchange.mta) < 0 ||
	    hd_network_collect(r, &facts->network) < 0)
		return -1;
	facts->lookup_errors = r->lookup_errors;
	return 0;
}

void hd_facts_clear(struct hd_facts *facts)
{
	hd_timeline_clear(&facts->timeline);
	hd_software_facts_clear(&facts->software);
	hd_str_fact_clear(&facts->system.computer_name);
	hd_dword_fact_clear(&facts->system.csd_version);
	hd_str_fact_clear(&facts->system.product_type);
	hd_regval_clear(&facts->system.clussvc);
	for (int i = 0; i < HD_EX_COUNT; i++)
		hd_service_facts_clear(&facts->exchange.svc[i]);
	hd_exchange_names_clear(&facts->exchange.names);
	for (int i = 0; i < HD_EX_COUNT; i++)
		hd_service_deps_clear(&facts->exchange.deps[i]);
	hd_mta_facts_clear(&facts->exchange.mta);
	hd_network_facts_clear(&facts->network);
	memset(facts, 0, sizeof *facts);
}
