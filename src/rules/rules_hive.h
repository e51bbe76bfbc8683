/* rules_hive.h - rules about the hive itself rather than a service. */
#ifndef HD_RULES_HIVE_H
#define HD_RULES_HIVE_H

#include "rules/rules.h"

int hd_rule_hive_dirty(const struct hd_rule *rule, const struct hd_facts *facts,
                       const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_logs_refused(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_hive_damaged(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_controlset_fallback(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_select_wrong_type(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_alt_used(const struct hd_rule *rule, const struct hd_facts *facts,
                     const struct hd_rule_options *opts, struct hd_findings *out);

#endif
