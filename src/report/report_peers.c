/*
 * report_peers.c - a P1 finding's peers (issue 17): the other hives of the
 * run that carry the name this hive's is judged against, with their names
 * and how many servers (the majority's unit) and hive files carry them.
 */
#include "report/report_internal.h"

#include "fleet/fleet.h"

static json_object *build_peer(const struct hd_peer_entry *e)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "org", hd_json_str(e->org)) < 0 ||
	    hd_json_add(o, "site", hd_json_str(e->site)) < 0 ||
	    hd_json_add(o, "servers", json_object_new_int64((int64_t)e->count)) < 0 ||
	    hd_json_add(o, "hives", json_object_new_int64((int64_t)e->hives)) < 0 ||
	    hd_json_add(o, "paths", hd_json_strv(e->paths, e->n_paths)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_peers(const struct hd_finding *f)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < f->n_peers; i++)
		if (json_object_array_add(a, build_peer(f->peers[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}
