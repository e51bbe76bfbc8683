/*
 * rules_mta_internal.h - helpers shared by the MTA rule files
 * (rules_mta.c: TCP/IP damage; rules_mta_alt.c: alternatives and context).
 */
#ifndef HD_RULES_MTA_INTERNAL_H
#define HD_RULES_MTA_INTERNAL_H

#include "util/strbuf.h"
#include "rules/rules_mta.h"

/* A finding's evidence list, NULL-terminated, silently capped at the finding's limit. */
struct hd_mta_evidence {
	const struct hd_regval *v[HD_FINDING_MAX_EVIDENCE + 1];
	size_t n;
};

static inline void hd_mta_evidence_add(struct hd_mta_evidence *ev, const struct hd_regval *rv)
{
	if (rv != NULL && ev->n < HD_FINDING_MAX_EVIDENCE)
		ev->v[ev->n++] = rv;
	ev->v[ev->n] = NULL;
}

/*
 * Add a finding whose detail is the text built so far, then clear the text.
 * 0 ok, -1 ENOMEM (also when the text failed to build).
 */
int hd_mta_add(struct hd_findings *out, const struct hd_rule *rule, enum hd_severity sev,
               const char *remediation, struct hd_mta_evidence *ev, struct hd_strbuf *detail);

#endif
