/*
 * cli.c - parse hivediag's command line.
 */
#include "cli/cli.h"
#include "fleet/fleet.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char hd_usage[] =
	"usage: hivediag [-0hqrV] [-j N] [-o FORMAT] [--pretty | --compact]\n"
	"                [--control-set N] [--org NAME] [--site NAME] [--server NAME]\n"
	"                [--no-replay | --write-recovered FILE] [--ignore RULE_ID]\n"
	"                [--software FILE] [--fix-reg FILE [--force]] [--unsafe]\n"
	"                [--timeout SECONDS] [--isolate] [--verbose] [--no-peers]\n"
	"                [--shard K/N] [--names]\n"
	"                [--peers-table FILE] [--no-fail-on-findings]\n"
	"                [--files-from FILE] [HIVE ...]\n"
	"       hivediag [-q] [-o FORMAT] [--pretty | --compact]\n"
	"                [--org NAME] [--site NAME] [--server NAME] [--timeout SECONDS]\n"
	"                --root DIR\n"
	"       hivediag --reduce [-q] NAMES ...\n"
	"       hivediag --merge [-q] [--no-fail-on-findings] OUT ...\n"
	"       hivediag --list-rules [-o text | json]\n";

static int usage_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int usage_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_controlset(const char *s, unsigned *out)
{
	char *end = NULL;
	unsigned long n;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	n = strtoul(s, &end, 10);
	if (*end != '\0' || n < 1 || n > 999)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* A decimal number from lo to hi, digits only. */
static int parse_number(const char *s, unsigned long lo, unsigned long hi, unsigned *out)
{
	char *end = NULL;
	unsigned long n;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* --ignore takes a rule id of the table (a typo must not silently ignore nothing). */
static int add_ignore(struct hd_cli *cli, const char *id, char *err, size_t errlen)
{
	const struct hd_rule *rule = NULL;

	for (size_t i = 0; i < hd_rules_count && rule == NULL; i++)
		if (strcasecmp(hd_rules[i].id, id) == 0)
			rule = &hd_rules[i];
	if (rule == NULL)
		return usage_error(err, errlen, "--ignore: no rule '%s' (see --list-rules)", id);
	for (size_t i = 0; i < cli->opts.rules.n_ignore; i++)
		if (cli->ignore_ids[i] == rule->id)
			return 0;
	if (cli->opts.rules.n_ignore == HD_CLI_MAX_IGNORE)
		return usage_error(err, errlen, "%s", "--ignore: too many rules");
	cli->ignore_ids[cli->opts.rules.n_ignore++] = rule->id;
	return 0;
}

/* A name (or file name) must not be empty: an empty name compares with nothing. */
static int set_name(const char **dst, const char *arg, const char *opt, char *err, size_t errlen)
{
	if (arg[0] == '\0')
		return usage_error(err, errlen, "%s needs a non-empty name", opt);
	*dst = arg;
	return 0;
}


/*
 * Setters: one per option, (cli, argument or NULL, err, errlen) -> 0 / -1.
 * Flags that only set an int are made by FLAG_SETTER.
 */
#define FLAG_SETTER(fn, field) \
	static int fn(struct hd_cli *cli, const char *arg, char *err, size_t errlen) \
	{ (void)arg; (void)err; (void)errlen; cli->field = 1; return 0; }

FLAG_SETTER(set_help, help)
FLAG_SETTER(set_version, version)
FLAG_SETTER(set_list_rules, list_rules)
FLAG_SETTER(set_quiet, quiet)
FLAG_SETTER(set_recursive, recursive)
FLAG_SETTER(set_null, null_separated)
FLAG_SETTER(set_no_replay, opts.no_replay)
FLAG_SETTER(set_unsafe, opts.unsafe)
FLAG_SETTER(set_force, force)
FLAG_SETTER(set_verbose, verbose)
FLAG_SETTER(set_no_peers, no_peers)
FLAG_SETTER(set_isolate, isolate)
FLAG_SETTER(set_names, names)
FLAG_SETTER(set_merge, merge)
FLAG_SETTER(set_reduce, reduce)
FLAG_SETTER(set_no_fail, no_fail_on_findings)

/* "text, json or ndjson": the format table's names, for messages. */
static void format_names(char *buf, size_t len, int with_rules)
{
	size_t n, used = 0, k = 0, last = 0;
	const struct hd_format *f = hd_formats(&n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!with_rules || f[i].rules)
			last = i;
	for (size_t i = 0; i < n && used < len; i++) {
		if (with_rules && f[i].rules == NULL)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", k == 0 ? "" : i == last ? " or " : ", ",
		                         f[i].name);
		k++;
	}
}

static int set_format(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	char names[256];

	if ((cli->format = hd_format_find(arg)) != NULL)
		return 0;
	format_names(names, sizeof names, 0);
	return usage_error(err, errlen, "unknown format '%s' (%s)", arg, names);
}

static int set_pretty(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	cli->style = HD_STYLE_PRETTY;
	return 0;
}

static int set_compact(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	cli->style = HD_STYLE_COMPACT;
	return 0;
}

static int set_control_set(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	if (parse_controlset(arg, &cli->opts.control_set) < 0)
		return usage_error(err, errlen, "--control-set takes a number from 1 to 999, not '%s'", arg);
	return 0;
}

static int set_org(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->opts.rules.org, arg, "--org", err, errlen);
}

static int set_site(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->opts.rules.site, arg, "--site", err, errlen);
}

static int set_server(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->opts.rules.server, arg, "--server", err, errlen);
}

static int set_write_recovered(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->opts.write_recovered, arg, "--write-recovered", err, errlen);
}

static int set_software(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->opts.software, arg, "--software", err, errlen);
}

static int set_fix_reg(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->fix_reg, arg, "--fix-reg", err, errlen);
}

static int set_jobs(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	if (parse_number(arg, 1, HD_MAX_JOBS, &cli->jobs) < 0)
		return usage_error(err, errlen, "-j takes a number from 1 to 1024, not '%s'", arg);
	return 0;
}

static int set_timeout(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	if (parse_number(arg, 0, 86400, &cli->timeout) < 0)
		return usage_error(err, errlen, "--timeout takes seconds from 0 (none) to 86400, not '%s'", arg);
	return 0;
}

static int set_files_from(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	if (arg[0] == '\0')
		return usage_error(err, errlen, "%s", "--files-from needs a file name (- for stdin)");
	cli->files_from = arg;
	return 0;
}

static int set_shard(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	if (hd_fleet_shard_parse(arg, &cli->shard, &cli->shards) < 0)
		return usage_error(err, errlen, "--shard takes K/N with 1 <= K <= N <= 1000000, not '%s'", arg);
	return 0;
}

static int set_root(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->root, arg, "--root", err, errlen);
}

static int set_peers_table(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return set_name(&cli->peers_table, arg, "--peers-table", err, errlen);
}

static int set_ignore(struct hd_cli *cli, const char *arg, char *err, size_t errlen)
{
	return add_ignore(cli, arg, err, errlen);
}

/*
 * The options: to add one, add a row (long name, short letter or 0, the
 * argument's name or NULL for a flag, its setter, one line of --help) and
 * describe it in man/hivediag.1 (OPTIONS) and in hd_usage when it belongs
 * in the synopsis (tests/cli/man_matches_usage.sh checks both).  getopt's
 * tables and --help are made from this one.
 */
static const struct hd_cli_option options[] = {
	{ "format", 'o', "FORMAT", set_format, "output format (below); default text on a terminal" },
	{ "pretty", 0, NULL, set_pretty, "indented JSON (default on a terminal)" },
	{ "compact", 0, NULL, set_compact, "JSON on one line (default off a terminal)" },
	{ "control-set", 0, "N", set_control_set, "analyze ControlSetNNN, not Select\\Current's" },
	{ "org", 0, "NAME", set_org, "organization, as Exchange Administrator shows it" },
	{ "site", 0, "NAME", set_site, "site, as Exchange Administrator shows it" },
	{ "server", 0, "NAME", set_server, "server, as Exchange Administrator shows it" },
	{ "no-replay", 0, NULL, set_no_replay, "analyze a dirty hive without its logs" },
	{ "write-recovered", 0, "FILE", set_write_recovered, "save the recovered hive image (one HIVE)" },
	{ "software", 0, "FILE", set_software, "the SOFTWARE hive of the same server (one HIVE)" },
	{ "fix-reg", 0, "FILE", set_fix_reg, "write the registry fixes as a .reg file (one HIVE)" },
	{ "force", 0, NULL, set_force, "let --fix-reg replace an existing FILE" },
	{ "ignore", 0, "RULE_ID", set_ignore, "set a rule's findings aside (repeatable)" },
	{ "unsafe", 0, NULL, set_unsafe, "open damaged hives in hivex's tolerant mode" },
	{ "timeout", 0, "SECONDS", set_timeout, "give up on a hive after SECONDS (0: never; 60)" },
	{ "jobs", 'j', "N", set_jobs, "analyze N hives at once (default: one per CPU)" },
	{ "isolate", 0, NULL, set_isolate, "a new worker process for every hive" },
	{ "recursive", 'r', NULL, set_recursive, "analyze every hive under each directory HIVE" },
	{ "no-peers", 0, NULL, set_no_peers, "do not compare the hives' names (rule P1)" },
	{ "shard", 0, "K/N", set_shard, "only shard K of N's inputs (-o ndjson, --names)" },
	{ "names", 0, NULL, set_names, "write names records (NDJSON), not reports" },
	{ "files-from", 0, "FILE", set_files_from, "read hive paths from FILE (- for stdin)" },
	{ "null", '0', NULL, set_null, "--files-from paths end with NUL, not newline" },
	{ "root", 0, "DIR", set_root, "a whole installation: its hives and older copies" },
	{ "verbose", 0, NULL, set_verbose, "with -r, list the other kinds of hive skipped" },
	{ "peers-table", 0, "FILE", set_peers_table, "judge names (rule P1) by this --reduce table" },
	{ "reduce", 0, NULL, set_reduce, "build the peers table of the shards' names exports" },
	{ "merge", 0, NULL, set_merge, "join shards' -o ndjson outputs, checked complete" },
	{ "no-fail-on-findings", 0, NULL, set_no_fail, "exit 0, not 1, when the only trouble is findings" },
	{ "quiet", 'q', NULL, set_quiet, "no progress line and no summary on stderr" },
	{ "list-rules", 0, NULL, set_list_rules, "print the rules with their severity and exit" },
	{ "help", 'h', NULL, set_help, "print this help and exit" },
	{ "version", 'V', NULL, set_version, "print the version and exit" },
};

#define N_OPTIONS (sizeof options / sizeof options[0])

const struct hd_cli_option *hd_cli_options(size_t *n)
{
	*n = N_OPTIONS;
	return options;
}

/* getopt_long's tables from options[]: a long option's val is its row + 256. */
static void getopt_tables(struct option *longs, char *shorts, size_t shorts_len)
{
	size_t used = 0;

	shorts[used++] = ':';   /* report a missing argument as ':' */
	for (size_t i = 0; i < N_OPTIONS; i++) {
		longs[i] = (struct option){ options[i].name, options[i].arg ? required_argument : no_argument,
		                            NULL, (int)(i + 256) };
		if (options[i].short_name && used + 3 < shorts_len) {
			shorts[used++] = options[i].short_name;
			if (options[i].arg)
				shorts[used++] = ':';
		}
	}
	longs[N_OPTIONS] = (struct option){ NULL, 0, NULL, 0 };
	shorts[used] = '\0';
}

static const struct hd_cli_option *option_of(int c)
{
	if (c >= 256 && (size_t)(c - 256) < N_OPTIONS)
		return &options[c - 256];
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].short_name && options[i].short_name == c)
			return &options[i];
	return NULL;
}

/* The name of the option argv[optind - 1] was, for messages ("-o", "--format"). */
static const char *bad_option(int argc, char **argv)
{
	return optind >= 1 && optind <= argc ? argv[optind - 1] : "?";
}

/* How many HIVE operands are "-" (standard input). */
static size_t stdin_operands(const struct hd_cli *cli)
{
	size_t n = 0;

	for (size_t i = 0; i < cli->n_hives; i++)
		n += strcmp(cli->hives[i], "-") == 0;
	return n;
}

/* 1 when an option of the analysis was given (--merge and --reduce analyze nothing). */
static int analysis_options(const struct hd_cli *cli)
{
	const struct hd_options *o = &cli->opts;

	return cli->recursive || cli->files_from || cli->root || cli->null_separated || cli->fix_reg || cli->names ||
	       cli->force || cli->peers_table || cli->no_peers || cli->isolate || cli->verbose ||
	       cli->format || cli->style != HD_STYLE_AUTO || cli->shards || o->rules.org || o->rules.site ||
	       o->rules.server || o->rules.n_ignore || o->control_set || o->unsafe || o->no_replay ||
	       o->write_recovered || o->software;
}

/* Issue 23: --merge and --reduce take their own operands; --peers-table replaces the names pass. */
static int check_fleet_modes(const struct hd_cli *cli, char *err, size_t errlen)
{
	const char *mode = cli->merge ? "--merge" : "--reduce";

	if (cli->merge && cli->reduce)
		return usage_error(err, errlen, "%s", "--merge and --reduce exclude each other");
	if (cli->peers_table && cli->no_peers)
		return usage_error(err, errlen, "%s", "--peers-table and --no-peers exclude each other");
	if (cli->peers_table && cli->names)
		return usage_error(err, errlen, "%s", "--names reads the names a --peers-table is made of: "
		                   "not both");
	if (!cli->merge && !cli->reduce)
		return 0;
	if (analysis_options(cli) || cli->list_rules)
		return usage_error(err, errlen, "%s takes only -q%s and its operands (it analyzes no hive)", mode,
		                   cli->merge ? " and --no-fail-on-findings" : "");
	if (cli->reduce && cli->no_fail_on_findings)
		return usage_error(err, errlen, "%s", "--no-fail-on-findings applies to analyses and --merge, "
		                   "not --reduce");
	if (cli->n_hives == 0 && !cli->help && !cli->version)
		return usage_error(err, errlen, "%s needs %s", mode, cli->merge ? "the shards' outputs (OUT ...)"
		                   : "the names exports (NAMES ...; - for stdin)");
	/* merge reads each output twice (check, then copy): files only. */
	if (cli->merge && stdin_operands(cli))
		return usage_error(err, errlen, "%s", "--merge reads files, not standard input (-)");
	if (stdin_operands(cli) > 1)
		return usage_error(err, errlen, "%s", "standard input (-) is read once: one - operand");
	return 0;
}

/* Combinations: what needs one HIVE, what needs what. */
static int check_combinations(const struct hd_cli *cli, char *err, size_t errlen)
{
	int one_hive = cli->n_hives == 1 && !cli->recursive && cli->files_from == NULL;
	size_t dashes = stdin_operands(cli);

	if (check_fleet_modes(cli, err, errlen) < 0)
		return -1;
	if (cli->merge || cli->reduce)
		return 0;
	if (cli->root && (cli->n_hives || cli->files_from || cli->recursive || cli->opts.write_recovered ||
	                  cli->opts.software || cli->fix_reg))
		return usage_error(err, errlen, "%s", "--root takes no HIVE, -r, --files-from, --software, "
		                   "--fix-reg or --write-recovered (it finds the hives itself)");
	if (cli->n_hives == 0 && cli->files_from == NULL && cli->root == NULL &&
	    !cli->help && !cli->version && !cli->list_rules)
		return usage_error(err, errlen, "%s", "no hive given");
	if (cli->opts.write_recovered && (!one_hive || cli->opts.no_replay))
		return usage_error(err, errlen, "%s", "--write-recovered takes exactly one HIVE and no --no-replay");
	/* One SOFTWARE hive belongs to one server: pairing many by folder is not done here. */
	if (cli->opts.software && !one_hive)
		return usage_error(err, errlen, "%s", "--software takes exactly one SYSTEM HIVE "
		                   "(the SOFTWARE hive of the same server)");
	if (cli->fix_reg && !one_hive)
		return usage_error(err, errlen, "%s", "--fix-reg takes exactly one HIVE (no -r, no --files-from)");
	/* Standard input can be read once: one "-", and not as the list of hives too. */
	if (dashes > 1 || (dashes && cli->files_from && strcmp(cli->files_from, "-") == 0))
		return usage_error(err, errlen, "%s", "standard input (-) is read once: one - operand, "
		                   "and not with --files-from -");
	if (cli->names && (cli->root || cli->fix_reg || cli->opts.software || cli->opts.write_recovered))
		return usage_error(err, errlen, "%s", "--names writes names records, no reports: not with --root, "
		                   "--fix-reg, --software or --write-recovered");
	/* A shard's output must end with its completion record: NDJSON (issue 23). */
	if (cli->shards && !cli->names && (cli->format == NULL || strcmp(cli->format->name, "ndjson") != 0))
		return usage_error(err, errlen, "%s", "--shard needs -o ndjson or --names");
	if (cli->shards && cli->root)
		return usage_error(err, errlen, "%s", "--shard takes HIVEs, -r or --files-from, not --root");
	if (cli->force && cli->fix_reg == NULL)
		return usage_error(err, errlen, "%s", "--force only applies to --fix-reg");
	if (cli->list_rules && cli->format && cli->format->rules == NULL) {
		char names[256];
		format_names(names, sizeof names, 1);
		return usage_error(err, errlen, "--list-rules prints %s, not %s", names, cli->format->name);
	}
	return 0;
}

int hd_cli_parse(int argc, char **argv, struct hd_cli *cli, char *err, size_t errlen)
{
	struct option longs[N_OPTIONS + 1];
	char shorts[2 * N_OPTIONS + 2];
	const struct hd_cli_option *o;
	int c;

	memset(cli, 0, sizeof *cli);
	cli->timeout = HD_DEFAULT_TIMEOUT;
	cli->opts.rules.ignore = cli->ignore_ids;
	getopt_tables(longs, shorts, sizeof shorts);
	optind = 0;     /* 0: glibc reinitializes, permutation included (parsed more than once in tests) */
	opterr = 0;
	/* GNU permutation: options may follow the HIVEs; "--" ends the options. */
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == ':')
			return usage_error(err, errlen, "option '%s' needs an argument", bad_option(argc, argv));
		if (c == '?' || (o = option_of(c)) == NULL)
			return usage_error(err, errlen, "unknown option '%s'", bad_option(argc, argv));
		if (o->set(cli, o->arg ? optarg : NULL, err, errlen) < 0)
			return -1;
	}
	cli->hives = argv + optind;
	cli->n_hives = (size_t)(argc - optind);
	return check_combinations(cli, err, errlen);
}

/* "Formats (-o FORMAT): text, json, ndjson, ..." (the completion reads it; one line of at most 80 columns). */
static int formats_help(FILE *f)
{
	size_t n;
	const struct hd_format *fmt = hd_formats(&n);

	if (fputs("\nFormats (-o FORMAT):", f) == EOF)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (fprintf(f, " %s%s", fmt[i].name, i + 1 < n ? "," : ".\n") < 0)
			return -1;
	return 0;
}

/* One line per option: "  -o, --format FORMAT   what it does". */
int hd_cli_help(FILE *f)
{
	int w = 0;

	for (size_t i = 0; i < N_OPTIONS; i++) {
		int n = (int)strlen(options[i].name) + (options[i].arg ? (int)strlen(options[i].arg) + 1 : 0);
		if (n > w)
			w = n;
	}
	if (fputs(hd_usage, f) == EOF || fputs("\nOptions:\n", f) == EOF)
		return -1;
	for (size_t i = 0; i < N_OPTIONS; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s%s", options[i].name, options[i].arg ? " " : "",
		         options[i].arg ? options[i].arg : "");
		if (fprintf(f, "  %c%c%c --%-*s  %s\n", options[i].short_name ? '-' : ' ',
		            options[i].short_name ? options[i].short_name : ' ', options[i].short_name ? ',' : ' ',
		            w, name, options[i].help) < 0)
			return -1;
	}
	return formats_help(f) < 0 ? -1 : fputs("\nText report on a terminal, JSON otherwise. Exit status: 0 clean, 1 a warning or\n"
	             "error finding (0 with --no-fail-on-findings), 2 an error.\n"
	             "The manual: man hivediag (in the source tree: man man/hivediag.1).\n", f) == EOF ? -1 : 0;
}
