/*
 * document.c - a run's output: prefix, pieces, suffix (see document.h).
 */
#include "cli/document.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An unnamed read-write file in $TMPDIR (or /tmp): NULL with errno. */
static FILE *spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	FILE *f;
	int fd, saved;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/hivediag-out-XXXXXX", dir && *dir ? dir : "/tmp") >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkstemp(tmp)) < 0)
		return NULL;
	unlink(tmp);
	if ((f = fdopen(fd, "w+")) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return f;
}

int hd_document_open(struct hd_document *d, const struct hd_format *format, int several, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->format = format;
	d->out = out;
	d->run.several = several;
	if (format->flags & HD_FORMAT_COUNTS_FIRST) {
		d->spool_failed = 1;
		if ((d->spool = spool_open()) == NULL)
			return -1;
		d->spool_failed = 0;
	}
	return 0;
}

/* errno of a failed write to f (a stream error leaves it; a short write may not). */
static int failed(struct hd_document *d, FILE *f)
{
	d->spool_failed = f == d->spool;
	if (errno == 0)
		errno = EIO;
	return -1;
}

int hd_document_add(struct hd_document *d, const char *piece, size_t len, const struct hd_format_counts *c)
{
	FILE *f = d->spool ? d->spool : d->out;

	errno = 0;
	if (!d->spool && !d->prefixed) {
		if (d->format->prefix && d->format->prefix(&d->run, f) < 0)
			return failed(d, f);
		d->prefixed = 1;
	}
	if (d->run.written && fputs(d->format->separator, f) == EOF)
		return failed(d, f);
	/* The spool flushed too: a full disk is known at once, and what is done is in the file. */
	if ((len && fwrite(piece, 1, len, f) != len) || (d->spool && fflush(d->spool) != 0))
		return failed(d, f);
	d->run.written++;
	hd_format_counts_add(&d->run.counts, c);
	return 0;
}

/* The held pieces, copied to out. */
static int copy_spool(struct hd_document *d)
{
	char buf[65536];
	size_t n;

	if (fflush(d->spool) != 0 || fseek(d->spool, 0, SEEK_SET) != 0)
		return failed(d, d->spool);
	while ((n = fread(buf, 1, sizeof buf, d->spool)) > 0)
		if (fwrite(buf, 1, n, d->out) != n)
			return failed(d, d->out);
	return ferror(d->spool) ? failed(d, d->spool) : 0;
}

int hd_document_finish(struct hd_document *d)
{
	int rc = 0, saved;

	errno = 0;
	if (d->spool && d->format->prefix && d->format->prefix(&d->run, d->out) < 0)
		rc = failed(d, d->out);
	if (rc == 0 && d->spool)
		rc = copy_spool(d);
	if (rc == 0 && d->format->suffix && d->format->suffix(&d->run, d->out) < 0)
		rc = failed(d, d->out);
	saved = errno;
	hd_document_discard(d);
	errno = saved;
	return rc;
}

void hd_document_discard(struct hd_document *d)
{
	if (d->spool)
		fclose(d->spool);
	d->spool = NULL;
}
