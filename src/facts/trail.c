/*
 * trail.c - the record of every lookup the fact collectors made (trail.h).
 */
#include "facts/trail.h"

#include <errno.h>
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

const struct hd_trail_entry *hd_trail_find(const struct hd_trail *t, const char *relpath, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcasecmp(t->v[i].relpath, relpath) == 0 && same_name(t->v[i].rv.name, name))
			return &t->v[i];
	return NULL;
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

	if (t->n >= HD_TRAIL_MAX || hd_trail_find(t, relpath, rv->name) != NULL)
		return 0;
	if (grow(t) < 0)
		return -1;
	e = &t->v[t->n];
	if ((e->relpath = strdup(relpath)) == NULL)
		return -1;
	if (copy_regval(&e->rv, rv) < 0) {
		free(e->relpath);
		return -1;
	}
	t->n++;
	return 0;
}

void hd_trail_clear(struct hd_trail *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].relpath);
		hd_regval_clear(&t->v[i].rv);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}
