/*
 * verdict_software.h - what the SOFTWARE hive adds to the MTA verdict
 * (KB Q320200): its trigger, Service Pack 4 (rule B1), and RPC over TCP/IP
 * (rule B10, KB Q165324).
 */
#ifndef HD_VERDICT_SOFTWARE_H
#define HD_VERDICT_SOFTWARE_H

#include "util/strbuf.h"
#include "verdict/verdict.h"

/* 1 for the rules this file weighs (B1, B10): the core MTA verdict leaves them out. */
int hd_verdict_software_rule(const char *rule_id);

/*
 * Adjust v (status, cited findings) and extend reason once the SYSTEM hive's
 * evidence is judged.  Does nothing without a SOFTWARE hive.
 *   B10 raises the verdict to likely with SP4, to possible otherwise;
 *   SP4 known to be absent (an older build Q158530 lists) lowers likely
 *   to possible, and the reason says the trigger is absent.
 */
void hd_verdict_mta_software(const struct hd_facts *facts, const struct hd_findings *fs,
                             struct hd_verdict *v, struct hd_strbuf *reason);

#endif
