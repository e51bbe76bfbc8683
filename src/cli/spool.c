/*
 * spool.c - the run's inputs kept for the analysis pass (see spool.h).
 *
 * The file is read and written with pread/pwrite at offsets this process
 * keeps, through buffers of its own, never through stdio: the runner's
 * workers are forked while the spool is open and share its file
 * description, and a stdio stream there (a worker's fflush(NULL) before it
 * forks an archive member's child, or its exit) would move the shared
 * offset under the parent's reads or write its buffer a second time.
 */
#include "cli/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fdio.h"

#define NONE UINT32_MAX         /* a string that is NULL */

int hd_spool_open(struct hd_spool *s)
{
	memset(s, 0, sizeof *s);
	if ((s->fd = hd_tmpfile("inputs")) < 0)
		return -1;
	s->open = 1;
	return 0;
}

/* The write buffer onto the file at the write offset.  0, or -1 with errno. */
static int flush_out(struct hd_spool *s)
{
	if (hd_pwrite_all(s->fd, s->buf, s->len, (off_t)s->off) < 0) {
		s->write_errno = errno;
		return -1;
	}
	s->off += s->len;
	s->len = 0;
	return 0;
}

static int put(struct hd_spool *s, const void *p, size_t n)
{
	const unsigned char *src = p;

	while (n > 0) {
		size_t room = sizeof s->buf - s->len, k = n < room ? n : room;
		memcpy(s->buf + s->len, src, k);
		s->len += k;
		src += k;
		n -= k;
		if (s->len == sizeof s->buf && flush_out(s) < 0)
			return -1;
	}
	return 0;
}

static int put_str(struct hd_spool *s, const char *str)
{
	size_t n = str ? strlen(str) : 0;
	uint32_t len = str ? (uint32_t)n : NONE;

	if (n >= NONE) {
		errno = s->write_errno = ENAMETOOLONG;
		return -1;
	}
	return put(s, &len, sizeof len) == 0 && put(s, str, n) == 0 ? 0 : -1;
}

int hd_spool_add(struct hd_spool *s, const struct hd_input *in)
{
	uint8_t flags[2] = { (uint8_t)(in->no_follow != 0), (uint8_t)in->pass };
	int32_t err = in->walk_errno;

	if (put_str(s, in->path) < 0 || put_str(s, in->root) < 0 || put_str(s, in->entry_error) < 0 ||
	    put(s, flags, sizeof flags) < 0 || put(s, &err, sizeof err) < 0)
		return -1;
	s->n++;
	return 0;
}

int hd_spool_rewind(struct hd_spool *s)
{
	if (flush_out(s) < 0)
		return -1;
	s->end = s->off;
	s->off = 0;
	s->pos = s->len = 0;
	return 0;
}

/* n bytes of the file from the read position into p: 1, 0 at a clean end (nothing read), -1 with errno. */
static int get(struct hd_spool *s, void *p, size_t n)
{
	unsigned char *dst = p;
	size_t want = n;

	while (n > 0) {
		if (s->pos == s->len) {
			ssize_t got;
			if (s->off >= s->end) {
				if (n == want)
					return 0;
				errno = EIO;    /* a record cut short */
				return -1;
			}
			got = pread(s->fd, s->buf, sizeof s->buf, (off_t)s->off);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				if (got == 0)
					errno = EIO;
				return -1;
			}
			s->off += (size_t)got;
			s->pos = 0;
			s->len = (size_t)got;
		}
		size_t k = s->len - s->pos < n ? s->len - s->pos : n;
		memcpy(dst, s->buf + s->pos, k);
		s->pos += k;
		dst += k;
		n -= k;
	}
	return 1;
}

/* One string of a record into *buf: 1 (*null for NULL), 0 at a clean end, -1 a short or bad record. */
static int get_str(struct hd_spool *s, char **buf, size_t *cap, int *null)
{
	uint32_t len;
	int rc;

	if ((rc = get(s, &len, sizeof len)) <= 0)
		return rc;
	*null = len == NONE;
	if (*null)
		return 1;
	if (*cap < (size_t)len + 1) {
		char *p = realloc(*buf, (size_t)len + 1);
		if (p == NULL)
			return -1;
		*buf = p;
		*cap = (size_t)len + 1;
	}
	if (len > 0 && get(s, *buf, len) != 1) {
		errno = errno ? errno : EIO;
		return -1;
	}
	(*buf)[len] = '\0';
	return 1;
}

/* A part of a record after its first string: 0, or -1 with errno (a record cut short reads EIO). */
static int need(int rc)
{
	if (rc == 1)
		return 0;
	if (rc == 0)
		errno = EIO;
	return -1;
}

int hd_spool_next(struct hd_spool *s, struct hd_input *out)
{
	uint8_t flags[2];
	int32_t err;
	int null[3], rc;

	errno = 0;
	if ((rc = get_str(s, &s->path, &s->path_cap, &null[0])) <= 0)
		return rc;
	if (need(get_str(s, &s->root, &s->root_cap, &null[1])) < 0 ||
	    need(get_str(s, &s->entry_error, &s->entry_cap, &null[2])) < 0 ||
	    need(get(s, flags, sizeof flags)) < 0 || need(get(s, &err, sizeof err)) < 0)
		return -1;
	if (null[0]) {
		errno = EIO;
		return -1;
	}
	*out = (struct hd_input){ .path = s->path, .root = null[1] ? NULL : s->root,
	                          .entry_error = null[2] ? NULL : s->entry_error, .no_follow = flags[0],
	                          .pass = (enum hd_pass)flags[1], .walk_errno = err };
	return 1;
}

void hd_spool_close(struct hd_spool *s)
{
	if (s->open)
		close(s->fd);
	free(s->path);
	free(s->root);
	free(s->entry_error);
	memset(s, 0, sizeof *s);
}
