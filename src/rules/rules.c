/*
 * rules.c - the rule table, and running it.
 */
#include "rules/rules.h"

#include <stddef.h>

#include "rules/rules_hive.h"
#include "rules/rules_imc.h"
#include "rules/rules_mta.h"
#include "rules/rules_peers.h"
#include "rules/rules_software.h"

/*
 * The rule table.  To add a rule: write `int rule_x(const struct hd_rule *,
 * const struct hd_facts *, const struct hd_rule_options *, struct hd_findings *)`
 * in the rule pack's file (pure: facts in, findings out, one screen), declare
 * it in the pack's header, add a row here with its id (DOMAIN.md section 5),
 * the severities its findings can have, the KB articles behind it and a
 * title, and document the id in the RULES section of man/hivediag.1 (a test
 * checks that every id is there; another that every finding of the samples
 * has a severity its row lists).
 */
const struct hd_rule hd_rules[] = {
	{ "H1", "info or warning", { NULL }, NULL,
	  "Hive is dirty: transaction logs not applied", hd_rule_hive_dirty },
	{ "H2", "warning", { NULL }, NULL,
	  "Parts of the hive could not be read", hd_rule_hive_damaged },
	{ "H3", "info", { "Q102984", NULL }, NULL,
	  "Control set other than Select\\Current analyzed", hd_rule_controlset_fallback },
	{ "H4", "warning", { NULL }, NULL,
	  "Transaction logs refused: the hive may be stale", hd_rule_logs_refused },
	{ "H5", "warning", { "Q102984", NULL }, NULL,
	  "Select value of the wrong type read as a number (inferred)", hd_rule_select_wrong_type },
	{ "H6", "info", { "Q151247", NULL }, NULL,
	  "Dirty hive with no log judged from its consistent .ALT mirror", hd_rule_alt_used },
	/* S1: the whole server, not a verdict's evidence (DOMAIN.md section 5, last IMC item). */
	{ "S1", "warning", { "Q199756", NULL }, NULL,
	  "Exchange server name differs from ComputerName (inferred; skipped on clusters)",
	  hd_rule_server_computer_name },
	/* IMC pack (rules_imc.c, rules_imc_service.c): KB Q298565 and its alternatives. */
	{ "A1", "error", { "Q298565", NULL }, "MSExchangeIMC",
	  "SiteDN missing, empty or not a string", hd_rule_imc_sitedn_missing },
	{ "A2", "error", { "Q298565", NULL }, "MSExchangeIMC",
	  "SiteDN organization differs from System Attendant and MTA", hd_rule_imc_org_mismatch },
	{ "A3", "error", { "Q298565", NULL }, "MSExchangeIMC",
	  "SiteDN site differs from System Attendant and MTA", hd_rule_imc_site_mismatch },
	{ "A4", "warning", { "Q298565", "Q155027", NULL }, "MSExchangeIMC",
	  "Exchange names disagree with no majority", hd_rule_imc_no_majority },
	{ "A5", "warning", { "Q298565", NULL }, "MSExchangeIMC",
	  "Exchange names differ only in letter case", hd_rule_imc_case_only },
	{ "A6", "warning", { "Q155027", NULL }, "MSExchangeIMC",
	  "Exchange copies of the server name disagree", hd_rule_imc_server_mismatch },
	{ "A12", "info to error", { "Q298565", NULL }, "MSExchangeIMC",
	  "SiteDN not exactly /o=<Org>/ou=<Site>", hd_rule_imc_sitedn_form },
	{ "A7", "info or error", { "Q298565", NULL }, "MSExchangeIMC",
	  "Registry names consistent: checked against the directory's names when given",
	  hd_rule_imc_names_consistent },
	{ "A8", "warning", { NULL }, "MSExchangeIMC",
	  "IMC CommonName names another server (inferred)", hd_rule_imc_common_name },
	{ "A9", "warning", { "Q155814", "Q298565", NULL }, "MSExchangeIMC",
	  "IMC runs as LocalSystem", hd_rule_imc_localsystem },
	{ "A10", "info", { "Q155814", NULL }, "MSExchangeIMC",
	  "IMC account differs from the other Exchange services (allowed)",
	  hd_rule_imc_account_differs },
	{ "A11", "info to error", { "Q143380", "Q219602", NULL }, "MSExchangeIMC",
	  "Service dependency missing, disabled or of the wrong type", hd_rule_imc_dependency },
	/* A13, B12: the service itself disabled (DOMAIN.md 0.13), Win32 error 1058; no KB article. */
	{ "A13", "warning", { NULL }, "MSExchangeIMC",
	  "IMC service disabled (Start = 4): cannot start, error 1058", hd_rule_imc_disabled },
	/* MTA and TCP/IP (Q320200).  B1 and B10 need the SOFTWARE hive (--software,
	 * rules_software.c).  DOMAIN.md's B11 is a family of alternatives with one
	 * KB article each: ids B11a-B11f, one row per article, so each finding cites its own. */
	{ "B1", "info", { "Q320200", "Q158530", NULL }, "MSExchangeMTA",
	  "Exchange build and service pack (SOFTWARE hive)", hd_rule_mta_exchange_build },
	{ "B2", "error", { "Q320200", NULL }, "MSExchangeMTA",
	  "Tcpip service or its bindings missing or disabled", hd_rule_mta_tcpip_missing },
	{ "B3", "error", { "Q320200", "Q151237", NULL }, "MSExchangeMTA",
	  "TCP/IP bound to an adapter without TCP/IP parameters", hd_rule_mta_binding_orphaned },
	{ "B4", "warning", { "Q320200", NULL }, "MSExchangeMTA",
	  "Static TCP/IP configuration broken", hd_rule_mta_static_config_broken },
	{ "B5", "error", { "Q320200", "Q102974", NULL }, "MSExchangeMTA",
	  "Winsock mapping of TCP/IP damaged", hd_rule_mta_winsock_damaged },
	{ "B6", "warning", { "Q320200", "Q151237", NULL }, "MSExchangeMTA",
	  "NetBT bound to what TCP/IP no longer binds or exports (inferred)",
	  hd_rule_mta_netbt_leftovers },
	{ "B7", "info or warning", { "Q279415", "Q280449", "Q285350", NULL }, "MSExchangeMTA",
	  "TCP/IP binding order: NdisWan first, or several LAN adapters",
	  hd_rule_mta_binding_order },
	{ "B8", "info", { "Q320200", NULL }, "MSExchangeMTA",
	  "Windows service pack (context)", hd_rule_mta_service_pack },
	{ "B9", "warning", { "Q143380", NULL }, "MSExchangeMTA",
	  "RPC service missing or disabled", hd_rule_mta_rpc_services },
	{ "B10", "error", { "Q165324", NULL }, "MSExchangeMTA",
	  "RPC protocol ncacn_ip_tcp missing (SOFTWARE hive)", hd_rule_mta_rpc_tcp_missing },
	{ "B11a", "warning", { "Q162384", NULL }, "MSExchangeMTA",
	  "MTA runs as LocalSystem or not as the System Attendant's account",
	  hd_rule_mta_localsystem },
	{ "B11b", "warning", { "Q155027", "Q260060", NULL }, "MSExchangeMTA",
	  "MTA X500 DN missing or not of its one legal shape", hd_rule_mta_x500_missing },
	{ "B11c", "warning", { "Q155027", NULL }, "MSExchangeMTA",
	  "MTA X500 DN disagrees with the System Attendant or --org/--site/--server",
	  hd_rule_mta_x500_mismatch },
	{ "B11d", "warning", { "Q324026", NULL }, "MSExchangeMTA",
	  "MTA database path or run directory missing or not an absolute local path",
	  hd_rule_mta_paths_missing },
	{ "B11e", "warning", { "Q271568", NULL }, "MSExchangeMTA",
	  "MTA XAPI thread values too high", hd_rule_mta_xapi_threads },
	{ "B11f", "warning", { "Q168815", NULL }, "MSExchangeMTA",
	  "MTA control blocks below 2 (Exchange 4.0/5.0 article)", hd_rule_mta_control_blocks },
	{ "B12", "warning", { NULL }, "MSExchangeMTA",
	  "MTA service disabled (Start = 4): cannot start, error 1058", hd_rule_mta_disabled },
	/* Peers (rules_peers.c): the other hives of a run stand in for the directory (issue 17). */
	{ "P1", "info or warning", { "Q298565", "Q155027", NULL }, "MSExchangeIMC",
	  "Organization or Site name nearly matches the other servers'", hd_rule_peer_names },
};
const size_t hd_rules_count = sizeof hd_rules / sizeof hd_rules[0];

int hd_rules_run(const struct hd_facts *facts, const struct hd_rule_options *opts,
                 struct hd_findings *out)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (hd_rules[i].check(&hd_rules[i], facts, opts, out) < 0)
			return -1;
	return 0;
}
