/* peers.c - the names pass of a run (see peers.h). */
#include "cli/peers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/names_job.h"

#define HD_NAMES_PER_WORKER 4096u   /* names reads a worker makes before it is retired */

/* A list entry or a folder the walk could not read: a record that says so. */
static struct hd_fleet_names *unreadable(const struct hd_input *in)
{
	char msg[256];

	if (in->entry_error)
		return hd_names_job_failed(in->path, in->root, in->entry_error);
	snprintf(msg, sizeof msg, "cannot read it while walking the directory tree: %s", strerror(in->walk_errno));
	return hd_names_job_failed(in->path, in->root, msg);
}

static int write_record(struct hd_names_pass *p, const struct hd_fleet_names *n)
{
	char *line = hd_fleet_names_json(n);

	if (line == NULL || fputs(line, p->export) == EOF || fputc('\n', p->export) == EOF) {
		p->export_failed = 1;
		p->export_errno = errno;
		free(line);
		return -1;
	}
	free(line);
	return 0;
}

/* One input, in input order: spooled; its record (if it is no skip) counted, exported, tabled. */
static int take(void *ctx, const struct hd_input *in, const struct hd_fleet_names *n)
{
	struct hd_names_pass *p = ctx;
	struct hd_fleet_names *made = NULL;
	int rc = 0;

	if (p->spool && hd_spool_add(p->spool, in) < 0)
		return -1;
	if (in->pass != HD_PASS_NONE)
		return 0;       /* passed over: no hive, no record */
	if (p->notes_only) {
		p->records++;   /* read for the pairing's note alone: the analysis reports it */
		return 0;
	}
	if (n == NULL && (n = made = unreadable(in)) == NULL)
		return -1;
	p->records++;
	p->unread += !n->read;
	if ((p->export && write_record(p, n) < 0) || (p->table && hd_fleet_table_add(p->table, n) < 0))
		rc = -1;
	if (made)
		hd_fleet_names_clear(made);
	free(made);
	return rc;
}

enum hd_run_status hd_names_pass_run(struct hd_inputs *in, const struct hd_run_config *cfg, struct hd_names_pass *p)
{
	struct hd_run_config names = *cfg;
	struct hd_run_hooks hooks = { .ctx = p, .names = take };

	names.kind = HD_RUN_NAMES;
	names.names_notes_only = p->notes_only;
	/* A names read is a few lookups (tens of microseconds): a new process
	 * every 64 hives cost more than the reads.  A worker still retires after
	 * a file it could not read, and --isolate keeps a process per hive. */
	if (names.hives_per_worker > 1)
		names.hives_per_worker = HD_NAMES_PER_WORKER;
	return hd_run(in, &names, &hooks);
}
