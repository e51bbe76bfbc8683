/*
 * hivekind.h - which hive a file holds, recognised from its content (the
 * root key's subkeys), never from the file name or the base block's
 * embedded name: evidence copies are often renamed (SYSTEM.sav, case01.bin).
 */
#ifndef HD_HIVEKIND_H
#define HD_HIVEKIND_H

#include "hive/hive.h"
#include "hive/regf_cells.h"

enum hd_hive_kind {
	HD_KIND_OTHER,          /* none of the layouts below (an empty or foreign hive) */
	HD_KIND_SYSTEM,         /* Select, ControlSetNNN */
	HD_KIND_SOFTWARE,       /* Microsoft, with Classes / Clients / Policies / Program Groups ... */
	HD_KIND_SAM,            /* SAM */
	HD_KIND_SECURITY,       /* Policy, RXACT */
	HD_KIND_DEFAULT,        /* a user profile layout without a user's own keys (see hivekind.c) */
	HD_KIND_NTUSER,         /* a user profile: Software with Control Panel / Environment ... */
	HD_KIND_USRCLASS,       /* CLSID / Local Settings and file extensions at the root */
};

/*
 * The kind of the hive open in h, from the names of its root's subkeys.
 * Returns HD_FOUND with *kind set (HD_KIND_OTHER when no layout fits), or
 * HD_ERROR (errno set) when the root's subkeys cannot be read.
 */
int hd_hive_kind(struct hd_hive *h, enum hd_hive_kind *kind);

/*
 * The same decision read by the cell reader (regf_cells.h) from a hive in
 * memory, without hivex: the same root subkey names give the same kind.
 * HD_FOUND with *kind, or HD_ERROR (errno) when the root's subkeys cannot
 * be read.  The -r pairing tells SYSTEM hives with it (source/pairing.h).
 */
int hd_cells_kind(const struct hd_cells *c, enum hd_hive_kind *kind);

/* The same decision over a list of root subkey names (pure; unit-tested). */
enum hd_hive_kind hd_hive_kind_of_names(char *const *names, size_t n);

/* "SYSTEM", "SOFTWARE", "SAM", "SECURITY", "DEFAULT", "NTUSER", "USRCLASS", "other". */
const char *hd_hive_kind_name(enum hd_hive_kind kind);

#endif
