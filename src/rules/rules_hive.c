/*
 * rules_hive.c - findings about the hive as evidence: how current and how
 * complete the data behind every other finding is.
 */
#include "rules/rules_hive.h"

#include <stddef.h>

/*
 * A dirty hive (primary and secondary sequence numbers differ) was copied
 * with unflushed writes in SYSTEM.LOG: its data may be older than what
 * Windows would see.  hivex opens such a hive without a word.
 */
int hd_rule_hive_dirty(const struct hd_rule *rule, const struct hd_facts *facts,
                       const struct hd_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (!facts->hive.dirty || facts->hive.logs_applied || facts->hive.logs_refused)
		return 0;
	if (facts->hive.replay_skipped)
		return hd_finding_add(out, rule, HD_SEV_INFO, "Analyze again without --no-replay.", NULL,
		                      "The hive is dirty and --no-replay was given: its transaction "
		                      "logs were not applied, so values read here may be stale.");
	return hd_finding_add(out, rule, HD_SEV_INFO,
	                      "Copy the hive's transaction logs (SYSTEM.LOG, SYSTEM.LOG1, "
	                      "SYSTEM.LOG2) beside it and analyze again.",
	                      NULL,
	                      "The hive's sequence numbers differ and no transaction log was found "
	                      "beside it: writes may be missing, so values read here may be stale.");
}

/* Logs that fail validation are refused whole (never half-applied): say so. */
int hd_rule_logs_refused(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->hive.logs_refused == NULL)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "Find an intact copy of the transaction logs, or treat values the "
	                      "last writes may have changed as unconfirmed.",
	                      NULL, "The transaction logs were refused (%s); the primary hive was "
	                      "analyzed as it is, so values read here may be stale.",
	                      facts->hive.logs_refused);
}

/* A lookup that failed inside the hive means "unknown", never "absent". */
int hd_rule_hive_damaged(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->lookup_errors == 0)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "Check the hive file's integrity (a better copy, or its "
	                      "transaction logs); findings that depend on unread keys are "
	                      "not reported as absences.",
	                      NULL, "%zu registry lookup(s) failed inside a damaged part of the hive.",
	                      facts->lookup_errors);
}

/* Q102984: Windows boots Select\Current; say so when another set is analyzed. */
int hd_rule_controlset_fallback(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->hive.controlset_fallback == NULL)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_INFO, NULL, NULL,
	                      "Analyzed a control set other than Select\\Current: %s.",
	                      facts->hive.controlset_fallback);
}
