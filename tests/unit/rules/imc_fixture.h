/*
 * imc_fixture.h - the fixture of the IMC rule and verdict tests
 * (test_rules_imc.c, verdict/test_verdict_imc.c): hand-built facts of a
 * healthy installation, Contoso / Redmond / EXCH01 everywhere and one service
 * account, which each test changes in one way.  Criterion runs imc_healthy
 * before and imc_teardown after every test of a suite that names them.
 * Header-only (static inline): each test file has its own copy of ix.
 */
#ifndef HD_TEST_IMC_FIXTURE_H
#define HD_TEST_IMC_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/rules_imc.h"
#include "verdict/verdict.h"

struct imc_fixture {
	struct hd_facts f;
	struct hd_findings fs;
	struct hd_rule_options opts;         /* --org/--site/--server */
};

static struct imc_fixture ix;

static const char *const imc_svc_name[HD_EX_COUNT] = {
	"MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeMTA", "MSExchangeIMC",
};

/* A string value as the facts stage records it; text NULL = value absent. */
static inline void str_fact(struct hd_str_fact *s, const char *name, const char *text)
{
	hd_str_fact_clear(s);
	s->rv.key = strdup("ControlSet001\\Services\\X\\Parameters");
	s->rv.name = strdup(name);
	s->rv.key_found = 1;
	s->rv.status = text ? HD_FOUND : HD_ABSENT;
	if (text) {
		s->rv.raw.type = HD_REG_SZ;
		s->decode = HD_DECODE_OK;
		s->text = strdup(text);
	}
}

/* The value is there but not a string (REG_BINARY). */
static inline void str_fact_binary(struct hd_str_fact *s, const char *name)
{
	str_fact(s, name, NULL);
	s->rv.status = HD_FOUND;
	s->rv.raw.type = HD_REG_BINARY;
	s->decode = HD_DECODE_BADTYPE;
}

static inline void sitedn(const char *text)
{
	str_fact(&ix.f.exchange.names.site_dn, "SiteDN", text);
}

static inline void x500(const char *text)
{
	str_fact(&ix.f.exchange.names.mta_x500_dn, "X500 DN", text);
}

static inline void imc_healthy(void)
{
	struct hd_facts *f = &ix.f;
	struct hd_exchange_names *n = &f->exchange.names;

	memset(&ix, 0, sizeof ix);
	for (int i = 0; i < HD_EX_COUNT; i++) {
		f->exchange.svc[i].name = imc_svc_name[i];
		f->exchange.svc[i].key.status = HD_FOUND;
		str_fact(&f->exchange.svc[i].object_name, "ObjectName", "CONTOSO\\exsvc");
	}
	sitedn("/o=Contoso/ou=Redmond");
	str_fact(&n->sa_name[HD_PART_ORG], "Enterprise", "Contoso");
	str_fact(&n->sa_name[HD_PART_SITE], "Site", "Redmond");
	str_fact(&n->sa_name[HD_PART_SERVER], "Server", "EXCH01");
	x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA");
	str_fact(&f->system.computer_name, "ComputerName", "EXCH01");
	f->system.clussvc.status = HD_ABSENT;
	snprintf(f->system.controlset, sizeof f->system.controlset, "ControlSet001");
}

static inline void imc_teardown(void)
{
	hd_findings_clear(&ix.fs);
	hd_facts_clear(&ix.f);
}

/* Re-parse the DNs after a test changed their text. */
static inline void reparse(void)
{
	struct hd_exchange_names *n = &ix.f.exchange.names;

	hd_dn_clear(&n->site_dn_parsed);
	hd_dn_clear(&n->mta_x500_dn_parsed);
	n->site_dn_parsed_ok = n->site_dn.text && hd_dn_parse(n->site_dn.text, &n->site_dn_parsed) == 1;
	n->mta_x500_dn_parsed_ok = n->mta_x500_dn.text &&
	                           hd_dn_parse(n->mta_x500_dn.text, &n->mta_x500_dn_parsed) == 1;
}

/* Run every IMC rule (A*) and S1 over the fixture, afresh; returns how many findings. */
static inline size_t run_imc(void)
{
	reparse();
	hd_findings_clear(&ix.fs);
	for (size_t i = 0; i < hd_rules_count; i++)
		if (hd_rules[i].id[0] == 'A' || strcmp(hd_rules[i].id, "S1") == 0)
			cr_assert_eq(hd_rules[i].check(&hd_rules[i], &ix.f, &ix.opts, &ix.fs), 0);
	return ix.fs.n;
}

/* The first finding of rule id, or NULL. */
static inline const struct hd_finding *finding(const char *id)
{
	for (size_t i = 0; i < ix.fs.n; i++)
		if (strcmp(ix.fs.v[i].rule->id, id) == 0)
			return &ix.fs.v[i];
	return NULL;
}

/* The finding of rule id, asserted present with severity sev. */
static inline const struct hd_finding *need(const char *id, enum hd_severity sev)
{
	const struct hd_finding *f = finding(id);

	cr_assert_not_null(f, "no %s finding", id);
	cr_assert_eq(f->severity, sev, "%s severity %d, wanted %d: %s", id, f->severity, sev, f->detail);
	return f;
}

/* Add a dependency of service s with the given state. */
static inline void add_dep(int s, const char *name, int listed, int exists, uint32_t start)
{
	struct hd_service_deps *d = &ix.f.exchange.deps[s];
	struct hd_dependency *dep;

	d->v = realloc(d->v, (d->n + 1) * sizeof *d->v);
	cr_assert_not_null(d->v);
	dep = &d->v[d->n++];
	memset(dep, 0, sizeof *dep);
	dep->name = strdup(name);
	dep->listed = listed;
	dep->required = s == HD_EX_IMC;
	dep->key.status = exists ? HD_FOUND : HD_ABSENT;
	dep->start.rv.status = exists ? HD_FOUND : HD_ABSENT;
	dep->start.decode = exists ? HD_DECODE_OK : 0;
	dep->start.value = start;
}

#endif
