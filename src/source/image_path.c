/*
 * image_path.c - the name libtsk opens for an image held on a descriptor.
 *
 * libtsk takes names, not descriptors.  The file was recognised (and is
 * held) by its descriptor; when the name it was opened by still names the
 * same file (same device and inode), libtsk gets that name, so that libewf
 * finds an E01's further segments (.E02...) and libtsk a split raw image's
 * (.002...) beside it, by name, which is only the continuation of a file
 * already recognised by content.  Otherwise (a memfd, a file renamed
 * meanwhile) it gets /proc/self/fd/N: the same open file, one segment only.
 * libewf refuses a name without an E01-like extension, so an E01 reached
 * that way (renamed, inside an archive) is opened through a symbolic link
 * "image.E01" in a private temporary folder, removed at once (ewf_alias).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/image_internal.h"

/* The name libtsk opens (see the top of the file): fd's own name when it
 * still names the same file, else /proc/self/fd/N. */
static void own_name(int fd, char *buf, size_t len)
{
	char self[32];
	struct stat a, b;
	ssize_t n;

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	n = readlink(self, buf, len - 1);
	if (n > 0 && (size_t)n < len - 1) {
		buf[n] = '\0';
		if (buf[0] == '/' && fstat(fd, &a) == 0 && stat(buf, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino && S_ISREG(b.st_mode))
			return;
	}
	snprintf(buf, len, "%s", self);
}

/* libewf finds segments from the first one's name and refuses a name
 * without an E01-like extension (".E01", ".e01", ".s01", ".Ex01"). */
static int ewf_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL && (dot[1] == 'E' || dot[1] == 'e' || dot[1] == 's' || dot[1] == 'S') &&
	       (strcmp(dot + 2, "01") == 0 || strcmp(dot + 2, "x01") == 0);
}

/* An E01 reached by another name (renamed, a memfd): a symbolic link named
 * image.E01 to /proc/self/fd/N in a private folder of our own (mkdtemp,
 * mode 0700), removed as soon as libtsk has opened it (libewf keeps its
 * segments open).  Nothing is written to the evidence.  0 with dir and
 * link filled, or -1. */
static int ewf_alias(int fd, char *dir, size_t dlen, char *link, size_t llen)
{
	const char *tmp = getenv("TMPDIR");
	char self[32];

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	if (snprintf(dir, dlen, "%s/hivediag-ewf-XXXXXX", tmp != NULL && *tmp == '/' ? tmp : "/tmp") >= (int)dlen ||
	    mkdtemp(dir) == NULL)
		return -1;
	if (snprintf(link, llen, "%s/image.E01", dir) >= (int)llen || symlink(self, link) < 0) {
		rmdir(dir);
		return -1;
	}
	return 0;
}

int hd_image_name_get(int fd, int ewf, struct hd_image_name *n)
{
	n->alias_dir[0] = '\0';
	own_name(fd, n->path, sizeof n->path);
	if (!ewf || ewf_name(n->path))
		return 0;
	return ewf_alias(fd, n->alias_dir, sizeof n->alias_dir, n->path, sizeof n->path);
}

void hd_image_name_release(struct hd_image_name *n)
{
	if (n->alias_dir[0] == '\0')
		return;
	unlink(n->path);
	rmdir(n->alias_dir);
	n->alias_dir[0] = '\0';
}
