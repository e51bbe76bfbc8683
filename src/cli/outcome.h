/*
 * outcome.h - one hive's result as the runner moves it: the serialized
 * report plus what the parent needs without parsing JSON (exit status,
 * verdicts for the summary, the stderr message).
 *
 * A worker process fills an outcome with hd_outcome_analyze and sends it
 * over a pipe (hd_outcome_encode); the parent decodes it, or builds one
 * itself with hd_outcome_failure when the worker crashed or hung.
 */
#ifndef HD_OUTCOME_H
#define HD_OUTCOME_H

#include <stddef.h>

#include "report/formats.h"
#include "cli/progress.h"
#include "report/report_text.h"
#include "rules/rules.h"

/* How a worker renders its hive: the format's piece, and whether it builds a .reg. */
struct hd_render {
	const struct hd_format *format; /* a row of the format table (report/formats.h) */
	struct hd_format_style style;
	int fix_reg;                    /* also build the --fix-reg file's text */
	int skip_other_kinds;           /* -r: pair by folder, skip other kinds (hd_outcome_analyze) */
	int list_skipped;               /* --verbose: an archive's outcome keeps its members' skip lines */
	int stdin_fd;                   /* the operand "-": a sealed memfd of standard input (> 0), or 0 */
};

struct hd_outcome {
	int exit_status;        /* 0, 1 or 2, as hd_result_exit_status */
	int imc, mta;           /* enum hd_verdict_status as the report shows it */
	char *message;          /* stderr lines for this hive (why it was not analyzed...), or NULL */
	/* -r: why the file was not analyzed (enum hd_skip: another kind of hive,
	 * a SOFTWARE hive read with the SYSTEM hive beside it, a file the walk
	 * passed over...); the report is then the format's skip piece, exit_status 0. */
	int skipped;
	/* An archive read as a folder: report holds its hives' reports, and
	 * inner counts them (main adds inner to the run's tally). */
	int folder;
	struct hd_tally inner;
	char *report;           /* the format's piece (the report), ending with a newline; may be empty */
	size_t report_len;
	struct hd_format_counts counts; /* what report holds (hd_format_count) */
	char *fix_reg;          /* the .reg file's text (render.fix_reg, analyzed), or NULL */
	size_t fix_reg_len;
	struct hd_reg_summary fix;      /* what fix_reg holds */
};

/*
 * -r (how->skip_other_kinds, no --software) with the names pass's index
 * sealed (source/pairindex.h): when it noted path as a SOFTWARE hive whose
 * analysis ends at "not a SYSTEM hive", and a SYSTEM hive beside it pairs
 * with it, *out is its skip, made without opening it (issue 23: a paired
 * SOFTWARE hive is opened by the names pass and by its SYSTEM hive's
 * analysis only).  1 done, 0 not known (analyze it as usual), -1 ENOMEM.
 */
int hd_outcome_paired_software(const char *path, const struct hd_options *opts, const struct hd_render *how,
                               struct hd_outcome *out);

/*
 * Analyze path into out (an archive or "-" go to cli/folder.h's
 * hd_outcome_analyze_evidence first).  With how->skip_other_kinds (-r), a SYSTEM hive is
 * analyzed with the SOFTWARE hive of its folder (source/pairing.h), and a hive
 * that is not a SYSTEM hive (SAM, SECURITY, SOFTWARE...) is skipped, not an
 * error: out is marked skipped and its report is the line {"path",
 * "skipped": "kind K"} (text: "PATH: skipped: kind K").  0, or -1 with
 * errno (ENOMEM: no report could be made).
 */
int hd_outcome_analyze(const char *path, const struct hd_options *opts,
                       const struct hd_render *render, struct hd_outcome *out);

/*
 * An error report for path, built without hivex: code and message as
 * given, the file's size (and its SHA-256 and base block when read_file),
 * as far as they can be read.  0, or -1 with errno.
 */
int hd_outcome_failure(const char *path, const struct hd_options *opts, const struct hd_render *render,
                       const char *code, const char *message, int read_file, struct hd_outcome *out);

/* The skip line for a file the -r walk passed over (why: enum hd_skip, reason its text).  0, or -1 ENOMEM. */
int hd_outcome_passed(const char *path, int why, const char *reason, const struct hd_render *how,
                      struct hd_outcome *out);

/* The outcome of a finished analysis (--root renders each copy so, in its own process). 0, or -1 ENOMEM. */
struct hd_result;
int hd_outcome_from_result(const struct hd_result *res, const struct hd_render *how, struct hd_outcome *out);

void hd_outcome_clear(struct hd_outcome *o);

/*
 * Wire format between a worker and the parent: a fixed header (magic,
 * exit status, verdicts, message, report and .reg lengths, the .reg's
 * counts, the report's counts), the message, the report, the .reg text.  encode: 0, or -1 ENOMEM.  decode: 0, or -1 with errno EPROTO
 * when buf is not exactly one complete outcome (a worker killed mid-write).
 */
int hd_outcome_encode(const struct hd_outcome *o, char **buf, size_t *len);
int hd_outcome_decode(const char *buf, size_t len, struct hd_outcome *o);

#endif
