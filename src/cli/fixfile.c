/*
 * fixfile.c - the --fix-reg file, written safely (see fixfile.h).
 */
#include "cli/fixfile.h"
#include "util/fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The names log discovery (txlog_discover.c) reads beside a hive, in any letter case. */
static const char *const suffix[] = { "", ".LOG", ".LOG1", ".LOG2", ".ALT" };

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

/* 1 when name is hive's base name or one of its log names (any letter case). */
static int names_input(const char *name, const char *hive_base)
{
	size_t hl = strlen(hive_base);

	if (hl == 0 || strncasecmp(name, hive_base, hl) != 0)
		return 0;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
		if (strcasecmp(name + hl, suffix[i]) == 0)
			return 1;
	return 0;
}

/* 1 when a and b are the same directory. */
static int same_dir(const char *a, const char *b)
{
	char ba[PATH_MAX], bb[PATH_MAX];
	struct stat sa, sb;

	return stat(dir_of(a, ba, sizeof ba), &sa) == 0 && stat(dir_of(b, bb, sizeof bb), &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * 1 when the existing file *target (its stat) is one of the files in
 * hive's folder that names_input accepts, whatever they are called there:
 * the same device and inode, so a hard link of SYSTEM.LOG1 under another
 * name is refused too.
 */
static int same_file_as_input(const struct stat *target, const char *hive)
{
	char buf[PATH_MAX];
	DIR *d = NULL;
	struct dirent *ent;
	struct stat st;
	int hit = stat(hive, &st) == 0 && st.st_dev == target->st_dev && st.st_ino == target->st_ino;

	if (!hit && (d = opendir(dir_of(hive, buf, sizeof buf))) != NULL) {
		while (!hit && (ent = readdir(d)) != NULL)
			hit = names_input(ent->d_name, base_of(hive)) &&
			      fstatat(dirfd(d), ent->d_name, &st, 0) == 0 &&
			      st.st_dev == target->st_dev && st.st_ino == target->st_ino;
		closedir(d);
	}
	return hit;
}

/* 1 when path is hive (as spelled, one view of it) or one of its logs, by name or by file. */
static int is_input_view(const char *path, const struct stat *target, const char *hive)
{
	if (names_input(base_of(path), base_of(hive)) && same_dir(path, hive))
		return 1;
	return target != NULL && same_file_as_input(target, hive);
}

/*
 * 1 when path is, or would become, a file the run reads for hive: the hive
 * as given and, when it is a symbolic link, as its target names it (a
 * run through the link reads the link's logs; the target's are evidence
 * too); the same for path, whose existing target is compared by file.
 */
static int is_input(const char *path, const char *hive)
{
	char *hive_real = realpath(hive, NULL), *path_real = realpath(path, NULL);
	struct stat st;
	const struct stat *target = stat(path, &st) == 0 ? &st : NULL;
	int hit = is_input_view(path, target, hive) ||
	          (hive_real && is_input_view(path, target, hive_real)) ||
	          (path_real && is_input_view(path_real, target, hive)) ||
	          (hive_real && path_real && is_input_view(path_real, target, hive_real));

	free(hive_real);
	free(path_real);
	return hit;
}

/* 1 when path is an input of any of the n hives. */
static int is_any_input(const char *path, const char *const *hives, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hives[i] != NULL && is_input(path, hives[i]))
			return 1;
	return 0;
}

int hd_fixfile_check(const char *path, const char *const *hives, size_t n, int force, char *err, size_t errlen)
{
	struct stat st;

	if (is_any_input(path, hives, n)) {
		snprintf(err, errlen, "refusing to write: it is an input hive or one of its transaction logs");
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

int hd_fixfile_write(const char *path, const char *const *hives, size_t n, int force, const char *data,
                     size_t len, char *err, size_t errlen)
{
	char dir[PATH_MAX], tmp[PATH_MAX + 16];
	mode_t mask = umask(0);
	int fd, saved, ok;

	umask(mask);
	if (hd_fixfile_check(path, hives, n, force, err, errlen) < 0)
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
