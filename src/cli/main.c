/*
 * main.c - hivediag: analyze offline SYSTEM hives for Exchange 5.5 start
 * failures (KB Q298565, Q320200) and print JSON reports.
 *
 * The only file that prints or exits.  Messages go to stderr as
 * "hivediag: FILE: what: why"; exit status: 0 analyzed and clean, 1 a
 * warning or error finding, 2 usage error or a hive not analyzed (or
 * output that could not be written).  The hives themselves are analyzed
 * by runner.c, each in a child process; main writes what comes back.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cli/cli.h"
#include "cli/inputs.h"
#include "cli/peers.h"
#include "cli/progress.h"
#include "report/report.h"
#include "cli/runner.h"

#define PROGRESS_INTERVAL 0.2   /* seconds between redraws of the progress line */

struct app {
	int array;              /* json format, batch run: reports in one array */
	size_t written;         /* reports written so far */
	int worst;              /* worst exit contribution so far */
	int progress;           /* draw the progress line (stderr is a terminal, no -q) */
	int progress_shown;     /* a progress line is on the terminal now */
	long total;             /* inputs in the run, -1 while unknown */
	double start, last_draw;
	struct hd_tally tally;
	int finished;           /* every report written: the summary may follow */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 0, or -1 when stdout failed (the message, if any, is printed here). */
static int check_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE)  /* a reader that went away (| head) is not an error to report */
		fprintf(stderr, "hivediag: stdout: write error: %s\n", strerror(errno));
	return -1;
}

static void clear_progress(struct app *a)
{
	if (a->progress_shown)
		fputs("\r\033[K", stderr);
	a->progress_shown = 0;
}

static void tick(void *ctx, const struct hd_run_progress *p)
{
	struct app *a = ctx;
	double t = now();
	char line[160];
	long total = a->total >= 0 ? a->total : p->inputs_done ? (long)p->read : -1;

	if (!a->progress || t - a->last_draw < PROGRESS_INTERVAL)
		return;
	a->last_draw = t;
	hd_progress_line(line, sizeof line, p->done, total, p->read, t - a->start);
	fprintf(stderr, "\r%s\033[K", line);
	a->progress_shown = 1;
}

/* Each line of text as "hivediag: PATH: line". */
static void print_lines(const char *path, const char *text)
{
	const char *nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		fprintf(stderr, "hivediag: %s: %.*s\n", path, (int)(nl - text), text);
		text = nl + 1;
	}
	fprintf(stderr, "hivediag: %s: %s\n", path, text);
}

/* One report, in input order: the stderr message of a failed hive, then the report. */
static int emit(void *ctx, const char *path, const struct hd_outcome *o)
{
	struct app *a = ctx;

	if (o->message) {
		clear_progress(a);
		print_lines(path, o->message);
	}
	if (a->array)
		fputs(a->written ? ",\n" : "[\n", stdout);
	fwrite(o->report, 1, o->report_len, stdout);
	a->written++;
	if (o->exit_status > a->worst)
		a->worst = o->exit_status;
	hd_tally_add(&a->tally, o->exit_status, o->imc, o->mta);
	return check_stdout();
}

static unsigned cpu_count(void)
{
	cpu_set_t set;
	long n;

	/* The CPUs this process may run on (a container's cpuset), not the machine's. */
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static int run_failed(const struct hd_cli *cli, enum hd_run_status st)
{
	if (st == HD_RUN_INPUT_FAILED)
		fprintf(stderr, "hivediag: %s: cannot read the list of hives: %s\n",
		        cli->files_from ? cli->files_from : "(operands)", strerror(errno));
	else if (st == HD_RUN_SYSTEM_FAILED)
		fprintf(stderr, "hivediag: %s\n", strerror(errno));
	return HD_EXIT_FAILURE;
}

/* The analysis proper: every hive, reports in input order.  The exit status. */
static int analyze_all(const struct hd_cli *cli, const struct hd_inputs_spec *spec,
                       const struct hd_run_config *cfg, const struct hd_run_hooks *hooks, struct app *a)
{
	struct hd_inputs *in = hd_inputs_open(spec);
	enum hd_run_status st;

	if (in == NULL) {
		fprintf(stderr, "hivediag: %s: cannot open: %s\n", cli->files_from, strerror(errno));
		return HD_EXIT_FAILURE;
	}
	/* Never on a pipe or a file: the line is for a person watching. */
	a->progress = !cli->quiet && isatty(STDERR_FILENO);
	if (a->progress)
		a->total = hd_inputs_count(spec);
	st = hd_run(in, cfg, hooks);
	hd_inputs_close(in);
	clear_progress(a);
	if (st != HD_RUN_OK)
		return run_failed(cli, st);
	if (a->array && (fputs(a->written ? "]\n" : "[]\n", stdout) == EOF || check_stdout() < 0))
		return HD_EXIT_FAILURE;
	a->finished = 1;
	return a->worst;
}

/* The closing summary of a batch run (not with -q), and the peers' line. */
static void print_summary(const struct hd_cli *cli, int batch, const struct app *a,
                          const struct hd_peer_table *peers, char *line, size_t len)
{
	char *p;

	if (!batch || cli->quiet)
		return;
	fprintf(stderr, "%s\n", hd_summary_line(line, len, &a->tally, now() - a->start));
	if (peers && (p = hd_peers_summary(peers)) != NULL) {
		fprintf(stderr, "%s\n", p);
		free(p);
	}
}

/*
 * The peer pass (issue 17): in a run over several hives, read every hive's
 * names first, so that each analysis knows the other servers'.  0, or the
 * exit status of a failure (its message printed).
 */
static int peer_pass(const struct hd_cli *cli, struct hd_inputs_spec *spec, const struct hd_run_config *cfg,
                     struct hd_peer_table *t, char *list_name, size_t len, int *list_fd)
{
	struct hd_inputs *in;
	enum hd_run_status st;

	if (hd_peers_spool(spec, list_name, len, list_fd) < 0) {
		fprintf(stderr, "hivediag: %s: cannot keep the list for the peer pass (--no-peers runs "
		        "without it): %s\n", cli->files_from, strerror(errno));
		return HD_EXIT_FAILURE;
	}
	if ((in = hd_inputs_open(spec)) == NULL) {
		fprintf(stderr, "hivediag: %s: cannot open: %s\n", cli->files_from, strerror(errno));
		return HD_EXIT_FAILURE;
	}
	st = hd_peers_collect(in, cfg, t);
	hd_inputs_close(in);
	return st == HD_RUN_OK ? 0 : run_failed(cli, st);
}

static int run_all(const struct hd_cli *cli)
{
	struct hd_inputs_spec spec = {
		.paths = cli->hives, .n_paths = cli->n_hives, .files_from = cli->files_from,
		.delim = cli->null_separated ? '\0' : '\n', .recursive = cli->recursive,
	};
	int batch = cli->recursive || cli->files_from || cli->n_hives > 1;
	struct app a = { .array = batch && cli->format == HD_FORMAT_JSON, .total = -1, .start = now() };
	struct hd_options opts = cli->opts;
	struct hd_peer_table peers = { 0 };
	struct hd_run_config cfg = {
		.opts = &opts, .jobs = cli->jobs ? cli->jobs : cpu_count(), .timeout = cli->timeout,
		.test_crash = getenv("HIVEDIAG_TEST_CRASH"), .test_hang = getenv("HIVEDIAG_TEST_HANG"),
	};
	struct hd_run_hooks hooks = { .ctx = &a, .emit = emit, .tick = tick };
	char line[512], list_name[64];
	int rc, list_fd = -1;

	cfg.style = cli->format == HD_FORMAT_NDJSON ? HD_REPORT_COMPACT
	          : cli->style == HD_STYLE_PRETTY || (cli->style == HD_STYLE_AUTO && isatty(STDOUT_FILENO))
	          ? HD_REPORT_PRETTY : HD_REPORT_COMPACT;
	if (batch && !cli->no_peers) {
		if ((rc = peer_pass(cli, &spec, &cfg, &peers, list_name, sizeof list_name, &list_fd)) != 0)
			goto done;
		opts.peers = &peers;
	}
	rc = analyze_all(cli, &spec, &cfg, &hooks, &a);
	if (a.finished)
		print_summary(cli, batch, &a, opts.peers, line, sizeof line);
done:
	hd_peer_table_clear(&peers);
	if (list_fd >= 0)
		close(list_fd);
	return rc;
}

static int list_rules(void)
{
	struct hd_report *r = hd_report_rules();
	int rc = r ? hd_report_write(r, stdout, HD_REPORT_PRETTY) : -1;

	if (r == NULL)
		fprintf(stderr, "hivediag: --list-rules: %s\n", strerror(errno));
	hd_report_free(r);
	return rc < 0 || check_stdout() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct hd_cli cli;
	char err[256];

	signal(SIGPIPE, SIG_IGN);   /* EPIPE is handled as an output error */
	if (hd_cli_parse(argc, argv, &cli, err, sizeof err) < 0) {
		fprintf(stderr, "hivediag: %s\n%s", err, hd_usage);
		return HD_EXIT_FAILURE;
	}
	if (cli.list_rules)
		return list_rules();
	if (cli.help || cli.version) {
		if (cli.help)
			fputs(hd_usage, stdout);
		else
			puts("hivediag " HD_VERSION);
		return check_stdout() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
	}
	return run_all(&cli);
}
