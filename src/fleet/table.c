/*
 * table.c - the fleet peers table (fleet.h): adding names records, the
 * totals, and which scope a hive is in.  finish.c resolves the scopes and
 * counts the entries; index.c and judge.c match and judge the names;
 * tablefile.c writes and reads the canonical form.
 */
#include "fleet/table_internal.h"

#include <ctype.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hd_fleet_table *hd_fleet_table_new(void)
{
	struct hd_fleet_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		errno = ENOMEM;
	return t;
}

static void entries_free(struct hd_peer_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].org);
		free(v[i].site);
		for (size_t k = 0; k < v[i].n_paths; k++)
			free(v[i].paths[k]);
	}
	free(v);
}

void hd_fleet_table_free(struct hd_fleet_table *t)
{
	if (t == NULL)
		return;
	hd_pool_clear(&t->tokens);
	hd_pool_clear(&t->idents);
	hd_pool_clear(&t->names);
	for (size_t i = 0; i < t->n_rec; i++)
		hd_rec_clear(&t->rec[i]);
	free(t->rec);
	free(t->rec_slot);
	for (size_t i = 0; i < t->n_scopes; i++) {
		struct hd_scope_rec *s = &t->scopes[i];

		free(s->id);
		for (size_t k = 0; k < s->n_cases; k++)
			free(s->cases[k]);
		for (size_t k = 0; k < s->n_domains; k++)
			free(s->domains[k]);
		free(s->cases);
		free(s->domains);
	}
	free(t->scopes);
	entries_free(t->orgs, t->n_orgs);
	entries_free(t->sites, t->n_sites);
	free(t->org_scope);
	free(t->site_scope);
	hd_pool_clear(&t->lookup);
	free(t->scope_of_token);
	hd_near_index_clear(&t->orgs_ix);
	hd_near_index_clear(&t->sites_ix);
	free(t->org_keys);
	free(t->site_keys);
	free(t->cp);
	free(t->site_org);
	free(t);
}

char *hd_fleet_token(const char *kind, const char *s)
{
	size_t lk = strlen(kind), ls = strlen(s);
	char *tok = malloc(lk + ls + 2);

	if (tok == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(tok, kind, lk);
	tok[lk] = ':';
	memcpy(tok + lk + 1, s, ls + 1);
	return tok;
}

/*
 * A DNS domain links servers only when it can name one organization: two
 * labels or more ("contoso.com"), not a bare "local" or "corp" that many
 * customers use alike (Tcpip\Parameters\Domain; an inference).
 */
char *hd_fleet_domain_norm(const char *domain)
{
	size_t n, labels = 1;
	char *d;

	errno = 0;
	if (domain == NULL || (n = strlen(domain)) == 0)
		return NULL;
	if (domain[n - 1] == '.')
		n--;
	if (n == 0 || domain[0] == '.')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (domain[i] == '.') {
			if (domain[i + 1] == '.' || i + 1 == n)
				return NULL;
			labels++;
		}
	if (labels < 2)
		return NULL;
	if ((d = malloc(n + 1)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = (char)tolower((unsigned char)domain[i]);
	d[n] = '\0';
	return d;
}

/* Intern kind:s into the token pool.  0, or -1 ENOMEM. */
static int intern_token(struct hd_pool *p, const char *kind, const char *s, uint32_t *id)
{
	char *tok = hd_fleet_token(kind, s);
	int rc;

	if (tok == NULL)
		return -1;
	rc = hd_pool_intern(p, tok, id);
	free(tok);
	return rc;
}

/* The server's identity: its name, or (unknown) the path, marked so no name can equal it. */
static int intern_server(struct hd_fleet_table *t, const struct hd_fleet_names *n, uint32_t *id)
{
	char *mark;
	int rc;

	if (n->server != NULL && *n->server != '\0')
		return hd_pool_intern(&t->idents, n->server, id);
	if ((mark = hd_fleet_token("\x1e", n->path)) == NULL)
		return -1;
	rc = hd_pool_intern(&t->idents, mark, id);
	free(mark);
	return rc;
}

static int intern_opt(struct hd_pool *p, const char *s, uint32_t *id)
{
	*id = HD_NONE32;
	return s == NULL ? 0 : hd_pool_intern(p, s, id);
}

int hd_rec_keep_path(char **v, size_t *n, const char *path)
{
	size_t i = *n;
	char *copy;

	if (i == HD_PEER_PATHS && strcmp(path, v[HD_PEER_PATHS - 1]) >= 0)
		return 0;
	if ((copy = strdup(path)) == NULL)
		return -1;
	if (i == HD_PEER_PATHS)
		free(v[--i]);
	else
		(*n)++;
	while (i > 0 && strcmp(copy, v[i - 1]) < 0) {
		v[i] = v[i - 1];
		i--;
	}
	v[i] = copy;
	return 0;
}

void hd_rec_clear(struct hd_rec *r)
{
	for (size_t k = 0; k < r->n_paths; k++)
		free(r->paths[k]);
	r->n_paths = 0;
}

static size_t rec_hash(const struct hd_rec *r)
{
	uint32_t key[5] = { r->case_tok, r->dom_tok, r->server, r->org, r->site };

	return (size_t)hd_fnv1a(key, sizeof key, HD_FNV_SEED);
}

static int rec_same(const struct hd_rec *a, const struct hd_rec *b)
{
	return a->case_tok == b->case_tok && a->dom_tok == b->dom_tok && a->server == b->server &&
	       a->org == b->org && a->site == b->site;
}

/* The slot of r's server: holding its record, or the empty one where it goes. */
static uint32_t *rec_slot(const struct hd_fleet_table *t, const struct hd_rec *r)
{
	size_t mask = t->n_rec_slots - 1, i = rec_hash(r) & mask;

	while (t->rec_slot[i] != 0 && !rec_same(&t->rec[t->rec_slot[i] - 1], r))
		i = (i + 1) & mask;
	return &t->rec_slot[i];
}

/* Room for one more record (and the slots twice that).  0, or -1 ENOMEM. */
static int rec_grow(struct hd_fleet_table *t)
{
	size_t cap = t->cap_rec ? t->cap_rec * 2 : 256;
	struct hd_rec *v;
	uint32_t *slot;

	if (t->n_rec < t->cap_rec)
		return 0;
	/* The slots first: a capacity never outgrows its slots, even after a failure here. */
	if (cap > UINT32_MAX / 2 || (slot = calloc(cap * 2, sizeof *slot)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if ((v = realloc(t->rec, cap * sizeof *v)) == NULL) {
		free(slot);
		errno = ENOMEM;
		return -1;
	}
	t->rec = v;
	t->cap_rec = cap;
	free(t->rec_slot);
	t->rec_slot = slot;
	t->n_rec_slots = cap * 2;
	for (size_t i = 0; i < t->n_rec; i++)
		*rec_slot(t, &t->rec[i]) = (uint32_t)(i + 1);
	return 0;
}

/* Record r with path: merged into its server's record, or a new one.  0, or -1 ENOMEM. */
static int rec_add(struct hd_fleet_table *t, struct hd_rec *r, const char *path)
{
	uint32_t *slot;
	struct hd_rec *into;

	if (rec_grow(t) < 0)
		return -1;
	slot = rec_slot(t, r);
	if (*slot == 0) {
		r->hives = 0;
		r->n_paths = 0;
		t->rec[t->n_rec] = *r;
		*slot = (uint32_t)++t->n_rec;
	}
	into = &t->rec[*slot - 1];
	into->hives++;
	return hd_rec_keep_path(into->paths, &into->n_paths, path);
}

int hd_fleet_table_add(struct hd_fleet_table *t, const struct hd_fleet_names *n)
{
	struct hd_rec r;
	char *dom = NULL;
	int rc = -1;

	if (t->finished) {
		errno = EINVAL;
		return -1;
	}
	if (!n->read) {
		t->unread++;
		return 0;
	}
	if (!n->is_system)
		return 0;       /* a SOFTWARE hive (or no hive) is no server's witness */
	dom = hd_fleet_domain_norm(n->domain);
	if (dom == NULL && errno == ENOMEM)
		return -1;
	r.dom_tok = HD_NONE32;
	if (intern_token(&t->tokens, "case", n->case_folder ? n->case_folder : ".", &r.case_tok) < 0 ||
	    (dom != NULL && intern_token(&t->tokens, "dns", dom, &r.dom_tok) < 0) ||
	    intern_server(t, n, &r.server) < 0 || intern_opt(&t->names, n->org, &r.org) < 0 ||
	    intern_opt(&t->names, n->org ? n->site : NULL, &r.site) < 0 || rec_add(t, &r, n->path) < 0)
		goto out;
	t->hives++;
	t->named += n->org != NULL;
	rc = 0;
out:
	free(dom);
	return rc;
}

void hd_fleet_table_totals(const struct hd_fleet_table *t, unsigned long *hives, unsigned long *named,
                           unsigned long *servers, unsigned long *unread)
{
	*hives = t->hives;
	*named = t->named;
	*servers = t->servers;
	*unread = t->unread;
}

const char *hd_fleet_table_id(const struct hd_fleet_table *t)
{
	return t->finished ? t->id : NULL;
}

int hd_fleet_scope_of(const struct hd_fleet_table *t, const char *case_folder, const char *domain,
                      struct hd_fleet_scope *s)
{
	uint32_t tok = HD_NONE32;
	char *k;

	memset(s, 0, sizeof *s);
	if (!t->finished)
		return 0;
	if (case_folder != NULL && (k = hd_fleet_token("case", case_folder)) != NULL) {
		tok = hd_pool_find(&t->lookup, k);
		free(k);
	}
	if (tok == HD_NONE32 && (k = hd_fleet_domain_norm(domain)) != NULL) {
		char *d = hd_fleet_token("dns", k);

		free(k);
		if (d != NULL)
			tok = hd_pool_find(&t->lookup, d);
		free(d);
	}
	if (tok == HD_NONE32)
		return 0;
	s->id = t->scopes[t->scope_of_token[tok]].id;
	s->servers = t->scopes[t->scope_of_token[tok]].servers;
	s->hives = t->scopes[t->scope_of_token[tok]].hives;
	return 1;
}

/* The lookup from every case folder and domain to its scope. */
static int build_lookup(struct hd_fleet_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_scopes; i++)
		n += t->scopes[i].n_cases + t->scopes[i].n_domains;
	if ((t->scope_of_token = malloc((n ? n : 1) * sizeof *t->scope_of_token)) == NULL)
		return -1;
	for (size_t i = 0; i < t->n_scopes; i++) {
		const struct hd_scope_rec *s = &t->scopes[i];

		for (size_t k = 0; k < s->n_cases + s->n_domains; k++) {
			int dns = k >= s->n_cases;
			uint32_t id;

			if (intern_token(&t->lookup, dns ? "dns" : "case", dns ? s->domains[k - s->n_cases] : s->cases[k],
			                 &id) < 0)
				return -1;
			t->scope_of_token[id] = (uint32_t)i;
		}
	}
	return 0;
}

/* Each site entry's organization entry (the scope lists it: finish made it, read checks it). */
static int link_sites(struct hd_fleet_table *t)
{
	if ((t->site_org = malloc((t->n_sites ? t->n_sites : 1) * sizeof *t->site_org)) == NULL)
		return -1;
	for (size_t i = 0; i < t->n_scopes; i++) {
		const struct hd_scope_rec *s = &t->scopes[i];
		size_t o = 0;

		for (size_t k = 0; k < s->n_sites; k++) {
			const char *org = t->sites[s->first_site + k].org;

			while (o + 1 < s->n_orgs && strcmp(t->orgs[s->first_org + o].org, org) < 0)
				o++;
			t->site_org[s->first_site + k] = (uint32_t)(s->first_org + o);
		}
	}
	return 0;
}

int hd_fleet_table_seal(struct hd_fleet_table *t, const volatile sig_atomic_t *stop)
{
	uint8_t d[SHA256_DIGEST_SIZE];

	if (build_lookup(t) < 0 || link_sites(t) < 0 || hd_near_index_build(t, 0, stop) < 0 ||
	    hd_near_index_build(t, 1, stop) < 0)
		return -1;
	t->servers = 0;
	for (size_t i = 0; i < t->n_scopes; i++)
		t->servers += t->scopes[i].servers;
	t->finished = 1;
	if (hd_fleet_table_digest(t, NULL, 0, d, NULL) < 0) {
		t->finished = 0;
		return -1;
	}
	memcpy(t->id, "sha256:", 7);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(t->id + 7 + 2 * i, 3, "%02x", d[i]);
	return 0;
}
