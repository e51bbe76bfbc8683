/*
 * memimage.c - give a recovered hive image to hivex without writing any
 * file, and save it on request (--write-recovered).
 *
 * hivex opens hives by path, so the image goes into an anonymous memfd,
 * sealed so nothing can change it afterwards, and hivex opens it through
 * /proc/self/fd/N (read-only: hivex maps a hive PROT_READ unless asked to
 * write).  The evidence files themselves are only ever opened read-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "txlog/txlog.h"

#define SAVE_MODE 0644

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int hd_memimage_open(const uint8_t *image, size_t len, char *path, size_t pathlen)
{
	int fd = memfd_create("hivediag-recovered", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	int saved, n;

	if (fd < 0)
		return -1;
	if (write_all(fd, image, len) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		goto fail;
	n = snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	if (n < 0 || (size_t)n >= pathlen) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* 1 when dest already exists as one of the inputs, 0 when not, -1 error. */
static int is_an_input(const struct stat *dst, const char *const *inputs, size_t ninputs)
{
	for (size_t i = 0; i < ninputs; i++) {
		struct stat in;

		if (inputs[i] == NULL || stat(inputs[i], &in) < 0)
			continue;   /* an input that vanished cannot be overwritten */
		if (in.st_dev == dst->st_dev && in.st_ino == dst->st_ino)
			return 1;
	}
	return 0;
}

/* The folder dest is in, for an unnamed temporary file there. */
static int open_unnamed_in_folder(const char *dest)
{
	const char *slash = strrchr(dest, '/');
	char dir[4096];
	int n;

	if (slash == NULL)
		n = snprintf(dir, sizeof dir, ".");
	else if (slash == dest)
		n = snprintf(dir, sizeof dir, "/");
	else
		n = snprintf(dir, sizeof dir, "%.*s", (int)(slash - dest), dest);
	if (n < 0 || (size_t)n >= sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, SAVE_MODE);
}

/*
 * The image is written to an unnamed file (O_TMPFILE) in dest's folder and
 * given its name only once complete (linkat, which never replaces a file):
 * a run stopped by the timeout (SIGKILL), a full disk or any other failure
 * leaves nothing behind (issue 12: an interrupted save left a 0-byte file).
 */
int hd_memimage_save(const char *dest, const uint8_t *image, size_t len,
                     const char *const *inputs, size_t ninputs, const char **why)
{
	struct stat st;
	const char *ignored;
	char self[32];
	int fd, saved;

	if (why == NULL)
		why = &ignored;
	if (stat(dest, &st) == 0) {
		*why = is_an_input(&st, inputs, ninputs) ? "is one of the input files"
		                                         : "already exists";
		errno = EEXIST;
		return -1;
	}
	fd = open_unnamed_in_folder(dest);
	if (fd < 0) {
		*why = "cannot create a file in its folder";
		return -1;
	}
	if (write_all(fd, image, len) < 0 || fsync(fd) < 0) {
		*why = "cannot write";
		goto fail;
	}
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	/* linkat refuses a dest that appeared meanwhile, a symlink included. */
	if (linkat(AT_FDCWD, self, AT_FDCWD, dest, AT_SYMLINK_FOLLOW) < 0) {
		*why = errno == EEXIST ? "already exists" : "cannot create";
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		*why = "cannot write";
		unlink(dest);
		goto fail;
	}
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	return -1;
}
