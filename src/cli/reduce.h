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

struct hd_fleet_table;

/* A table file larger than this is no table --reduce wrote (a million names are far below it). */
#define HD_TABLE_MAX_BYTES (1ul << 30)

/*
 * --peers-table FILE: the table --reduce wrote, read and checked
 * (hd_fleet_table_read), or NULL with a message in err ("cannot open: ...",
 * "larger than 1 GiB: not a table", the parser's reason).
 */
struct hd_fleet_table *hd_reduce_load(const char *path, char *err, size_t errlen);

/* The same for main: NULL after "hivediag: FILE: --peers-table: why" on stderr. */
struct hd_fleet_table *hd_reduce_peers_table(const char *path);

#endif
