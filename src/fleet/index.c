/*
 * index.c - the near-miss index of the fleet table: which entries of a
 * scope may be near-misses of a name (util/nearmiss.h), without comparing
 * all pairs (issue 23: 20,000 distinct organizations took 15 s, a million
 * would take hours).
 *
 * Two kinds of keys, each carrying the scope, so unrelated customers never
 * even meet in a bucket:
 *   - the normalization key: the name folded and stripped of blanks and
 *     punctuation (hd_near_key's code points), which equal names, names
 *     equal but for case, and names equal but for blanks share (SAME, CASE,
 *     BLANKS); a name too long for the edit test keys its whole folding.
 *   - partition keys for typing errors (PassJoin's pigeonhole): a name of
 *     L code points, allowed k edits (1 for 5 to 8, 2 from 9: nearmiss.c),
 *     is cut into k+1 segments; k edits leave one segment whole, found in
 *     the other name within k places of where it was.  An adjacent
 *     transposition (one edit for the optimal string alignment distance)
 *     can break the two segments at a boundary, so each boundary's swapped
 *     variant is keyed too.  Keys carry the digits' hash: numbered siblings
 *     ("Site1", "Site2") are never near-misses.
 * A query returns a superset; the judge verifies each with
 * hd_near_miss_keys.  Memory: a few keys per distinct name.  Scopes with
 * few entries are not indexed: a query returns them all.
 */
#include "fleet/table_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

#define SMALL_SCOPE 8           /* entries a query simply returns */
#define MIN_EDIT_LEN 5          /* as nearmiss.c */
#define TWO_EDITS_LEN 9
#define MAX_K 2

static unsigned edits_for(size_t len)
{
	return len < MIN_EDIT_LEN ? 0 : len < TWO_EDITS_LEN ? 1 : 2;
}

/* Segment i of the partition of a name of len code points into k+1 (PassJoin's even split). */
static void segment(size_t len, unsigned k, unsigned i, size_t *start, size_t *seg)
{
	size_t parts = k + 1, q = len / parts, longer = len % parts, shorter = parts - longer;

	*start = i < shorter ? i * q : shorter * q + (i - shorter) * (q + 1);
	*seg = i < shorter ? q : q + 1;
}

static uint64_t finish_key(uint64_t h)
{
	return h == 0 ? 1 : h;
}

/* The key of segment i (start, seg code points of cp) of a name of len code points. */
static uint64_t segment_key(uint32_t scope, const struct hd_near_key *k, size_t len, unsigned i, const uint32_t *cp,
                            size_t seg)
{
	uint32_t head[4] = { scope, 'E', (uint32_t)len, i };
	uint64_t h = hd_fnv1a(head, sizeof head, HD_FNV_SEED);

	h = hd_fnv1a(&k->digits, sizeof k->digits, h);
	return finish_key(hd_fnv1a(cp, seg * sizeof *cp, h));
}

/* The normalization key (see above).  0, or -1 ENOMEM. */
static int norm_key(uint32_t scope, const char *name, const struct hd_near_key *k, uint64_t *key)
{
	uint32_t head[2] = { scope, 'N' };
	uint64_t h = hd_fnv1a(head, sizeof head, HD_FNV_SEED);

	if (k->too_long) {
		size_t n = hd_name_fold(name, NULL, 0);
		uint32_t *all = malloc(n * sizeof *all);

		if (all == NULL)
			return -1;
		hd_name_fold(name, all, n);
		h = hd_fnv1a(all, n * sizeof *all, h ^ 'L');
		free(all);
	} else if (k->n == 0) {
		h = hd_fnv1a(name, strlen(name), h ^ 'R');      /* only itself, byte for byte */
	} else {
		h = hd_fnv1a(k->cp, k->n * sizeof k->cp[0], h);
	}
	*key = finish_key(h);
	return 0;
}

struct pairs {
	struct pair { uint64_t key; uint32_t ent; } *v;
	size_t n, cap;
};

static int pairs_add(struct pairs *p, uint64_t key, uint32_t ent)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct pair *v = realloc(p->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct pair){ key, ent };
	return 0;
}

/* Keep k as entry ent's key.  0, or -1 ENOMEM. */
static int keep_key(struct hd_fleet_table *t, struct hd_ckey *c, const struct hd_near_key *k)
{
	if (t->n_cp + k->n > t->cap_cp) {
		size_t cap = t->cap_cp ? t->cap_cp * 2 : 4096;
		uint32_t *v;

		while (cap < t->n_cp + k->n)
			cap *= 2;
		if (cap > UINT32_MAX || (v = realloc(t->cp, cap * sizeof *v)) == NULL)
			return -1;
		t->cp = v;
		t->cap_cp = cap;
	}
	if (k->n > 0)
		memcpy(t->cp + t->n_cp, k->cp, k->n * sizeof *k->cp);
	c->off = (uint32_t)t->n_cp;
	c->n = (uint8_t)k->n;
	c->too_long = (uint8_t)k->too_long;
	c->digits = k->digits;
	memcpy(c->hist, k->hist, sizeof c->hist);
	t->n_cp += k->n;
	return 0;
}

void hd_entry_key(const struct hd_fleet_table *t, int sites, size_t i, struct hd_near_key *k)
{
	const struct hd_ckey *c = sites ? &t->site_keys[i] : &t->org_keys[i];

	if (c->off == UINT32_MAX) {
		hd_near_key_make(sites ? t->sites[i].site : t->orgs[i].org, k);
		return;
	}
	if (c->n > 0)
		memcpy(k->cp, t->cp + c->off, c->n * sizeof *k->cp);
	k->n = c->n;
	k->too_long = c->too_long;
	k->digits = c->digits;
	memcpy(k->hist, c->hist, sizeof k->hist);
}

/* The keys of one entry's name. */
static int entry_keys(struct hd_fleet_table *t, struct pairs *p, uint32_t scope, const char *name, uint32_t ent,
                      struct hd_ckey *keep)
{
	struct hd_near_key k;
	uint64_t key;
	unsigned e;

	hd_near_key_make(name, &k);
	if (keep_key(t, keep, &k) < 0 || norm_key(scope, name, &k, &key) < 0 || pairs_add(p, key, ent) < 0)
		return -1;
	if (k.too_long || (e = edits_for(k.n)) == 0)
		return 0;
	for (unsigned i = 0; i <= e; i++) {
		size_t start, seg;

		segment(k.n, e, i, &start, &seg);
		if (pairs_add(p, segment_key(scope, &k, k.n, i, k.cp + start, seg), ent) < 0)
			return -1;
	}
	for (unsigned b = 1; b <= e; b++) {
		uint32_t swapped[HD_NEAR_MAX_LEN];
		size_t at, seg;

		segment(k.n, e, b, &at, &seg);
		if (k.cp[at - 1] == k.cp[at])
			continue;
		memcpy(swapped, k.cp, k.n * sizeof *swapped);
		swapped[at - 1] = k.cp[at];
		swapped[at] = k.cp[at - 1];
		for (unsigned i = b - 1; i <= b; i++) {
			size_t start;

			segment(k.n, e, i, &start, &seg);
			if (pairs_add(p, segment_key(scope, &k, k.n, i, swapped + start, seg), ent) < 0)
				return -1;
		}
	}
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->ent < y->ent ? -1 : x->ent > y->ent;
}

static size_t probe(const struct hd_near_index *ix, uint64_t key)
{
	size_t mask = ix->n_slots - 1, i = (size_t)(key ^ key >> 29) & mask;

	while (ix->key[i] != 0 && ix->key[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* The directory from each key to its run of entries in p (sorted). */
static int directory(struct hd_near_index *ix, struct pairs *p)
{
	size_t keys = 0, n = 0;

	for (size_t i = 0; i < p->n; i++)
		keys += i == 0 || p->v[i].key != p->v[i - 1].key;
	for (ix->n_slots = 16; ix->n_slots < keys + keys / 2; ix->n_slots *= 2)
		;
	if ((ix->key = calloc(ix->n_slots, sizeof *ix->key)) == NULL ||
	    (ix->start = malloc(ix->n_slots * sizeof *ix->start)) == NULL ||
	    (ix->count = malloc(ix->n_slots * sizeof *ix->count)) == NULL ||
	    (ix->ent = malloc((p->n ? p->n : 1) * sizeof *ix->ent)) == NULL)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		size_t s;

		if (i > 0 && p->v[i].key == p->v[i - 1].key && p->v[i].ent == p->v[i - 1].ent)
			continue;       /* a name's variant that keys as the name itself */
		s = probe(ix, p->v[i].key);
		if (ix->key[s] == 0) {
			ix->key[s] = p->v[i].key;
			ix->start[s] = (uint32_t)n;
			ix->count[s] = 0;
		}
		ix->ent[n++] = p->v[i].ent;
		ix->count[s]++;
	}
	ix->n_ent = n;
	return 0;
}

int hd_near_index_build(struct hd_fleet_table *t, int sites, const volatile sig_atomic_t *stop)
{
	struct hd_near_index *ix = sites ? &t->sites_ix : &t->orgs_ix;
	const struct hd_peer_entry *v = sites ? t->sites : t->orgs;
	const uint32_t *scope = sites ? t->site_scope : t->org_scope;
	size_t n = sites ? t->n_sites : t->n_orgs;
	struct pairs p = { 0 };
	struct hd_ckey *keys = malloc((n ? n : 1) * sizeof *keys);
	int rc = -1;

	if (keys == NULL)
		return -1;
	if (sites)
		t->site_keys = keys;
	else
		t->org_keys = keys;
	for (size_t i = 0; i < n; i++) {
		keys[i].off = UINT32_MAX;
		const struct hd_scope_rec *s = &t->scopes[scope[i]];

		if (stop != NULL && i % 4096 == 0 && *stop) {
			errno = EINTR;
			goto out;
		}
		if ((sites ? s->n_sites : s->n_orgs) <= SMALL_SCOPE)
			continue;
		if (entry_keys(t, &p, scope[i], sites ? v[i].site : v[i].org, (uint32_t)i, &keys[i]) < 0)
			goto out;
	}
	if (p.n > 0)
		qsort(p.v, p.n, sizeof *p.v, cmp_pair);
	rc = directory(ix, &p);
out:
	free(p.v);
	return rc;
}

void hd_near_index_clear(struct hd_near_index *ix)
{
	free(ix->key);
	free(ix->start);
	free(ix->count);
	free(ix->ent);
	memset(ix, 0, sizeof *ix);
}

/*
 * What a query found so far: a sorted list of distinct entries, merged
 * with each bucket (itself sorted) as it comes, so names that share many
 * buckets cost a merge per bucket, not a sort of everything found.
 */
struct found {
	uint32_t *v, *tmp;
	size_t n, cap;
};

static int found_bucket(struct found *f, const struct hd_near_index *ix, uint64_t key)
{
	size_t s = probe(ix, key), a = 0, b = 0, n = 0;
	const uint32_t *add;

	if (ix->key[s] == 0)
		return 0;
	if (f->n + ix->count[s] > f->cap) {
		size_t cap = f->cap ? f->cap : 16;
		uint32_t *v, *t;

		while (cap < f->n + ix->count[s])
			cap *= 2;
		if ((v = realloc(f->v, cap * sizeof *v)) == NULL)
			return -1;
		f->v = v;
		if ((t = realloc(f->tmp, cap * sizeof *t)) == NULL)
			return -1;
		f->tmp = t;
		f->cap = cap;
	}
	add = ix->ent + ix->start[s];
	while (a < f->n || b < ix->count[s]) {
		if (b == ix->count[s] || (a < f->n && f->v[a] < add[b]))
			f->tmp[n++] = f->v[a++];
		else if (a == f->n || add[b] < f->v[a])
			f->tmp[n++] = add[b++];
		else {
			f->tmp[n++] = f->v[a++];
			b++;
		}
	}
	if (n > 0)
		memcpy(f->v, f->tmp, n * sizeof *f->v);
	f->n = n;
	return 0;
}

/* Probe the partition keys of names of length len that may be within reach of k. */
static int probe_length(struct found *f, const struct hd_near_index *ix, uint32_t scope,
                        const struct hd_near_key *k, size_t len)
{
	unsigned e = edits_for(len);
	size_t diff = len > k->n ? len - k->n : k->n - len;

	if (e == 0 || diff > e)
		return 0;
	for (unsigned i = 0; i <= e; i++) {
		size_t start, seg, lo, hi;

		segment(len, e, i, &start, &seg);
		if (seg > k->n)
			continue;
		lo = start > e ? start - e : 0;
		hi = start + e < k->n - seg ? start + e : k->n - seg;
		for (size_t q = lo; q <= hi; q++)
			if (found_bucket(f, ix, segment_key(scope, k, len, i, k->cp + q, seg)) < 0)
				return -1;
	}
	return 0;
}

/* Every entry of a small scope (not indexed). */
static uint32_t *all_of(size_t first, size_t count, size_t *n)
{
	uint32_t *v = malloc((count ? count : 1) * sizeof *v);

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++)
		v[i] = (uint32_t)(first + i);
	*n = count;
	return v;
}

uint32_t *hd_near_index_query(const struct hd_fleet_table *t, int sites, size_t scope, const char *name,
                              size_t *n)
{
	const struct hd_near_index *ix = sites ? &t->sites_ix : &t->orgs_ix;
	const struct hd_scope_rec *s = &t->scopes[scope];
	struct found f = { 0 };
	struct hd_near_key k;
	uint64_t key;

	*n = 0;
	errno = 0;
	if ((sites ? s->n_sites : s->n_orgs) <= SMALL_SCOPE)
		return all_of(sites ? s->first_site : s->first_org, sites ? s->n_sites : s->n_orgs, n);
	hd_near_key_make(name, &k);
	if (norm_key((uint32_t)scope, name, &k, &key) < 0 || found_bucket(&f, ix, key) < 0)
		goto fail;
	if (!k.too_long && k.n >= MIN_EDIT_LEN)
		for (size_t len = k.n > MAX_K ? k.n - MAX_K : 0; len <= k.n + MAX_K && len <= HD_NEAR_MAX_LEN; len++)
			if (probe_length(&f, ix, (uint32_t)scope, &k, len) < 0)
				goto fail;
	free(f.tmp);
	*n = f.n;
	if (*n == 0) {
		free(f.v);
		return NULL;
	}
	return f.v;
fail:
	free(f.v);
	free(f.tmp);
	*n = 0;
	errno = ENOMEM;
	return NULL;
}
