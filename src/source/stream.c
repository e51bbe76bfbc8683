/*
 * stream.c - a stream into a sealed memfd, bounded (see stream.h).
 */
#include "source/stream.h"
#include "source/archive_tree.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/sealfd.h"

#define CHUNK 16384

int hd_src_read_stream(int in, uint64_t max, int *out, struct hd_src_error *e)
{
	char buf[CHUNK];
	uint64_t total = 0;
	int fd = hd_sealfd_new("hivediag-stdin"), saved;
	ssize_t n;

	*out = -1;
	if (fd < 0) {
		hd_src_error_set(e, "stream_unreadable", errno, "cannot hold it in memory: %s", strerror(errno));
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			hd_src_error_set(e, "stream_unreadable", errno, "cannot read it: %s", strerror(errno));
			goto fail;
		}
		total += (uint64_t)n;
		if (total > max) {
			hd_src_error_set(e, "stream_limit", EFBIG, "more than the limit of %" PRIu64
			                 " bytes for one file read into memory (max_member_bytes)", max);
			goto fail;
		}
		if (hd_write_all(fd, buf, (size_t)n) < 0) {
			hd_src_error_set(e, "stream_unreadable", errno, "cannot hold it in memory: %s", strerror(errno));
			goto fail;
		}
	}
	if (hd_sealfd_seal(fd) < 0) {
		hd_src_error_set(e, "stream_unreadable", errno, "cannot seal it in memory: %s", strerror(errno));
		goto fail;
	}
	*out = fd;
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int hd_src_empty_dir(const char *display, struct hd_src_dir **out)
{
	struct hd_provenance none = { .n_links = 0 };
	struct hd_arc *arc = hd_arc_new(display, &none, 0);
	int rc = arc ? hd_arc_root(arc, out) : -1;

	hd_arc_unref(arc);
	return rc;
}
