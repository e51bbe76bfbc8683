/*
 * names.h - the peer pass's first read of one hive (issue 17): the
 * Organization and Site names its registry copies agree on, read with the
 * cell reader (hive/regf_cells.h) instead of the whole analysis.
 *
 * What this read skips, and why that is safe: it does not replay a dirty
 * hive's transaction logs and follows Select\Current (or --control-set)
 * without the full analysis's fallbacks.  The analysis proper reads the
 * names again and rule P1 looks its own names up in the table, so a hive
 * whose names this read missed or read differently is only left out of the
 * peers (or judged by what it really holds), never misjudged.
 */
#ifndef HD_ANALYZE_NAMES_H
#define HD_ANALYZE_NAMES_H

#include "analyze/options.h"
#include "rules/finding.h"

struct hd_hive_names {
	char *org, *site;       /* agreed by every registry copy holding one; NULL otherwise */
	char *server;           /* the server's identity (rules/peers.h), upper case; NULL unknown */
	int is_system;          /* a SYSTEM hive (it has Select): the peers count no other kind */
};

/*
 * Read path's names and its server's identity: ComputerName, or on a
 * cluster (Services\\ClusSvc) MSExchangeSA's Server, the virtual server's
 * name (Q199756).  0 when read (any may still be NULL: no Exchange, copies
 * that disagree), -1 when the file is no primary hive this read
 * accepts or cannot be read (errno), or out of memory (ENOMEM).  The file is
 * opened read-only and mapped PROT_READ.
 */
int hd_analyze_names(const char *path, const struct hd_options *opts, struct hd_hive_names *out);
void hd_hive_names_clear(struct hd_hive_names *n);

#endif
