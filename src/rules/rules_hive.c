/*
 * rules_hive.c - findings about the hive as evidence: how current and how
 * complete the data behind every other finding is.
 */
#include "rules/rules_hive.h"

#include <stddef.h>

/* 1 when any Exchange service key was found: stale data could change a verdict. */
static int exchange_present(const struct hd_facts *facts)
{
	for (int i = 0; i < HD_EX_COUNT; i++)
		if (facts->exchange.svc[i].key.status == HD_FOUND)
			return 1;
	return 0;
}

/*
 * A dirty hive (primary and secondary sequence numbers differ) was copied
 * with unflushed writes in SYSTEM.LOG: its data may be older than what
 * Windows would see.  hivex opens such a hive without a word.  Stale
 * evidence is a warning (DOMAIN.md 0.9) wherever Exchange is installed, and
 * each verdict's reason repeats it; with no Exchange service at all there is
 * no judgment it could change, so it stays info (the real corpus hive
 * win81-x64-dirty: dirty, no logs shipped, exit 0).
 */
int hd_rule_hive_dirty(const struct hd_rule *rule, const struct hd_facts *facts,
                       const struct hd_rule_options *opts, struct hd_findings *out)
{
	enum hd_severity sev;

	(void)opts;
	if (!facts->hive.dirty || facts->hive.logs_refused || facts->hive.alt_used)
		return 0;       /* refused logs are H4's; a mirror read instead, H6's */
	if (facts->hive.logs_applied)
		return hd_finding_add(out, rule, HD_SEV_INFO, NULL, NULL,
		                      "The hive was dirty; its transaction logs were applied before the "
		                      "analysis, so values read here include the last writes.");
	sev = exchange_present(facts) ? HD_SEV_WARNING : HD_SEV_INFO;
	if (facts->hive.replay_skipped)
		return hd_finding_add(out, rule, sev, "Analyze again without --no-replay.", NULL,
		                      "The hive is dirty and --no-replay was given: its transaction "
		                      "logs were not applied, so values read here may be stale.");
	return hd_finding_add(out, rule, sev,
	                      "Copy the hive's transaction logs (SYSTEM.LOG, SYSTEM.LOG1, "
	                      "SYSTEM.LOG2) beside it and analyze again.",
	                      NULL,
	                      "The hive's sequence numbers differ and no transaction log was found "
	                      "beside it: writes may be missing, so values read here may be stale.");
}

/* Logs that fail validation are refused whole (never half-applied): say so. */
int hd_rule_logs_refused(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out)
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
                         const struct hd_rule_options *opts, struct hd_findings *out)
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
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->hive.controlset_fallback == NULL)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_INFO, NULL, NULL,
	                      "Analyzed a control set other than Select\\Current: %s.",
	                      facts->hive.controlset_fallback);
}

/*
 * Q102984 describes Select's values as REG_DWORDs.  One that is a 4-byte
 * REG_BINARY was read little-endian and the set it names analyzed
 * (DOMAIN.md 0.14); whether the loader accepts such a value is undocumented,
 * so the server may not boot from that set: a warning, and an inference.
 */
int hd_rule_select_wrong_type(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->hive.select_wrong_type == NULL)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "Make the Select value a REG_DWORD naming the control set Windows is "
	                      "to boot.",
	                      NULL,
	                      "Select\\%s is a REG_BINARY, not the REG_DWORD KB Q102984 describes; its "
	                      "4 bytes read little-endian name %s, which was analyzed.  Whether the "
	                      "loader accepts a value of this type is undocumented (an inference): the "
	                      "server may not boot from this set.",
	                      facts->hive.select_wrong_type,
	                      facts->hive.controlset ? facts->hive.controlset : "a control set");
}

/*
 * DOMAIN.md 0.15 (Q151247; NT 4.0 Resource Kit, "Making Sure the System
 * Always Starts"): NT 4.0's SYSTEM hive has no .LOG, and when the loader
 * cannot use SYSTEM it boots the mirror SYSTEM.ALT.  A dirty primary with no
 * log and a consistent .ALT beside it was judged from the .ALT: say so, so
 * no reader takes the findings for the primary's.  Info: the data is what
 * the loader would boot, not stale.
 */
int hd_rule_alt_used(const struct hd_rule *rule, const struct hd_facts *facts,
                     const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (facts->hive.alt_used == NULL)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_INFO, NULL, NULL,
	                      "The hive is dirty and no transaction log is beside it (NT 4.0 keeps "
	                      "none for SYSTEM); its mirror %s is consistent, and the loader boots "
	                      "the mirror when it cannot use SYSTEM (Q151247), so every value here "
	                      "was read from %s.",
	                      facts->hive.alt_used, facts->hive.alt_used);
}
