/*
 * cli.c - parse hivediag's command line.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char hd_usage[] =
	"usage: hivediag [-hV] [-o json | ndjson] [--pretty | --compact]\n"
	"                [--control-set N] [--org NAME] [--site NAME] [--server NAME]\n"
	"                [--no-replay | --write-recovered FILE] HIVE ...\n"
	"       hivediag --list-rules\n";

enum {
	OPT_LIST_RULES = 256, OPT_PRETTY, OPT_COMPACT, OPT_CONTROL_SET, OPT_ORG, OPT_SITE, OPT_SERVER,
	OPT_NO_REPLAY, OPT_WRITE_RECOVERED,
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
	case OPT_LIST_RULES: cli->list_rules = 1; return 0;
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
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:ho:V", long_options, NULL)) != -1) {
		if (c == ':')
			return usage_error(err, errlen, "option '%s' needs an argument", argv[optind - 1]);
		if (c == '?')
			return usage_error(err, errlen, "unknown option '%s'", argv[optind - 1]);
		if (parse_one(c, cli, err, errlen) < 0)
			return -1;
	}
	cli->hives = argv + optind;
	cli->n_hives = (size_t)(argc - optind);
	if (cli->n_hives == 0 && !cli->help && !cli->version && !cli->list_rules)
		return usage_error(err, errlen, "%s", "no hive given");
	if (cli->opts.write_recovered && (cli->n_hives != 1 || cli->opts.no_replay))
		return usage_error(err, errlen, "%s", "--write-recovered takes exactly one HIVE and no --no-replay");
	return 0;
}
