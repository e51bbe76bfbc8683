/*
 * peers.c - the run's table of Organization and Site names and the
 * near-miss judgement over it (see peers.h).
 */
#include "rules/peers.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
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

/* FNV-1a of a string. */
static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot holding key, or the empty one it would take (n_slots > 0). */
static char **set_find(const struct hd_peer_set *set, const char *key)
{
	size_t mask = set->n_slots - 1, i = hash_str(key) & mask;

	while (set->slot[i] != NULL && strcmp(set->slot[i], key) != 0)
		i = (i + 1) & mask;
	return &set->slot[i];
}

/* Add key (taken over) to set: 1 when new, 0 when there already (key freed), -1 ENOMEM (key freed). */
static int set_add(struct hd_peer_set *set, char *key)
{
	char **at;

	if (2 * (set->n + 1) > set->n_slots) {
		struct hd_peer_set bigger = { .n = set->n, .n_slots = set->n_slots ? set->n_slots * 2 : 16 };

		if ((bigger.slot = calloc(bigger.n_slots, sizeof *bigger.slot)) == NULL) {
			free(key);
			return -1;
		}
		for (size_t i = 0; i < set->n_slots; i++)
			if (set->slot[i] != NULL)
				*set_find(&bigger, set->slot[i]) = set->slot[i];
		free(set->slot);
		*set = bigger;
	}
	at = set_find(set, key);
	if (*at != NULL) {
		free(key);
		return 0;
	}
	*at = key;
	set->n++;
	return 1;
}

static void set_clear(struct hd_peer_set *set)
{
	for (size_t i = 0; i < set->n_slots; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof *set);
}

/* "org \x1f site \x1f server" (a new string), the key of one server carrying one name. */
static char *witness_key(const char *org, const char *site, const char *server)
{
	size_t lo = strlen(org), ls = site ? strlen(site) : 0, lv = strlen(server);
	char *k = malloc(lo + ls + lv + 3);

	if (k != NULL)
		snprintf(k, lo + ls + lv + 3, "%s\x1f%s\x1f%s", org, site ? site : "", server);
	return k;
}

static int list_add(struct hd_peer_list *l, const char *path, const char *org, const char *site,
                    const char *server)
{
	size_t *slot;
	struct hd_peer_entry *e;
	int fresh;

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
	if ((fresh = set_add(&l->seen, witness_key(org, site, server))) < 0)
		return -1;
	e->count += (unsigned long)fresh;     /* another copy of a counted server adds no witness */
	e->hives++;
	if (e->n_paths < HD_PEER_PATHS) {
		if ((e->paths[e->n_paths] = strdup(path)) == NULL)
			return -1;
		e->n_paths++;
	}
	return 0;
}

/* The server's identity: its name, or (unknown) the path, marked so no name can equal it. */
static char *identity(const char *path, const char *server)
{
	char *id;

	if (server != NULL && *server != '\0')
		return strdup(server);
	if ((id = malloc(strlen(path) + 2)) != NULL)
		snprintf(id, strlen(path) + 2, "\x1e%s", path);
	return id;
}

int hd_peer_table_add(struct hd_peer_table *t, const char *path, const char *org, const char *site,
                      const char *server)
{
	char *id;
	int rc = -1, fresh;

	t->linked = 0;
	t->hives++;
	if (org == NULL)
		return 0;
	t->named++;
	if ((id = identity(path, server)) == NULL)
		return -1;
	if (list_add(&t->orgs, path, org, NULL, id) < 0 || (site && list_add(&t->sites, path, org, site, id) < 0))
		goto out;
	if ((fresh = set_add(&t->seen, id)) < 0) {
		id = NULL;
		goto out;
	}
	id = NULL;      /* the set has it, or freed it */
	t->servers += (unsigned long)fresh;
	rc = 0;
out:
	free(id);
	return rc;
}

static void list_clear(struct hd_peer_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].org);
		free(l->v[i].site);
		for (size_t k = 0; k < l->v[i].n_paths; k++)
			free(l->v[i].paths[k]);
		free(l->v[i].near);
	}
	free(l->v);
	free(l->slot);
	set_clear(&l->seen);
	memset(l, 0, sizeof *l);
}

void hd_peer_table_clear(struct hd_peer_table *t)
{
	list_clear(&t->orgs);
	list_clear(&t->sites);
	set_clear(&t->seen);
	memset(t, 0, sizeof *t);
}

/*
 * An entry's place in the comparison order (by the length of its key), with
 * a copy of what rejects most pairs, kept small and contiguous: the scan
 * over thousands of names then stays in the cache.
 */
struct rank {
	size_t len, idx;
	uint64_t digits;
	uint8_t hist[32];
};

/* 0 when the two names cannot be near-misses (see hd_near_key: at most 2 edits, 2 bins each). */
static int may_be_near(const struct rank *a, const struct rank *b)
{
	unsigned d = 0;

	if (a->digits != b->digits)
		return 0;
	for (size_t i = 0; i < sizeof a->hist && d <= 4; i++)
		d += (unsigned)(a->hist[i] > b->hist[i] ? a->hist[i] - b->hist[i] : b->hist[i] - a->hist[i]);
	return d <= 4;
}

/* Keys of one list's names (and, for sites, of their organizations). */
struct keyed {
	struct hd_near_key *name, *org;         /* org: NULL for the organization list */
	struct rank *order;
};

static int by_length(const void *a, const void *b)
{
	size_t x = ((const struct rank *)a)->len, y = ((const struct rank *)b)->len;

	return x < y ? -1 : x > y;
}

static int add_near(struct hd_peer_entry *e, size_t other)
{
	size_t *v = realloc(e->near, (e->n_near + 1) * sizeof *v);

	if (v == NULL)
		return -1;
	v[e->n_near++] = other;
	e->near = v;
	return 0;
}

/* Entries i and j are near-misses (for sites: their organizations are related too). */
static int related(const struct hd_peer_list *l, const struct keyed *k, size_t i, size_t j)
{
	const struct hd_peer_entry *a = &l->v[i], *b = &l->v[j];

	if (k->org == NULL)
		return hd_near_miss_keys(a->org, &k->name[i], b->org, &k->name[j], NULL) != HD_NEAR_DISTINCT;
	return hd_near_miss_keys(a->site, &k->name[i], b->site, &k->name[j], NULL) != HD_NEAR_DISTINCT &&
	       hd_near_miss_keys(a->org, &k->org[i], b->org, &k->org[j], NULL) != HD_NEAR_DISTINCT;
}

/* Compare each entry with those whose key length is within 2 (no near-miss is farther). */
static int link_pairs(struct hd_peer_list *l, const struct keyed *k)
{
	for (size_t x = 0; x < l->n; x++) {
		size_t i = k->order[x].idx;

		for (size_t y = x + 1; y < l->n && k->order[y].len <= k->order[x].len + 2; y++) {
			size_t j = k->order[y].idx;

			if (may_be_near(&k->order[x], &k->order[y]) && related(l, k, i, j) && (add_near(&l->v[i], j) < 0 || add_near(&l->v[j], i) < 0))
				return -1;
		}
	}
	return 0;
}

static int link_list(struct hd_peer_list *l, int sites)
{
	struct keyed k = { NULL, NULL, NULL };
	int rc = -1;

	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].near);
		l->v[i].near = NULL;
		l->v[i].n_near = 0;
	}
	k.name = malloc((l->n ? l->n : 1) * sizeof *k.name);
	k.order = malloc((l->n ? l->n : 1) * sizeof *k.order);
	if (sites)
		k.org = malloc((l->n ? l->n : 1) * sizeof *k.org);
	if (k.name == NULL || k.order == NULL || (sites && k.org == NULL))
		goto done;
	for (size_t i = 0; i < l->n; i++) {
		hd_near_key_make(sites ? l->v[i].site : l->v[i].org, &k.name[i]);
		if (sites)
			hd_near_key_make(l->v[i].org, &k.org[i]);
		k.order[i] = (struct rank){ .len = k.name[i].n, .idx = i, .digits = k.name[i].digits };
		memcpy(k.order[i].hist, k.name[i].hist, sizeof k.order[i].hist);
	}
	qsort(k.order, l->n, sizeof *k.order, by_length);
	rc = link_pairs(l, &k);
done:
	free(k.name);
	free(k.org);
	free(k.order);
	return rc;
}

int hd_peer_table_link(struct hd_peer_table *t)
{
	if (link_list(&t->orgs, 0) < 0 || link_list(&t->sites, 1) < 0)
		return -1;
	t->linked = 1;
	return 0;
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

/* Find the near-miss most servers carry; ties counted in *n_top. */
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

/* The entry holding own (sites: of organization s->org) and its near-misses, when linked. */
static const struct hd_peer_entry **linked_candidates(const struct hd_peer_table *t, const struct scope *s,
                                                     const char *own, size_t *n)
{
	const struct hd_peer_entry **c;
	size_t slot;

	*n = 0;
	errno = 0;
	if (!t->linked || s->list->n == 0)
		return NULL;
	slot = *find_slot(s->list, s->org ? s->org : own, s->org ? own : NULL);
	if (slot == 0)
		return NULL;
	if ((c = malloc((s->list->v[slot - 1].n_near + 1) * sizeof *c)) == NULL)
		return NULL;
	c[(*n)++] = &s->list->v[slot - 1];
	for (size_t i = 0; i < s->list->v[slot - 1].n_near; i++)
		c[(*n)++] = &s->list->v[s->list->v[slot - 1].near[i]];
	return c;
}

static int judge(const struct hd_peer_table *t, const struct scope *s, const char *own,
                 struct hd_peer_judgement *j)
{
	size_t n, n_top;
	const struct hd_peer_entry **c = linked_candidates(t, s, own, &n);

	memset(j, 0, sizeof *j);
	j->own = own;
	if (c == NULL && errno != ENOMEM)
		c = candidates(s, own, &n);     /* not linked, or a name the first pass did not see */
	if (c == NULL)
		return errno == ENOMEM ? -1 : 0;
	j->own_count = total(c, n, s, own);
	strongest(c, n, s, j, &n_top);
	if (j->other == NULL || j->own_count > j->other_count) {
		j->other = NULL;
		j->other_count = 0;
	} else {
		/* Fewer servers than one near-miss: the minority; as many, or fewer
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

	return judge(t, &s, org, j);
}

int hd_peer_judge_site(const struct hd_peer_table *t, const char *org, const char *site,
                       struct hd_peer_judgement *j)
{
	struct scope s = { .list = &t->sites, .org = org };

	return judge(t, &s, site, j);
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
