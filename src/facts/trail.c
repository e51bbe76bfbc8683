/*
 * trail.c - the record of every lookup the fact collectors made (trail.h).
 */
#include "facts/trail.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hive/regval.h"

static int same_name(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* FNV-1a over the ASCII-folded bytes (strcasecmp's equality in the C
 * locale, so equal lookups hash alike). */
static uint32_t fold_hash(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		h = (h ^ (c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c)) * 16777619u;
	}
	return h;
}

/* relpath, a marker telling a value (1) from a key probe (2, no name),
 * then the name.  Collisions only cost a comparison. */
static uint32_t lookup_hash(const char *relpath, const char *name)
{
	uint32_t h = fold_hash(2166136261u, relpath);

	h = (h ^ (name ? 1u : 2u)) * 16777619u;
	return name ? fold_hash(h, name) : h;
}

/* The slot of relpath/name: the one holding its entry, or the free one
 * where it would go.  n_slots > n, so a free slot always exists. */
static size_t probe_slot(const struct hd_trail *t, uint32_t hash, const char *relpath, const char *name)
{
	size_t mask = t->n_slots - 1, i = hash & mask;

	for (;; i = (i + 1) & mask) {
		const struct hd_trail_entry *e;

		if (t->slot[i] == 0)
			return i;
		e = &t->v[t->slot[i] - 1];
		if (e->hash == hash && strcasecmp(e->relpath, relpath) == 0 && same_name(e->rv.name, name))
			return i;
	}
}

const struct hd_trail_entry *hd_trail_find(const struct hd_trail *t, const char *relpath, const char *name)
{
	size_t i;

	if (t->n == 0 || t->slot == NULL)
		return NULL;
	i = probe_slot(t, lookup_hash(relpath, name), relpath, name);
	return t->slot[i] ? &t->v[t->slot[i] - 1] : NULL;
}

/* Keep n_slots at least twice n + 1: rebuild the index when it is not. */
static int reindex(struct hd_trail *t)
{
	size_t n_slots = t->n_slots ? t->n_slots : 128;
	uint32_t *slot;

	if (t->slot != NULL && 2 * (t->n + 1) <= t->n_slots)
		return 0;
	while (2 * (t->n + 1) > n_slots)
		n_slots *= 2;
	if ((slot = calloc(n_slots, sizeof *slot)) == NULL)
		return -1;
	free(t->slot);
	t->slot = slot;
	t->n_slots = n_slots;
	for (size_t k = 0; k < t->n; k++) {
		const struct hd_trail_entry *e = &t->v[k];

		t->slot[probe_slot(t, e->hash, e->relpath, e->rv.name)] = (uint32_t)(k + 1);
	}
	return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d = s ? strdup(s) : NULL;

	if (s && d == NULL)
		*failed = 1;
	return d;
}

/* A deep copy of src into dst: 0, or -1 ENOMEM (dst cleared). */
static int copy_regval(struct hd_regval *dst, const struct hd_regval *src)
{
	int failed = 0;

	*dst = *src;
	dst->key = dup_or_null(src->key, &failed);
	dst->name = dup_or_null(src->name, &failed);
	dst->raw.data = NULL;
	if (src->raw.data && src->raw.len > 0 && (dst->raw.data = malloc(src->raw.len)) != NULL)
		memcpy(dst->raw.data, src->raw.data, src->raw.len);
	else if (src->raw.data && src->raw.len > 0)
		failed = 1;
	if (failed) {
		hd_regval_clear(dst);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int grow(struct hd_trail *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct hd_trail_entry *v;

	if (t->n < t->cap)
		return 0;
	if ((v = realloc(t->v, cap * sizeof *v)) == NULL)
		return -1;
	t->v = v;
	t->cap = cap;
	return 0;
}

int hd_trail_add(struct hd_trail *t, const char *relpath, const struct hd_regval *rv)
{
	struct hd_trail_entry *e;
	uint32_t hash = lookup_hash(relpath, rv->name);
	size_t i;

	if (t->n >= HD_TRAIL_MAX || hd_trail_find(t, relpath, rv->name) != NULL)
		return 0;
	if (grow(t) < 0 || reindex(t) < 0)
		return -1;
	e = &t->v[t->n];
	if ((e->relpath = strdup(relpath)) == NULL)
		return -1;
	if (copy_regval(&e->rv, rv) < 0) {
		free(e->relpath);
		return -1;
	}
	e->hash = hash;
	i = probe_slot(t, hash, relpath, rv->name);
	t->slot[i] = (uint32_t)(++t->n);
	return 0;
}

void hd_trail_clear(struct hd_trail *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].relpath);
		hd_regval_clear(&t->v[i].rv);
	}
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof *t);
}
