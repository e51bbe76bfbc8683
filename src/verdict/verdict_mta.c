/*
 * verdict_mta.c - is the MTA start failure of KB Q320200 likely?
 *
 * likely    a damaged TCP/IP (B2, B3, B5): the article's cause;
 * possible  only weaker signs (B4, B6, B9), the binding order (B7), or an
 *           alternative of B11 (B11a-B11f), and the reason names the cause the evidence
 *           favours;
 * unlikely  none of these; not_installed without Services\MSExchangeMTA;
 * unknown   the keys that decide it could not be read.
 * SP4 itself is recorded in the SOFTWARE hive: with --software, rules B1
 * and B10 adjust the verdict last (verdict_software.c).  P1 (the other
 * servers' names, Q155027; verdict_peers.c) raises it to at least possible.
 */
#include <errno.h>
#include <string.h>

#include "facts/facts_network.h"
#include "util/strbuf.h"
#include "rules/rules_mta.h"
#include "verdict/verdict.h"
#include "verdict/verdict_software.h"

/* Record the MTA rules' findings (B2..B11, but not the B8 context) in v. */
static void collect_finding_ids(const struct hd_findings *fs, struct hd_verdict *v)
{
	for (size_t i = 0; i < fs->n && v->n_findings < HD_VERDICT_MAX_FINDINGS; i++) {
		const char *id = fs->v[i].rule->id;

		if (id[0] == 'B' && strcmp(id, "B8") != 0 && !hd_verdict_software_rule(id))
			v->finding_idx[v->n_findings++] = i;
	}
}

/* Append the titles and KBs of the B11a-B11f findings ("Q185154, Q271568"); the count. */
static size_t add_alternatives(const struct hd_findings *fs, struct hd_strbuf *t)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++) {
		const struct hd_rule *rule = fs->v[i].rule;

		if (strncmp(rule->id, "B11", 3) != 0)
			continue;
		hd_strbuf_addf(t, "%s%s (%s)", n++ ? ", " : "", rule->title,
		               rule->kb[0] != NULL ? rule->kb[0] : "no KB");
	}
	return n;
}

/* Append "title (id)" of each B4, B6 and B9 finding, once per rule. */
static void add_weaker_signs(const struct hd_findings *fs, struct hd_strbuf *t)
{
	static const char *const weaker[] = { "B4", "B6", "B9" };
	size_t n = 0;

	for (size_t k = 0; k < sizeof weaker / sizeof weaker[0]; k++)
		for (size_t i = 0; i < fs->n; i++)
			if (strcmp(fs->v[i].rule->id, weaker[k]) == 0) {
				hd_strbuf_addf(t, "%s%s (%s)", n++ ? ", " : "", fs->v[i].rule->title, weaker[k]);
				break;
			}
}

/* Status and reason when some MTA rule fired. */
static void judge(const struct hd_findings *fs, struct hd_verdict *v, struct hd_strbuf *reason)
{
	struct hd_strbuf alt = { 0 };
	size_t n_alt = add_alternatives(fs, &alt);
	const char *alt_text = hd_strbuf_str(&alt);

	if (alt_text == NULL)
		alt_text = "";
	if (hd_tcpip_damaged(fs)) {
		v->status = HD_VERDICT_LIKELY;
		hd_strbuf_addf(reason, "The registry shows a damaged TCP/IP installation, the cause "
		               "KB Q320200 documents");
		if (n_alt > 0)
			hd_strbuf_addf(reason, "; rule out too: %s", alt_text);
	} else if (n_alt > 0) {
		v->status = HD_VERDICT_POSSIBLE;
		hd_strbuf_addf(reason, "TCP/IP looks intact; the evidence favours another cause of "
		               "the same 2140/9406: %s", alt_text);
	} else if (hd_findings_has(fs, "B7")) {
		v->status = HD_VERDICT_POSSIBLE;
		hd_strbuf_addf(reason, "TCP/IP looks intact; the evidence favours the binding order "
		               "(KB Q279415, Q280449, Q285350) over a damaged TCP/IP");
	} else {
		v->status = HD_VERDICT_POSSIBLE;
		hd_strbuf_addf(reason, "The core TCP/IP keys are intact, but weaker signs remain: ");
		add_weaker_signs(fs, reason);
	}
	hd_strbuf_addf(reason, ".");
	hd_strbuf_clear(&alt);
}

/* 1 when the keys the verdict rests on could not be read. */
static int network_unreadable(const struct hd_network_facts *net)
{
	return net->tcpip.key.status == HD_ERROR || net->linkage.status == HD_ERROR ||
	       net->bind.rv.status == HD_ERROR || net->tcpip_winsock.status == HD_ERROR;
}

int hd_verdict_mta(const struct hd_facts *facts, const struct hd_findings *fs, struct hd_verdict *v)
{
	const struct hd_regval *key = &facts->exchange.svc[HD_EX_MTA].key;
	struct hd_strbuf reason = { 0 };

	memset(v, 0, sizeof *v);
	v->kb = "Q320200";
	if (key->status != HD_FOUND) {
		v->status = key->status == HD_ERROR ? HD_VERDICT_UNKNOWN : HD_VERDICT_NOT_INSTALLED;
		hd_strbuf_addf(&reason, "%s", key->status == HD_ERROR ? "Services\\MSExchangeMTA "
		               "could not be read." : "Services\\MSExchangeMTA does not exist: the "
		               "MTA is not installed in this control set.");
	} else {
		collect_finding_ids(fs, v);
		if (v->n_findings > 0) {
			judge(fs, v, &reason);
		} else if (network_unreadable(&facts->network)) {
			v->status = HD_VERDICT_UNKNOWN;
			hd_strbuf_addf(&reason, "The TCP/IP keys could not be read from this hive.");
		} else {
			v->status = HD_VERDICT_UNLIKELY;
			hd_strbuf_addf(&reason, "The registry shows an intact TCP/IP installation and "
			               "none of the other documented causes.");
		}
		hd_verdict_mta_software(facts, fs, v, &reason);
	}
	v->reason = hd_strbuf_take(&reason);
	hd_strbuf_clear(&reason);
	if (v->reason == NULL)
		return -1;
	return hd_verdict_apply_peers(fs, HD_VERDICT_POSSIBLE, "TCP/IP looks intact; the evidence favours "
	                              "another cause of an MTA that does not start (Q155027): ", v);
}
