/*
 * root.c - --root DIR: the current SYSTEM hive of an installation and every
 * older copy of it, each analyzed and reported, each copy compared with the
 * current hive (see root.h).
 *
 * Processes (issue 26: one bad copy costs one report).  The worker that
 * runs this forks one process for the current hive; once that process has
 * analyzed it, it forks one per older copy, which inherits the current
 * hive's analysis for the comparison and sends back only its own outcome.
 * When the current hive's process dies, its report says so and each copy is
 * analyzed alone in a process of its own, with nothing to compare against.
 *
 * Descriptors (issue 26): every hive is read through the descriptor the
 * volume scan opened (volume.h), never reopened by name; paths name files
 * in reports only.
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
#include "cli/child.h"
#include "cli/volume.h"

/* One SYSTEM hive to analyze: a volume file, its SOFTWARE partner, and what came of it. */
struct copy {
	const struct hd_volume_file *sys, *sw;  /* sw NULL: none of the same role and folder */
	struct hd_opened sys_at, sw_at;
	char *path, *sw_path;                   /* "DIR/rel", naming them in the report */
	struct hd_outcome out;
};

struct root_run {
	const char *dir;
	const struct hd_options *opts;
	struct hd_render how;                   /* fix_reg off: --root builds none */
	void (*before_hive)(const char *path);  /* the runner's test hook, or NULL */
	struct hd_volume vol;
	struct hd_found_file found[HD_VOLUME_MAX_FILES];
	struct hd_root_info info;       /* the current hive's report shows it */
	struct copy copies[HD_VOLUME_MAX_FILES];    /* SYSTEM hives, the current one first */
	size_t n;
	int have_current;               /* copies[0] is the current SYSTEM hive */
	struct hd_result cur;           /* the current hive's analysis, in its process */
	int cur_analyzed;               /* cur holds an analysis the copies compare with */
};

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

/* One SYSTEM hive of the volume, with its SOFTWARE partner and the names of both. */
static int add_copy(struct root_run *rr, const struct hd_volume_file *f)
{
	struct copy *c = &rr->copies[rr->n];

	c->sys = f;
	c->sw = software_of(&rr->vol, f);
	c->sys_at = (struct hd_opened){ f->fd, f->dirfd, f->name };
	if (asprintf(&c->path, "%s/%s", rr->dir, f->path) < 0) {
		c->path = NULL;
		return -1;
	}
	rr->n++;
	if (c->sw == NULL)
		return 0;
	c->sw_at = (struct hd_opened){ c->sw->fd, c->sw->dirfd, c->sw->name };
	if (asprintf(&c->sw_path, "%s/%s", rr->dir, c->sw->path) < 0) {
		c->sw_path = NULL;
		return -1;
	}
	return 0;
}

/* Each SYSTEM hive of the volume, current first (volume.c lists it first). */
static int list_copies(struct root_run *rr)
{
	for (size_t i = 0; i < rr->vol.n_files; i++) {
		const struct hd_volume_file *f = &rr->vol.files[i];

		if (f->role == HD_ROLE_LOG || strcmp(f->hive, "SYSTEM") != 0)
			continue;
		if (f->role == HD_ROLE_CURRENT && rr->n == 0)
			rr->have_current = 1;
		if (add_copy(rr, f) < 0)
			return -1;
	}
	return 0;
}

/* Analyze copy c (a failure is a report too), paired with its SOFTWARE hive (hd_analyze_pair_at). */
static void analyze_copy(const struct root_run *rr, const struct copy *c, struct hd_result *res)
{
	if (rr->before_hive)
		rr->before_hive(c->path);
	hd_analyze_pair_at(c->path, &c->sys_at, c->sw_path, c->sw ? &c->sw_at : NULL, rr->opts, res);
	res->role = hd_role_name(c->sys->role);
}

/* The comparison of copy with the current hive's analysis, when there is one. */
static int compare(const struct root_run *rr, struct hd_result *copy)
{
	const struct hd_result *cur = &rr->cur;
	struct hd_changes_side a = { &cur->trail, cur->imc.status, cur->mta.status, cur->cs.analyzed_name };
	struct hd_changes_side b = { &copy->trail, copy->imc.status, copy->mta.status, copy->cs.analyzed_name };

	if (!rr->cur_analyzed || cur->error_code || copy->error_code)
		return 0;
	copy->vs_current.against = copy->role;
	copy->vs_current.current_path = cur->path;
	copy->vs_current.copy_path = copy->path;
	copy->vs_current.copy_written = written(copy);
	return hd_changes_compute(&a, &b, &copy->vs_current);
}

struct copy_job {
	const struct root_run *rr;
	const struct copy *c;
};

/* In the copy's own process: analyze it, compare it, render it. */
static int copy_process(void *ctx, struct hd_outcome *out)
{
	const struct copy_job *job = ctx;
	struct hd_result res;
	int rc;

	analyze_copy(job->rr, job->c, &res);
	rc = compare(job->rr, &res) == 0 ? hd_outcome_from_result(&res, &job->rr->how, out) : -1;
	hd_result_clear(&res);
	return rc;
}

/* The report of a copy whose process gave none (crashed), or of a current hive that is missing. */
static int failure_outcome(const struct root_run *rr, const char *path, const char *role, int current,
                           const char *code, const char *message, struct hd_outcome *out)
{
	struct hd_result res;
	int rc;

	hd_result_start(&res, path, rr->opts);
	res.role = role;
	res.root = current ? &rr->info : NULL;
	res.error_code = code;
	res.error_message = strdup(message);
	rc = res.error_message ? hd_outcome_from_result(&res, &rr->how, out) : -1;
	hd_result_clear(&res);
	return rc;
}

/* Copy i in a process of its own: its outcome, or a parser_crashed report.  0, or -1 ENOMEM. */
static int run_copy(struct root_run *rr, size_t i)
{
	struct copy *c = &rr->copies[i];
	struct copy_job job = { rr, c };
	char *why = NULL, *message = NULL;
	int rc = hd_child_run(copy_process, &job, &c->out, &why);

	if (rc == 0)
		return 0;
	if (rc > 0 && asprintf(&message, "the process analyzing this copy died: %s; the other copies' "
	                       "reports are whole", why) < 0)
		message = NULL;
	rc = message ? failure_outcome(rr, c->path, hd_role_name(c->sys->role), i == 0 && rr->have_current,
	                               HD_ERR_CRASHED, message, &c->out) : -1;
	free(why);
	free(message);
	return rc;
}

/* Every copy from first on, each in its own process. */
static int run_copies(struct root_run *rr, size_t first)
{
	for (size_t i = first; i < rr->n; i++)
		if (run_copy(rr, i) < 0)
			return -1;
	return 0;
}

/* "line" appended to *all (a new line each), 0 or -1 ENOMEM. */
static int add_line(char **all, const char *prefix, const char *line)
{
	char *joined = NULL;

	if (asprintf(&joined, "%s%s%s%s", *all ? *all : "", *all ? "\n" : "", prefix, line) < 0)
		return -1;
	free(*all);
	*all = joined;
	return 0;
}

/* One piece of the installation's outcome: its report and its stderr line ("rel: message"). */
static int append(const struct root_run *rr, FILE *mem, int first, const struct hd_outcome *o,
                  const char *rel, struct hd_outcome *out)
{
	char *prefix = NULL;
	int rc;

	if ((!first && fputs(rr->how.format->separator, mem) == EOF) ||
	    (o->report_len && fwrite(o->report, 1, o->report_len, mem) != o->report_len))
		return -1;
	if (o->message == NULL)
		return 0;
	if (rel && asprintf(&prefix, "%s: ", rel) < 0)
		return -1;
	rc = add_line(&out->message, prefix ? prefix : "", o->message);
	free(prefix);
	return rc;
}

/*
 * The installation's outcome from its pieces: lead (the missing current
 * hive's report) or NULL, then each copy's, current first.  The exit
 * status and verdicts are the current hive's (2 and unknown without one).
 */
static int assemble(const struct root_run *rr, const struct hd_outcome *lead, struct hd_outcome *out)
{
	const struct hd_outcome *cur = lead ? lead : &rr->copies[0].out;
	FILE *mem = open_memstream(&out->report, &out->report_len);
	int rc = mem && lead ? append(rr, mem, 1, lead, NULL, out) : mem ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < rr->n; i++)
		rc = append(rr, mem, i == 0 && lead == NULL, &rr->copies[i].out, rr->copies[i].sys->path, out);
	if (mem && fclose(mem) != 0)
		rc = -1;
	out->exit_status = cur->exit_status;
	out->counts = (struct hd_format_counts){ 0 };
	if (lead)
		hd_format_counts_add(&out->counts, &lead->counts);
	for (size_t i = 0; i < rr->n; i++)
		hd_format_counts_add(&out->counts, &rr->copies[i].out.counts);
	out->imc = cur->imc;
	out->mta = cur->mta;
	if (rc < 0)
		errno = ENOMEM;
	return rc;
}

/* In the current hive's process: analyze it, then each copy in a process of its own. */
static int current_process(void *ctx, struct hd_outcome *out)
{
	struct root_run *rr = ctx;
	int rc;

	analyze_copy(rr, &rr->copies[0], &rr->cur);
	rr->cur.root = &rr->info;
	rr->cur_analyzed = 1;
	rc = hd_outcome_from_result(&rr->cur, &rr->how, &rr->copies[0].out) == 0 && run_copies(rr, 1) == 0
	     ? assemble(rr, NULL, out) : -1;
	hd_result_clear(&rr->cur);
	return rc;
}

/* The current hive's process died: its report says so; each copy alone. */
static int current_died(struct root_run *rr, const char *why, struct hd_outcome *out)
{
	char *message = NULL;
	int rc;

	if (asprintf(&message, "the process analyzing the current hive died: %s; each older copy is "
	             "reported alone, not compared with it", why) < 0)
		return -1;
	rc = failure_outcome(rr, rr->copies[0].path, "current", 1, HD_ERR_CRASHED, message, &rr->copies[0].out);
	free(message);
	return rc == 0 && run_copies(rr, 1) == 0 ? assemble(rr, NULL, out) : -1;
}

/*
 * Issue 26: no regular current SYSTEM hive (an empty config folder, only
 * SOFTWARE, SYSTEM a symbolic link) is an error report of its own naming
 * what was looked for, then the older copies alone.
 */
static int current_missing(struct root_run *rr, struct hd_outcome *out)
{
	const char *cfg = rr->vol.config ? rr->vol.config : "";
	struct hd_outcome lead = { 0 };
	char *path = NULL, *message = NULL;
	int rc = -1;

	if (asprintf(&path, "%s/%s%sSYSTEM", rr->dir, cfg, cfg[0] ? "/" : "") < 0)
		return -1;
	if (asprintf(&message, "no current SYSTEM hive was found: %s%sSYSTEM %s%s", cfg, cfg[0] ? "/" : "",
	             rr->vol.system_refused ? rr->vol.system_refused : "is missing",
	             rr->n ? " (only older copies were analyzed)" : "") < 0)
		message = NULL;
	if (message && failure_outcome(rr, path, "current", 1, HD_ERR_NO_SYSTEM, message, &lead) == 0 &&
	    run_copies(rr, 0) == 0 && assemble(rr, &lead, out) == 0)
		rc = 0;
	hd_outcome_clear(&lead);
	free(path);
	free(message);
	return rc;
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

/* The installation found: the current hive's process, or what stands in for it. */
static int analyze_installation(struct root_run *rr, struct hd_outcome *out)
{
	char *why = NULL;
	int rc;

	if (list_copies(rr) < 0)
		return -1;
	if (!rr->have_current)
		return current_missing(rr, out);
	if ((rc = hd_child_run(current_process, rr, out, &why)) > 0)
		rc = current_died(rr, why, out);
	free(why);
	return rc;
}

int hd_outcome_analyze_root(const char *dir, const struct hd_options *opts, const struct hd_render *how,
                            void (*before_hive)(const char *path), struct hd_outcome *out)
{
	struct root_run *rr = calloc(1, sizeof *rr);
	int rc = -1, found = 0;

	memset(out, 0, sizeof *out);
	if (rr == NULL)
		return -1;
	*rr = (struct root_run){ .dir = dir, .opts = opts, .how = *how, .before_hive = before_hive };
	rr->how.fix_reg = 0;
	if ((found = scan(rr)) <= 0)
		rc = no_installation(dir, opts, how, found < 0 ? errno : 0, out);
	else {
		describe_volume(rr);
		if ((rc = analyze_installation(rr, out)) < 0)
			hd_outcome_clear(out);
	}
	for (size_t i = 0; i < rr->n; i++) {
		free(rr->copies[i].path);
		free(rr->copies[i].sw_path);
		hd_outcome_clear(&rr->copies[i].out);
	}
	hd_volume_clear(&rr->vol);
	free(rr);
	if (rc < 0 && found > 0)
		errno = ENOMEM;
	return rc;
}
