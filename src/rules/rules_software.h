/*
 * rules_software.h - the rules that need the SOFTWARE hive (--software;
 * DOMAIN.md section 5, B1 and B10).  Both apply only when a SOFTWARE hive
 * was read and Services\MSExchangeMTA exists in the SYSTEM hive.
 */
#ifndef HD_RULES_SOFTWARE_H
#define HD_RULES_SOFTWARE_H

#include "rules/rules.h"

/* B1: the Exchange build, and whether Q320200's trigger (SP4) holds (info). */
int hd_rule_mta_exchange_build(const struct hd_rule *rule, const struct hd_facts *facts,
                               const struct hd_rule_options *opts, struct hd_findings *out);
/* B10: ncacn_ip_tcp missing from the RPC protocol lists, Q165324 (error). */
int hd_rule_mta_rpc_tcp_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out);

#endif
