/*
 * output.h - the parent's side of an analysis run: what it does with each
 * outcome the workers send back (runner.h's emit and tick hooks), in input
 * order.  It writes each report into the run's document (document.h) and
 * each failed hive's message on stderr, writes --fix-reg's file, keeps the
 * tallies and the exit status, draws the progress line, and at the end
 * closes the document, prints the summary and chooses the exit status.
 */
#ifndef HD_OUTPUT_H
#define HD_OUTPUT_H

#include <stddef.h>

#include "cli/cli.h"
#include "cli/document.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "cli/runner.h"
#include "fleet/fleet.h"
#include "report/formats.h"

struct hd_output {
	const struct hd_cli *cli;
	struct hd_document doc; /* the output: the format's prefix, pieces, suffix */
	int batch;              /* several hives (-r, --files-from, operands): a summary */
	int verbose;            /* --verbose: skipped hives are listed too */
	int summary_on_stdout;  /* the format's output ends with the run's summary */
	int erase_before_output;/* stdout is the terminal the progress line is on */
	int report_says_errors; /* text reports go where stderr goes: their NOT ANALYZED line says it */
	int can_erase;          /* the terminal knows ESC [ K (not TERM=dumb) */
	size_t progress_len;    /* characters of the progress line shown */
	int fix_failed;         /* --fix-reg could not be written */
	size_t written;         /* reports written so far */
	unsigned long lines;    /* lines of them (an archive's piece holds several reports) */
	const struct hd_fleet_table *peers; /* the run's peers table, or NULL */
	int worst;              /* worst exit contribution so far */
	int progress;           /* draw the progress line (stderr is a terminal, no -q) */
	int progress_shown;     /* a progress line is on the terminal now */
	long total;             /* inputs in the run, -1 while unknown */
	long names_read;        /* inputs the names pass met (the progress line's total), -1 none */
	double start, last_draw;
	struct hd_tally tally;
};

/* A run's output in format, its clock started; its document is not open yet. */
void hd_output_init(struct hd_output *o, const struct hd_cli *cli, const struct hd_format *format, int batch);

/*
 * Before the analysis of the inputs spec lists: what the terminals are
 * (a progress line only for a person watching several hives, never on a
 * pipe or a file), and the progress line's total.
 */
void hd_output_begin(struct hd_output *o, const struct hd_inputs_spec *spec);

/* runner.h's hooks, ctx a struct hd_output: one report, in input order (0, or -1: stdout failed); progress. */
int hd_output_emit(void *ctx, const char *path, const struct hd_outcome *outcome);
void hd_output_tick(void *ctx, const struct hd_run_progress *p);

/* Erase the progress line, if one is shown. */
void hd_output_clear_progress(struct hd_output *o);

/*
 * The end of every run, complete or not: end the document (a JSON array, a
 * JUnit file that parses even after an error or a signal), print the
 * summary, and choose the exit status; signo is the signal that
 * interrupted the run (HD_RUN_INTERRUPTED: 128 + signo).
 */
int hd_output_finish(struct hd_output *o, enum hd_run_status st, int signo);

/* The temporary file of a format that shows the counts first failed (errno): said on stderr.  -1. */
int hd_output_spool_failed(void);

#endif
