/*
 * verdict_mta.c - is the KB Q320200 failure (MTA does not start after
 * Exchange 5.5 SP4, error 2140) likely?  Foundation version: decides only
 * whether the MTA is installed; the MTA rule pack judges the rest.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

int hd_verdict_mta(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v)
{
	const struct hd_regval *key = &facts->exchange.svc[HD_EX_MTA].key;

	(void)fs;
	memset(v, 0, sizeof *v);
	v->kb = "Q320200";
	if (key->status == HD_ABSENT) {
		v->status = HD_VERDICT_NOT_INSTALLED;
		v->reason = strdup("Services\\MSExchangeMTA does not exist in the analyzed control set.");
	} else if (key->status == HD_ERROR) {
		v->status = HD_VERDICT_UNKNOWN;
		v->reason = strdup("Services\\MSExchangeMTA could not be read.");
	} else {
		v->status = HD_VERDICT_UNKNOWN;
		v->reason = strdup("The MTA is installed; its configuration was not judged.");
	}
	return v->reason ? 0 : -1;
}
