/*
 * image_entries.c - a file system folder's names as image.c walks them:
 * gathered into a listing (struct hd_src_entry) or matched against one
 * name, exactly as spelled (the volume scan ignores case itself).  No
 * libtsk here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/image_internal.h"

int hd_image_list_add(const struct hd_image_ent *ent, void *arg)
{
	struct hd_image_list *a = arg;

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		struct hd_src_entry *nv = realloc(a->v, cap * sizeof *nv);

		if (nv == NULL)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	if ((a->v[a->n].name = strdup(ent->name)) == NULL)
		return -1;
	a->v[a->n].type = ent->type;
	a->v[a->n].size = ent->size;
	a->v[a->n].other = ent->other;
	a->n++;
	return 0;
}

int hd_image_find_one(const struct hd_image_ent *ent, void *arg)
{
	struct hd_image_find *f = arg;

	if (strcmp(ent->name, f->name) != 0)
		return 0;
	f->found = *ent;
	f->found.name = f->name;
	f->hit = 1;
	return 1;
}

char *hd_image_join(const char *a, const char *sep, const char *b)
{
	char *s;

	return asprintf(&s, "%s%s%s", a, sep, b) < 0 ? NULL : s;
}
