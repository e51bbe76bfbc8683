/*
 * verdict_peers.c - the verdicts' hook for rule P1 (issue 17): a name that
 * nearly matches what the run's other servers carry, in the minority, is
 * Q298565's reinstall cause for the IMC (likely) and, because the MTA checks
 * the same names against the directory (Q155027), at least possible for the
 * MTA.  A tie (P1 info) changes no verdict.  Kept apart from verdict_imc.c
 * and verdict_mta.c so that each calls it once, at the end.
 */
#include "verdict/verdict.h"

#include <string.h>

static int is_peer_minority(const struct hd_finding *f)
{
	return strcmp(f->rule->id, "P1") == 0 && f->severity == HD_SEV_WARNING;
}

static int cited(const struct hd_verdict *v, size_t idx)
{
	for (size_t i = 0; i < v->n_findings; i++)
		if (v->finding_idx[i] == idx)
			return 1;
	return 0;
}

/* Cite every P1 warning of fs in v; the index of the first, or fs->n for none. */
static size_t cite_peer_findings(const struct hd_findings *fs, struct hd_verdict *v)
{
	size_t first = fs->n;

	for (size_t i = 0; i < fs->n; i++) {
		if (!is_peer_minority(&fs->v[i]))
			continue;
		if (first == fs->n)
			first = i;
		if (!cited(v, i) && v->n_findings < HD_VERDICT_MAX_FINDINGS)
			v->finding_idx[v->n_findings++] = i;
	}
	return first;
}

void hd_verdict_apply_peers(const struct hd_findings *fs, enum hd_verdict_status floor,
                            const char *lead, struct hd_verdict *v, struct hd_strbuf *reason)
{
	size_t i = 0, first;

	while (i < fs->n && !is_peer_minority(&fs->v[i]))
		i++;
	/* Only a judged service: not_installed and unknown stay what they are. */
	if (i == fs->n || v->status < HD_VERDICT_UNLIKELY)
		return;
	if (v->status >= floor) {
		cite_peer_findings(fs, v);
		return;
	}
	/* What made it weaker (A7's "not indicated by the registry") no longer decides. */
	v->n_findings = 0;
	first = cite_peer_findings(fs, v);
	v->status = floor;
	hd_strbuf_clear(reason);
	hd_strbuf_addf(reason, "%s%s", lead ? lead : "", fs->v[first].detail);
}
