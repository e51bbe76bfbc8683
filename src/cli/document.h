/*
 * document.h - a run's output in its format (report/formats.h): the
 * format's prefix, each hive's piece in input order with the separator
 * between two, and the suffix with the run's totals.
 *
 * A format whose prefix shows the totals (HD_FORMAT_COUNTS_FIRST: JUnit's
 * testsuite attributes) cannot write a piece before the last hive is done,
 * so its pieces wait in an unnamed temporary file in $TMPDIR (or /tmp), not
 * in memory: the parent's memory stays the same for 100 000 hives as for
 * one, and the file holds what the output will hold.  Every other format
 * goes straight to out.
 */
#ifndef HD_DOCUMENT_H
#define HD_DOCUMENT_H

#include <stddef.h>
#include <stdio.h>

#include "report/formats.h"

struct hd_document {
	const struct hd_format *format;
	FILE *out;                      /* where the document goes (stdout) */
	FILE *spool;                    /* HD_FORMAT_COUNTS_FIRST: the pieces until the end */
	int spool_failed;               /* the last failure was the spool's, not out's */
	int prefixed;                   /* the prefix is written */
	struct hd_format_run run;
};

/* Start a document (several: a batch or --root).  0, or -1 with errno: the spool could not be made. */
int hd_document_open(struct hd_document *d, const struct hd_format *format, int several, FILE *out);

/* One hive's piece (len bytes, may be 0) and what it holds.  0, or -1 with errno (see spool_failed). */
int hd_document_add(struct hd_document *d, const char *piece, size_t len, const struct hd_format_counts *c);

/* The rest of the document: a held prefix and pieces, the suffix.  Closes the spool.  0, or -1 with errno. */
int hd_document_finish(struct hd_document *d);

/* Close the spool without writing anything more (out is gone). */
void hd_document_discard(struct hd_document *d);

#endif
