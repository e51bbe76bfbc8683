/*
 * regf_cells.h - a pure, bounds-checked reader of the cells of a primary
 * hive held in memory: find a key by path, read one value, without hivex.
 *
 * Why a second reader: the peer pass (issue 17) reads only the Exchange
 * names of every hive before the analysis proper, a few lookups each;
 * hivex_open checks every cell of the file first, which on a 12 MB hive
 * costs more than the rest of the analysis.  The analysis proper still goes
 * through hive.c (hivex); this reader answers found / absent / error and is
 * never the only source of a fact a report shows.
 *
 * Layout: "Hive bins" of msuhanov/yarp's format specification and libyal's
 * libregf documentation: nk (key), vk (value), lf/lh/li/ri (subkey lists).
 * Every offset is checked against the hive bins the base block declares
 * and against its cell's own size; an ri list may point only to leaf lists
 * (no recursion, no loop); the entries one subkey lookup visits are bounded
 * by the key's subkey count (issue 26); big-data (db) values are not read
 * (the names looked up are short).
 */
#ifndef HD_REGF_CELLS_H
#define HD_REGF_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

/* A whole hive file in memory (base block included), borrowed. */
struct hd_cells {
	const uint8_t *data;
	size_t len;
};

/* The root key's cell (from the base block): HD_FOUND, or HD_ERROR. */
int hd_cells_root(const struct hd_cells *c, uint32_t *nk);

/*
 * Walk a backslash-separated path below key nk, comparing names as
 * hd_name_equal does (case-insensitive beyond ASCII).  HD_FOUND with *out
 * set, HD_ABSENT, or HD_ERROR (a cell that is not what it should be).
 */
int hd_cells_key(const struct hd_cells *c, uint32_t nk, const char *path, uint32_t *out);

/*
 * The names of key nk's subkeys, as UTF-8 (stored Latin-1 or UTF-16LE), in
 * list order: HD_FOUND with *names a new NULL-terminated vector
 * (hd_strv_free) of *n names, or HD_ERROR (errno ENOMEM, else EINVAL: a
 * damaged list, bounded as a lookup is).  Used to tell a hive's kind
 * (hivekind.h hd_cells_kind) without hivex.
 */
int hd_cells_subkey_names(const struct hd_cells *c, uint32_t nk, char ***names, size_t *n);

/*
 * Read value name ("" = the default value) of key nk: HD_FOUND with
 * out->data a new buffer (free with free()), HD_ABSENT, or HD_ERROR (errno
 * ENOMEM when out of memory, else a damaged or big-data value).
 */
int hd_cells_value(const struct hd_cells *c, uint32_t nk, const char *name, struct hd_raw_value *out);

#endif
