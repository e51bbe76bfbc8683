/*
 * child.h - run one analysis in a process of its own and take its outcome
 * back, so that a crash in it (a hostile copy that kills the parser, a file
 * cut short under a mapping: SIGBUS) costs that one outcome (issue 26).
 *
 * --root uses it for each copy of an installation; the runner's workers
 * keep their own protocol (runner.c), since they serve many hives.
 */
#ifndef HD_CHILD_H
#define HD_CHILD_H

#include "cli/outcome.h"

/* What the child runs: fill out, 0, or -1 (the child then reports a failure). */
typedef int (*hd_child_fn)(void *ctx, struct hd_outcome *out);

/*
 * Fork, run fn(ctx, out) in the child, send the outcome back over a socket
 * pair, and wait for the child.  0 with *out decoded; 1 when the child died
 * or sent no complete outcome (*why a new sentence: "it was killed by
 * signal 11 (Segmentation fault)"); -1 with errno when no child could be
 * run.  The child dies with its parent (PR_SET_PDEATHSIG), so a worker the
 * runner kills at its deadline takes its children along.
 */
int hd_child_run(hd_child_fn fn, void *ctx, struct hd_outcome *out, char **why);

#endif
