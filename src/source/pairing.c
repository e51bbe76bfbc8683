/*
 * pairing.c - the hive of the other kind beside a hive, for -r (see
 * pairing.h).  Only the folder of the hive is read, through its source
 * backend; links are not followed.
 */
#include "source/pairing.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/hivekind.h"
#include "hive/regf.h"
#include "hive/regf_cells.h"
#include "source/pairindex.h"
#include "util/fdio.h"

/* 1 when the last component of a name ("\??\C:\WINNT\System32\Config\SOFTWARE") is want. */
static int names_kind(const char *name, const char *want)
{
	const char *base = strrchr(name, '\\');

	return strcasecmp(base ? base + 1 : name, want) == 0;
}

/* 1 when st and self are one file (a hard link of self under another name). */
static int same_file(const struct stat *st, const struct stat *self)
{
	return self != NULL && st->st_dev == self->st_dev && st->st_ino == self->st_ino;
}

/* The base block's part of a note: HD_PAIR_PRIMARY and the embedded name's kind. */
static uint32_t head_flags(int fd, const struct stat *st)
{
	uint8_t head[HD_REGF_BASE_BLOCK_SIZE];
	struct hd_regf_header h;
	ssize_t n = hd_pread_full(fd, head, sizeof head, 0);

	if (n <= 0)
		return 0;
	hd_regf_header_parse(head, (size_t)n, (uint64_t)st->st_size, &h);
	if (h.magic != HD_MAGIC_REGF || h.file_type != 0)
		return 0;
	return HD_PAIR_PRIMARY | (names_kind(h.embedded_name, "SYSTEM") ? HD_PAIR_EMB_SYSTEM : 0) |
	       (names_kind(h.embedded_name, "SOFTWARE") ? HD_PAIR_EMB_SOFTWARE : 0);
}

/* Entry of d, by the flags a note would hold, is a candidate of kind want (its base block, or its name). */
static int candidate_flags(uint32_t flags, const char *entry, const char *want)
{
	uint32_t emb = strcmp(want, "SYSTEM") == 0 ? HD_PAIR_EMB_SYSTEM : HD_PAIR_EMB_SOFTWARE;

	return (flags & HD_PAIR_PRIMARY) && ((flags & emb) || strncasecmp(entry, want, strlen(want)) == 0);
}

/*
 * The index's note of entry of d (pairindex.h): 1 with *st and *flags, no
 * file opened; 0 when not known (no index, not a real folder, not noted or
 * changed since).
 */
static int noted(struct hd_src_dir *d, const char *entry, struct stat *st, uint32_t *flags)
{
	int dfd;

	if (!hd_pairindex_active() || (dfd = hd_src_dirfd(d)) < 0)
		return 0;
	return fstatat(dfd, entry, st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st->st_mode) &&
	       hd_pairindex_lookup(st, flags) == 1;
}

/*
 * 1 when entry of d is a primary hive, not self, whose base block's
 * embedded name or whose file name says want: with *kind 1 or 0 when the
 * index knew its kind (no file opened, *fdp -1), else *kind -1 and *fdp
 * the file, open, for hd_pair_kind_is_fd.
 */
static int is_candidate(struct hd_src_dir *d, const char *entry, const char *want, const struct stat *self,
                        int *fdp, int *kind)
{
	struct stat st;
	uint32_t flags;
	int fd = -1, rc = 0;

	*fdp = -1;
	*kind = -1;
	if (noted(d, entry, &st, &flags)) {
		if (same_file(&st, self) || !candidate_flags(flags, entry, want))
			return 0;
		*kind = (flags & (strcmp(want, "SYSTEM") == 0 ? HD_PAIR_SYSTEM : HD_PAIR_SOFTWARE)) != 0;
		return 1;
	}
	if (hd_src_open_file(d, entry, &fd, NULL, NULL) <= 0)
		return 0;
	if (fstat(fd, &st) == 0 && !same_file(&st, self))
		rc = candidate_flags(head_flags(fd, &st), entry, want);
	if (rc)
		*fdp = fd;
	else
		close(fd);
	return rc;
}

/*
 * SYSTEM is told by the cell reader (hive/hivekind.h hd_cells_kind), which
 * the names pass runs on every hive anyway; SOFTWARE by hivex, as the
 * analysis that reads it will (a SOFTWARE hive hivex refuses is not
 * paired, and its own analysis reports why).  The file is mapped, not
 * read: only the root's cells are touched.
 */
static int cells_kind(int fd, enum hd_hive_kind *kind)
{
	struct stat st;
	void *map;
	int rc;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < HD_REGF_BASE_BLOCK_SIZE ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return HD_ERROR;
	if ((map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		return HD_ERROR;
	rc = hd_cells_kind(&(struct hd_cells){ .data = map, .len = (size_t)st.st_size }, kind);
	munmap(map, (size_t)st.st_size);
	return rc;
}

static int cells_kind_is(int fd, enum hd_hive_kind want)
{
	enum hd_hive_kind kind;

	return cells_kind(fd, &kind) == HD_FOUND && kind == want;
}

int hd_pair_kind_is(const char *path, const char *want, int unsafe)
{
	struct hd_hive *hv;
	enum hd_hive_kind kind = HD_KIND_OTHER;
	int rc, fd;

	if (strcmp(want, "SYSTEM") == 0) {
		if ((fd = hd_open_evidence(path, 0)) < 0)
			return 0;
		rc = cells_kind_is(fd, HD_KIND_SYSTEM);
		close(fd);
		return rc;
	}
	if ((hv = hd_hive_open(path, unsafe ? HD_OPEN_UNSAFE : 0, NULL)) == NULL)
		return 0;
	rc = hd_hive_kind(hv, &kind) == HD_FOUND && strcmp(hd_hive_kind_name(kind), want) == 0;
	hd_hive_close(hv);
	return rc;
}

int hd_pair_kind_is_fd(int fd, const char *want, int unsafe)
{
	char name[32];

	if (strcmp(want, "SYSTEM") == 0)
		return cells_kind_is(fd, HD_KIND_SYSTEM);
	snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
	return hd_pair_kind_is(name, want, unsafe);
}

uint32_t hd_pair_flags_fd(int fd, int unsafe)
{
	struct stat st;
	enum hd_hive_kind kind = HD_KIND_OTHER;
	uint32_t flags;
	int read;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	flags = HD_PAIR_KNOWN | head_flags(fd, &st);
	if (!(flags & HD_PAIR_PRIMARY))
		return flags;
	read = cells_kind(fd, &kind) == HD_FOUND;
	if (read && kind == HD_KIND_SYSTEM)
		flags |= HD_PAIR_SYSTEM;
	/* hivex reads the same root subkey list (test_hivekind.c checks the two
	 * agree): a root the cell reader read as no SOFTWARE hive is none for
	 * hivex either, so hivex is asked only when it read SOFTWARE, or nothing. */
	else if ((!read || kind == HD_KIND_SOFTWARE) && hd_pair_kind_is_fd(fd, "SOFTWARE", unsafe))
		flags |= HD_PAIR_SOFTWARE;
	return flags;
}

struct candidates {
	char *name[HD_PAIR_MAX_CANDIDATES];
	int fd[HD_PAIR_MAX_CANDIDATES];
	int kind[HD_PAIR_MAX_CANDIDATES];       /* known from the index: 1 or 0; -1: ask fd */
	size_t n;
	int too_many;           /* the folder is not one server's */
};

/* The candidates of folder d (new names; open files, or kinds the index knew).  0, or -1 with errno. */
static int list_candidates(struct hd_src_dir *d, const char *self, const struct stat *self_st, const char *want,
                           struct candidates *c)
{
	struct hd_src_entry *v = NULL;
	size_t n = 0;
	int rc = 0, fd = -1, kind = -1;

	if (hd_src_list(d, &v, &n, NULL) < 0)
		return -1;
	if (n > HD_PAIR_MAX_ENTRIES)
		c->too_many = 1;
	for (size_t i = 0; i < n && rc == 0 && !c->too_many; i++) {
		if (v[i].type != HD_SRC_FILE || strcmp(v[i].name, self) == 0 ||
		    !is_candidate(d, v[i].name, want, self_st, &fd, &kind))
			continue;
		if (c->n == HD_PAIR_MAX_CANDIDATES) {
			c->too_many = 1;
			if (fd >= 0)
				close(fd);
		} else if ((c->name[c->n] = strdup(v[i].name)) == NULL) {
			if (fd >= 0)
				close(fd);
			rc = -1;
		} else {
			c->fd[c->n] = fd;
			c->kind[c->n++] = kind;
		}
	}
	hd_src_entries_free(v, n);
	return rc;
}

static int sibling_in(struct hd_src_dir *d, const char *self, const struct stat *self_st, const char *want,
                      int unsafe, char **sibling)
{
	struct candidates c = { .n = 0 };
	const char *match = NULL;
	size_t found = 0;
	int rc = -1;

	*sibling = NULL;
	if (list_candidates(d, self, self_st, want, &c) < 0)
		goto out;
	for (size_t i = 0; i < c.n && !c.too_many; i++)
		if (c.kind[i] >= 0 ? c.kind[i] : hd_pair_kind_is_fd(c.fd[i], want, unsafe)) {
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
		if (c.fd[i] >= 0)
			close(c.fd[i]);
	}
	return rc;
}

int hd_pair_sibling_in(struct hd_src_dir *d, const char *self, int self_fd, const char *want, int unsafe,
                       char **sibling)
{
	struct stat st;

	return sibling_in(d, self, self_fd >= 0 && fstat(self_fd, &st) == 0 ? &st : NULL, want, unsafe, sibling);
}

/*
 * Candidate i of c (a SYSTEM hive of folder d) reads self: its own search
 * for the SOFTWARE hive, as its analysis makes it, finds self.  1, 0, or
 * -1 with errno.
 */
static int reads_self(struct hd_src_dir *d, const struct candidates *c, size_t i, const char *self, int unsafe)
{
	struct stat st;
	char *sw = NULL;
	int rc;

	if (fstatat(hd_src_dirfd(d), c->name[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	rc = sibling_in(d, c->name[i], &st, "SOFTWARE", unsafe, &sw);
	rc = rc == 1 ? strcmp(sw, self) == 0 : rc;
	free(sw);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "DIR/A, DIR/B": the n names, sorted (the listing's order is the file system's). New string, or NULL. */
static char *join_paths(const char *dir, char **name, size_t n)
{
	char *all = NULL, *more;

	qsort(name, n, sizeof *name, by_name);
	for (size_t i = 0; i < n; i++) {
		int rc = asprintf(&more, "%s%s%s/%s", all ? all : "", all ? ", " : "", dir, name[i]);

		free(all);
		if (rc < 0)
			return NULL;
		all = more;
	}
	return all;
}

/* The SYSTEM hives of folder d (at dir) that read the SOFTWARE hive self (see hd_pair_readers). */
static int readers_in(struct hd_src_dir *d, const char *dir, const char *self, const struct stat *self_st,
                      int unsafe, char **systems, size_t *n)
{
	struct candidates c = { .n = 0 };
	char *reader[HD_PAIR_MAX_CANDIDATES];
	int rc = -1, reads = 0;

	if (list_candidates(d, self, self_st, "SYSTEM", &c) < 0)
		goto out;
	for (size_t i = 0; i < c.n && !c.too_many && reads >= 0; i++) {
		if (!(c.kind[i] >= 0 ? c.kind[i] : hd_pair_kind_is_fd(c.fd[i], "SYSTEM", unsafe)))
			continue;
		if ((reads = reads_self(d, &c, i, self, unsafe)) > 0)
			reader[(*n)++] = c.name[i];
	}
	if (reads < 0)
		goto out;
	rc = 0;
	if (*n > 0)
		rc = (*systems = join_paths(dir, reader, *n)) == NULL ? -1 : 1;
out:
	for (size_t i = 0; i < c.n; i++) {
		free(c.name[i]);
		if (c.fd[i] >= 0)
			close(c.fd[i]);
	}
	return rc;
}

/* The folder of a hive given by path, opened, and which file in it the hive is. */
struct beside {
	struct hd_src_dir *d;
	char *dir_copy, *base_copy;
	const char *dir, *base;
	struct stat self;
};

static void beside_close(struct beside *b)
{
	hd_src_close(b->d);
	free(b->dir_copy);
	free(b->base_copy);
}

/* 0, or -1 with errno (b is then closed). */
static int beside_open(const char *path, struct beside *b)
{
	int self_fd, rc;

	memset(b, 0, sizeof *b);
	b->dir_copy = strdup(path);
	b->base_copy = strdup(path);
	b->dir = b->dir_copy ? dirname(b->dir_copy) : NULL;
	b->base = b->base_copy ? basename(b->base_copy) : NULL;
	if (b->dir == NULL || b->base == NULL || hd_src_posix_open_path(b->dir, &b->d, NULL) < 0) {
		beside_close(b);
		return -1;
	}
	/* Which file self is: the one a worker holds open (fdio.h: one open a
	 * hive, issue 23), else what its name leads to, told without opening it. */
	if ((self_fd = hd_evidence_dup(path)) >= 0) {
		rc = fstat(self_fd, &b->self);
		close(self_fd);
	} else {
		rc = fstatat(hd_src_dirfd(b->d), b->base, &b->self, 0);
	}
	if (rc < 0)
		beside_close(b);
	return rc < 0 ? -1 : 0;
}

int hd_pair_readers(const char *path, int unsafe, char **systems, size_t *n)
{
	struct beside b;
	int rc;

	*systems = NULL;
	*n = 0;
	if (beside_open(path, &b) < 0)
		return -1;
	rc = readers_in(b.d, b.dir, b.base, &b.self, unsafe, systems, n);
	if (rc != 1) {
		free(*systems);
		*systems = NULL;
		*n = 0;
	}
	beside_close(&b);
	return rc;
}

int hd_pair_sibling(const char *path, const char *want, int unsafe, char **sibling)
{
	struct beside b;
	char *name = NULL;
	int rc;

	*sibling = NULL;
	if (beside_open(path, &b) < 0)
		return -1;
	rc = sibling_in(b.d, b.base, &b.self, want, unsafe, &name);
	if (rc == 1 && asprintf(sibling, "%s/%s", b.dir, name) < 0) {
		*sibling = NULL;
		rc = -1;
	}
	free(name);
	beside_close(&b);
	return rc;
}
