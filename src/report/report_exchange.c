/*
 * report_exchange.c - facts.exchange.names (the copies of the Organization /
 * Site / Server names and how they compare, Q298565) and
 * facts.exchange.dependencies (Q143380) of the report.
 */
#include "report/report_internal.h"
#include "rules/rules_imc.h"

/* {org, site, server} of a parsed DN, or null when it named none of them. */
static json_object *build_dn(const struct hd_dn *dn, int parsed_ok)
{
	json_object *o;

	if (!parsed_ok)
		return NULL;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "org", hd_json_str(dn->org)) < 0 ||
	    hd_json_add(o, "site", hd_json_str(dn->site)) < 0 ||
	    hd_json_add(o, "server", hd_json_str(dn->server)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* A DN value: the raw value as evidence (never altered) and its parts. */
static json_object *build_dn_fact(const struct hd_str_fact *f, const struct hd_dn *dn, int ok)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "raw", hd_json_str_fact(f)) < 0 ||
	    hd_json_add(o, "parsed", build_dn(dn, ok)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_sa(const struct hd_exchange_names *n)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "enterprise", hd_json_str_fact(&n->sa_name[HD_PART_ORG])) < 0 ||
	    hd_json_add(o, "site", hd_json_str_fact(&n->sa_name[HD_PART_SITE])) < 0 ||
	    hd_json_add(o, "server", hd_json_str_fact(&n->sa_name[HD_PART_SERVER])) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_expected(const struct hd_exchange_names *n)
{
	json_object *o = json_object_new_object();

	for (enum hd_name_part p = HD_PART_ORG; o && p < HD_PART_COUNT; p++)
		if (hd_json_add(o, hd_name_part_label(p), hd_json_str(n->expected[p])) < 0) {
			json_object_put(o);
			return NULL;
		}
	return o;
}

/* One source of a row: {source, value, key, value_name}; key null for the user's names. */
static json_object *build_cell(enum hd_name_source s, const struct hd_name_cell *c)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "source", json_object_new_string(hd_name_source_label(s))) < 0 ||
	    hd_json_add(o, "value", hd_json_str(c->value)) < 0 ||
	    hd_json_add(o, "key", hd_json_str(c->evidence ? c->evidence->key : NULL)) < 0 ||
	    hd_json_add(o, "value_name", hd_json_str(c->evidence ? c->evidence->name : NULL)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_row(const struct hd_name_row *row, enum hd_name_part part)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (enum hd_name_source s = HD_NSRC_SITEDN; a && s < HD_NSRC_COUNT; s++) {
		/* Only the server has a ComputerName counterpart (compared by S1, an inference). */
		if (s == HD_NSRC_COMPUTER && part != HD_PART_SERVER)
			continue;
		if (json_object_array_add(a, build_cell(s, &row->cell[s])) != 0) {
			json_object_put(a);
			a = NULL;
		}
	}
	if (o == NULL || a == NULL ||
	    hd_json_add(o, "agreement", json_object_new_string(hd_agreement_label(row->all))) < 0 ||
	    hd_json_add(o, "registry_agreement",
	                json_object_new_string(hd_agreement_label(row->registry))) < 0 ||
	    hd_json_add(o, "sources", a) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_comparison(const struct hd_facts *facts)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const char *expected[HD_PART_COUNT] = { n->expected[0], n->expected[1], n->expected[2] };
	json_object *o = json_object_new_object();
	struct hd_name_table t;

	hd_name_table_build(facts, expected, &t);
	for (enum hd_name_part p = HD_PART_ORG; o && p < HD_PART_COUNT; p++)
		if (hd_json_add(o, hd_name_part_label(p), build_row(&t.row[p], p)) < 0) {
			json_object_put(o);
			return NULL;
		}
	return o;
}

/* {form, why, offending} of a DN form check (dn_form.h), or NULL (JSON null) without text. */
static json_object *build_form(const struct hd_dn_check *c, int have_text)
{
	json_object *o;

	if (!have_text)
		return NULL;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "form", json_object_new_string(hd_dn_form_label(c->form))) < 0 ||
	    hd_json_add(o, "why", hd_json_str(c->why)) < 0 ||
	    hd_json_add(o, "offending", hd_json_str(c->offending[0] ? c->offending : NULL)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The form checks the rules A12 and B11b make, so a reviewer sees them too. */
static int add_forms(json_object *o, const struct hd_facts *facts)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const char *server = hd_imc_this_server(facts);
	int sd = HD_FACT_OK(&n->site_dn) && n->site_dn.text != NULL;
	int x5 = HD_FACT_OK(&n->mta_x500_dn) && n->mta_x500_dn.text != NULL;
	struct hd_dn_check c_sd, c_x5;
	json_object *j;

	hd_dn_check_sitedn(sd ? n->site_dn.text : NULL, server, &c_sd);
	hd_dn_check_x500(x5 ? n->mta_x500_dn.text : NULL, &c_x5);
	j = build_form(&c_sd, sd);
	if ((sd && j == NULL) || hd_json_add(o, "imc_site_dn_form", j) < 0)
		return -1;
	j = build_form(&c_x5, x5);
	if ((x5 && j == NULL) || hd_json_add(o, "mta_x500_dn_form", j) < 0)
		return -1;
	return 0;
}

json_object *hd_report_exchange_names(const struct hd_facts *facts)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_str_fact *cn = &facts->system.computer_name;
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "imc_site_dn", build_dn_fact(&n->site_dn, &n->site_dn_parsed,
	                                                n->site_dn_parsed_ok)) < 0 ||
	    hd_json_add(o, "sa_parameters", build_sa(n)) < 0 ||
	    hd_json_add(o, "mta_x500_dn", build_dn_fact(&n->mta_x500_dn, &n->mta_x500_dn_parsed,
	                                                n->mta_x500_dn_parsed_ok)) < 0 ||
	    hd_json_add(o, "computer_name", hd_json_str(HD_FACT_OK(cn) ? cn->text : NULL)) < 0 ||
	    hd_json_add(o, "expected", build_expected(n)) < 0 ||
	    hd_json_add(o, "comparison", build_comparison(facts)) < 0 ||
	    hd_json_add(o, "imc_common_name", hd_json_str_fact(&n->imc_common_name)) < 0 ||
	    add_forms(o, facts) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* {name, listed, required, exists, start, start_name, key}: the full regvals are in findings. */
static json_object *build_dependency(const struct hd_dependency *d)
{
	json_object *o = json_object_new_object();
	int have_start = HD_FACT_OK(&d->start);
	json_object *exists = d->key.status == HD_ERROR ? NULL
	                    : json_object_new_boolean(d->key.status == HD_FOUND);

	if (o == NULL ||
	    hd_json_add(o, "name", hd_json_str(d->name)) < 0 ||
	    hd_json_add(o, "listed", json_object_new_boolean(d->listed)) < 0 ||
	    hd_json_add(o, "required", json_object_new_boolean(d->required)) < 0 ||
	    hd_json_add(o, "exists", exists) < 0 ||
	    hd_json_add(o, "start", have_start ? json_object_new_int64(d->start.value) : NULL) < 0 ||
	    hd_json_add(o, "start_name", hd_json_str(have_start ? hd_start_name(d->start.value) : NULL)) < 0 ||
	    hd_json_add(o, "key", hd_json_str(d->key.key)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_dependencies(const struct hd_exchange_facts *ex)
{
	json_object *o = json_object_new_object();

	for (int i = 0; o && i < HD_EX_COUNT; i++) {
		json_object *a = json_object_new_array();

		for (size_t d = 0; a && d < ex->deps[i].n; d++)
			if (json_object_array_add(a, build_dependency(&ex->deps[i].v[d])) != 0) {
				json_object_put(a);
				a = NULL;
			}
		if (a == NULL || hd_json_add(o, ex->svc[i].name ? ex->svc[i].name : "?", a) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
