/*
 * shards.c - the outputs of a spread run's shards: read, checked, one set
 * (see shards.h).
 */
#include "cli/shards.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/say.h"

#define COMPLETION_PREFIX "{\"completion\":"
#define READ_CHUNK 65536

/* The reader's state over one output. */
struct reader {
	struct hd_shard_file *f;
	const char *kind;
	hd_shard_line_fn line;
	void *ctx;
	char *buf;                      /* the line so far, its first max bytes */
	size_t max, kept, len;          /* bound, bytes kept, real length */
	off_t start;                    /* offset of the line's first byte */
	int have_done;                  /* a completion record was read... */
	unsigned long done_line;        /* ...at this line */
	unsigned long lineno;
	unsigned long after_done;       /* lines after it */
	unsigned long bad_done;         /* the first line that begins as a completion record but is none */
	char *err;
	size_t errlen;
};

static int is_completion(const struct reader *r)
{
	size_t n = sizeof COMPLETION_PREFIX - 1;

	return r->len >= n && memcmp(r->buf, COMPLETION_PREFIX, n) == 0;
}

/* One whole line (newline read): a completion record is noted, any other passed on. */
static int end_line(struct reader *r)
{
	struct hd_fleet_completion c;
	int rc = 0;

	r->lineno++;
	r->buf[r->kept] = '\0';
	if (r->have_done)
		r->after_done++;
	if (is_completion(r) && r->kept == r->len && hd_fleet_completion_parse(r->buf, r->len, &c) == 0) {
		if (!r->have_done) {
			r->f->done = c;
			r->f->body_bytes = r->start;
			r->done_line = r->lineno;
		}
		r->have_done++;
	} else if (is_completion(r)) {
		if (r->bad_done == 0)
			r->bad_done = r->lineno;
	} else if (!r->have_done && r->line) {
		rc = r->line(r->ctx, r->buf, r->kept, r->len, r->lineno, r->err, r->errlen);
	}
	if (!r->have_done)
		r->f->lines++;
	r->kept = r->len = 0;
	return rc;
}

/* Split a chunk of bytes read at offset pos into lines. */
static int take(struct reader *r, const char *p, size_t n, off_t pos)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t part = nl ? (size_t)(nl - p) : n, room = r->max - r->kept;

		if (r->len == 0)
			r->start = pos;
		memcpy(r->buf + r->kept, p, part < room ? part : room);
		r->kept += part < room ? part : room;
		r->len += part;
		if (nl == NULL)
			return 0;
		if (end_line(r) < 0)
			return -1;
		p += part + 1;
		n -= part + 1;
		pos += (off_t)(part + 1);
	}
	return 0;
}

/* After the last byte: whether the output ends with one completion record of the kind wanted. */
static void judge(struct reader *r, int trailing)
{
	struct hd_shard_file *f = r->f;
	const char *unit = strcmp(r->kind, "names") == 0 ? "names records" : "reports";

	f->complete = 0;
	if (r->bad_done)
		snprintf(f->problem, sizeof f->problem, "is not usable: line %lu is a malformed completion record",
		         r->bad_done);
	else if (!r->have_done)
		snprintf(f->problem, sizeof f->problem, "is incomplete: no completion record (the job was cut short "
		         "or killed)");
	else if (r->after_done > 0 || trailing)
		snprintf(f->problem, sizeof f->problem, "is not one output: line %lu, a completion record, is "
		         "followed by %s (outputs joined?)", r->done_line, trailing ? "an unfinished line" : "more lines");
	else if (strcmp(f->done.kind, r->kind) != 0)
		snprintf(f->problem, sizeof f->problem, "is not a %s output: its completion record is of kind %s",
		         r->kind, f->done.kind);
	else if (f->done.hives != f->lines)
		snprintf(f->problem, sizeof f->problem, "is incomplete: its completion record counts %lu %s, "
		         "%lu lines precede it", f->done.hives, unit, f->lines);
	else
		f->complete = 1;
}

static int open_output(const char *path, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
	return fd;
}

int hd_shard_read(struct hd_shard_file *f, const char *kind, size_t max, hd_shard_line_fn line, void *ctx,
                  char *err, size_t errlen)
{
	struct reader r = { .f = f, .kind = kind, .line = line, .ctx = ctx, .max = max, .err = err,
	                    .errlen = errlen };
	char *chunk = malloc(READ_CHUNK);
	off_t pos = 0;
	ssize_t n = 0;
	int fd = -1, rc = -1;

	f->complete = 0;
	f->lines = 0;
	f->body_bytes = 0;
	f->problem[0] = '\0';
	memset(&f->done, 0, sizeof f->done);
	r.buf = malloc(max + 1);
	if (chunk == NULL || r.buf == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if ((fd = open_output(f->path, err, errlen)) < 0)
		goto out;
	if (fstat(fd, &f->st) < 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		goto out;
	}
	while ((n = read(fd, chunk, READ_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "read error: %s", strerror(errno));
			goto out;
		}
		if (take(&r, chunk, (size_t)n, pos) < 0)
			goto out;
		pos += n;
	}
	judge(&r, r.len > 0 || r.kept > 0);
	rc = 0;
out:
	if (rc < 0)
		snprintf(f->problem, sizeof f->problem, "is not usable: %s", err);
	if (fd > STDIN_FILENO)
		close(fd);
	free(chunk);
	free(r.buf);
	return rc;
}

/* ---- the set ---- */

static int by_shard(const void *a, const void *b)
{
	const struct hd_shard_file *x = a, *y = b;

	if (x->complete != y->complete)
		return x->complete ? -1 : 1;    /* the complete ones first */
	if (!x->complete)
		return 0;
	if (x->done.shards != y->done.shards)
		return x->done.shards < y->done.shards ? -1 : 1;
	return x->done.shard < y->done.shard ? -1 : x->done.shard > y->done.shard;
}

/* "shard 3/8" or, for an output that names no shard, "the output". */
static void subject(char *buf, size_t len, unsigned k, unsigned n)
{
	if (k && n)
		snprintf(buf, len, "shard %u/%u", k, n);
	else
		snprintf(buf, len, "the output");
}

#define MAX_LISTED 8     /* missing shards named one by one; the rest counted */

/* The shards 1..set_n no output names (complete, or with a record that counts wrong). */
static unsigned char *named_shards(const struct hd_shard_file *f, size_t n, unsigned set_n)
{
	unsigned char *seen = calloc((size_t)set_n / 8 + 1, 1);

	for (size_t i = 0; seen && i < n; i++)
		if (f[i].done.kind[0] && f[i].done.shards == set_n && f[i].done.shard >= 1 && f[i].done.shard <= set_n)
			seen[f[i].done.shard / 8] |= (unsigned char)(1u << (f[i].done.shard % 8));
	return seen;
}

static int is_named(const unsigned char *seen, unsigned k)
{
	return (seen[k / 8] >> (k % 8)) & 1;
}

/* The first shard no output names, and how many there are (0 with none). */
static unsigned count_missing(const unsigned char *seen, unsigned set_n, unsigned *first)
{
	unsigned missing = 0;

	*first = 0;
	for (unsigned k = 1; k <= set_n; k++)
		if (!is_named(seen, k) && missing++ == 0)
			*first = k;
	return missing;
}

/*
 * Incomplete outputs, each named by its shard when its record says it, or
 * when it is the one output without a record and one shard is missing; then
 * the missing shards no output accounts for.
 */
static size_t say_incomplete(const struct hd_shard_file *f, size_t n, unsigned set_n, hd_shard_say_fn say, void *ctx)
{
	char who[64], text[HD_SHARD_ERR_LEN + 64];
	unsigned char *seen = named_shards(f, n, set_n);
	unsigned first = 0, missing = 0, listed = 0;
	size_t unknown = 0, bad = 0;

	if (seen == NULL) {
		say(ctx, NULL, strerror(ENOMEM));
		return 1;
	}
	missing = count_missing(seen, set_n, &first);
	for (size_t i = 0; i < n; i++)
		unknown += !f[i].complete && !f[i].done.kind[0];
	for (size_t i = 0; i < n; i++) {
		if (f[i].complete)
			continue;
		if (f[i].done.kind[0])
			subject(who, sizeof who, f[i].done.shard, f[i].done.shards);
		else
			subject(who, sizeof who, unknown == 1 && missing == 1 ? first : 0, set_n);
		snprintf(text, sizeof text, "%s %s", who, f[i].problem);
		say(ctx, f[i].path, text);
		bad++;
	}
	if (unknown == 1 && missing == 1)
		missing = 0;
	for (unsigned k = 1; k <= set_n && listed < missing && listed < MAX_LISTED; k++)
		if (!is_named(seen, k)) {
			snprintf(text, sizeof text, "shard %u/%u is missing: no output given is of it", k, set_n);
			say(ctx, NULL, text);
			listed++;
		}
	if (missing > listed) {
		snprintf(text, sizeof text, "and %u more shards of %u are missing", missing - listed, set_n);
		say(ctx, NULL, text);
	}
	free(seen);
	return bad + missing;
}

/* The complete outputs (sorted first): one N, no shard twice, unsharded only alone. */
static size_t say_set(const struct hd_shard_file *f, size_t n_done, size_t n, unsigned *set_n,
                      hd_shard_say_fn say, void *ctx)
{
	char text[HD_SHARD_ERR_LEN + 64];
	size_t bad = 0, first = 0;

	*set_n = 0;
	while (first < n_done && f[first].done.shards == 0) {
		if (n > 1) {
			say(ctx, f[first].path, "the output of a run without --shard is a whole set: it is not joined "
			    "with others");
			bad++;
		}
		first++;
	}
	if (first < n_done)
		*set_n = f[first].done.shards;
	for (size_t i = first; i < n_done; i++) {
		if (f[i].done.shards != *set_n) {
			snprintf(text, sizeof text, "shard %u/%u is not of the same run as %s (%u shards)",
			         f[i].done.shard, f[i].done.shards, f[first].path, *set_n);
			say(ctx, f[i].path, text);
			bad++;
		} else if (i > first && f[i - 1].done.shards == *set_n && f[i - 1].done.shard == f[i].done.shard) {
			snprintf(text, sizeof text, "shard %u/%u is given twice (also %s)", f[i].done.shard, *set_n,
			         f[i - 1].path);
			say(ctx, f[i].path, text);
			bad++;
		}
	}
	return bad;
}

size_t hd_shard_check_set(struct hd_shard_file *files, size_t n, hd_shard_say_fn say, void *ctx)
{
	size_t n_done = 0, bad;
	unsigned set_n;

	qsort(files, n, sizeof *files, by_shard);
	while (n_done < n && files[n_done].complete)
		n_done++;
	bad = say_set(files, n_done, n, &set_n, say, ctx);
	return bad + say_incomplete(files, n, set_n, say, ctx);
}

void hd_shard_say_stderr(void *ctx, const char *path, const char *text)
{
	hd_say(path ? path : (const char *)ctx, text);
}
