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

/* The reader that counts lookup errors: the top of a chain of child readers. */
static void count_error(struct hd_reader *r)
{
	while (r->parent != NULL)
		r = r->parent;
	r->lookup_errors++;
}

/* relpath below the control set: prefix\relpath for a child reader (new string). */
static char *rel_join(const struct hd_reader *r, const char *relpath)
{
	size_t n = strlen(r->prefix) + 1 + strlen(relpath) + 1;
	char *p;

	if (r->prefix[0] == '\0')
		return strdup(relpath);
	if ((p = malloc(n)) == NULL)
		return NULL;
	if (relpath[0] == '\0')
		snprintf(p, n, "%s", r->prefix);
	else
		snprintf(p, n, "%s\\%s", r->prefix, relpath);
	return p;
}

/* Probe relpath (recorded as rel); on HD_FOUND *key is set.  Fills out->key, status, time. */
static int probe(struct hd_reader *r, const char *rel, const char *relpath, struct hd_regval *out,
                 hd_key *key)
{
	memset(out, 0, sizeof *out);
	out->key = full_path(r, rel);
	if (out->key == NULL)
		return -1;
	out->hive = r->hive_label;
	if (r->controlset == 0) {
		out->status = r->missing;
		if (out->status == HD_ERROR)
			count_error(r);
		return 0;
	}
	out->status = hd_key_lookup(r->hive, r->controlset, relpath, key);
	if (out->status == HD_FOUND) {
		out->key_found = 1;
		out->key_time_read = hd_key_time(r->hive, *key, &out->key_time) == HD_FOUND;
	} else if (out->status == HD_ERROR) {
		count_error(r);
	}
	return 0;
}

/* Copy a finished lookup onto the reader's trail, if it keeps one. */
static int record(struct hd_reader *r, const char *rel, struct hd_regval *out)
{
	if (r->trail == NULL || hd_trail_add(r->trail, rel, out) == 0)
		return 0;
	hd_regval_clear(out);
	return -1;
}

int hd_read_key(struct hd_reader *r, const char *relpath, struct hd_regval *out)
{
	hd_key key = 0;
	char *rel = rel_join(r, relpath);
	int rc = -1;

	if (rel == NULL)
		memset(out, 0, sizeof *out);
	else if (probe(r, rel, relpath, out, &key) == 0)
		rc = record(r, rel, out);
	free(rel);
	return rc;
}

/* Read the value once its key is probed: status, data, then the trail. */
static int read_value(struct hd_reader *r, const char *rel, const char *relpath, const char *name,
                      struct hd_regval *out)
{
	hd_key key = 0;

	if (probe(r, rel, relpath, out, &key) < 0)
		return -1;
	out->name = strdup(name);
	if (out->name == NULL) {
		hd_regval_clear(out);
		return -1;
	}
	if (out->status != HD_FOUND)
		return record(r, rel, out);
	out->status = hd_value_read(r->hive, key, name, &out->raw);
	if (out->status == HD_ERROR)
		count_error(r);
	return record(r, rel, out);
}

int hd_read_value(struct hd_reader *r, const char *relpath, const char *name,
                  struct hd_regval *out)
{
	char *rel = rel_join(r, relpath);
	int rc = -1;

	if (rel == NULL)
		memset(out, 0, sizeof *out);
	else
		rc = read_value(r, rel, relpath, name, out);
	free(rel);
	return rc;
}

int hd_read_subkeys(struct hd_reader *r, const char *relpath, char ***names, size_t *count)
{
	hd_key key = 0;
	int rc;

	*names = NULL;
	*count = 0;
	if (r->controlset == 0) {
		rc = r->missing;
	} else {
		rc = hd_key_lookup(r->hive, r->controlset, relpath, &key);
		if (rc == HD_FOUND)
			rc = hd_key_subkey_names(r->hive, key, names, count);
	}
	if (rc == HD_ERROR)
		count_error(r);
	return rc;
}

/* Append "\\part" (or part, to an empty path) to buf: 0, or -1 when it does not fit. */
static int append(char *buf, size_t size, const char *part)
{
	size_t used = strlen(buf);
	int n;

	if (part[0] == '\0')
		return 0;
	n = snprintf(buf + used, size - used, "%s%s", used ? "\\" : "", part);
	return n < 0 || (size_t)n >= size - used ? -1 : 0;
}

void hd_reader_child(struct hd_reader *r, const char *base, const char *name, struct hd_reader *sub)
{
	hd_key k = 0;
	int rc;

	*sub = *r;
	sub->parent = r;
	sub->lookup_errors = 0;
	sub->controlset = 0;
	if (append(sub->prefix, sizeof sub->prefix, base) < 0 ||
	    append(sub->prefix, sizeof sub->prefix, name) < 0) {
		/* No key name is that long (Windows caps them at 255 characters). */
		memcpy(sub->prefix, r->prefix, sizeof sub->prefix);
		if (append(sub->prefix, sizeof sub->prefix, base) == 0)
			append(sub->prefix, sizeof sub->prefix, "(name too long)");
		sub->missing = r->controlset == 0 ? r->missing : HD_ABSENT;
		return;
	}
	if (r->controlset == 0)
		return;         /* r's own key is missing: so is every key below it */
	rc = hd_key_lookup(r->hive, r->controlset, base, &k);
	if (rc == HD_FOUND)
		rc = hd_key_child(r->hive, k, name, &sub->controlset);
	if (rc != HD_FOUND)
		sub->controlset = 0;
	sub->missing = rc == HD_ERROR ? HD_ERROR : HD_ABSENT;
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
	struct hd_reader sub;

	memset(svc, 0, sizeof *svc);
	svc->name = name;
	hd_reader_child(r, "Services", name, &sub);
	if (hd_read_key(&sub, "", &svc->key) < 0 ||
	    hd_read_dword(&sub, "", "Start", &svc->start) < 0 ||
	    hd_read_dword(&sub, "", "Type", &svc->type) < 0 ||
	    hd_read_str(&sub, "", "ImagePath", &svc->image_path) < 0 ||
	    hd_read_str(&sub, "", "ObjectName", &svc->object_name) < 0 ||
	    hd_read_multi(&sub, "", "DependOnService", &svc->depend_on_service) < 0)
		return -1;
	return 0;
}
