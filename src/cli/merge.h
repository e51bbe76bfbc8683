/*
 * merge.h - --merge (issue 23): the reports of a spread run's shards, checked
 * complete, as one NDJSON output (merge.c).
 */
#ifndef HD_MERGE_H
#define HD_MERGE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Merge the shards' outputs paths[0..n-1] to stdout; messages and the
 * summary (unless quiet) on stderr.  The exit status: the worst shard's
 * (1 becomes 0 with no_fail_on_findings), 2 for an incomplete set.
 */
int hd_merge_main(char **paths, size_t n, int quiet, int no_fail_on_findings);

/*
 * The "reports" completion record ending shard k of n's NDJSON output
 * (hives: report lines written; worst: the shard's worst status, findings
 * counted as 1 even with --no-fail-on-findings: --merge decides), one line
 * on f.  Written only by a run that ended normally, so a shard cut short by
 * a signal or an error reads as incomplete.  0, or -1 with errno (ENOMEM,
 * or the stream's).
 */
int hd_merge_completion(FILE *f, unsigned k, unsigned n, unsigned long hives, int worst);

#endif
