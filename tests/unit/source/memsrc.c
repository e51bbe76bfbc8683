/* memsrc.c - the in-memory source backend of the tests (memsrc.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memsrc.h"

unsigned memsrc_opens;

struct memdir {
	struct hd_src_dir base;
	const struct memsrc_node *node;
};

static const struct hd_src_ops mem_ops;

static const struct memsrc_node *child(const struct hd_src_dir *d, const char *name, enum hd_src_type type)
{
	const struct memsrc_node *node = ((const struct memdir *)d)->node;

	for (size_t i = 0; i < node->n_children; i++)
		if (strcmp(node->children[i].name, name) == 0 && node->children[i].type == type)
			return &node->children[i];
	return NULL;
}

static int mem_list(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e)
{
	const struct memsrc_node *node = ((struct memdir *)d)->node;

	(void)e;
	*entries = calloc(node->n_children + 1, sizeof **entries);
	if (*entries == NULL)
		return -1;
	for (size_t i = 0; i < node->n_children; i++) {
		const struct memsrc_node *c = &node->children[i];

		(*entries)[i] = (struct hd_src_entry){ strdup(c->name), c->type, c->type == HD_SRC_FILE ? c->len : 0,
		                                       c->other };
	}
	*n = node->n_children;
	return 0;
}

static struct hd_src_dir *make(const struct memsrc_node *node, const char *path, const struct hd_provenance *prov)
{
	struct memdir *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->base.ops = &mem_ops;
	m->base.path = strdup(path);
	m->base.depth = 1;
	m->node = node;
	if (prov)
		hd_prov_copy(&m->base.prov, prov);
	return &m->base;
}

static int mem_subdir(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e)
{
	const struct memsrc_node *c = child(d, name, HD_SRC_DIR);
	char *path = NULL;

	(void)e;
	if (c == NULL)
		return 0;
	if (asprintf(&path, "%s/%s", d->path, name) < 0)
		return -1;
	*out = make(c, path, &d->prov);
	free(path);
	return *out ? 1 : -1;
}

static int mem_open_file(struct hd_src_dir *d, const char *name, int *fd, struct hd_provenance *prov,
                         struct hd_src_error *e)
{
	const struct memsrc_node *c = child(d, name, HD_SRC_FILE);
	char *path = NULL;
	int m;

	if (c == NULL)
		return 0;
	if ((m = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING)) < 0 ||
	    (c->len && write(m, c->data, c->len) != (ssize_t)c->len) ||
	    fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0 ||
	    lseek(m, 0, SEEK_SET) < 0) {
		hd_src_error_set(e, "member_unreadable", errno, "%s/%s: %s", d->path, name, strerror(errno));
		if (m >= 0)
			close(m);
		return -1;
	}
	memsrc_opens++;
	if (prov && (asprintf(&path, "%s/%s", d->path, name) < 0 || hd_prov_copy(prov, &d->prov) < 0 ||
	             hd_prov_add_link(prov, "member") < 0 || hd_prov_add_text(prov, "path", path) < 0 ||
	             hd_prov_add_int(prov, "size", (int64_t)c->len) < 0)) {
		free(path);
		close(m);
		return -1;
	}
	free(path);
	*fd = m;
	return 1;
}

static int mem_dirfd(struct hd_src_dir *d)
{
	(void)d;
	return -1;
}

static void mem_close(struct hd_src_dir *d)
{
	free(d->path);
	hd_prov_clear(&d->prov);
	free(d);
}

static const struct hd_src_ops mem_ops = { mem_list, mem_subdir, mem_open_file, mem_dirfd, mem_close };

struct hd_src_dir *memsrc_open(const struct memsrc_node *root, const char *path)
{
	struct hd_provenance p = { 0 };
	struct hd_src_dir *d;

	hd_prov_add_link(&p, "archive");
	hd_prov_add_text(&p, "path", path);
	d = make(root, path, &p);
	hd_prov_clear(&p);
	return d;
}
