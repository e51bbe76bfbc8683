/*
 * main.c - hivediag: analyze offline SYSTEM hives for Exchange 5.5 start
 * failures (KB Q298565, Q320200) and print the reports: text for a person
 * at a terminal, JSON otherwise.
 *
 * Where the run is chosen and the process exits.  Messages go to stderr as
 * "hivediag: FILE: what: why" (say.h); exit status: 0 analyzed and clean,
 * 1 a warning or error finding, 2 usage error or a hive not analyzed (or
 * output that could not be written).  The hives themselves are analyzed
 * by runner.c, each in a child process; output.c writes what comes back.
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

#include "cli/cli.h"
#include "cli/console.h"
#include "cli/document.h"
#include "cli/fixfile.h"
#include "cli/inputs.h"
#include "cli/merge.h"
#include "cli/output.h"
#include "cli/peers.h"
#include "cli/reduce.h"
#include "cli/runner.h"
#include "cli/say.h"
#include "cli/spool.h"
#include "fleet/fleet.h"
#include "report/formats.h"
#include "source/pairindex.h"
#include "source/source.h"
#include "source/stream.h"


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

/* The list of hives, as messages name it: the --files-from file, or the operands. */
static const char *list_name(const struct hd_cli *cli)
{
	return cli->files_from ? cli->files_from : "(operands)";
}

/* "hivediag: LIST: cannot open: why" (errno's text).  The exit status. */
static int list_failed(const struct hd_cli *cli)
{
	char why[128];

	snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
	hd_say(list_name(cli), why);
	return HD_EXIT_FAILURE;
}

/* The names pass could not write its output (export or spool) or keep its table: why.  The exit status. */
static int names_pass_failed(const struct hd_cli *cli, const struct hd_names_pass *p, enum hd_run_status st)
{
	if (st != HD_RUN_EMIT_FAILED) {
		hd_say_run_failed(list_name(cli), st);
	} else if (p->export_failed) {
		errno = p->export_errno;
		hd_say_stdout_flush();
	} else if (p->spool && p->spool->write_errno) {
		errno = p->spool->write_errno;
		fprintf(stderr, "hivediag: %s: cannot keep the list of inputs for the analysis pass: %s\n",
		        hd_say_tmpdir(), strerror(errno));
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
		return list_failed(cli);
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
		hd_say_stdout_flush();
		return 128 + stop_signal;
	}
	if (rc != 0)
		return rc;
	done.hives = p.records;
	done.worst = p.unread ? HD_EXIT_FAILURE : HD_EXIT_OK;
	if ((line = hd_fleet_completion_json(&done)) == NULL || puts(line) == EOF || hd_say_stdout_flush() < 0) {
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
	int rc;

	if (hd_spool_open(spool) < 0) {
		if (table == NULL)
			return 0;
		fprintf(stderr, "hivediag: %s: cannot keep the list of inputs for the analysis pass "
		        "(--no-peers runs without it): %s\n", hd_say_tmpdir(), strerror(errno));
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
                       struct hd_output *out)
{
	struct hd_run_hooks hooks = { .ctx = out, .emit = hd_output_emit, .tick = hd_output_tick };
	struct hd_inputs *in = hd_inputs_open(spec);
	enum hd_run_status st;

	if (in == NULL)
		return list_failed(cli);
	hd_output_begin(out, spec);
	st = hd_run(in, cfg, &hooks);
	hd_inputs_close(in);
	hd_output_clear_progress(out);
	return hd_output_finish(out, st, stop_signal);
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
		hd_say_escaped(e.message ? e.message : strerror(e.err));
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

/*
 * The analysis of a run (not --names): the names pass first where it is
 * wanted, then every hive.  *table is --peers-table's (or NULL); the names
 * of this run go into a new *table unless it is given or --no-peers wants
 * none.  Under -r the pass runs anyway, for the one walk and the pairing's
 * notes (issue 23).  The exit status.
 */
static int analyze_run(const struct hd_cli *cli, struct hd_inputs_spec *spec, const struct hd_run_config *cfg,
                       struct hd_options *opts, struct hd_output *out, struct hd_fleet_table **table)
{
	struct hd_inputs_spec spooled = { .spool = NULL };
	struct hd_spool spool = { 0 };
	int build = *table == NULL && out->batch && !cli->no_peers;
	int rc = 0;

	if (*table)
		out->peers = opts->rules.peers = *table;
	if ((build || (out->batch && cfg->render.skip_other_kinds)) &&
	    (rc = names_first(cli, spec, cfg, &spool, build ? table : NULL, &out->names_read)) == 0) {
		if (spool.open)
			spooled.spool = &spool;
		if (build)
			out->peers = opts->rules.peers = *table;
	}
	spec->classify_later = 0;
	if (rc == HD_RUN_INTERRUPTED) {
		out->peers = NULL;      /* no report yet: an empty array, the summary without a peers line */
		rc = hd_output_finish(out, HD_RUN_INTERRUPTED, stop_signal);
	} else if (rc == 0) {
		rc = analyze_all(cli, spooled.spool ? &spooled : spec, cfg, out);
	}
	if (spool.open)
		hd_spool_close(&spool);
	return rc;
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
	struct hd_fleet_table *table = NULL;
	int batch = cli->recursive || cli->files_from || cli->n_hives > 1;
	struct hd_options opts = cli->opts;
	struct hd_run_config cfg = {
		.opts = &opts, .jobs = cli->jobs ? cli->jobs : cpu_count(), .timeout = cli->timeout,
		.hives_per_worker = cli->isolate ? 1 : HD_RUN_HIVES_PER_WORKER,
		.root = cli->root != NULL,
		.before_hive = TEST_HOOK,
		.render = render_for(cli, format), .stop = &stop_signal,
	};
	struct hd_output out;
	char err[256];
	int listing, rc;

	hd_output_init(&out, cli, format, batch);
	if ((rc = read_stdin_operand(cli, &cfg.render.stdin_fd)) != 0)
		return rc;
	/* --root, and a disk image or an archive as the one operand: the
	 * installations' or the archive's reports are one array too (issue 22). */
	listing = cli->root || (cli->n_hives == 1 && operand_is_folder(cli->hives[0], cfg.render.stdin_fd));
	rc = HD_EXIT_FAILURE;
	/* Refused before the analysis, not after it. */
	if (cli->fix_reg && fix_reg_refused(cli, err, sizeof err)) {
		hd_say(cli->fix_reg, err);
		goto out;
	}
	if (cli->peers_table && !cli->names && (table = hd_reduce_peers_table(cli->peers_table)) == NULL)
		goto out;
	if (hd_document_open(&out.doc, format, batch || listing, stdout) < 0) {
		hd_output_spool_failed();
		goto out;
	}
	if (cli->names)
		rc = names_export(cli, &spec, &cfg);
	else
		rc = analyze_run(cli, &spec, &cfg, &opts, &out, &table);
	hd_document_discard(&out.doc);  /* a run that ended before hd_output_finish */
out:
	hd_fleet_table_free(table);
	hd_pairindex_end();
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
	return rc < 0 || hd_say_stdout_flush() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
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
		hd_say_escaped(err);       /* it quotes an argument: escaped like any path */
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
		return hd_say_stdout_flush() < 0 ? HD_EXIT_FAILURE : HD_EXIT_OK;
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
