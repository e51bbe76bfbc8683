/*
 * shards.h - reading the outputs of a spread run's shards (issue 23): a
 * names export (--names) or a report output (-o ndjson), each ending with
 * its completion record (fleet.h).  --merge and --reduce check, through
 * here, that every output is complete and that the outputs are one whole
 * set of shards (the same N, every K exactly once; a lone unsharded output
 * is a whole set), before anything is written.
 *
 * Nothing is trusted: a line is held up to a bound (longer lines are
 * counted and passed on cut), the completion record's count must equal the
 * lines before it, and the record must be the last line, ending in a
 * newline.  A job killed by a signal writes no completion record, so its
 * output reads as incomplete, never as a success.
 */
#ifndef HD_SHARDS_H
#define HD_SHARDS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fleet/fleet.h"

#define HD_SHARD_ERR_LEN 512

/*
 * One line of an output, other than its completion record: text holds its
 * first kept bytes (at most the reader's bound, NUL-terminated), len the
 * line's real length without the newline, lineno from 1.  0 to go on, or
 * -1 to stop (err set).
 */
typedef int (*hd_shard_line_fn)(void *ctx, const char *text, size_t kept, size_t len, unsigned long lineno,
                                char *err, size_t errlen);

/* What one output said about itself. */
struct hd_shard_file {
	const char *path;               /* the operand ("-": standard input) */
	int complete;                   /* it ends with a completion record of the kind wanted, counts agree */
	struct hd_fleet_completion done;/* that record (valid when complete) */
	unsigned long lines;            /* lines before the record */
	off_t body_bytes;               /* bytes before the record (what --merge copies) */
	char problem[HD_SHARD_ERR_LEN]; /* why it is not complete, or "" */
	struct stat st;                 /* the file as it was read (--merge copies it only unchanged) */
};

/*
 * Read f->path line by line (lines kept up to max bytes), calling line for
 * every line that is not a completion record, and fill f.  kind: "names"
 * or "reports".  0 when read to its end (complete or not: see f->complete
 * and f->problem); -1 when it could not be read or line stopped (err).
 */
int hd_shard_read(struct hd_shard_file *f, const char *kind, size_t max, hd_shard_line_fn line, void *ctx,
                  char *err, size_t errlen);

/*
 * Check that files (every one complete) are one whole set; sorts them by
 * shard.  Each problem is reported through say(ctx, path or NULL, text);
 * returns the number of problems (0: a whole set).
 */
typedef void (*hd_shard_say_fn)(void *ctx, const char *path, const char *text);
size_t hd_shard_check_set(struct hd_shard_file *files, size_t n, hd_shard_say_fn say, void *ctx);

/* A say function: "hivediag: PATH: text" on stderr, escaped; ctx (a string) stands for a NULL path. */
void hd_shard_say_stderr(void *ctx, const char *path, const char *text);

#endif
