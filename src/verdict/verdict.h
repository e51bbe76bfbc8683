/*
 * verdict.h - the judgment of each headline failure (KB Q298565 for the IMC,
 * KB Q320200 for the MTA) from the facts and the findings.
 */
#ifndef HD_VERDICT_H
#define HD_VERDICT_H

#include <stddef.h>

#include "facts/facts.h"
#include "rules/finding.h"
#include "util/strbuf.h"

enum hd_verdict_status {
	HD_VERDICT_UNKNOWN, HD_VERDICT_NOT_INSTALLED, HD_VERDICT_UNLIKELY,
	HD_VERDICT_POSSIBLE, HD_VERDICT_LIKELY,
};

#define HD_VERDICT_MAX_FINDINGS 16

struct hd_verdict {
	enum hd_verdict_status status;
	const char *kb;                         /* "Q298565" / "Q320200" */
	char *reason;                           /* one sentence */
	size_t finding_idx[HD_VERDICT_MAX_FINDINGS]; /* indexes into findings */
	size_t n_findings;
};

const char *hd_verdict_status_name(enum hd_verdict_status s);

/* Judge both headline failures from facts and findings.  0 ok, -1 ENOMEM. */
int hd_verdict_imc(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v);
int hd_verdict_mta(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v);
void hd_verdict_clear(struct hd_verdict *v);

/*
 * 1 when the facts may be stale: a dirty hive whose transaction logs were
 * missing, refused or skipped (DOMAIN.md section 0.9).
 */
int hd_evidence_stale(const struct hd_facts *facts);

/* The sentence every verdict reason ends with when hd_evidence_stale(). */
#define HD_STALE_CAVEAT " The hive is dirty and its transaction logs were not applied " \
	"(missing, refused or skipped), so this evidence may be stale."

/*
 * 1 when a finding says the TCP/IP installation is damaged (B2, B3 or B5):
 * the inference from Q320200's remedy.  Both verdicts use it: the MTA's
 * directly, the IMC's because the IMC depends on Tcpip (Q143380).
 */
int hd_tcpip_damaged(const struct hd_findings *fs);
/* The same test on one finding (an error of B2, B3 or B5). */
int hd_finding_shows_tcpip_damage(const struct hd_finding *f);

/*
 * Rule P1's hook (verdict_peers.c): when a P1 warning is among fs (this
 * server's names are the minority's near-miss), cite it in v and raise an
 * installed service's status to at least floor, its reason then lead (may
 * be NULL) followed by P1's detail (out of memory: reason's failure sticks).
 */
void hd_verdict_apply_peers(const struct hd_findings *fs, enum hd_verdict_status floor,
                            const char *lead, struct hd_verdict *v, struct hd_strbuf *reason);

/*
 * Rules A13 / B12 (DOMAIN.md 0.13): when a finding of rule_id (the service
 * itself disabled) is among fs, cite it in v and append to reason that it
 * is the alternative cause (error 1058).  The status is left as it is: a
 * disabled service neither raises nor hides the KB article's own cause.
 */
void hd_verdict_name_disabled(const struct hd_findings *fs, const char *rule_id,
                              struct hd_verdict *v, struct hd_strbuf *reason);

#endif
