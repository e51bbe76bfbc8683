/*
 * verdict_imc.c - is the KB Q298565 failure (IMC does not start, event 4086,
 * error 2140) likely?  Foundation version: decides only whether the IMC is
 * installed; the IMC rule pack judges the rest.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

int hd_verdict_imc(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v)
{
	const struct hd_regval *key = &facts->exchange.svc[HD_EX_IMC].key;

	(void)fs;
	memset(v, 0, sizeof *v);
	v->kb = "Q298565";
	if (key->status == HD_ABSENT) {
		v->status = HD_VERDICT_NOT_INSTALLED;
		v->reason = strdup("Services\\MSExchangeIMC does not exist in the analyzed control set.");
	} else if (key->status == HD_ERROR) {
		v->status = HD_VERDICT_UNKNOWN;
		v->reason = strdup("Services\\MSExchangeIMC could not be read.");
	} else {
		v->status = HD_VERDICT_UNKNOWN;
		v->reason = strdup("The IMC is installed; its configuration was not judged.");
	}
	return v->reason ? 0 : -1;
}
