/*
 * archive_tree.c - an archive's members as folders in memory (see
 * archive_tree.h).  Every member's bytes are held in memory, bounded by the
 * archive's limits (archive.c checks them while reading); opening a member
 * gives a sealed memfd of its own, so the caller gets a real, seekable,
 * read-only descriptor as from any other backend.
 */
#include "source/archive_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/sealfd.h"

struct node {
	char *name;                     /* one component, as stored (dot-dot renamed) */
	enum hd_src_type type;
	uint64_t size;
	uint8_t *data;                  /* FILE: size bytes (NULL when empty) */
	char *member;                   /* FILE, OTHER: the path as stored in the archive */
	int have_mtime;
	int64_t mtime_ns;
	struct node **kids;             /* DIR */
	size_t n_kids, cap_kids;
};

struct hd_arc {
	unsigned refs;
	struct node root;
	char *display;
	struct hd_provenance prov;
	unsigned depth;
};

struct arc_dir {
	struct hd_src_dir base;         /* first: the stage casts */
	struct hd_arc *arc;
	struct node *node;
};

static void node_free(struct node *n)
{
	for (size_t i = 0; i < n->n_kids; i++) {
		node_free(n->kids[i]);
		free(n->kids[i]);
	}
	free(n->kids);
	free(n->name);
	free(n->data);
	free(n->member);
}

struct hd_arc *hd_arc_new(const char *display, const struct hd_provenance *prov, unsigned depth)
{
	struct hd_arc *arc = calloc(1, sizeof *arc);

	if (arc == NULL)
		return NULL;
	arc->refs = 1;
	arc->root.type = HD_SRC_DIR;
	arc->depth = depth;
	if ((arc->display = strdup(display)) == NULL || hd_prov_copy(&arc->prov, prov) < 0) {
		free(arc->display);
		free(arc);
		return NULL;
	}
	return arc;
}

void hd_arc_unref(struct hd_arc *arc)
{
	if (arc == NULL || --arc->refs > 0)
		return;
	node_free(&arc->root);
	hd_prov_clear(&arc->prov);
	free(arc->display);
	free(arc);
}

/* The child of dir named name (len bytes) of type want, or NULL. */
static struct node *child(const struct node *dir, const char *name, size_t len, enum hd_src_type want)
{
	for (size_t i = 0; i < dir->n_kids; i++) {
		struct node *k = dir->kids[i];
		if (k->type == want && strlen(k->name) == len && memcmp(k->name, name, len) == 0)
			return k;
	}
	return NULL;
}

/* A new child of dir; ".." is spelled %2E%2E (see archive_tree.h). */
static struct node *add_child(struct node *dir, const char *name, size_t len, enum hd_src_type type)
{
	struct node *k;

	if (dir->n_kids == dir->cap_kids) {
		size_t cap = dir->cap_kids ? dir->cap_kids * 2 : 8;
		struct node **p = realloc(dir->kids, cap * sizeof *p);
		if (p == NULL)
			return NULL;
		dir->kids = p;
		dir->cap_kids = cap;
	}
	if ((k = calloc(1, sizeof *k)) == NULL)
		return NULL;
	k->type = type;
	k->name = len == 2 && memcmp(name, "..", 2) == 0 ? strdup("%2E%2E") : strndup(name, len);
	if (k->name == NULL) {
		free(k);
		return NULL;
	}
	dir->kids[dir->n_kids++] = k;
	return k;
}

/* The next component of *p (separators '/' and '\\', the latter from
 * Windows tools), skipping empty and "." ones; 0 at the end. */
static size_t next_component(const char **p, const char **start)
{
	for (;;) {
		size_t len;
		while (**p == '/' || **p == '\\')
			(*p)++;
		*start = *p;
		len = strcspn(*p, "/\\");
		*p += len;
		if (len != 1 || **start != '.')
			return len;
	}
}

/* The folder node for the components of path up to its last one (created as needed). */
static struct node *folder_of(struct hd_arc *arc, const char *path, const char **last, size_t *last_len)
{
	struct node *dir = &arc->root;
	const char *p = path, *start;
	size_t len = next_component(&p, &start);

	while (len > 0) {
		const char *nstart;
		const char *q = p;
		size_t nlen = next_component(&q, &nstart);
		if (nlen == 0)
			break;
		struct node *d = child(dir, start, len, HD_SRC_DIR);
		if (d == NULL && (d = add_child(dir, start, len, HD_SRC_DIR)) == NULL)
			return NULL;
		dir = d;
		p = q;
		start = nstart;
		len = nlen;
	}
	*last = start;
	*last_len = len;
	return dir;
}

int hd_arc_add(struct hd_arc *arc, const char *path, enum hd_src_type type, uint8_t *data, uint64_t size,
               int have_mtime, int64_t mtime_ns)
{
	const char *last = NULL;
	size_t len = 0;
	struct node *dir = folder_of(arc, path, &last, &len), *n;

	if (dir == NULL)
		goto fail;
	if (len == 0)   /* only separators and dots: the root itself */
		return type == HD_SRC_FILE ? (free(data), 0) : 0;
	if (type == HD_SRC_DIR) {
		if (child(dir, last, len, HD_SRC_DIR) || add_child(dir, last, len, HD_SRC_DIR))
			return 0;
		goto fail;
	}
	/* A later member of the same path replaces the earlier one, as an extraction would. */
	if ((n = child(dir, last, len, type)) == NULL && (n = add_child(dir, last, len, type)) == NULL)
		goto fail;
	free(n->data);
	free(n->member);
	n->data = data;
	n->size = type == HD_SRC_FILE ? size : 0;
	n->have_mtime = have_mtime;
	n->mtime_ns = mtime_ns;
	return (n->member = strdup(path)) ? 0 : -1;
fail:
	free(data);
	errno = ENOMEM;
	return -1;
}

static int by_name(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (int)x->type - (int)y->type;
}

static int fail_nomem(struct hd_src_error *e)
{
	int err = errno ? errno : ENOMEM;

	hd_src_error_set(e, "archive_unreadable", err, "%s", strerror(err));
	return -1;
}

static int arc_list(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e)
{
	struct node *node = ((struct arc_dir *)d)->node;
	struct hd_src_entry *v = calloc(node->n_kids ? node->n_kids : 1, sizeof *v);

	*entries = NULL;
	*n = 0;
	if (v == NULL)
		return fail_nomem(e);
	if (node->n_kids > 1)
		qsort(node->kids, node->n_kids, sizeof *node->kids, by_name);
	for (size_t i = 0; i < node->n_kids; i++) {
		v[i].type = node->kids[i]->type;
		v[i].size = node->kids[i]->size;
		if ((v[i].name = strdup(node->kids[i]->name)) == NULL) {
			hd_src_entries_free(v, i);
			return fail_nomem(e);
		}
	}
	*entries = v;
	*n = node->n_kids;
	return 0;
}

static int open_node(struct hd_arc *arc, struct node *node, const char *path, struct hd_src_dir **out);

static int arc_subdir(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e)
{
	struct arc_dir *ad = (struct arc_dir *)d;
	struct node *k = child(ad->node, name, strlen(name), HD_SRC_DIR);
	char *path = NULL;

	*out = NULL;
	if (k == NULL)
		return 0;
	if (asprintf(&path, "%s/%s", d->path, name) < 0)
		return fail_nomem(e);
	if (open_node(ad->arc, k, path, out) < 0) {
		free(path);
		return fail_nomem(e);
	}
	free(path);
	return 1;
}

/* The member's own link: its path as stored, size, stored time. */
static int member_link(struct hd_provenance *prov, const struct node *k)
{
	if (hd_prov_add_link(prov, "member") < 0 || hd_prov_add_text(prov, "path", k->member) < 0 ||
	    hd_prov_add_int(prov, "size", (int64_t)k->size) < 0)
		return -1;
	return k->have_mtime ? hd_prov_add_time(prov, "mtime", k->mtime_ns) : 0;
}

static int arc_open_file(struct hd_src_dir *d, const char *name, int *fd, struct hd_provenance *prov,
                         struct hd_src_error *e)
{
	struct arc_dir *ad = (struct arc_dir *)d;
	struct node *k = child(ad->node, name, strlen(name), HD_SRC_FILE);

	*fd = -1;
	if (k == NULL)
		return 0;
	/* prov may be NULL: a log is only read, its chain is not reported */
	if ((prov && (hd_prov_copy(prov, &d->prov) < 0 || member_link(prov, k) < 0)) ||
	    (*fd = hd_sealfd_from("hivediag-member", k->data, (size_t)k->size)) < 0) {
		if (prov)
			hd_prov_clear(prov);
		return fail_nomem(e);
	}
	return 1;
}

static int arc_dirfd(struct hd_src_dir *d)
{
	(void)d;
	return -1;
}

static void arc_close(struct hd_src_dir *d)
{
	struct arc_dir *ad = (struct arc_dir *)d;

	hd_prov_clear(&d->prov);
	free(d->path);
	hd_arc_unref(ad->arc);
	free(ad);
}

static const struct hd_src_ops arc_ops = {
	.list = arc_list, .subdir = arc_subdir, .open_file = arc_open_file, .dirfd = arc_dirfd,
	.close = arc_close,
};

static int open_node(struct hd_arc *arc, struct node *node, const char *path, struct hd_src_dir **out)
{
	struct arc_dir *ad = calloc(1, sizeof *ad);

	if (ad == NULL)
		return -1;
	if ((ad->base.path = strdup(path)) == NULL || hd_prov_copy(&ad->base.prov, &arc->prov) < 0) {
		free(ad->base.path);
		free(ad);
		return -1;
	}
	ad->base.ops = &arc_ops;
	ad->base.depth = arc->depth;
	ad->arc = arc;
	ad->node = node;
	arc->refs++;
	*out = &ad->base;
	return 0;
}

int hd_arc_root(struct hd_arc *arc, struct hd_src_dir **out)
{
	char *path = NULL;
	int rc;

	if (asprintf(&path, "%s!", arc->display) < 0)
		return -1;
	rc = open_node(arc, &arc->root, path, out);
	free(path);
	return rc;
}
