/*
 * layout.c - where a hive sits in an archive (fleet.h): its installation
 * folder, its case folder, and the shard a spread run gives it.
 *
 * Support archives keep a folder per customer case, and under it a folder
 * per server (often a copy of %SystemRoot%).  A SYSTEM hive lives in
 * System32\config, its repair copy in repair, a backup in config\RegBack,
 * and the SOFTWARE hive beside it: all of them one installation, which a
 * shard must keep together (issue 23).  Paths use '/' (and '\\', for names
 * taken out of archives written on Windows).
 */
#include "fleet/fleet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_sep(char c)
{
	return c == '/' || c == '\\';
}

/* The length of the directory part of path[0..len) (no trailing separators); 0 when none. */
static size_t dir_len(const char *path, size_t len)
{
	while (len > 0 && !is_sep(path[len - 1]))
		len--;
	while (len > 1 && is_sep(path[len - 1]))
		len--;
	return len;
}

/* 1 when the last component of path[0..len) is word (ASCII case ignored). */
static int last_is(const char *path, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && strncasecmp(path + len - n, word, n) == 0 &&
	       (len == n || is_sep(path[len - n - 1]));
}

static char *dup_len(const char *s, size_t len)
{
	char *r = malloc(len + 1);

	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(r, s, len);
	r[len] = '\0';
	return r;
}

/* Length of the installation folder of path[0..len); 0 for the current directory. */
static size_t installation_len(const char *path, size_t len)
{
	size_t d = dir_len(path, len);

	if (d == 1 && is_sep(path[0]))
		return d;
	/* RegBack sits in System32\config (Windows XP), repair in %SystemRoot%. */
	if (last_is(path, d, "RegBack"))
		d = dir_len(path, d);
	if (last_is(path, d, "config")) {
		d = dir_len(path, d);
		if (last_is(path, d, "System32"))
			d = dir_len(path, d);
	} else if (last_is(path, d, "repair")) {
		d = dir_len(path, d);
	}
	return d;
}

char *hd_fleet_installation(const char *path)
{
	size_t n = installation_len(path, strlen(path));

	return n == 0 ? dup_len(".", 1) : dup_len(path, n);
}

/* root without its trailing separators ("/" stays). */
static size_t root_len(const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && is_sep(root[n - 1]))
		n--;
	return n;
}

char *hd_fleet_case_folder(const char *path, const char *root)
{
	size_t plen = strlen(path), inst, parent;

	if (root != NULL && *root != '\0') {
		size_t r = root_len(root), end;

		if (strncmp(path, root, r) == 0 && (path[r] == '\0' || is_sep(path[r]) || is_sep(root[r - 1]))) {
			size_t start = r;

			while (is_sep(path[start]))
				start++;
			end = start;
			while (path[end] != '\0' && !is_sep(path[end]))
				end++;
			/* A file directly in the root: the root is its case folder. */
			return path[end] == '\0' ? dup_len(root, r) : dup_len(path, end);
		}
	}
	inst = installation_len(path, plen);
	if (inst == 0)
		return dup_len(".", 1);         /* a bare file name: the current directory for both */
	if (inst == 1 && is_sep(path[0]))
		return dup_len(path, 1);
	parent = dir_len(path, inst);
	if (parent == 0)
		return dup_len(".", 1);
	return dup_len(path, parent);
}

unsigned hd_fleet_shard_of(const char *installation, unsigned n)
{
	uint64_t h = 14695981039346656037u;

	for (const char *p = installation; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return n <= 1 ? 0 : (unsigned)(h % n);
}

/* A decimal number 1 .. 1000000 at *s, up to the byte stop; advances *s.  0, or -1. */
static int parse_count(const char **s, char stop, unsigned *out)
{
	unsigned long v = 0;
	const char *p = *s;

	if (*p < '1' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 1000000)
			return -1;
	}
	if (*p != stop)
		return -1;
	*out = (unsigned)v;
	*s = p;
	return 0;
}

int hd_fleet_shard_parse(const char *s, unsigned *k, unsigned *n)
{
	unsigned a, b;

	if (s == NULL || parse_count(&s, '/', &a) < 0)
		return -1;
	s++;
	if (parse_count(&s, '\0', &b) < 0 || a > b)
		return -1;
	*k = a;
	*n = b;
	return 0;
}
