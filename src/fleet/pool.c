/*
 * pool.c - interned strings for the fleet table (table_internal.h): a
 * million records name far fewer distinct folders, domains, servers and
 * names, and the table compares ids instead of strings.
 */
#include "fleet/table_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t hd_fnv1a(const void *p, size_t len, uint64_t h)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

static uint32_t *slot_of(const struct hd_pool *p, const char *s)
{
	size_t mask = p->n_slots - 1, i = (size_t)hd_fnv1a(s, strlen(s), HD_FNV_SEED) & mask;

	while (p->slot[i] != 0 && strcmp(p->str[p->slot[i] - 1], s) != 0)
		i = (i + 1) & mask;
	return &p->slot[i];
}

static int pool_grow(struct hd_pool *p)
{
	size_t cap = p->cap ? p->cap * 2 : 64, n_slots = cap * 2;
	char **str = realloc(p->str, cap * sizeof *str);
	uint32_t *slot;

	if (str == NULL)
		return -1;
	p->str = str;
	if (cap > UINT32_MAX / 2 || (slot = calloc(n_slots, sizeof *slot)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	free(p->slot);
	p->slot = slot;
	p->n_slots = n_slots;
	p->cap = cap;
	for (size_t i = 0; i < p->n; i++)
		*slot_of(p, p->str[i]) = (uint32_t)i + 1;
	return 0;
}

uint32_t hd_pool_find(const struct hd_pool *p, const char *s)
{
	uint32_t id;

	if (p->n_slots == 0)
		return HD_NONE32;
	id = *slot_of(p, s);
	return id == 0 ? HD_NONE32 : id - 1;
}

int hd_pool_intern(struct hd_pool *p, const char *s, uint32_t *id)
{
	uint32_t *slot;

	if (p->n == p->cap && pool_grow(p) < 0)
		return -1;
	slot = slot_of(p, s);
	if (*slot == 0) {
		if ((p->str[p->n] = strdup(s)) == NULL)
			return -1;
		*slot = (uint32_t)++p->n;
	}
	*id = *slot - 1;
	return 0;
}

void hd_pool_clear(struct hd_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->str[i]);
	free(p->str);
	free(p->slot);
	memset(p, 0, sizeof *p);
}
