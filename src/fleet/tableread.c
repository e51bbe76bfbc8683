/*
 * tableread.c - hd_fleet_table_read: a table file back into a table
 * (tablefile.c describes the form).  Strict: exact members, types and
 * bounds, every list in canonical order, and the bytes exactly those the
 * table would be written as; a file that fails says why in err.
 */
#include "fleet/table_internal.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COUNT 1000000000000ul     /* more servers or hives than any archive holds */

struct rd {
	char *err;
	size_t errlen;
	size_t scope;                   /* the scope being read, for messages */
};

static int fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, r->errlen, "scope %zu: ", r->scope + 1);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static json_object *member(json_object *o, const char *key, json_type type)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, type) ? v : NULL;
}

static int get_count(struct rd *r, json_object *o, const char *key, unsigned long *out)
{
	json_object *v = member(o, key, json_type_int);
	int64_t n;

	if (v == NULL)
		return fail(r, "\"%s\" is missing or not a number", key);
	errno = 0;
	n = json_object_get_int64(v);
	if (errno != 0 || n < 0 || (uint64_t)n > MAX_COUNT)
		return fail(r, "\"%s\" is out of range", key);
	*out = (unsigned long)n;
	return 0;
}

/* A string member, no NUL inside: borrowed from o. */
static const char *get_str(struct rd *r, json_object *v, const char *what)
{
	if (v == NULL || !json_object_is_type(v, json_type_string)) {
		fail(r, "%s is not a string", what);
		return NULL;
	}
	if (strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v)) {
		fail(r, "%s holds a NUL character", what);
		return NULL;
	}
	return json_object_get_string(v);
}

/* An array of strictly increasing strings, at most max (0: no bound), as new strings. */
static int get_strv(struct rd *r, json_object *o, const char *key, size_t max, char ***v, size_t *n)
{
	json_object *a = member(o, key, json_type_array);
	size_t len;

	*v = NULL;
	*n = 0;
	if (a == NULL)
		return fail(r, "\"%s\" is missing or not a list", key);
	len = json_object_array_length(a);
	if (max && len > max)
		return fail(r, "\"%s\" holds more than %zu", key, max);
	if ((*v = calloc(len ? len : 1, sizeof **v)) == NULL)
		return fail(r, "out of memory");
	for (size_t i = 0; i < len; i++) {
		const char *s = get_str(r, json_object_array_get_idx(a, i), key);

		if (s == NULL)
			return -1;
		if (i > 0 && strcmp((*v)[i - 1], s) >= 0)
			return fail(r, "\"%s\" is not sorted or repeats \"%s\"", key, s);
		if (((*v)[i] = strdup(s)) == NULL)
			return fail(r, "out of memory");
		(*n)++;
	}
	return 0;
}

static int entry_cmp(const struct hd_peer_entry *a, const struct hd_peer_entry *b)
{
	int c = strcmp(a->org, b->org);

	return c ? c : strcmp(a->site ? a->site : "", b->site ? b->site : "");
}

/* One entry of a scope's "organizations" (sites: "sites") list into e. */
static int read_entry(struct rd *r, json_object *o, int sites, struct hd_peer_entry *e)
{
	char **paths = NULL;
	const char *org, *name;

	memset(e, 0, sizeof *e);
	if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != (sites ? 5 : 4))
		return fail(r, "an entry has other members than expected");
	org = get_str(r, json_object_object_get(o, sites ? "organization" : "name"), "an organization");
	name = sites ? get_str(r, json_object_object_get(o, "name"), "a site") : org;
	if (org == NULL || name == NULL)
		return -1;
	if ((e->org = strdup(org)) == NULL || (sites && (e->site = strdup(name)) == NULL))
		return fail(r, "out of memory");
	if (get_count(r, o, "servers", &e->count) < 0 || get_count(r, o, "hives", &e->hives) < 0 ||
	    get_strv(r, o, "paths", HD_PEER_PATHS, &paths, &e->n_paths) < 0) {
		if (paths != NULL)
			for (size_t i = 0; i < e->n_paths; i++)
				free(paths[i]);
		free(paths);
		e->n_paths = 0;
		return -1;
	}
	memcpy(e->paths, paths, e->n_paths * sizeof *paths);
	free(paths);
	if (e->count == 0 || e->count > e->hives || e->n_paths != (e->hives < HD_PEER_PATHS ? e->hives : HD_PEER_PATHS))
		return fail(r, "\"%s\": its counts and paths disagree", name);
	return 0;
}

/* Append the entries of list key of scope o to the table. */
static int read_entries(struct rd *r, struct hd_fleet_table *t, json_object *o, int sites)
{
	json_object *a = member(o, sites ? "sites" : "organizations", json_type_array);
	struct hd_peer_entry **v = sites ? &t->sites : &t->orgs;
	uint32_t **scope = sites ? &t->site_scope : &t->org_scope;
	size_t *n = sites ? &t->n_sites : &t->n_orgs, len, first = *n;

	if (a == NULL)
		return fail(r, "\"%s\" is missing or not a list", sites ? "sites" : "organizations");
	len = json_object_array_length(a);
	{
		struct hd_peer_entry *nv = realloc(*v, (*n + len + 1) * sizeof *nv);
		uint32_t *ns;

		if (nv == NULL)
			return fail(r, "out of memory");
		*v = nv;
		if ((ns = realloc(*scope, (*n + len + 1) * sizeof *ns)) == NULL)
			return fail(r, "out of memory");
		*scope = ns;
	}
	for (size_t i = 0; i < len; i++) {
		int rc = read_entry(r, json_object_array_get_idx(a, i), sites, &(*v)[*n]);

		(*scope)[*n] = (uint32_t)r->scope;
		(*n)++;
		if (rc < 0)
			return -1;
		if (*n - 1 > first && entry_cmp(&(*v)[*n - 2], &(*v)[*n - 1]) >= 0)
			return fail(r, "\"%s\" is not sorted or repeats an entry", sites ? "sites" : "organizations");
	}
	if (sites) {
		t->scopes[r->scope].first_site = first;
		t->scopes[r->scope].n_sites = len;
	} else {
		t->scopes[r->scope].first_org = first;
		t->scopes[r->scope].n_orgs = len;
	}
	return 0;
}

/* The scope's id is its smallest token; its domains are as add normalizes them. */
static int check_scope(struct rd *r, const struct hd_scope_rec *s)
{
	char *want;
	int same;

	if (s->n_cases + s->n_domains == 0)
		return fail(r, "no case folder and no domain");
	want = s->n_cases ? hd_fleet_token("case", s->cases[0]) : hd_fleet_token("dns", s->domains[0]);
	if (want == NULL)
		return fail(r, "out of memory");
	same = strcmp(want, s->id) == 0;
	free(want);
	if (!same)
		return fail(r, "its id is not its smallest case folder or domain");
	for (size_t i = 0; i < s->n_domains; i++) {
		char *d = hd_fleet_domain_norm(s->domains[i]);

		same = d != NULL && strcmp(d, s->domains[i]) == 0;
		free(d);
		if (!same)
			return fail(r, "domain \"%s\" is not a lower-case name of two labels or more", s->domains[i]);
	}
	if (s->servers > s->hives)
		return fail(r, "more servers than hives");
	return 0;
}

static int read_scope(struct rd *r, struct hd_fleet_table *t, json_object *o)
{
	struct hd_scope_rec *s = &t->scopes[r->scope];
	const char *id;

	t->n_scopes++;
	if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != 7)
		return fail(r, "not an object of 7 members");
	if ((id = get_str(r, json_object_object_get(o, "id"), "\"id\"")) == NULL)
		return -1;
	if ((s->id = strdup(id)) == NULL)
		return fail(r, "out of memory");
	if (r->scope > 0 && strcmp(t->scopes[r->scope - 1].id, s->id) >= 0)
		return fail(r, "scopes are not sorted by id");
	if (get_strv(r, o, "cases", 0, &s->cases, &s->n_cases) < 0 ||
	    get_strv(r, o, "domains", 0, &s->domains, &s->n_domains) < 0 ||
	    get_count(r, o, "servers", &s->servers) < 0 || get_count(r, o, "hives", &s->hives) < 0 ||
	    check_scope(r, s) < 0 || read_entries(r, t, o, 0) < 0 || read_entries(r, t, o, 1) < 0)
		return -1;
	return 0;
}

/* Every site's organization is an organization of its scope (a site counts only with one). */
static int check_sites(struct rd *r, const struct hd_fleet_table *t)
{
	for (size_t i = 0; i < t->n_scopes; i++) {
		const struct hd_scope_rec *s = &t->scopes[i];
		size_t o = 0;

		r->scope = i;
		for (size_t k = 0; k < s->n_sites; k++) {
			const char *org = t->sites[s->first_site + k].org;

			while (o < s->n_orgs && strcmp(t->orgs[s->first_org + o].org, org) < 0)
				o++;
			if (o == s->n_orgs || strcmp(t->orgs[s->first_org + o].org, org) != 0)
				return fail(r, "site \"%s\" of organization \"%s\", which the scope does not list",
				            t->sites[s->first_site + k].site, org);
		}
	}
	return 0;
}

static int read_top(struct rd *r, struct hd_fleet_table *t, json_object *root)
{
	json_object *v = member(root, "hivediag_peers_table", json_type_int), *tot, *a;
	unsigned long servers;
	size_t n;

	if (json_object_object_length(root) != 3 || v == NULL || json_object_get_int64(v) != 1 ||
	    (tot = member(root, "totals", json_type_object)) == NULL || json_object_object_length(tot) != 4 ||
	    (a = member(root, "scopes", json_type_array)) == NULL) {
		snprintf(r->err, r->errlen, "not a hivediag peers table of version 1");
		errno = EINVAL;
		return -1;
	}
	if (get_count(r, tot, "hives", &t->hives) < 0 || get_count(r, tot, "named", &t->named) < 0 ||
	    get_count(r, tot, "servers", &servers) < 0 || get_count(r, tot, "unread", &t->unread) < 0)
		return -1;
	n = json_object_array_length(a);
	if ((t->scopes = calloc(n ? n : 1, sizeof *t->scopes)) == NULL)
		return fail(r, "out of memory");
	for (r->scope = 0; r->scope < n; r->scope++)
		if (read_scope(r, t, json_object_array_get_idx(a, r->scope)) < 0)
			return -1;
	return check_sites(r, t);
}

/* Each case folder and domain belongs to one scope, and the counts add up. */
static int check_whole(struct rd *r, const struct hd_fleet_table *t)
{
	unsigned long hives = 0;
	size_t tokens = 0;

	for (size_t i = 0; i < t->n_scopes; i++) {
		hives += t->scopes[i].hives;
		tokens += t->scopes[i].n_cases + t->scopes[i].n_domains;
	}
	if (t->lookup.n != tokens) {
		snprintf(r->err, r->errlen, "a case folder or domain is in two scopes");
		return -1;
	}
	if (hives != t->named || t->named > t->hives) {
		snprintf(r->err, r->errlen, "the totals disagree with the scopes");
		return -1;
	}
	return 0;
}

struct hd_fleet_table *hd_fleet_table_read(const char *buf, size_t len, char *err, size_t errlen)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct rd r = { err, errlen, 0 };
	json_tokener *tok = NULL;
	json_object *root = NULL;
	uint8_t digest[32];
	int differs = 1;

	snprintf(err, errlen, "out of memory");
	if (t == NULL || (tok = json_tokener_new_ex(8)) == NULL)
		goto fail;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	if (len > INT32_MAX || memchr(buf, '\0', len) != NULL ||
	    (root = json_tokener_parse_ex(tok, buf, (int)len)) == NULL ||
	    json_tokener_get_error(tok) != json_tokener_success || !json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "not one JSON object%s%s", root == NULL ? ": " : "",
		         root == NULL ? json_tokener_error_desc(json_tokener_get_error(tok)) : "");
		goto fail;
	}
	if (read_top(&r, t, root) < 0)
		goto fail;
	if (hd_fleet_table_seal(t, NULL) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (check_whole(&r, t) < 0)
		goto fail;
	if (hd_fleet_table_digest(t, buf, len, digest, &differs) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (differs) {
		snprintf(err, errlen, "not in the canonical form hivediag writes (edited, reformatted or truncated)");
		goto fail;
	}
	json_object_put(root);
	json_tokener_free(tok);
	return t;
fail:
	json_object_put(root);
	json_tokener_free(tok);
	hd_fleet_table_free(t);
	errno = EINVAL;
	return NULL;
}
