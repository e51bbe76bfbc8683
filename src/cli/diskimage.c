/*
 * diskimage.c - a disk image as an operand or --root's DIR (see
 * diskimage.h).  The image is opened once (source/image.c, through
 * libtsk); each partition is a folder handed to hd_outcome_analyze_root_in
 * as a mounted volume would be, so the volume scan, log discovery, SOFTWARE
 * pairing and the comparison of older copies are the ones --root runs.
 */
#include "cli/diskimage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/root.h"
#include "source/source.h"
#include "util/fdio.h"

/* The image's descriptor when path is a regular file that sniffs as a disk
 * image, else -1 (*backend set when it is one). */
static int open_if_image(const char *path, int no_follow, const struct hd_src_backend **backend)
{
	int fd = hd_open_evidence(path, no_follow);
	enum hd_src_kind kind = HD_KIND_NONE;
	struct stat st;

	*backend = NULL;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		*backend = hd_src_sniff(fd, &kind);
	if (*backend == NULL || kind != HD_KIND_IMAGE) {
		close(fd);
		*backend = NULL;
		return -1;
	}
	return fd;
}

int hd_diskimage_is(const char *path, int no_follow)
{
	const struct hd_src_backend *b;
	int fd = open_if_image(path, no_follow, &b);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* The backend's message without the image's path in front (the report
 * and stderr name the image already). */
static const char *own_words(const struct hd_src_error *e, const char *path)
{
	size_t n = strlen(path);

	if (e->message == NULL)
		return strerror(e->err);
	return strncmp(e->message, path, n) == 0 && strncmp(e->message + n, ": ", 2) == 0 ? e->message + n + 2
	                                                                                : e->message;
}

/* Each stderr line of o, prefixed with the partition's name ("p2/"), onto acc. */
static int add_message(struct hd_outcome *acc, const char *part, const char *message)
{
	const char *line = message;
	char *joined;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		if (asprintf(&joined, "%s%s%s/%.*s", acc->message ? acc->message : "", acc->message ? "\n" : "", part,
		             len, line) < 0)
			return -1;
		free(acc->message);
		acc->message = joined;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* One installation's outcome after the others in acc. */
static int add_outcome(struct hd_outcome *acc, const struct hd_outcome *o, const char *part,
                       const struct hd_render *how)
{
	int first = acc->report == NULL;
	const char *between = how->format->separator;
	size_t sep = first ? 0 : strlen(between);
	char *r = realloc(acc->report, acc->report_len + sep + o->report_len + 1);

	if (r == NULL)
		return -1;
	memcpy(r + acc->report_len, between, sep);
	memcpy(r + acc->report_len + sep, o->report, o->report_len);
	acc->report = r;
	acc->report_len += sep + o->report_len;
	r[acc->report_len] = '\0';
	if (first) {
		acc->imc = o->imc;
		acc->mta = o->mta;
	}
	if (o->exit_status > acc->exit_status)
		acc->exit_status = o->exit_status;
	hd_format_counts_add(&acc->counts, &o->counts);
	return add_message(acc, part, o->message);
}

/* Every partition of img searched and analyzed into acc: how many held an
 * installation, or -1. */
static int each_partition(struct hd_src_dir *img, const char *path, const struct hd_options *opts,
                          const struct hd_render *how, void (*before_hive)(const char *),
                          struct hd_outcome *acc)
{
	struct hd_src_entry *parts = NULL;
	size_t n = 0;
	int found = 0, rc = 0;

	if (hd_src_list(img, &parts, &n, NULL) < 0)
		return -1;
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		struct hd_src_dir *part = NULL;
		struct hd_outcome one = { 0 };
		char *name = NULL;

		if (hd_src_subdir(img, parts[i].name, &part, NULL) != 1 ||
		    asprintf(&name, "%s!/%s", path, parts[i].name) < 0) {
			rc = -1;
		} else if ((rc = hd_outcome_analyze_root_in(part, name, opts, how, before_hive, &one)) == 0) {
			rc = add_outcome(acc, &one, parts[i].name, how);
			found++;
		}
		hd_outcome_clear(&one);
		free(name);
		hd_src_close(part);
	}
	hd_src_entries_free(parts, n);
	return rc < 0 ? -1 : found;
}

int hd_outcome_analyze_image(const char *path, const struct hd_options *opts, const struct hd_render *how,
                             void (*before_hive)(const char *path), struct hd_outcome *out)
{
	const struct hd_src_backend *b;
	struct hd_src_limits lim;
	struct hd_src_error e = { 0 };
	struct hd_src_dir *img = NULL;
	int fd = open_if_image(path, opts->no_follow, &b), rc;

	if (fd < 0)
		return 0;
	memset(out, 0, sizeof *out);
	hd_src_limits_default(&lim);
	rc = b->open_dir(fd, path, NULL, &lim, 0, &img, &e);
	close(fd);
	if (rc < 0) {
		rc = hd_outcome_failure(path, opts, how, e.code, own_words(&e, path), 1, out);
		hd_src_error_clear(&e);
		return rc < 0 ? -1 : 1;
	}
	if ((rc = each_partition(img, path, opts, how, before_hive, out)) == 0)
		/* No installation on any partition: the image's own report says so. */
		rc = hd_outcome_analyze_root_in(img, path, opts, how, before_hive, out) < 0 ? -1 : 1;
	hd_src_close(img);
	if (rc < 0) {
		hd_outcome_clear(out);
		return -1;
	}
	return 1;
}
