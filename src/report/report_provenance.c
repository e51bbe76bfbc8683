/*
 * report_provenance.c - how an analyzed file was reached (source.h's
 * provenance chain), as the report's "provenance" array: one object per
 * link, outermost first ({"kind": "file", "path": ..., "size": ...,
 * "mtime": "2026-12-06T06:03:25.123456789Z", ...}), null for a file named
 * on the command line (hive.path names it; a forensic chain starts where
 * the source stage opened something: --root's files, an archive's members,
 * an image's files).
 */
#include <stdio.h>
#include <time.h>

#include "report/report_internal.h"

/* Nanoseconds since 1970 as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (UTC), or NULL. */
static json_object *time_ns(int64_t ns)
{
	int64_t rem = ns % 1000000000, sec = ns / 1000000000;
	time_t t;
	struct tm tm;
	char buf[64];

	if (rem < 0) {
		rem += 1000000000;
		sec--;
	}
	t = (time_t)sec;
	if (gmtime_r(&t, &tm) == NULL)
		return NULL;
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)rem);
	return json_object_new_string(buf);
}

static json_object *field_value(const struct hd_prov_field *f)
{
	switch (f->type) {
	case HD_PROV_TEXT: return hd_json_str(f->text);
	case HD_PROV_INT: return json_object_new_int64(f->num);
	case HD_PROV_TIME: return time_ns(f->time_ns);
	}
	return NULL;
}

static json_object *build_link(const struct hd_prov_link *l)
{
	json_object *o = json_object_new_object();

	if (o == NULL || hd_json_add(o, "kind", hd_json_str(l->kind)) < 0)
		goto err;
	for (size_t i = 0; i < l->n_fields; i++) {
		json_object *v = field_value(&l->fields[i]);

		if ((v == NULL && l->fields[i].type != HD_PROV_TEXT) || hd_json_add(o, l->fields[i].key, v) < 0)
			goto err;
	}
	return o;
err:
	json_object_put(o);
	return NULL;
}

int hd_json_add_provenance(json_object *obj, const struct hd_provenance *p)
{
	json_object *a;

	if (p == NULL || p->n_links == 0)
		return hd_json_add(obj, "provenance", NULL);
	if ((a = json_object_new_array()) == NULL)
		return -1;
	for (size_t i = 0; i < p->n_links; i++) {
		json_object *l = build_link(&p->links[i]);

		if (l == NULL || json_object_array_add(a, l) != 0) {
			json_object_put(l);
			json_object_put(a);
			return -1;
		}
	}
	return hd_json_add(obj, "provenance", a);
}
