/*
 * peers.h - the peer pass of a run over several hives (issue 17).
 *
 * Before the analysis, every hive's Organization and Site names are read
 * (analyze/names.h: a few lookups, in helper processes, so a hostile hive
 * cannot touch the run; see peers.c) into the run's peer table
 * (fleet/fleet.h: scoped by case folder), then finished.  The analysis then runs with
 * the table in struct hd_options, and rule P1 judges each hive against it.
 * The inputs are enumerated twice; a --files-from list that can be read
 * only once (stdin, a pipe) is first copied to an unlinked temporary file.
 */
#ifndef HD_CLI_PEERS_H
#define HD_CLI_PEERS_H

#include <stddef.h>

#include "cli/inputs.h"
#include "cli/runner.h"
#include "fleet/fleet.h"

/*
 * Run the first pass over the inputs of in into t (cfg: options, --timeout
 * per hive, the test hooks).  HD_RUN_OK, HD_RUN_INPUT_FAILED (errno) or
 * HD_RUN_SYSTEM_FAILED (ENOMEM).
 */
enum hd_run_status hd_peers_collect(struct hd_inputs *in, const struct hd_run_config *cfg,
                                    struct hd_fleet_table *t);

/*
 * When spec->files_from can be read only once (stdin, a pipe), copy it to
 * an unlinked file in $TMPDIR (or /tmp) and point spec->files_from at it
 * ("/proc/self/fd/N" in name, len bytes); *fd is that file, or -1 when no
 * copy was needed.  0, or -1 with errno.
 */
int hd_peers_spool(struct hd_inputs_spec *spec, const volatile sig_atomic_t *stop, char *name, size_t len,
                   int *fd);

/*
 * "hivediag: peers: Exchange names in 7 of 7 hives: 2 organizations,
 * 2 sites; near-misses: organization \"Contosso\" (1 hive) of \"Contoso\"
 * (4 hives), ..." as a new string, or NULL with errno = ENOMEM.
 */
char *hd_peers_summary(const struct hd_fleet_table *t);

#endif
