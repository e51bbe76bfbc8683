/*
 * spool.h - the inputs of a run, as the names pass enumerated them, kept in
 * an unlinked temporary file for the analysis pass (issue 23: the tree is
 * walked once, and a list read from standard input or a pipe is read once).
 *
 * One record per input, in input order: its path, the -r root it was found
 * under, how to open it (no_follow), and what the enumeration and the
 * names pass found (passed over, a walk error, a bad list entry), so the
 * analysis pass reports exactly what it would have found walking again.
 * The parent's memory holds one record at a time: the file, not the heap,
 * grows with the archive.
 */
#ifndef HD_CLI_SPOOL_H
#define HD_CLI_SPOOL_H

#include <stddef.h>

#include "cli/inputs.h"

struct hd_spool {
	int open;                       /* fd is ours (hd_spool_open succeeded, no close yet) */
	int fd;                         /* never a stdio stream (see spool.c) */
	int write_errno;                /* why the last write failed (0: none has) */
	unsigned long n;                /* records written */
	size_t off;                     /* writing: where buf goes; reading: where the next pread starts */
	size_t end;                     /* reading: the file's length */
	size_t pos, len;                /* reading: buf[pos..len) is unread; writing: buf[0..len) unwritten */
	unsigned char buf[65536];
	char *path, *root, *entry_error; /* the record hd_spool_next read last */
	size_t path_cap, root_cap, entry_cap;
};

/* An unlinked file in $TMPDIR (or /tmp).  0, or -1 with errno. */
int hd_spool_open(struct hd_spool *s);

/* Append one input (its strings copied).  0, or -1 with errno (ENOSPC...), also kept in write_errno. */
int hd_spool_add(struct hd_spool *s, const struct hd_input *in);

/* After the last add: flush, and read from the first record on.  0, or -1 with errno (and write_errno). */
int hd_spool_rewind(struct hd_spool *s);

/* The next record into *out (valid until the next call): 1, 0 at the end, -1 with errno. */
int hd_spool_next(struct hd_spool *s, struct hd_input *out);

void hd_spool_close(struct hd_spool *s);

#endif
