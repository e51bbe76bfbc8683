/*
 * events.c - one hive's analysis as timeline events (events.h).
 */
#include "report/events.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct hd_event *add(struct hd_events *ev)
{
	if (ev->n == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 64;
		struct hd_event *v = realloc(ev->v, cap * sizeof *v);

		if (v == NULL)
			return NULL;
		ev->v = v;
		ev->cap = cap;
	}
	memset(&ev->v[ev->n], 0, sizeof ev->v[ev->n]);
	return &ev->v[ev->n++];
}

/* 1 when evidence rv names key in hive (ASCII case ignored, as hivex looks keys up). */
static int names_key(const struct hd_regval *rv, const char *hive, const char *key)
{
	const char *h = rv->hive ? rv->hive : "SYSTEM";

	return rv->key != NULL && strcmp(h, hive) == 0 && strcasecmp(rv->key, key) == 0;
}

static void add_id(struct hd_event *e, const char *id)
{
	for (size_t i = 0; i < e->n_findings; i++)
		if (strcmp(e->finding_ids[i], id) == 0)
			return;
	if (e->n_findings < HD_EVENT_MAX_FINDINGS)
		e->finding_ids[e->n_findings++] = id;
}

/* The rule ids of the findings citing e's key, in the findings' order. */
static void cite(struct hd_event *e, const struct hd_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < fs->v[i].n_evidence; k++)
			if (names_key(fs->v[i].evidence[k], e->hive, e->key)) {
				add_id(e, fs->v[i].rule->id);
				break;
			}
}

struct file_ctx {
	const char *path, *hive, *sha256, *role;
	int have_size;
	uint64_t size;
};

/* An event per lookup of trail with a known time (one key's several lookups: dedupe()). */
static int add_keys(struct hd_events *ev, const struct hd_trail *t, const struct file_ctx *fc)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct hd_regval *rv = &t->v[i].rv;
		struct hd_event *e;

		/* A registry export, a key not found, a zero stamp: no time, no event. */
		if (rv->key == NULL || !rv->key_found || !rv->key_time_read || rv->key_time == 0)
			continue;
		if ((e = add(ev)) == NULL)
			return -1;
		*e = (struct hd_event){ .kind = HD_EVENT_KEY, .time = rv->key_time, .file = fc->path,
		                        .hive = fc->hive, .key = rv->key, .sha256 = fc->sha256,
		                        .have_size = fc->have_size, .size = fc->size, .role = fc->role };
	}
	return 0;
}

/* The base block's last-write time of a hive file (fi: the image read, header decoded). */
static int add_base_block(struct hd_events *ev, const struct hd_fileinfo *fi, const struct file_ctx *fc)
{
	struct hd_event *e;

	if (!fi->have_header || fi->header.magic != HD_MAGIC_REGF || fi->header.last_written == 0)
		return 0;
	if ((e = add(ev)) == NULL)
		return -1;
	*e = (struct hd_event){ .kind = HD_EVENT_BASE_BLOCK, .time = fi->header.last_written, .file = fc->path,
	                        .hive = fc->hive, .sha256 = fc->sha256, .have_size = fc->have_size,
	                        .size = fc->size, .role = fc->role };
	return 0;
}

/* Unix nanoseconds (the source stage's HD_PROV_TIME) as a FILETIME; 0 before 1601. */
static uint64_t ns_to_filetime(int64_t ns)
{
	const int64_t unix_epoch = 116444736000000000LL;   /* 1970-01-01 in 100 ns since 1601 */
	int64_t ticks = ns / 100;

	return ticks < -unix_epoch ? 0 : (uint64_t)(ticks + unix_epoch);
}

/*
 * The source stage's file-system times of a hive file (issue 22's
 * provenance chain): the innermost link that holds times is the file's own
 * (a folder's "file", an image's "ntfs"/"fat" entry, an archive's
 * "member"); its mtime, atime, ctime and crtime make one HD_EVENT_FILE at
 * mtime (or the first known one).  No chain (a file named on the command
 * line), or no times in it: no event.
 */
static int add_file_times(struct hd_events *ev, const struct hd_provenance *prov, const struct file_ctx *fc)
{
	uint64_t t[4] = { 0 };  /* mtime, atime, ctime, crtime */
	static const char *const names[4] = { "mtime", "atime", "ctime", "crtime" };
	struct hd_event *e;

	for (size_t l = prov ? prov->n_links : 0; l-- > 0 && !(t[0] | t[1] | t[2] | t[3]);)
		for (size_t f = 0; f < prov->links[l].n_fields; f++) {
			const struct hd_prov_field *pf = &prov->links[l].fields[f];

			for (size_t k = 0; pf->type == HD_PROV_TIME && k < 4; k++)
				if (strcmp(pf->key, names[k]) == 0)
					t[k] = ns_to_filetime(pf->time_ns);
		}
	if (!(t[0] | t[1] | t[2] | t[3]))
		return 0;
	if ((e = add(ev)) == NULL)
		return -1;
	*e = (struct hd_event){ .kind = HD_EVENT_FILE, .time = t[0] ? t[0] : t[1] ? t[1] : t[2] ? t[2] : t[3],
	                        .file = fc->path, .hive = fc->hive, .sha256 = fc->sha256,
	                        .have_size = fc->have_size, .size = fc->size, .role = fc->role,
	                        .mtime = t[0], .atime = t[1], .ctime = t[2], .crtime = t[3] };
	return 0;
}

static struct file_ctx file_of(const char *path, const char *hive, const struct hd_fileinfo *fi,
                               const char *role)
{
	return (struct file_ctx){ .path = path, .hive = hive, .sha256 = fi->have_sha256 ? fi->sha256 : NULL,
	                          .have_size = fi->have_size, .size = fi->size, .role = role };
}

/* The analyzed hive: its base block (the expanded image's, for a compressed copy), its keys. */
static int add_system(struct hd_events *ev, const struct hd_result *res)
{
	const char *kind = res->file.kind ? res->file.kind : "SYSTEM";
	struct file_ctx fc = file_of(res->path, kind, &res->file, res->role);
	const struct hd_fileinfo *image = res->expanded.format ? &res->expanded.image : &res->file;

	if (add_base_block(ev, image, &fc) < 0 || add_file_times(ev, res->prov, &fc) < 0)
		return -1;
	if (res->alt.used) {
		/* The .ALT mirror read instead (DOMAIN.md 0.15): its own base block. */
		struct hd_fileinfo alt = { .have_header = 1, .header = res->alt.header,
		                           .have_sha256 = res->alt.have_sha256, .have_size = 1,
		                           .size = res->alt.size };
		const char *slash = strrchr(res->path, '/');
		int dir = slash ? (int)(slash - res->path) + 1 : 0;
		struct file_ctx ac;

		if (asprintf(&ev->alt_path, "%.*s%s", dir, res->path, res->alt.name) < 0) {
			ev->alt_path = NULL;
			return -1;
		}
		ac = file_of(ev->alt_path, kind, &alt, res->role);
		ac.sha256 = res->alt.have_sha256 ? res->alt.sha256 : NULL;
		if (add_base_block(ev, &alt, &ac) < 0)
			return -1;
	}
	if (res->error_code != NULL)
		return 0;
	return add_keys(ev, &res->trail, &fc) < 0 || add_keys(ev, &res->lkg_trail, &fc) < 0 ? -1 : 0;
}

/* The SOFTWARE hive read with it: base block, keys (its Setup key among them). */
static int add_software(struct hd_events *ev, const struct hd_result *res)
{
	const struct hd_software_input *sw = &res->software;
	struct file_ctx fc = file_of(sw->path, "SOFTWARE", &sw->file, res->role);
	const struct hd_fileinfo *image = sw->expanded.format ? &sw->expanded.image : &sw->file;

	if (sw->path == NULL)
		return 0;
	if (add_base_block(ev, image, &fc) < 0 || add_file_times(ev, sw->at ? sw->at->prov : NULL, &fc) < 0)
		return -1;
	return res->error_code ? 0 : add_keys(ev, &sw->trail, &fc);
}

static int by_time(const void *a, const void *b)
{
	const struct hd_event *x = a, *y = b;
	int c;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if ((x->key == NULL) != (y->key == NULL))
		return x->key == NULL ? -1 : 1;
	if (x->key == NULL)
		return 0;
	/* ASCII case ignored first, as hivex looks keys up: one key's lookups end up side by side. */
	return (c = strcasecmp(x->key, y->key)) != 0 ? c : strcmp(x->key, y->key);
}

/* One event per key: its lookups (the same key, so the same time) are side by side once sorted. */
static void dedupe(struct hd_events *ev, const struct hd_findings *fs)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n; i++) {
		const struct hd_event *e = &ev->v[i], *last = n ? &ev->v[n - 1] : NULL;

		if (last && e->kind == HD_EVENT_KEY && last->kind == HD_EVENT_KEY && last->time == e->time &&
		    strcmp(last->file, e->file) == 0 && strcasecmp(last->key, e->key) == 0)
			continue;
		ev->v[n] = *e;
		if (ev->v[n].kind == HD_EVENT_KEY)
			cite(&ev->v[n], fs);
		n++;
	}
	ev->n = n;
}

int hd_events_collect(const struct hd_result *res, struct hd_events *ev)
{
	memset(ev, 0, sizeof *ev);
	if (add_system(ev, res) < 0 || add_software(ev, res) < 0) {
		hd_events_clear(ev);
		errno = ENOMEM;
		return -1;
	}
	if (ev->n > 1)
		qsort(ev->v, ev->n, sizeof *ev->v, by_time);
	dedupe(ev, &res->findings);
	return 0;
}

void hd_events_clear(struct hd_events *ev)
{
	free(ev->v);
	free(ev->alt_path);
	memset(ev, 0, sizeof *ev);
}
