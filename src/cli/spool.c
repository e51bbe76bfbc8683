/* spool.c - the run's inputs kept for the analysis pass (see spool.h). */
#include "cli/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE UINT32_MAX         /* a string that is NULL */

int hd_spool_open(struct hd_spool *s)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	int fd;

	memset(s, 0, sizeof *s);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/hivediag-inputs-XXXXXX", dir && *dir ? dir : "/tmp") >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	unlink(tmp);
	if ((s->f = fdopen(fd, "w+")) == NULL) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return 0;
}

static int put_str(FILE *f, const char *str)
{
	size_t n = str ? strlen(str) : 0;
	uint32_t len = str ? (uint32_t)n : NONE;

	if (n >= NONE) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return fwrite(&len, sizeof len, 1, f) == 1 && (n == 0 || fwrite(str, n, 1, f) == 1) ? 0 : -1;
}

int hd_spool_add(struct hd_spool *s, const struct hd_input *in)
{
	uint8_t flags[2] = { (uint8_t)(in->no_follow != 0), (uint8_t)in->pass };
	int32_t err = in->walk_errno;

	if (put_str(s->f, in->path) < 0 || put_str(s->f, in->root) < 0 || put_str(s->f, in->entry_error) < 0 ||
	    fwrite(flags, sizeof flags, 1, s->f) != 1 || fwrite(&err, sizeof err, 1, s->f) != 1)
		return -1;
	s->n++;
	return 0;
}

int hd_spool_rewind(struct hd_spool *s)
{
	return fflush(s->f) == 0 && fseek(s->f, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* One string of a record into *buf: 1 (*null for NULL), 0 at a clean end, -1 a short or bad record. */
static int get_str(FILE *f, char **buf, size_t *cap, int *null)
{
	uint32_t len;

	if (fread(&len, sizeof len, 1, f) != 1)
		return ferror(f) ? -1 : 0;
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
	if (len > 0 && fread(*buf, len, 1, f) != 1) {
		errno = EIO;
		return -1;
	}
	(*buf)[len] = '\0';
	return 1;
}

int hd_spool_next(struct hd_spool *s, struct hd_input *out)
{
	uint8_t flags[2];
	int32_t err;
	int null[3], rc;

	if ((rc = get_str(s->f, &s->path, &s->path_cap, &null[0])) <= 0)
		return rc;
	if (get_str(s->f, &s->root, &s->root_cap, &null[1]) != 1 ||
	    get_str(s->f, &s->entry_error, &s->entry_cap, &null[2]) != 1 ||
	    fread(flags, sizeof flags, 1, s->f) != 1 || fread(&err, sizeof err, 1, s->f) != 1 || null[0]) {
		if (errno == 0 || !ferror(s->f))
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
	if (s->f)
		fclose(s->f);
	free(s->path);
	free(s->root);
	free(s->entry_error);
	memset(s, 0, sizeof *s);
}
