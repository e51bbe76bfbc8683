/* jobwire.c - the runner's requests and replies on a worker's socket (see jobwire.h). */
#include "cli/jobwire.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/fdio.h"

/* One length-prefixed string of a request: 1, or 0 (none, on error too). */
static int read_string(int fd, char **out, int may_be_null)
{
	uint32_t len;

	*out = NULL;
	if (hd_read_all(fd, &len, sizeof len) < 0)
		return 0;
	if (len == UINT32_MAX && may_be_null)
		return 1;
	if (len == 0 || len > HD_JOB_MAX_PATH || (*out = malloc((size_t)len + 1)) == NULL)
		return 0;
	if (hd_read_all(fd, *out, len) < 0) {
		free(*out);
		*out = NULL;
		return 0;
	}
	(*out)[len] = '\0';
	return 1;
}

/* The next request (path, no_follow byte, root): 1, or 0 when there is none. */
int hd_job_read_request(int fd, char **path, int *no_follow, char **root)
{
	uint8_t nf;

	*root = NULL;
	if (!read_string(fd, path, 0))
		return 0;
	if (hd_read_all(fd, &nf, 1) == 0 && read_string(fd, root, 1)) {
		*no_follow = nf != 0;
		return 1;
	}
	free(*path);
	*path = NULL;
	return 0;
}

/* A reply: its 64-bit length, then buf.  0, or -1. */
int hd_job_send_reply(int fd, const char *buf, size_t len)
{
	uint64_t n = len;

	return hd_write_all(fd, &n, sizeof n) == 0 && hd_write_all(fd, buf, len) == 0 ? 0 : -1;
}
