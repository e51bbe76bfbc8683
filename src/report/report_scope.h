/*
 * report_scope.h - which peers judged a hive (issue 23): the table rule P1
 * used and the hive's scope in it, for the report's
 * analysis.peers, the text report's peers line and the HTML report's row.
 */
#ifndef HD_REPORT_SCOPE_H
#define HD_REPORT_SCOPE_H

#include <stddef.h>

#include "analyze/result.h"
#include "fleet/fleet.h"

struct hd_report_scope {
	const char *table;              /* "sha256:<hex>" */
	struct hd_fleet_scope scope;    /* id NULL: the hive is in no scope of the table */
};

/*
 * The scope of res's hive: its case folder (the worker's, options
 * rules.peer_case) and its DNS domain (facts, Tcpip\Parameters\Domain) in
 * the run's table.  1 with *s filled, 0 when the run has no table
 * (--no-peers, a single HIVE): analysis.peers is then null.
 */
int hd_report_scope(const struct hd_result *res, struct hd_report_scope *s);

/* "5 servers, 7 hives in scope cases/contoso; table sha256:0123456789abcdef..." into buf. */
void hd_report_scope_text(const struct hd_report_scope *s, char *buf, size_t len);

#endif
