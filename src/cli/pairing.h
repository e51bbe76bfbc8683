/*
 * pairing.h - -r over archives: the SYSTEM and SOFTWARE hives of one server
 * sit in one folder, so a SYSTEM hive is analyzed with the SOFTWARE hive of
 * its folder, and a SOFTWARE hive with a SYSTEM hive beside it is part of
 * that pair rather than a hive of its own.
 *
 * Kinds come from content (hive/hivekind.h), never from names.  To keep an
 * archive folder of hundreds of hives from costing hundreds of hive opens
 * per hive, only siblings whose base block names the wanted kind (the
 * embedded file name Windows writes, "...\Config\SOFTWARE"), or whose file
 * name does, are opened and checked; at most HD_PAIR_MAX_CANDIDATES, in a
 * folder of at most HD_PAIR_MAX_ENTRIES entries.
 */
#ifndef HD_PAIRING_H
#define HD_PAIRING_H

#include "rules/rules.h"

#define HD_PAIR_MAX_CANDIDATES 8
/* A folder with more entries than this holds many servers' hives (an
 * archive of copies), not one server's: nothing in it is paired. */
#define HD_PAIR_MAX_ENTRIES 256

/*
 * The one hive of kind want ("SYSTEM" or "SOFTWARE") beside path, other
 * than path itself: 1 with *sibling a new path, 0 none (or several: which
 * one belongs to the pair is not guessed), -1 error (errno).
 */
int hd_pair_sibling(const char *path, const char *want, const struct hd_options *opts, char **sibling);

/* 1 when the hive at path is of kind want, from its content; 0 when not or unreadable. */
int hd_pair_kind_is(const char *path, const char *want, const struct hd_options *opts);

#endif
