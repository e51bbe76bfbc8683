/*
 * finish.c - hd_fleet_table_finish: the scopes (connected groups of hives
 * linked by a shared case folder or DNS domain; a union-find over the
 * tokens) and the entries (one per organization, and per organization and
 * site, within a scope), counted in distinct servers (DOMAIN.md 0.16).
 *
 * Everything is ordered by content, never by add order: scopes by id (the
 * smallest token of the group), entries by scope, organization, site; the
 * paths kept are the smallest.  So the same records in any order give the
 * same table, byte for byte (tablefile.c).
 */
#include "fleet/table_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define POLL_EVERY 4096

static int stopped(const volatile sig_atomic_t *stop, size_t i)
{
	if (stop != NULL && i % POLL_EVERY == 0 && *stop) {
		errno = EINTR;
		return 1;
	}
	return 0;
}

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* What finish works with, freed at its end. */
struct work {
	uint32_t *parent;               /* per token */
	uint32_t *best;                 /* per root token: its group's smallest token */
	uint32_t *root_scope;           /* per root token: its scope */
	uint32_t *rec_scope;            /* per record */
	uint32_t *rank;                 /* per name: its place in strcmp order */
	uint32_t *order;                /* records or tokens being sorted */
};

static int cmp_str_ids(const void *a, const void *b, void *pool)
{
	const struct hd_pool *p = pool;

	return strcmp(p->str[*(const uint32_t *)a], p->str[*(const uint32_t *)b]);
}

/* Union the tokens of each record; each group's smallest token. */
static int link_tokens(struct hd_fleet_table *t, struct work *w, const volatile sig_atomic_t *stop)
{
	size_t n = t->tokens.n ? t->tokens.n : 1;

	if ((w->parent = malloc(n * sizeof *w->parent)) == NULL || (w->best = malloc(n * sizeof *w->best)) == NULL ||
	    (w->root_scope = malloc(n * sizeof *w->root_scope)) == NULL)
		return -1;
	for (uint32_t i = 0; i < t->tokens.n; i++)
		w->parent[i] = w->best[i] = i;
	for (size_t i = 0; i < t->n_rec; i++) {
		if (stopped(stop, i))
			return -1;
		if (t->rec[i].dom_tok != HD_NONE32)
			uf_union(w->parent, t->rec[i].case_tok, t->rec[i].dom_tok);
	}
	for (uint32_t i = 0; i < t->tokens.n; i++) {
		uint32_t r = uf_find(w->parent, i);

		if (strcmp(t->tokens.str[i], t->tokens.str[w->best[r]]) < 0)
			w->best[r] = i;
	}
	return 0;
}

static int cmp_tok_by_scope(const void *a, const void *b, void *arg)
{
	const struct hd_fleet_table *t = ((const void **)arg)[0];
	const struct work *w = ((const void **)arg)[1];
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t sx = w->root_scope[uf_find(w->parent, x)], sy = w->root_scope[uf_find(w->parent, y)];

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(t->tokens.str[x], t->tokens.str[y]);
}

/* Append token tok (without its "case:" / "dns:" kind) to scope s. */
static int scope_take(struct hd_scope_rec *s, const char *tok)
{
	int dns = strncmp(tok, "dns:", 4) == 0;
	char ***v = dns ? &s->domains : &s->cases;
	size_t *n = dns ? &s->n_domains : &s->n_cases;
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(tok + (dns ? 4 : 5))) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* The scopes, sorted by id, each with its case folders and domains in order. */
static int make_scopes(struct hd_fleet_table *t, struct work *w)
{
	size_t n_tok = t->tokens.n, k = 0;
	void *arg[2] = { t, w };

	if ((w->order = malloc((n_tok ? n_tok : 1) * sizeof *w->order)) == NULL)
		return -1;
	for (uint32_t i = 0; i < n_tok; i++)
		if (w->parent[i] == i)
			w->order[k++] = w->best[i];
	qsort_r(w->order, k, sizeof *w->order, cmp_str_ids, &t->tokens);
	if ((t->scopes = calloc(k ? k : 1, sizeof *t->scopes)) == NULL)
		return -1;
	for (size_t i = 0; i < k; i++) {
		w->root_scope[uf_find(w->parent, w->order[i])] = (uint32_t)i;
		if ((t->scopes[i].id = strdup(t->tokens.str[w->order[i]])) == NULL)
			return -1;
		t->n_scopes++;
	}
	for (uint32_t i = 0; i < n_tok; i++)
		w->order[i] = i;
	qsort_r(w->order, n_tok, sizeof *w->order, cmp_tok_by_scope, arg);
	for (size_t i = 0; i < n_tok; i++)
		if (scope_take(&t->scopes[w->root_scope[uf_find(w->parent, w->order[i])]], t->tokens.str[w->order[i]]) < 0)
			return -1;
	return 0;
}

/* Each name's rank in strcmp order, so records sort by integers. */
static int rank_names(struct hd_fleet_table *t, struct work *w)
{
	size_t n = t->names.n ? t->names.n : 1;
	uint32_t *ids = malloc(n * sizeof *ids);

	if (ids == NULL || (w->rank = malloc(n * sizeof *w->rank)) == NULL) {
		free(ids);
		return -1;
	}
	for (uint32_t i = 0; i < t->names.n; i++)
		ids[i] = i;
	qsort_r(ids, t->names.n, sizeof *ids, cmp_str_ids, &t->names);
	for (uint32_t i = 0; i < t->names.n; i++)
		w->rank[ids[i]] = i;
	free(ids);
	return 0;
}

struct rec_ctx {
	const struct hd_fleet_table *t;
	const struct work *w;
	int sites;
};

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/* Records by scope, organization, (site,) server: an entry's records are adjacent. */
static int cmp_rec(const void *a, const void *b, void *arg)
{
	const struct rec_ctx *c = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct hd_rec *rx = &c->t->rec[x], *ry = &c->t->rec[y];
	int d;

	if ((d = cmp_u32(c->w->rec_scope[x], c->w->rec_scope[y])) != 0 ||
	    (d = cmp_u32(c->w->rank[rx->org], c->w->rank[ry->org])) != 0 ||
	    (c->sites && (d = cmp_u32(c->w->rank[rx->site], c->w->rank[ry->site])) != 0))
		return d;
	return cmp_u32(rx->server, ry->server);
}

static int same_entry(const struct rec_ctx *c, uint32_t x, uint32_t y)
{
	const struct hd_rec *rx = &c->t->rec[x], *ry = &c->t->rec[y];

	return c->w->rec_scope[x] == c->w->rec_scope[y] && rx->org == ry->org && (!c->sites || rx->site == ry->site);
}

/* One entry from records order[from .. to): their servers, hives and smallest paths. */
static int make_entry(struct hd_fleet_table *t, const struct rec_ctx *c, const uint32_t *order, size_t from,
                      size_t to, struct hd_peer_entry *e)
{
	const struct hd_rec *r = &t->rec[order[from]];

	memset(e, 0, sizeof *e);
	for (size_t i = from; i < to; i++) {
		const struct hd_rec *ri = &t->rec[order[i]];

		e->count += i == from || ri->server != t->rec[order[i - 1]].server;
		e->hives += ri->hives;
		for (size_t k = 0; k < ri->n_paths; k++)
			if (hd_rec_keep_path(e->paths, &e->n_paths, ri->paths[k]) < 0)
				return -1;
	}
	if ((e->org = strdup(t->names.str[r->org])) == NULL ||
	    (c->sites && (e->site = strdup(t->names.str[r->site])) == NULL))
		return -1;
	return 0;
}

/* The entries of one list, in canonical order, with their scopes. */
static int make_entries(struct hd_fleet_table *t, struct work *w, int sites, const volatile sig_atomic_t *stop)
{
	struct rec_ctx c = { t, w, sites };
	struct hd_peer_entry **v = sites ? &t->sites : &t->orgs;
	uint32_t **scope = sites ? &t->site_scope : &t->org_scope;
	size_t *nv = sites ? &t->n_sites : &t->n_orgs, k = 0, groups = 0;

	for (uint32_t i = 0; i < t->n_rec; i++)
		if (t->rec[i].org != HD_NONE32 && (!sites || t->rec[i].site != HD_NONE32))
			w->order[k++] = i;
	qsort_r(w->order, k, sizeof *w->order, cmp_rec, &c);
	for (size_t i = 0; i < k; i++)
		groups += i == 0 || !same_entry(&c, w->order[i - 1], w->order[i]);
	if ((*v = calloc(groups ? groups : 1, sizeof **v)) == NULL ||
	    (*scope = malloc((groups ? groups : 1) * sizeof **scope)) == NULL)
		return -1;
	for (size_t i = 0, j; i < k; i = j) {
		if (stopped(stop, *nv))
			return -1;
		for (j = i + 1; j < k && same_entry(&c, w->order[i], w->order[j]); j++)
			;
		(*scope)[*nv] = w->rec_scope[w->order[i]];
		if (make_entry(t, &c, w->order, i, j, &(*v)[*nv]) < 0) {
			(*nv)++;
			return -1;
		}
		(*nv)++;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Each scope's named hives and distinct servers, and its entry ranges.  0, or -1 ENOMEM. */
static int count_scopes(struct hd_fleet_table *t, struct work *w)
{
	uint64_t *pair = malloc((t->n_rec ? t->n_rec : 1) * sizeof *pair);
	size_t k = 0;

	if (pair == NULL)
		return -1;
	for (uint32_t i = 0; i < t->n_rec; i++)
		if (t->rec[i].org != HD_NONE32) {
			pair[k++] = (uint64_t)w->rec_scope[i] << 32 | t->rec[i].server;
			t->scopes[w->rec_scope[i]].hives += t->rec[i].hives;
		}
	qsort(pair, k, sizeof *pair, cmp_u64);
	for (size_t i = 0; i < k; i++)
		t->scopes[pair[i] >> 32].servers += i == 0 || pair[i] != pair[i - 1];
	free(pair);
	for (size_t i = t->n_orgs; i-- > 0;) {
		t->scopes[t->org_scope[i]].first_org = i;
		t->scopes[t->org_scope[i]].n_orgs++;
	}
	for (size_t i = t->n_sites; i-- > 0;) {
		t->scopes[t->site_scope[i]].first_site = i;
		t->scopes[t->site_scope[i]].n_sites++;
	}
	return 0;
}

static void work_free(struct work *w)
{
	free(w->parent);
	free(w->best);
	free(w->root_scope);
	free(w->rec_scope);
	free(w->rank);
	free(w->order);
}

int hd_fleet_table_finish(struct hd_fleet_table *t, const volatile sig_atomic_t *stop)
{
	struct work w = { 0 };
	int rc = -1;

	if (t->finished)
		return 0;
	if (link_tokens(t, &w, stop) < 0 || make_scopes(t, &w) < 0 ||
	    (w.rec_scope = malloc((t->n_rec ? t->n_rec : 1) * sizeof *w.rec_scope)) == NULL)
		goto out;
	for (size_t i = 0; i < t->n_rec; i++)
		w.rec_scope[i] = w.root_scope[uf_find(w.parent, t->rec[i].case_tok)];
	free(w.order);
	if ((w.order = malloc((t->n_rec ? t->n_rec : 1) * sizeof *w.order)) == NULL || rank_names(t, &w) < 0 ||
	    make_entries(t, &w, 0, stop) < 0 || make_entries(t, &w, 1, stop) < 0)
		goto out;
	if (count_scopes(t, &w) < 0)
		goto out;
	work_free(&w);
	memset(&w, 0, sizeof w);
	hd_pool_clear(&t->tokens);
	hd_pool_clear(&t->idents);
	hd_pool_clear(&t->names);
	for (size_t i = 0; i < t->n_rec; i++)
		hd_rec_clear(&t->rec[i]);
	free(t->rec);
	free(t->rec_slot);
	t->rec = NULL;
	t->rec_slot = NULL;
	t->n_rec = t->cap_rec = t->n_rec_slots = 0;
	rc = hd_fleet_table_seal(t, stop);
out:
	work_free(&w);
	if (rc < 0 && errno != EINTR)
		errno = ENOMEM;
	return rc;
}
