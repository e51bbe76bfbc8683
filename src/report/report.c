/*
 * report.c - the schema_version 1 report: keys in a fixed order, snake_case.
 * Only the report*.c files include json-c.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/report_scope.h"
#include "rules/rules.h"

struct hd_report {
	json_object *root;
};

static json_object *build_tool(void)
{
	json_object *o = json_object_new_object();

	if (o && (hd_json_add(o, "name", json_object_new_string("hivediag")) < 0 ||
	          hd_json_add(o, "version", json_object_new_string(HD_VERSION)) < 0)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_sequence(const struct hd_regf_header *h)
{
	json_object *a = json_object_new_array();

	if (a && (json_object_array_add(a, json_object_new_int64(h->seq_primary)) != 0 ||
	          json_object_array_add(a, json_object_new_int64(h->seq_secondary)) != 0)) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

/* hive.expanded: the image a compressed copy (SZDD, KWAJ, cabinet) expanded to in memory. */
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

/* Only a compressed copy has the member: its size and hash are the image's. */
static int add_expanded(json_object *o, const struct hd_result *res)
{
	if (res->expanded.format == NULL || !res->expanded.image.have_sha256)
		return 0;
	return hd_json_add(o, "expanded", build_expanded(&res->expanded));
}

static json_object *build_hive(const struct hd_result *res)
{
	const struct hd_fileinfo *fi = &res->file;
	/* The base block read is the analyzed hive's: a compressed copy's image. */
	const struct hd_fileinfo *img = res->expanded.format ? &res->expanded.image : fi;
	const struct hd_regf_header *h = &img->header;
	int hh = img->have_header;
	char ver[32];
	json_object *o = json_object_new_object();

	snprintf(ver, sizeof ver, "%u.%u", h->major, h->minor);
	if (o == NULL ||
	    hd_json_add(o, "path", hd_json_str(res->path)) < 0 ||
	    hd_json_add(o, "path_bytes", hd_json_hex_if_not_utf8(res->path)) < 0 ||
	    hd_json_add(o, "size", fi->have_size ? json_object_new_int64((int64_t)fi->size) : NULL) < 0 ||
	    hd_json_add(o, "sha256", fi->have_sha256 ? json_object_new_string(fi->sha256) : NULL) < 0 ||
	    hd_json_add_provenance(o, res->rebuilt.from ? &res->rebuilt.prov : res->prov) < 0 ||
	    add_expanded(o, res) < 0 ||
	    hd_json_add_reconstructed(o, &res->rebuilt) < 0 ||
	    hd_json_add(o, "kind", hd_json_str(fi->kind)) < 0 ||
	    hd_json_add(o, "format_version", hh ? json_object_new_string(ver) : NULL) < 0 ||
	    hd_json_add(o, "sequence", hh ? build_sequence(h) : NULL) < 0 ||
	    hd_json_add(o, "dirty", hh ? json_object_new_boolean(h->dirty) : NULL) < 0 ||
	    hd_json_add(o, "checksum_ok", hh ? json_object_new_boolean(h->checksum_ok) : NULL) < 0 ||
	    hd_json_add(o, "truncated", hh ? json_object_new_boolean(h->truncated) : NULL) < 0 ||
	    hd_json_add(o, "embedded_name", hh ? hd_json_str(h->embedded_name) : NULL) < 0 ||
	    hd_json_add(o, "last_written", hh ? hd_json_time(h->last_written) : NULL) < 0 ||
	    /* Tells a zero time stamp (0) from a base block not read (null). */
	    hd_json_add(o, "last_written_filetime", hh ? json_object_new_uint64(h->last_written) : NULL) < 0 ||
	    hd_json_add(o, "recovery", hd_json_recovery(&res->replay, res->saved_to)) < 0 ||
	    hd_json_add_alt(o, &res->alt) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *select_value(const struct hd_controlset *cs, int slot)
{
	return cs->has_value[slot] ? json_object_new_int64(cs->value[slot]) : NULL;
}

/* control_set.wrong_type, only when a Select value's REG_BINARY chose the set (rule H5). */
static int add_wrong_type(json_object *o, const struct hd_controlset *cs)
{
	json_object *w;

	if (cs->wrong_type == NULL)
		return 0;
	w = json_object_new_object();
	if (w == NULL ||
	    hd_json_add(w, "value", json_object_new_string(cs->wrong_type)) < 0 ||
	    hd_json_add(w, "type", json_object_new_string("REG_BINARY")) < 0 ||
	    hd_json_add(w, "read_as", json_object_new_int64(cs->analyzed)) < 0) {
		json_object_put(w);
		return -1;
	}
	return hd_json_add(o, "wrong_type", w);
}

static json_object *build_controlset(const struct hd_result *res)
{
	const struct hd_controlset *cs = &res->cs;
	json_object *o = json_object_new_object(), *present = json_object_new_array();

	for (size_t i = 0; present && i < cs->n_present; i++)
		json_object_array_add(present, json_object_new_int64(cs->present[i]));
	if (o == NULL ||
	    hd_json_add(o, "current", select_value(cs, HD_SEL_CURRENT)) < 0 ||
	    hd_json_add(o, "default", select_value(cs, HD_SEL_DEFAULT)) < 0 ||
	    hd_json_add(o, "failed", select_value(cs, HD_SEL_FAILED)) < 0 ||
	    hd_json_add(o, "last_known_good", select_value(cs, HD_SEL_LKG)) < 0 ||
	    hd_json_add(o, "present", present) < 0 ||
	    hd_json_add(o, "analyzed", cs->analyzed ? json_object_new_string(cs->analyzed_name) : NULL) < 0 ||
	    hd_json_add(o, "fallback_reason", hd_json_str(cs->fallback_reason)) < 0 ||
	    add_wrong_type(o, cs) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_system(const struct hd_system_facts *s)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "computer_name", hd_json_str_fact(&s->computer_name)) < 0 ||
	    hd_json_add(o, "csd_version", hd_json_dword_fact(&s->csd_version)) < 0 ||
	    hd_json_add(o, "service_pack", s->service_pack >= 0 ? json_object_new_int(s->service_pack) : NULL) < 0 ||
	    hd_json_add(o, "product_type", hd_json_str_fact(&s->product_type)) < 0 ||
	    hd_json_add(o, "cluster_service", hd_json_regval(&s->clussvc)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* facts.windows: which Windows, and how that was (or was not) established (DOMAIN.md 0.11). */
static json_object *build_windows(const struct hd_windows_id *w)
{
	json_object *o = json_object_new_object(), *hints = json_object_new_array();

	for (unsigned bit = 1; hints != NULL && bit < 1u << HD_W2K_HINT_COUNT; bit <<= 1)
		if ((w->hints & bit) &&
		    json_object_array_add(hints, json_object_new_string(hd_w2k_hint_name(bit))) != 0)
			goto fail;
	if (o == NULL || hints == NULL ||
	    hd_json_add(o, "version", hd_json_str(hd_winver_code(w->version))) < 0 ||
	    hd_json_add(o, "name", hd_json_str(w->name)) < 0 ||
	    hd_json_add(o, "established_by",
	                json_object_new_string(hd_winver_source_name(w->source))) < 0 ||
	    hd_json_add(o, "current_version", hd_json_str(w->current_version)) < 0 ||
	    hd_json_add(o, "build", hd_json_str(w->build)) < 0)
		goto fail;
	if (hd_json_add(o, "hints", hints) < 0) {
		hints = NULL;   /* hd_json_add released it */
		goto fail;
	}
	return o;
fail:
	json_object_put(hints);
	json_object_put(o);
	return NULL;
}

static json_object *build_exchange(const struct hd_facts *facts)
{
	const struct hd_exchange_facts *ex = &facts->exchange;
	json_object *o = json_object_new_object();

	if (o == NULL || hd_json_add(o, "services", hd_report_services(ex)) < 0 ||
	    hd_json_add(o, "names", hd_report_exchange_names(facts)) < 0 ||
	    hd_json_add(o, "dependencies", hd_report_dependencies(ex)) < 0 ||
	    hd_json_add(o, "mta", hd_report_mta(&ex->mta)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_facts(const struct hd_result *res)
{
	json_object *o;

	if (!res->have_facts)
		return NULL;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "system", build_system(&res->facts.system)) < 0 ||
	    hd_json_add(o, "windows", build_windows(&res->facts.windows)) < 0 ||
	    hd_json_add(o, "exchange", build_exchange(&res->facts)) < 0 ||
	    hd_json_add(o, "network", hd_report_network(&res->facts.network)) < 0 ||
	    (res->facts.software.given &&
	     hd_json_add(o, "software", hd_report_software(&res->software, &res->facts)) < 0) ||
	    hd_json_add(o, "lookup_errors", json_object_new_int64((int64_t)res->facts.lookup_errors)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_kb(const char *const *kb)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < HD_RULE_MAX_KB && kb[i]; i++)
		json_object_array_add(a, json_object_new_string(kb[i]));
	return a;
}

static json_object *build_finding(const struct hd_finding *f)
{
	json_object *o = json_object_new_object(), *ev = json_object_new_array();

	for (size_t i = 0; ev && i < f->n_evidence; i++)
		json_object_array_add(ev, hd_json_regval(f->evidence[i]));
	if (o == NULL ||
	    hd_json_add(o, "id", json_object_new_string(f->rule->id)) < 0 ||
	    hd_json_add(o, "kb", build_kb(f->rule->kb)) < 0 ||
	    hd_json_add(o, "service", hd_json_str(f->rule->service)) < 0 ||
	    hd_json_add(o, "severity", json_object_new_string(hd_severity_name(f->severity))) < 0 ||
	    hd_json_add(o, "title", json_object_new_string(f->rule->title)) < 0 ||
	    hd_json_add(o, "detail", hd_json_str(f->detail)) < 0 ||
	    hd_json_add(o, "evidence", ev) < 0 ||
	    (f->n_peers > 0 && hd_json_add(o, "peers", hd_report_peers(f)) < 0) ||
	    hd_json_add(o, "remediation", hd_json_str(f->remediation)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_findings(const struct hd_findings *fs)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < fs->n; i++)
		if (json_object_array_add(a, build_finding(&fs->v[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

static json_object *build_verdict(const struct hd_verdict *v, const struct hd_findings *fs,
                                  const char *kb, int analyzed)
{
	json_object *o = json_object_new_object(), *ids = json_object_new_array();

	for (size_t i = 0; ids && i < v->n_findings; i++)
		json_object_array_add(ids, json_object_new_string(fs->v[v->finding_idx[i]].rule->id));
	if (o == NULL ||
	    hd_json_add(o, "status", json_object_new_string(analyzed ? hd_verdict_status_name(v->status) : "unknown")) < 0 ||
	    hd_json_add(o, "kb", json_object_new_string(kb)) < 0 ||
	    hd_json_add(o, "finding_ids", ids) < 0 ||
	    hd_json_add(o, "reason", hd_json_str(analyzed ? v->reason : "The hive could not be analyzed.")) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_verdicts(const struct hd_result *res)
{
	json_object *o = json_object_new_object();
	int ok = res->error_code == NULL;

	if (o == NULL ||
	    hd_json_add(o, "imc", build_verdict(&res->imc, &res->findings, "Q298565", ok)) < 0 ||
	    hd_json_add(o, "mta", build_verdict(&res->mta, &res->findings, "Q320200", ok)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* changes: only when a comparison was made (LastKnownGood, or a copy under --root). */
static int add_changes(json_object *o, const struct hd_result *res)
{
	const struct hd_changes *sets[2];
	size_t n = 0;

	if (res->lkg.present)
		sets[n++] = &res->lkg;
	if (res->vs_current.present)
		sets[n++] = &res->vs_current;
	return n ? hd_json_add(o, "changes", hd_report_changes(sets, n)) : 0;
}

static json_object *build_error(const struct hd_result *res)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "code", json_object_new_string(res->error_code)) < 0 ||
	    hd_json_add(o, "message", hd_json_str(res->error_message ? res->error_message
	                                                            : res->error_code)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_ignore(const struct hd_options *opts)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < opts->rules.n_ignore; i++)
		if (json_object_array_add(a, hd_json_str(opts->rules.ignore[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

/* The options that shape the verdict, as given (issue 12: provenance). */
static json_object *build_options(const struct hd_options *opts)
{
	json_object *o = opts ? json_object_new_object() : NULL;

	if (o == NULL ||
	    hd_json_add(o, "control_set", opts->control_set ? json_object_new_int64(opts->control_set)
	                                                    : NULL) < 0 ||
	    hd_json_add(o, "org", hd_json_str(opts->rules.org)) < 0 ||
	    hd_json_add(o, "site", hd_json_str(opts->rules.site)) < 0 ||
	    hd_json_add(o, "server", hd_json_str(opts->rules.server)) < 0 ||
	    hd_json_add(o, "unsafe", json_object_new_boolean(opts->unsafe)) < 0 ||
	    hd_json_add(o, "no_replay", json_object_new_boolean(opts->no_replay)) < 0 ||
	    hd_json_add(o, "ignore", build_ignore(opts)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/*
 * analysis.peers (issue 23): which table judged the hive's names and the
 * hive's scope in it; null when the run has none (--no-peers, one HIVE).
 */
static int add_peers(json_object *o, const struct hd_result *res)
{
	struct hd_report_scope s;
	json_object *p;

	if (!hd_report_scope(res, &s))
		return hd_json_add(o, "peers", NULL);
	if ((p = json_object_new_object()) == NULL ||
	    hd_json_add(p, "table", hd_json_str(s.table)) < 0 ||
	    hd_json_add(p, "scope", hd_json_str(s.scope.id)) < 0 ||
	    hd_json_add(p, "servers", json_object_new_int64((int64_t)s.scope.servers)) < 0 ||
	    hd_json_add(p, "hives", json_object_new_int64((int64_t)s.scope.hives)) < 0) {
		json_object_put(p);
		return -1;
	}
	return hd_json_add(o, "peers", p);
}

static json_object *build_analysis(const struct hd_result *res)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "started", hd_json_str(res->started[0] ? res->started : NULL)) < 0 ||
	    hd_json_add(o, "options", build_options(res->opts)) < 0 ||
	    add_peers(o, res) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct hd_report *hd_report_build(const struct hd_result *res)
{
	struct hd_report *r = calloc(1, sizeof *r);
	json_object *o = json_object_new_object();

	if (r == NULL || o == NULL ||
	    hd_json_add(o, "schema_version", json_object_new_int(HD_SCHEMA_VERSION)) < 0 ||
	    hd_json_add(o, "tool", build_tool()) < 0 ||
	    (res->role && hd_json_add(o, "role", json_object_new_string(res->role)) < 0) ||
	    (res->root && hd_json_add(o, "root", hd_report_root(res->root)) < 0) ||
	    hd_json_add(o, "analysis", build_analysis(res)) < 0 ||
	    hd_json_add(o, "hive", build_hive(res)) < 0 ||
	    hd_json_add(o, "control_set", res->have_controlset ? build_controlset(res) : NULL) < 0 ||
	    hd_json_add(o, "facts", build_facts(res)) < 0 ||
	    hd_json_add(o, "findings", build_findings(&res->findings)) < 0 ||
	    hd_json_add(o, "verdicts", build_verdicts(res)) < 0 ||
	    (res->have_facts && res->facts.software.given &&
	     hd_json_add(o, "timeline", hd_report_timeline(&res->facts.timeline, &res->findings)) < 0) ||
	    add_changes(o, res) < 0 ||
	    (res->ignore_requested && hd_json_add(o, "ignored_findings", build_findings(&res->ignored)) < 0) ||
	    (res->unsafe && hd_json_add(o, "unsafe", json_object_new_boolean(1)) < 0) ||
	    (res->error_code && hd_json_add(o, "error", build_error(res)) < 0)) {
		json_object_put(o);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->root = o;
	return r;
}

struct hd_report *hd_report_skipped(const char *path, const char *why)
{
	struct hd_report *r = calloc(1, sizeof *r);
	json_object *o = json_object_new_object();

	if (r == NULL || o == NULL ||
	    hd_json_add(o, "path", hd_json_str(path)) < 0 ||
	    hd_json_add(o, "skipped", hd_json_str(why)) < 0) {
		json_object_put(o);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->root = o;
	return r;
}

static json_object *build_rule(const struct hd_rule *rule)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "id", json_object_new_string(rule->id)) < 0 ||
	    hd_json_add(o, "kb", build_kb(rule->kb)) < 0 ||
	    hd_json_add(o, "service", hd_json_str(rule->service)) < 0 ||
	    hd_json_add(o, "severity", hd_json_str(rule->severities)) < 0 ||
	    hd_json_add(o, "title", json_object_new_string(rule->title)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct hd_report *hd_report_rules(void)
{
	struct hd_report *r = hd_report_array_new();

	for (size_t i = 0; r && i < hd_rules_count; i++)
		if (json_object_array_add(r->root, build_rule(&hd_rules[i])) != 0) {
			hd_report_free(r);
			return NULL;
		}
	return r;
}

struct hd_report *hd_report_array_new(void)
{
	struct hd_report *r = calloc(1, sizeof *r);

	if (r && (r->root = json_object_new_array()) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

int hd_report_array_add(struct hd_report *array, struct hd_report *item)
{
	if (json_object_array_add(array->root, item->root) != 0) {
		hd_report_free(item);
		errno = ENOMEM;
		return -1;
	}
	free(item);
	return 0;
}

int hd_report_write(struct hd_report *r, FILE *f, enum hd_report_style style)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
	            (style == HD_REPORT_PRETTY ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
	                                       : JSON_C_TO_STRING_PLAIN);
	const char *s = json_object_to_json_string_ext(r->root, flags);

	if (s == NULL) {
		errno = ENOMEM;
		return -1;
	}
	errno = 0;
	if (fputs(s, f) == EOF || putc('\n', f) == EOF)
		return -1;
	return 0;
}

void hd_report_free(struct hd_report *r)
{
	if (r == NULL)
		return;
	json_object_put(r->root);
	free(r);
}
