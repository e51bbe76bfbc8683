/*
 * report_source.c - where the analyzed hive came from, when it is not a
 * hive file: hive.reconstructed for a registry export rebuilt in memory
 * (issue 22).  Such evidence has no key times (every last_written of the
 * report is null), no sequence numbers (hive.dirty is null: neither clean
 * nor dirty) and its SHA-256 is the export file's.
 */
#include "report/report_internal.h"
#include "report/report_text.h"

#include <stdio.h>
#include <string.h>

const char *hd_report_ccs_meaning(const struct hd_reconstruction *r, char *buf, size_t len)
{
	if (r->from == NULL || r->current_control_set[0] == '\0')
		return NULL;
	if (r->control_set_recorded)
		snprintf(buf, len, "CurrentControlSet, exported from the running system: %s, the set "
		         "Select\\Current names", r->current_control_set);
	else
		snprintf(buf, len, "CurrentControlSet, exported from the running system: the control set "
		         "number is not recorded (built as %s)", r->current_control_set);
	return buf;
}

static json_object *build_ccs(const struct hd_reconstruction *r)
{
	char meaning[256];
	json_object *o;

	if (hd_report_ccs_meaning(r, meaning, sizeof meaning) == NULL)
		return NULL;
	o = json_object_new_object();
	if (o == NULL ||
	    hd_json_add(o, "built_as", json_object_new_string(r->current_control_set)) < 0 ||
	    hd_json_add(o, "number_recorded", json_object_new_boolean(r->control_set_recorded)) < 0 ||
	    hd_json_add(o, "meaning", json_object_new_string(meaning)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_reconstructed(const struct hd_reconstruction *r)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "from", json_object_new_string(r->from)) < 0 ||
	    hd_json_add(o, "format", json_object_new_string(r->format)) < 0 ||
	    hd_json_add(o, "encoding", json_object_new_string(r->encoding)) < 0 ||
	    hd_json_add(o, "root_key", hd_json_str(r->root_key)) < 0 ||
	    hd_json_add(o, "key_times_known", json_object_new_boolean(0)) < 0 ||
	    hd_json_add(o, "sequence_numbers_known", json_object_new_boolean(0)) < 0 ||
	    hd_json_add(o, "sha256_of", json_object_new_string("export_file")) < 0 ||
	    hd_json_add(o, "values_omitted", json_object_new_int64((int64_t)r->values_omitted)) < 0 ||
	    hd_json_add(o, "current_control_set", build_ccs(r)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int hd_json_add_reconstructed(json_object *hive, const struct hd_reconstruction *r)
{
	return r->from ? hd_json_add(hive, "reconstructed", build_reconstructed(r)) : 0;
}
