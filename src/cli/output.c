/* output.c - the parent's side of an analysis run (see output.h). */
#include "cli/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/console.h"
#include "cli/fixfile.h"
#include "cli/merge.h"
#include "cli/say.h"
#include "report/text_wrap.h"
#include "util/clock.h"
#include "util/textutil.h"

#define PROGRESS_INTERVAL 0.2   /* seconds between redraws of the progress line */

/*
 * 1 when fds a and b are one file, terminal or pipe (2>&1).  A text report
 * that could not be analyzed says why in its NOT ANALYZED line; written
 * where stderr goes, the stderr line said it a second time (issue 25).
 */
static int same_file(int fd_a, int fd_b)
{
	struct stat sa, sb;

	return fstat(fd_a, &sa) == 0 && fstat(fd_b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

void hd_output_init(struct hd_output *o, const struct hd_cli *cli, const struct hd_format *format, int batch)
{
	memset(o, 0, sizeof *o);
	o->cli = cli;
	o->batch = batch;
	o->verbose = cli->verbose;
	o->summary_on_stdout = (format->flags & HD_FORMAT_SUMMARY_ON_STDOUT) != 0;
	o->total = -1;
	o->names_read = -1;
	o->start = hd_now();
}

void hd_output_begin(struct hd_output *o, const struct hd_inputs_spec *spec)
{
	o->progress = o->batch && !o->cli->quiet && isatty(STDERR_FILENO);
	o->erase_before_output = isatty(STDOUT_FILENO);
	o->report_says_errors = o->summary_on_stdout && same_file(STDOUT_FILENO, STDERR_FILENO);
	o->can_erase = hd_console_can_erase();
	o->last_draw = o->start;        /* nothing drawn before PROGRESS_INTERVAL has passed */
	if (o->progress)
		o->total = spec->spool ? o->names_read : hd_inputs_count(spec);
}

/* Erase the progress line (spaces where ESC [ K is not understood: TERM=dumb). */
void hd_output_clear_progress(struct hd_output *a)
{
	if (a->progress_shown && a->can_erase)
		fputs("\r\033[K", stderr);
	else if (a->progress_shown)
		fprintf(stderr, "\r%*s\r", (int)a->progress_len, "");
	a->progress_shown = 0;
}

void hd_output_tick(void *ctx, const struct hd_run_progress *p)
{
	struct hd_output *a = ctx;
	double t = hd_now();
	char line[160];
	long total = a->total >= 0 ? a->total : p->inputs_done ? (long)p->read : -1;

	if (!a->progress || t - a->last_draw < PROGRESS_INTERVAL)
		return;
	a->last_draw = t;
	hd_progress_line(line, sizeof line, p->done, total, p->read, t - a->start);
	hd_output_clear_progress(a);
	fprintf(stderr, "\r%s", line);
	a->progress_len = strlen(line);
	a->progress_shown = 1;
}

/* --fix-reg: write the .reg file the worker made; say on stderr when it holds no edit. */
static void write_fix(struct hd_output *a, const char *path, const struct hd_outcome *o)
{
	const char *file = a->cli->fix_reg;
	const char *inputs[2] = { path, a->cli->opts.software };   /* every hive this run reads */
	char err[256];

	if (o->fix_reg == NULL) {
		fputs("hivediag: ", stderr);
		hd_say_escaped(file);
		fputs(": no .reg file written: the hive was not analyzed\n", stderr);
		a->fix_failed = 1;
		return;
	}
	if (hd_fixfile_write(file, inputs, 2, a->cli->force, o->fix_reg, o->fix_reg_len, err, sizeof err) < 0) {
		fputs("hivediag: ", stderr);
		hd_say_escaped(file);
		fprintf(stderr, ": %s\n", err);
		a->fix_failed = 1;
		return;
	}
	if (o->fix.edits > 0)
		return;
	fputs("hivediag: ", stderr);
	hd_say_escaped(file);
	if (o->fix.without_edit > 0)
		fprintf(stderr, ": no registry edit known: %zu remed%s need%s other steps or "
		        "names (see the comments in the file)\n", o->fix.without_edit,
		        o->fix.without_edit == 1 ? "y" : "ies", o->fix.without_edit == 1 ? "s" : "");
	else
		fputs(": nothing to fix: no warning or error finding\n", stderr);
}

/* The temporary file of a format that shows the counts first failed: the run stops. */
int hd_output_spool_failed(void)
{
	fprintf(stderr, "hivediag: %s: cannot hold the output until the run's counts are known: %s\n",
	        hd_say_tmpdir(), strerror(errno));
	return -1;
}

int hd_output_emit(void *ctx, const char *path, const struct hd_outcome *o)
{
	struct hd_output *a = ctx;

	if (o->folder)
		hd_tally_merge(&a->tally, &o->inner);
	if (o->skipped) {
		a->tally.skipped[o->skipped]++;
		if (!a->verbose)
			return 0;
	}
	if (o->message || a->erase_before_output)
		hd_output_clear_progress(a);
	if (o->message && !a->report_says_errors)
		hd_say_lines(path, o->message);
	if (a->cli->fix_reg)
		write_fix(a, path, o);
	if (hd_document_add(&a->doc, o->report, o->report_len, &o->counts) < 0 && a->doc.spool_failed)
		return hd_output_spool_failed();
	a->written++;
	for (size_t i = 0; i < o->report_len; i++)
		a->lines += o->report[i] == '\n';
	if (o->exit_status > a->worst)
		a->worst = o->exit_status;
	if (!o->skipped && !o->folder)
		hd_tally_add(&a->tally, o->exit_status, o->imc, o->mta);
	return hd_say_stdout_flush();
}

/*
 * One summary line, and what follows it: on stdout after text reports, else
 * on stderr.  Escaped: the peers line quotes names read from hives (issue
 * 26: a SiteDN holding U+202E).  0, or -1.
 */
static int summary_out(const struct hd_output *a, const char *line, const char *tail)
{
	char *esc = hd_escape_text(line, 1);
	const char *shown = esc ? esc : "hivediag: (out of memory)";
	int rc = 0;

	if (a->summary_on_stdout) {
		/* Wrapped like the reports above it (issue 25: 80 columns everywhere). */
		struct hd_tw w;
		char *all = NULL;

		hd_tw_init(&w, stdout, hd_console_width(STDOUT_FILENO), 0);
		if (asprintf(&all, "%s%s", shown, tail) < 0)
			all = NULL;
		hd_tw_para(&w, "", 2, all ? all : shown);
		free(all);
		rc = hd_tw_finish(&w) < 0 || hd_say_stdout_flush() < 0 ? -1 : 0;
	} else
		fprintf(stderr, "%s%s\n", shown, tail);
	free(esc);
	return rc;
}

/* The run's summary and, after a peer pass, the line about the servers' names.  0, or -1. */
static int print_summary(const struct hd_output *a, int interrupted)
{
	char line[512], *p = NULL;
	int rc;

	hd_summary_line(line, sizeof line, &a->tally, hd_now() - a->start);
	if (a->summary_on_stdout && (putchar('\n') == EOF || hd_say_stdout_flush() < 0))
		return -1;
	rc = summary_out(a, line, interrupted ? " (interrupted)" : "");
	if (rc == 0 && a->peers && (p = hd_fleet_summary(a->peers)) != NULL)
		rc = summary_out(a, p, "");
	free(p);
	return rc;
}

/* The completion record could not be made or written (a stream error is said by hd_say_stdout_flush). */
static int completion_failed(void)
{
	if (errno == ENOMEM)
		fprintf(stderr, "hivediag: completion record: %s\n", strerror(errno));
	return HD_EXIT_FAILURE;
}

int hd_output_finish(struct hd_output *a, enum hd_run_status st, int signo)
{
	const struct hd_cli *cli = a->cli;
	int out_ok = 1, status;

	if (st == HD_RUN_EMIT_FAILED) {
		hd_document_discard(&a->doc);
		return HD_EXIT_FAILURE;     /* stdout is gone: hd_say_stdout_flush or hd_output_spool_failed said why */
	}
	if (st != HD_RUN_OK)
		hd_say_run_failed(cli->files_from ? cli->files_from : "(operands)", st);
	if (hd_document_finish(&a->doc) < 0) {
		if (a->doc.spool_failed)
			hd_output_spool_failed();
		else
			hd_say_stdout_flush();
		out_ok = 0;
	} else if (hd_say_stdout_flush() < 0) {
		out_ok = 0;
	}
	if ((a->batch || st == HD_RUN_INTERRUPTED) && !cli->quiet && out_ok)
		out_ok = print_summary(a, st == HD_RUN_INTERRUPTED) == 0;
	if (st == HD_RUN_INTERRUPTED)
		return 128 + signo;
	if (st != HD_RUN_OK || !out_ok)
		return HD_EXIT_FAILURE;
	if (a->written == 0 && cli->shards == 0) {     /* a shard may be empty: --merge refuses a fleet of none */
		/* A CI job that analyzed nothing must not pass. */
		fprintf(stderr, "hivediag: no hives: the list was empty%s\n",
		        cli->recursive ? " or -r found no hive" : "");
		return HD_EXIT_FAILURE;
	}
	status = a->fix_failed && a->worst < HD_EXIT_FAILURE ? HD_EXIT_FAILURE : a->worst;
	/* A shard's -o ndjson ends with its completion record (merge.c), only here: a run cut short has none. */
	if (cli->shards && strcmp(a->doc.format->name, "ndjson") == 0 &&
	    (hd_merge_completion(stdout, cli->shard, cli->shards, a->lines, status) < 0 || hd_say_stdout_flush() < 0))
		return completion_failed();
	/* --no-fail-on-findings: findings are the output, not a failure (an engine fails a task on non-zero). */
	return cli->no_fail_on_findings && status == HD_EXIT_FINDINGS ? HD_EXIT_OK : status;
}

