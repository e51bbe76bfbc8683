/*
 * facts_exchange.c - read the Exchange names (Q298565) and the status of the
 * services each Exchange service depends on (Q143380), and compare the names.
 */
#include "facts/facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/textutil.h"
#include "facts/read.h"

#define IMC_PARAMS "Services\\MSExchangeIMC\\Parameters"
#define SA_PARAMS  "Services\\MSExchangeSA\\Parameters"
#define MTA_PARAMS "Services\\MSExchangeMTA\\Parameters"

/* Parse a string fact that decoded as text; keeps the raw text untouched. */
static int parse_dn_fact(const struct hd_str_fact *f, struct hd_dn *dn, int *ok)
{
	int rc;

	*ok = 0;
	if (!HD_FACT_OK(f) || f->text == NULL)
		return 0;
	rc = hd_dn_parse(f->text, dn);
	if (rc < 0)
		return -1;
	*ok = rc == 1;
	return 0;
}

/* X500 DN is spelled "X500 DN" (Q293088) and "X500DN" (Q155027): read both. */
static int read_mta_x500_dn(struct hd_reader *r, struct hd_str_fact *f)
{
	if (hd_read_str(r, MTA_PARAMS, "X500 DN", f) < 0)
		return -1;
	if (f->rv.status != HD_ABSENT)
		return 0;
	hd_str_fact_clear(f);
	return hd_read_str(r, MTA_PARAMS, "X500DN", f);
}

static int collect_names(struct hd_reader *r, struct hd_exchange_names *n)
{
	static const char *const sa_value[HD_PART_COUNT] = { "Enterprise", "Site", "Server" };

	if (hd_read_str(r, IMC_PARAMS, "SiteDN", &n->site_dn) < 0 ||
	    parse_dn_fact(&n->site_dn, &n->site_dn_parsed, &n->site_dn_parsed_ok) < 0 ||
	    hd_read_str(r, IMC_PARAMS, "CommonName", &n->imc_common_name) < 0)
		return -1;
	for (int p = 0; p < HD_PART_COUNT; p++)
		if (hd_read_str(r, SA_PARAMS, sa_value[p], &n->sa_name[p]) < 0)
			return -1;
	if (read_mta_x500_dn(r, &n->mta_x500_dn) < 0 ||
	    parse_dn_fact(&n->mta_x500_dn, &n->mta_x500_dn_parsed, &n->mta_x500_dn_parsed_ok) < 0)
		return -1;
	return 0;
}

/* The services Q143380 says the IMC depends on. */
static const char *const imc_required[] = { "MSExchangeIS", "MSExchangeMTA", "Tcpip" };

static struct hd_dependency *deps_find(struct hd_service_deps *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (hd_name_equal(d->v[i].name, name))
			return &d->v[i];
	return NULL;
}

static int deps_add(struct hd_service_deps *d, const char *name, int listed, int required)
{
	struct hd_dependency *v = realloc(d->v, (d->n + 1) * sizeof *v);

	if (v == NULL)
		return -1;
	d->v = v;
	memset(&v[d->n], 0, sizeof v[d->n]);
	v[d->n].name = strdup(name);
	if (v[d->n].name == NULL)
		return -1;
	v[d->n].listed = listed;
	v[d->n].required = required;
	d->n++;
	return 0;
}

/* Probe Services\<name> and its Start: the name is one key (hd_reader_child),
 * so a name with a backslash names no service instead of another key. */
static int probe_dependency(struct hd_reader *r, struct hd_dependency *dep)
{
	struct hd_reader sub;

	hd_reader_child(r, "Services", dep->name, &sub);
	if (hd_read_key(&sub, "", &dep->key) < 0 ||
	    hd_read_dword(&sub, "", "Start", &dep->start) < 0)
		return -1;
	return 0;
}

static int collect_deps(struct hd_reader *r, const struct hd_service_facts *svc, int is_imc,
                        struct hd_service_deps *d)
{
	const struct hd_multi_fact *list = &svc->depend_on_service;

	if (svc->key.status != HD_FOUND)
		return 0;
	for (size_t i = 0; HD_FACT_OK(list) && i < list->count; i++) {
		/* Empty entries name nothing; a repeated name is probed once. */
		if (list->items[i][0] != '\0' && deps_find(d, list->items[i]) == NULL &&
		    deps_add(d, list->items[i], 1, 0) < 0)
			return -1;
	}
	for (size_t i = 0; is_imc && i < sizeof imc_required / sizeof imc_required[0]; i++) {
		struct hd_dependency *dep = deps_find(d, imc_required[i]);

		if (dep != NULL)
			dep->required = 1;
		else if (deps_add(d, imc_required[i], 0, 1) < 0)
			return -1;
	}
	for (size_t i = 0; i < d->n; i++)
		if (probe_dependency(r, &d->v[i]) < 0)
			return -1;
	return 0;
}

int hd_facts_collect_exchange(struct hd_reader *r, struct hd_facts *facts)
{
	struct hd_exchange_facts *ex = &facts->exchange;

	if (collect_names(r, &ex->names) < 0)
		return -1;
	for (int i = 0; i < HD_EX_COUNT; i++)
		if (collect_deps(r, &ex->svc[i], i == HD_EX_IMC, &ex->deps[i]) < 0)
			return -1;
	return 0;
}

int hd_exchange_expect(struct hd_exchange_names *n, const char *org, const char *site,
                       const char *server)
{
	const char *given[HD_PART_COUNT] = { org, site, server };

	for (int p = 0; p < HD_PART_COUNT; p++) {
		free(n->expected[p]);
		n->expected[p] = NULL;
		if (given[p] != NULL && (n->expected[p] = strdup(given[p])) == NULL)
			return -1;
	}
	return 0;
}

void hd_exchange_names_clear(struct hd_exchange_names *n)
{
	hd_str_fact_clear(&n->site_dn);
	hd_dn_clear(&n->site_dn_parsed);
	hd_str_fact_clear(&n->imc_common_name);
	for (int p = 0; p < HD_PART_COUNT; p++) {
		hd_str_fact_clear(&n->sa_name[p]);
		free(n->expected[p]);
	}
	hd_str_fact_clear(&n->mta_x500_dn);
	hd_dn_clear(&n->mta_x500_dn_parsed);
	memset(n, 0, sizeof *n);
}

void hd_service_deps_clear(struct hd_service_deps *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].name);
		hd_regval_clear(&d->v[i].key);
		hd_dword_fact_clear(&d->v[i].start);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
}
