/*
 * main.c - hivediag: analyze offline SYSTEM hives for Exchange 5.5 start
 * failures (KB Q298565, Q320200) and print JSON reports.
 *
 * The only file that prints or exits.  Messages go to stderr as
 * "hivediag: FILE: what: why"; exit status: 0 analyzed and clean, 1 a
 * warning or error finding, 2 usage error or a hive not analyzed (or
 * output that could not be written).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"
#include "report.h"

struct out_state {
	enum hd_format format;
	enum hd_report_style style;
	size_t written;         /* reports written so far */
	int array;              /* json format with several hives */
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

static int emit(struct out_state *o, const struct hd_result *res)
{
	struct hd_report *r = hd_report_build(res);
	int rc;

	if (r == NULL) {
		fprintf(stderr, "hivediag: %s: report: %s\n", res->path, strerror(errno));
		return -1;
	}
	if (o->array)
		fputs(o->written ? ",\n" : "[\n", stdout);
	rc = hd_report_write(r, stdout, o->format == HD_FORMAT_NDJSON ? HD_REPORT_COMPACT : o->style);
	hd_report_free(r);
	o->written++;
	if (rc < 0 && !ferror(stdout)) {
		fprintf(stderr, "hivediag: %s: report: %s\n", res->path, strerror(errno));
		return -1;
	}
	return check_stdout();
}

/* Analyze one hive and print its report; returns its exit contribution, or -1 on output failure. */
static int do_hive(struct out_state *o, const char *path, const struct hd_options *opts)
{
	struct hd_result res;
	int status;

	if (hd_analyze(path, opts, &res) < 0)
		fprintf(stderr, "hivediag: %s: %s\n", path,
		        res.error_message ? res.error_message : res.error_code);
	if (res.save_error)
		fprintf(stderr, "hivediag: %s: --write-recovered %s\n", path, res.save_error);
	status = hd_result_exit_status(&res);
	if (emit(o, &res) < 0)
		status = -1;
	hd_result_clear(&res);
	return status;
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
	struct out_state o = { 0 };
	char err[256];
	int worst = HD_EXIT_OK;

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
	o.format = cli.format;
	o.style = cli.style == HD_STYLE_PRETTY || (cli.style == HD_STYLE_AUTO && isatty(STDOUT_FILENO))
	          ? HD_REPORT_PRETTY : HD_REPORT_COMPACT;
	o.array = cli.format == HD_FORMAT_JSON && cli.n_hives > 1;
	for (size_t i = 0; i < cli.n_hives; i++) {
		int s = do_hive(&o, cli.hives[i], &cli.opts);
		if (s < 0)
			return HD_EXIT_FAILURE;
		if (s > worst)
			worst = s;
	}
	if (o.array && (fputs("]\n", stdout) == EOF || check_stdout() < 0))
		return HD_EXIT_FAILURE;
	return worst;
}
