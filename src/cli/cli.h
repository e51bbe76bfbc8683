/*
 * cli.h - command-line options of hivediag.  Parsing is pure (no output, no
 * exit) so it is unit-tested; main.c turns errors into messages.
 */
#ifndef HD_CLI_H
#define HD_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "analyze/options.h"
#include "report/formats.h"
#include "rules/rules.h"

enum hd_exit { HD_EXIT_OK = 0, HD_EXIT_FINDINGS = 1, HD_EXIT_FAILURE = 2 };

enum hd_style_choice { HD_STYLE_AUTO, HD_STYLE_PRETTY, HD_STYLE_COMPACT };

#define HD_CLI_MAX_IGNORE 64
#define HD_DEFAULT_TIMEOUT 60   /* seconds per hive: generous for an 12 MB hive under valgrind */
#define HD_MAX_JOBS 1024

struct hd_cli {
	const struct hd_format *format; /* -o NAME's row of the table; NULL: text on a terminal, else json (main.c) */
	enum hd_style_choice style;
	int help, version, list_rules;
	int quiet;              /* -q: no progress line, no summary */
	int recursive;          /* -r */
	int null_separated;     /* -0: --files-from entries end with NUL */
	int no_peers;           /* --no-peers: no first pass over the names (issue 17) */
	int names;              /* --names: write the names export instead of reports (issue 23) */
	unsigned shard, shards; /* --shard K/N (1-based K); 0 of 0: no --shard */
	/* Issue 23: map, reduce, judge (contract /tmp/fleet-contract.md). */
	int merge;              /* --merge: the operands are shards' NDJSON outputs (merge.c) */
	int reduce;             /* --reduce: the operands are names exports (reduce.c) */
	const char *peers_table;/* --peers-table FILE: judge P1 by this table, no names pass */
	int no_fail_on_findings;/* --no-fail-on-findings: exit 0, not 1, for findings */
	const char *files_from; /* --files-from FILE ("-": stdin), or NULL */
	const char *root;       /* --root DIR: a Windows installation, or NULL */
	int verbose;            /* --verbose: list the hives -r skipped */
	unsigned jobs;          /* -j N; 0 = the number of CPUs */
	unsigned timeout;       /* --timeout SECONDS; 0 = none */
	int isolate;            /* --isolate: a worker process per hive (runner.h) */
	const char *fix_reg;    /* --fix-reg FILE, or NULL */
	int force;              /* --force: --fix-reg may replace FILE */
	struct hd_options opts;
	const char *ignore_ids[HD_CLI_MAX_IGNORE]; /* rule ids of the table; opts.rules.ignore points here */
	char **hives;           /* borrowed from argv */
	size_t n_hives;
};

/* The usage text, exactly the man page's SYNOPSIS (a test compares them). */
extern const char hd_usage[];

/* One row of the option table (cli.c): getopt's tables and --help come from it. */
struct hd_cli_option {
	const char *name;               /* long name, without "--" */
	char short_name;                /* 'o', or 0 */
	const char *arg;                /* the argument's name in --help; NULL for a flag */
	int (*set)(struct hd_cli *cli, const char *arg, char *err, size_t errlen);
	const char *help;               /* one line of --help */
};

/* The option table and its length. */
const struct hd_cli_option *hd_cli_options(size_t *n);

/* --help: the usage, one line per option, where the manual is.  0 / -1 (stream error). */
int hd_cli_help(FILE *f);

/*
 * Parse argv (GNU style: options anywhere, "--" ends them).  Returns 0, or -1 with a message in err (usage error).
 * Uses getopt_long: not reentrant.
 */
int hd_cli_parse(int argc, char **argv, struct hd_cli *cli, char *err, size_t errlen);

#endif
