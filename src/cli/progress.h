/*
 * progress.h - the text of the progress line and of the closing summary
 * (issue 5).  Pure formatting: main.c decides when and where to print.
 */
#ifndef HD_PROGRESS_H
#define HD_PROGRESS_H

#include <stddef.h>

#include "verdict/verdict.h"

#define HD_VERDICT_STATUS_COUNT (HD_VERDICT_LIKELY + 1)

/* Tallies of the reports printed so far. */
struct hd_tally {
	unsigned long hives, clean, findings, errors;
	unsigned long skipped;          /* -r: hives of other kinds, not counted in hives */
	unsigned long imc[HD_VERDICT_STATUS_COUNT], mta[HD_VERDICT_STATUS_COUNT];
};

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
 * findings, 1 error; imc: 3 likely, 197 not_installed; mta: ..."  Returns buf.
 */
char *hd_summary_line(char *buf, size_t len, const struct hd_tally *t, double elapsed);

#endif
