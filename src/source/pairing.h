/*
 * pairing.h - -r over archives: the SYSTEM and SOFTWARE hives of one server
 * sit in one folder, so a SYSTEM hive is analyzed with the SOFTWARE hive of
 * its folder, and a SOFTWARE hive with a SYSTEM hive beside it is part of
 * that pair rather than a hive of its own.
 *
 * The folder is a struct hd_src_dir (source.h): the same pairing holds in a
 * folder on disk, inside an archive or on a file system in a disk image.
 * Kinds come from content (hive/hivekind.h), never from names.  To keep an
 * archive folder of hundreds of hives from costing hundreds of hive opens
 * per hive, only siblings whose base block names the wanted kind (the
 * embedded file name Windows writes, "...\Config\SOFTWARE"), or whose file
 * name does, are opened and checked; at most HD_PAIR_MAX_CANDIDATES, in a
 * folder of at most HD_PAIR_MAX_ENTRIES entries.
 */
#ifndef HD_PAIRING_H
#define HD_PAIRING_H

#include <stdint.h>

#include "source/source.h"

#define HD_PAIR_MAX_CANDIDATES 8
/* A folder with more entries than this holds many servers' hives (an
 * archive of copies), not one server's: nothing in it is paired. */
#define HD_PAIR_MAX_ENTRIES 256

/*
 * The one hive of kind want ("SYSTEM" or "SOFTWARE") in folder d other than
 * the file named self (and, when self_fd >= 0, other than the same file
 * under another name): 1 with *sibling its name in d (new string), 0 none
 * (or several: which one belongs to the pair is not guessed), -1 error
 * (errno).  unsafe: open hives as --unsafe does (HD_OPEN_UNSAFE).
 */
int hd_pair_sibling_in(struct hd_src_dir *d, const char *self, int self_fd, const char *want, int unsafe,
                       char **sibling);

/* The same beside the file at path (its folder opened by the posix backend):
 * *sibling is a new path "DIR/NAME". */
int hd_pair_sibling(const char *path, const char *want, int unsafe, char **sibling);

/*
 * The SYSTEM hives beside the SOFTWARE hive at path that read it: each
 * one's own pairing (hd_pair_sibling(SYSTEM, "SOFTWARE")) finds this very
 * file.  1 with *systems their paths ("DIR/SYSTEM", or "DIR/SYSTEM,
 * DIR/SYSTEM.ALT" when several do: a new string) and *n their number; 0
 * when none does (no SYSTEM hive beside it, or one that finds two SOFTWARE
 * hives and so pairs with neither), and when the folder holds more than
 * HD_PAIR_MAX_CANDIDATES SYSTEM candidates (not asked: a folder of copies);
 * -1 error (errno).  A SOFTWARE hive is
 * skipped as paired only when this holds, so it never says it was read
 * when no SYSTEM hive's analysis read it.
 */
int hd_pair_readers(const char *path, int unsafe, char **systems, size_t *n);

/*
 * 1 when the hive at path (or open on fd) is of kind want, from its
 * content; 0 when not or unreadable.  SYSTEM is told by the cell reader
 * (hd_cells_kind), SOFTWARE by hivex (unsafe: HD_OPEN_UNSAFE).
 */
int hd_pair_kind_is(const char *path, const char *want, int unsafe);
int hd_pair_kind_is_fd(int fd, const char *want, int unsafe);

/*
 * What the pairing asks of the regular file open on fd, as the flags of a
 * note (pairindex.h): HD_PAIR_KNOWN, the base block's PRIMARY and
 * EMB_SYSTEM / EMB_SOFTWARE, and SYSTEM or SOFTWARE as hd_pair_kind_is_fd
 * tells them.  0 when fd is no regular file.  The names pass notes it for
 * every file it reads, so the analysis asks no folder's files again.
 */
uint32_t hd_pair_flags_fd(int fd, int unsafe);

#endif
