/*
 * peers.h - the names pass of a run (issues 17, 23).
 *
 * Before the analysis of a run over several hives, every input's names
 * record (analyze/names.h) is read through the runner's worker pool (a
 * names job, runner.h: the same processes, --timeout, crash isolation and
 * signal handling as the analysis) and, in input order, added to the
 * run's fleet peers table (fleet.h), written as a names export (--names),
 * or both.  The pass enumerates the inputs once: each input it met (with
 * the -r root it came from and what the walk found) goes to a spool
 * (spool.h) the analysis pass reads back instead of walking the tree or
 * reading the list again.  Memory does not grow with the number of hives
 * (the table grows with distinct names and servers, fleet.h).
 */
#ifndef HD_CLI_PEERS_H
#define HD_CLI_PEERS_H

#include <stdio.h>

#include "cli/inputs.h"
#include "cli/runner.h"
#include "cli/spool.h"
#include "fleet/fleet.h"

struct hd_names_pass {
	struct hd_fleet_table *table;   /* add each record (NULL: none) */
	FILE *export;                   /* --names: each record's line (NULL: none) */
	struct hd_spool *spool;         /* each input as enumerated (NULL: none) */
	int notes_only;                 /* no names read: inputs spooled and counted, no record */
	unsigned long records;          /* records read or failed (inputs that are no skip) */
	unsigned long unread;           /* of them, not read */
	int export_failed;              /* writing the export failed (errno kept in export_errno) */
	int export_errno;
};

/*
 * Run the names pass over the inputs of in (cfg: the options, jobs,
 * --timeout, stop; its kind is set to names here).  HD_RUN_OK, or a
 * failure of hd_run (HD_RUN_EMIT_FAILED when the export or the spool could
 * not be written: export_failed says which).
 */
enum hd_run_status hd_names_pass_run(struct hd_inputs *in, const struct hd_run_config *cfg, struct hd_names_pass *p);

#endif
