/*
 * fdio.c - whole reads and writes on file descriptors.
 */
#include "util/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int hd_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int hd_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EPIPE;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

ssize_t hd_pread_full(int fd, void *buf, size_t n, off_t off)
{
	char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, p + got, n - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int hd_pwrite_all(int fd, const void *buf, size_t n, off_t off)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		off += (off_t)w;
		n -= (size_t)w;
	}
	return 0;
}

int hd_tmpfile(const char *what)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/hivediag-%s-XXXXXX", dir && *dir ? dir : "/tmp", what) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) >= 0)
		unlink(tmp);
	return fd;
}

static struct {
	char *path;
	int no_follow;
	int fd;
} held = { NULL, 0, -1 };

static int open_path(const char *path, int no_follow)
{
	return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (no_follow ? O_NOFOLLOW : 0));
}

int hd_open_evidence(const char *path, int no_follow)
{
	if (held.fd >= 0 && held.no_follow == no_follow && strcmp(held.path, path) == 0)
		return fcntl(held.fd, F_DUPFD_CLOEXEC, 0);
	return open_path(path, no_follow);
}

int hd_evidence_dup(const char *path)
{
	if (held.fd < 0 || strcmp(held.path, path) != 0)
		return -1;
	return fcntl(held.fd, F_DUPFD_CLOEXEC, 0);
}

int hd_evidence_hold(const char *path, int no_follow)
{
	int fd;

	hd_evidence_release();
	if ((fd = open_path(path, no_follow)) < 0)
		return -1;
	if ((held.path = strdup(path)) == NULL) {
		close(fd);
		return -1;
	}
	held.fd = fd;
	held.no_follow = no_follow;
	return 0;
}

void hd_evidence_release(void)
{
	if (held.fd >= 0)
		close(held.fd);
	free(held.path);
	held.path = NULL;
	held.fd = -1;
}
