/*
 * volume.c - find the hives of a Windows installation under --root DIR
 * (see volume.h).  Only names are read here: every directory is opened
 * relative to its parent with O_NOFOLLOW, every file checked with
 * AT_SYMLINK_NOFOLLOW, so nothing outside DIR is ever looked at.
 *
 * Where Windows keeps its copies:
 *   system32/config/SYSTEM, SOFTWARE, their .LOG/.LOG1/.LOG2, SYSTEM.ALT
 *     (NT 4.0 / 2000 mirror), system.sav / software.sav (setup's copies);
 *   repair/system._, software._ (NT 4.0 rdisk, compressed for expand.exe,
 *     KB Q265422), repair/system, software (2000, uncompressed);
 *   repair/RegBack/ (2000's backup), system32/config/RegBack/ (XP and later).
 */
#include "cli/volume.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct name_spec {
	const char *name;
	enum hd_role role;
	const char *hive;
};

static const struct name_spec config_names[] = {
	{ "SYSTEM", HD_ROLE_CURRENT, "SYSTEM" }, { "SOFTWARE", HD_ROLE_CURRENT, "SOFTWARE" },
	{ "SYSTEM.ALT", HD_ROLE_ALT, "SYSTEM" }, { "SOFTWARE.ALT", HD_ROLE_ALT, "SOFTWARE" },
	{ "system.sav", HD_ROLE_SAV, "SYSTEM" }, { "software.sav", HD_ROLE_SAV, "SOFTWARE" },
	{ "SYSTEM.LOG", HD_ROLE_LOG, "SYSTEM" }, { "SYSTEM.LOG1", HD_ROLE_LOG, "SYSTEM" },
	{ "SYSTEM.LOG2", HD_ROLE_LOG, "SYSTEM" }, { "SOFTWARE.LOG", HD_ROLE_LOG, "SOFTWARE" },
	{ "SOFTWARE.LOG1", HD_ROLE_LOG, "SOFTWARE" }, { "SOFTWARE.LOG2", HD_ROLE_LOG, "SOFTWARE" },
};

static const struct name_spec repair_names[] = {
	{ "system._", HD_ROLE_REPAIR, "SYSTEM" }, { "software._", HD_ROLE_REPAIR, "SOFTWARE" },
	{ "system", HD_ROLE_REPAIR, "SYSTEM" }, { "software", HD_ROLE_REPAIR, "SOFTWARE" },
};

static const struct name_spec regback_names[] = {
	{ "system", HD_ROLE_REGBACK, "SYSTEM" }, { "software", HD_ROLE_REGBACK, "SOFTWARE" },
};

/* SystemRoot names tried when boot.ini names none that exists. */
static const char *const default_roots[] = { "WINNT", "Windows" };

const char *hd_role_name(enum hd_role role)
{
	static const char *const names[] = { "current", "repair", "regback", "sav", "alt", "log" };

	return (unsigned)role < sizeof names / sizeof names[0] ? names[role] : "unknown";
}

/* 1 when candidate should replace best among case-insensitive matches of name. */
static int better_match(const char *candidate, const char *best, const char *name)
{
	int cand_exact = strcmp(candidate, name) == 0;

	if (best == NULL)
		return 1;
	if (cand_exact != (strcmp(best, name) == 0))
		return cand_exact;
	return strcmp(candidate, best) < 0;
}

/* 1 when entry name of dirfd is a directory (want_dir) or regular file, not a link. */
static int is_kind(int dirfd, const char *entry, int want_dir)
{
	struct stat st;

	if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;   /* vanished since readdir: as if absent */
	return want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

/*
 * The entry of dirfd whose name equals name without regard to ASCII case:
 * 1 with *found a new string, 0 absent, -1 error.  On a tie (a case-
 * sensitive copy holding "system" and "SYSTEM") the exact spelling wins,
 * then the smaller name, so the choice is reproducible.
 */
static int find_name(int dirfd, const char *name, int want_dir, char **found)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *ent;
	char *best = NULL;
	int saved;

	*found = NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((errno = 0, ent = readdir(d)) != NULL) {
		if (strcasecmp(ent->d_name, name) != 0 || !better_match(ent->d_name, best, name) ||
		    !is_kind(dirfd, ent->d_name, want_dir))
			continue;
		free(best);
		if ((best = strdup(ent->d_name)) == NULL)
			break;
	}
	saved = errno;
	closedir(d);
	if (saved != 0) {
		free(best);
		errno = saved;
		return -1;
	}
	*found = best;
	return best != NULL;
}

/* Open the subdirectory matching name: 1 with *fd and *spelled, 0 absent, -1 error. */
static int open_dir(int dirfd, const char *name, int *fd, char **spelled)
{
	int rc = find_name(dirfd, name, 1, spelled);

	*fd = -1;
	if (rc <= 0)
		return rc;
	*fd = openat(dirfd, *spelled, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd >= 0)
		return 1;
	free(*spelled);
	*spelled = NULL;
	return errno == ENOENT || errno == ELOOP || errno == ENOTDIR ? 0 : -1;
}

/* "a/b" from prefix and name ("" prefix: name alone); NULL on ENOMEM. */
static char *join(const char *prefix, const char *name)
{
	char *s = NULL;

	if (asprintf(&s, "%s%s%s", prefix, prefix[0] ? "/" : "", name) < 0)
		return NULL;
	return s;
}

/*
 * Open name of dirfd as the hive it names, O_NOFOLLOW | O_NONBLOCK: 1 with
 * *fd, 0 when it is no longer a regular file (swapped since readdir), -1
 * error.  This open is the only one: the analysis reads *fd (volume.h).
 */
static int open_file(int dirfd, const char *name, int *fd)
{
	struct stat st;

	*fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT || errno == ELOOP || errno == ENXIO ? 0 : -1;
	if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode))
		return 1;
	close(*fd);
	*fd = -1;
	return 0;
}

static int add_file(struct hd_volume *vol, const struct name_spec *spec, int dirfd, const char *prefix,
                    const char *name)
{
	struct hd_volume_file *f;
	int fd = -1, rc;

	if (vol->n_files == HD_VOLUME_MAX_FILES)
		return 0;   /* the table holds far fewer names than the cap */
	if (spec->role != HD_ROLE_LOG && (rc = open_file(dirfd, name, &fd)) <= 0)
		return rc;
	f = &vol->files[vol->n_files];
	*f = (struct hd_volume_file){ .role = spec->role, .hive = spec->hive, .fd = fd, .dirfd = -1 };
	if ((f->path = join(prefix, name)) == NULL ||
	    (fd >= 0 && (f->dirfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0)) < 0)) {
		free(f->path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	f->name = f->path + strlen(f->path) - strlen(name);
	vol->n_files++;
	return 0;
}

/* Every file of specs present in dirfd (whose path from DIR is prefix). */
static int scan_names(struct hd_volume *vol, int dirfd, const char *prefix,
                      const struct name_spec *specs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *name = NULL;
		int rc = find_name(dirfd, specs[i].name, 0, &name);

		if (rc > 0)
			rc = add_file(vol, &specs[i], dirfd, prefix, name);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The files of specs in the subdirectory sub of dirfd, if it exists. */
static int scan_subdir(struct hd_volume *vol, int dirfd, const char *prefix, const char *sub,
                       const struct name_spec *specs, size_t n)
{
	char *spelled = NULL, *path = NULL;
	int fd = -1, rc = open_dir(dirfd, sub, &fd, &spelled);

	if (rc > 0) {
		rc = (path = join(prefix, spelled)) == NULL ? -1 : scan_names(vol, fd, path, specs, n);
		close(fd);
	}
	free(path);
	free(spelled);
	return rc < 0 ? -1 : 0;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Why the config folder's SYSTEM entry (ASCII case ignored) is no regular file, or NULL. */
static const char *refused_system(int cfgfd)
{
	int fd = openat(cfgfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	const char *why = NULL;
	struct dirent *ent;
	struct stat st;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (why == NULL && (ent = readdir(d)) != NULL)
		if (strcasecmp(ent->d_name, "SYSTEM") == 0 && fstatat(cfgfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			why = S_ISLNK(st.st_mode) ? "is a symbolic link (never followed under --root)"
			    : S_ISDIR(st.st_mode) ? "is a directory" : !S_ISREG(st.st_mode) ? "is not a regular file"
			    : NULL;
	closedir(d);
	return why;
}

static int scan_config(struct hd_volume *vol, int cfgfd, const char *prefix)
{
	size_t before = vol->n_files;

	if (scan_names(vol, cfgfd, prefix, config_names, COUNT(config_names)) < 0)
		return -1;
	if (before == vol->n_files || vol->files[before].role != HD_ROLE_CURRENT ||
	    strcmp(vol->files[before].hive, "SYSTEM") != 0)
		vol->system_refused = refused_system(cfgfd);
	return scan_subdir(vol, cfgfd, prefix, "RegBack", regback_names, COUNT(regback_names));
}

/* repair/ and repair/RegBack/ of the SystemRoot open on rootfd. */
static int scan_repair(struct hd_volume *vol, int rootfd, const char *prefix)
{
	char *spelled = NULL, *path = NULL;
	int fd = -1, rc = open_dir(rootfd, "repair", &fd, &spelled);

	if (rc > 0) {
		if ((path = join(prefix, spelled)) == NULL ||
		    scan_names(vol, fd, path, repair_names, COUNT(repair_names)) < 0 ||
		    scan_subdir(vol, fd, path, "RegBack", regback_names, COUNT(regback_names)) < 0)
			rc = -1;
		close(fd);
	}
	free(path);
	free(spelled);
	return rc < 0 ? -1 : 0;
}

/*
 * Walk rel ('/'-separated; "" is dirfd itself) below dirfd, each component
 * case-insensitively: 1 with *fd (owned) and *spelled (as on disk), 0
 * absent, -1 error.  "." and ".." are refused: a boot.ini naming
 * "\..\etc" does not lead out of DIR.
 */
static int open_relpath(int dirfd, const char *rel, int *fd, char **spelled)
{
	char *copy = strdup(rel), *path = strdup(""), *save = NULL, *comp, *sp = NULL, *next;
	int cur = dirfd, sub = -1, rc = copy && path ? 1 : -1;

	for (comp = copy ? strtok_r(copy, "/", &save) : NULL; rc > 0 && comp; comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0)
			rc = 0;
		else if ((rc = open_dir(cur, comp, &sub, &sp)) > 0) {
			if (cur != dirfd)
				close(cur);
			cur = sub;
			next = join(path, sp);
			free(path);
			path = next;
			rc = path ? 1 : -1;
		}
		free(sp);
		sp = NULL;
	}
	if (rc > 0 && cur == dirfd && (cur = fcntl(dirfd, F_DUPFD_CLOEXEC, 0)) < 0)
		rc = -1;
	free(copy);
	if (rc <= 0) {
		if (cur != dirfd && cur >= 0)
			close(cur);
		free(path);
		path = NULL;
	}
	*fd = rc > 0 ? cur : -1;
	*spelled = path;
	return rc;
}

struct located {
	int rootfd, cfgfd;      /* owned, -1 when none */
	char *cfgrel;           /* the config folder's path from DIR */
};

/* rel is a SystemRoot when it holds system32/config: 1, 0 not, -1 error. */
static int try_root(struct hd_volume *vol, int dirfd, const char *rel, struct located *loc)
{
	char *root = NULL, *cfg = NULL;
	int rc = open_relpath(dirfd, rel, &loc->rootfd, &root);

	if (rc > 0)
		rc = open_relpath(loc->rootfd, "system32/config", &loc->cfgfd, &cfg);
	if (rc > 0 && (loc->cfgrel = join(root, cfg)) == NULL)
		rc = -1;
	if (rc > 0) {
		vol->systemroot = root;
		root = NULL;
	} else if (loc->rootfd >= 0) {
		close(loc->rootfd);
		loc->rootfd = -1;
	}
	if (rc <= 0 && loc->cfgfd >= 0) {
		close(loc->cfgfd);
		loc->cfgfd = -1;
	}
	free(root);
	free(cfg);
	return rc;
}

/* boot.ini of DIR, at most HD_VOLUME_MAX_BOOTINI bytes: its SystemRoots. */
static int bootini_roots(int dirfd, char *roots[HD_VOLUME_MAX_ROOTS])
{
	char *name = NULL, *text = NULL;
	ssize_t n = 0, got = 0;
	int fd = -1, rc = find_name(dirfd, "boot.ini", 0, &name);

	if (rc <= 0)
		return rc;
	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    (text = malloc(HD_VOLUME_MAX_BOOTINI)) == NULL)
		rc = -1;
	while (rc > 0 && (size_t)got < HD_VOLUME_MAX_BOOTINI &&
	       ((n = read(fd, text + got, HD_VOLUME_MAX_BOOTINI - (size_t)got)) > 0 || (n < 0 && errno == EINTR)))
		got += n > 0 ? n : 0;
	if (rc > 0)
		rc = n < 0 ? -1 : hd_bootini_roots(text, (size_t)got, roots);
	if (fd >= 0)
		close(fd);
	free(text);
	free(name);
	return rc;
}

/* SystemRoots named by boot.ini, then WINNT and Windows: the first that holds system32/config. */
static int try_volume(struct hd_volume *vol, int dirfd, struct located *loc)
{
	char *roots[HD_VOLUME_MAX_ROOTS] = { NULL };
	int n = bootini_roots(dirfd, roots), rc = 0;

	for (int i = 0; i < n && rc == 0; i++)
		if ((rc = try_root(vol, dirfd, roots[i], loc)) > 0)
			vol->from_bootini = 1;
	for (int i = 0; i < n; i++)
		free(roots[i]);
	for (size_t i = 0; i < COUNT(default_roots) && rc == 0; i++)
		rc = try_root(vol, dirfd, default_roots[i], loc);
	return n < 0 ? -1 : rc;
}

/* DIR as a SystemRoot, a volume, or a config folder (it holds SYSTEM or SOFTWARE). */
static int locate(struct hd_volume *vol, int dirfd, struct located *loc)
{
	char *name = NULL;
	int rc;

	if ((rc = try_root(vol, dirfd, "", loc)) != 0) {
		vol->layout = HD_LAYOUT_SYSTEMROOT;
		return rc;
	}
	if ((rc = try_volume(vol, dirfd, loc)) != 0) {
		vol->layout = HD_LAYOUT_VOLUME;
		return rc;
	}
	if ((rc = find_name(dirfd, "SYSTEM", 0, &name)) == 0)
		rc = find_name(dirfd, "SOFTWARE", 0, &name);
	free(name);
	if (rc <= 0)
		return rc;
	vol->layout = HD_LAYOUT_CONFIG;
	vol->systemroot = strdup("");
	loc->cfgrel = strdup("");
	loc->cfgfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	return vol->systemroot && loc->cfgrel && loc->cfgfd >= 0 ? 1 : -1;
}

/* Current first, then by role; SYSTEM before SOFTWARE (they sort backwards:
 * strcmp says "SYSTEM" > "SOFTWARE").  Insertion sort: stable, tiny. */
static void sort_files(struct hd_volume *vol)
{
	for (size_t i = 1; i < vol->n_files; i++) {
		struct hd_volume_file f = vol->files[i];
		size_t j = i;

		for (; j > 0; j--) {
			const struct hd_volume_file *p = &vol->files[j - 1];
			if (p->role < f.role || (p->role == f.role && strcmp(p->hive, f.hive) >= 0))
				break;
			vol->files[j] = *p;
		}
		vol->files[j] = f;
	}
}

int hd_volume_scan(int dirfd, struct hd_volume *vol)
{
	struct located loc = { .rootfd = -1, .cfgfd = -1 };
	int rc, saved;

	memset(vol, 0, sizeof *vol);
	rc = locate(vol, dirfd, &loc);
	if (rc > 0 && scan_config(vol, loc.cfgfd, loc.cfgrel) < 0)
		rc = -1;
	if (rc > 0) {
		vol->config = loc.cfgrel;
		loc.cfgrel = NULL;
	}
	if (rc > 0 && loc.rootfd >= 0 && scan_repair(vol, loc.rootfd, vol->systemroot) < 0)
		rc = -1;
	saved = errno;
	sort_files(vol);
	if (loc.rootfd >= 0)
		close(loc.rootfd);
	if (loc.cfgfd >= 0)
		close(loc.cfgfd);
	free(loc.cfgrel);
	errno = saved;
	return rc;
}

void hd_volume_clear(struct hd_volume *vol)
{
	for (size_t i = 0; i < vol->n_files; i++) {
		free(vol->files[i].path);
		if (vol->files[i].fd >= 0)
			close(vol->files[i].fd);
		if (vol->files[i].dirfd >= 0)
			close(vol->files[i].dirfd);
	}
	free(vol->systemroot);
	free(vol->config);
	memset(vol, 0, sizeof *vol);
}

/* The folder of an ARC path ("multi(0)disk(0)rdisk(0)partition(1)\WINNT"): "WINNT", or NULL. */
static char *arc_folder(const char *s, size_t len)
{
	const char *bs = memchr(s, '\\', len);
	size_t start, end;
	char *out;

	if (bs == NULL || bs == s || bs[-1] != ')')
		return NULL;   /* C:\ and other DOS entries name no SystemRoot */
	start = (size_t)(bs - s) + 1;
	for (end = start; end < len && s[end] != '"' && s[end] != ' ' && s[end] != '\t'; end++)
		;
	while (end > start && s[end - 1] == '\\')
		end--;
	if (end == start || (out = strndup(s + start, end - start)) == NULL)
		return NULL;
	for (char *p = out; *p; p++)
		if (*p == '\\')
			*p = '/';
	return out;
}

/* Keep folder unless an equal one (ASCII case ignored) is stored: n after. */
static int add_root(char *roots[HD_VOLUME_MAX_ROOTS], int n, char *folder)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(roots[i], folder) == 0) {
			free(folder);
			return n;
		}
	if (n == HD_VOLUME_MAX_ROOTS) {
		free(folder);
		return n;
	}
	roots[n] = folder;
	return n + 1;
}

/* One line of boot.ini: the ARC path it names, for default= or an [operating systems] entry. */
static const char *line_arc(const char *line, size_t len, int in_os, size_t *arc_len)
{
	const char *eq = memchr(line, '=', len);

	if (eq == NULL)
		return NULL;
	if (!in_os) {
		if ((size_t)(eq - line) != 7 || strncasecmp(line, "default", 7) != 0)
			return NULL;
		*arc_len = len - (size_t)(eq + 1 - line);
		return eq + 1;
	}
	*arc_len = (size_t)(eq - line);
	return line;
}

int hd_bootini_roots(const char *text, size_t len, char *roots[HD_VOLUME_MAX_ROOTS])
{
	size_t pos = 0, arc_len = 0;
	int n = 0, in_os = 0;

	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos), *arc;
		size_t l = nl ? (size_t)(nl - line) : len - pos;
		char *folder;

		pos += l + (nl != NULL);
		while (l > 0 && (line[l - 1] == '\r' || line[l - 1] == ' ' || line[l - 1] == '\t'))
			l--;
		if (l > 0 && line[0] == '[') {
			in_os = l >= 19 && strncasecmp(line, "[operating systems]", 19) == 0;
			continue;
		}
		errno = 0;
		if ((arc = line_arc(line, l, in_os, &arc_len)) == NULL ||
		    (folder = arc_folder(arc, arc_len)) == NULL) {
			if (errno == ENOMEM)
				goto nomem;
			continue;
		}
		n = add_root(roots, n, folder);
	}
	return n;
nomem:
	for (int i = 0; i < n; i++)
		free(roots[i]);
	return -1;
}
