/*
 * test_rules_peers.c - rule P1 over hand-built facts and a peer table, and
 * its verdict hook (verdict/verdict_peers.c): no hive, no run.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"
#include "rules/rules.h"
#include "util/strbuf.h"
#include "verdict/verdict.h"

TestSuite(rules_peers);

static void str_fact(struct hd_str_fact *s, const char *name, const char *text)
{
	hd_str_fact_clear(s);
	s->rv.key = strdup("ControlSet001\\Services\\X\\Parameters");
	s->rv.name = strdup(name);
	s->rv.key_found = 1;
	s->rv.status = HD_FOUND;
	s->rv.raw.type = HD_REG_SZ;
	s->decode = HD_DECODE_OK;
	s->text = strdup(text);
}

/* One server whose every copy says org / site, all services installed. */
static void server(struct hd_facts *f, const char *org, const char *site)
{
	struct hd_exchange_names *n = &f->exchange.names;
	char dn[256];

	memset(f, 0, sizeof *f);
	for (int i = 0; i < HD_EX_COUNT; i++) {
		f->exchange.svc[i].key.status = HD_FOUND;
		str_fact(&f->exchange.svc[i].object_name, "ObjectName", "CONTOSO\\exsvc");
	}
	snprintf(dn, sizeof dn, "/o=%s/ou=%s", org, site);
	str_fact(&n->site_dn, "SiteDN", dn);
	str_fact(&n->sa_name[HD_PART_ORG], "Enterprise", org);
	str_fact(&n->sa_name[HD_PART_SITE], "Site", site);
	str_fact(&n->sa_name[HD_PART_SERVER], "Server", "EXCH05");
	snprintf(dn, sizeof dn, "/o=%s/ou=%s/cn=Configuration/cn=Servers/cn=EXCH05/cn=Microsoft MTA", org, site);
	str_fact(&n->mta_x500_dn, "X500 DN", dn);
	n->site_dn_parsed_ok = hd_dn_parse(n->site_dn.text, &n->site_dn_parsed) == 1;
	n->mta_x500_dn_parsed_ok = hd_dn_parse(n->mta_x500_dn.text, &n->mta_x500_dn_parsed) == 1;
}

/* One SYSTEM hive's names record into t, in case folder folder. */
static void add_hive(struct hd_fleet_table *t, const char *folder, const char *path, const char *org,
                     const char *site, const char *server_name, const char *domain)
{
	struct hd_fleet_names n = {
		.path = (char *)path, .case_folder = (char *)folder, .installation = (char *)path,
		.server = (char *)server_name, .domain = (char *)domain, .org = (char *)org, .site = (char *)site,
		.is_system = 1, .read = 1,
	};

	cr_assert_eq(hd_fleet_table_add(t, &n), 0);
}

/* Contoso's servers in one case folder, Fabrikam in another. */
static struct hd_fleet_table *table(int majority, int minority)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	char path[32];

	cr_assert_not_null(t);
	for (int i = 0; i < majority; i++) {
		snprintf(path, sizeof path, "redmond/exch0%d", i + 1);
		add_hive(t, "archive/redmond", path, "Contoso", "Redmond", path, NULL);
	}
	/* Distinct servers: copies of one would count once (DOMAIN.md 0.16). */
	for (int i = 0; i < minority; i++) {
		snprintf(path, sizeof path, "redmond/exch%02d", i + 5);
		add_hive(t, "archive/redmond", path, "Contosso", "Redmond", path, NULL);
	}
	add_hive(t, "archive/paris", "paris/fab01", "Fabrikam", "Paris", "FAB01", NULL);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	return t;
}

/*
 * The IMC rules and P1 (the facts here hold no network: the MTA pack would
 * speak of that).  0 or -1, as hd_rules_run.
 */
static int run_rules(const struct hd_facts *f, const struct hd_rule_options *opts, struct hd_findings *out)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if ((hd_rules[i].id[0] == 'A' || hd_rules[i].id[0] == 'P') &&
		    hd_rules[i].check(&hd_rules[i], f, opts, out) < 0)
			return -1;
	return 0;
}

static const struct hd_finding *p1(const struct hd_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule->id, "P1") == 0)
			return &fs->v[i];
	return NULL;
}

/* The reinstalled server: P1 warning citing Q298565's reinstall cause, the inference, its peers. */
Test(rules_peers, minority_is_a_warning_with_peers)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };
	const struct hd_finding *p;

	server(&f, "Contosso", "Redmond");
	t = table(4, 1);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	p = p1(&fs);
	cr_assert_not_null(p);
	cr_assert_eq(p->severity, HD_SEV_WARNING);
	cr_assert_str_eq(p->rule->kb[0], "Q298565");
	cr_assert_str_eq(p->rule->kb[1], "Q155027");
	cr_assert_not_null(strstr(p->detail, "the wrong Organization or Site name was used when Exchange "
	                                     "Server was reinstalled"));
	cr_assert_not_null(strstr(p->detail, "an inference"));
	cr_assert_not_null(strstr(p->detail, "\"Contoso\", which 4 servers of this scope carry (\"Contosso\": 1 server, "
	                                     "this one included"), "%s", p->detail);
	cr_assert_eq(p->n_evidence, 3, "SiteDN, Enterprise, X500 DN");
	cr_assert_eq(p->n_peers, 1);
	cr_assert_str_eq(p->peers[0]->org, "Contoso");
	cr_assert_eq(p->peers[0]->n_paths, 4);
	hd_findings_clear(&fs);
	hd_fleet_table_free(t);
	hd_facts_clear(&f);
}

/* Verdicts: the IMC's raised to likely with P1's reason, the MTA's to possible. */
Test(rules_peers, raises_verdicts)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };
	struct hd_verdict imc, mta;

	server(&f, "Contosso", "Redmond");
	t = table(4, 1);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_eq(hd_verdict_imc(&f, &fs, &imc), 0);
	cr_assert_eq(imc.status, HD_VERDICT_LIKELY);
	cr_assert_eq(imc.n_findings, 1, "A7's 'not indicated' no longer cited");
	cr_assert_str_eq(fs.v[imc.finding_idx[0]].rule->id, "P1");
	cr_assert_str_eq(imc.reason, p1(&fs)->detail);
	cr_assert_eq(hd_verdict_mta(&f, &fs, &mta), 0);
	cr_assert_eq(mta.status, HD_VERDICT_POSSIBLE);
	cr_assert_not_null(strstr(mta.reason, "Q155027"));
	hd_verdict_clear(&imc);
	hd_verdict_clear(&mta);
	hd_findings_clear(&fs);
	hd_fleet_table_free(t);
	hd_facts_clear(&f);
}

/* The majority's servers and another organization get nothing; no table, no P1. */
Test(rules_peers, majority_other_org_and_no_table)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };

	t = table(4, 1);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	server(&f, "Contoso", "Redmond");
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs));
	hd_findings_clear(&fs);
	hd_facts_clear(&f);
	server(&f, "Fabrikam", "Paris");
	opts.peer_case = "archive/paris";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs));
	hd_findings_clear(&fs);
	hd_facts_clear(&f);
	server(&f, "Contosso", "Redmond");
	opts.peers = NULL;
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs), "a single hive is never compared");
	hd_findings_clear(&fs);
	hd_facts_clear(&f);
	hd_fleet_table_free(t);
}

/* A tie is info and changes no verdict. */
Test(rules_peers, tie_is_info_without_verdict_change)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };
	struct hd_verdict imc;
	const struct hd_finding *p;

	server(&f, "Contosso", "Redmond");
	t = table(2, 2);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	p = p1(&fs);
	cr_assert_not_null(p);
	cr_assert_eq(p->severity, HD_SEV_INFO);
	cr_assert_not_null(strstr(p->detail, "no verdict changes"));
	cr_assert_eq(hd_verdict_imc(&f, &fs, &imc), 0);
	cr_assert_eq(imc.status, HD_VERDICT_UNLIKELY);
	hd_verdict_clear(&imc);
	hd_findings_clear(&fs);
	hd_fleet_table_free(t);
	hd_facts_clear(&f);
}

/* Names the user gave are the directory's: the peers do not judge those parts. */
Test(rules_peers, user_names_take_precedence)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };

	server(&f, "Contosso", "Redmond");
	t = table(4, 1);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	opts.org = "Contosso";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs));
	hd_findings_clear(&fs);
	hd_fleet_table_free(t);
	hd_facts_clear(&f);
}

/* Copies that disagree within the hive are A2-A5's: the peers do not judge them. */
Test(rules_peers, inconsistent_copies_not_judged)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_fleet_table *t;
	struct hd_rule_options opts = { 0 };

	server(&f, "Contosso", "Redmond");
	str_fact(&f.exchange.names.sa_name[HD_PART_ORG], "Enterprise", "Contoso");
	t = table(4, 1);
	opts.peers = t;
	opts.peer_case = "archive/redmond";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs));
	hd_findings_clear(&fs);
	hd_fleet_table_free(t);
	hd_facts_clear(&f);
}

/*
 * Issue 23: Contosso in a case folder of its own, with a DNS domain of its
 * own, is another customer: no P1.  The same server sharing Contoso's DNS
 * domain, or Contoso's case folder, is judged by Contoso's servers.
 */
Test(rules_peers, judged_only_within_its_scope)
{
	struct hd_facts f;
	struct hd_findings fs = { 0 };
	struct hd_rule_options opts = { 0 };
	struct hd_fleet_table *t = hd_fleet_table_new();

	for (int i = 0; i < 4; i++) {
		char path[32];

		snprintf(path, sizeof path, "c1/exch0%d", i + 1);
		add_hive(t, "c1", path, "Contoso", "Redmond", path, "contoso.com");
	}
	add_hive(t, "c2", "c2/mail", "Contosso", "Redmond", "MAIL", "contosso.net");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	opts.peers = t;
	server(&f, "Contosso", "Redmond");
	opts.peer_case = "c2";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_null(p1(&fs), "another customer's case folder and domain: no peers");
	hd_findings_clear(&fs);
	opts.peer_case = "c1";
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_not_null(p1(&fs), "Contoso's case folder: judged");
	cr_assert_not_null(strstr(p1(&fs)->detail, "shared case folder or DNS domain, is an inference"));
	hd_findings_clear(&fs);
	/* In no case folder of the table, but in Contoso's DNS domain (Tcpip\Parameters Domain). */
	opts.peer_case = "elsewhere";
	str_fact(&f.network.domain, "Domain", "Contoso.COM.");
	cr_assert_eq(run_rules(&f, &opts, &fs), 0);
	cr_assert_not_null(p1(&fs), "Contoso's DNS domain: judged");
	hd_findings_clear(&fs);
	hd_facts_clear(&f);
	hd_fleet_table_free(t);
}

/* The hook leaves not_installed alone and only cites P1 in an already stronger verdict. */
Test(rules_peers, hook_bounds)
{
	struct hd_rule rule = { .id = "P1" };
	struct hd_findings fs = { 0 };
	struct hd_verdict v = { 0 };
	struct hd_strbuf reason = { 0 };

	cr_assert_eq(hd_finding_add(&fs, &rule, HD_SEV_WARNING, NULL, NULL, "peers say so"), 0);
	v.status = HD_VERDICT_NOT_INSTALLED;
	hd_verdict_apply_peers(&fs, HD_VERDICT_LIKELY, NULL, &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_NOT_INSTALLED);
	cr_assert_eq(v.n_findings, 0);
	v.status = HD_VERDICT_LIKELY;
	hd_strbuf_addf(&reason, "A2 said so");
	hd_verdict_apply_peers(&fs, HD_VERDICT_POSSIBLE, NULL, &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_LIKELY);
	cr_assert_str_eq(hd_strbuf_str(&reason), "A2 said so");
	cr_assert_eq(v.n_findings, 1);
	hd_verdict_apply_peers(&fs, HD_VERDICT_POSSIBLE, NULL, &v, &reason);
	cr_assert_eq(v.n_findings, 1, "cited once");
	v.status = HD_VERDICT_UNLIKELY;
	hd_verdict_apply_peers(&fs, HD_VERDICT_POSSIBLE, "lead: ", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_POSSIBLE);
	cr_assert_str_eq(hd_strbuf_str(&reason), "lead: peers say so");
	hd_strbuf_clear(&reason);
	hd_findings_clear(&fs);
}
