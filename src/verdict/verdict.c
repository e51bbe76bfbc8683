/*
 * verdict.c - what both verdicts share: names, release, and the one
 * definition of a damaged TCP/IP installation.
 */
#include "verdict/verdict.h"

#include <stdlib.h>
#include <string.h>

const char *hd_verdict_status_name(enum hd_verdict_status s)
{
	switch (s) {
	case HD_VERDICT_NOT_INSTALLED: return "not_installed";
	case HD_VERDICT_UNLIKELY: return "unlikely";
	case HD_VERDICT_POSSIBLE: return "possible";
	case HD_VERDICT_LIKELY: return "likely";
	case HD_VERDICT_UNKNOWN: break;
	}
	return "unknown";
}

void hd_verdict_clear(struct hd_verdict *v)
{
	free(v->reason);
	memset(v, 0, sizeof *v);
}

int hd_evidence_stale(const struct hd_facts *facts)
{
	/* A mirror read instead (DOMAIN.md 0.15, rule H6) is what the loader boots, not stale. */
	return facts->hive.dirty && !facts->hive.logs_applied && facts->hive.alt_used == NULL;
}

int hd_finding_shows_tcpip_damage(const struct hd_finding *f)
{
	return f->severity == HD_SEV_ERROR &&
	       (strcmp(f->rule->id, "B2") == 0 || strcmp(f->rule->id, "B3") == 0 ||
	        strcmp(f->rule->id, "B5") == 0);
}

int hd_tcpip_damaged(const struct hd_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		if (hd_finding_shows_tcpip_damage(&fs->v[i]))
			return 1;
	return 0;
}

void hd_verdict_name_disabled(const struct hd_findings *fs, const char *rule_id,
                              struct hd_verdict *v, struct hd_strbuf *reason)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct hd_finding *f = &fs->v[i];

		if (strcmp(f->rule->id, rule_id) != 0 || f->severity < HD_SEV_WARNING)
			continue;
		if (v->n_findings < HD_VERDICT_MAX_FINDINGS)
			v->finding_idx[v->n_findings++] = i;
		hd_strbuf_addf(reason, " Whether or not KB %s's cause holds, an alternative cause "
		               "does: %s is disabled (Start = 4, %s), and the service control manager "
		               "does not start a disabled service (Win32 error 1058, "
		               "ERROR_SERVICE_DISABLED).", v->kb,
		               f->rule->service ? f->rule->service : "the service", rule_id);
		return;
	}
}
