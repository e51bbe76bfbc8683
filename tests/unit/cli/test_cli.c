/* test_cli.c - option parsing: values, defaults and every usage error. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/cli.h"

static int parse(struct hd_cli *cli, char *err, int argc, char **argv)
{
	return hd_cli_parse(argc, argv, cli, err, 256);
}

TestSuite(cli);

/* Defaults: format chosen by main (text on a terminal), automatic style, no forced control set, hives collected. */
Test(cli, defaults)
{
	char *argv[] = { "hivediag", "a.hive", "b.hive", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 3, argv), 0);
	cr_assert_null(cli.format);
	cr_assert_eq(cli.style, HD_STYLE_AUTO);
	cr_assert_eq(cli.opts.control_set, 0);
	cr_assert_eq(cli.n_hives, 2);
	cr_assert_str_eq(cli.hives[1], "b.hive");
}

/* Every option with a value lands in the right field. */
Test(cli, options)
{
	char *argv[] = { "hivediag", "-o", "ndjson", "--compact", "--control-set", "10",
	                 "--org", "M\xc3\xbcller AG", "--site", "Redmond", "--server", "EXCH01", "h", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 13, argv), 0, "%s", err);
	cr_assert_eq(cli.format, hd_format_find("ndjson"));
	cr_assert_eq(cli.style, HD_STYLE_COMPACT);
	cr_assert_eq(cli.opts.control_set, 10);
	cr_assert_str_eq(cli.opts.rules.org, "M\xc3\xbcller AG");
	cr_assert_str_eq(cli.opts.rules.site, "Redmond");
	cr_assert_str_eq(cli.opts.rules.server, "EXCH01");
	cr_assert_eq(cli.n_hives, 1);
}

/* Each misuse is an error with a message naming it. */
Test(cli, usage_errors)
{
	struct { int argc; char *argv[5]; const char *needle; } cases[] = {
		{ 1, { "hivediag" }, "no hive" },
		{ 3, { "hivediag", "-o", "xml", "h" }, "unknown format" },
		{ 2, { "hivediag", "--bogus" }, "unknown option" },
		{ 2, { "hivediag", "-o" }, "needs an argument" },
		{ 3, { "hivediag", "--control-set", "0", "h" }, "1 to 999" },
		{ 3, { "hivediag", "--control-set", "1000", "h" }, "1 to 999" },
		{ 3, { "hivediag", "--control-set", "2x", "h" }, "1 to 999" },
		{ 4, { "hivediag", "--org", "", "h" }, "non-empty" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct hd_cli cli;
		char err[256] = "";
		cr_assert_eq(parse(&cli, err, cases[i].argc, cases[i].argv), -1, "case %zu", i);
		cr_assert(strstr(err, cases[i].needle) != NULL, "case %zu: '%s'", i, err);
	}
}

/* --help, --version and --list-rules need no hive. */
Test(cli, help_without_hive)
{
	char *a1[] = { "hivediag", "--help", NULL }, *a2[] = { "hivediag", "-V", NULL },
	     *a3[] = { "hivediag", "--list-rules", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 2, a1), 0);
	cr_assert(cli.help);
	cr_assert_eq(parse(&cli, err, 2, a2), 0);
	cr_assert(cli.version);
	cr_assert_eq(parse(&cli, err, 2, a3), 0);
	cr_assert(cli.list_rules);
}

/* The usage text starts as the man page expects. */
Test(cli, usage_text)
{
	cr_assert(strncmp(hd_usage, "usage: hivediag ", 16) == 0);
}

/* The runner's options: jobs, recursion, lists, quiet, timeout, unsafe, ignore. */
Test(cli, runner_options)
{
	char *argv[] = { "hivediag", "-0qr", "-j", "3", "--files-from", "-", "--timeout", "0",
	                 "--unsafe", "--ignore", "h1", "--ignore", "H1", "--isolate", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 14, argv), 0, "%s", err);
	cr_assert(cli.null_separated && cli.quiet && cli.recursive && cli.isolate);
	cr_assert_eq(cli.jobs, 3);
	cr_assert_str_eq(cli.files_from, "-");
	cr_assert_eq(cli.timeout, 0);
	cr_assert_eq(cli.opts.unsafe, 1);
	cr_assert_eq(cli.opts.rules.n_ignore, 1, "the same rule twice, any case, is one rule");
	cr_assert_str_eq(cli.opts.rules.ignore[0], "H1");
	cr_assert_eq(cli.n_hives, 0, "--files-from alone is enough");
}

/* Defaults of the runner: jobs from the CPUs, a finite timeout. */
Test(cli, runner_defaults)
{
	char *argv[] = { "hivediag", "h", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 2, argv), 0);
	cr_assert_eq(cli.jobs, 0);
	cr_assert_eq(cli.isolate, 0, "workers are reused unless --isolate");
	cr_assert_eq(cli.timeout, HD_DEFAULT_TIMEOUT);
	cr_assert_eq(cli.opts.rules.n_ignore, 0);
}

/* Misuse of the runner's options. */
Test(cli, runner_usage_errors)
{
	struct { int argc; char *argv[5]; const char *needle; } cases[] = {
		{ 4, { "hivediag", "-j", "0", "h" }, "-j takes" },
		{ 4, { "hivediag", "-j", "1025", "h" }, "-j takes" },
		{ 4, { "hivediag", "--timeout", "x", "h" }, "--timeout takes" },
		{ 4, { "hivediag", "--ignore", "Q1", "h" }, "no rule 'Q1'" },
		{ 3, { "hivediag", "--files-from", "" }, "needs a file name" },
		{ 5, { "hivediag", "--write-recovered", "out", "-r", "h" }, "exactly one HIVE" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct hd_cli cli;
		char err[256] = "";
		cr_assert_eq(parse(&cli, err, cases[i].argc, cases[i].argv), -1, "case %zu", i);
		cr_assert_not_null(strstr(err, cases[i].needle), "case %zu: %s", i, err);
	}
}

/* GNU permutation: options after the HIVEs count; "--" ends the options. */
Test(cli, permutation)
{
	char *a1[] = { "hivediag", "h.hive", "--pretty", "-o", "text", "g.hive", NULL };
	char *a2[] = { "hivediag", "--", "--pretty", "-o", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 6, a1), 0, "%s", err);
	cr_assert_eq(cli.style, HD_STYLE_PRETTY);
	cr_assert_eq(cli.format, hd_format_find("text"));
	cr_assert_eq(cli.n_hives, 2);
	cr_assert_str_eq(cli.hives[0], "h.hive");
	cr_assert_str_eq(cli.hives[1], "g.hive");
	cr_assert_eq(parse(&cli, err, 4, a2), 0, "%s", err);
	cr_assert_eq(cli.style, HD_STYLE_AUTO, "after --, --pretty is a file name");
	cr_assert_eq(cli.n_hives, 2);
	cr_assert_str_eq(cli.hives[0], "--pretty");
}

/* --fix-reg and --force: one HIVE, --force only with --fix-reg, list-rules not as ndjson. */
Test(cli, fix_reg)
{
	struct { int argc; char *argv[6]; const char *needle; } bad[] = {
		{ 5, { "hivediag", "--fix-reg", "f.reg", "a", "b" }, "exactly one HIVE" },
		{ 5, { "hivediag", "--fix-reg", "f.reg", "-r", "a" }, "exactly one HIVE" },
		{ 3, { "hivediag", "--force", "a" }, "only applies to --fix-reg" },
		{ 4, { "hivediag", "--fix-reg", "", "a" }, "non-empty" },
		{ 4, { "hivediag", "--list-rules", "-o", "ndjson" }, "not ndjson" },
		{ 4, { "hivediag", "--list-rules", "-o", "junit" }, "--list-rules prints text or json, not junit" },
	};
	char *ok[] = { "hivediag", "a", "--fix-reg", "f.reg", "--force", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 5, ok), 0, "%s", err);
	cr_assert_str_eq(cli.fix_reg, "f.reg");
	cr_assert(cli.force);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(parse(&cli, err, bad[i].argc, bad[i].argv), -1, "case %zu", i);
		cr_assert_not_null(strstr(err, bad[i].needle), "case %zu: %s", i, err);
	}
}

/* --help: every option of the table, one line each, within 80 columns. */
Test(cli, help_lists_every_option)
{
	char *text = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&text, &len);
	const struct hd_cli_option *opt = hd_cli_options(&n);

	cr_assert_not_null(f);
	cr_assert_eq(hd_cli_help(f), 0);
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		char want[64];
		snprintf(want, sizeof want, "--%s", opt[i].name);
		cr_assert_not_null(strstr(text, want), "%s missing from --help", want);
	}
	for (char *line = text, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
		cr_assert_leq(nl - line, 80, "line over 80 columns: %.*s", (int)(nl - line), line);
	free(text);
}

/* --software FILE goes with exactly one SYSTEM hive: not several, not -r, not --files-from, not empty. */
Test(cli, software)
{
	char *one[] = { "hivediag", "--software", "SOFTWARE", "SYSTEM", NULL };
	char *two[] = { "hivediag", "--software", "SOFTWARE", "a/SYSTEM", "b/SYSTEM", NULL };
	char *rec[] = { "hivediag", "-r", "--software", "SOFTWARE", "dir", NULL };
	char *from[] = { "hivediag", "--files-from", "-", "--software", "SOFTWARE", NULL };
	char *empty[] = { "hivediag", "--software", "", "SYSTEM", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 4, one), 0, "%s", err);
	cr_assert_str_eq(cli.opts.software, "SOFTWARE");
	cr_assert_eq(cli.n_hives, 1);
	cr_assert_eq(parse(&cli, err, 5, two), -1);
	cr_assert_not_null(strstr(err, "--software takes exactly one SYSTEM HIVE"), "%s", err);
	cr_assert_eq(parse(&cli, err, 5, rec), -1);
	cr_assert_eq(parse(&cli, err, 5, from), -1);
	cr_assert_eq(parse(&cli, err, 4, empty), -1);
	cr_assert_not_null(strstr(err, "--software needs a non-empty name"), "%s", err);
	cr_assert_eq(parse(&cli, err, 2, (char *[]){ "hivediag", "SYSTEM", NULL }), 0);
	cr_assert_null(cli.opts.software);
}

/* -o takes every name of the format table, and a wrong one's message lists them all (issue 25). */
Test(cli, formats_from_the_table)
{
	size_t n;
	const struct hd_format *f = hd_formats(&n);
	char *bad[] = { "hivediag", "-o", "xml", "h", NULL };
	char *help = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&help, &len);
	struct hd_cli cli;
	char err[256];

	for (size_t i = 0; i < n; i++) {
		char *argv[] = { "hivediag", "--format", (char *)f[i].name, "h", NULL };
		cr_assert_eq(parse(&cli, err, 4, argv), 0, "%s: %s", f[i].name, err);
		cr_assert_eq(cli.format, &f[i]);
	}
	cr_assert_eq(parse(&cli, err, 4, bad), -1);
	cr_assert_not_null(mem);
	cr_assert_eq(hd_cli_help(mem), 0);
	fclose(mem);
	for (size_t i = 0; i < n; i++) {
		cr_assert_not_null(strstr(err, f[i].name), "%s not in '%s'", f[i].name, err);
		cr_assert_not_null(strstr(strstr(help, "Formats (-o FORMAT):"), f[i].name),
		                   "--help's list lacks %s", f[i].name);
	}
	cr_assert_not_null(strstr(hd_usage, "[-o FORMAT]"), "the usage names no format: the table does");
	free(help);
}

/* Issue 23: --merge and --reduce take their operands and -q only; --peers-table excludes --no-peers. */
Test(cli, fleet_modes)
{
	char *merge[] = { "hivediag", "--merge", "-q", "--no-fail-on-findings", "a", "b", NULL };
	char *reduce_stdin[] = { "hivediag", "--reduce", "-", NULL };
	char *merge_r[] = { "hivediag", "--merge", "-r", "a", NULL };
	char *merge_stdin[] = { "hivediag", "--merge", "-", NULL };
	char *merge_none[] = { "hivediag", "--merge", NULL };
	char *both[] = { "hivediag", "--merge", "--reduce", "a", NULL };
	char *reduce_nofail[] = { "hivediag", "--reduce", "--no-fail-on-findings", "a", NULL };
	char *table_nopeers[] = { "hivediag", "--peers-table", "t", "--no-peers", "a", "b", NULL };
	char *table[] = { "hivediag", "--peers-table", "t", "a", NULL };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 6, merge), 0, "%s", err);
	cr_assert(cli.merge && cli.quiet && cli.no_fail_on_findings);
	cr_assert_eq(cli.n_hives, 2);
	cr_assert_eq(parse(&cli, err, 3, reduce_stdin), 0, "%s", err);
	cr_assert(cli.reduce);
	cr_assert_eq(parse(&cli, err, 4, merge_r), -1);
	cr_assert(strstr(err, "--merge takes only -q and --no-fail-on-findings"), "%s", err);
	cr_assert_eq(parse(&cli, err, 3, merge_stdin), -1);
	cr_assert_eq(parse(&cli, err, 2, merge_none), -1);
	cr_assert(strstr(err, "needs the shards' outputs"), "%s", err);
	cr_assert_eq(parse(&cli, err, 4, both), -1);
	cr_assert_eq(parse(&cli, err, 4, reduce_nofail), -1);
	cr_assert_eq(parse(&cli, err, 6, table_nopeers), -1);
	cr_assert(strstr(err, "exclude each other"), "%s", err);
	cr_assert_eq(parse(&cli, err, 4, table), 0, "%s", err);
	cr_assert_str_eq(cli.peers_table, "t");
}

/* --shard K/N and --names (issue 23): values, and a shard needs -o ndjson or --names. */
Test(cli, shard_and_names)
{
	char *a1[] = { "hivediag", "--shard", "3/8", "-o", "ndjson", "-r", "d", NULL };
	char *a2[] = { "hivediag", "--names", "--shard", "1/1", "h", NULL };
	char *bad[][6] = {
		{ "hivediag", "--shard", "3/8", "-r", "d", NULL },              /* no ndjson, no --names */
		{ "hivediag", "--shard", "3/8", "-o", "json", NULL },
		{ "hivediag", "--shard", "9/8", "--names", "h", NULL },
		{ "hivediag", "--shard", "0/8", "--names", "h", NULL },
		{ "hivediag", "--shard", "1/0", "--names", "h", NULL },
		{ "hivediag", "--names", "--root", "d", NULL },
	};
	int bad_argc[] = { 5, 5, 5, 5, 5, 4 };
	struct hd_cli cli;
	char err[256];

	cr_assert_eq(parse(&cli, err, 7, a1), 0, "%s", err);
	cr_expect_eq(cli.shard, 3);
	cr_expect_eq(cli.shards, 8);
	cr_expect_eq(cli.names, 0);
	cr_assert_eq(parse(&cli, err, 5, a2), 0, "%s", err);
	cr_expect(cli.names && cli.shard == 1 && cli.shards == 1);
	for (size_t i = 0; i < sizeof bad_argc / sizeof bad_argc[0]; i++)
		cr_expect_eq(parse(&cli, err, bad_argc[i], bad[i]), -1, "case %zu", i);
}
