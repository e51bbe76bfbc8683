/*
 * names.c - the names record and the completion record (fleet.h): one
 * NDJSON line each, written and parsed with json-c.
 *
 * A names export crosses hosts (map on one, reduce on another), so the
 * parser is strict: one object with exactly the keys the writer writes,
 * of the types it writes, no NUL inside a string, a bounded line.  A line
 * it refuses is named in err; --reduce then refuses the export.
 */
#include "fleet/fleet.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line longer than this is no record (paths are at most PATH_MAX-ish; names short). */
#define LINE_MAX_BYTES (1u << 20)

void hd_fleet_names_clear(struct hd_fleet_names *n)
{
	free(n->path);
	free(n->sha256);
	free(n->case_folder);
	free(n->installation);
	free(n->server);
	free(n->domain);
	free(n->org);
	free(n->site);
	free(n->error);
	memset(n, 0, sizeof *n);
}

/* A string or JSON null; NULL only on ENOMEM (s non-NULL). */
static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static int add(json_object *o, const char *key, json_object *v, int may_be_null)
{
	if (v == NULL && !may_be_null)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int add_str(json_object *o, const char *key, const char *s)
{
	return add(o, key, str_or_null(s), s == NULL);
}

/* The one-line text of root (consumed), as a new string; NULL with errno = ENOMEM. */
static char *take_line(json_object *root)
{
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *r = s ? strdup(s) : NULL;

	json_object_put(root);
	if (r == NULL)
		errno = ENOMEM;
	return r;
}

char *hd_fleet_names_json(const struct hd_fleet_names *n)
{
	json_object *root = json_object_new_object(), *o = json_object_new_object();

	if (root == NULL || o == NULL || add(root, "names", o, 0) < 0) {
		json_object_put(o);
		goto fail;
	}
	if (add_str(o, "path", n->path) < 0 || add_str(o, "sha256", n->sha256) < 0 ||
	    add_str(o, "case", n->case_folder) < 0 || add_str(o, "installation", n->installation) < 0 ||
	    add_str(o, "server", n->server) < 0 || add_str(o, "domain", n->domain) < 0 ||
	    add_str(o, "organization", n->org) < 0 || add_str(o, "site", n->site) < 0 ||
	    add(o, "system", json_object_new_boolean(n->is_system != 0), 0) < 0 ||
	    add(o, "read", json_object_new_boolean(n->read != 0), 0) < 0 || add_str(o, "error", n->error) < 0)
		goto fail;
	return take_line(root);
fail:
	json_object_put(root);
	errno = ENOMEM;
	return NULL;
}

char *hd_fleet_completion_json(const struct hd_fleet_completion *c)
{
	json_object *root = json_object_new_object(), *o = json_object_new_object(), *shard = NULL;
	char buf[32];

	if (root == NULL || o == NULL || add(root, "completion", o, 0) < 0) {
		json_object_put(o);
		goto fail;
	}
	if (c->shards != 0) {
		snprintf(buf, sizeof buf, "%u/%u", c->shard, c->shards);
		if ((shard = json_object_new_string(buf)) == NULL)
			goto fail;
	}
	if (add_str(o, "kind", c->kind) < 0 || add(o, "shard", shard, 1) < 0 ||
	    add(o, "hives", json_object_new_int64((int64_t)c->hives), 0) < 0 ||
	    add(o, "worst_status", json_object_new_int(c->worst), 0) < 0)
		goto fail;
	return take_line(root);
fail:
	json_object_put(root);
	errno = ENOMEM;
	return NULL;
}

/* Parse line as one JSON object (strict, bounded); NULL with err. */
static json_object *parse_object(const char *line, size_t len, char *err, size_t errlen)
{
	json_tokener *tok;
	json_object *o = NULL;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len == 0 || len > LINE_MAX_BYTES || memchr(line, '\0', len) != NULL) {
		snprintf(err, errlen, len == 0 ? "empty line" : len > LINE_MAX_BYTES ? "line too long" : "NUL byte in line");
		return NULL;
	}
	if ((tok = json_tokener_new_ex(8)) == NULL) {
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, line, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len || !json_object_is_type(o, json_type_object)) {
		snprintf(err, errlen, "not one JSON object%s%s", o == NULL ? ": " : "",
		         o == NULL ? json_tokener_error_desc(json_tokener_get_error(tok)) : "");
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* The only member of o, which must be named key; NULL otherwise. */
static json_object *sole_member(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_length(o) != 1 || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

/* Member key of o as a new string (*out), or NULL for JSON null when may_be_null.  0, -1 (err). */
static int get_str(json_object *o, const char *key, int may_be_null, char **out, char *err, size_t errlen)
{
	json_object *v;
	const char *s;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v)) {
		snprintf(err, errlen, "no \"%s\"", key);
		return -1;
	}
	if (v == NULL && may_be_null)
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		snprintf(err, errlen, "\"%s\" is not a string", key);
		return -1;
	}
	s = json_object_get_string(v);
	if (strlen(s) != (size_t)json_object_get_string_len(v)) {
		snprintf(err, errlen, "\"%s\" holds a NUL character", key);
		return -1;
	}
	if ((*out = strdup(s)) == NULL) {
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int get_bool(json_object *o, const char *key, int *out, char *err, size_t errlen)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_boolean)) {
		snprintf(err, errlen, "\"%s\" is not true or false", key);
		return -1;
	}
	*out = json_object_get_boolean(v);
	return 0;
}

static int names_from(json_object *o, struct hd_fleet_names *n, char *err, size_t errlen)
{
	memset(n, 0, sizeof *n);
	if (json_object_object_length(o) != 11) {
		snprintf(err, errlen, "a names record has 11 members");
		return -1;
	}
	if (get_str(o, "path", 0, &n->path, err, errlen) < 0 || get_str(o, "sha256", 1, &n->sha256, err, errlen) < 0 ||
	    get_str(o, "case", 0, &n->case_folder, err, errlen) < 0 ||
	    get_str(o, "installation", 0, &n->installation, err, errlen) < 0 ||
	    get_str(o, "server", 1, &n->server, err, errlen) < 0 || get_str(o, "domain", 1, &n->domain, err, errlen) < 0 ||
	    get_str(o, "organization", 1, &n->org, err, errlen) < 0 || get_str(o, "site", 1, &n->site, err, errlen) < 0 ||
	    get_bool(o, "system", &n->is_system, err, errlen) < 0 || get_bool(o, "read", &n->read, err, errlen) < 0 ||
	    get_str(o, "error", 1, &n->error, err, errlen) < 0) {
		hd_fleet_names_clear(n);
		return -1;
	}
	return 0;
}

/* An integer member within [lo, hi]. */
static int get_int(json_object *o, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	*out = json_object_get_int64(v);
	return errno == 0 && *out >= lo && *out <= hi ? 0 : -1;
}

static int completion_from(json_object *o, struct hd_fleet_completion *c)
{
	json_object *kind, *shard;
	int64_t hives, worst;
	const char *k;

	memset(c, 0, sizeof *c);
	if (json_object_object_length(o) != 4 || !json_object_object_get_ex(o, "kind", &kind) ||
	    !json_object_is_type(kind, json_type_string) || !json_object_object_get_ex(o, "shard", &shard) ||
	    get_int(o, "hives", 0, INT64_MAX, &hives) < 0 || get_int(o, "worst_status", 0, 2, &worst) < 0)
		return -1;
	k = json_object_get_string(kind);
	if (strcmp(k, "names") != 0 && strcmp(k, "reports") != 0)
		return -1;
	if (shard != NULL && (!json_object_is_type(shard, json_type_string) ||
	                      hd_fleet_shard_parse(json_object_get_string(shard), &c->shard, &c->shards) < 0))
		return -1;
	snprintf(c->kind, sizeof c->kind, "%s", k);
	c->hives = (unsigned long)hives;
	c->worst = (int)worst;
	return 0;
}

int hd_fleet_completion_parse(const char *line, size_t len, struct hd_fleet_completion *c)
{
	char err[8];
	json_object *root = parse_object(line, len, err, sizeof err), *o;
	int rc = -1;

	if (root != NULL && (o = sole_member(root, "completion")) != NULL)
		rc = completion_from(o, c);
	json_object_put(root);
	return rc;
}

int hd_fleet_names_parse(const char *line, size_t len, struct hd_fleet_names *n,
                         struct hd_fleet_completion *done, char *err, size_t errlen)
{
	struct hd_fleet_completion c;
	json_object *root = parse_object(line, len, err, errlen), *o;
	int rc = -1;

	if (root == NULL)
		return -1;
	if ((o = sole_member(root, "names")) != NULL) {
		rc = names_from(o, n, err, errlen) < 0 ? -1 : 1;
	} else if ((o = sole_member(root, "completion")) != NULL) {
		if (completion_from(o, &c) < 0) {
			snprintf(err, errlen, "malformed completion record");
		} else {
			if (done != NULL)
				*done = c;
			rc = 0;
		}
	} else {
		snprintf(err, errlen, "neither a names record nor a completion record");
	}
	json_object_put(root);
	return rc;
}
