/*
 * reduce.h - --reduce (issue 23): the fleet peers table of a spread run's
 * names exports, checked complete (reduce.c).
 */
#ifndef HD_REDUCE_H
#define HD_REDUCE_H

#include <signal.h>
#include <stddef.h>

/*
 * Build the table of the names exports paths[0..n-1] ("-": stdin) and write
 * its canonical form to stdout; messages and the summary (unless quiet)
 * on stderr.  stop: set by a signal (the table's finish polls it).  The
 * exit status: 0, or 2 (a malformed line, an incomplete set, a read error).
 */
int hd_reduce_main(char **paths, size_t n, int quiet, const volatile sig_atomic_t *stop);

#endif
