/*
 * rules_mta.h - the MTA and TCP/IP rule pack (KB Q320200 and the causes that
 * end in the same 2140 / 9406; DOMAIN.md section 5, rules B2-B9 and B11).
 * Q320200 states no cause: a damaged TCP/IP is inferred from its remedy.
 *
 * Every rule applies only when Services\MSExchangeMTA exists.  B1 and B10
 * need the SOFTWARE hive and are not implemented.  Rules are pure: they read
 * facts->network, facts->exchange.mta, facts->exchange.svc and
 * facts->system, and append findings.
 */
#ifndef HD_RULES_MTA_H
#define HD_RULES_MTA_H

#include "rules/rules.h"

/* TCP/IP damaged: the Q320200 cause (severity error). */
int hd_rule_mta_tcpip_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out);      /* B2 */
int hd_rule_mta_binding_orphaned(const struct hd_rule *rule, const struct hd_facts *facts,
                                 const struct hd_rule_options *opts, struct hd_findings *out);   /* B3 */
int hd_rule_mta_winsock_damaged(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out);    /* B5 */

/* Weaker signs of a damaged or unclean install (warning). */
int hd_rule_mta_static_config_broken(const struct hd_rule *rule, const struct hd_facts *facts,
                                     const struct hd_rule_options *opts, struct hd_findings *out); /* B4 */
int hd_rule_mta_netbt_leftovers(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out);    /* B6 */

/* The documented alternative after SP4: NdisWan first (warning); LAN first (info). */
int hd_rule_mta_binding_order(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out);      /* B7 */
/* Context: the NT service pack (info). */
int hd_rule_mta_service_pack(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out);       /* B8 */
/* RpcSs / RpcLocator missing or disabled (warning). */
int hd_rule_mta_disabled(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_mta_rpc_services(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out);       /* B9 */

/* B11: alternatives with the same 2140 / 9406, one table row per KB, ids B11a-B11f (warning). */
int hd_rule_mta_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out);        /* B11a Q162384 */
int hd_rule_mta_x500_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out);       /* B11b Q155027 */
int hd_rule_mta_x500_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out);      /* B11c Q155027 */
int hd_rule_mta_paths_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out);      /* B11d Q324026 */
int hd_rule_mta_xapi_threads(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out);       /* B11e Q271568 */
int hd_rule_mta_control_blocks(const struct hd_rule *rule, const struct hd_facts *facts,
                               const struct hd_rule_options *opts, struct hd_findings *out);     /* B11f Q168815 */

/* Q271568: the MTA fails when the four XAPI thread values + 3 exceed this. */
#define HD_MTA_XAPI_LIMIT 75u
/* Q168815: fewer control blocks than this stop the MTA. */
#define HD_MTA_MIN_CONTROL_BLOCKS 2u

/* 1 when Services\MSExchangeMTA was found. */
int hd_mta_installed(const struct hd_facts *facts);

/*
 * The Q320200 remedy with the recorded TCP/IP configuration to re-enter, as
 * a new string (free with free()), or NULL with errno = ENOMEM.
 */
char *hd_mta_tcpip_remedy(const struct hd_facts *facts);

#endif
