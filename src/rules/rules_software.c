/*
 * rules_software.c - rules B1 and B10 (DOMAIN.md section 5), over the facts
 * of the SOFTWARE hive (facts/software.h).
 *
 * B1  KB Q320200 is titled "MTA does not start after you apply Service
 *     Pack 4": the Exchange build (Q158530) says whether that trigger holds.
 *     The article has no CAUSE section; that a damaged TCP/IP is the cause
 *     is our inference from its remedy (DOMAIN.md 0.6), and the wording says so.
 *     When TCP/IP's keys were last written after the Exchange setup key,
 *     the order is given as evidence, with the caveat that a key's time is
 *     its last write, not its first.
 * B10 Q165324: RPC over TCP/IP needs ncacn_ip_tcp in Microsoft\Rpc
 *     ClientProtocols and ServerProtocols; when it is wrong, the remedy is
 *     to remove and re-add TCP/IP, the same as Q320200's.
 */
#include "rules/rules_software.h"

#include "facts/software.h"
#include "rules/rules_mta_internal.h"
#include "util/textutil.h"

static int applies(const struct hd_facts *facts)
{
	return facts->software.given && hd_mta_installed(facts);
}

/* Append "; KEY was last written T, after the Exchange setup key (T0)" for a later TCP/IP key. */
static void add_later(struct hd_strbuf *t, struct hd_mta_evidence *ev, const char *what,
                      const struct hd_regval *key, uint64_t setup_time)
{
	char when[HD_ISOTIME_LEN], setup[HD_ISOTIME_LEN];

	if (!key->key_found || key->key_time <= setup_time ||
	    hd_filetime_iso(key->key_time, when) != 0 || hd_filetime_iso(setup_time, setup) != 0)
		return;
	hd_strbuf_addf(t, "; the %s key %s was last written %s, after the Exchange setup key was "
	               "last written %s", what, key->key, when, setup);
	hd_mta_evidence_add(ev, key);
}

/* The order of TCP/IP's keys and the setup key, as evidence for the SP4 link. */
static void add_order(struct hd_strbuf *t, struct hd_mta_evidence *ev, const struct hd_facts *facts)
{
	const struct hd_network_facts *net = &facts->network;
	uint64_t setup = facts->software.setup.key_time;
	size_t before = t->len;

	if (!facts->software.setup.key_found || setup == 0)
		return;
	add_later(t, ev, "TCP/IP bindings", &net->linkage, setup);
	add_later(t, ev, "TCP/IP Winsock", &net->tcpip_winsock, setup);
	if (t->len > before)
		hd_strbuf_addf(t, " (a key's time is its last write, not its first: TCP/IP was changed "
		               "after the service pack was installed, or both were)");
}

static void describe_build(struct hd_strbuf *t, const struct hd_software_facts *sw)
{
	const struct hd_build_fact *b = sw->build_source;

	if (b == NULL) {
		hd_strbuf_addf(t, "Microsoft\\Exchange\\Setup %s: the Exchange build is unknown",
		               sw->setup.status == HD_ABSENT ? "is absent from the SOFTWARE hive"
		               : "holds no readable ServicePackBuild or NewestBuild");
		return;
	}
	if (sw->version == NULL) {
		hd_strbuf_addf(t, "Exchange %s %u is not a build Q158530 lists (5.5 RTM 1960, SP1 2232, "
		               "SP2 2448, SP3 2650, SP4 2653): the service pack is unknown, not guessed",
		               b->rv.name, (unsigned)sw->build);
		return;
	}
	hd_strbuf_addf(t, "Exchange %s (%s %u): ", sw->version, b->rv.name, (unsigned)sw->build);
	if (sw->service_pack == HD_EXCH_SP4)
		hd_strbuf_addf(t, "KB Q320200's trigger, Service Pack 4, holds");
	else
		hd_strbuf_addf(t, "KB Q320200's trigger, Service Pack 4, is absent; a damaged TCP/IP "
		               "installation still fails the MTA the same way (an inference from the "
		               "article's remedy, which reinstalls TCP/IP)");
}

/* A dirty SOFTWARE hive whose logs were not replayed (none beside it, refused,
 * or --no-replay; analyze_software.c): say what that means. */
static void add_stale(struct hd_strbuf *t, const struct hd_software_facts *sw)
{
	if (sw->dirty && !sw->logs_applied)
		hd_strbuf_addf(t, " (the SOFTWARE hive is dirty and its transaction logs were not "
		               "replayed: this may describe an older state)");
}

/* B1 Q320200, Q158530: the Exchange build and service pack (info). */
int hd_rule_mta_exchange_build(const struct hd_rule *rule, const struct hd_facts *facts,
                               const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_software_facts *sw = &facts->software;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!applies(facts) || sw->setup.status == HD_ERROR)
		return 0;
	hd_mta_evidence_add(&ev, sw->build_source ? &sw->build_source->rv : &sw->setup);
	describe_build(&detail, sw);
	if (sw->service_pack == HD_EXCH_SP4)
		add_order(&detail, &ev, facts);
	add_stale(&detail, sw);
	return hd_mta_add(out, rule, HD_SEV_INFO, NULL, &ev, &detail);
}

/* Why one protocol list fails RPC over TCP/IP, or NULL when it maps ncacn_ip_tcp. */
static const char *rpc_problem(const struct hd_rpc_protocols *p)
{
	const struct hd_str_fact *f = &p->ncacn_ip_tcp;

	if (p->key.status == HD_ERROR || f->rv.status == HD_ERROR || hd_str_fact_present(f))
		return NULL;
	if (p->key.status == HD_ABSENT)
		return "the key is missing";
	if (f->rv.status == HD_ABSENT)
		return "it has no ncacn_ip_tcp value";
	return f->decode != HD_DECODE_OK ? "its ncacn_ip_tcp is not a string" : "its ncacn_ip_tcp is empty";
}

/* B10 Q165324: ncacn_ip_tcp missing from ClientProtocols or ServerProtocols (error). */
int hd_rule_mta_rpc_tcp_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_software_facts *sw = &facts->software;
	const struct hd_rpc_protocols *lists[] = { &sw->rpc_client, &sw->rpc_server };
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!applies(facts))
		return 0;
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const char *why = rpc_problem(lists[i]);

		if (why == NULL)
			continue;
		hd_mta_evidence_add(&ev, lists[i]->key.status == HD_FOUND ? &lists[i]->ncacn_ip_tcp.rv
		                                                      : &lists[i]->key);
		hd_strbuf_addf(&detail, "%s%s: %s", detail.len > 0 ? "; " : "", lists[i]->key.key, why);
	}
	if (ev.n == 0)
		return 0;
	hd_strbuf_addf(&detail, " (RPC over TCP/IP, which the Exchange services use, is not registered)");
	add_stale(&detail, sw);
	return hd_mta_add(out, rule, HD_SEV_ERROR, "Remove TCP/IP, restart, add it again, then reapply "
	                  "the Windows NT service pack (KB Q165324; the same remedy as KB Q320200).",
	                  &ev, &detail);
}
