/*
 * main.c - hivediag: analyze offline SYSTEM hives for Exchange 5.5 start
 * failures (KB Q298565, Q320200) and print the reports: text for a person
 * at a terminal, JSON otherwise.
 *
 * The only file that prints or exits.  Messages go to stderr as
 * "hivediag: FILE: what: why"; exit status: 0 analyzed and clean, 1 a
 * warning or error finding, 2 usage error or a hive not analyzed (or
 * output that could not be written).  The hives themselves are analyzed
 * by runner.c, each in a child process; main writes what comes back.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cli/cli.h"
#include "cli/console.h"
#include "cli/document.h"
#include "cli/fixfile.h"
#include "cli/inputs.h"
#include "cli/merge.h"
#include "cli/peers.h"
#include "cli/progress.h"
#include "cli/reduce.h"
#include "cli/runner.h"
#include "cli/spool.h"
#include "fleet/fleet.h"
#include "report/formats.h"
#include "report/text_wrap.h"
#include "source/pairindex.h"
#include "source/source.h"
#include "source/stream.h"
#include "util/clock.h"
#include "util/textutil.h"

#define PROGRESS_INTERVAL 0.2   /* seconds between redraws of the progress line */

struct app {
	const struct hd_cli *cli;
	struct hd_document doc; /* the output: the format's prefix, pieces, suffix */
	int verbose;            /* --verbose: skipped hives are listed too */
	int summary_on_stdout;  /* the format's output ends with the run's summary */
	int erase_before_output;/* stdout is the terminal the progress line is on */
	int report_says_errors; /* text reports go where stderr goes: their NOT ANALYZED line says it */
	int can_erase;          /* the terminal knows ESC [ K (not TERM=dumb) */
	size_t progress_len;    /* characters of the progress line shown */
	int fix_failed;         /* --fix-reg could not be written */
	size_t written;         /* reports written so far */
	unsigned long lines;    /* lines of them (an archive's piece holds several reports) */
	const struct hd_fleet_table *peers; /* the run's peers table, or NULL */
	int worst;              /* worst exit contribution so far */
	int progress;           /* draw the progress line (stderr is a terminal, no -q) */
	int progress_shown;     /* a progress line is on the terminal now */
	long total;             /* inputs in the run, -1 while unknown */
	long names_read;        /* inputs the names pass met (the progress line's total), -1 none */
	double start, last_draw;
	struct hd_tally tally;
};

/* 0, or -1 when stdout failed (the message, if any, is printed here). */
static int check_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE)  /* a reader that went away (| head) is not an error to report */
		fprintf(stderr, "hivediag: stdout: write error: %s\n", strerror(errno));
	return -1;
}

/* Erase the progress line (spaces where ESC [ K is not understood: TERM=dumb). */
static void clear_progress(struct app *a)
{
	if (a->progress_shown && a->can_erase)
		fputs("\r\033[K", stderr);
	else if (a->progress_shown)
		fprintf(stderr, "\r%*s\r", (int)a->progress_len, "");
	a->progress_shown = 0;
}

static void tick(void *ctx, const struct hd_run_progress *p)
{
	struct app *a = ctx;
	double t = hd_now();
	char line[160];
	long total = a->total >= 0 ? a->total : p->inputs_done ? (long)p->read : -1;

	if (!a->progress || t - a->last_draw < PROGRESS_INTERVAL)
		return;
	a->last_draw = t;
	hd_progress_line(line, sizeof line, p->done, total, p->read, t - a->start);
	clear_progress(a);
	fprintf(stderr, "\r%s", line);
	a->progress_len = strlen(line);
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
#ifdef HD_TEST_HOOKS
/*
 * The test build only (build/hivediag-testhooks, made for tests/cli and
 * never installed): HIVEDIAG_TEST_CRASH=PATH makes the worker given exactly
 * PATH abort, HIVEDIAG_TEST_HANG=PATH makes it hang, so the tests can prove
 * that a crash or a hang costs only that hive's report.  The shipped binary
 * is compiled without HD_TEST_HOOKS: it has neither the code nor the
 * variables' names.
 */
static void test_hook(const char *path)
{
	const char *crash = getenv("HIVEDIAG_TEST_CRASH"), *hang = getenv("HIVEDIAG_TEST_HANG");

	if (crash && strcmp(path, crash) == 0)
		abort();
	while (hang && strcmp(path, hang) == 0)
		pause();
}
#define TEST_HOOK test_hook

/*
 * HIVEDIAG_TEST_PEAK_RSS=FILE: at the end of the run, the parent's own peak
 * resident set (VmHWM of /proc/self/status; the workers are processes of
 * their own) and its resident set now, heap (RssAnon) and mapped files
 * (RssFile: the libraries) apart, are written to FILE, for the test that the parent's memory
 * does not grow with the number of hives (issue 23).
 */
static void test_peak_rss(void)
{
	const char *file = getenv("HIVEDIAG_TEST_PEAK_RSS");
	char line[256];
	FILE *in, *out;

	if (file == NULL || (in = fopen("/proc/self/status", "re")) == NULL)
		return;
	if ((out = fopen(file, "we")) != NULL) {
		while (fgets(line, sizeof line, in))
			if (strncmp(line, "VmHWM:", 6) == 0 || strncmp(line, "VmRSS:", 6) == 0 ||
			    strncmp(line, "RssAnon:", 8) == 0 || strncmp(line, "RssFile:", 8) == 0)
				fputs(line, out);
		fclose(out);
	}
	fclose(in);
}
#define TEST_PEAK_RSS() test_peak_rss()
#else
#define TEST_HOOK NULL
#define TEST_PEAK_RSS() ((void)0)
#endif

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

/* --fix-reg: write the .reg file the worker made; say on stderr when it holds no edit. */
static void write_fix(struct app *a, const char *path, const struct hd_outcome *o)
{
	const char *file = a->cli->fix_reg;
	const char *inputs[2] = { path, a->cli->opts.software };   /* every hive this run reads */
	char err[256];

	if (o->fix_reg == NULL) {
		fputs("hivediag: ", stderr);
		put_escaped(file);
		fputs(": no .reg file written: the hive was not analyzed\n", stderr);
		a->fix_failed = 1;
		return;
	}
	if (hd_fixfile_write(file, inputs, 2, a->cli->force, o->fix_reg, o->fix_reg_len, err, sizeof err) < 0) {
		fputs("hivediag: ", stderr);
		put_escaped(file);
		fprintf(stderr, ": %s\n", err);
		a->fix_failed = 1;
		return;
	}
	if (o->fix.edits > 0)
		return;
	fputs("hivediag: ", stderr);
	put_escaped(file);
	if (o->fix.without_edit > 0)
		fprintf(stderr, ": no registry edit known: %zu remed%s need%s other steps or "
		        "names (see the comments in the file)\n", o->fix.without_edit,
		        o->fix.without_edit == 1 ? "y" : "ies", o->fix.without_edit == 1 ? "s" : "");
	else
		fputs(": nothing to fix: no warning or error finding\n", stderr);
}

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

/* The temporary file of a format that shows the counts first failed: the run stops. */
static int spool_failed(void)
{
	const char *dir = getenv("TMPDIR");

	fprintf(stderr, "hivediag: %s: cannot hold the output until the run's counts are known: %s\n",
	        dir && *dir ? dir : "/tmp", strerror(errno));
	return -1;
}

/* One report, in input order: the stderr message of a failed hive, then the report. */
static int emit(void *ctx, const char *path, const struct hd_outcome *o)
{
	struct app *a = ctx;

	if (o->folder)
		hd_tally_merge(&a->tally, &o->inner);
	if (o->skipped) {
		a->tally.skipped[o->skipped]++;
		if (!a->verbose)
			return 0;
	}
	if (o->message || a->erase_before_output)
		clear_progress(a);
	if (o->message && !a->report_says_errors)
		print_lines(path, o->message);
	if (a->cli->fix_reg)
		write_fix(a, path, o);
	if (hd_document_add(&a->doc, o->report, o->report_len, &o->counts) < 0 && a->doc.spool_failed)
		return spool_failed();
	a->written++;
	for (size_t i = 0; i < o->report_len; i++)
		a->lines += o->report[i] == '\n';
	if (o->exit_status > a->worst)
		a->worst = o->exit_status;
	if (!o->skipped && !o->folder)
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

/* How the workers render: the format, JSON's layout, the width and colours of stdout. */
static struct hd_render render_for(const struct hd_cli *cli, const struct hd_format *format)
{
	struct hd_render r = { .format = format, .fix_reg = cli->fix_reg != NULL,
	                       .skip_other_kinds = cli->recursive,
	                       .list_skipped = cli->verbose };

	r.style.text.width = hd_console_width(STDOUT_FILENO);
	r.style.text.color = hd_console_color(STDOUT_FILENO);
	r.style.json = cli->style == HD_STYLE_PRETTY || (cli->style == HD_STYLE_AUTO && isatty(STDOUT_FILENO))
	             ? HD_REPORT_PRETTY : HD_REPORT_COMPACT;
	return r;
}

/*
 * One summary line, and what follows it: on stdout after text reports, else
 * on stderr.  Escaped: the peers line quotes names read from hives (issue
 * 26: a SiteDN holding U+202E).  0, or -1.
 */
static int summary_out(const struct app *a, const char *line, const char *tail)
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
		rc = hd_tw_finish(&w) < 0 || check_stdout() < 0 ? -1 : 0;
	} else
		fprintf(stderr, "%s%s\n", shown, tail);
	free(esc);
	return rc;
}

/* The run's summary and, after a peer pass, the line about the servers' names.  0, or -1. */
static int print_summary(const struct app *a, const struct hd_fleet_table *peers, int interrupted)
{
	char line[512], *p = NULL;
	int rc;

	hd_summary_line(line, sizeof line, &a->tally, hd_now() - a->start);
	if (a->summary_on_stdout && (putchar('\n') == EOF || check_stdout() < 0))
		return -1;
	rc = summary_out(a, line, interrupted ? " (interrupted)" : "");
	if (rc == 0 && peers && (p = hd_fleet_summary(peers)) != NULL)
		rc = summary_out(a, p, "");
	free(p);
	return rc;
}

/* The completion record could not be made or written (a stream error is said by check_stdout). */
static int completion_failed(void)
{
	if (errno == ENOMEM)
		fprintf(stderr, "hivediag: completion record: %s\n", strerror(errno));
	return HD_EXIT_FAILURE;
}

/*
 * The end of every run, complete or not: end the document (a JSON array, a
 * JUnit file that parses even after an error or a signal), print the
 * summary, and choose the exit status.
 */
static int finish_run(const struct hd_cli *cli, struct app *a, int batch, enum hd_run_status st,
                      const struct hd_fleet_table *peers)
{
	int out_ok = 1, status;

	if (st == HD_RUN_EMIT_FAILED) {
		hd_document_discard(&a->doc);
		return HD_EXIT_FAILURE;     /* stdout is gone: check_stdout or spool_failed said why */
	}
	if (st != HD_RUN_OK)
		run_failed(cli, st);
	if (hd_document_finish(&a->doc) < 0) {
		if (a->doc.spool_failed)
			spool_failed();
		else
			check_stdout();
		out_ok = 0;
	} else if (check_stdout() < 0) {
		out_ok = 0;
	}
	if ((batch || st == HD_RUN_INTERRUPTED) && !cli->quiet && out_ok)
		out_ok = print_summary(a, peers, st == HD_RUN_INTERRUPTED) == 0;
	if (st == HD_RUN_INTERRUPTED)
		return 128 + stop_signal;
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
	    (hd_merge_completion(stdout, cli->shard, cli->shards, a->lines, status) < 0 || check_stdout() < 0))
		return completion_failed();
	/* --no-fail-on-findings: findings are the output, not a failure (an engine fails a task on non-zero). */
	return cli->no_fail_on_findings && status == HD_EXIT_FINDINGS ? HD_EXIT_OK : status;
}

/* "hivediag: FILE: what: why" for the list of hives (escaped), errno's text. */
static int list_failed(const struct hd_cli *cli, const char *what)
{
	int e = errno;

	fputs("hivediag: ", stderr);
	put_escaped(cli->files_from ? cli->files_from : "(operands)");
	fprintf(stderr, ": %s: %s\n", what, strerror(e));
	return HD_EXIT_FAILURE;
}

/* The names pass could not write its output (export or spool) or keep its table: why.  The exit status. */
static int names_pass_failed(const struct hd_cli *cli, const struct hd_names_pass *p, enum hd_run_status st)
{
	const char *dir = getenv("TMPDIR");

	if (st != HD_RUN_EMIT_FAILED) {
		run_failed(cli, st);
	} else if (p->export_failed) {
		errno = p->export_errno;
		check_stdout();
	} else if (p->spool && p->spool->write_errno) {
		errno = p->spool->write_errno;
		fprintf(stderr, "hivediag: %s: cannot keep the list of inputs for the analysis pass: %s\n",
		        dir && *dir ? dir : "/tmp", strerror(errno));
	} else {
		fprintf(stderr, "hivediag: peers: %s\n", strerror(errno));
	}
	return HD_EXIT_FAILURE;
}

/*
 * The names pass (issues 17, 23): every input's names record, read through
 * the worker pool, into p's table, export and spool.  0, HD_RUN_INTERRUPTED
 * (a signal), or the exit status of a failure (its message printed).
 */
static int names_pass(const struct hd_cli *cli, const struct hd_inputs_spec *spec, const struct hd_run_config *cfg,
                      struct hd_names_pass *p)
{
	struct hd_inputs *in = hd_inputs_open(spec);
	enum hd_run_status st;

	if (in == NULL)
		return list_failed(cli, "cannot open");
	st = hd_names_pass_run(in, cfg, p);
	hd_inputs_close(in);
	if (st == HD_RUN_OK || st == HD_RUN_INTERRUPTED)
		return st;      /* interrupted: run_all ends the run as any signal does */
	return names_pass_failed(cli, p, st);
}

/*
 * --names (issue 23): the names export, one record line per input in input
 * order, then the completion record; no report.  0, or 2 when any input
 * could not be read; a signal ends it without a completion record (the
 * export is then incomplete, and --reduce says so).
 */
static int names_export(const struct hd_cli *cli, const struct hd_inputs_spec *spec, const struct hd_run_config *cfg)
{
	struct hd_names_pass p = { .export = stdout };
	struct hd_run_config hashed = *cfg;
	struct hd_fleet_completion done = { .shard = cli->shard, .shards = cli->shards, .kind = "names" };
	char *line;
	int rc;

	hashed.names_hash = 1;  /* the export names the file read by its SHA-256 */
	if ((rc = names_pass(cli, spec, &hashed, &p)) == HD_RUN_INTERRUPTED) {
		check_stdout();
		return 128 + stop_signal;
	}
	if (rc != 0)
		return rc;
	done.hives = p.records;
	done.worst = p.unread ? HD_EXIT_FAILURE : HD_EXIT_OK;
	if ((line = hd_fleet_completion_json(&done)) == NULL || puts(line) == EOF || check_stdout() < 0) {
		if (line == NULL)
			fprintf(stderr, "hivediag: %s\n", strerror(errno));
		free(line);
		return HD_EXIT_FAILURE;
	}
	free(line);
	if (p.unread && !cli->quiet)
		fprintf(stderr, "hivediag: names: %lu of %lu input%s could not be read (see their records' error)\n",
		        p.unread, p.records, p.records == 1 ? "" : "s");
	if (p.records == 0 && cli->shards == 0) {
		fprintf(stderr, "hivediag: no hives: the list was empty%s\n", cli->recursive ? " or -r found no hive" : "");
		return HD_EXIT_FAILURE;
	}
	return p.unread ? HD_EXIT_FAILURE : HD_EXIT_OK;
}

/*
 * The names pass of a run over several hives: the inputs it enumerated in
 * spool for the analysis (the tree is walked once), under -r each file
 * noted for the pairing (source/pairindex.h), and when table is not NULL
 * the names in a new *table, finished (scopes, near-miss index).  Without
 * a table to build (--no-peers, --peers-table) it runs under -r only, and
 * reads no names: the walk and the notes keep every hive to two opens
 * there too.  0, HD_RUN_INTERRUPTED, or the exit status of a failure (its
 * message printed).  Without a table, a spool that cannot be made is no
 * failure: the analysis then walks the inputs itself (spool not open).
 */
static int names_first(const struct hd_cli *cli, const struct hd_inputs_spec *spec, const struct hd_run_config *cfg,
                       struct hd_spool *spool, struct hd_fleet_table **table, long *met)
{
	struct hd_names_pass p = { .spool = spool, .notes_only = table == NULL };
	struct hd_run_config noting = *cfg;
	const char *dir = getenv("TMPDIR");
	int rc;

	if (hd_spool_open(spool) < 0) {
		if (table == NULL)
			return 0;
		fprintf(stderr, "hivediag: %s: cannot keep the list of inputs for the analysis pass "
		        "(--no-peers runs without it): %s\n", dir && *dir ? dir : "/tmp", strerror(errno));
		return HD_EXIT_FAILURE;
	}
	if (table && (p.table = *table = hd_fleet_table_new()) == NULL) {
		fprintf(stderr, "hivediag: %s\n", strerror(errno));
		return HD_EXIT_FAILURE;
	}
	/* -r: the names pass notes each file for the pairing (source/pairindex.h).
	 * Without the index the pairing opens the files itself: no message. */
	noting.names_notes = cfg->render.skip_other_kinds && hd_pairindex_begin() == 0;
	if ((rc = names_pass(cli, spec, &noting, &p)) != 0)
		return rc;
	*met = (long)p.records;
	/* SIGINT is polled while the table is built (fleet.h): within a second. */
	if (table && hd_fleet_table_finish(*table, &stop_signal) < 0) {
		if (errno == EINTR)
			return HD_RUN_INTERRUPTED;
		fprintf(stderr, "hivediag: peers: %s\n", strerror(errno));
		return HD_EXIT_FAILURE;
	}
	if (hd_spool_rewind(spool) < 0)
		return names_pass_failed(cli, &p, HD_RUN_EMIT_FAILED);
	if (noting.names_notes)
		(void)hd_pairindex_seal();
	return 0;
}

/* The analysis proper: every hive, reports in input order, then the summary.  The exit status. */
static int analyze_all(const struct hd_cli *cli, const struct hd_inputs_spec *spec, const struct hd_run_config *cfg,
                       const struct hd_run_hooks *hooks, struct app *a, int batch)
{
	struct hd_inputs *in = hd_inputs_open(spec);
	enum hd_run_status st;

	if (in == NULL)
		return list_failed(cli, "cannot open");
	/* Only for a person watching several hives: never on a pipe or a file. */
	a->progress = batch && !cli->quiet && isatty(STDERR_FILENO);
	a->erase_before_output = isatty(STDOUT_FILENO);
	a->report_says_errors = a->summary_on_stdout && same_file(STDOUT_FILENO, STDERR_FILENO);
	a->can_erase = hd_console_can_erase();
	a->last_draw = a->start;  /* nothing drawn before PROGRESS_INTERVAL has passed */
	if (a->progress)
		a->total = spec->spool ? a->names_read : hd_inputs_count(spec);
	st = hd_run(in, cfg, hooks);
	hd_inputs_close(in);
	clear_progress(a);
	return finish_run(cli, a, batch, st, a->peers);
}

/* 1 when --fix-reg names a file the run reads (each HIVE, --software, their logs) or, unforced, any file. */
static int fix_reg_refused(const struct hd_cli *cli, char *err, size_t errlen)
{
	const char **inputs = calloc(cli->n_hives + 1, sizeof *inputs);
	int refused;

	if (inputs == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < cli->n_hives; i++)
		inputs[i] = cli->hives[i];
	inputs[cli->n_hives] = cli->opts.software;
	refused = hd_fixfile_check(cli->fix_reg, inputs, cli->n_hives + 1, cli->force, err, errlen) < 0;
	free(inputs);
	return refused;
}

/*
 * The operand "-" (issue 22): standard input read once, before any worker
 * starts, into a sealed memfd every worker inherits (*fd > 0; 0 when no
 * operand is "-").  0, or the exit status of a failure (its message printed).
 */
static int read_stdin_operand(const struct hd_cli *cli, int *fd)
{
	struct hd_src_limits lim;
	struct hd_src_error e = { 0 };
	int dash = 0;

	*fd = 0;
	for (size_t i = 0; i < cli->n_hives; i++)
		dash |= strcmp(cli->hives[i], "-") == 0;
	if (!dash)
		return 0;
	hd_src_limits_default(&lim);
	if (hd_src_read_stream(STDIN_FILENO, lim.max_member_bytes, fd, &e) < 0) {
		fputs("hivediag: -: standard input: ", stderr);
		put_escaped(e.message ? e.message : strerror(e.err));
		fputc('\n', stderr);
		hd_src_error_clear(&e);
		return HD_EXIT_FAILURE;
	}
	return 0;
}

/*
 * 1 when the one operand is a folder of reports (issue 22): a disk image or
 * an archive, by content (the first bytes only: the parent parses no
 * evidence); "-" is standard input's memfd stdin_fd.
 */
static int operand_is_folder(const char *path, int stdin_fd)
{
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? stdin_fd : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	enum hd_src_kind kind = HD_KIND_NONE;
	struct stat st;

	if (fd <= 0 && is_stdin)
		return 0;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		(void)hd_src_sniff(fd, &kind);
	if (fd >= 0 && !is_stdin)
		close(fd);
	return kind == HD_KIND_ARCHIVE || kind == HD_KIND_IMAGE;
}

static int run_all(const struct hd_cli *cli, const struct hd_format *format)
{
	char *root[1] = { (char *)cli->root };
	struct hd_inputs_spec spec = {
		.paths = cli->root ? root : cli->hives, .n_paths = cli->root ? 1 : cli->n_hives,
		.files_from = cli->files_from, .delim = cli->null_separated ? '\0' : '\n', .recursive = cli->recursive,
		.passed_over = cli->recursive && !cli->root, .shard = cli->shard, .shards = cli->shards,
		.classify_later = 1,    /* the names pass reads each file once, in a worker (issue 23) */
	};
	struct hd_inputs_spec spooled = { .spool = NULL };
	struct hd_spool spool = { 0 };
	struct hd_fleet_table *table = NULL;
	int batch = cli->recursive || cli->files_from || cli->n_hives > 1;
	int listing;
	struct app a = { .cli = cli, .total = -1, .names_read = -1, .verbose = cli->verbose, .start = hd_now(),
	                 .summary_on_stdout = (format->flags & HD_FORMAT_SUMMARY_ON_STDOUT) != 0 };
	struct hd_options opts = cli->opts;
	struct hd_run_config cfg = {
		.opts = &opts, .jobs = cli->jobs ? cli->jobs : cpu_count(), .timeout = cli->timeout,
		.hives_per_worker = cli->isolate ? 1 : HD_RUN_HIVES_PER_WORKER,
		.root = cli->root != NULL,
		.before_hive = TEST_HOOK,
		.render = render_for(cli, format), .stop = &stop_signal,
	};
	struct hd_run_hooks hooks = { .ctx = &a, .emit = emit, .tick = tick };
	char err[256];
	int rc = 0;

	if ((rc = read_stdin_operand(cli, &cfg.render.stdin_fd)) != 0)
		return rc;
	/* --root, and a disk image or an archive as the one operand: the
	 * installations' or the archive's reports are one array too (issue 22). */
	listing = cli->root || (cli->n_hives == 1 && operand_is_folder(cli->hives[0], cfg.render.stdin_fd));
	/* Refused before the analysis, not after it. */
	if (cli->fix_reg && fix_reg_refused(cli, err, sizeof err)) {
		fputs("hivediag: ", stderr);
		put_escaped(cli->fix_reg);
		fprintf(stderr, ": %s\n", err);
		return HD_EXIT_FAILURE;
	}
	if (cli->peers_table && !cli->names && (table = hd_reduce_peers_table(cli->peers_table)) == NULL)
		return HD_EXIT_FAILURE;
	if (hd_document_open(&a.doc, format, batch || listing, stdout) < 0) {
		spool_failed();
		hd_fleet_table_free(table);
		return HD_EXIT_FAILURE;
	}
	if (cli->names) {
		rc = names_export(cli, &spec, &cfg);
		hd_document_discard(&a.doc);
	} else {
		/* The names pass walks the tree once; the analysis reads back its spool (issue 23). */
		/* The names of this run into a new table, unless --peers-table gave
		 * the fleet's or --no-peers wants none; under -r the pass runs
		 * anyway, for the one walk and the pairing's notes. */
		int build = table == NULL && batch && !cli->no_peers;

		if (table) {
			a.peers = table;
			opts.rules.peers = table;
		}
		if ((build || (batch && cfg.render.skip_other_kinds)) &&
		    (rc = names_first(cli, &spec, &cfg, &spool, build ? &table : NULL, &a.names_read)) == 0) {
			if (spool.open)
				spooled.spool = &spool;
			if (build) {
				a.peers = table;
				opts.rules.peers = table;
			}
		}
		spec.classify_later = 0;
		if (rc == HD_RUN_INTERRUPTED)       /* no report yet: an empty array, the summary */
			rc = finish_run(cli, &a, batch, HD_RUN_INTERRUPTED, NULL);
		else if (rc == 0)
			rc = analyze_all(cli, spooled.spool ? &spooled : &spec, &cfg, &hooks, &a, batch);
		hd_document_discard(&a.doc);       /* a run that ended before finish_run */
	}
	hd_fleet_table_free(table);
	hd_pairindex_end();
	if (spool.open)
		hd_spool_close(&spool);
	if (cfg.render.stdin_fd > 0)
		close(cfg.render.stdin_fd);
	return rc;
}

/* --list-rules in the format (cli.c refused a format without a rule list). */
static int list_rules(const struct hd_format *format)
{
	int rc;

	errno = 0;
	rc = format->rules(stdout);
	if (rc < 0 && errno == ENOMEM)
		fprintf(stderr, "hivediag: --list-rules: %s\n", strerror(errno));
	return rc < 0 || check_stdout() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct hd_cli cli;
	const struct hd_format *format;
	char err[256];
	int rc;

	signal(SIGPIPE, SIG_IGN);   /* EPIPE is handled as an output error */
	catch_stop_signals();
	if (hd_cli_parse(argc, argv, &cli, err, sizeof err) < 0) {
		fputs("hivediag: ", stderr);
		put_escaped(err);       /* it quotes an argument: escaped like any path */
		/* One line saying what is wrong, then where help is (issue 25; GNU's
		 * convention): the whole synopsis buried the line that mattered. */
		fputs("\nTry 'hivediag --help' for more information.\n", stderr);
		return HD_EXIT_FAILURE;
	}
	/* Text for a person at a terminal, JSON for a pipe or a file. */
	format = cli.format ? cli.format : hd_format_find(isatty(STDOUT_FILENO) ? "text" : "json");
	if (cli.help || cli.version) {
		if (cli.help)
			hd_cli_help(stdout);
		else
			puts("hivediag " HD_VERSION);
		return check_stdout() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
	}
	if (cli.list_rules)
		return list_rules(format);
	if (cli.merge)
		return hd_merge_main(cli.hives, cli.n_hives, cli.quiet, cli.no_fail_on_findings);
	if (cli.reduce)
		return hd_reduce_main(cli.hives, cli.n_hives, cli.quiet, &stop_signal);
	rc = run_all(&cli, format);
	TEST_PEAK_RSS();
	return rc;
}
