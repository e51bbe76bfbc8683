/*
 * inputs.h - the hives of one run, discovered lazily: HIVE operands, then
 * the entries of --files-from, each directory walked with -r.
 *
 * The iterator holds one source at a time (one fts walk, one line of the
 * list), so memory does not grow with the size of an archive (issue 5).
 */
#ifndef HD_INPUTS_H
#define HD_INPUTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hd_inputs_spec {
	char *const *paths;     /* HIVE operands, borrowed */
	size_t n_paths;
	const char *files_from; /* list file, "-" for stdin, or NULL */
	int delim;              /* '\n', or '\0' with -0 */
	int recursive;          /* walk directories (-r) */
	int passed_over;        /* -r: also yield the files the walk passes over, with hd_input.pass set */
	int classify_later;     /* -r: hand every regular file on unread (pass HD_PASS_NONE): the names
	                         * pass's worker reads its first bytes (runner.h), so the parent opens no hive */
	unsigned shard, shards; /* --shard K/N: only the inputs of shard K (1-based) of N; 0 of 0: all */
	struct hd_spool *spool; /* read the inputs back from the names pass's spool (spool.h) instead */
};

/*
 * Why a -r walk passed a file over (issue 22: nothing dropped without a
 * word).  Every file the walk meets is either handed on (a hive, an
 * archive, a disk image, an export, a file it cannot read: the analysis
 * says what it is) or passed over for one of these, from its first bytes.
 */
enum hd_pass {
	HD_PASS_NONE = 0,
	HD_PASS_LOG,            /* a transaction log: a regf base block of a log's type */
	HD_PASS_NOT_HIVE,       /* no format hivediag reads */
	HD_PASS_SPECIAL,        /* a symbolic link, device, FIFO or socket: never followed */
};

/*
 * One input.  path is valid until the next hd_inputs_next call.  walk_errno
 * is non-zero for a directory (or an entry) the walk could not read, and
 * entry_error set for a bad list entry: each becomes an error report, so
 * nothing is skipped silently.
 */
struct hd_input {
	const char *path;
	int walk_errno;
	const char *entry_error;        /* a bad --files-from entry: why, else NULL */
	int no_follow;                  /* found inside a walked tree: open without following a
	                                 * symbolic link (a root or an operand named by the user is followed) */
	enum hd_pass pass;              /* passed over (spec.passed_over), else HD_PASS_NONE */
	const char *root;               /* the -r root it was found under (its case folder's base), or NULL */
};

/*
 * 1 when path falls in shard k (1-based) of n: its installation folder's
 * shard (fleet.h), so a server's SYSTEM and SOFTWARE hives go together;
 * always 1 when n is 0.  -1 ENOMEM.
 */
int hd_inputs_in_shard(const char *path, unsigned k, unsigned n);

/* "transaction log", "not a hive", "not a regular file" (the skip line's reason). */
const char *hd_pass_reason(enum hd_pass pass);

/* Bounds of --files-from (issue 12): the longest entry (PATH_MAX), and how
 * many empty entries in a row end the list as not a list of names. */
#define HD_LIST_ENTRY_MAX 4096u
#define HD_LIST_EMPTY_MAX 64u

struct hd_inputs;

/* NULL with errno (the list file could not be opened). */
struct hd_inputs *hd_inputs_open(const struct hd_inputs_spec *spec);

/* 1 with *out filled, 0 at the end, -1 with errno (the list could not be read). */
int hd_inputs_next(struct hd_inputs *in, struct hd_input *out);
void hd_inputs_close(struct hd_inputs *in);

/*
 * How many inputs spec names, by a separate pass (for the progress line's
 * total).  -1 when that cannot be known without consuming the input (a list
 * read from stdin or a pipe) or on error.
 */
long hd_inputs_count(const struct hd_inputs_spec *spec);

/*
 * Read the next entry of a list separated by delim into *line (a malloc'd
 * buffer of *cap bytes); the separator is removed.  1 got an entry (*bad
 * is the reason when it is an empty entry or holds a NUL byte, else NULL),
 * 0 end of list, -1 read error or an entry longer than HD_LIST_ENTRY_MAX
 * (errno ENAMETOOLONG).
 */
int hd_list_next(FILE *f, int delim, char **line, size_t *cap, const char **bad);

/*
 * What the walk does with a file whose first len bytes are head: 0 hand it
 * on (a primary hive, or the magic of an archive, a compressed file, a disk
 * image or a registry export: a worker process reads it, never the parent,
 * which parses no evidence), else the reason it is passed over.
 */
enum hd_pass hd_walk_classify(const uint8_t *head, size_t len);

#endif
