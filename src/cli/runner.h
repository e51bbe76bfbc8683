/*
 * runner.h - analyze many hives in parallel, in worker processes, and hand
 * the reports back in input order as soon as each can be printed.
 *
 * Why worker processes (fork, no exec): a hive is hostile input and hivex's
 * tolerant mode has crashed on some (issue 6: new-format .LOG1 files opened
 * as hives).  A crash or a hang takes down one worker, never the run: its
 * hive gets an error report and the next hive a new worker.  The parent
 * never parses a hive, so it stays clean.
 *
 * How long a worker lives: a fresh process per hive costs more than the
 * analysis of a small hive and about a fifth of a big one's (the page
 * faults of a new address space; issue 12's bench), so a worker analyzes
 * hives one after another, up to hives_per_worker of them, and is retired
 * early after any hive whose analysis ended in an error (a damaged or
 * hostile file, the likeliest to have hurt the process).  Nothing is kept
 * between two hives but the allocator: every analysis frees what it made
 * (valgrind-checked).  hives_per_worker = 1 (--isolate) restores a process
 * per hive, for reviewers who want no two hives to share one.
 *
 * Two kinds of job run through the same pool (issue 23): the analysis
 * (a report per input) and, before it in a run over several hives, the
 * names pass (a names record per input, analyze/names.h: a few lookups).
 * Both get the same crash isolation, --timeout per hive and signal
 * handling: a hive whose names read crashes or hangs gets a record that
 * says so (it is left out of the peers) and the run goes on.
 *
 * The runner prints nothing: output.c's hooks write reports and messages.
 */
#ifndef HD_RUNNER_H
#define HD_RUNNER_H

#include <signal.h>
#include <stdint.h>

#include "cli/inputs.h"
#include "cli/jobwire.h"
#include "cli/outcome.h"
#include "fleet/fleet.h"
#include "report/report.h"
#include "rules/rules.h"

enum hd_run_kind {
	HD_RUN_ANALYSIS = 0,            /* analyze each input: hooks->emit gets its outcome */
	HD_RUN_NAMES,                   /* read each input's names record: hooks->names gets it */
};

struct hd_run_config {
	enum hd_run_kind kind;
	int names_hash;                 /* names jobs: the record carries the file's SHA-256 (--names) */
	int names_notes;                /* names jobs: note each file for the -r pairing (source/pairindex.h) */
	int names_notes_only;           /* names jobs: no names read, only the pairing's note (-r without
	                                 * a table to build: --no-peers, --peers-table) */
	const struct hd_options *opts;
	struct hd_render render;        /* how workers render each hive */
	unsigned jobs;                  /* hives analyzed at once, >= 1 */
	unsigned timeout;               /* seconds per hive; 0 = no limit */
	unsigned hives_per_worker;      /* hives a worker process analyzes before it is retired, >= 1 */
	int root;                       /* --root: each input is an installation (root.h) */
	/*
	 * Test-only: called in the worker (and the peer pass's helper) with each
	 * path before it is analyzed.  Only the test build's main sets it (the
	 * crash and hang hooks of tests/cli/test_isolation.sh); the shipped
	 * binary leaves it NULL and has no such code.
	 */
	void (*before_hive)(const char *path);
	/*
	 * Set non-zero by main's SIGINT/SIGTERM handler: the run stops starting
	 * workers, kills and reaps the running ones, hands out the reports that
	 * were complete, and returns HD_RUN_INTERRUPTED.  May be NULL.
	 */
	const volatile sig_atomic_t *stop;
};

/* Hives per worker unless --isolate: a new process for every 64th hive. */
#define HD_RUN_HIVES_PER_WORKER 64u
/* The longest path handed to a worker, and the largest reply taken back. */
#define HD_RUN_MAX_PATH HD_JOB_MAX_PATH
#define HD_RUN_MAX_REPLY ((uint64_t)1 << 31)

struct hd_run_progress {
	unsigned long done;             /* reports handed to emit */
	unsigned long read;             /* inputs read so far */
	int inputs_done;                /* every input has been read */
};

struct hd_run_hooks {
	void *ctx;
	/* One report, in input order.  0, or -1 to stop the run (output failed). */
	int (*emit)(void *ctx, const char *path, const struct hd_outcome *o);
	/*
	 * Names jobs: each input in input order, as it was enumerated (path,
	 * root, no_follow, pass, walk_errno, entry_error: for the spool; pass
	 * also says what the worker found reading its first bytes), and its
	 * names record, or NULL when no names were read (passed over, a walk or
	 * list error: the analysis reports it).  0, or -1 to stop the run.
	 */
	int (*names)(void *ctx, const struct hd_input *in, const struct hd_fleet_names *n);
	/* Called after each event and at least every 250 ms; may be NULL. */
	void (*tick)(void *ctx, const struct hd_run_progress *p);
};

enum hd_run_status {
	HD_RUN_OK = 0,
	HD_RUN_EMIT_FAILED = -1,        /* emit returned -1 */
	HD_RUN_INPUT_FAILED = -2,       /* reading the inputs failed (errno) */
	HD_RUN_SYSTEM_FAILED = -3,      /* poll or memory (errno) */
	HD_RUN_INTERRUPTED = -4,        /* *cfg->stop was set */
};

/* Run every input of in.  Workers still running on failure are killed. */
enum hd_run_status hd_run(struct hd_inputs *in, const struct hd_run_config *cfg,
                          const struct hd_run_hooks *hooks);

#endif
