/*
 * fixfile.c - the --fix-reg file, written safely (see fixfile.h).
 */
#include "cli/fixfile.h"
#include "util/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when none), into buf. */
static const char *dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	if (slash == path)
		return "/";
	snprintf(buf, len, "%.*s", (int)(slash - path), path);
	return buf;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* 1 when a and b are the same directory. */
static int same_dir(const char *a, const char *b)
{
	char ba[4096], bb[4096];
	struct stat sa, sb;

	return stat(dir_of(a, ba, sizeof ba), &sa) == 0 && stat(dir_of(b, bb, sizeof bb), &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* 1 when path is the hive, or names one of its logs beside it (existing or not). */
static int is_input(const char *path, const char *hive)
{
	static const char *const suffix[] = { "", ".LOG", ".LOG1", ".LOG2", ".ALT" };
	const char *pb = base_of(path), *hb = base_of(hive);
	size_t hl = strlen(hb);
	struct stat sp, sh;

	if (stat(path, &sp) == 0 && stat(hive, &sh) == 0 && sp.st_dev == sh.st_dev && sp.st_ino == sh.st_ino)
		return 1;
	if (strncasecmp(pb, hb, hl) != 0 || !same_dir(path, hive))
		return 0;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
		if (strcasecmp(pb + hl, suffix[i]) == 0)
			return 1;
	return 0;
}

int hd_fixfile_check(const char *path, const char *hive, int force, char *err, size_t errlen)
{
	struct stat st;

	if (is_input(path, hive)) {
		snprintf(err, errlen, "refusing to write: it is the hive or one of its transaction logs");
		return -1;
	}
	if (!force && lstat(path, &st) == 0) {
		snprintf(err, errlen, "refusing to overwrite an existing file (use --force)");
		return -1;
	}
	return 0;
}

/* Put tmp in place at path: link (fails if path exists) or, forced, rename. */
static int publish(const char *tmp, const char *path, int force)
{
	if (force)
		return rename(tmp, path);
	if (link(tmp, path) < 0)
		return -1;
	unlink(tmp);
	return 0;
}

int hd_fixfile_write(const char *path, const char *hive, int force, const char *data, size_t len,
                     char *err, size_t errlen)
{
	char dir[4096], tmp[4200];
	mode_t mask = umask(0);
	int fd, saved, ok;

	umask(mask);
	if (hd_fixfile_check(path, hive, force, err, errlen) < 0)
		return -1;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir_of(path, dir, sizeof dir),
	                     base_of(path)) >= sizeof tmp) {
		snprintf(err, errlen, "file name too long");
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside it: %s", strerror(errno));
		return -1;
	}
	ok = fchmod(fd, 0666 & ~mask) == 0 && hd_write_all(fd, data, len) == 0 && fsync(fd) == 0;
	saved = errno;
	if (close(fd) < 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && publish(tmp, path, force) < 0) {
		ok = 0;
		saved = errno;
	}
	if (ok)
		return 0;
	unlink(tmp);
	if (saved == EEXIST)
		snprintf(err, errlen, "refusing to overwrite an existing file (use --force)");
	else
		snprintf(err, errlen, "cannot write: %s", strerror(saved));
	return -1;
}
