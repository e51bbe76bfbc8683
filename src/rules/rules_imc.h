/*
 * rules_imc.h - the IMC rule pack (DOMAIN.md section 5, A1-A11): is the
 * Internet Mail Connector start failure of KB Q298565 (event 4086, error
 * 2140) likely, and what else would stop the IMC.  Rows in rules.c.
 *
 * Every rule applies only when Services\MSExchangeIMC exists.
 */
#ifndef HD_RULES_IMC_H
#define HD_RULES_IMC_H

#include "rules/rules.h"

/* rules_imc.c: the names (Q298565, Q299676, Q155027). */
/* A1 */
int hd_rule_imc_sitedn_missing(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A2 */
int hd_rule_imc_org_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A3 */
int hd_rule_imc_site_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A4 */
int hd_rule_imc_no_majority(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A5 */
int hd_rule_imc_case_only(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A6 */
int hd_rule_imc_server_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A7 */
int hd_rule_imc_names_consistent(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);

/* rules_imc_service.c: the service itself (Q155814, Q162384, Q143380, Q219602). */
/* A9 */
int hd_rule_imc_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A10 */
int hd_rule_imc_account_differs(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);
/* A11 */
int hd_rule_imc_dependency(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_options *opts, struct hd_findings *out);

/* Shared by the IMC rules: 1 when Services\MSExchangeIMC exists. */
int hd_imc_installed(const struct hd_facts *facts);

/* The names table with the user's --org/--site/--server (opts may be NULL). */
void hd_imc_name_table(const struct hd_facts *facts, const struct hd_options *opts,
                       struct hd_name_table *t);

#endif
