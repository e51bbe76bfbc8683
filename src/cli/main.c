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
#include "cli/progress.h"
#include "cli/runner.h"
#include "report/report.h"
#include "util/textutil.h"

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

/* s with control characters and bytes that are not UTF-8 escaped (issue
 * 12: a file name with a newline made one message two lines). */
static void put_escaped(const char *s)
{
	char *esc = hd_escape_text(s, 1);

	fputs(esc ? esc : "(out of memory)", stderr);
	free(esc);
}

/* Each line of text as "hivediag: PATH: line", escaped. */
static void print_lines(const char *path, const char *text)
{
	const char *nl;

	do {
		char *line = (nl = strchr(text, '\n')) ? strndup(text, (size_t)(nl - text)) : NULL;

		fputs("hivediag: ", stderr);
		put_escaped(path);
		fputs(": ", stderr);
		put_escaped(line ? line : nl ? "(out of memory)" : text);
		fputc('\n', stderr);
		free(line);
		text = nl ? nl + 1 : text;
	} while (nl);
}

/* Set by SIGINT/SIGTERM: the run stops (runner.c) and main exits 128 + it. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;        /* no SA_RESTART: poll wakes up at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
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

static void run_failed(const struct hd_cli *cli, enum hd_run_status st)
{
	int e = errno;

	if (st == HD_RUN_INPUT_FAILED) {
		fputs("hivediag: ", stderr);
		put_escaped(cli->files_from ? cli->files_from : "(operands)");
		if (e == ENAMETOOLONG)
			fprintf(stderr, ": cannot read the list of hives: an entry is longer than %u bytes "
			        "(not a list of file names?)\n", HD_LIST_ENTRY_MAX);
		else if (e == EINVAL)
			fprintf(stderr, ": cannot read the list of hives: more than %u empty entries in a row "
			        "(not a list of file names?)\n", HD_LIST_EMPTY_MAX);
		else
			fprintf(stderr, ": cannot read the list of hives: %s\n", strerror(e));
	} else if (st == HD_RUN_SYSTEM_FAILED) {
		fprintf(stderr, "hivediag: %s\n", strerror(e));
	}
}

/*
 * The end of every run, complete or not: close the JSON array (an output
 * that parses even after an error or a signal), print the summary, and
 * choose the exit status.
 */
static int finish_run(const struct hd_cli *cli, struct app *a, int batch, enum hd_run_status st)
{
	char line[512];
	int out_ok = 1;

	if (st == HD_RUN_EMIT_FAILED)
		return HD_EXIT_FAILURE;     /* stdout is gone: check_stdout said why */
	if (st != HD_RUN_OK)
		run_failed(cli, st);
	if (a->array &&
	    (fputs(a->written ? "]\n" : "[]\n", stdout) == EOF || check_stdout() < 0))
		out_ok = 0;
	if ((batch || st == HD_RUN_INTERRUPTED) && !cli->quiet)
		fprintf(stderr, "%s%s\n", hd_summary_line(line, sizeof line, &a->tally, now() - a->start),
		        st == HD_RUN_INTERRUPTED ? " (interrupted)" : "");
	if (st == HD_RUN_INTERRUPTED)
		return 128 + stop_signal;
	if (st != HD_RUN_OK || !out_ok)
		return HD_EXIT_FAILURE;
	if (a->written == 0) {
		/* A CI job that analyzed nothing must not pass. */
		fprintf(stderr, "hivediag: no hives: the list was empty%s\n",
		        cli->recursive ? " or -r found no hive" : "");
		return HD_EXIT_FAILURE;
	}
	return a->worst;
}

static int run_all(const struct hd_cli *cli)
{
	struct hd_inputs_spec spec = {
		.paths = cli->hives, .n_paths = cli->n_hives, .files_from = cli->files_from,
		.delim = cli->null_separated ? '\0' : '\n', .recursive = cli->recursive,
	};
	int batch = cli->recursive || cli->files_from || cli->n_hives > 1;
	struct app a = { .array = batch && cli->format == HD_FORMAT_JSON, .total = -1, .start = now() };
	struct hd_run_config cfg = {
		.opts = &cli->opts, .jobs = cli->jobs ? cli->jobs : cpu_count(), .timeout = cli->timeout,
		.test_crash = getenv("HIVEDIAG_TEST_CRASH"), .test_hang = getenv("HIVEDIAG_TEST_HANG"),
	};
	struct hd_run_hooks hooks = { .ctx = &a, .emit = emit, .tick = tick };
	struct hd_inputs *in = hd_inputs_open(&spec);
	enum hd_run_status st;

	if (in == NULL) {
		int e = errno;

		fputs("hivediag: ", stderr);
		put_escaped(cli->files_from);
		fprintf(stderr, ": cannot open: %s\n", strerror(e));
		return HD_EXIT_FAILURE;
	}
	cfg.stop = &stop_signal;
	cfg.style = cli->format == HD_FORMAT_NDJSON ? HD_REPORT_COMPACT
	          : cli->style == HD_STYLE_PRETTY || (cli->style == HD_STYLE_AUTO && isatty(STDOUT_FILENO))
	          ? HD_REPORT_PRETTY : HD_REPORT_COMPACT;
	/* Never on a pipe or a file: the line is for a person watching. */
	a.progress = !cli->quiet && isatty(STDERR_FILENO);
	if (a.progress)
		a.total = hd_inputs_count(&spec);
	st = hd_run(in, &cfg, &hooks);
	hd_inputs_close(in);
	clear_progress(&a);
	return finish_run(cli, &a, batch, st);
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
	catch_stop_signals();
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
