/*
 * peers.c - the run's table of Organization and Site names and the
 * near-miss judgement over it (see peers.h).
 */
#include "rules/peers.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over the organization, a separator, the site. */
static size_t hash_names(const char *org, const char *site)
{
	uint64_t h = 14695981039346656037u;

	for (const char *p = org; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ 0xffu) * 1099511628211u;
	for (const char *p = site ? site : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return (size_t)h;
}

static int same_names(const struct hd_peer_entry *e, const char *org, const char *site)
{
	return strcmp(e->org, org) == 0 && (site == NULL ? e->site == NULL
	                                                 : e->site != NULL && strcmp(e->site, site) == 0);
}

/* The slot of (org, site): holding its entry, or the empty one it would take. */
static size_t *find_slot(const struct hd_peer_list *l, const char *org, const char *site)
{
	size_t mask = l->n_slots - 1, i = hash_names(org, site) & mask;

	while (l->slot[i] != 0 && !same_names(&l->v[l->slot[i] - 1], org, site))
		i = (i + 1) & mask;
	return &l->slot[i];
}

static int grow(struct hd_peer_list *l)
{
	size_t cap = l->cap ? l->cap * 2 : 16, n_slots = cap * 2;
	struct hd_peer_entry *v = realloc(l->v, cap * sizeof *v);
	size_t *slot;

	if (v == NULL)
		return -1;
	l->v = v;
	if ((slot = calloc(n_slots, sizeof *slot)) == NULL)
		return -1;
	free(l->slot);
	l->slot = slot;
	l->n_slots = n_slots;
	l->cap = cap;
	for (size_t i = 0; i < l->n; i++)
		*find_slot(l, l->v[i].org, l->v[i].site) = i + 1;
	return 0;
}

static int list_add(struct hd_peer_list *l, const char *path, const char *org, const char *site)
{
	size_t *slot;
	struct hd_peer_entry *e;

	if (l->n == l->cap && grow(l) < 0)
		return -1;
	slot = find_slot(l, org, site);
	if (*slot == 0) {
		e = &l->v[l->n];
		memset(e, 0, sizeof *e);
		e->org = strdup(org);
		e->site = site ? strdup(site) : NULL;
		if (e->org == NULL || (site && e->site == NULL)) {
			free(e->org);
			free(e->site);
			return -1;
		}
		*slot = ++l->n;
	}
	e = &l->v[*slot - 1];
	e->count++;
	if (e->n_paths < HD_PEER_PATHS) {
		if ((e->paths[e->n_paths] = strdup(path)) == NULL)
			return -1;
		e->n_paths++;
	}
	return 0;
}

int hd_peer_table_add(struct hd_peer_table *t, const char *path, const char *org, const char *site)
{
	t->hives++;
	if (org == NULL)
		return 0;
	t->named++;
	if (list_add(&t->orgs, path, org, NULL) < 0 || (site && list_add(&t->sites, path, org, site) < 0))
		return -1;
	return 0;
}

static void list_clear(struct hd_peer_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].org);
		free(l->v[i].site);
		for (size_t k = 0; k < l->v[i].n_paths; k++)
			free(l->v[i].paths[k]);
	}
	free(l->v);
	free(l->slot);
	memset(l, 0, sizeof *l);
}

void hd_peer_table_clear(struct hd_peer_table *t)
{
	list_clear(&t->orgs);
	list_clear(&t->sites);
	memset(t, 0, sizeof *t);
}

/* What one judgement looks at: a list, and for sites the organization. */
struct scope {
	const struct hd_peer_list *list;
	const char *org;                /* NULL: judging organizations */
};

static const char *name_of(const struct hd_peer_entry *e, const struct scope *s)
{
	return s->org ? e->site : e->org;
}

/*
 * The entries whose name is own or a near-miss of it (for sites: among
 * organizations that are the same or near-misses).  A new array, *n long;
 * NULL for none (errno 0) or with errno = ENOMEM.
 */
static const struct hd_peer_entry **candidates(const struct scope *s, const char *own, size_t *n)
{
	const struct hd_peer_entry **c = NULL;

	*n = 0;
	errno = 0;
	for (size_t i = 0; i < s->list->n; i++) {
		const struct hd_peer_entry *e = &s->list->v[i];

		if (s->org && hd_near_miss(e->org, s->org, NULL) == HD_NEAR_DISTINCT)
			continue;
		if (hd_near_miss(name_of(e, s), own, NULL) == HD_NEAR_DISTINCT)
			continue;
		if (c == NULL && (c = malloc(s->list->n * sizeof *c)) == NULL)
			return NULL;
		c[(*n)++] = e;
	}
	return c;
}

static unsigned long total(const struct hd_peer_entry **c, size_t n, const struct scope *s, const char *name)
{
	unsigned long sum = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(name_of(c[i], s), name) == 0)
			sum += c[i]->count;
	return sum;
}

/* 1 when an earlier candidate carries the same name (count each name once). */
static int seen_before(const struct hd_peer_entry **c, size_t i, const struct scope *s)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(name_of(c[k], s), name_of(c[i], s)) == 0)
			return 1;
	return 0;
}

/* Find the near-miss most hives carry; ties counted in *n_top. */
static void strongest(const struct hd_peer_entry **c, size_t n, const struct scope *s,
                      struct hd_peer_judgement *j, size_t *n_top)
{
	*n_top = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = name_of(c[i], s);
		unsigned long t;

		if (strcmp(name, j->own) == 0 || seen_before(c, i, s))
			continue;
		t = total(c, n, s, name);
		if (t > j->other_count) {
			j->other = name;
			j->other_count = t;
			*n_top = 1;
		} else if (t == j->other_count) {
			(*n_top)++;
		}
	}
}

static int judge(const struct scope *s, const char *own, struct hd_peer_judgement *j)
{
	size_t n, n_top;
	const struct hd_peer_entry **c = candidates(s, own, &n);

	memset(j, 0, sizeof *j);
	j->own = own;
	if (c == NULL)
		return errno == ENOMEM ? -1 : 0;
	j->own_count = total(c, n, s, own);
	strongest(c, n, s, j, &n_top);
	if (j->other == NULL || j->own_count > j->other_count) {
		j->other = NULL;
		j->other_count = 0;
	} else {
		/* Fewer hives than one near-miss: the minority; as many, or fewer
		 * than several tied ones: no majority to judge by. */
		j->status = j->own_count < j->other_count && n_top == 1 ? HD_PEER_MINORITY : HD_PEER_TIE;
		j->how = hd_near_miss(own, j->other, &j->distance);
		for (size_t i = 0; i < n && j->n_peers < HD_PEER_MAX_EVIDENCE; i++)
			if (strcmp(name_of(c[i], s), j->other) == 0)
				j->peers[j->n_peers++] = c[i];
	}
	free(c);
	return 0;
}

int hd_peer_judge_org(const struct hd_peer_table *t, const char *org, struct hd_peer_judgement *j)
{
	struct scope s = { .list = &t->orgs, .org = NULL };

	return judge(&s, org, j);
}

int hd_peer_judge_site(const struct hd_peer_table *t, const char *org, const char *site,
                       struct hd_peer_judgement *j)
{
	struct scope s = { .list = &t->sites, .org = org };

	return judge(&s, site, j);
}

const char *hd_peer_agreed(const struct hd_name_row *row)
{
	const char *name = NULL;

	if (row->registry != HD_AGREE_EXACT && row->registry != HD_AGREE_NONE)
		return NULL;
	for (int s = 0; s < HD_NSRC_EXPECTED && name == NULL; s++)
		if (s != HD_NSRC_COMPUTER)
			name = row->cell[s].value;
	return name;
}
