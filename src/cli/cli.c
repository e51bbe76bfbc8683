/*
 * cli.c - parse hivediag's command line.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char hd_usage[] =
	"usage: hivediag [-0hqrV] [-j N] [-o json | ndjson] [--pretty | --compact]\n"
	"                [--control-set N] [--org NAME] [--site NAME] [--server NAME]\n"
	"                [--no-replay | --write-recovered FILE] [--ignore RULE_ID]\n"
	"                [--software FILE] [--unsafe] [--timeout SECONDS] [--no-peers]\n"
	"                [--files-from FILE] [HIVE ...]\n"
	"       hivediag --list-rules\n";

enum {
	OPT_LIST_RULES = 256, OPT_PRETTY, OPT_COMPACT, OPT_CONTROL_SET, OPT_ORG, OPT_SITE, OPT_SERVER,
	OPT_NO_REPLAY, OPT_WRITE_RECOVERED, OPT_IGNORE, OPT_UNSAFE, OPT_TIMEOUT, OPT_FILES_FROM,
	OPT_SOFTWARE, OPT_NO_PEERS,
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'o' },
	{ "pretty", no_argument, NULL, OPT_PRETTY },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "control-set", required_argument, NULL, OPT_CONTROL_SET },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "site", required_argument, NULL, OPT_SITE },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "no-replay", no_argument, NULL, OPT_NO_REPLAY },
	{ "write-recovered", required_argument, NULL, OPT_WRITE_RECOVERED },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "recursive", no_argument, NULL, 'r' },
	{ "null", no_argument, NULL, '0' },
	{ "files-from", required_argument, NULL, OPT_FILES_FROM },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "software", required_argument, NULL, OPT_SOFTWARE },
	{ "unsafe", no_argument, NULL, OPT_UNSAFE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "no-peers", no_argument, NULL, OPT_NO_PEERS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
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
	for (size_t i = 0; i < cli->opts.n_ignore; i++)
		if (cli->ignore_ids[i] == rule->id)
			return 0;
	if (cli->opts.n_ignore == HD_CLI_MAX_IGNORE)
		return usage_error(err, errlen, "%s", "--ignore: too many rules");
	cli->ignore_ids[cli->opts.n_ignore++] = rule->id;
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

static int parse_one(int c, struct hd_cli *cli, char *err, size_t errlen)
{
	switch (c) {
	case 'o':
		if (strcmp(optarg, "json") == 0)
			cli->format = HD_FORMAT_JSON;
		else if (strcmp(optarg, "ndjson") == 0)
			cli->format = HD_FORMAT_NDJSON;
		else
			return usage_error(err, errlen, "unknown format '%s' (json, ndjson)", optarg);
		return 0;
	case OPT_PRETTY: cli->style = HD_STYLE_PRETTY; return 0;
	case OPT_COMPACT: cli->style = HD_STYLE_COMPACT; return 0;
	case OPT_CONTROL_SET:
		if (parse_controlset(optarg, &cli->opts.control_set) < 0)
			return usage_error(err, errlen, "--control-set takes a number from 1 to 999, not '%s'", optarg);
		return 0;
	case OPT_ORG: return set_name(&cli->opts.org, optarg, "--org", err, errlen);
	case OPT_SITE: return set_name(&cli->opts.site, optarg, "--site", err, errlen);
	case OPT_SERVER: return set_name(&cli->opts.server, optarg, "--server", err, errlen);
	case OPT_NO_REPLAY: cli->opts.no_replay = 1; return 0;
	case OPT_WRITE_RECOVERED: return set_name(&cli->opts.write_recovered, optarg, "--write-recovered",
	                                          err, errlen);
	case OPT_SOFTWARE: return set_name(&cli->opts.software, optarg, "--software", err, errlen);
	case OPT_LIST_RULES: cli->list_rules = 1; return 0;
	case 'j':
		if (parse_number(optarg, 1, HD_MAX_JOBS, &cli->jobs) < 0)
			return usage_error(err, errlen, "-j takes a number from 1 to 1024, not '%s'", optarg);
		return 0;
	case OPT_TIMEOUT:
		if (parse_number(optarg, 0, 86400, &cli->timeout) < 0)
			return usage_error(err, errlen, "--timeout takes seconds from 0 (none) to 86400, not '%s'", optarg);
		return 0;
	case 'q': cli->quiet = 1; return 0;
	case 'r': cli->recursive = 1; return 0;
	case '0': cli->null_separated = 1; return 0;
	case OPT_FILES_FROM:
		if (optarg[0] == '\0')
			return usage_error(err, errlen, "%s", "--files-from needs a file name (- for stdin)");
		cli->files_from = optarg;
		return 0;
	case OPT_IGNORE: return add_ignore(cli, optarg, err, errlen);
	case OPT_UNSAFE: cli->opts.unsafe = 1; return 0;
	case OPT_NO_PEERS: cli->no_peers = 1; return 0;
	case 'h': cli->help = 1; return 0;
	case 'V': cli->version = 1; return 0;
	default:
		return usage_error(err, errlen, "%s", "unknown option");
	}
}

int hd_cli_parse(int argc, char **argv, struct hd_cli *cli, char *err, size_t errlen)
{
	int c;

	memset(cli, 0, sizeof *cli);
	cli->timeout = HD_DEFAULT_TIMEOUT;
	cli->opts.ignore = cli->ignore_ids;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:0hj:o:qrV", long_options, NULL)) != -1) {
		if (c == ':')
			return usage_error(err, errlen, "option '%s' needs an argument", argv[optind - 1]);
		if (c == '?')
			return usage_error(err, errlen, "unknown option '%s'", argv[optind - 1]);
		if (parse_one(c, cli, err, errlen) < 0)
			return -1;
	}
	cli->hives = argv + optind;
	cli->n_hives = (size_t)(argc - optind);
	if (cli->n_hives == 0 && cli->files_from == NULL && !cli->help && !cli->version && !cli->list_rules)
		return usage_error(err, errlen, "%s", "no hive given");
	if (cli->opts.write_recovered && (cli->n_hives != 1 || cli->opts.no_replay ||
	                                  cli->recursive || cli->files_from))
		return usage_error(err, errlen, "%s", "--write-recovered takes exactly one HIVE and no --no-replay");
	/* One SOFTWARE hive belongs to one server: pairing many by folder is not done here. */
	if (cli->opts.software && (cli->n_hives != 1 || cli->recursive || cli->files_from))
		return usage_error(err, errlen, "%s", "--software takes exactly one SYSTEM HIVE "
		                   "(the SOFTWARE hive of the same server)");
	return 0;
}
