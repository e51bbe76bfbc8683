/*
 * verdict_mta.c - is the MTA start failure of KB Q320200 likely?
 *
 * Q320200 states no cause: its remedy (remove and reinstall TCP/IP, then the
 * service pack) is why a damaged TCP/IP is inferred to be behind it
 * (DOMAIN.md section 0.6); every reason says so.
 *
 * likely    a damaged TCP/IP (B2, B3, B5 errors) and no alternative (B7
 *           warning, B11a-f) that explains the failure as well;
 * possible  damage plus such an alternative, an alternative alone, or only
 *           weaker signs (B4, B6, B9); the reason names what the evidence favours;
 * unlikely  none of these; not_installed without Services\MSExchangeMTA;
 * unknown   a key or value B2-B5 read could not be read and no
 *           finding points to a failure (issue 24: an unread value is no
 *           evidence of health); with findings, the reason never calls
 *           TCP/IP intact then.
 * Info findings (B7 with the LAN first, B8) never raise it.  SP4 itself is in
 * the SOFTWARE hive: with --software, rules B1 and B10 adjust the verdict
 * last (verdict_software.c; SP4 known to be absent lowers likely to possible).
 * Then P1 (the other servers' names, Q155027; verdict_peers.c) raises it to
 * at least possible.
 * B12 (the MTA itself disabled, error 1058) leaves the status as it is and is
 * named in the reason as the alternative cause (DOMAIN.md 0.13).
 * A stale dirty hive adds HD_STALE_CAVEAT to the reason.
 */
#include <errno.h>
#include <string.h>

#include "facts/facts_network.h"
#include "util/strbuf.h"
#include "rules/rules_mta.h"
#include "verdict/verdict.h"
#include "verdict/verdict_software.h"

#define INFERENCE " (Q320200 states no cause; a damaged TCP/IP is inferred from its remedy, " \
	"which is to remove and reinstall TCP/IP)"

static int is_alternative(const struct hd_finding *f)
{
	return f->severity >= HD_SEV_WARNING &&
	       (strncmp(f->rule->id, "B11", 3) == 0 || strcmp(f->rule->id, "B7") == 0);
}

/*
 * Record the MTA rules' warnings and errors (B2..B11; info is context only) in
 * v.  B12 (the MTA itself disabled) is named last, by hd_verdict_name_disabled.
 */
static void collect_finding_ids(const struct hd_findings *fs, struct hd_verdict *v)
{
	for (size_t i = 0; i < fs->n && v->n_findings < HD_VERDICT_MAX_FINDINGS; i++) {
		const char *id = fs->v[i].rule->id;

		if (id[0] == 'B' && fs->v[i].severity >= HD_SEV_WARNING && !hd_verdict_software_rule(id) &&
		    strcmp(id, "B12") != 0)
			v->finding_idx[v->n_findings++] = i;
	}
}

/* Append "title (id, KB)" of each finding that pred accepts, once per rule; the count. */
static size_t add_titles(const struct hd_findings *fs, int (*pred)(const struct hd_finding *),
                         struct hd_strbuf *t)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++) {
		const struct hd_rule *rule = fs->v[i].rule;
		int seen = 0;

		if (!pred(&fs->v[i]))
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= fs->v[j].rule == rule && pred(&fs->v[j]);
		if (seen)
			continue;
		hd_strbuf_addf(t, "%s%s (%s%s%s)", n++ ? "; " : "", rule->title, rule->id,
		               rule->kb[0] != NULL ? ", " : "", rule->kb[0] != NULL ? rule->kb[0] : "");
	}
	return n;
}

static int is_damage(const struct hd_finding *f)
{
	return hd_finding_shows_tcpip_damage(f);
}

static int is_weaker(const struct hd_finding *f)
{
	const char *id = f->rule->id;

	return f->severity >= HD_SEV_WARNING &&
	       (strcmp(id, "B4") == 0 || strcmp(id, "B6") == 0 || strcmp(id, "B9") == 0);
}

static int any(const struct hd_findings *fs, int (*pred)(const struct hd_finding *))
{
	for (size_t i = 0; i < fs->n; i++)
		if (pred(&fs->v[i]))
			return 1;
	return 0;
}

#define UNREAD "Parts of the TCP/IP installation could not be read (a damaged part of the hive)"

/* Status and reason when some MTA rule fired; unread: network_unreadable(). */
static void judge(const struct hd_findings *fs, int unread, struct hd_verdict *v, struct hd_strbuf *reason)
{
	int damaged = any(fs, is_damage), alternative = any(fs, is_alternative);

	v->status = damaged && !alternative ? HD_VERDICT_LIKELY : HD_VERDICT_POSSIBLE;
	if (damaged) {
		hd_strbuf_addf(reason, "The registry shows a damaged TCP/IP installation: ");
		add_titles(fs, is_damage, reason);
		hd_strbuf_addf(reason, INFERENCE);
		if (alternative) {
			hd_strbuf_addf(reason, "; but another documented cause of the same 2140/9406 "
			               "holds too, rule it out first: ");
			add_titles(fs, is_alternative, reason);
		}
	} else if (alternative) {
		hd_strbuf_addf(reason, "%s; the evidence favours another documented cause of the same "
		               "2140/9406: ", unread ? UNREAD : "TCP/IP looks intact");
		add_titles(fs, is_alternative, reason);
	} else {
		hd_strbuf_addf(reason, "%s, but weaker signs remain: ",
		               unread ? UNREAD : "The core TCP/IP keys are intact");
		add_titles(fs, is_weaker, reason);
		hd_strbuf_addf(reason, INFERENCE);
	}
	hd_strbuf_addf(reason, ".");
}

/*
 * 1 when a key or value the TCP/IP rules (B2-B5) rest on could not be
 * read: an unread value is no evidence of an intact TCP/IP (issue 24).
 */
static int network_unreadable(const struct hd_network_facts *net)
{
	if (net->tcpip.key.status == HD_ERROR || net->linkage.status == HD_ERROR ||
	    net->bind.rv.status == HD_ERROR || net->tcpip_winsock.status == HD_ERROR ||
	    net->winsock_transports.rv.status == HD_ERROR || net->helper_dll_name.rv.status == HD_ERROR ||
	    net->mapping.status == HD_ERROR || net->min_sockaddr.rv.status == HD_ERROR ||
	    net->max_sockaddr.rv.status == HD_ERROR)
		return 1;
	for (size_t i = 0; i < net->n_bindings; i++) {
		const struct hd_tcpip_params *p = &net->bindings[i].params;

		if (!net->bindings[i].is_ndiswan &&
		    (p->key.status == HD_ERROR || p->enable_dhcp.rv.status == HD_ERROR ||
		     p->ip_address.rv.status == HD_ERROR || p->subnet_mask.rv.status == HD_ERROR))
			return 1;
	}
	return 0;
}

static void judge_installed(const struct hd_facts *facts, const struct hd_findings *fs,
                            struct hd_verdict *v, struct hd_strbuf *reason)
{
	int unread = network_unreadable(&facts->network);

	collect_finding_ids(fs, v);
	if (v->n_findings > 0) {
		judge(fs, unread, v, reason);
	} else if (unread) {
		v->status = HD_VERDICT_UNKNOWN;
		hd_strbuf_addf(reason, UNREAD ", so the registry neither shows nor rules out a damaged "
		               "TCP/IP installation.");
	} else {
		v->status = HD_VERDICT_UNLIKELY;
		hd_strbuf_addf(reason, "The registry shows an intact TCP/IP installation and "
		               "none of the other documented causes.");
	}
	hd_verdict_mta_software(facts, fs, v, reason);
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
		judge_installed(facts, fs, v, &reason);
		hd_verdict_apply_peers(fs, HD_VERDICT_POSSIBLE, "TCP/IP looks intact; the evidence favours "
		                       "another cause of an MTA that does not start (Q155027): ", v, &reason);
		hd_verdict_name_disabled(fs, "B12", v, &reason);
	}
	if (hd_evidence_stale(facts))
		hd_strbuf_addf(&reason, HD_STALE_CAVEAT);
	v->reason = hd_strbuf_take(&reason);
	hd_strbuf_clear(&reason);
	return v->reason == NULL ? -1 : 0;
}
