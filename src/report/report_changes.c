/*
 * report_changes.c - the `changes` section: for each comparison of the
 * analyzed registry with an older copy (or the LastKnownGood control set),
 * every key and value read differently, both sides as evidence, the
 * verdicts on both sides and the sentence that sums it up; and with --root,
 * the `root` member: the installation and every copy and log found in it.
 */
#include <stdint.h>

#include "report/report_internal.h"
#include "verdict/verdict.h"

static json_object *side(const char *path, const char *controlset, json_object *written)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "path", hd_json_str(path)) < 0 ||
	    hd_json_add(o, "control_set", hd_json_str(controlset[0] ? controlset : NULL)) < 0 ||
	    (written && hd_json_add(o, "last_written", written) < 0)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *difference(const struct hd_change *ch)
{
	const struct hd_trail_entry *any = ch->current ? ch->current : ch->copy;
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_str(any->relpath)) < 0 ||
	    hd_json_add(o, "name", hd_json_str(any->rv.name)) < 0 ||
	    hd_json_add(o, "current", ch->current ? hd_json_regval(&ch->current->rv) : NULL) < 0 ||
	    hd_json_add(o, "copy", ch->copy ? hd_json_regval(&ch->copy->rv) : NULL) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *verdict_pair(enum hd_verdict_status now, enum hd_verdict_status then)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "current", json_object_new_string(hd_verdict_status_name(now))) < 0 ||
	    hd_json_add(o, "copy", json_object_new_string(hd_verdict_status_name(then))) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *verdicts(const struct hd_changes *c)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "imc", verdict_pair(c->imc_current, c->imc_copy)) < 0 ||
	    hd_json_add(o, "mta", verdict_pair(c->mta_current, c->mta_copy)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *differences(const struct hd_changes *c)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < c->n; i++)
		if (json_object_array_add(a, difference(&c->v[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

static json_object *comparison(const struct hd_changes *c)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "against", hd_json_str(c->against)) < 0 ||
	    hd_json_add(o, "current", side(c->current_path, c->current_controlset, NULL)) < 0 ||
	    hd_json_add(o, "copy", side(c->copy_path, c->copy_controlset, hd_json_time(c->copy_written))) < 0 ||
	    hd_json_add(o, "differences", differences(c)) < 0 ||
	    hd_json_add(o, "omitted", json_object_new_int64((int64_t)c->omitted)) < 0 ||
	    hd_json_add(o, "verdicts", verdicts(c)) < 0 ||
	    hd_json_add(o, "summary", hd_json_str(c->summary ? c->summary : "")) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_changes(const struct hd_changes *const *sets, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		if (sets[i]->present && json_object_array_add(a, comparison(sets[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

static json_object *found_file(const struct hd_found_file *f)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "path", hd_json_str(f->path)) < 0 ||
	    hd_json_add(o, "role", hd_json_str(f->role)) < 0 ||
	    hd_json_add(o, "hive", hd_json_str(f->hive)) < 0 ||
	    hd_json_add_provenance(o, f->prov) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_root(const struct hd_root_info *ri)
{
	json_object *o = json_object_new_object(), *files = json_object_new_array();

	for (size_t i = 0; files && i < ri->n_files; i++)
		if (json_object_array_add(files, found_file(&ri->files[i])) != 0) {
			json_object_put(files);
			files = NULL;
		}
	if (o == NULL || files == NULL ||
	    hd_json_add(o, "dir", hd_json_str(ri->dir)) < 0 ||
	    hd_json_add(o, "layout", hd_json_str(ri->layout)) < 0 ||
	    hd_json_add(o, "systemroot", hd_json_str(ri->systemroot)) < 0 ||
	    hd_json_add(o, "from_boot_ini", json_object_new_boolean(ri->from_bootini)) < 0 ||
	    hd_json_add(o, "files", files) < 0) {
		json_object_put(o);
		if (o == NULL)
			json_object_put(files);
		return NULL;
	}
	return o;
}
