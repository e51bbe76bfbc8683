/*
 * pairing.c - the hive of the other kind beside a hive, for -r (see
 * pairing.h).  Only the folder of the hive is read, through its source
 * backend; links are not followed.
 */
#include "source/pairing.h"

#include <errno.h>
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
#include "util/fdio.h"

/* 1 when the last component of a name ("\??\C:\WINNT\System32\Config\SOFTWARE") is want. */
static int names_kind(const char *name, const char *want)
{
	const char *base = strrchr(name, '\\');

	return strcasecmp(base ? base + 1 : name, want) == 0;
}

/* 1 when fd and self_fd are one file (a hard link of self under another name). */
static int same_file(int fd, int self_fd)
{
	struct stat a, b;

	return self_fd >= 0 && fstat(fd, &a) == 0 && fstat(self_fd, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/*
 * 1 with *fdp (owned) when entry of d is a primary hive, not self, whose
 * base block's embedded name or whose file name says want.
 */
static int is_candidate(struct hd_src_dir *d, const char *entry, const char *want, int self_fd, int *fdp)
{
	uint8_t head[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;
	struct stat st;
	ssize_t n;
	int fd = -1, rc = 0;

	*fdp = -1;
	if (hd_src_open_file(d, entry, &fd, NULL, NULL) <= 0)
		return 0;
	if (fstat(fd, &st) == 0 && !same_file(fd, self_fd) && (n = hd_pread_full(fd, head, sizeof head, 0)) > 0) {
		hd_regf_header_parse(head, (size_t)n, (uint64_t)st.st_size, &h);
		rc = h.magic == HD_MAGIC_REGF && h.file_type == 0 &&
		     (names_kind(h.embedded_name, want) || strncasecmp(entry, want, strlen(want)) == 0);
	}
	if (rc)
		*fdp = fd;
	else
		close(fd);
	return rc;
}

int hd_pair_kind_is(const char *path, const char *want, int unsafe)
{
	struct hd_hive *hv = hd_hive_open(path, unsafe ? HD_OPEN_UNSAFE : 0, NULL);
	enum hd_hive_kind kind = HD_KIND_OTHER;
	int rc;

	if (hv == NULL)
		return 0;
	rc = hd_hive_kind(hv, &kind) == HD_FOUND && strcmp(hd_hive_kind_name(kind), want) == 0;
	hd_hive_close(hv);
	return rc;
}

int hd_pair_kind_is_fd(int fd, const char *want, int unsafe)
{
	char name[32];

	snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
	return hd_pair_kind_is(name, want, unsafe);
}

struct candidates {
	char *name[HD_PAIR_MAX_CANDIDATES];
	int fd[HD_PAIR_MAX_CANDIDATES];
	size_t n;
	int too_many;           /* the folder is not one server's */
};

/* The candidates of folder d (new names, open files).  0, or -1 with errno. */
static int list_candidates(struct hd_src_dir *d, const char *self, int self_fd, const char *want,
                           struct candidates *c)
{
	struct hd_src_entry *v = NULL;
	size_t n = 0;
	int rc = 0, fd = -1;

	if (hd_src_list(d, &v, &n, NULL) < 0)
		return -1;
	if (n > HD_PAIR_MAX_ENTRIES)
		c->too_many = 1;
	for (size_t i = 0; i < n && rc == 0 && !c->too_many; i++) {
		if (v[i].type != HD_SRC_FILE || strcmp(v[i].name, self) == 0 ||
		    !is_candidate(d, v[i].name, want, self_fd, &fd))
			continue;
		if (c->n == HD_PAIR_MAX_CANDIDATES) {
			c->too_many = 1;
			close(fd);
		} else if ((c->name[c->n] = strdup(v[i].name)) == NULL) {
			close(fd);
			rc = -1;
		} else
			c->fd[c->n++] = fd;
	}
	hd_src_entries_free(v, n);
	return rc;
}

int hd_pair_sibling_in(struct hd_src_dir *d, const char *self, int self_fd, const char *want, int unsafe,
                       char **sibling)
{
	struct candidates c = { .n = 0 };
	const char *match = NULL;
	size_t found = 0;
	int rc = -1;

	*sibling = NULL;
	if (list_candidates(d, self, self_fd, want, &c) < 0)
		goto out;
	for (size_t i = 0; i < c.n && !c.too_many; i++)
		if (hd_pair_kind_is_fd(c.fd[i], want, unsafe)) {
			found++;
			match = c.name[i];
		}
	rc = 0;
	/* One server, one hive of each kind: with two, which one pairs is not guessed. */
	if (found == 1 && !c.too_many && (*sibling = strdup(match)) == NULL)
		rc = -1;
	else if (*sibling)
		rc = 1;
out:
	for (size_t i = 0; i < c.n; i++) {
		free(c.name[i]);
		close(c.fd[i]);
	}
	return rc;
}

int hd_pair_sibling(const char *path, const char *want, int unsafe, char **sibling)
{
	struct hd_src_dir *d = NULL;
	char *copy = strdup(path), *copy2 = strdup(path), *name = NULL;
	const char *dir = copy ? dirname(copy) : NULL, *base = copy2 ? basename(copy2) : NULL;
	int self_fd = -1, rc = -1;

	*sibling = NULL;
	if (dir == NULL || base == NULL || hd_src_posix_open_path(dir, &d, NULL) < 0)
		goto out;
	/* The file a worker holds open (fdio.h: one open a hive, issue 23), else opened here. */
	if ((self_fd = hd_evidence_dup(path)) < 0 && hd_src_open_file(d, base, &self_fd, NULL, NULL) < 0)
		goto out;
	rc = hd_pair_sibling_in(d, base, self_fd, want, unsafe, &name);
	if (rc == 1 && asprintf(sibling, "%s/%s", dir, name) < 0) {
		*sibling = NULL;
		rc = -1;
	}
out:
	if (self_fd >= 0)
		close(self_fd);
	hd_src_close(d);
	free(name);
	free(copy);
	free(copy2);
	return rc;
}
