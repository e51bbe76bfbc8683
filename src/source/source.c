/*
 * source.c - the source stage's common part (see source.h): provenance
 * chains, the default limits, the dispatch from a folder to its backend, and
 * what a file holds, recognised from its content.
 *
 * A backend (posix.c; archive.c, image.c and export.c on their branches)
 * provides struct hd_src_ops for its folders and, when it turns a file into
 * a folder or a hive, a struct hd_src_backend in the table of hd_src_sniff
 * (sniff.c: the backends call this file, so their table is not here).
 */
#include "source/source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int hd_prov_add_link(struct hd_provenance *p, const char *kind)
{
	if (p->n_links == HD_PROV_MAX_LINKS) {
		errno = ENOSPC;
		return -1;
	}
	p->links[p->n_links] = (struct hd_prov_link){ .kind = kind };
	p->n_links++;
	return 0;
}

/* The next free field of the last link, or NULL (errno EINVAL: no link; ENOSPC: full). */
static struct hd_prov_field *next_field(struct hd_provenance *p, const char *key, enum hd_prov_value type)
{
	struct hd_prov_link *l;

	if (p->n_links == 0) {
		errno = EINVAL;
		return NULL;
	}
	l = &p->links[p->n_links - 1];
	if (l->n_fields == HD_PROV_MAX_FIELDS) {
		errno = ENOSPC;
		return NULL;
	}
	l->fields[l->n_fields] = (struct hd_prov_field){ .key = key, .type = type };
	return &l->fields[l->n_fields];
}

int hd_prov_add_text(struct hd_provenance *p, const char *key, const char *text)
{
	struct hd_prov_field *f = next_field(p, key, HD_PROV_TEXT);

	if (f == NULL || (f->text = strdup(text ? text : "")) == NULL)
		return -1;
	p->links[p->n_links - 1].n_fields++;
	return 0;
}

int hd_prov_add_int(struct hd_provenance *p, const char *key, int64_t num)
{
	struct hd_prov_field *f = next_field(p, key, HD_PROV_INT);

	if (f == NULL)
		return -1;
	f->num = num;
	p->links[p->n_links - 1].n_fields++;
	return 0;
}

int hd_prov_add_time(struct hd_provenance *p, const char *key, int64_t time_ns)
{
	struct hd_prov_field *f = next_field(p, key, HD_PROV_TIME);

	if (f == NULL)
		return -1;
	f->time_ns = time_ns;
	p->links[p->n_links - 1].n_fields++;
	return 0;
}

int hd_prov_copy(struct hd_provenance *dst, const struct hd_provenance *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->n_links; i++) {
		const struct hd_prov_link *l = &src->links[i];

		dst->links[i] = *l;
		dst->n_links = i + 1;
		for (size_t j = 0; j < l->n_fields; j++)
			dst->links[i].fields[j].text = NULL;
		for (size_t j = 0; j < l->n_fields; j++) {
			if (l->fields[j].text == NULL)
				continue;
			if ((dst->links[i].fields[j].text = strdup(l->fields[j].text)) == NULL) {
				hd_prov_clear(dst);
				errno = ENOMEM;
				return -1;
			}
		}
	}
	return 0;
}

void hd_prov_clear(struct hd_provenance *p)
{
	for (size_t i = 0; i < p->n_links && i < HD_PROV_MAX_LINKS; i++)
		for (size_t j = 0; j < p->links[i].n_fields && j < HD_PROV_MAX_FIELDS; j++)
			free(p->links[i].fields[j].text);
	memset(p, 0, sizeof *p);
}

/*
 * The figures.  A member is read whole into memory, and the largest hive the
 * analysis reads is a SOFTWARE hive of a few hundred MiB: 512 MiB, as the
 * expanded size of a compressed repair copy is capped (hive/expand.h).  All
 * members of one archive: 2 GiB, four such hives, well below what a bomb
 * would ask.  Ratio 1000: deflate reaches ~1030 at best, so more is a
 * crafted stream (a real hive compresses 5 to 20 times).  100000 members:
 * a case archive holds tens to thousands of files.  Depth 1: an archive
 * inside an archive is opened, one inside that is not (issue 22).
 */
void hd_src_limits_default(struct hd_src_limits *lim)
{
	*lim = (struct hd_src_limits){
		.max_member_bytes = 512ull << 20,
		.max_total_bytes = 2ull << 30,
		.max_ratio = 1000,
		.max_members = 100000,
		.max_depth = 1,
	};
}

void hd_src_error_clear(struct hd_src_error *e)
{
	if (e == NULL)
		return;
	free(e->message);
	*e = (struct hd_src_error){ 0 };
}

void hd_src_error_set(struct hd_src_error *e, const char *code, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (e == NULL) {
		errno = err;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(e->message);
	e->code = code;
	e->message = msg;
	e->err = err;
	errno = err;
}

int hd_src_list(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e)
{
	*entries = NULL;
	*n = 0;
	return d->ops->list(d, entries, n, e);
}

void hd_src_entries_free(struct hd_src_entry *entries, size_t n)
{
	for (size_t i = 0; entries && i < n; i++)
		free(entries[i].name);
	free(entries);
}

int hd_src_subdir(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e)
{
	*out = NULL;
	return d->ops->subdir(d, name, out, e);
}

int hd_src_open_file(struct hd_src_dir *d, const char *name, int *fd, struct hd_provenance *prov,
                     struct hd_src_error *e)
{
	*fd = -1;
	if (prov)
		memset(prov, 0, sizeof *prov);
	return d->ops->open_file(d, name, fd, prov, e);
}

int hd_src_dirfd(struct hd_src_dir *d)
{
	return d->ops->dirfd ? d->ops->dirfd(d) : -1;
}

const char *hd_src_path(const struct hd_src_dir *d)
{
	return d->path ? d->path : "";
}

void hd_src_close(struct hd_src_dir *d)
{
	if (d != NULL)
		d->ops->close(d);
}

const char *hd_src_kind_name(enum hd_src_kind kind)
{
	static const char *const names[] = { "hive", "log", "archive", "compressed", "image", "export", "none" };

	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "none";
}
