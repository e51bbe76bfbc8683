/*
 * report_software.c - facts.software (the SOFTWARE hive given with
 * --software) and the report's timeline.  Both are left out of reports
 * without a SOFTWARE hive, which stay as they were.
 */
#include "report/report_internal.h"

#include <stdio.h>

#include "facts/software.h"
#include "facts/timeline.h"

static json_object *int_or_null(int have, int64_t v)
{
	return have ? json_object_new_int64(v) : NULL;
}

/* A compressed copy's image: as hive.expanded of the SYSTEM hive's report. */
static json_object *build_expanded(const struct hd_expansion *x)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "format", json_object_new_string(x->format)) < 0 ||
	    hd_json_add(o, "size", json_object_new_int64((int64_t)x->image.size)) < 0 ||
	    hd_json_add(o, "sha256", json_object_new_string(x->image.sha256)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_file(const struct hd_software_input *in)
{
	const struct hd_fileinfo *fi = &in->file;
	/* The base block read is the analyzed image's: a compressed copy's expansion. */
	const struct hd_fileinfo *img = in->expanded.format ? &in->expanded.image : fi;
	const struct hd_regf_header *h = &img->header;
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "path", hd_json_str(in->path)) < 0 ||
	    hd_json_add(o, "size", int_or_null(fi->have_size, (int64_t)fi->size)) < 0 ||
	    hd_json_add(o, "sha256", fi->have_sha256 ? json_object_new_string(fi->sha256) : NULL) < 0 ||
	    hd_json_add_provenance(o, in->rebuilt.from ? &in->rebuilt.prov : in->at ? in->at->prov : NULL) < 0 ||
	    (in->expanded.format && in->expanded.image.have_sha256 &&
	     hd_json_add(o, "expanded", build_expanded(&in->expanded)) < 0) ||
	    hd_json_add_reconstructed(o, &in->rebuilt) < 0 ||
	    hd_json_add(o, "kind", hd_json_str(fi->kind)) < 0 ||
	    hd_json_add(o, "dirty", img->have_header ? json_object_new_boolean(h->dirty) : NULL) < 0 ||
	    hd_json_add(o, "logs_replayed", json_object_new_boolean(in->replay.state == HD_REPLAY_ATTEMPTED &&
	                                                            in->replay.recovery.applied)) < 0 ||
	    hd_json_add(o, "recovery", hd_json_recovery(&in->replay, NULL)) < 0 ||
	    hd_json_add(o, "last_written", img->have_header ? hd_json_time(h->last_written) : NULL) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_exchange(const struct hd_software_facts *sw)
{
	char drive[2] = { sw->install_drive, '\0' };
	int known = sw->build_source != NULL;
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "setup", hd_json_regval(&sw->setup)) < 0 ||
	    hd_json_add(o, "install_path", hd_json_str_fact(&sw->install_path)) < 0 ||
	    hd_json_add(o, "install_drive", sw->install_drive ? hd_json_str(drive) : NULL) < 0 ||
	    hd_json_add(o, "service_pack_build", hd_json_regval(&sw->sp_build.rv)) < 0 ||
	    hd_json_add(o, "newest_build", hd_json_regval(&sw->newest_build.rv)) < 0 ||
	    hd_json_add(o, "build", int_or_null(known, sw->build)) < 0 ||
	    hd_json_add(o, "build_source", known ? hd_json_str(sw->build_source->rv.name) : NULL) < 0 ||
	    hd_json_add(o, "version", hd_json_str(sw->version)) < 0 ||
	    hd_json_add(o, "service_pack", int_or_null(sw->service_pack >= 0, sw->service_pack)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_windows(const struct hd_software_facts *sw)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "csd_version", hd_json_str_fact(&sw->csd_version)) < 0 ||
	    hd_json_add(o, "current_build_number", hd_json_str_fact(&sw->current_build_number)) < 0 ||
	    hd_json_add(o, "current_version", hd_json_str_fact(&sw->current_version)) < 0 ||
	    hd_json_add(o, "product_name", hd_json_str_fact(&sw->product_name)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_protocols(const struct hd_rpc_protocols *p)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_regval(&p->key)) < 0 ||
	    hd_json_add(o, "ncacn_ip_tcp", hd_json_str_fact(&p->ncacn_ip_tcp)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_rpc(const struct hd_software_facts *sw)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "client_protocols", build_protocols(&sw->rpc_client)) < 0 ||
	    hd_json_add(o, "server_protocols", build_protocols(&sw->rpc_server)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_card(const struct hd_netcard *c)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "number", hd_json_str(c->number)) < 0 ||
	    hd_json_add(o, "service_name", hd_json_str_fact(&c->service_name)) < 0 ||
	    hd_json_add(o, "description", hd_json_str_fact(&c->description)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_cards(const struct hd_software_facts *sw)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (size_t i = 0; a && i < sw->n_netcards; i++)
		json_object_array_add(a, build_card(&sw->netcards[i]));
	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_regval(&sw->netcards_key)) < 0 ||
	    hd_json_add(o, "cards", a) < 0) {   /* takes a, even on failure */
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* SYSTEM's TCP/IP bindings with the adapter names the SOFTWARE hive gives them. */
static json_object *build_bound(const struct hd_facts *facts)
{
	const struct hd_network_facts *net = &facts->network;
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < net->n_bindings; i++) {
		const struct hd_netcard *c = hd_software_netcard(&facts->software, net->bindings[i].adapter);
		json_object *o = json_object_new_object();

		if (o == NULL ||
		    hd_json_add(o, "binding", hd_json_str(net->bindings[i].device)) < 0 ||
		    hd_json_add(o, "adapter", hd_json_str(net->bindings[i].adapter)) < 0 ||
		    hd_json_add(o, "card", c ? hd_json_str(c->number) : NULL) < 0 ||
		    hd_json_add(o, "description", c && hd_str_fact_present(&c->description)
		                ? hd_json_str(c->description.text) : NULL) < 0 ||
		    json_object_array_add(a, o) != 0) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

json_object *hd_report_software(const struct hd_software_input *in, const struct hd_facts *facts)
{
	const struct hd_software_facts *sw = &facts->software;
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "hive", build_file(in)) < 0 ||
	    hd_json_add(o, "exchange", build_exchange(sw)) < 0 ||
	    hd_json_add(o, "windows", build_windows(sw)) < 0 ||
	    hd_json_add(o, "rpc", build_rpc(sw)) < 0 ||
	    hd_json_add(o, "network_cards", build_cards(sw)) < 0 ||
	    hd_json_add(o, "bound_adapters", build_bound(facts)) < 0 ||
	    hd_json_add(o, "lookup_errors", json_object_new_int64((int64_t)sw->lookup_errors)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The ids of the findings whose evidence names the entry's key, once each. */
static json_object *citing_ids(const struct hd_timeline_entry *e, const struct hd_findings *fs)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < fs->n; i++) {
		const struct hd_finding *f = &fs->v[i];
		int cites = 0;

		for (size_t k = 0; k < f->n_evidence && !cites; k++)
			cites = hd_timeline_cites(e, f->evidence[k]);
		if (cites && json_object_array_add(a, json_object_new_string(f->rule->id)) != 0) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

json_object *hd_report_timeline(const struct hd_timeline *t, const struct hd_findings *fs)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < t->n; i++) {
		const struct hd_timeline_entry *e = &t->v[i];
		json_object *o = json_object_new_object();

		if (o == NULL ||
		    hd_json_add(o, "last_written", hd_json_time(e->time)) < 0 ||
		    hd_json_add(o, "hive", hd_json_str(e->hive)) < 0 ||
		    hd_json_add(o, "key", hd_json_str(e->rv->key)) < 0 ||
		    hd_json_add(o, "what", hd_json_str(e->what)) < 0 ||
		    hd_json_add(o, "finding_ids", citing_ids(e, fs)) < 0 ||
		    json_object_array_add(a, o) != 0) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}
