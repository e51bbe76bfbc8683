/*
 * rules_imc_service.c - the IMC rules about the service itself (A9-A11):
 * its account (Q155814) and the services it depends on (Q143380,
 * Q219602).  Each gives the same event 4086 or a start failure for another
 * reason than SiteDN, so a reader can rule it in or out.
 */
#include "rules/rules_imc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/textutil.h"

/* The account a service runs as: ObjectName, or LocalSystem when absent; NULL if unreadable. */
static const char *account_of(const struct hd_service_facts *svc)
{
	if (hd_account_is_localsystem(&svc->object_name))
		return "LocalSystem";
	return HD_FACT_OK(&svc->object_name) ? svc->object_name.text : NULL;
}

/* The Exchange service account: System Attendant's, else the first other non-LocalSystem one. */
static const char *exchange_account(const struct hd_facts *facts)
{
	static const enum hd_exchange_service order[] = { HD_EX_SA, HD_EX_DS, HD_EX_IS, HD_EX_MTA };

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct hd_service_facts *svc = &facts->exchange.svc[order[i]];
		const char *acct = svc->key.status == HD_FOUND ? account_of(svc) : NULL;

		if (acct != NULL && !hd_account_is_localsystem(&svc->object_name))
			return acct;
	}
	return NULL;
}

/* A9: an IMC running as LocalSystem cannot read the directory: event 4086 (Q155814). */
int hd_rule_imc_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_service_facts *imc = &facts->exchange.svc[HD_EX_IMC];
	const struct hd_regval *ev[] = { &imc->object_name.rv, NULL };
	const char *acct = exchange_account(facts);
	char *fix = NULL;
	int rc;

	(void)opts;
	if (!hd_imc_installed(facts) || !hd_account_is_localsystem(&imc->object_name))
		return 0;
	if (asprintf(&fix, "In Control Panel > Services, set the Microsoft Exchange Internet Mail "
	             "Service to log on as %s%s%s with that account's password, then start it (Q155814).",
	             acct ? "\"" : "the Exchange service account", acct ? acct : "",
	             acct ? "\" (the account MSExchangeSA uses)" : "") < 0)
		return -1;
	rc = hd_finding_add(out, rule, HD_SEV_WARNING, fix, ev,
	                    "MSExchangeIMC runs as LocalSystem (ObjectName %s), so it cannot read "
	                    "its configuration from the directory: event 4086 for a reason other "
	                    "than SiteDN (Q155814).",
	                    imc->object_name.rv.status == HD_ABSENT ? "absent" : "\"LocalSystem\"");
	free(fix);
	return rc;
}

/*
 * A10: the IMC runs under another account than the other Exchange services.
 * Q155814 allows "the Exchange service account or an account that has
 * service account administrator rights", so this is context (info), and
 * NT account names compare without regard to case.
 */
int hd_rule_imc_account_differs(const struct hd_rule *rule, const struct hd_facts *facts,
                                const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_service_facts *svc = facts->exchange.svc;
	const struct hd_regval *ev[HD_EX_COUNT + 1] = { &svc[HD_EX_IMC].object_name.rv };
	const char *imc_acct = account_of(&svc[HD_EX_IMC]), *want = exchange_account(facts);
	size_t n_ev = 1;
	struct hd_strbuf detail = { 0 };
	const char *text;
	char *fix = NULL;
	int rc = -1;

	(void)opts;
	/* LocalSystem is A9's case; an unreadable ObjectName proves nothing. */
	if (!hd_imc_installed(facts) || imc_acct == NULL || want == NULL ||
	    hd_account_is_localsystem(&svc[HD_EX_IMC].object_name))
		return 0;
	for (int i = 0; i < HD_EX_COUNT; i++) {
		const char *acct = svc[i].key.status == HD_FOUND ? account_of(&svc[i]) : NULL;

		/* A service running as LocalSystem is its own rule's finding (A9, B11a). */
		if (i == HD_EX_IMC || acct == NULL || hd_account_is_localsystem(&svc[i].object_name) ||
		    hd_name_equal(acct, imc_acct))
			continue;
		ev[n_ev++] = &svc[i].object_name.rv;
		hd_strbuf_addf(&detail, "%s%s \"%s\"", detail.len > 0 ? ", " : "", svc[i].name, acct);
	}
	if ((text = hd_strbuf_str(&detail)) == NULL)
		goto out;
	if (detail.len == 0) {
		rc = 0;
		goto out;
	}
	if (asprintf(&fix, "Nothing to change if \"%s\" has service account administrator "
	             "rights in the site (Q155814); otherwise set the Internet Mail Service to log "
	             "on as \"%s\", the account the other Exchange services use.", imc_acct, want) < 0) {
		fix = NULL;
		goto out;
	}
	rc = hd_finding_add(out, rule, HD_SEV_INFO, fix, ev,
	                    "MSExchangeIMC logs on as \"%s\" but the other Exchange services run "
	                    "as %s; Q155814 allows this when that account has service account "
	                    "administrator rights, which the registry cannot show.", imc_acct, text);
out:
	hd_strbuf_clear(&detail);
	free(fix);
	return rc;
}

/*
 * A13: the IMC itself disabled (Start = 4) cannot start (error 1058): a cause
 * of its own beside Q298565's SiteDN, which it neither confirms nor rules
 * out (DOMAIN.md 0.13).  A11 covers a disabled dependency.
 */
int hd_rule_imc_disabled(const struct hd_rule *rule, const struct hd_facts *facts,
                         const struct hd_rule_options *opts, struct hd_findings *out)
{
	(void)opts;
	if (!hd_imc_installed(facts))
		return 0;
	return hd_finding_service_disabled(out, rule, facts, &facts->exchange.svc[HD_EX_IMC],
	                                   "Microsoft Exchange Internet Mail Service");
}

/* Q219602: DependOnService must be REG_MULTI_SZ. */
static int check_depend_type(const struct hd_rule *rule, const struct hd_service_facts *svc,
                             struct hd_findings *out)
{
	const struct hd_multi_fact *dos = &svc->depend_on_service;
	const struct hd_regval *ev[] = { &dos->rv, NULL };
	const char *type = hd_regtype_name(dos->rv.raw.type);

	if (dos->rv.status != HD_FOUND || dos->rv.raw.type == HD_REG_MULTI_SZ)
		return 0;
	return hd_finding_add(out, rule, HD_SEV_WARNING,
	                      "Delete DependOnService and create it again as REG_MULTI_SZ with one "
	                      "service name per line (Q219602).", ev,
	                      "DependOnService of %s is %s, not REG_MULTI_SZ, so the service "
	                      "controller may not read its dependencies (Q219602).",
	                      svc->name, type ? type : "of an unknown type");
}

/* Q143380: a dependency that does not exist or is disabled stops the service. */
static int check_dependency(const struct hd_rule *rule, const struct hd_service_facts *svc,
                            const struct hd_dependency *dep, struct hd_findings *out)
{
	const struct hd_regval *ev[] = { &svc->depend_on_service.rv, &dep->key, &dep->start.rv, NULL };
	int disabled = HD_FACT_OK(&dep->start) && dep->start.value == 4;
	int tcpip = hd_name_equal(dep->name, "Tcpip");

	if (dep->key.status == HD_ERROR)
		return 0;
	if (dep->key.status == HD_ABSENT)
		return hd_finding_add(out, rule, HD_SEV_ERROR,
		                      tcpip ? "Install TCP/IP (Control Panel > Network > Protocols), "
		                              "then reapply the Windows NT service pack." :
		                      "Reinstall the missing service, or remove its name from "
		                      "DependOnService if the service does not need it (Q143380).",
		                      ev, "%s %s \"%s\", which has no service key: the service "
		                      "controller cannot start %s (error 1075, event 7003).",
		                      svc->name, dep->listed ? "depends on" : "needs (Q143380)",
		                      dep->name, svc->name);
	if (disabled)
		return hd_finding_add(out, rule, HD_SEV_WARNING,
		                      "Set Start of the disabled service back to automatic (2), or "
		                      "system (1) for the Tcpip driver, in Control Panel > Services "
		                      "or Devices.", ev,
		                      "%s depends on \"%s\", which is disabled (Start = 4), so %s "
		                      "cannot start (error 1068).", svc->name, dep->name, svc->name);
	if (!dep->listed)
		return hd_finding_add(out, rule, HD_SEV_INFO,
		                      "Add the name to DependOnService (REG_MULTI_SZ) so the service "
		                      "controller starts it first (Q143380).", ev,
		                      "DependOnService of %s does not name \"%s\", which Q143380 "
		                      "lists as its dependency.", svc->name, dep->name);
	return 0;
}

/* A11: dependencies of the IMC and of the Exchange services it waits for. */
int hd_rule_imc_dependency(const struct hd_rule *rule, const struct hd_facts *facts,
                           const struct hd_rule_options *opts, struct hd_findings *out)
{
	/* The IMC first: its own dependencies are the most direct evidence. */
	static const enum hd_exchange_service order[] = {
		HD_EX_IMC, HD_EX_IS, HD_EX_MTA, HD_EX_DS, HD_EX_SA,
	};

	(void)opts;
	if (!hd_imc_installed(facts))
		return 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct hd_service_facts *svc = &facts->exchange.svc[order[i]];
		const struct hd_service_deps *deps = &facts->exchange.deps[order[i]];

		if (svc->key.status != HD_FOUND)
			continue;
		if (check_depend_type(rule, svc, out) < 0)
			return -1;
		for (size_t d = 0; d < deps->n; d++)
			if (check_dependency(rule, svc, &deps->v[d], out) < 0)
				return -1;
	}
	return 0;
}
