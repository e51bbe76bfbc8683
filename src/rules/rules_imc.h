/*
 * rules_imc.h - the IMC rule pack (DOMAIN.md section 5, A1-A12, S1): is the
 * Internet Mail Connector start failure of KB Q298565 (event 4086, error
 * 2140) likely, and what else would stop the IMC.  Rows in rules.c.
 *
 * Every rule applies only when Services\MSExchangeIMC exists.
 */
#ifndef HD_RULES_IMC_H
#define HD_RULES_IMC_H

#include "rules/rules.h"

/* rules_imc.c: the names (Q298565, Q155027). */
/* A1 */
int hd_rule_imc_sitedn_missing(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A2 */
int hd_rule_imc_org_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A3 */
int hd_rule_imc_site_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A4 */
int hd_rule_imc_no_majority(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A5 */
int hd_rule_imc_case_only(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A6 */
int hd_rule_imc_server_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A7 */
int hd_rule_imc_names_consistent(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);

/* rules_imc_form.c: SiteDN's form, CommonName, and ComputerName (whole server). */
/* A12 */
int hd_rule_imc_sitedn_form(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A8 */
int hd_rule_imc_common_name(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* S1 */
int hd_rule_server_computer_name(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);

/* rules_imc_service.c: the service itself (Q155814, Q162384, Q143380, Q219602). */
/* A9 */
int hd_rule_imc_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A10 */
int hd_rule_imc_account_differs(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);
/* A11 */
int hd_rule_imc_disabled(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out);
int hd_rule_imc_dependency(const struct hd_rule *rule, const struct hd_facts *facts,
        const struct hd_rule_options *opts, struct hd_findings *out);

/* Shared by the IMC rules: 1 when Services\MSExchangeIMC exists. */
int hd_imc_installed(const struct hd_facts *facts);

/*
 * This server's Exchange name: MSExchangeSA Server, else the server cn of the
 * MTA's X500 DN, else NULL.  Borrowed from facts.
 */
const char *hd_imc_this_server(const struct hd_facts *facts);

/*
 * Q298565's fix: set SiteDN (in the analyzed control set) to the names the
 * directory has, followed by more_advice when not NULL.  New string, or NULL
 * with errno = ENOMEM.
 */
/*
 * --fix-reg: attach the registry edit behind the SiteDN remedy to the finding
 * just added, when the names to set are known (a majority of the registry's
 * copies, or --org/--site).  0 ok (also when no edit is known), -1 ENOMEM.
 */
int hd_imc_attach_sitedn_fix(const struct hd_facts *facts, const struct hd_name_table *t,
                             struct hd_findings *out);

char *hd_imc_sitedn_remedy(const struct hd_facts *facts, const struct hd_name_table *t,
                           const char *more_advice);

/* The names table with the user's --org/--site/--server (opts may be NULL). */
void hd_imc_name_table(const struct hd_facts *facts, const struct hd_rule_options *opts,
                       struct hd_name_table *t);

#endif
