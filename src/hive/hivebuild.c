/*
 * hivebuild.c - grow a blank hive into a sample (mkhive) or into the hive a
 * registry export describes (source/export.c) with hivex's write API.
 *
 * The one writer of the hive stage besides nothing: hive.c, which the
 * analysis reads through, opens read-only by design; a hive written here is
 * a new file or a private memfd, never the evidence.
 *
 * Byte stability comes from hivex itself: a new key inherits its parent's
 * time (lib/write.c, hivex_node_add_child), so every key gets the root's
 * fixed time, and hivex_commit leaves the base block's time alone.
 *
 * A key with a !time= line gets its own time, which hivex cannot set: it
 * has no API for a node's timestamp.  A hive_node_h is the file offset of
 * the key's nk cell (hivex lib/node.c reads h->addr + node), and
 * hivex_commit writes the in-memory image unchanged, so after the commit
 * the 8-byte FILETIME at cell offset 8 (cell size 4, "nk" 2, flags 2) is
 * patched in the file, once the "nk" signature there is checked.  No hbin
 * checksum covers it (only the base block has one).
 */
#include "hive/hivebuild.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/blankhive.h"
#include "hive/regtext_index.h"
#include "util/textutil.h"

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write the blank hive to fd, give it mode 0666 less umask, close fd. */
static int fill_blank(int fd, const uint8_t *blank)
{
	mode_t mask = umask(0);
	int rc = -1, err;

	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, blank, HD_BLANK_HIVE_SIZE) == 0)
		rc = 0;
	err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	errno = err;
	return rc;
}

/*
 * The node at path below the root, adding missing keys on the way.
 * hivex_node_get_child returns 0 both for "no such child" and on error,
 * so errno is cleared first and read after.  It folds ASCII case only:
 * the parser merges sections with equal paths by Windows' rules, but
 * [Ü\A] and [ü\B] would still give twin keys Ü and ü.  No sample needs
 * that, and hive.c's Unicode lookup works on a read-only handle.
 */
hive_node_h hd_hivebuild_ensure_key(hive_h *h, const char *path)
{
	char *copy = strdup(path), *name, *save = NULL;
	hive_node_h node = hivex_root(h), child = 0;

	if (copy == NULL)
		return 0;
	for (name = strtok_r(copy, "\\", &save); name && node; name = strtok_r(NULL, "\\", &save)) {
		errno = 0;
		child = hivex_node_get_child(h, node, name);
		if (child == 0 && errno == 0)
			child = hivex_node_add_child(h, node, name);
		node = child;
	}
	free(copy);
	return node;
}

static int set_values(hive_h *h, hive_node_h node, const struct hd_regtext_key *k)
{
	static char no_data[1];         /* hivex copies len bytes: never hand it NULL */
	hive_set_value *set = calloc(k->n_values, sizeof *set);
	int rc;

	if (set == NULL)
		return -1;
	for (size_t i = 0; i < k->n_values; i++) {
		set[i].key = k->values[i].name;
		set[i].t = (hive_type)k->values[i].type;
		set[i].len = k->values[i].len;
		set[i].value = k->values[i].data ? (char *)k->values[i].data : no_data;
	}
	rc = hivex_node_set_values(h, node, k->n_values, set, 0);
	free(set);
	return rc;
}

/* Offset of the last-write time inside an nk cell (regf spec, "Key node"). */
#define NK_TIME_OFFSET 8

/* Write each key's !time= FILETIME over its nk cell's time, in the file at fd. */
static int patch_times(int fd, const struct hd_regtext *doc, const hive_node_h *nodes,
                       struct hd_hivebuild_failure *fail)
{
	for (size_t i = 0; i < doc->n_keys; i++) {
		uint8_t sig[2], t[8];
		uint64_t ft = doc->keys[i].time;

		if (doc->keys[i].time_line == 0)
			continue;
		fail->key = &doc->keys[i];
		fail->what = "cannot set the key's time";
		if (pread(fd, sig, 2, (off_t)nodes[i] + 4) != 2)
			return -1;
		if (memcmp(sig, "nk", 2) != 0) {
			errno = EPROTO;         /* hivex's node handles are no longer offsets */
			return -1;
		}
		for (int b = 0; b < 8; b++)
			t[b] = (uint8_t)(ft >> (8 * b));
		if (pwrite(fd, t, 8, (off_t)nodes[i] + NK_TIME_OFFSET) != 8)
			return -1;
	}
	fail->key = NULL;
	return 0;
}

static int set_times(const char *path, const struct hd_regtext *doc, const hive_node_h *nodes,
                     struct hd_hivebuild_failure *fail)
{
	int fd = open(path, O_RDWR | O_CLOEXEC), rc, err;

	if (fd < 0) {
		fail->what = "cannot reopen the hive to set key times";
		return -1;
	}
	rc = patch_times(fd, doc, nodes, fail);
	err = errno;
	if (close(fd) != 0 && rc == 0) {
		fail->what = "cannot write the hive";
		return -1;
	}
	errno = err;
	return rc;
}

/*
 * The keys made so far in a hive grown from blank, by path below the root:
 * a key is found or made from its known parent without hivex's child
 * lookup, which converts and compares the name of every sibling (a
 * whole-SYSTEM export of 60,000 keys spent most of 4 s of CPU there).
 * Paths compare as the parser merges sections (hd_name_equal).
 */
struct made_key {
	char *path;
	hive_node_h node;
};

struct node_map {
	struct hd_name_index ix;
	struct made_key *v;
	size_t n, cap;
};

struct map_probe {
	const struct node_map *map;
	const char *path;
};

static int same_path(void *ctx, size_t id)
{
	const struct map_probe *pr = ctx;

	return hd_name_equal(pr->map->v[id].path, pr->path);
}

/* The node of prefix (known: 1), or a place for it (0, *id the new slot); -1 ENOMEM. */
static int map_find(struct node_map *m, const char *prefix, size_t *id)
{
	struct map_probe pr = { m, prefix };
	struct made_key *v;
	uint64_t hash;
	int found;

	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		v = realloc(m->v, m->cap * sizeof *v);
		if (v == NULL)
			return -1;
		m->v = v;
	}
	if (hd_name_hash(prefix, SIZE_MAX, &hash) != 0 ||
	    (found = hd_name_index_find_or_add(&m->ix, hash, same_path, &pr, m->n, id)) < 0)
		return -1;
	return found;
}

static void map_clear(struct node_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	hd_name_index_clear(&m->ix);
}

/* hd_hivebuild_ensure_key for a hive every key of which was made through m. */
static hive_node_h ensure_made(hive_h *h, struct node_map *m, const char *path)
{
	char *copy = strdup(path);
	hive_node_h node = hivex_root(h);
	size_t start = 0, end, id;
	int found;

	for (end = 0; copy != NULL && node != 0 && copy[start] != '\0'; start = end + 1) {
		end = start + strcspn(copy + start, "\\");
		copy[end] = '\0';
		if ((found = map_find(m, copy, &id)) < 0) {
			node = 0;
		} else if (found) {
			node = m->v[id].node;
		} else if ((node = hivex_node_add_child(h, node, copy + start)) != 0) {
			m->v[m->n].path = strdup(copy);
			m->v[m->n].node = node;
			node = m->v[m->n].path ? node : 0;
			m->n += m->v[m->n].path != NULL;
		}
		if (path[end] == '\0')
			break;
		copy[end] = '\\';
	}
	free(copy);
	return copy == NULL ? 0 : node;
}

/* Each key of doc and its values; made: the hive was blank (keys made here are tracked in a map). */
static int write_keys(hive_h *h, const struct hd_regtext *doc, hive_node_h *nodes, int made,
                      struct hd_hivebuild_failure *fail)
{
	struct node_map map = { 0 };
	int rc = -1;

	for (size_t i = 0; i < doc->n_keys; i++) {
		fail->key = &doc->keys[i];
		nodes[i] = made ? ensure_made(h, &map, doc->keys[i].path) : hd_hivebuild_ensure_key(h, doc->keys[i].path);
		if (nodes[i] == 0) {
			fail->what = "cannot add the key";
			goto done;
		}
		if (doc->keys[i].n_values > 0 && set_values(h, nodes[i], &doc->keys[i]) != 0) {
			fail->what = "cannot set the values";
			goto done;
		}
	}
	fail->key = NULL;
	rc = 0;
done:
	map_clear(&map);
	return rc;
}

/* The blank hive at path gets doc's keys (nodes: their handles), written
 * by hivex and committed in place (a temporary file, or a memfd's
 * /proc/self/fd path).  0, or -1 with fail set. */
static int fill_keys(const char *path, const struct hd_regtext *doc, hive_node_h *nodes,
                     struct hd_hivebuild_failure *fail)
{
	hive_h *h;
	int rc = -1;

	fail->what = "hivex cannot open the blank hive";
	if ((h = hivex_open(path, HIVEX_OPEN_WRITE)) == NULL)
		return -1;
	if (write_keys(h, doc, nodes, 1, fail) == 0) {
		fail->what = "cannot write the hive";
		rc = hivex_commit(h, NULL, 0) == 0 ? 0 : -1;
	}
	hivex_close(h);
	return rc;
}

int hd_hivebuild_add_keys(hive_h *h, const struct hd_regtext *doc, struct hd_hivebuild_failure *fail)
{
	hive_node_h *nodes = calloc(doc->n_keys + 1, sizeof *nodes);
	int rc;

	fail->what = "out of memory";
	if (nodes == NULL)
		return -1;
	rc = write_keys(h, doc, nodes, 0, fail);
	free(nodes);
	return rc;
}

int hd_hivebuild_write(const struct hd_regtext *doc, const char *out_path, const char *name,
                       struct hd_hivebuild_failure *fail)
{
	uint8_t blank[HD_BLANK_HIVE_SIZE];
	hive_node_h *nodes = calloc(doc->n_keys + 1, sizeof *nodes);
	char *tmp = NULL;
	int fd, rc = -1, created = 0, err;

	fail->key = NULL;
	fail->what = "out of memory";
	if (nodes == NULL)
		goto done;
	fail->what = "the base block name must be 1 to 31 printable ASCII characters";
	if (hd_blank_hive(blank, name, HD_MKHIVE_FILETIME) != 0)
		goto done;
	fail->what = "cannot create a temporary file";
	if (asprintf(&tmp, "%s.XXXXXX", out_path) < 0) {
		tmp = NULL;
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	created = 1;
	if (fill_blank(fd, blank) != 0)
		goto done;
	if (fill_keys(tmp, doc, nodes, fail) != 0)
		goto done;
	if (set_times(tmp, doc, nodes, fail) != 0)
		goto done;
	fail->what = "cannot write the hive";
	if (rename(tmp, out_path) != 0)
		goto done;
	created = 0;
	rc = 0;
done:
	err = errno;
	if (created)
		unlink(tmp);
	free(tmp);
	free(nodes);
	errno = err;
	return rc;
}

/* The memfd holding blank, and its "/proc/self/fd/N" name for hivex. */
static int blank_memfd(const uint8_t *blank, char *path, size_t path_len)
{
	int fd = memfd_create("hivediag-export", MFD_CLOEXEC | MFD_ALLOW_SEALING), err;

	if (fd < 0)
		return -1;
	if (write_all(fd, blank, HD_BLANK_HIVE_SIZE) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	snprintf(path, path_len, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * hivex commits by opening its file name again (O_TRUNC) and writing the
 * image: "/proc/self/fd/N" reopens the memfd itself.  The seals then make
 * the hive as unchangeable as a file opened read-only.
 */
int hd_hivebuild_memfd(const struct hd_regtext *doc, const char *name, int *fd,
                       struct hd_hivebuild_failure *fail)
{
	uint8_t blank[HD_BLANK_HIVE_SIZE];
	char path[32];
	hive_node_h *nodes = calloc(doc->n_keys + 1, sizeof *nodes);
	int mfd = -1, rc = -1, err;

	*fd = -1;
	fail->key = NULL;
	fail->what = "out of memory";
	if (nodes == NULL)
		goto done;
	fail->what = "the base block name must be 1 to 31 printable ASCII characters";
	if (hd_blank_hive(blank, name, 0) != 0)
		goto done;
	fail->what = "cannot create a memory file";
	if ((mfd = blank_memfd(blank, path, sizeof path)) < 0)
		goto done;
	if (fill_keys(path, doc, nodes, fail) != 0)
		goto done;
	fail->what = "cannot seal the memory file";
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
		goto done;
	*fd = mfd;
	mfd = -1;
	rc = 0;
done:
	err = errno;
	if (mfd >= 0)
		close(mfd);
	free(nodes);
	errno = err;
	return rc;
}
