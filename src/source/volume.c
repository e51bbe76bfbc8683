/*
 * volume.c - find the hives of a Windows installation under --root DIR
 * (see volume.h).  Only names are read here: every folder is listed and
 * every subfolder and file opened through its source backend (source.h),
 * which never follows a link, so nothing outside DIR is ever looked at.
 *
 * Where Windows keeps its copies:
 *   system32/config/SYSTEM, SOFTWARE, their .LOG/.LOG1/.LOG2, SYSTEM.ALT
 *     (NT 4.0 / 2000 mirror), system.sav / software.sav (setup's copies);
 *   repair/system._, software._ (NT 4.0 rdisk, compressed for expand.exe,
 *     KB Q265422), repair/system, software (2000, uncompressed);
 *   repair/RegBack/ (2000's backup), system32/config/RegBack/ (XP and later).
 */
#include "source/volume.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/fdio.h"

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

/*
 * The entry of d of type want whose name equals name without regard to
 * ASCII case: 1 with *found a new string, 0 absent, -1 error.  On a tie (a
 * case-sensitive copy holding "system" and "SYSTEM") the exact spelling
 * wins, then the smaller name, so the choice is reproducible.
 */
static int find_name(struct hd_volume *vol, struct hd_src_dir *d, const char *name, enum hd_src_type want,
                     char **found)
{
	struct hd_src_entry *v = NULL;
	const char *best = NULL;
	size_t n = 0;

	*found = NULL;
	if (hd_src_list(d, &v, &n, &vol->error) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].type == want && strcasecmp(v[i].name, name) == 0 && better_match(v[i].name, best, name))
			best = v[i].name;
	if (best && (*found = strdup(best)) == NULL) {
		hd_src_entries_free(v, n);
		errno = ENOMEM;
		return -1;
	}
	hd_src_entries_free(v, n);
	return best != NULL;
}

/* Open the subfolder matching name: 1 with *sub and *spelled, 0 absent, -1 error. */
static int open_dir(struct hd_volume *vol, struct hd_src_dir *d, const char *name, struct hd_src_dir **sub,
                    char **spelled)
{
	int rc = find_name(vol, d, name, HD_SRC_DIR, spelled);

	*sub = NULL;
	if (rc > 0 && (rc = hd_src_subdir(d, *spelled, sub, &vol->error)) <= 0) {
		free(*spelled);   /* swapped for a link or removed since listed: as if absent */
		*spelled = NULL;
	}
	return rc;
}

/* "a/b" from prefix and name ("" prefix: name alone); NULL on ENOMEM. */
static char *join(const char *prefix, const char *name)
{
	char *s = NULL;

	if (asprintf(&s, "%s%s%s", prefix, prefix[0] ? "/" : "", name) < 0)
		return NULL;
	return s;
}

/* Keep folder d open for the files that name it (vol owns it after), or close it. */
static void keep_dir(struct hd_volume *vol, struct hd_src_dir *d, size_t files_before)
{
	if (vol->n_files > files_before && vol->n_dirs < HD_VOLUME_MAX_DIRS)
		vol->dirs[vol->n_dirs++] = d;
	else
		hd_src_close(d);   /* no file of it kept (the cap is above the folders a scan opens) */
}

/*
 * name of d as the hive it names: opened through the backend, the only
 * open (the analysis reads f->fd, volume.h).  0 also when it is no longer a
 * regular file (swapped since listed), -1 error.
 */
static int add_file(struct hd_volume *vol, const struct name_spec *spec, struct hd_src_dir *d, const char *prefix,
                    const char *name)
{
	struct hd_volume_file *f;
	int rc;

	if (vol->n_files == HD_VOLUME_MAX_FILES)
		return 0;   /* the table holds far fewer names than the cap */
	f = &vol->files[vol->n_files];
	*f = (struct hd_volume_file){ .role = spec->role, .hive = spec->hive, .fd = -1 };
	if (spec->role != HD_ROLE_LOG) {
		if ((rc = hd_src_open_file(d, name, &f->fd, &f->prov, &vol->error)) <= 0)
			return rc;
		f->dir = d;
	}
	if ((f->path = join(prefix, name)) == NULL) {
		if (f->fd >= 0)
			close(f->fd);
		hd_prov_clear(&f->prov);
		return -1;
	}
	f->name = f->path + strlen(f->path) - strlen(name);
	vol->n_files++;
	return 0;
}

/* Every file of specs present in d (whose path from DIR is prefix). */
static int scan_names(struct hd_volume *vol, struct hd_src_dir *d, const char *prefix,
                      const struct name_spec *specs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *name = NULL;
		int rc = find_name(vol, d, specs[i].name, HD_SRC_FILE, &name);

		if (rc > 0)
			rc = add_file(vol, &specs[i], d, prefix, name);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The files of specs in the subfolder sub of d, if it exists. */
static int scan_subdir(struct hd_volume *vol, struct hd_src_dir *d, const char *prefix, const char *sub,
                       const struct name_spec *specs, size_t n)
{
	struct hd_src_dir *s = NULL;
	char *spelled = NULL, *path = NULL;
	size_t before = vol->n_files;
	int rc = open_dir(vol, d, sub, &s, &spelled);

	if (rc > 0) {
		rc = (path = join(prefix, spelled)) == NULL ? -1 : scan_names(vol, s, path, specs, n);
		keep_dir(vol, s, before);
	}
	free(path);
	free(spelled);
	return rc < 0 ? -1 : 0;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Why the config folder's SYSTEM entry (ASCII case ignored) is no regular file, or NULL. */
static const char *refused_system(struct hd_src_dir *cfg)
{
	struct hd_src_entry *v = NULL;
	const char *why = NULL;
	size_t n = 0;

	if (hd_src_list(cfg, &v, &n, NULL) < 0)
		return NULL;
	for (size_t i = 0; i < n && why == NULL; i++)
		if (strcasecmp(v[i].name, "SYSTEM") == 0 && v[i].type != HD_SRC_FILE)
			why = v[i].type == HD_SRC_DIR ? "is a directory" : v[i].other ? v[i].other : "is not a regular file";
	hd_src_entries_free(v, n);
	return why;
}

static int scan_config(struct hd_volume *vol, struct hd_src_dir *cfg, const char *prefix)
{
	size_t before = vol->n_files;

	if (scan_names(vol, cfg, prefix, config_names, COUNT(config_names)) < 0)
		return -1;
	if (before == vol->n_files || vol->files[before].role != HD_ROLE_CURRENT ||
	    strcmp(vol->files[before].hive, "SYSTEM") != 0)
		vol->system_refused = refused_system(cfg);
	return scan_subdir(vol, cfg, prefix, "RegBack", regback_names, COUNT(regback_names));
}

/* repair/ and repair/RegBack/ of the SystemRoot folder sysroot. */
static int scan_repair(struct hd_volume *vol, struct hd_src_dir *sysroot, const char *prefix)
{
	struct hd_src_dir *d = NULL;
	char *spelled = NULL, *path = NULL;
	size_t before = vol->n_files;
	int rc = open_dir(vol, sysroot, "repair", &d, &spelled);

	if (rc > 0) {
		if ((path = join(prefix, spelled)) == NULL ||
		    scan_names(vol, d, path, repair_names, COUNT(repair_names)) < 0 ||
		    scan_subdir(vol, d, path, "RegBack", regback_names, COUNT(regback_names)) < 0)
			rc = -1;
		keep_dir(vol, d, before);
	}
	free(path);
	free(spelled);
	return rc < 0 ? -1 : 0;
}

/* Close d unless it is base (borrowed). */
static void close_unless(struct hd_src_dir *d, const struct hd_src_dir *base)
{
	if (d != NULL && d != base)
		hd_src_close(d);
}

/*
 * Walk rel ('/'-separated; "" is d itself) below d, each component
 * case-insensitively: 1 with *out (d itself for "", else owned) and
 * *spelled (as in the source), 0 absent, -1 error.  "." and ".." are
 * refused: a boot.ini naming "\..\etc" does not lead out of DIR.
 */
static int open_relpath(struct hd_volume *vol, struct hd_src_dir *d, const char *rel, struct hd_src_dir **out,
                        char **spelled)
{
	char *copy = strdup(rel), *path = strdup(""), *save = NULL, *comp, *sp = NULL, *next;
	struct hd_src_dir *cur = d, *sub = NULL;
	int rc = copy && path ? 1 : -1;

	for (comp = copy ? strtok_r(copy, "/", &save) : NULL; rc > 0 && comp; comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0)
			rc = 0;
		else if ((rc = open_dir(vol, cur, comp, &sub, &sp)) > 0) {
			close_unless(cur, d);
			cur = sub;
			next = join(path, sp);
			free(path);
			path = next;
			rc = path ? 1 : -1;
		}
		free(sp);
		sp = NULL;
	}
	free(copy);
	if (rc <= 0) {
		close_unless(cur, d);
		cur = NULL;
		free(path);
		path = NULL;
	}
	*out = cur;
	*spelled = path;
	return rc;
}

struct located {
	struct hd_src_dir *sysroot, *cfg;  /* the root itself, owned, or NULL */
	char *cfgrel;           /* the config folder's path from DIR */
};

/* rel is a SystemRoot when it holds system32/config: 1, 0 not, -1 error. */
static int try_root(struct hd_volume *vol, struct hd_src_dir *d, const char *rel, struct located *loc)
{
	char *root = NULL, *cfg = NULL;
	int rc = open_relpath(vol, d, rel, &loc->sysroot, &root);

	if (rc > 0)
		rc = open_relpath(vol, loc->sysroot, "system32/config", &loc->cfg, &cfg);
	if (rc > 0 && (loc->cfgrel = join(root, cfg)) == NULL)
		rc = -1;
	if (rc > 0) {
		vol->systemroot = root;
		root = NULL;
	} else {
		close_unless(loc->cfg, d);
		close_unless(loc->sysroot, d);
		loc->cfg = loc->sysroot = NULL;
	}
	free(root);
	free(cfg);
	return rc;
}

/* boot.ini of DIR, at most HD_VOLUME_MAX_BOOTINI bytes: its SystemRoots. */
static int bootini_roots(struct hd_volume *vol, struct hd_src_dir *d, char *roots[HD_VOLUME_MAX_ROOTS])
{
	char *name = NULL, *text = NULL;
	ssize_t got = -1;
	int fd = -1, rc = find_name(vol, d, "boot.ini", HD_SRC_FILE, &name);

	if (rc > 0 && (rc = hd_src_open_file(d, name, &fd, NULL, &vol->error)) > 0) {
		if ((text = malloc(HD_VOLUME_MAX_BOOTINI)) != NULL)
			got = hd_pread_full(fd, text, HD_VOLUME_MAX_BOOTINI, 0);
		rc = got < 0 ? -1 : hd_bootini_roots(text, (size_t)got, roots);
		close(fd);
	}
	free(text);
	free(name);
	return rc;
}

/* SystemRoots named by boot.ini, then WINNT and Windows: the first that holds system32/config. */
static int try_volume(struct hd_volume *vol, struct hd_src_dir *d, struct located *loc)
{
	char *roots[HD_VOLUME_MAX_ROOTS] = { NULL };
	int n = bootini_roots(vol, d, roots), rc = 0;

	for (int i = 0; i < n && rc == 0; i++)
		if ((rc = try_root(vol, d, roots[i], loc)) > 0)
			vol->from_bootini = 1;
	for (int i = 0; i < n; i++)
		free(roots[i]);
	for (size_t i = 0; i < COUNT(default_roots) && rc == 0; i++)
		rc = try_root(vol, d, default_roots[i], loc);
	return n < 0 ? -1 : rc;
}

/* DIR as a SystemRoot, a volume, or a config folder (it holds SYSTEM or SOFTWARE). */
static int locate(struct hd_volume *vol, struct hd_src_dir *d, struct located *loc)
{
	char *name = NULL;
	int rc;

	if ((rc = try_root(vol, d, "", loc)) != 0) {
		vol->layout = HD_LAYOUT_SYSTEMROOT;
		return rc;
	}
	if ((rc = try_volume(vol, d, loc)) != 0) {
		vol->layout = HD_LAYOUT_VOLUME;
		return rc;
	}
	if ((rc = find_name(vol, d, "SYSTEM", HD_SRC_FILE, &name)) == 0)
		rc = find_name(vol, d, "SOFTWARE", HD_SRC_FILE, &name);
	free(name);
	if (rc <= 0)
		return rc;
	vol->layout = HD_LAYOUT_CONFIG;
	vol->systemroot = strdup("");
	loc->cfgrel = strdup("");
	loc->cfg = d;
	return vol->systemroot && loc->cfgrel ? 1 : -1;
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

int hd_volume_scan(struct hd_src_dir *root, struct hd_volume *vol)
{
	struct located loc = { NULL, NULL, NULL };
	int rc, saved;

	memset(vol, 0, sizeof *vol);
	rc = locate(vol, root, &loc);
	if (rc > 0 && scan_config(vol, loc.cfg, loc.cfgrel) < 0)
		rc = -1;
	if (rc > 0) {
		vol->config = loc.cfgrel;
		loc.cfgrel = NULL;
	}
	if (rc > 0 && loc.sysroot && scan_repair(vol, loc.sysroot, vol->systemroot) < 0)
		rc = -1;
	saved = errno;
	sort_files(vol);
	if (loc.cfg && loc.cfg != root)
		keep_dir(vol, loc.cfg, 0);      /* its files point at it */
	close_unless(loc.sysroot, root);
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
		hd_prov_clear(&vol->files[i].prov);
	}
	for (size_t i = 0; i < vol->n_dirs; i++)
		hd_src_close(vol->dirs[i]);
	free(vol->systemroot);
	free(vol->config);
	hd_src_error_clear(&vol->error);
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
