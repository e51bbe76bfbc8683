/*
 * options.h - what one analysis needs (issue 25: struct hd_options reached
 * every pure rule while mixing rule, analysis and source options).  The
 * rules see only .rules (rules/finding.h's struct hd_rule_options); the
 * rest says how to find, open and read the hive.
 */
#ifndef HD_OPTIONS_H
#define HD_OPTIONS_H

#include "rules/finding.h"

struct hd_options {
	struct hd_rule_options rules;   /* --org/--site/--server, --ignore, the peer table */
	unsigned control_set;           /* forced ControlSetNNN, 0 = as Windows would */
	int unsafe;                     /* hivex tolerant mode */
	int no_replay;                  /* analyze a dirty hive without its logs */
	const char *write_recovered;    /* save the recovered image here, or NULL */
	const char *software;           /* --software: the SOFTWARE hive of the same server, or NULL */
	int no_follow;                  /* the hive was found by a -r walk: a symbolic link there
	                                 * is refused (O_NOFOLLOW), even one swapped in after the walk */
};

#endif
