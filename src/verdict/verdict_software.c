/*
 * verdict_software.c - the SOFTWARE hive's part of the Q320200 verdict
 * (DOMAIN.md section 5: "SP4 known to be absent lowers it (the reason says
 * why)"; B10 "MTA at least likely when SP4 is installed", issue 13).
 */
#include "verdict/verdict_software.h"

#include <string.h>

#include "facts/software.h"

int hd_verdict_software_rule(const char *rule_id)
{
	return strcmp(rule_id, "B1") == 0 || strcmp(rule_id, "B10") == 0;
}

/* Cite the B1 and B10 findings; 1 when B10 is among them. */
static int cite(const struct hd_findings *fs, struct hd_verdict *v)
{
	int b10 = 0;

	for (size_t i = 0; i < fs->n; i++) {
		if (!hd_verdict_software_rule(fs->v[i].rule->id))
			continue;
		b10 |= strcmp(fs->v[i].rule->id, "B10") == 0;
		if (v->n_findings < HD_VERDICT_MAX_FINDINGS)
			v->finding_idx[v->n_findings++] = i;
	}
	return b10;
}

static void weigh_rpc(int sp4, struct hd_verdict *v, struct hd_strbuf *reason)
{
	enum hd_verdict_status want = sp4 ? HD_VERDICT_LIKELY : HD_VERDICT_POSSIBLE;

	if (v->status == HD_VERDICT_UNLIKELY || v->status == HD_VERDICT_UNKNOWN) {
		hd_strbuf_clear(reason);
		hd_strbuf_addf(reason, "The SYSTEM hive shows no damage to TCP/IP, but the SOFTWARE hive "
		               "does not register RPC over TCP/IP (B10, KB Q165324, whose remedy is "
		               "Q320200's: reinstall TCP/IP).");
	} else {
		hd_strbuf_addf(reason, " The SOFTWARE hive does not register RPC over TCP/IP either "
		               "(B10, KB Q165324).");
	}
	if (v->status < want)
		v->status = want;
}

static void weigh_build(const struct hd_software_facts *sw, struct hd_verdict *v,
                        struct hd_strbuf *reason)
{
	if (sw->service_pack == HD_EXCH_SP4) {
		hd_strbuf_addf(reason, " Exchange %s (build %u) is installed: the article's trigger holds (B1).",
		               sw->version, (unsigned)sw->build);
	} else if (sw->service_pack >= 0) {
		hd_strbuf_addf(reason, " Exchange %s (build %u) is installed, not SP4: the article's "
		               "trigger is absent (B1)", sw->version, (unsigned)sw->build);
		if (v->status == HD_VERDICT_LIKELY) {
			v->status = HD_VERDICT_POSSIBLE;
			hd_strbuf_addf(reason, ", so this is possible rather than likely; a damaged TCP/IP "
			               "still fails the MTA");
		}
		hd_strbuf_addf(reason, ".");
	} else {
		hd_strbuf_addf(reason, " The Exchange build is unknown (B1): whether Service Pack 4, "
		               "the article's trigger, is installed cannot be told.");
	}
}

void hd_verdict_mta_software(const struct hd_facts *facts, const struct hd_findings *fs,
                             struct hd_verdict *v, struct hd_strbuf *reason)
{
	const struct hd_software_facts *sw = &facts->software;

	if (!sw->given)
		return;
	if (cite(fs, v))
		weigh_rpc(sw->service_pack == HD_EXCH_SP4, v, reason);
	weigh_build(sw, v, reason);
}
