/*
 * rule_severity.h - the severities each rule's findings can have, for
 * --list-rules.  A rule decides its severity from the facts (A7 is info when
 * the names agree, error when they differ from --org/--site), so the table
 * of rules.c does not fix one; this list says the range.  A unit test checks
 * that every rule of the table is listed here.
 */
#ifndef HD_RULE_SEVERITY_H
#define HD_RULE_SEVERITY_H

/* "error", "info or error" ...; NULL for an id that is not listed. */
const char *hd_rule_severities(const char *rule_id);

#endif
