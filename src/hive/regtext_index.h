/*
 * regtext_index.h - a hash index over the parser's keys and values
 * (regtext.c): a section naming a key seen before, and a value set twice,
 * are found in constant time, not by a scan of all keys (a whole-SYSTEM
 * export holds tens of thousands; a hostile one made the scan quadratic).
 *
 * Names hash as hd_name_equal compares them (Unicode case folding), so two
 * names that compare equal always meet in one chain.
 */
#ifndef HD_REGTEXT_INDEX_H
#define HD_REGTEXT_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct hd_name_index {
	struct hd_name_slot *slots;     /* open addressing, a power of two */
	size_t cap, used;
};

/* The hash of name folded (hd_name_fold), mixed with salt (a key's index
 * for its values; SIZE_MAX for key paths).  -1 ENOMEM (a long name is
 * folded into a buffer). */
int hd_name_hash(const char *name, size_t salt, uint64_t *hash);

/*
 * Find an entry of hash for which same(ctx, id) says 1; else add new_id.
 * Returns 1 found (*id the stored one), 0 added, -1 ENOMEM.
 */
int hd_name_index_find_or_add(struct hd_name_index *ix, uint64_t hash, int (*same)(void *ctx, size_t id),
                              void *ctx, size_t new_id, size_t *id);
void hd_name_index_clear(struct hd_name_index *ix);

#endif
