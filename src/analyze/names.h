/*
 * names.h - the names pass's read of one hive (issues 17, 23): its names
 * record (fleet/fleet.h struct hd_fleet_names): the Organization and Site
 * names its registry copies agree on, the server's identity, its DNS
 * domain, where it sits in the archive (case folder, installation folder)
 * and, for a names export, the SHA-256 of the file.
 *
 * Read with the cell reader (hive/regf_cells.h), a few lookups instead of
 * the whole analysis, from the same image the analysis reads: a dirty hive
 * whose transaction logs are beside it is replayed in memory first (the
 * txlog stage, as analyze_recover.c does), so a name changed in the logs is
 * the one the peers see (issue 23).  It follows Select\Current (or
 * --control-set) without the full analysis's fallbacks, and a dirty NT 4.0
 * hive read from SYSTEM.ALT by the analysis is read here from the primary:
 * such a hive may be left out of the peers or counted under its older
 * names; rule P1 still judges the names the analysis reads.
 */
#ifndef HD_ANALYZE_NAMES_H
#define HD_ANALYZE_NAMES_H

#include "analyze/options.h"
#include "fleet/fleet.h"

/*
 * The names record of path (opened read-only, without following a symbolic
 * link with opts->no_follow, mapped PROT_READ) into *out: out->read = 1
 * when the hive was read (any name may still be NULL: no Exchange, copies
 * that disagree), else 0 with out->error saying why.  root is the -r root
 * path was found under (NULL: named on its own), for the case folder;
 * with hash, out->sha256 is the SHA-256 of the file's bytes.  0, or -1
 * with errno = ENOMEM (out cleared).
 */
int hd_analyze_names(const char *path, const char *root, const struct hd_options *opts, int hash,
                     struct hd_fleet_names *out);
/* The same on fd, path opened already (-1: the open failed, errno says why). */
int hd_analyze_names_fd(int fd, const char *path, const char *root, const struct hd_options *opts, int hash,
                        struct hd_fleet_names *out);

#endif
