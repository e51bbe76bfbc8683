/*
 * rules_imc_form.c - SiteDN as the IMC uses it (A12), the connector's
 * CommonName (A8), and the server's name against ComputerName (S1).
 *
 * The IMC appends /cn=Configuration/cn=Connections/cn=<CommonName> to the
 * raw SiteDN (an Exchange IMC source header; DOMAIN.md section 0.1), so a
 * SiteDN whose names agree but whose form differs still names no object.
 */
#include "rules/rules_imc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

/* A12: SiteDN not exactly /o=<Org>/ou=<Site>; the offending component is named. */
int hd_rule_imc_sitedn_form(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->site_dn.rv, NULL };
	struct hd_dn_check c;
	struct hd_name_table t;
	enum hd_severity sev;
	char *fix = NULL;
	int rc;

	if (!hd_imc_installed(facts) || !hd_str_fact_present(&n->site_dn))
		return 0;
	hd_dn_check_sitedn(n->site_dn.text, hd_imc_this_server(facts), &c);
	if (c.form == HD_DN_FORM_OK)
		return 0;
	if (c.form == HD_DN_FORM_TOLERATED)
		return hd_finding_add(out, rule, HD_SEV_INFO, NULL, ev, "SiteDN \"%s\" %s.",
		                      n->site_dn.text, c.why);
	sev = c.form == HD_DN_FORM_ELSEWHERE ? HD_SEV_ERROR : HD_SEV_WARNING;
	hd_imc_name_table(facts, opts, &t);
	if ((fix = hd_imc_sitedn_remedy(facts, &t, NULL)) == NULL)
		return -1;
	rc = hd_finding_add(out, rule, sev, fix, ev,
	                    "SiteDN \"%s\" %s%s%s%s: the IMC appends /cn=Configuration/cn=Connections/"
	                    "cn=<CommonName> to the string as written (inferred from the IMC's source "
	                    "header), so its configuration object is not where the directory keeps it "
	                    "(event 4086; Q298565 requires SiteDN to match /o=<Organization>/ou=<Site>).",
	                    n->site_dn.text, c.why, c.offending[0] ? " (component \"" : "",
	                    c.offending, c.offending[0] ? "\")" : "");
	if (rc == 0)
		rc = hd_imc_attach_sitedn_fix(facts, &t, out);
	free(fix);
	return rc;
}

/* The server name in "Internet Mail Service (<Server>)": the last (...) of s, into buf. */
static const char *common_name_server(const char *s, char *buf, size_t len)
{
	const char *open = strrchr(s, '('), *close = open ? strchr(open, ')') : NULL;
	size_t n;

	if (open == NULL || close == NULL || close == open + 1)
		return NULL;
	n = (size_t)(close - open - 1);
	if (n >= len)
		return NULL;
	memcpy(buf, open + 1, n);
	buf[n] = '\0';
	return buf;
}

/* A8: CommonName names another server: a reinstall under another name [inferred]. */
int hd_rule_imc_common_name(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_regval *ev[] = { &n->imc_common_name.rv, &n->sa_name[HD_PART_SERVER].rv,
	                                 &n->mta_x500_dn.rv, NULL };
	const char *server = hd_imc_this_server(facts), *named;
	char buf[256];

	(void)opts;
	if (!hd_imc_installed(facts) || server == NULL || !hd_str_fact_present(&n->imc_common_name))
		return 0;
	named = common_name_server(n->imc_common_name.text, buf, sizeof buf);
	if (named == NULL || hd_name_equal(named, server))
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "Check in the Exchange Administrator program which server this Internet "
	                      "Mail Service belongs to; if Exchange was reinstalled under another name, "
	                      "reinstall it with the names the directory has (Q298565's other fix).", ev,
	                      "MSExchangeIMC\\Parameters CommonName \"%s\" names the server \"%s\", but "
	                      "this server is \"%s\": inferred (from the IMC's source header, not a KB "
	                      "article) to be a reinstall under another name, after which the IMC looks "
	                      "for a connector object that may not exist.",
	                      n->imc_common_name.text, named, server);
}

/*
 * S1: the Exchange server name against ComputerName.  They normally agree
 * [inferred; no KB article states it]; on a cluster (Services\ClusSvc,
 * Q199756) Exchange runs under the virtual server's name, so S1 is skipped.
 * A warning about the whole server: it raises no verdict by itself.
 */
int hd_rule_server_computer_name(const struct hd_rule *rule, const struct hd_facts *facts,
                                 const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_str_fact *cn = &facts->system.computer_name;
	const struct hd_regval *ev[] = { &facts->exchange.names.sa_name[HD_PART_SERVER].rv,
	                                 &facts->exchange.names.mta_x500_dn.rv, &cn->rv,
	                                 &facts->system.clussvc, NULL };
	const char *server = hd_imc_this_server(facts);

	(void)opts;
	if (facts->exchange.svc[HD_EX_SA].key.status != HD_FOUND || server == NULL ||
	    !hd_str_fact_present(cn) || hd_name_equal(server, cn->text) ||
	    facts->system.clussvc.status != HD_ABSENT)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "If the computer was renamed after Exchange setup, give it back its "
	                      "old name: Exchange 5.5 keeps its server name in the directory. On an "
	                      "Exchange cluster the names differ by design (Q199756), but this hive "
	                      "has no Services\\ClusSvc.", ev,
	                      "The Exchange server name \"%s\" differs from the computer name \"%s\": "
	                      "computer renamed after Exchange setup? (inferred: the two normally "
	                      "agree; this alone does not point to the IMC or MTA failure).",
	                      server, cn->text);
}
