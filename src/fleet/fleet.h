/*
 * fleet.h - the fleet stage (issue 23): what one hive tells about its
 * server's names (the names record), where it sits in an archive (its case
 * folder, installation folder and shard), which other servers may witness
 * its names (the peer scope), and the fleet peers table rule P1 judges by.
 *
 * Stage order: util < hive < source < txlog < facts < fleet < rules <
 * verdict < analyze < report < cli.  Library code: no printing, no exit.
 *
 * Map, reduce, judge.  A run over many hives (or N shards of one, on
 * other hosts) first reads every hive's names record (a few lookups in the
 * log-replayed image), then builds one table from all of them
 * (hd_fleet_table_add, hd_fleet_table_finish), then analyzes each hive with
 * that table.  The table's canonical form (hd_fleet_table_write) is
 * deterministic: the same records in any order give the same bytes, and its
 * SHA-256 is the table's identity, recorded in every report, so a spread
 * run and a single run over the same hives judge by the same table.
 *
 * Peer scope (who may witness whom): two servers witness each other's names
 * only when they can belong to one organization, which the evidence shows
 * by a shared case folder (the archive's layout) or a shared DNS domain
 * (Tcpip\Parameters\Domain, two labels or more).  Scopes are the connected
 * groups of hives under those two links (a union-find over case folders
 * and domains).  Unrelated customers in different case folders with
 * different domains never judge each other.  That one case folder holds one
 * customer, and that one DNS domain is one customer's, are inferences; the
 * report names the scope every judgement was made in.
 */
#ifndef HD_FLEET_H
#define HD_FLEET_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/nearmiss.h"

/* ---- names record: one hive (one NDJSON line of a names export) ---- */

struct hd_fleet_names {
	char *path;             /* the input as the run names it */
	char *sha256;           /* lower-case hex of the file read, or NULL (not hashed) */
	char *case_folder;      /* hd_fleet_case_folder; never NULL in a record */
	char *installation;     /* hd_fleet_installation; never NULL in a record */
	char *server;           /* identity: ComputerName (cluster: the virtual server), upper case; NULL unknown */
	char *domain;           /* DNS domain, lower case, no trailing dot; NULL none */
	char *org, *site;       /* the names every registry copy holding one agrees on; NULL otherwise */
	int is_system;          /* a SYSTEM hive (the table counts no other kind) */
	int read;               /* 1: names read; 0: the hive could not be read (error says why) */
	char *error;            /* why not read, or NULL */
};

void hd_fleet_names_clear(struct hd_fleet_names *n);

/*
 * One line of JSON (no newline) for n, as a new string:
 * {"names":{"path":...,"sha256":...,"case":...,"installation":...,
 *  "server":...,"domain":...,"organization":...,"site":...,
 *  "system":true,"read":true,"error":null}}
 * NULL with errno = ENOMEM.
 */
char *hd_fleet_names_json(const struct hd_fleet_names *n);

/*
 * Parse one line written by hd_fleet_names_json into *n.  1: a names record;
 * 0: a completion record (*done filled, may be NULL); -1: malformed (err
 * says why) or ENOMEM.
 */
struct hd_fleet_completion {
	unsigned shard, shards;         /* K of N; 0 of 0 when the run was not sharded */
	unsigned long hives;            /* records (names) or reports written before this line */
	int worst;                      /* the worst exit status of the shard: 0, 1 or 2 */
	char kind[16];                  /* "names" or "reports" */
};
int hd_fleet_names_parse(const char *line, size_t len, struct hd_fleet_names *n,
                         struct hd_fleet_completion *done, char *err, size_t errlen);

/*
 * The completion record ending a shard's NDJSON (names export or reports):
 * {"completion":{"kind":"names","shard":"2/8","hives":1234,"worst_status":1}}
 * as a new string (no newline), NULL with errno = ENOMEM.  parse: 0, or -1
 * when line is no completion record.
 */
char *hd_fleet_completion_json(const struct hd_fleet_completion *c);
int hd_fleet_completion_parse(const char *line, size_t len, struct hd_fleet_completion *c);

/* ---- layout: case folder, installation folder, shard ---- */

/*
 * The case folder of path: under a walked directory root (-r DIR; root is
 * DIR as given), the first component below it (root itself for a file
 * directly in it); for a file named on its own (root NULL), the parent of
 * its installation folder.  A new string, NULL with errno = ENOMEM.
 */
char *hd_fleet_case_folder(const char *path, const char *root);

/*
 * The installation folder of path: its directory, less a trailing
 * "repair", "RegBack" or "config" (and "System32\config") component,
 * ASCII case ignored: SYSTEM, its SOFTWARE hive and their repair copies
 * share one.  A new string, NULL with errno = ENOMEM.
 */
char *hd_fleet_installation(const char *path);

/* The shard (0 .. n-1) of an installation folder: FNV-1a 64 modulo n.  n >= 1. */
unsigned hd_fleet_shard_of(const char *installation, unsigned n);

/* Parse "K/N" (1 <= K <= N <= 1000000): 0, or -1. */
int hd_fleet_shard_parse(const char *s, unsigned *k, unsigned *n);

/* ---- the fleet peers table ---- */

#define HD_PEER_PATHS 4

/* One name within one scope: an organization (site NULL), or a site of an organization. */
struct hd_peer_entry {
	char *org;
	char *site;                     /* NULL in the organization list */
	unsigned long count;            /* distinct servers carrying it: the majority's unit */
	unsigned long hives;            /* hive files carrying it (copies of one server included) */
	char *paths[HD_PEER_PATHS];     /* the first of them, in path order */
	size_t n_paths;
};

/* Which peers judged a hive: its scope. */
struct hd_fleet_scope {
	const char *id;                 /* the scope's identity (its smallest case folder or domain token); NULL: none */
	unsigned long servers;          /* distinct servers in the scope */
	unsigned long hives;            /* hive files in the scope */
};

struct hd_fleet_table;

struct hd_fleet_table *hd_fleet_table_new(void);
void hd_fleet_table_free(struct hd_fleet_table *t);

/* Count one names record (copied).  0, or -1 ENOMEM.  Not after finish. */
int hd_fleet_table_add(struct hd_fleet_table *t, const struct hd_fleet_names *n);

/*
 * After the last add: resolve the scopes and build the near-miss index
 * (linear in distinct names; never all pairs).  stop (may be NULL) is
 * polled: -1 with errno = EINTR once it is set.  0, or -1 (ENOMEM, EINTR).
 */
int hd_fleet_table_finish(struct hd_fleet_table *t, const volatile sig_atomic_t *stop);

/* The canonical form, UTF-8 JSON ending in a newline.  0, or -1 with errno. */
int hd_fleet_table_write(const struct hd_fleet_table *t, FILE *f);

/* "sha256:<hex>" of the canonical form (finished tables only). */
const char *hd_fleet_table_id(const struct hd_fleet_table *t);

/* Read a table written by hd_fleet_table_write (finished on return), or NULL with err. */
struct hd_fleet_table *hd_fleet_table_read(const char *buf, size_t len, char *err, size_t errlen);

/* Totals: SYSTEM hives counted, of them named, distinct servers, unread records. */
void hd_fleet_table_totals(const struct hd_fleet_table *t, unsigned long *hives, unsigned long *named,
                           unsigned long *servers, unsigned long *unread);

/*
 * The scope of a hive in case folder case_folder with DNS domain domain
 * (either may be NULL).  1 found, 0 in no scope of the table (s->id NULL).
 */
int hd_fleet_scope_of(const struct hd_fleet_table *t, const char *case_folder, const char *domain,
                      struct hd_fleet_scope *s);

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
	const struct hd_peer_entry *peers[HD_PEER_MAX_EVIDENCE]; /* entries carrying other (borrowed from the table) */
	size_t n_peers;
};

/*
 * Judge an organization name, or a site name of organization org, within
 * scope s (hd_fleet_scope_of): against its near-misses in that scope
 * (sites: among organizations that are the same or near-misses).  Cost:
 * the name's near-misses, never the table.  0, or -1 ENOMEM.
 */
int hd_fleet_judge_org(const struct hd_fleet_table *t, const struct hd_fleet_scope *s, const char *org,
                       struct hd_peer_judgement *j);
int hd_fleet_judge_site(const struct hd_fleet_table *t, const struct hd_fleet_scope *s, const char *org,
                        const char *site, struct hd_peer_judgement *j);

/*
 * "Exchange names in 7 of 7 hives (5 servers, 2 scopes): 2 organizations,
 * 2 sites; near-misses: organization \"Contosso\" (1 server) of
 * \"Contoso\" (4 servers), ..." as a new string, NULL with errno = ENOMEM.
 */
char *hd_fleet_summary(const struct hd_fleet_table *t);

#endif
