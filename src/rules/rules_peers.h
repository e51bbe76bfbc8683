/*
 * rules_peers.h - rule P1: this server's Organization or Site name is a
 * near-miss of the one the other servers of its scope carry (issues 17, 23).
 */
#ifndef HD_RULES_PEERS_H
#define HD_RULES_PEERS_H

#include "rules/rules.h"

int hd_rule_peer_names(const struct hd_rule *rule, const struct hd_facts *facts,
                       const struct hd_rule_options *opts, struct hd_findings *out);

#endif
