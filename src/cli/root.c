/*
 * root.c - --root DIR: the current SYSTEM hive of an installation and every
 * older copy of it, each analyzed and reported, each copy compared with the
 * current hive (see root.h).
 */
#include "cli/root.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cli/volume.h"

struct root_run {
	const char *dir;
	const struct hd_options *opts;
	struct hd_volume vol;
	char *paths[HD_VOLUME_MAX_FILES];
	char *software[HD_VOLUME_MAX_FILES];    /* the SOFTWARE hive paired with each, or NULL */
	struct hd_found_file found[HD_VOLUME_MAX_FILES];
	struct hd_root_info info;       /* the current hive's report shows it */
	struct hd_result *res;          /* one per SYSTEM hive analyzed */
	size_t n;
	long current;                   /* index of the current SYSTEM in res, -1 none */
	char *message;                  /* stderr lines, or NULL */
};

static void add_message(struct root_run *rr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_message(struct root_run *rr, const char *fmt, ...)
{
	char *line = NULL, *joined = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (rr->message == NULL) {
		rr->message = line;
		return;
	}
	if (asprintf(&joined, "%s\n%s", rr->message, line) >= 0) {
		free(rr->message);
		rr->message = joined;
	}
	free(line);
}

/* Scan DIR: 1 found, 0 no installation, -1 error (errno). */
static int scan(struct root_run *rr)
{
	int fd = open(rr->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY), rc, saved;

	if (fd < 0)
		return -1;
	rc = hd_volume_scan(fd, &rr->vol);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static void describe_volume(struct root_run *rr)
{
	static const char *const layouts[] = { "volume", "systemroot", "config" };

	for (size_t i = 0; i < rr->vol.n_files; i++) {
		rr->found[i].path = rr->vol.files[i].path;
		rr->found[i].role = hd_role_name(rr->vol.files[i].role);
		rr->found[i].hive = rr->vol.files[i].hive;
	}
	rr->info.dir = rr->dir;
	rr->info.layout = layouts[rr->vol.layout];
	rr->info.systemroot = rr->vol.systemroot ? rr->vol.systemroot : "";
	rr->info.from_bootini = rr->vol.from_bootini;
	rr->info.files = rr->found;
	rr->info.n_files = rr->vol.n_files;
}

/* The image a copy's verdicts come from: the expanded one for a compressed copy. */
static uint64_t written(const struct hd_result *res)
{
	const struct hd_fileinfo *fi = res->expanded.format ? &res->expanded.image : &res->file;

	return fi->have_header ? fi->header.last_written : 0;
}

/* The length of the folder part of a relative path ("WINNT/repair/system._" -> 12). */
static size_t folder_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* The SOFTWARE copy of the same role in the same folder as sys, or NULL. */
static const struct hd_volume_file *software_of(const struct hd_volume *vol, const struct hd_volume_file *sys)
{
	size_t n = folder_len(sys->path);

	for (size_t i = 0; i < vol->n_files; i++) {
		const struct hd_volume_file *f = &vol->files[i];

		if (f->role == sys->role && strcmp(f->hive, "SOFTWARE") == 0 && folder_len(f->path) == n &&
		    strncmp(f->path, sys->path, n) == 0)
			return f;
	}
	return NULL;
}

/* "DIR/rel" for the SYSTEM hive (slot n of paths) and its SOFTWARE hive, if any. */
static int full_paths(struct root_run *rr, const struct hd_volume_file *f, char **software)
{
	const struct hd_volume_file *sw = software_of(&rr->vol, f);

	*software = NULL;
	if (asprintf(&rr->paths[rr->n], "%s/%s", rr->dir, f->path) < 0) {
		rr->paths[rr->n] = NULL;
		return -1;
	}
	if (sw && asprintf(software, "%s/%s", rr->dir, sw->path) < 0) {
		*software = NULL;
		return -1;
	}
	return 0;
}

/*
 * Each SYSTEM hive of the volume, current first (volume.c lists it first),
 * each with the SOFTWARE hive of the same role and folder (hd_analyze_pair):
 * config/SYSTEM with config/SOFTWARE, repair/system._ with repair/software._.
 */
static int analyze_all(struct root_run *rr)
{
	for (size_t i = 0; i < rr->vol.n_files; i++) {
		const struct hd_volume_file *f = &rr->vol.files[i];
		struct hd_result *res = &rr->res[rr->n];

		if (f->role == HD_ROLE_LOG || strcmp(f->hive, "SYSTEM") != 0)
			continue;
		if (full_paths(rr, f, &rr->software[rr->n]) < 0)
			return -1;
		/* a failure is a report too */
		hd_analyze_pair(rr->paths[rr->n], rr->software[rr->n], rr->opts, res);
		res->role = hd_role_name(f->role);
		if (f->role == HD_ROLE_CURRENT && rr->current < 0) {
			rr->current = (long)rr->n;
			res->root = &rr->info;
		}
		if (res->error_code)
			add_message(rr, "%s: %s", f->path, res->error_message ? res->error_message : res->error_code);
		rr->n++;
	}
	return 0;
}

/* Each analyzed copy against the analyzed current hive. */
static int compare_all(struct root_run *rr)
{
	const struct hd_result *cur = rr->current >= 0 ? &rr->res[rr->current] : NULL;

	if (cur == NULL || cur->error_code)
		return 0;
	for (size_t i = 0; i < rr->n; i++) {
		struct hd_result *copy = &rr->res[i];
		struct hd_changes_side a = { &cur->trail, cur->imc.status, cur->mta.status, cur->cs.analyzed_name };
		struct hd_changes_side b = { &copy->trail, copy->imc.status, copy->mta.status, copy->cs.analyzed_name };

		if ((long)i == rr->current || copy->error_code)
			continue;
		copy->vs_current.against = copy->role;
		copy->vs_current.current_path = cur->path;
		copy->vs_current.copy_path = copy->path;
		copy->vs_current.copy_written = written(copy);
		if (hd_changes_compute(&a, &b, &copy->vs_current) < 0)
			return -1;
	}
	return 0;
}

/* One report in how's format. */
static int write_one(const struct hd_result *res, const struct hd_render *how, FILE *mem)
{
	struct hd_report *r;
	int rc;

	if (how->text)
		return hd_report_text(res, &how->text_style, mem);
	r = hd_report_build(res);
	rc = r ? hd_report_write(r, mem, how->style) : -1;
	hd_report_free(r);
	return rc;
}

/* The reports, one after the other (",\n" between them for a JSON list). */
static int render(const struct root_run *rr, const struct hd_render *how, int json_list, struct hd_outcome *out)
{
	FILE *mem = open_memstream(&out->report, &out->report_len);
	int rc = mem ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < rr->n; i++)
		if ((i > 0 && json_list && fputs(",\n", mem) == EOF) || write_one(&rr->res[i], how, mem) < 0)
			rc = -1;
	if (mem && fclose(mem) != 0)
		rc = -1;
	if (rc < 0) {
		free(out->report);
		out->report = NULL;
		errno = ENOMEM;
	}
	return rc;
}

/* Exit status and verdicts are the current hive's. */
static void summarize(struct root_run *rr, struct hd_outcome *out)
{
	const struct hd_result *cur = rr->current >= 0 ? &rr->res[rr->current] : NULL;

	out->exit_status = cur ? hd_result_exit_status(cur) : 2;
	out->imc = cur && !cur->error_code ? (int)cur->imc.status : HD_VERDICT_UNKNOWN;
	out->mta = cur && !cur->error_code ? (int)cur->mta.status : HD_VERDICT_UNKNOWN;
	if (cur == NULL)
		add_message(rr, "%s%s", "no current SYSTEM hive: system32/config/SYSTEM is missing",
		            rr->n ? " (only older copies were analyzed)" : "");
	out->message = rr->message;
	rr->message = NULL;
}

/* err: errno of a failed scan, 0 when DIR holds no installation. */
static int no_installation(const char *dir, const struct hd_options *opts, const struct hd_render *how,
                           int err, struct hd_outcome *out)
{
	return hd_outcome_failure(dir, opts, how, err ? HD_ERR_OPEN : HD_ERR_NO_INSTALL,
	                          err ? strerror(err)
	                          : "no Windows installation: neither a SystemRoot named by boot.ini, "
	                            "WINNT or Windows with system32/config, nor a config folder holding SYSTEM",
	                          0, out);
}

int hd_outcome_analyze_root(const char *dir, const struct hd_options *opts, const struct hd_render *how,
                            int json_list, struct hd_outcome *out)
{
	struct root_run rr = { .dir = dir, .opts = opts, .current = -1 };
	int rc = -1, found;

	memset(out, 0, sizeof *out);
	if ((found = scan(&rr)) <= 0) {
		rc = no_installation(dir, opts, how, found < 0 ? errno : 0, out);
		goto done;
	}
	describe_volume(&rr);
	if ((rr.res = calloc(HD_VOLUME_MAX_FILES, sizeof *rr.res)) == NULL ||
	    analyze_all(&rr) < 0 || compare_all(&rr) < 0 || render(&rr, how, json_list, out) < 0)
		goto done;
	summarize(&rr, out);
	rc = 0;
done:
	for (size_t i = 0; rr.res && i < rr.n; i++)
		hd_result_clear(&rr.res[i]);
	for (size_t i = 0; i < HD_VOLUME_MAX_FILES; i++) {
		free(rr.paths[i]);
		free(rr.software[i]);
	}
	free(rr.res);
	free(rr.message);
	hd_volume_clear(&rr.vol);
	if (rc < 0 && found > 0)
		errno = ENOMEM;
	return rc;
}
