/*
 * analyze_recover.c - the dirty-hive step of the pipeline: find the
 * transaction logs beside the hive, replay them into a private in-memory
 * image (txlog.c), and hand that image to hivex through a sealed memfd.
 * The evidence files are only ever read.
 */
#include "analyze/analyze.h"
#include "util/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read the whole primary from the one open of it: recovery works on a
 * private copy of the same bytes the hash and hivex see. */
/* The primary, or only its base block when base_only (the other bytes are
 * needed only when a log may be replayed over them). */
static uint8_t *read_primary(const struct hd_snapshot *snap, int base_only, size_t *len)
{
	size_t want = (size_t)snap->st.st_size;
	uint8_t *buf = NULL;
	ssize_t got;

	if (snap->st.st_size <= 0 || (uint64_t)snap->st.st_size > HD_TXLOG_MAX_HIVE_BYTES) {
		errno = EFBIG;
		return NULL;
	}
	if (base_only && want > HD_REGF_BASE_BLOCK_SIZE)
		want = HD_REGF_BASE_BLOCK_SIZE;
	if ((buf = malloc(want)) == NULL)
		return NULL;
	got = hd_pread_full(snap->fd, buf, want, 0);
	if (got < 0 || (size_t)got < want) {
		if (got >= 0)
			errno = EIO;    /* it shrank: check_unchanged reports it */
		free(buf);
		return NULL;
	}
	*len = want;
	return buf;
}

/* --write-recovered: never over an existing file, nor over any input. */
static void save_image(const char *path, const struct hd_options *opts, const struct hd_txlog_set *set,
                       const uint8_t *img, size_t len, struct hd_result *res)
{
	char *dir_copy = strdup(path);
	const char *inputs[1 + HD_TXLOG_SLOTS];
	char *owned[HD_TXLOG_SLOTS] = { NULL };
	size_t n = 0;
	const char *why = NULL;

	inputs[n++] = path;
	for (int i = 0; dir_copy && i < HD_TXLOG_SLOTS; i++)
		if (set->log[i].name && asprintf(&owned[i], "%s/%s", dirname(dir_copy), set->log[i].name) > 0)
			inputs[n++] = owned[i];
	if (hd_memimage_save(opts->write_recovered, img, len, inputs, n, &why) == 0)
		res->saved_to = opts->write_recovered;
	else if (asprintf(&res->save_error, "%s: %s%s%s", opts->write_recovered, why ? why : "",
	                  why ? ": " : "", strerror(errno)) < 0)
		res->save_error = NULL;
	for (int i = 0; i < HD_TXLOG_SLOTS; i++)
		free(owned[i]);
	free(dir_copy);
}

/* Each log as evidence: name, size, SHA-256 of the bytes read, applied or not. */
static int record_logs(const struct hd_txlog_set *set, struct hd_replay_evidence *ev)
{
	for (int i = 0; i < HD_TXLOG_SLOTS; i++) {
		const struct hd_txlog_file *f = &set->log[i];
		struct hd_log_evidence *e = &ev->logs[i];

		if (f->name == NULL)
			continue;
		if ((e->name = strdup(f->name)) == NULL)
			return -1;
		e->size = f->size;
		e->not_read = f->not_read;
		e->read_errno = f->read_errno;
		e->have_sha256 = f->not_read == NULL && f->read_errno == 0 && f->len == f->size;
		if (e->have_sha256)
			hd_sha256_hex(f->data ? f->data : (const uint8_t *)"", f->len, e->sha256);
		for (size_t k = 0; k < ev->recovery.n_logs_applied; k++)
			if (strcmp(ev->recovery.logs_applied[k], f->name) == 0) {
				const struct hd_txlog_taken *t = &ev->recovery.taken[k];

				e->applied = 1;
				e->entries_applied = t->entries;
				e->have_seq = t->have_seq;
				e->seq_first = t->first_seq;
				e->seq_last = t->last_seq;
			}
	}
	return 0;
}

/* The image could not be handed to hivex: nothing counts as applied. */
static void unapply(struct hd_replay_evidence *ev)
{
	ev->recovery.applied = 0;
	ev->have_image_sha256 = 0;
	for (int i = 0; i < HD_TXLOG_SLOTS; i++) {
		ev->logs[i].applied = 0;
		ev->logs[i].entries_applied = 0;
		ev->logs[i].have_seq = 0;
	}
}

/* The logs beside the hive: in the folder a --root scan (or a source backend) opened, or beside path. */
static int discover(const char *path, const struct hd_snapshot *snap, struct hd_txlog_set *set,
                    const char **why)
{
	if (snap->dir == NULL)
		return hd_txlog_discover(path, set, why);
	return hd_txlog_discover_in(snap->dir, snap->name, set, why);
}

/*
 * The replay itself, for either hive: discover the logs beside path, replay
 * them over the primary read from the one open file, and when they applied,
 * hash the image and put it in a sealed memfd (*fd, open_path).  1 when
 * hivex is to read the image, 0 when the primary itself, -1 ENOMEM.  *img
 * (*ilen bytes) and set are left to the caller (--write-recovered saves
 * them); free both.
 */
static int replay(const char *path, const struct hd_snapshot *snap, struct hd_replay_evidence *ev,
                  struct hd_txlog_set *set, uint8_t **img, size_t *ilen, int *fd, char *open_path,
                  size_t open_path_len)
{
	uint8_t *primary = NULL;
	size_t plen = 0;
	const char *why = NULL;
	int rc = 0, applied;

	ev->state = HD_REPLAY_ATTEMPTED;
	/* A dirty hive without logs (common in archives: the logs were not
	 * copied) needs only its base block to be refused; reading all of it
	 * cost a 12 MB hive 40% more time than a clean one. */
	if (discover(path, snap, set, &why) < 0 ||
	    (primary = read_primary(snap, hd_txlog_set_empty(set), &plen)) == NULL) {
		snprintf(ev->recovery.refused_reason, sizeof ev->recovery.refused_reason,
		         "cannot read the hive or its directory: %s", why ? why : strerror(errno));
		return errno == ENOMEM ? -1 : 0;
	}
	applied = hd_txlog_recover(primary, plen, set, &ev->recovery, img, ilen);
	free(primary);
	if (applied < 0 || record_logs(set, ev) < 0)
		return -1;
	if (applied == 1) {
		hd_sha256_hex(*img, *ilen, ev->image_sha256);
		ev->have_image_sha256 = 1;
		*fd = hd_memimage_open(*img, *ilen, open_path, open_path_len);
		if (*fd < 0) {
			snprintf(ev->recovery.refused_reason, sizeof ev->recovery.refused_reason,
			         "cannot make the in-memory image: %s", strerror(errno));
			unapply(ev);
			snprintf(open_path, open_path_len, "%s", snap->open_path);
		} else {
			rc = 1;
		}
	}
	return rc;
}

/* Both hives: a clean hive, or --no-replay, leaves hivex the primary; else replay. */
static int recover(const char *path, const struct hd_snapshot *snap, int dirty, const struct hd_options *opts,
                   struct hd_replay_evidence *ev, struct hd_txlog_set *set, uint8_t **img, size_t *ilen,
                   int *fd, char *open_path, size_t open_path_len)
{
	*fd = -1;
	snprintf(open_path, open_path_len, "%s", snap->open_path);
	if (!dirty)
		return 0;
	if (opts->no_replay) {
		ev->state = HD_REPLAY_SKIPPED;
		return 0;
	}
	return replay(path, snap, ev, set, img, ilen, fd, open_path, open_path_len);
}

int hd_analyze_recover(const char *path, const struct hd_snapshot *snap, const struct hd_options *opts,
                       struct hd_result *res, int *fd, char *open_path, size_t open_path_len)
{
	struct hd_txlog_set set = { 0 };
	uint8_t *img = NULL;
	size_t ilen = 0;
	int rc = recover(path, snap, res->file.header.dirty, opts, &res->replay, &set, &img, &ilen, fd, open_path,
	                 open_path_len);

	if (rc == 1 && opts->write_recovered)
		save_image(path, opts, &set, img, ilen, res);
	free(img);
	hd_txlog_set_clear(&set);
	return rc < 0 ? -1 : 0;
}

int hd_analyze_recover_software(const char *path, const struct hd_snapshot *snap, int dirty,
                                const struct hd_options *opts, struct hd_replay_evidence *ev, int *fd,
                                char *open_path, size_t open_path_len)
{
	struct hd_txlog_set set = { 0 };
	uint8_t *img = NULL;
	size_t ilen = 0;
	int rc = recover(path, snap, dirty, opts, ev, &set, &img, &ilen, fd, open_path, open_path_len);

	free(img);
	hd_txlog_set_clear(&set);
	return rc < 0 ? -1 : 0;
}
