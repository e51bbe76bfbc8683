/*
 * progress.h - the text of the progress line and of the closing summary
 * (issue 5).  Pure formatting: output.c decides when and where to print.
 */
#ifndef HD_PROGRESS_H
#define HD_PROGRESS_H

#include <stddef.h>

#include "verdict/verdict.h"

#define HD_VERDICT_STATUS_COUNT (HD_VERDICT_LIKELY + 1)

/*
 * Why -r did not analyze a file (issue 22: every file the walk meets is
 * counted once: a hive report, an archive read, or one of these).
 */
enum hd_skip {
	HD_SKIP_NONE = 0,
	HD_SKIP_KIND,           /* a hive of another kind (SAM, NTUSER.DAT...) */
	HD_SKIP_PAIRED,         /* a SOFTWARE hive read with the SYSTEM hive beside it */
	HD_SKIP_LOG,            /* a transaction log */
	HD_SKIP_NOT_HIVE,       /* no format hivediag reads */
	HD_SKIP_SPECIAL,        /* a symbolic link, device, FIFO or socket */
	HD_SKIP_NO_SYSTEM,      /* an archive (or image) that holds no SYSTEM hive */
	HD_SKIP_COUNT
};

/* Tallies of the reports printed so far. */
struct hd_tally {
	unsigned long hives, clean, findings, errors;
	unsigned long skipped[HD_SKIP_COUNT];   /* -r: files not analyzed, by reason (not counted in hives) */
	unsigned long archives;         /* archives read as folders (their hives are counted in hives) */
	unsigned long imc[HD_VERDICT_STATUS_COUNT], mta[HD_VERDICT_STATUS_COUNT];
};

/* Add every count of part to t (an archive's hives, counted in its worker). */
void hd_tally_merge(struct hd_tally *t, const struct hd_tally *part);

/* Count one report: its exit contribution (0, 1, 2) and verdict statuses. */
void hd_tally_add(struct hd_tally *t, int exit_status, int imc, int mta);

/*
 * "hivediag: 120/450 hives, 35.2 hives/s, ETA 0:09" into buf (no newline).
 * total < 0: not known yet; seen is then the number read so far ("120/130+").
 * Returns buf.
 */
char *hd_progress_line(char *buf, size_t len, unsigned long done, long total,
                       unsigned long seen, double elapsed);

/*
 * "hivediag: 200 hives in 1.2 s (166.7 hives/s): 150 clean, 49 with
 * findings, 1 error; imc: 3 likely, 197 not_installed; mta: ..."; with -r,
 * the files not analyzed by reason ("; 3 skipped: other hive kinds; passed
 * over: 2 transaction logs, 5 not hives") and the archives read.  Returns buf.
 */
char *hd_summary_line(char *buf, size_t len, const struct hd_tally *t, double elapsed);

#endif
