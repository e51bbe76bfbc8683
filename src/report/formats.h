/*
 * formats.h - the output formats (-o NAME): one table, one row per format
 * (issue 25: adding a format touched four files of cli/ and a second copy
 * of the text/JSON switch in root.c).  cli/ looks a name up here and calls
 * the row's functions; it never names a format.
 *
 * A run's output is written in two places:
 *  - per hive, in the worker process that analyzed it: hive() writes that
 *    hive's piece (a report, a line, the hive's test cases) into a string
 *    the worker sends back, and hd_format_count() what the piece holds;
 *  - per run, in the parent, which writes the pieces in input order: the
 *    prefix before the first, the separator between two, the suffix after
 *    the last, with the run's totals (a format that is one document per
 *    run, like JUnit's XML, has a prefix and a suffix; JSON has them when
 *    the run has several reports, which it puts in an array).
 *
 * To add a format: write its functions in report/format_NAME.c, declare
 * them in report/formats_internal.h, add a row to the table in formats.c,
 * and describe it in the man page under -o (and in its own section when it
 * is more than a line).  Every function writes to f and returns 0, or -1
 * with errno from the stream (or ENOMEM); none prints anything else.
 */
#ifndef HD_FORMATS_H
#define HD_FORMATS_H

#include <stddef.h>
#include <stdio.h>

#include "analyze/result.h"
#include "report/report.h"
#include "report/report_text.h"

/*
 * What pieces hold, summed over a run (the worker counts each hive, the
 * parent adds them up).  A hive is judged on two services (the IMC, KB
 * Q298565; the MTA, KB Q320200): each judgment is one test, counted in at
 * most one of failures (verdict likely or possible), errors (the hive was
 * not analyzed, or the verdict is unknown) and skipped (not installed);
 * the others (unlikely) passed.
 */
struct hd_format_counts {
	unsigned long hives;            /* hive reports (analyzed or not; -r's skipped files are not) */
	unsigned long tests, failures, errors, skipped;
};

/* What the run decides for every piece (cli/main.c: from the options and the terminal). */
struct hd_format_style {
	enum hd_report_style json;      /* JSON layout (--pretty, --compact) */
	struct hd_text_style text;      /* the text report's width and colours */
};

/* What the run-level pieces know. */
struct hd_format_run {
	int several;                    /* a batch (-r, --files-from, several HIVEs) or --root */
	unsigned long written;          /* pieces written so far (the suffix: all of them) */
	struct hd_format_counts counts; /* the totals of those pieces */
};

/*
 * flags: HD_FORMAT_COUNTS_FIRST, the prefix shows the run's totals, so the
 * parent holds the pieces (in an unnamed temporary file, not in memory)
 * and writes prefix, pieces and suffix at the end of the run.
 * HD_FORMAT_SUMMARY_ON_STDOUT: the run's summary line ends the output (a
 * document for a person); otherwise it goes to stderr.
 */
#define HD_FORMAT_COUNTS_FIRST          1u
#define HD_FORMAT_SUMMARY_ON_STDOUT     2u

struct hd_format {
	const char *name;               /* -o NAME */
	unsigned flags;
	/* One hive's piece, ending with a newline (may be empty: nothing to say). */
	int (*hive)(const struct hd_result *res, const struct hd_format_style *st, FILE *f);
	/* -r: the piece for a file of another kind (path, why: "kind SAM"); shown only with --verbose. */
	int (*skipped)(const char *path, const char *why, const struct hd_format_style *st, FILE *f);
	/*
	 * Before the first piece; a format without HD_FORMAT_COUNTS_FIRST gets
	 * no prefix when the run wrote no piece (its suffix then stands alone).
	 * NULL: none.
	 */
	int (*prefix)(const struct hd_format_run *run, FILE *f);
	const char *separator;          /* between two pieces ("" none) */
	int (*suffix)(const struct hd_format_run *run, FILE *f);       /* NULL: none */
	int (*rules)(FILE *f);          /* --list-rules in this format; NULL: not offered */
};

/* The row named name, or NULL. */
const struct hd_format *hd_format_find(const char *name);

/* The table, in the order --help lists it; *n rows. */
const struct hd_format *hd_formats(size_t *n);

/* Add to c what res's piece holds (see struct hd_format_counts). */
void hd_format_count(const struct hd_result *res, struct hd_format_counts *c);

/* a += b. */
void hd_format_counts_add(struct hd_format_counts *a, const struct hd_format_counts *b);

#endif
