/*
 * report_recovery.c - a dirty hive's log replay as the report's recovery
 * object: what was tried, each log as evidence (name, size, hash, what it
 * contributed), the recovered image's hash; and the hive's .ALT mirror
 * when a dirty hive with no log was judged from it (hive.alt).  Shared by the SYSTEM hive's
 * hive.recovery (report.c) and the SOFTWARE hive's (report_software.c).
 */
#include <string.h>

#include "report/report_internal.h"

/* One log as evidence: what was read, its hash, whether it was replayed. */
static json_object *build_log(const struct hd_log_evidence *e)
{
	json_object *o = json_object_new_object();
	const char *why = e->not_read ? e->not_read : e->read_errno ? strerror(e->read_errno) : NULL;

	if (o == NULL ||
	    hd_json_add(o, "name", hd_json_str(e->name)) < 0 ||
	    hd_json_add(o, "name_bytes", hd_json_hex_if_not_utf8(e->name)) < 0 ||
	    hd_json_add(o, "size", why ? NULL : json_object_new_int64((int64_t)e->size)) < 0 ||
	    hd_json_add(o, "sha256", e->have_sha256 ? json_object_new_string(e->sha256) : NULL) < 0 ||
	    hd_json_add(o, "applied", json_object_new_boolean(e->applied)) < 0 ||
	    hd_json_add(o, "entries_applied", json_object_new_int64(e->entries_applied)) < 0 ||
	    hd_json_add(o, "sequence_first", e->have_seq ? json_object_new_int64(e->seq_first) : NULL) < 0 ||
	    hd_json_add(o, "sequence_last", e->have_seq ? json_object_new_int64(e->seq_last) : NULL) < 0 ||
	    hd_json_add(o, "not_read", hd_json_str(why)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_logs(const struct hd_replay_evidence *ev)
{
	json_object *a = json_object_new_array();

	for (int i = 0; a && i < HD_TXLOG_SLOTS; i++)
		if (ev->logs[i].name && json_object_array_add(a, build_log(&ev->logs[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

/* hive.recovery (and software.hive.recovery): null for a clean hive; what
 * was done with a dirty one's logs.  saved_to: the --write-recovered file. */
json_object *hd_json_recovery(const struct hd_replay_evidence *ev, const char *saved_to)
{
	const struct hd_recovery *rec = &ev->recovery;
	int tried = ev->state == HD_REPLAY_ATTEMPTED;
	json_object *o;

	if (ev->state == HD_REPLAY_NONE)
		return NULL;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "attempted", json_object_new_boolean(tried)) < 0 ||
	    hd_json_add(o, "logs_found", hd_json_strv(rec->logs_found, rec->n_logs_found)) < 0 ||
	    hd_json_add(o, "logs_applied", hd_json_strv(rec->logs_applied, rec->n_logs_applied)) < 0 ||
	    hd_json_add(o, "format", hd_json_str(rec->format)) < 0 ||
	    hd_json_add(o, "applied", json_object_new_boolean(rec->applied)) < 0 ||
	    hd_json_add(o, "entries_applied", json_object_new_int64(rec->entries_applied)) < 0 ||
	    hd_json_add(o, "sequence_after", rec->applied ? json_object_new_int64(rec->sequence_after) : NULL) < 0 ||
	    hd_json_add(o, "refused_reason", hd_json_str(tried && rec->refused_reason[0] ? rec->refused_reason
	                                                 : tried ? NULL : "not attempted: --no-replay")) < 0 ||
	    hd_json_add(o, "alt_file", hd_json_str(rec->alt_found ? rec->alt_path : NULL)) < 0 ||
	    hd_json_add(o, "saved_to", hd_json_str(saved_to)) < 0 ||
	    hd_json_add(o, "logs", build_logs(ev)) < 0 ||
	    hd_json_add(o, "image_sha256", ev->have_image_sha256 ? json_object_new_string(ev->image_sha256)
	                                                          : NULL) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The .ALT's base block: [primary, secondary] sequence numbers, or null when not read. */
static json_object *alt_sequence(const struct hd_regf_header *h)
{
	json_object *a;

	if (h->magic != HD_MAGIC_REGF)
		return NULL;
	a = json_object_new_array();
	if (a && (json_object_array_add(a, json_object_new_int64(h->seq_primary)) != 0 ||
	          json_object_array_add(a, json_object_new_int64(h->seq_secondary)) != 0)) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

/*
 * hive.alt, only when a dirty hive with no transaction log had an .ALT
 * beside it (analyze_alt.c, DOMAIN.md 0.15): the mirror as evidence, whether
 * the verdicts were read from it, and why (or why not).
 */
int hd_json_add_alt(json_object *hive, const struct hd_alt_evidence *alt)
{
	const struct hd_regf_header *h = &alt->header;
	int hh = h->magic == HD_MAGIC_REGF;
	json_object *o;

	if (!alt->considered)
		return 0;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "name", hd_json_str(alt->name)) < 0 ||
	    hd_json_add(o, "size", alt->have_sha256 ? json_object_new_int64((int64_t)alt->size) : NULL) < 0 ||
	    hd_json_add(o, "sha256", alt->have_sha256 ? json_object_new_string(alt->sha256) : NULL) < 0 ||
	    hd_json_add(o, "sequence", alt_sequence(h)) < 0 ||
	    hd_json_add(o, "dirty", hh ? json_object_new_boolean(h->dirty) : NULL) < 0 ||
	    hd_json_add(o, "last_written", hh ? hd_json_time(h->last_written) : NULL) < 0 ||
	    hd_json_add(o, "used", json_object_new_boolean(alt->used)) < 0 ||
	    hd_json_add(o, "reason", hd_json_str(alt->used
	                ? "the hive is dirty and no transaction log is beside it (NT 4.0 keeps none for "
	                  "SYSTEM); the loader boots this consistent mirror instead (Q151247), so the "
	                  "control set, facts, findings and verdicts were read from it"
	                : NULL)) < 0 ||
	    hd_json_add(o, "not_used", hd_json_str(alt->used ? NULL : alt->not_used)) < 0) {
		json_object_put(o);
		return -1;
	}
	return hd_json_add(hive, "alt", o);
}
