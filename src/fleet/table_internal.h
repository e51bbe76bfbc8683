/*
 * table_internal.h - the fleet peers table's private layout, shared by the
 * files that build it (table.c), index it (index.c), judge by it
 * (judge.c) and write and read it (tablefile.c).  Not for other stages.
 *
 * A finished table is self-contained: scopes (sorted by id), each with its
 * case folders and domains (sorted), and entries (sorted by scope, then
 * organization, then site); the records added before finish are gone.
 * Reading a table file gives the same structure, so every query works the
 * same on a table built in this process and one read from a file.
 */
#ifndef HD_FLEET_TABLE_INTERNAL_H
#define HD_FLEET_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fleet/fleet.h"

#define HD_NONE32 UINT32_MAX

/* Interned strings: an id per distinct string, a hash from string to id. */
struct hd_pool {
	char **str;
	size_t n, cap;
	uint32_t *slot;                 /* id + 1; 0 = empty */
	size_t n_slots;                 /* 0 or a power of two, at least 2 * cap */
};

int hd_pool_intern(struct hd_pool *p, const char *s, uint32_t *id);
/* The id of s, or HD_NONE32. */
uint32_t hd_pool_find(const struct hd_pool *p, const char *s);
void hd_pool_clear(struct hd_pool *p);
uint64_t hd_fnv1a(const void *p, size_t len, uint64_t h);
#define HD_FNV_SEED 14695981039346656037u

/*
 * The names records of one server as add keeps them until finish: records
 * that differ only in their path (copies of one server's hive: repair,
 * RegBack, the same hive sent twice) are one, with their count and the
 * smallest HD_PEER_PATHS of their paths, so the table grows with distinct
 * servers and names, not with hives (issue 23: the parent's memory flat).
 */
struct hd_rec {
	uint32_t case_tok, dom_tok, server, org, site;   /* pool ids; HD_NONE32 none */
	uint32_t hives;                 /* records merged into this one */
	size_t n_paths;
	char *paths[HD_PEER_PATHS];     /* the smallest, in strcmp order (owned) */
};

/* Keep a copy of path among the smallest HD_PEER_PATHS of v (*n long).  0, or -1 ENOMEM. */
int hd_rec_keep_path(char **v, size_t *n, const char *path);
void hd_rec_clear(struct hd_rec *r);

struct hd_scope_rec {
	char *id;                       /* the smallest of its tokens */
	char **cases, **domains;        /* sorted */
	size_t n_cases, n_domains;
	unsigned long servers, hives;
	size_t first_org, n_orgs;       /* its entries in t->orgs */
	size_t first_site, n_sites;     /* and in t->sites */
};

/* The near-miss index of one list (orgs or sites): key -> entries. */
struct hd_near_index {
	uint64_t *key;                  /* open addressing; 0 = empty */
	uint32_t *start, *count;        /* into ent */
	size_t n_slots;
	uint32_t *ent;                  /* entry numbers, grouped by key */
	size_t n_ent;
};

/*
 * A name's near-miss key kept for the judge (index.c), so that comparing it
 * with many names does not fold it again each time: the folded code points
 * live in the table's arena.
 */
struct hd_ckey {
	uint64_t digits;
	uint32_t off;                   /* into cp arena; UINT32_MAX: not kept (a small scope) */
	uint8_t n, too_long;
	uint8_t hist[32];
};

struct hd_fleet_table {
	/* Before finish. */
	struct hd_pool tokens, idents, names;   /* idents: server identities */
	struct hd_rec *rec;
	size_t n_rec, cap_rec;
	uint32_t *rec_slot;             /* open addressing over rec: index + 1; 0 = empty */
	size_t n_rec_slots;             /* 0 or a power of two, at least 2 * cap_rec */
	/* After finish (or read). */
	int finished;
	struct hd_scope_rec *scopes;
	size_t n_scopes;
	struct hd_peer_entry *orgs, *sites;
	uint32_t *org_scope, *site_scope;   /* the scope of each entry */
	size_t n_orgs, n_sites;
	struct hd_pool lookup;          /* case and domain tokens -> scope_of_token */
	uint32_t *scope_of_token;
	struct hd_near_index orgs_ix, sites_ix;
	struct hd_ckey *org_keys, *site_keys;   /* per entry */
	uint32_t *cp;                   /* the keys' code points */
	size_t n_cp, cap_cp;
	uint32_t *site_org;             /* per site entry: its organization's entry */
	unsigned long hives, named, servers, unread;
	char id[7 + 64 + 1];            /* "sha256:<hex>" */
};

/* "case:<folder>" / "dns:<domain>" as a new string; NULL ENOMEM. */
char *hd_fleet_token(const char *kind, const char *s);
/* domain lower case, no trailing dot, two labels or more, as a new string; NULL none (errno 0) or ENOMEM. */
char *hd_fleet_domain_norm(const char *domain);

/* After scopes and entries are in place (finish or read): the lookup of tokens, the indexes and the id. */
int hd_fleet_table_seal(struct hd_fleet_table *t, const volatile sig_atomic_t *stop);

/* index.c */
int hd_near_index_build(struct hd_fleet_table *t, int sites, const volatile sig_atomic_t *stop);
void hd_near_index_clear(struct hd_near_index *ix);
/* The key of entry i of a list, kept or made now. */
void hd_entry_key(const struct hd_fleet_table *t, int sites, size_t i, struct hd_near_key *k);
/*
 * The entries of scope (its list: orgs or sites) whose name may be a
 * near-miss of name (a superset, sorted, distinct; the caller verifies).
 * A new array, *n long; NULL with *n = 0 for none; NULL with errno = ENOMEM.
 */
uint32_t *hd_near_index_query(const struct hd_fleet_table *t, int sites, size_t scope, const char *name,
                              size_t *n);

/*
 * tablefile.c: the SHA-256 of the canonical bytes, streamed (never held whole); with
 * expect, *differs says whether they differ from expect_len bytes at
 * expect.  0, or -1 ENOMEM.
 */
int hd_fleet_table_digest(const struct hd_fleet_table *t, const char *expect, size_t expect_len,
                          uint8_t digest[32], int *differs);

#endif
