/*
 * read.c - the reading helpers every fact collector uses: found / absent /
 * error for every lookup, relative to the analyzed control set.
 */
#include "facts/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "ControlSet001" + "\\" + relpath, or just the control set for "";
 * relpath alone for a root-relative reader. */
static char *full_path(const struct hd_reader *r, const char *relpath)
{
	size_t n = strlen(r->controlset_name) + 1 + strlen(relpath) + 1;
	char *p = malloc(n);

	if (p == NULL)
		return NULL;
	if (r->controlset_name[0] == '\0')
		snprintf(p, n, "%s", relpath);
	else if (relpath[0] == '\0')
		snprintf(p, n, "%s", r->controlset_name);
	else
		snprintf(p, n, "%s\\%s", r->controlset_name, relpath);
	return p;
}

/* Probe the key; on HD_FOUND *key is set.  Fills out->key, status, time. */
static int probe(struct hd_reader *r, const char *relpath, struct hd_regval *out, hd_key *key)
{
	memset(out, 0, sizeof *out);
	out->key = full_path(r, relpath);
	if (out->key == NULL)
		return -1;
	out->hive = r->hive_label;
	if (r->controlset == 0) {
		out->status = HD_ABSENT;
		return 0;
	}
	out->status = hd_key_lookup(r->hive, r->controlset, relpath, key);
	if (out->status == HD_FOUND) {
		out->key_found = 1;
		out->key_time_read = hd_key_time(r->hive, *key, &out->key_time) == HD_FOUND;
	} else if (out->status == HD_ERROR) {
		r->lookup_errors++;
	}
	return 0;
}

/* Copy a finished lookup onto the reader's trail, if it keeps one. */
static int record(struct hd_reader *r, const char *relpath, struct hd_regval *out)
{
	if (r->trail == NULL || hd_trail_add(r->trail, relpath, out) == 0)
		return 0;
	hd_regval_clear(out);
	return -1;
}

int hd_read_key(struct hd_reader *r, const char *relpath, struct hd_regval *out)
{
	hd_key key = 0;

	if (probe(r, relpath, out, &key) < 0)
		return -1;
	return record(r, relpath, out);
}

int hd_read_value(struct hd_reader *r, const char *relpath, const char *name,
                  struct hd_regval *out)
{
	hd_key key = 0;

	if (probe(r, relpath, out, &key) < 0)
		return -1;
	out->name = strdup(name);
	if (out->name == NULL) {
		hd_regval_clear(out);
		return -1;
	}
	if (out->status != HD_FOUND)
		return record(r, relpath, out);
	out->status = hd_value_read(r->hive, key, name, &out->raw);
	if (out->status == HD_ERROR)
		r->lookup_errors++;
	return record(r, relpath, out);
}

int hd_read_subkeys(struct hd_reader *r, const char *relpath, char ***names, size_t *count)
{
	hd_key key = 0;
	int rc;

	*names = NULL;
	*count = 0;
	if (r->controlset == 0)
		return HD_ABSENT;
	rc = hd_key_lookup(r->hive, r->controlset, relpath, &key);
	if (rc == HD_FOUND)
		rc = hd_key_subkey_names(r->hive, key, names, count);
	if (rc == HD_ERROR)
		r->lookup_errors++;
	return rc;
}

/* Keep a decoder's result; -1 only for ENOMEM. */
static int decoded(int *decode, int rc)
{
	*decode = rc;
	return rc == HD_DECODE_ERROR ? -1 : 0;
}

int hd_read_str(struct hd_reader *r, const char *relpath, const char *name, struct hd_str_fact *f)
{
	memset(f, 0, sizeof *f);
	if (hd_read_value(r, relpath, name, &f->rv) < 0)
		return -1;
	if (f->rv.status != HD_FOUND)
		return 0;
	return decoded(&f->decode, hd_decode_string(&f->rv.raw, &f->text));
}

int hd_read_dword(struct hd_reader *r, const char *relpath, const char *name, struct hd_dword_fact *f)
{
	memset(f, 0, sizeof *f);
	if (hd_read_value(r, relpath, name, &f->rv) < 0)
		return -1;
	if (f->rv.status != HD_FOUND)
		return 0;
	return decoded(&f->decode, hd_decode_dword(&f->rv.raw, &f->value));
}

int hd_read_multi(struct hd_reader *r, const char *relpath, const char *name, struct hd_multi_fact *f)
{
	memset(f, 0, sizeof *f);
	if (hd_read_value(r, relpath, name, &f->rv) < 0)
		return -1;
	if (f->rv.status != HD_FOUND)
		return 0;
	return decoded(&f->decode, hd_decode_list(&f->rv.raw, &f->items, &f->count));
}





int hd_read_service(struct hd_reader *r, const char *name, struct hd_service_facts *svc)
{
	char path[256];
	int w = snprintf(path, sizeof path, "Services\\%s", name);

	memset(svc, 0, sizeof *svc);
	svc->name = name;
	if (w < 0 || (size_t)w >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (hd_read_key(r, path, &svc->key) < 0 ||
	    hd_read_dword(r, path, "Start", &svc->start) < 0 ||
	    hd_read_dword(r, path, "Type", &svc->type) < 0 ||
	    hd_read_str(r, path, "ImagePath", &svc->image_path) < 0 ||
	    hd_read_str(r, path, "ObjectName", &svc->object_name) < 0 ||
	    hd_read_multi(r, path, "DependOnService", &svc->depend_on_service) < 0)
		return -1;
	return 0;
}
