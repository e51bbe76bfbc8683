/*
 * verdict_imc.c - is the KB Q298565 failure (IMC does not start, event 4086,
 * error 2140) likely?  Judged from the IMC rules' findings (rules_imc*.c):
 *
 *   not_installed  Services\MSExchangeIMC is absent
 *   likely         A1 (no usable SiteDN), A2/A3 (SiteDN against SA and MTA),
 *                  A12 error (SiteDN names another site or server), A7 error
 *                  (registry against --org/--site), or A11 error (a dependency
 *                  that does not exist)
 *   possible       A4, A5, A6, A8, A9, A12 warning (SiteDN of the wrong form),
 *                  A11 warning (disabled dependency, wrong type), or a damaged
 *                  TCP/IP (B2, B3, B5 errors): the IMC depends on Tcpip
 *   unlikely       otherwise: A7 says the registry does not indicate it
 *   unknown        SiteDN, the value Q298565 is about, could not be read (a
 *                  damaged cell: an error, not an absence), or none of the
 *                  copies it is compared with could be, and no finding
 *                  points to a failure: an unread value is no evidence of
 *                  health (issue 24)
 * Info findings (A10, a tolerated A12) and S1 never raise it; nor does A13
 * (the IMC itself disabled, error 1058), which the reason names as the
 * alternative cause without changing the status (DOMAIN.md 0.13).  Then P1 (the
 * other servers' names, verdict_peers.c) raises it to likely.  A stale dirty
 * hive adds HD_STALE_CAVEAT to the reason.
 */
#include "verdict/verdict.h"

#include <string.h>

#include "util/strbuf.h"

static int rule_is(const struct hd_finding *f, const char *id)
{
	return strcmp(f->rule->id, id) == 0;
}

static int points_to_likely(const struct hd_finding *f)
{
	return rule_is(f, "A1") || rule_is(f, "A2") || rule_is(f, "A3") ||
	       ((rule_is(f, "A7") || rule_is(f, "A11") || rule_is(f, "A12")) &&
	        f->severity == HD_SEV_ERROR);
}

static int points_to_possible(const struct hd_finding *f)
{
	return rule_is(f, "A4") || rule_is(f, "A5") || rule_is(f, "A6") || rule_is(f, "A8") ||
	       rule_is(f, "A9") ||
	       ((rule_is(f, "A11") || rule_is(f, "A12")) && f->severity == HD_SEV_WARNING) ||
	       hd_finding_shows_tcpip_damage(f);
}

static int points_to_unlikely(const struct hd_finding *f)
{
	return rule_is(f, "A7");
}

/* Record the findings that satisfy pred; returns how many there were. */
static size_t gather(const struct hd_findings *fs, int (*pred)(const struct hd_finding *),
                     struct hd_verdict *v)
{
	size_t found = 0;

	v->n_findings = 0;
	for (size_t i = 0; i < fs->n; i++) {
		if (!pred(&fs->v[i]))
			continue;
		if (v->n_findings < HD_VERDICT_MAX_FINDINGS)
			v->finding_idx[v->n_findings++] = i;
		found++;
	}
	return found;
}

/*
 * Why the evidence Q298565 rests on could not be read (NULL when it could):
 * SiteDN itself, or every copy it is compared with (MSExchangeSA's
 * Enterprise and Site and the MTA's X500 DN).
 */
static const char *key_evidence_unreadable(const struct hd_exchange_names *n)
{
	if (n->site_dn.rv.status == HD_ERROR)
		return "MSExchangeIMC\\Parameters\\SiteDN, the value Q298565 is about, could not be read "
		       "(a damaged part of the hive)";
	if (n->sa_name[HD_PART_ORG].rv.status == HD_ERROR && n->sa_name[HD_PART_SITE].rv.status == HD_ERROR &&
	    n->mta_x500_dn.rv.status == HD_ERROR)
		return "none of the copies SiteDN is compared with (MSExchangeSA\\Parameters Enterprise "
		       "and Site, the MTA's X500 DN) could be read (a damaged part of the hive)";
	return NULL;
}

/* Judge an installed IMC: the strongest class of evidence decides. */
static void judge_installed(const struct hd_facts *facts, const struct hd_findings *fs,
                            struct hd_verdict *v, struct hd_strbuf *reason)
{
	const char *unread = key_evidence_unreadable(&facts->exchange.names);
	static const struct {
		int (*pred)(const struct hd_finding *);
		enum hd_verdict_status status;
	} classes[] = {
		{ points_to_likely, HD_VERDICT_LIKELY },
		{ points_to_possible, HD_VERDICT_POSSIBLE },
		{ points_to_unlikely, HD_VERDICT_UNLIKELY },
	};

	for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
		if (gather(fs, classes[c].pred, v) == 0)
			continue;
		if (unread != NULL && classes[c].status == HD_VERDICT_UNLIKELY)
			break;  /* A7's "not indicated" compared what could be read: not enough */
		v->status = classes[c].status;
		/* Each IMC finding's detail is one sentence naming its evidence. */
		hd_strbuf_addf(reason, "%s", fs->v[v->finding_idx[0]].detail);
		if (unread != NULL)
			hd_strbuf_addf(reason, " Also, %s.", unread);
		return;
	}
	if (unread != NULL) {
		v->n_findings = 0;
		v->status = HD_VERDICT_UNKNOWN;
		hd_strbuf_addf(reason, "Unknown: %s, so the registry neither shows nor rules out the "
		               "Q298565 failure.", unread);
		return;
	}
	v->status = HD_VERDICT_UNLIKELY;
	hd_strbuf_addf(reason, "No IMC rule found evidence of the Q298565 failure.");
}

int hd_verdict_imc(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v)
{
	const struct hd_regval *key = &facts->exchange.svc[HD_EX_IMC].key;
	struct hd_strbuf reason = { 0 };

	memset(v, 0, sizeof *v);
	v->kb = "Q298565";
	if (key->status == HD_ABSENT) {
		v->status = HD_VERDICT_NOT_INSTALLED;
		hd_strbuf_addf(&reason, "Services\\MSExchangeIMC does not exist in the analyzed control set.");
	} else if (key->status == HD_ERROR) {
		v->status = HD_VERDICT_UNKNOWN;
		hd_strbuf_addf(&reason, "Services\\MSExchangeIMC could not be read.");
	} else {
		judge_installed(facts, fs, v, &reason);
		hd_verdict_apply_peers(fs, HD_VERDICT_LIKELY, NULL, v, &reason);
		hd_verdict_name_disabled(fs, "A13", v, &reason);
	}
	if (hd_evidence_stale(facts))
		hd_strbuf_addf(&reason, HD_STALE_CAVEAT);
	v->reason = hd_strbuf_take(&reason);
	hd_strbuf_clear(&reason);
	return v->reason == NULL ? -1 : 0;
}
