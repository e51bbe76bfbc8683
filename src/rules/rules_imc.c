/*
 * rules_imc.c - the IMC rules about names (A1-A7): does SiteDN match the
 * Organization / Site / Server names, as KB Q298565 requires?
 *
 * The hive holds three copies of the names (SiteDN, MSExchangeSA\Parameters,
 * the MTA's X500 DN) but not the directory (dir.edb) they must match, so a
 * copy that disagrees with the others is the evidence, and agreement is
 * "not indicated by the registry", never "fine" (DOMAIN.md section 3).
 */
#include "rules/rules_imc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

int hd_imc_installed(const struct hd_facts *facts)
{
	return facts->exchange.svc[HD_EX_IMC].key.status == HD_FOUND;
}

void hd_imc_name_table(const struct hd_facts *facts, const struct hd_rule_options *opts,
                       struct hd_name_table *t)
{
	const char *expected[HD_PART_COUNT] = {
		opts ? opts->org : NULL, opts ? opts->site : NULL, opts ? opts->server : NULL,
	};

	hd_name_table_build(facts, expected, t);
}

static const char *const part_word[HD_PART_COUNT] = { "organization", "site", "server" };
static const char *const sa_value_name[HD_PART_COUNT] = { "Enterprise", "Site", "Server" };

/*
 * The name a part should have: the user's (the directory's, read in the
 * Exchange Administrator program); else the one SA and the MTA agree on, in
 * SA's spelling (Q298565: SiteDN must exactly match); else the only copy there is.
 */
static const char *target_name(const struct hd_name_row *row)
{
	const char *sa = row->cell[HD_NSRC_SA].value, *mta = row->cell[HD_NSRC_MTA].value;

	if (row->cell[HD_NSRC_EXPECTED].value != NULL)
		return row->cell[HD_NSRC_EXPECTED].value;
	if (sa != NULL && mta != NULL)
		return hd_name_compare(sa, mta) != HD_AGREE_DIFFER ? sa : NULL;
	return sa != NULL ? sa : mta;
}

/* Where target_name() took the organization and site from, for the remedy's reader. */
static const char *target_origin(const struct hd_name_table *t)
{
	int given = (t->row[HD_PART_ORG].cell[HD_NSRC_EXPECTED].value != NULL) +
	            (t->row[HD_PART_SITE].cell[HD_NSRC_EXPECTED].value != NULL);

	return given == 2 ? "the names given with --org and --site"
	     : given == 1 ? "the name given on the command line and the one MSExchangeSA and the MTA agree on"
	     : "the names MSExchangeSA and the MTA agree on; confirm them in the Exchange Administrator program";
}

char *hd_imc_sitedn_remedy(const struct hd_facts *facts, const struct hd_name_table *t,
                           const char *more_advice)
{
	const char *org = target_name(&t->row[HD_PART_ORG]);
	const char *site = target_name(&t->row[HD_PART_SITE]);
	const char *set = hd_analyzed_set(facts);
	struct hd_strbuf fix = { 0 };
	char *s;

	if (org != NULL && site != NULL)
		hd_strbuf_addf(&fix, "Set %s\\Services\\MSExchangeIMC\\Parameters\\SiteDN (REG_SZ) to "
		               "exactly \"/o=%s/ou=%s\" (%s)%s, then start the Internet Mail Service "
		               "(Q298565).", set, org, site, target_origin(t), HD_SET_NOTE);
	else
		hd_strbuf_addf(&fix, "Set %s\\Services\\MSExchangeIMC\\Parameters\\SiteDN (REG_SZ) to "
		               "exactly \"/o=<Organization>/ou=<Site>\" with the names the Exchange "
		               "Administrator program shows%s, then start the Internet Mail Service "
		               "(Q298565).", set, HD_SET_NOTE);
	if (more_advice != NULL)
		hd_strbuf_addf(&fix, "%s", more_advice);
	s = hd_strbuf_take(&fix);
	hd_strbuf_clear(&fix);
	return s;
}

/*
 * Issue 15 (--fix-reg): the registry edit behind the SiteDN remedy, attached
 * to the finding just added when the names to set are known (a majority of
 * the registry's copies, or --org/--site).  No names known: no edit, and the
 * remedy's prose says what to find out first.
 */
int hd_imc_attach_sitedn_fix(const struct hd_facts *facts, const struct hd_name_table *t,
                             struct hd_findings *out)
{
	const char *org = target_name(&t->row[HD_PART_ORG]);
	const char *site = target_name(&t->row[HD_PART_SITE]);
	const char *key = facts->exchange.names.site_dn.rv.key;
	const char *text = facts->exchange.names.site_dn.text;
	char *dn = NULL;
	int rc;

	if (org == NULL || site == NULL || key == NULL)
		return 0;
	if (asprintf(&dn, "/o=%s/ou=%s", org, site) < 0)
		return -1;
	/* A5 may fire for SA and the MTA alone: SiteDN already right is no edit. */
	rc = text != NULL && strcmp(text, dn) == 0 ? 0 : hd_finding_set_fix(out, key, "SiteDN", dn);
	free(dn);
	return rc;
}

/* Why SiteDN cannot serve as a DN (into buf), or NULL when it can. */
static const char *sitedn_problem(const struct hd_exchange_names *n, char *buf, size_t len)
{
	const struct hd_str_fact *sd = &n->site_dn;
	const char *type = hd_regtype_name(sd->rv.raw.type);

	if (sd->rv.status == HD_ABSENT)
		return sd->rv.key_found ? "is missing" : "is missing (MSExchangeIMC\\Parameters does not exist)";
	if (!HD_FACT_OK(sd) || sd->text == NULL) {
		snprintf(buf, len, "is not a string (stored as %s)", type ? type : "an unknown type");
		return buf;
	}
	if (sd->text[strspn(sd->text, " \t")] == '\0')
		return "is empty";
	if (!n->site_dn_parsed_ok)
		return "names neither an organization (o=) nor a site (ou=)";
	if (n->site_dn_parsed.org == NULL)
		return "names no organization (o=)";
	if (n->site_dn_parsed.site == NULL)
		return "names no site (ou=)";
	return NULL;
}

/* A1: without a usable SiteDN the IMC cannot load its configuration (Q298565). */
int hd_rule_imc_sitedn_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                               const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, NULL };
	struct hd_name_table t;
	char why_buf[96], *fix = NULL;
	const char *why;
	int rc;

	if (!hd_imc_installed(facts) || n->site_dn.rv.status == HD_ERROR)
		return 0;
	why = sitedn_problem(n, why_buf, sizeof why_buf);
	if (why == NULL)
		return 0;
	hd_imc_name_table(facts, opts, &t);
	if ((fix = hd_imc_sitedn_remedy(facts, &t, NULL)) == NULL)
		return -1;
	rc = hd_finding_add(out, rule, HD_SEV_ERROR, fix, ev,
	                    "MSExchangeIMC\\Parameters\\SiteDN %s, so the IMC cannot load its "
	                    "configuration (event 4086, Q298565).", why);
	if (rc == 0)
		rc = hd_imc_attach_sitedn_fix(facts, &t, out);
	free(fix);
	return rc;
}

/*
 * A2/A3: SiteDN's o= (ou=) differs from MSExchangeSA and the MTA's X500 DN
 * while those two agree: the cause Q298565 describes.
 */
static int sitedn_part_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out,
                                enum hd_name_part part)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, &n->sa_name[part].rv, &n->mta_x500_dn.rv, NULL };
	struct hd_name_table t;
	const struct hd_name_row *row = &t.row[part];
	struct hd_strbuf note = { 0 };
	const char *sd, *sa, *mta;
	char *fix = NULL;
	int rc;

	if (!hd_imc_installed(facts))
		return 0;
	hd_imc_name_table(facts, opts, &t);
	sd = row->cell[HD_NSRC_SITEDN].value;
	sa = row->cell[HD_NSRC_SA].value;
	mta = row->cell[HD_NSRC_MTA].value;
	if (sd == NULL || sa == NULL || mta == NULL ||
	    hd_name_compare(sa, mta) == HD_AGREE_DIFFER || hd_name_compare(sd, sa) != HD_AGREE_DIFFER)
		return 0;
	if ((fix = hd_imc_sitedn_remedy(facts, &t, NULL)) == NULL)
		return -1;
	hd_note_normalization(&note, "SiteDN's", sd, "MSExchangeSA's", sa);
	rc = hd_strbuf_str(&note) == NULL ? -1
	   : hd_finding_add(out, rule, HD_SEV_ERROR, fix, ev,
	                    "SiteDN names %s \"%s\" but MSExchangeSA %s and the MTA's X500 DN both "
	                    "say \"%s\", so the IMC looks for its configuration where the directory "
	                    "has none (event 4086, Q298565).%s",
	                    part_word[part], sd, sa_value_name[part], sa, hd_strbuf_str(&note));
	if (rc == 0)
		rc = hd_imc_attach_sitedn_fix(facts, &t, out);
	hd_strbuf_clear(&note);
	free(fix);
	return rc;
}

/* A2 */
int hd_rule_imc_org_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out)
{
	return sitedn_part_mismatch(rule, facts, opts, out, HD_PART_ORG);
}

/* A3 */
int hd_rule_imc_site_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	return sitedn_part_mismatch(rule, facts, opts, out, HD_PART_SITE);
}

/* The three registry copies, indexed by enum hd_name_source (SITEDN, SA, MTA). */
static const char *const copy_word[3] = { "SiteDN's", "MSExchangeSA's", "the X500 DN's" };

static const char *shown(const char *v)
{
	return v != NULL ? v : "(none)";
}

/*
 * 1 when the row's SiteDN / SA / MTA values disagree with no majority: all
 * three differ from each other, or the only two there are differ.  Two
 * against one is a majority: against SiteDN it is A2/A3; against the MTA's
 * X500 DN it is B11c (Q155027), and SiteDN agreeing with MSExchangeSA is
 * A7's; against MSExchangeSA, B11c names it (issue 24).
 */
static int no_majority(const struct hd_name_row *row)
{
	const char *sd = row->cell[HD_NSRC_SITEDN].value, *sa = row->cell[HD_NSRC_SA].value;
	const char *mta = row->cell[HD_NSRC_MTA].value;
	int sd_sa = sd && sa && hd_name_compare(sd, sa) == HD_AGREE_DIFFER;
	int sd_mta = sd && mta && hd_name_compare(sd, mta) == HD_AGREE_DIFFER;
	int sa_mta = sa && mta && hd_name_compare(sa, mta) == HD_AGREE_DIFFER;

	if (sd && sa && mta)
		return sd_sa && sd_mta && sa_mta;
	return sd_sa || sd_mta || sa_mta;
}

/* 1 when SiteDN equals MSExchangeSA's name exactly and only the MTA's X500 DN differs (B11c's). */
static int only_mta_differs(const struct hd_name_row *row)
{
	const char *sd = row->cell[HD_NSRC_SITEDN].value, *sa = row->cell[HD_NSRC_SA].value;
	const char *mta = row->cell[HD_NSRC_MTA].value;

	return sd && sa && mta && strcmp(sd, sa) == 0 && hd_name_compare(sd, mta) == HD_AGREE_DIFFER;
}

/* A4: SiteDN, SA and the MTA disagree with no majority (a reinstall with new names). */
int hd_rule_imc_no_majority(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, &n->sa_name[HD_PART_ORG].rv,
	                                 &n->sa_name[HD_PART_SITE].rv, &n->mta_x500_dn.rv, NULL };
	struct hd_name_table t;
	struct hd_strbuf detail = { 0 }, notes = { 0 };
	const char *text;
	char *fix = NULL;
	int rc = -1;

	if (!hd_imc_installed(facts))
		return 0;
	hd_imc_name_table(facts, opts, &t);
	for (int p = HD_PART_ORG; p <= HD_PART_SITE; p++) {
		const struct hd_name_cell *c = t.row[p].cell;

		if (!no_majority(&t.row[p]))
			continue;
		hd_strbuf_addf(&detail, "%s%s: SiteDN \"%s\", MSExchangeSA %s \"%s\", "
		               "X500 DN \"%s\"", detail.len > 0 ? "; " : "", part_word[p],
		               shown(c[HD_NSRC_SITEDN].value), sa_value_name[p],
		               shown(c[HD_NSRC_SA].value), shown(c[HD_NSRC_MTA].value));
		for (int i = 0; i < 3; i++)
			for (int j = i + 1; j < 3; j++)
				hd_note_normalization(&notes, copy_word[i], c[i].value, copy_word[j], c[j].value);
	}
	if ((text = hd_strbuf_str(&detail)) == NULL)
		goto out;
	if (detail.len == 0) {
		rc = 0;
		goto out;
	}
	if ((fix = hd_imc_sitedn_remedy(facts, &t, " Make MSExchangeSA\\Parameters Enterprise and Site and the "
	                         "MTA's X500 DN carry the same names; a wrong X500 DN also stops "
	                         "the MTA (Q155027).")) == NULL)
		goto out;
	if (hd_strbuf_str(&notes) == NULL)
		goto out;
	rc = hd_finding_add(out, rule, HD_SEV_WARNING, fix, ev,
	                    "The registry's copies of the names disagree with no clear majority "
	                    "(%s), as after a reinstall with other names: the IMC and the MTA are "
	                    "both at risk (Q298565, Q155027).%s", text, hd_strbuf_str(&notes));
	if (rc == 0)
		rc = hd_imc_attach_sitedn_fix(facts, &t, out);
out:
	hd_strbuf_clear(&notes);
	hd_strbuf_clear(&detail);
	free(fix);
	return rc;
}

/* 1 when two of the given sources of row hold values that compare as want. */
static int any_pair(const struct hd_name_row *row, const enum hd_name_source *src, size_t n,
                    enum hd_agreement want)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			const char *a = row->cell[src[i]].value, *b = row->cell[src[j]].value;

			if (a != NULL && b != NULL && hd_name_compare(a, b) == want)
				return 1;
		}
	return 0;
}

/* "SiteDN \"x\", MSExchangeSA Server \"y\", ..." for the sources with a value. */
static void describe_row(struct hd_strbuf *buf, const struct hd_name_row *row,
                         enum hd_name_part part)
{
	static const char *const what[HD_NSRC_COUNT] = {
		"SiteDN", "MSExchangeSA", "X500 DN", "ComputerName", "given",
	};
	const char *sep = "";

	for (int s = 0; s < HD_NSRC_COUNT; s++) {
		if (row->cell[s].value == NULL)
			continue;
		hd_strbuf_addf(buf, "%s%s%s%s \"%s\"", sep, what[s], s == HD_NSRC_SA ? " " : "",
		               s == HD_NSRC_SA ? sa_value_name[part] : "", row->cell[s].value);
		sep = ", ";
	}
}

/* describe_row() without ComputerName and the user's name. */
static void describe_server_row(struct hd_strbuf *buf, const struct hd_name_row *row)
{
	struct hd_name_row only = *row;

	only.cell[HD_NSRC_COMPUTER].value = NULL;
	only.cell[HD_NSRC_EXPECTED].value = NULL;
	describe_row(buf, &only, HD_PART_SERVER);
}

/* A5: names equal but for letter case; Q298565 asks for an exact match. */
int hd_rule_imc_case_only(const struct hd_rule *rule, const struct hd_facts *facts,
                          const struct hd_rule_options *opts, struct hd_findings *out)
{
	/* ComputerName is left out: NetBIOS names are case-insensitive. */
	static const enum hd_name_source src[] = {
		HD_NSRC_SITEDN, HD_NSRC_SA, HD_NSRC_MTA, HD_NSRC_EXPECTED,
	};
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, &n->sa_name[HD_PART_ORG].rv,
	                                 &n->sa_name[HD_PART_SITE].rv, &n->sa_name[HD_PART_SERVER].rv,
	                                 &n->mta_x500_dn.rv, NULL };
	struct hd_name_table t;
	struct hd_strbuf detail = { 0 };
	const char *text;
	char *fix = NULL;
	int rc = -1;

	if (!hd_imc_installed(facts))
		return 0;
	hd_imc_name_table(facts, opts, &t);
	for (int p = 0; p < HD_PART_COUNT; p++) {
		if (!any_pair(&t.row[p], src, sizeof src / sizeof src[0], HD_AGREE_CASE_ONLY))
			continue;
		hd_strbuf_addf(&detail, "%s%s: ", detail.len > 0 ? "; " : "", part_word[p]);
		describe_row(&detail, &t.row[p], (enum hd_name_part)p);
	}
	if ((text = hd_strbuf_str(&detail)) == NULL)
		goto out;
	if (detail.len == 0) {
		rc = 0;
		goto out;
	}
	if ((fix = hd_imc_sitedn_remedy(facts, &t, " Spell MSExchangeSA\\Parameters and the MTA's X500 DN with "
	                         "the same letter case as the directory.")) == NULL)
		goto out;
	rc = hd_finding_add(out, rule, HD_SEV_WARNING, fix, ev,
	                    "Names differ only in letter case (%s); Q298565 says SiteDN must "
	                    "exactly match the directory's names, so letter case is not ignored.", text);
	if (rc == 0)
		rc = hd_imc_attach_sitedn_fix(facts, &t, out);
out:
	hd_strbuf_clear(&detail);
	free(fix);
	return rc;
}

/* The server name every copy should carry: the user's, else SA's, else the MTA's. */
static const char *target_server(const struct hd_name_row *row)
{
	if (row->cell[HD_NSRC_EXPECTED].value != NULL)
		return row->cell[HD_NSRC_EXPECTED].value;
	if (row->cell[HD_NSRC_SA].value != NULL)
		return row->cell[HD_NSRC_SA].value;
	return row->cell[HD_NSRC_MTA].value;
}

const char *hd_imc_this_server(const struct hd_facts *facts)
{
	const struct hd_exchange_names *n = &facts->exchange.names;

	if (hd_str_fact_present(&n->sa_name[HD_PART_SERVER]))
		return n->sa_name[HD_PART_SERVER].text;
	return n->mta_x500_dn_parsed_ok ? n->mta_x500_dn_parsed.server : NULL;
}

/*
 * A6: the Exchange copies of the server name disagree (SA Server, the X500
 * DN's server, a server cn in SiteDN).  ComputerName is not one of them: a
 * cluster's virtual server differs from its node by design (Q199756); S1
 * compares it.
 */
int hd_rule_imc_server_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	static const enum hd_name_source src[] = { HD_NSRC_SITEDN, HD_NSRC_SA, HD_NSRC_MTA };
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, &n->sa_name[HD_PART_SERVER].rv,
	                                 &n->mta_x500_dn.rv, NULL };
	struct hd_name_table t;
	const struct hd_name_row *row = &t.row[HD_PART_SERVER];
	struct hd_strbuf detail = { 0 };
	const char *target, *text;
	char *fix = NULL;
	int rc = -1;

	if (!hd_imc_installed(facts))
		return 0;
	hd_imc_name_table(facts, opts, &t);
	if (!any_pair(row, src, sizeof src / sizeof src[0], HD_AGREE_DIFFER))
		return 0;
	target = target_server(row);
	describe_server_row(&detail, row);
	if ((text = hd_strbuf_str(&detail)) == NULL ||
	    asprintf(&fix, "Make every Exchange copy name the server \"%s\" (the name the Exchange "
	             "Administrator program shows): %s\\Services\\MSExchangeSA\\Parameters Server "
	             "(REG_SZ), the cn after cn=Servers in MSExchangeMTA\\Parameters X500 DN (Q155027) "
	             "and any server cn in SiteDN%s.", target ? target : "<Server>",
	             hd_analyzed_set(facts), HD_SET_NOTE) < 0) {
		fix = NULL;
		goto out;
	}
	rc = hd_finding_add(out, rule, HD_SEV_WARNING, fix, ev,
	                    "The Exchange copies of the server name disagree (%s): the MTA checks "
	                    "its X500 DN against the directory at start (Q155027), and a server cn "
	                    "that names another server points to the wrong directory object.", text);
out:
	hd_strbuf_clear(&detail);
	free(fix);
	return rc;
}

/*
 * 1 when no two Exchange copies of any name differ (ComputerName is S1's),
 * but for an organization or site the MTA's X500 DN alone gets wrong while
 * SiteDN and MSExchangeSA agree: that is the MTA's (B11c), and SiteDN has
 * the majority with it.  *mta_odd says whether that was so.
 */
static int registry_consistent(const struct hd_name_table *t, int *mta_odd)
{
	static const enum hd_name_source src[] = { HD_NSRC_SITEDN, HD_NSRC_SA, HD_NSRC_MTA };

	*mta_odd = 0;
	for (int p = 0; p < HD_PART_COUNT; p++) {
		if (p != HD_PART_SERVER && only_mta_differs(&t->row[p])) {
			*mta_odd = 1;
			continue;
		}
		if (any_pair(&t->row[p], src, 3, HD_AGREE_CASE_ONLY) ||
		    any_pair(&t->row[p], src, 3, HD_AGREE_DIFFER))
			return 0;
	}
	return 1;
}

/*
 * Append each organization or site the registry agrees on that differs from
 * the user's.  SiteDN holds no server name: --server is the MTA's (B11c).
 */
static void expected_differences(const struct hd_name_table *t, struct hd_strbuf *detail)
{
	static const char *const option[HD_PART_COUNT] = { "--org", "--site", "--server" };

	for (int p = HD_PART_ORG; p <= HD_PART_SITE; p++) {
		const struct hd_name_cell *c = t->row[p].cell;
		const char *given = c[HD_NSRC_EXPECTED].value, *have = NULL;

		for (int s = HD_NSRC_SITEDN; s <= HD_NSRC_MTA && have == NULL; s++)
			have = c[s].value;
		if (given == NULL || have == NULL || hd_name_compare(have, given) != HD_AGREE_DIFFER)
			continue;
		hd_strbuf_addf(detail, "%s%s \"%s\" where %s gives \"%s\"",
		               detail->len > 0 ? ", " : "", part_word[p], have, option[p], given);
	}
}

/* A7 with names from the user: a registry that agrees with itself but not with them. */
static int names_vs_expected(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_name_table *t, const struct hd_regval *const *ev,
                             struct hd_findings *out)
{
	struct hd_strbuf detail = { 0 };
	const char *text;
	char *fix = NULL;
	int rc = -1;

	expected_differences(t, &detail);
	if ((text = hd_strbuf_str(&detail)) == NULL)
		goto out;
	if (detail.len == 0) {
		rc = hd_finding_add(out, rule, HD_SEV_INFO, NULL, ev,
		                    "SiteDN and every other registry copy of the organization and "
		                    "site agree with --org/--site: a SiteDN mismatch is not indicated "
		                    "(SiteDN holds no server name).");
		goto out;
	}
	if ((fix = hd_imc_sitedn_remedy(facts, t, " MSExchangeSA and the MTA carry the same names as SiteDN, so "
	                         "Exchange was probably set up with mistyped names: Q298565's other "
	                         "fix is to reinstall it with the names the directory has.")) == NULL)
		goto out;
	rc = hd_finding_add(out, rule, HD_SEV_ERROR, fix, ev,
	                    "The registry's names agree with each other but not with the names "
	                    "given (%s), so SiteDN does not match the directory: the Q298565 "
	                    "cause.", text);
out:
	hd_strbuf_clear(&detail);
	free(fix);
	return rc;
}

/*
 * What A7 compared SiteDN with.  An unreadable copy is said to be one, never
 * "none" and never counted as agreeing (issue 24).
 */
static const char *compared_with(const struct hd_exchange_names *n, const struct hd_name_table *t)
{
	int have_sa = t->row[HD_PART_ORG].cell[HD_NSRC_SA].value || t->row[HD_PART_SITE].cell[HD_NSRC_SA].value;
	int have_mta = n->mta_x500_dn_parsed_ok;
	int sa_unread = n->sa_name[HD_PART_ORG].rv.status == HD_ERROR ||
	                n->sa_name[HD_PART_SITE].rv.status == HD_ERROR;
	int mta_unread = n->mta_x500_dn.rv.status == HD_ERROR;

	if (have_sa && have_mta)
		return sa_unread ? "agrees with the MTA's X500 DN and with what could be read of MSExchangeSA's "
		                   "names (Enterprise or Site could not be read)"
		                 : "agrees with MSExchangeSA and the MTA's X500 DN";
	if (have_sa)
		return mta_unread ? "agrees with MSExchangeSA (the MTA's X500 DN could not be read)"
		                  : "agrees with MSExchangeSA (no MTA X500 DN to compare)";
	if (have_mta)
		return sa_unread ? "agrees with the MTA's X500 DN (MSExchangeSA's names could not be read)"
		                 : "agrees with the MTA's X500 DN (MSExchangeSA holds no names)";
	return sa_unread || mta_unread ? "could not be compared: its other copies could not be read"
	                               : "has no other copy in the registry to compare with";
}

/* A7: nothing in the registry disagrees; the directory itself is not in the hive. */
int hd_rule_imc_names_consistent(const struct hd_rule *rule, const struct hd_facts *facts,
                                 const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, &n->sa_name[HD_PART_ORG].rv,
	                                 &n->sa_name[HD_PART_SITE].rv, &n->sa_name[HD_PART_SERVER].rv,
	                                 &n->mta_x500_dn.rv, &facts->system.computer_name.rv, NULL };
	struct hd_name_table t;
	struct hd_dn_check form;
	char why_buf[96];
	const char *others;
	int mta_odd;

	if (!hd_imc_installed(facts) || sitedn_problem(n, why_buf, sizeof why_buf) != NULL)
		return 0;
	/* A SiteDN of the wrong form (A12) names no object, however its names compare. */
	hd_dn_check_sitedn(n->site_dn.text, hd_imc_this_server(facts), &form);
	if (form.form != HD_DN_FORM_OK && form.form != HD_DN_FORM_TOLERATED)
		return 0;
	hd_imc_name_table(facts, opts, &t);
	if (!registry_consistent(&t, &mta_odd))
		return 0;
	if (opts && (opts->org || opts->site))
		return names_vs_expected(rule, facts, &t, ev, out);
	others = mta_odd ? "agrees with MSExchangeSA; the MTA's X500 DN alone differs, which Q155027 "
	                   "documents as a cause of an MTA start failure (B11c)"
	                 : compared_with(n, &t);
	return hd_finding_add(out, rule, HD_SEV_INFO,
	                      "Compare SiteDN with the Organization and Site the Exchange "
	                      "Administrator program shows, or run hivediag again with --org "
	                      "and --site (and --server for the MTA's X500 DN).", ev,
	                      "Not indicated by the registry: SiteDN \"%s\" %s, but the directory "
	                      "it must match is not in the hive (Q298565).",
	                      n->site_dn.text, others);
}
