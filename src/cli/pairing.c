/*
 * pairing.c - the hive of the other kind beside a hive, for -r (see
 * pairing.h).  Only the folder of the hive is read; links are not followed.
 */
#include "cli/pairing.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/hivekind.h"
#include "hive/regf.h"

/* 1 when the last component of a name ("\??\C:\WINNT\System32\Config\SOFTWARE") is want. */
static int names_kind(const char *name, const char *want)
{
	const char *base = strrchr(name, '\\');

	return strcasecmp(base ? base + 1 : name, want) == 0;
}

/*
 * 1 when entry of dirfd is a primary hive, not self, whose base block's
 * embedded name or whose file name says want.  Read-only, no link followed.
 */
static int is_candidate(int dirfd, const char *entry, const char *want, const struct stat *self)
{
	uint8_t head[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;
	struct stat st;
	ssize_t n;
	int fd = openat(dirfd, entry, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_dev != self->st_dev || st.st_ino != self->st_ino) &&
	    (n = pread(fd, head, sizeof head, 0)) > 0) {
		hd_regf_header_parse(head, (size_t)n, (uint64_t)st.st_size, &h);
		rc = h.magic == HD_MAGIC_REGF && h.file_type == 0 &&
		     (names_kind(h.embedded_name, want) || strncasecmp(entry, want, strlen(want)) == 0);
	}
	close(fd);
	return rc;
}

int hd_pair_kind_is(const char *path, const char *want, const struct hd_options *opts)
{
	struct hd_hive *hv = hd_hive_open(path, opts->unsafe ? HD_OPEN_UNSAFE : 0, NULL);
	enum hd_hive_kind kind = HD_KIND_OTHER;
	int rc;

	if (hv == NULL)
		return 0;
	rc = hd_hive_kind(hv, &kind) == HD_FOUND && strcmp(hd_hive_kind_name(kind), want) == 0;
	hd_hive_close(hv);
	return rc;
}

struct candidates {
	char *v[HD_PAIR_MAX_CANDIDATES];
	size_t n;
	int too_many;           /* the folder is not one server's */
};

/* The candidates of folder dir (new paths).  0, or -1 with errno. */
static int list_candidates(const char *dir, const char *want, const struct stat *self, struct candidates *c)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	size_t entries = 0;
	int rc = 0;

	if (d == NULL)
		return -1;
	while (rc == 0 && !c->too_many && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		if (++entries > HD_PAIR_MAX_ENTRIES)
			c->too_many = 1;
		else if (!is_candidate(dirfd(d), ent->d_name, want, self))
			continue;
		else if (c->n == HD_PAIR_MAX_CANDIDATES)
			c->too_many = 1;
		else if (asprintf(&c->v[c->n], "%s/%s", dir, ent->d_name) < 0)
			rc = -1;
		else
			c->n++;
	}
	closedir(d);
	return rc;
}

int hd_pair_sibling(const char *path, const char *want, const struct hd_options *opts, char **sibling)
{
	struct candidates c = { .n = 0 };
	struct stat self;
	char *copy = strdup(path);
	const char *match = NULL;
	size_t found = 0;
	int rc = -1;

	*sibling = NULL;
	if (copy == NULL || stat(path, &self) < 0 || list_candidates(dirname(copy), want, &self, &c) < 0)
		goto out;
	for (size_t i = 0; i < c.n && !c.too_many; i++)
		if (hd_pair_kind_is(c.v[i], want, opts)) {
			found++;
			match = c.v[i];
		}
	rc = 0;
	/* One server, one hive of each kind: with two, which one pairs is not guessed. */
	if (found == 1 && !c.too_many && (*sibling = strdup(match)) == NULL)
		rc = -1;
	else if (*sibling)
		rc = 1;
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i]);
	free(copy);
	return rc;
}
