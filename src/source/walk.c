/*
 * walk.c - every file below a folder, lazily (see walk.h).
 */
#include "source/walk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct level {
	struct hd_src_dir *dir;
	struct hd_src_entry *ents;      /* sorted by name */
	size_t n, next;
	int listed;
};

struct hd_src_walk {
	struct level *stack;
	size_t depth, cap;
	unsigned max_levels;
	char *path;                     /* the last item's path */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct hd_src_entry *)a)->name, ((const struct hd_src_entry *)b)->name);
}

/* Push folder d (taken).  0, or -1 ENOMEM (d closed). */
static int push(struct hd_src_walk *w, struct hd_src_dir *d)
{
	if (w->depth == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		struct level *p = realloc(w->stack, cap * sizeof *p);
		if (p == NULL) {
			hd_src_close(d);
			return -1;
		}
		w->stack = p;
		w->cap = cap;
	}
	w->stack[w->depth++] = (struct level){ .dir = d };
	return 0;
}

static void pop(struct hd_src_walk *w)
{
	struct level *l = &w->stack[--w->depth];

	hd_src_entries_free(l->ents, l->n);
	hd_src_close(l->dir);
}

struct hd_src_walk *hd_src_walk_open(struct hd_src_dir *root, unsigned max_levels)
{
	struct hd_src_walk *w = calloc(1, sizeof *w);

	if (w == NULL) {
		hd_src_close(root);
		return NULL;
	}
	w->max_levels = max_levels;
	if (push(w, root) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

void hd_src_walk_close(struct hd_src_walk *w)
{
	if (w == NULL)
		return;
	while (w->depth > 0)
		pop(w);
	free(w->stack);
	free(w->path);
	free(w);
}

/* it as the error err of folder l (its path), or of name in it. */
static int yield_error(struct hd_src_walk *w, struct level *l, const char *name, int err,
                       struct hd_src_walk_item *it)
{
	free(w->path);
	w->path = NULL;
	if (name && asprintf(&w->path, "%s/%s", hd_src_path(l->dir), name) < 0)
		return -1;
	*it = (struct hd_src_walk_item){ .dir = l->dir, .path = w->path ? w->path : hd_src_path(l->dir),
	                                 .err = err ? err : EIO };
	return 1;
}

/* The entry e of level l as it (a file or a special entry). */
static int yield_entry(struct hd_src_walk *w, struct level *l, const struct hd_src_entry *e,
                       struct hd_src_walk_item *it)
{
	free(w->path);
	if (asprintf(&w->path, "%s/%s", hd_src_path(l->dir), e->name) < 0) {
		w->path = NULL;
		return -1;
	}
	*it = (struct hd_src_walk_item){ .dir = l->dir, .name = e->name, .path = w->path, .type = e->type,
	                                 .other = e->other, .size = e->size };
	return 1;
}

/* Enter the folder name of level l: 0 entered (or absent), 1 with it an error, -1 ENOMEM. */
static int enter(struct hd_src_walk *w, struct level *l, const char *name, struct hd_src_walk_item *it)
{
	struct hd_src_error e = { 0 };
	struct hd_src_dir *sub = NULL;
	int rc;

	if (w->depth >= w->max_levels)
		return yield_error(w, l, name, ELOOP, it);
	rc = hd_src_subdir(l->dir, name, &sub, &e);
	if (rc < 0) {
		rc = e.err == ENOMEM ? -1 : yield_error(w, l, name, e.err, it);
		hd_src_error_clear(&e);
		return rc;
	}
	return rc == 0 ? 0 : push(w, sub);
}

int hd_src_walk_next(struct hd_src_walk *w, struct hd_src_walk_item *it)
{
	while (w->depth > 0) {
		struct level *l = &w->stack[w->depth - 1];
		struct hd_src_error e = { 0 };
		const struct hd_src_entry *ent;
		int rc;
		if (!l->listed) {
			l->listed = 1;
			if (hd_src_list(l->dir, &l->ents, &l->n, &e) < 0) {
				rc = e.err == ENOMEM ? -1 : yield_error(w, l, NULL, e.err, it);
				hd_src_error_clear(&e);
				l->next = l->n = 0;
				return rc;
			}
			if (l->n > 1)
				qsort(l->ents, l->n, sizeof *l->ents, by_name);
		}
		if (l->next == l->n) {
			/* the item of an error names the folder: keep it while it is yielded */
			pop(w);
			continue;
		}
		ent = &l->ents[l->next++];
		if (ent->type != HD_SRC_DIR)
			return yield_entry(w, l, ent, it);
		if ((rc = enter(w, l, ent->name, it)) != 0)
			return rc;
	}
	return 0;
}
