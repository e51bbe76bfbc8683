/*
 * rules_peers.c - rule P1: names that nearly match the other servers'.
 *
 * Q298565's second cause, "the wrong Organization or Site name was used
 * when Exchange Server was reinstalled", leaves every registry copy on the
 * server consistent (SiteDN, MSExchangeSA's names, the MTA's X500 DN), so A2
 * and A3 cannot see it.  The other servers of its organization carry the
 * directory's names.  Which servers those are is itself an inference (issue
 * 23): the servers of this hive's scope (fleet/fleet.h), those in the same
 * case folder of the archive or sharing its DNS domain (Tcpip\Parameters
 * Domain), never every hive of a run.  When this server's name differs from
 * the name most of them carry
 * only by case, blanks, punctuation or a typing error (util/nearmiss.h),
 * the peers stand in for the directory: an inference, and the finding says
 * so.  A name the user gave with --org/--site is the directory's own, and
 * A7 compares with it instead.  Distinct names (other organizations, other
 * sites) are never a finding.
 */
#include "rules/rules_peers.h"

#include <stdio.h>
#include <stdlib.h>

#include "fleet/agreed.h"
#include "fleet/fleet.h"
#include "util/strbuf.h"

static const char *difference(const struct hd_peer_judgement *j, char *buf, size_t len)
{
	switch (j->how) {
	case HD_NEAR_CASE: return "differs only in letter case";
	case HD_NEAR_BLANKS: return "differs only in blanks or punctuation";
	case HD_NEAR_EDIT:
		snprintf(buf, len, "differs by %u edit%s (a letter added, dropped, changed or two swapped)",
		         j->distance, j->distance == 1 ? "" : "s");
		return buf;
	default: return "differs";
	}
}

/*
 * Counts are of servers, not hive files (DOMAIN.md 0.16): this server's
 * other copies (repair, RegBack, a copy sent twice) are no other witness,
 * and one of them may even carry the other spelling, so "this one
 * included" rather than "others".
 */
static void describe(const struct hd_peer_judgement *j, const char *word, struct hd_strbuf *d)
{
	char buf[96];

	hd_strbuf_addf(d, "%s name \"%s\" (every registry copy on this server) %s from \"%s\", which "
	               "%lu server%s of this scope carr%s (\"%s\": %lu server%s, this one included; the "
	               "registry copies of one server count once; the scope, the servers linked to this one by a "
	               "shared case folder or DNS domain, is an inference)", word, j->own, difference(j, buf, sizeof buf),
	               j->other, j->other_count, j->other_count == 1 ? "" : "s",
	               j->other_count == 1 ? "ies" : "y", j->own, j->own_count, j->own_count == 1 ? "" : "s");
	if (j->status == HD_PEER_MINORITY)
		hd_strbuf_addf(d, ": the other servers stand in for the directory here (an inference: the "
		               "directory is not in the hive); Q298565 documents that the IMC does not start "
		               "when \"the wrong Organization or Site name was used when Exchange Server was "
		               "reinstalled\", and the MTA checks the same names against the directory (Q155027).");
	else
		hd_strbuf_addf(d, ": as many servers carry each spelling, so the peers do not say which is "
		               "the directory's; no verdict changes on this.");
}

static const char *const remedy_minority =
	"Read the Organization and Site names in the Exchange Administrator program.  If they are "
	"the other servers' spelling, Exchange Server on this server was installed with the wrong "
	"name: reinstall it with the directory's names (Q298565).  The peers' paths are in this "
	"finding's evidence; --org and --site give the directory's names to the analysis.";
static const char *const remedy_tie =
	"Read the Organization and Site names in the Exchange Administrator program and give them "
	"with --org and --site: the servers of this scope disagree with no majority.";

static int add(const struct hd_rule *rule, const struct hd_peer_judgement *j, const char *word,
               const struct hd_name_row *row, struct hd_findings *out)
{
	const struct hd_regval *ev[HD_NSRC_COUNT + 1] = { NULL };
	struct hd_finding *f;
	struct hd_strbuf d = { 0 };
	size_t n = 0;
	int rc;

	for (int s = 0; s < HD_NSRC_EXPECTED; s++)
		if (row->cell[s].value != NULL && row->cell[s].evidence != NULL)
			ev[n++] = row->cell[s].evidence;
	describe(j, word, &d);
	rc = hd_strbuf_str(&d) == NULL ? -1
	   : hd_finding_add(out, rule, j->status == HD_PEER_MINORITY ? HD_SEV_WARNING : HD_SEV_INFO,
	                    j->status == HD_PEER_MINORITY ? remedy_minority : remedy_tie, ev,
	                    "%s", hd_strbuf_str(&d));
	hd_strbuf_clear(&d);
	if (rc < 0)
		return -1;
	f = &out->v[out->n - 1];
	for (size_t i = 0; i < j->n_peers && f->n_peers < HD_FINDING_MAX_PEERS; i++)
		f->peers[f->n_peers++] = j->peers[i];
	return 0;
}

int hd_rule_peer_names(const struct hd_rule *rule, const struct hd_facts *facts,
                       const struct hd_rule_options *opts, struct hd_findings *out)
{
	struct hd_name_table t;
	struct hd_peer_judgement j;
	struct hd_fleet_scope scope;
	const char *org, *site;

	if (opts == NULL || opts->peers == NULL ||
	    !hd_fleet_scope_of(opts->peers, opts->peer_case, facts->network.domain.text, &scope))
		return 0;       /* no peers, or none that may belong to this server's organization */
	hd_name_table_build(facts, NULL, &t);
	org = hd_peer_agreed(&t.row[HD_PART_ORG]);
	site = hd_peer_agreed(&t.row[HD_PART_SITE]);
	if (org != NULL && opts->org == NULL) {
		if (hd_fleet_judge_org(opts->peers, &scope, org, &j) < 0)
			return -1;
		if (j.status != HD_PEER_NONE && add(rule, &j, "Organization", &t.row[HD_PART_ORG], out) < 0)
			return -1;
	}
	if (org != NULL && site != NULL && opts->site == NULL) {
		if (hd_fleet_judge_site(opts->peers, &scope, org, site, &j) < 0)
			return -1;
		if (j.status != HD_PEER_NONE && add(rule, &j, "Site", &t.row[HD_PART_SITE], out) < 0)
			return -1;
	}
	return 0;
}
