/*
 * graft.c - add a sample's Exchange service keys to a copy of a real hive
 * (see graft.h).  A tool, like hivebuild.c: it writes with hivex; the
 * analyzer itself never does.
 */
#include "tools/graft.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copy the file at from to the new file to (mode 0666 less umask). */
static int copy_file(const char *from, int to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), rc = -1, err;
	ssize_t n;

	if (in < 0)
		return -1;
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(to, buf + off, (size_t)(n - off));

			if (w < 0 && errno != EINTR)
				goto out;
			off += w > 0 ? w : 0;
		}
	}
	rc = n < 0 ? -1 : 0;
out:
	err = errno;
	close(in);
	errno = err;
	return rc;
}

/* Select\Current of the hive, or 0 when it has none. */
static unsigned current_control_set(hive_h *h)
{
	hive_node_h select;
	hive_value_h v;
	int32_t n;

	errno = 0;
	select = hivex_node_get_child(h, hivex_root(h), "Select");
	if (select == 0)
		return 0;
	v = hivex_node_get_value(h, select, "Current");
	if (v == 0)
		return 0;
	n = hivex_value_dword(h, v);
	return n > 0 && n < 1000 ? (unsigned)n : 0;
}

/*
 * The part of a sample path after "ControlSetNNN\" when it is below
 * Services\MSExchange*, else NULL.
 */
static const char *exchange_part(const char *path)
{
	const char *rest = strchr(path, '\\');

	if (strncasecmp(path, "ControlSet", 10) != 0 || rest == NULL)
		return NULL;
	rest++;
	if (strncasecmp(rest, "Services\\MSExchange", 19) != 0)
		return NULL;
	return rest;
}

/* doc's Exchange service keys with their paths moved into ControlSet<set>. */
static int select_keys(const struct hd_regtext *doc, unsigned set, struct hd_regtext *out)
{
	out->keys = calloc(doc->n_keys + 1, sizeof *out->keys);
	if (out->keys == NULL)
		return -1;
	for (size_t i = 0; i < doc->n_keys; i++) {
		const char *rest = exchange_part(doc->keys[i].path);
		struct hd_regtext_key *k = &out->keys[out->n_keys];

		if (rest == NULL)
			continue;
		*k = doc->keys[i];
		if (asprintf(&k->path, "ControlSet%03u\\%s", set, rest) < 0) {
			k->path = NULL;
			return -1;
		}
		out->n_keys++;
	}
	return 0;
}

static void free_selected(struct hd_regtext *sel)
{
	for (size_t i = 0; i < sel->n_keys; i++)
		free(sel->keys[i].path);
	free(sel->keys);
}

/* Delete ControlSet<set>\<rel>; the key must exist. */
static int remove_key(hive_h *h, unsigned set, const char *rel)
{
	char *path = NULL;
	hive_node_h node = 0, root = hivex_root(h);
	int rc = -1;

	if (asprintf(&path, "ControlSet%03u\\%s", set, rel) < 0)
		return -1;
	node = root;
	for (char *save = NULL, *name = strtok_r(path, "\\", &save); name && node;
	     name = strtok_r(NULL, "\\", &save)) {
		errno = 0;
		node = hivex_node_get_child(h, node, name);
		if (node == 0 && errno == 0)
			errno = ENOENT;
	}
	if (node != 0 && node != root)
		rc = hivex_node_delete_child(h, node);
	free(path);
	return rc;
}

/* Graft onto the open copy h: add the keys, then remove what was asked. */
static int graft_into(hive_h *h, const struct hd_regtext *doc, const char *const *remove,
                      size_t n_remove, struct hd_hivebuild_failure *fail)
{
	struct hd_regtext sel = { 0 };
	unsigned set = current_control_set(h);
	int rc = -1;

	fail->what = "the base hive has no Select\\Current";
	if (set == 0) {
		errno = EINVAL;
		return -1;
	}
	fail->what = "out of memory";
	if (select_keys(doc, set, &sel) == 0 && hd_hivebuild_add_keys(h, &sel, fail) == 0) {
		rc = 0;
		fail->key = NULL;
		fail->what = "cannot delete a key given with -x";
		for (size_t i = 0; i < n_remove && rc == 0; i++)
			rc = remove_key(h, set, remove[i]);
	}
	free_selected(&sel);
	return rc;
}

int hd_graft_write(const struct hd_regtext *doc, const char *base_path, const char *out_path,
                   const char *const *remove, size_t n_remove,
                   struct hd_hivebuild_failure *fail)
{
	char *tmp = NULL;
	hive_h *h = NULL;
	int fd = -1, rc = -1, created = 0, err;

	fail->key = NULL;
	fail->what = "cannot create a temporary file";
	if (asprintf(&tmp, "%s.XXXXXX", out_path) < 0) {
		tmp = NULL;
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	created = 1;
	fail->what = "cannot copy the base hive";
	if (fchmod(fd, 0644) != 0 || copy_file(base_path, fd) != 0)
		goto done;
	err = close(fd);
	fd = -1;
	if (err != 0)
		goto done;
	fail->what = "hivex cannot open the copy of the base hive";
	h = hivex_open(tmp, HIVEX_OPEN_WRITE);
	if (h == NULL || graft_into(h, doc, remove, n_remove, fail) != 0)
		goto done;
	fail->what = "cannot write the hive";
	if (hivex_commit(h, NULL, 0) != 0 || rename(tmp, out_path) != 0)
		goto done;
	created = 0;
	rc = 0;
done:
	err = errno;
	if (fd >= 0)
		close(fd);
	if (h != NULL)
		hivex_close(h);
	if (created)
		unlink(tmp);
	free(tmp);
	errno = err;
	return rc;
}
