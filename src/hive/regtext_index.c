/*
 * regtext_index.c - the parser's hash index (regtext_index.h): FNV-1a over
 * the folded code points, open addressing with linear probing, grown at
 * half full.
 */
#include "hive/regtext_index.h"

#include <errno.h>
#include <stdlib.h>

#include "util/textutil.h"

struct hd_name_slot {
	uint64_t hash;
	size_t id_plus_one;     /* 0: empty */
};

#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME 1099511628211ull
#define FOLD_STACK 256

static uint64_t mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * FNV_PRIME;
	return h;
}

int hd_name_hash(const char *name, size_t salt, uint64_t *hash)
{
	uint32_t stack[FOLD_STACK], *cp = stack;
	size_t n = hd_name_fold(name, stack, FOLD_STACK);
	uint64_t h = mix(FNV_OFFSET, salt);

	if (n > FOLD_STACK) {
		cp = malloc(n * sizeof *cp);
		if (cp == NULL)
			return -1;
		hd_name_fold(name, cp, n);
	}
	for (size_t i = 0; i < n; i++)
		h = mix(h, cp[i]);
	if (cp != stack)
		free(cp);
	*hash = h;
	return 0;
}

static int grow(struct hd_name_index *ix)
{
	size_t cap = ix->cap ? 2 * ix->cap : 64;
	struct hd_name_slot *s = calloc(cap, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < ix->cap; i++) {
		size_t j;

		if (ix->slots[i].id_plus_one == 0)
			continue;
		for (j = ix->slots[i].hash & (cap - 1); s[j].id_plus_one != 0; j = (j + 1) & (cap - 1))
			;
		s[j] = ix->slots[i];
	}
	free(ix->slots);
	ix->slots = s;
	ix->cap = cap;
	return 0;
}

int hd_name_index_find_or_add(struct hd_name_index *ix, uint64_t hash, int (*same)(void *ctx, size_t id),
                              void *ctx, size_t new_id, size_t *id)
{
	size_t j;

	if (2 * (ix->used + 1) > ix->cap && grow(ix) != 0)
		return -1;
	for (j = hash & (ix->cap - 1); ix->slots[j].id_plus_one != 0; j = (j + 1) & (ix->cap - 1))
		if (ix->slots[j].hash == hash && same(ctx, ix->slots[j].id_plus_one - 1)) {
			*id = ix->slots[j].id_plus_one - 1;
			return 1;
		}
	ix->slots[j].hash = hash;
	ix->slots[j].id_plus_one = new_id + 1;
	ix->used++;
	*id = new_id;
	return 0;
}

void hd_name_index_clear(struct hd_name_index *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->cap = ix->used = 0;
}
