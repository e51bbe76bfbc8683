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
 * What an installation is, and how each copy is analyzed and compared,
 * is analyze/installation.c's; what stays here is what only the CLI does:
 * the processes (cli/child.h, the runner's isolation policy) and rendering
 * each report (report/ is above analyze/ in the stage order).
 */
#include "cli/root.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "analyze/installation.h"
#include "cli/child.h"

struct root_run {
	const char *dir;
	const struct hd_options *opts;
	struct hd_render how;                   /* fix_reg off: --root builds none */
	void (*before_hive)(const char *path);  /* the runner's test hook, or NULL */
	struct hd_installation inst;            /* the copies, current first (analyze/installation.h) */
	struct hd_outcome outs[HD_VOLUME_MAX_FILES];    /* each copy's, in inst.copies' order */
	struct hd_result cur;           /* the current hive's analysis, in its process */
	int cur_analyzed;               /* cur holds an analysis the copies compare with */
};

/* Analyze copy i (a failure is a report too), after the test hook. */
static void analyze_copy(const struct root_run *rr, size_t i, struct hd_result *res)
{
	if (rr->before_hive)
		rr->before_hive(rr->inst.copies[i].path);
	hd_installation_analyze(&rr->inst, i, rr->opts, res);
}

struct copy_job {
	const struct root_run *rr;
	size_t i;
};

/* In the copy's own process: analyze it, compare it, render it. */
static int copy_process(void *ctx, struct hd_outcome *out)
{
	const struct copy_job *job = ctx;
	struct hd_result res;
	int rc;

	analyze_copy(job->rr, job->i, &res);
	rc = hd_installation_compare(job->rr->cur_analyzed ? &job->rr->cur : NULL, &res) == 0
	     ? hd_outcome_from_result(&res, &job->rr->how, out) : -1;
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
	res.root = current ? &rr->inst.info : NULL;
	res.error_code = code;
	res.error_message = strdup(message);
	rc = res.error_message ? hd_outcome_from_result(&res, &rr->how, out) : -1;
	hd_result_clear(&res);
	return rc;
}

/* Copy i in a process of its own: its outcome, or a parser_crashed report.  0, or -1 ENOMEM. */
static int run_copy(struct root_run *rr, size_t i)
{
	const struct hd_install_copy *c = &rr->inst.copies[i];
	struct copy_job job = { rr, i };
	char *why = NULL, *message = NULL;
	int rc = hd_child_run(copy_process, &job, &rr->outs[i], &why);

	if (rc == 0)
		return 0;
	if (rc > 0 && asprintf(&message, "the process analyzing this copy died: %s; the other copies' "
	                       "reports are whole", why) < 0)
		message = NULL;
	rc = message ? failure_outcome(rr, c->path, hd_role_name(c->sys->role), i == 0 && rr->inst.have_current,
	                               HD_ERR_CRASHED, message, &rr->outs[i]) : -1;
	free(why);
	free(message);
	return rc;
}

/* Every copy from first on, each in its own process. */
static int run_copies(struct root_run *rr, size_t first)
{
	for (size_t i = first; i < rr->inst.n; i++)
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
	const struct hd_outcome *cur = lead ? lead : &rr->outs[0];
	FILE *mem = open_memstream(&out->report, &out->report_len);
	int rc = mem && lead ? append(rr, mem, 1, lead, NULL, out) : mem ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < rr->inst.n; i++)
		rc = append(rr, mem, i == 0 && lead == NULL, &rr->outs[i], rr->inst.copies[i].sys->path, out);
	if (mem && fclose(mem) != 0)
		rc = -1;
	out->exit_status = cur->exit_status;
	out->counts = (struct hd_format_counts){ 0 };
	if (lead)
		hd_format_counts_add(&out->counts, &lead->counts);
	for (size_t i = 0; i < rr->inst.n; i++)
		hd_format_counts_add(&out->counts, &rr->outs[i].counts);
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

	analyze_copy(rr, 0, &rr->cur);
	rr->cur.root = &rr->inst.info;
	rr->cur_analyzed = 1;
	rc = hd_outcome_from_result(&rr->cur, &rr->how, &rr->outs[0]) == 0 && run_copies(rr, 1) == 0
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
	rc = failure_outcome(rr, rr->inst.copies[0].path, "current", 1, HD_ERR_CRASHED, message, &rr->outs[0]);
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
	const char *cfg = rr->inst.vol.config ? rr->inst.vol.config : "";
	struct hd_outcome lead = { 0 };
	char *path = NULL, *message = NULL;
	int rc = -1;

	if (asprintf(&path, "%s/%s%sSYSTEM", rr->dir, cfg, cfg[0] ? "/" : "") < 0)
		return -1;
	if (asprintf(&message, "no current SYSTEM hive was found: %s%sSYSTEM %s%s", cfg, cfg[0] ? "/" : "",
	             rr->inst.vol.system_refused ? rr->inst.vol.system_refused : "is missing",
	             rr->inst.n ? " (only older copies were analyzed)" : "") < 0)
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

	if (!rr->inst.have_current)
		return current_missing(rr, out);
	if ((rc = hd_child_run(current_process, rr, out, &why)) > 0)
		rc = current_died(rr, why, out);
	free(why);
	return rc;
}

int hd_outcome_analyze_root_in(struct hd_src_dir *root, const char *dir, const struct hd_options *opts,
                               const struct hd_render *how, void (*before_hive)(const char *path),
                               struct hd_outcome *out)
{
	struct root_run *rr = calloc(1, sizeof *rr);
	int rc = -1, found = 0;

	memset(out, 0, sizeof *out);
	if (rr == NULL)
		return -1;
	*rr = (struct root_run){ .dir = dir, .opts = opts, .how = *how, .before_hive = before_hive };
	rr->how.fix_reg = 0;
	if ((found = hd_installation_open(root, dir, &rr->inst)) <= 0) {
		rc = no_installation(dir, opts, how, found < 0 ? errno : 0, out);
		if (rc == 0 && found == 0)
			rc = 1;   /* said apart: a disk image's partitions are searched in turn (cli/diskimage.c) */
	} else if ((rc = analyze_installation(rr, out)) < 0)
		hd_outcome_clear(out);
	for (size_t i = 0; i < rr->inst.n; i++)
		hd_outcome_clear(&rr->outs[i]);
	hd_installation_clear(&rr->inst);
	free(rr);
	if (rc < 0 && found > 0)
		errno = ENOMEM;
	return rc;
}

int hd_outcome_analyze_root(const char *dir, const struct hd_options *opts, const struct hd_render *how,
                            void (*before_hive)(const char *path), struct hd_outcome *out)
{
	struct hd_src_dir *root = NULL;
	int rc;

	if (hd_src_posix_open_path(dir, &root, NULL) < 0) {
		memset(out, 0, sizeof *out);
		return no_installation(dir, opts, how, errno, out);
	}
	rc = hd_outcome_analyze_root_in(root, dir, opts, how, before_hive, out);
	hd_src_close(root);
	return rc;
}
