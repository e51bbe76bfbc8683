/*
 * rules.h - the rule table and running it (findings: finding.h; verdicts:
 * verdict/verdict.h).
 *
 * Rules are pure functions over facts and options: no hive, no JSON, no I/O.
 */
#ifndef HD_RULES_H
#define HD_RULES_H

#include <stddef.h>

#include "rules/finding.h"

/* The rule table (rules.c) and its length. */
extern const struct hd_rule hd_rules[];
extern const size_t hd_rules_count;

/* Run every rule of the table.  0 ok, -1 ENOMEM. */
int hd_rules_run(const struct hd_facts *facts, const struct hd_rule_options *opts,
                 struct hd_findings *out);

#endif
