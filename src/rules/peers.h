/*
 * peers.h - the names of the other servers of one run (issue 17).
 *
 * KB Q298565 names two causes of IMC event 4086: a SiteDN that disagrees
 * with the directory, or "the wrong Organization or Site name was used when
 * Exchange Server was reinstalled".  In the second case every registry copy
 * on the server agrees with the others, so one hive cannot show it; but the
 * directory's names are shared by every server of the site, and a run over
 * an archive often holds several.  The peer table holds, for one run, the
 * Organization and Site names each hive's registry copies agree on, how many
 * hives carry each, and the first paths; rule P1 (rules_peers.c) judges a
 * hive's names against it.  That the majority spelling is the directory's is
 * an inference, and every finding says so.
 *
 * Built by the CLI's first pass (cli/peers.c), handed to the rules through
 * struct hd_rule_options like --org/--site.  Pure data: no I/O.  Memory grows with
 * the number of distinct names (one entry per organization and per
 * organization/site pair, at most HD_PEER_PATHS paths each), not with the
 * number of hives.
 */
#ifndef HD_PEERS_H
#define HD_PEERS_H

#include <stddef.h>

#include "facts/facts.h"
#include "util/nearmiss.h"

#define HD_PEER_PATHS 4

struct hd_peer_entry {
	char *org;
	char *site;                     /* NULL in the organization list */
	unsigned long count;            /* distinct servers carrying this name: the majority's unit */
	unsigned long hives;            /* hive files carrying it (copies of one server included) */
	char *paths[HD_PEER_PATHS];     /* the first of them, in input order */
	size_t n_paths;
	size_t *near;                   /* hd_peer_table_link: entries that are near-misses */
	size_t n_near;                  /* (sites: of a related organization, or the same site) */
};

/* A set of strings (open addressing); what the table has counted once. */
struct hd_peer_set {
	char **slot;
	size_t n, n_slots;              /* n_slots: 0 or a power of two, at least 2 * n */
};

struct hd_peer_list {
	struct hd_peer_entry *v;
	size_t n, cap;
	size_t *slot;                   /* hash index: entry number + 1, 0 = empty */
	size_t n_slots;                 /* a power of two, at least 2 * cap */
	struct hd_peer_set seen;        /* "org, site, server" already counted in an entry */
};

struct hd_peer_table {
	struct hd_peer_list orgs;       /* by organization */
	struct hd_peer_list sites;      /* by organization and site */
	unsigned long hives;            /* SYSTEM hives whose names were read (no SOFTWARE hive) */
	unsigned long named;            /* of them, with an agreed organization */
	unsigned long servers;          /* distinct servers among the named hives */
	unsigned long unread;           /* hives whose names could not be read (not counted) */
	struct hd_peer_set seen;        /* the servers counted in servers */
	int linked;                     /* hd_peer_table_link ran after the last add */
};

/*
 * Count one SYSTEM hive: its path, the names its registry copies agree on
 * (either may be NULL; a site counts only with its organization) and its
 * server's identity (NULL when unknown: the hive is then a witness of its
 * own).  A name's count grows once per server, however many of the
 * server's copies carry it.  0, or -1 ENOMEM.
 */
int hd_peer_table_add(struct hd_peer_table *t, const char *path, const char *org, const char *site,
                      const char *server);
void hd_peer_table_clear(struct hd_peer_table *t);

/*
 * After the last add: find each entry's near-misses once, comparing only
 * names whose lengths allow it, so that judging a name costs its few
 * neighbours rather than the whole table (a run over many customers has
 * thousands of distinct names).  Without it, judging scans every entry.
 * 0, or -1 ENOMEM.
 */
int hd_peer_table_link(struct hd_peer_table *t);

enum hd_peer_status {
	HD_PEER_NONE,                   /* no near-miss, or this name is the majority's */
	HD_PEER_MINORITY,               /* a near-miss of a name more servers carry */
	HD_PEER_TIE,                    /* near-misses carried by as many servers: no majority */
};

#define HD_PEER_MAX_EVIDENCE 4

struct hd_peer_judgement {
	enum hd_peer_status status;
	const char *own;                /* the name judged (the caller's) */
	unsigned long own_count;        /* servers carrying it (the judged one's included) */
	const char *other;              /* the majority's name, or a tied one; NULL for NONE */
	unsigned long other_count;
	enum hd_near how;               /* how own differs from other */
	unsigned distance;              /* edit distance for HD_NEAR_EDIT */
	const struct hd_peer_entry *peers[HD_PEER_MAX_EVIDENCE]; /* entries carrying other */
	size_t n_peers;
};

/*
 * Judge an organization name, or a site name of organization org (sites
 * are compared among hives whose organizations are the same or near-misses
 * of each other).  A name is judged against its near-misses (nearmiss.h):
 * the one most hives carry is the majority; fewer hives -> MINORITY; as
 * many -> TIE.  0, or -1 ENOMEM.
 */
int hd_peer_judge_org(const struct hd_peer_table *t, const char *org, struct hd_peer_judgement *j);
int hd_peer_judge_site(const struct hd_peer_table *t, const char *org, const char *site,
                       struct hd_peer_judgement *j);

/*
 * The name a row of the name table holds when every registry copy that has
 * one agrees byte for byte; NULL when none has one or they disagree (rules
 * A2-A5 speak for such a hive: its own name is in doubt).
 */
const char *hd_peer_agreed(const struct hd_name_row *row);

#endif
