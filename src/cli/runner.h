/*
 * runner.h - analyze many hives in parallel, each in its own process, and
 * hand the reports back in input order as soon as each can be printed.
 *
 * Why a process per hive (fork, no exec): a hive is hostile input and
 * hivex's tolerant mode has crashed on some (issue 6: new-format .LOG1
 * files opened as hives).  In a fresh child a crash, a hang or a heap
 * corrupted by one hive cannot touch the run or the next hive's report;
 * the parent never parses a hive, so it stays clean, and forking it costs
 * far less than one hive's analysis (see tests/bench/bench.sh).  At most
 * `jobs` children run at once: a pool of slots rather than long-lived
 * workers, so nothing one hive leaves behind is inherited by another.
 *
 * The runner prints nothing: main.c's hooks write reports and messages.
 */
#ifndef HD_RUNNER_H
#define HD_RUNNER_H

#include "cli/inputs.h"
#include "cli/outcome.h"
#include "report/report.h"
#include "rules/rules.h"

struct hd_run_config {
	const struct hd_options *opts;
	struct hd_render render;        /* how workers render each hive */
	unsigned jobs;                  /* hives analyzed at once, >= 1 */
	unsigned timeout;               /* seconds per hive; 0 = no limit */
	/*
	 * Test-only (tests/cli/test_isolation.sh, from the environment variables
	 * HIVEDIAG_TEST_CRASH / HIVEDIAG_TEST_HANG): the worker given exactly
	 * this path aborts / hangs before analyzing it.  NULL normally.
	 */
	const char *test_crash, *test_hang;
};

struct hd_run_progress {
	unsigned long done;             /* reports handed to emit */
	unsigned long read;             /* inputs read so far */
	int inputs_done;                /* every input has been read */
};

struct hd_run_hooks {
	void *ctx;
	/* One report, in input order.  0, or -1 to stop the run (output failed). */
	int (*emit)(void *ctx, const char *path, const struct hd_outcome *o);
	/* Called after each event and at least every 250 ms; may be NULL. */
	void (*tick)(void *ctx, const struct hd_run_progress *p);
};

enum hd_run_status {
	HD_RUN_OK = 0,
	HD_RUN_EMIT_FAILED = -1,        /* emit returned -1 */
	HD_RUN_INPUT_FAILED = -2,       /* reading the inputs failed (errno) */
	HD_RUN_SYSTEM_FAILED = -3,      /* poll or memory (errno) */
};

/* Run every input of in.  Workers still running on failure are killed. */
enum hd_run_status hd_run(struct hd_inputs *in, const struct hd_run_config *cfg,
                          const struct hd_run_hooks *hooks);

#endif
