/*
 * test_table.c - the fleet peers table: counts of distinct servers, the
 * majority judgement, scopes, and the canonical file (fleet/finish.c,
 * judge.c, tablefile.c, tableread.c).  Moved from rules/test_peers.c.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/agreed.h"
#include "fleet/fleet.h"
#include "fleet/table_internal.h"

TestSuite(table);

/* One SYSTEM hive into t. */
static void add1(struct hd_fleet_table *t, const char *folder, const char *path, const char *org, const char *site,
                 const char *server, const char *domain)
{
	struct hd_fleet_names n = {
		.path = (char *)path, .case_folder = (char *)folder, .installation = (char *)path,
		.server = (char *)server, .domain = (char *)domain, .org = (char *)org, .site = (char *)site,
		.is_system = 1, .read = 1,
	};

	cr_assert_eq(hd_fleet_table_add(t, &n), 0);
}

/* n hives carrying org / site, named prefix1, prefix2 ..., each its own server, all in folder "f". */
static void add(struct hd_fleet_table *t, int n, const char *prefix, const char *org, const char *site)
{
	char path[64];

	for (int i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s%d", prefix, i);
		add1(t, "f", path, org, site, path, NULL);
	}
}

static struct hd_fleet_scope scope_f(const struct hd_fleet_table *t)
{
	struct hd_fleet_scope s;

	cr_assert_eq(hd_fleet_scope_of(t, "f", NULL, &s), 1);
	return s;
}

static int judge_org(const struct hd_fleet_table *t, const char *org, struct hd_peer_judgement *j)
{
	struct hd_fleet_scope s = scope_f(t);

	return hd_fleet_judge_org(t, &s, org, j);
}

static int judge_site(const struct hd_fleet_table *t, const char *org, const char *site, struct hd_peer_judgement *j)
{
	struct hd_fleet_scope s = scope_f(t);

	return hd_fleet_judge_site(t, &s, org, site, j);
}

/* The archive: four Contoso, one Contosso, one contoso, one Fabrikam. */
static struct hd_fleet_table *archive(void)
{
	struct hd_fleet_table *t = hd_fleet_table_new();

	add(t, 4, "redmond/exch0", "Contoso", "Redmond");
	add(t, 1, "redmond/typo", "Contosso", "Redmond");
	add(t, 1, "redmond/case", "contoso", "Redmond");
	add(t, 1, "paris/fab", "Fabrikam", "Paris");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	return t;
}

/* Counts, distinct entries in name order, and the first paths in path order. */
Test(table, counts)
{
	struct hd_fleet_table *t = archive();
	unsigned long hives, named, servers, unread;

	hd_fleet_table_totals(t, &hives, &named, &servers, &unread);
	cr_assert_eq(hives, 7);
	cr_assert_eq(named, 7);
	cr_assert_eq(servers, 7);
	cr_assert_eq(unread, 0);
	cr_assert_eq(t->n_orgs, 4);
	cr_assert_eq(t->n_sites, 4);
	cr_assert_str_eq(t->orgs[0].org, "Contoso");
	cr_assert_str_eq(t->orgs[1].org, "Contosso");
	cr_assert_eq(t->orgs[0].count, 4);
	cr_assert_eq(t->orgs[0].n_paths, 4);
	cr_assert_str_eq(t->orgs[0].paths[0], "redmond/exch01");
	cr_assert_str_eq(t->orgs[0].paths[3], "redmond/exch04");
	cr_assert_null(t->orgs[0].site);
	hd_fleet_table_free(t);
}

/* A hive without an agreed organization counts as read, carries nothing; unread and SOFTWARE hives apart. */
Test(table, hive_without_names)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_fleet_names unread = { .path = (char *)"u", .read = 0 };
	struct hd_fleet_names software = { .path = (char *)"s", .case_folder = (char *)"f", .read = 1, .org = (char *)"X" };
	unsigned long hives, named, servers, n_unread;

	add1(t, "f", "a", NULL, "Redmond", NULL, NULL);
	cr_assert_eq(hd_fleet_table_add(t, &unread), 0);
	cr_assert_eq(hd_fleet_table_add(t, &software), 0);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	hd_fleet_table_totals(t, &hives, &named, &servers, &n_unread);
	cr_assert_eq(hives, 1);
	cr_assert_eq(named, 0);
	cr_assert_eq(n_unread, 1);
	cr_assert_eq(t->n_orgs + t->n_sites, 0);
	hd_fleet_table_free(t);
}

/* The typing error and the case-only spelling are minorities; the majority and Fabrikam are not. */
Test(table, minority_and_majority)
{
	struct hd_fleet_table *t = archive();
	struct hd_peer_judgement j;

	cr_assert_eq(judge_org(t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Contoso");
	cr_assert_eq(j.own_count, 1);
	cr_assert_eq(j.other_count, 4);
	cr_assert_eq(j.how, HD_NEAR_EDIT);
	cr_assert_eq(j.distance, 1);
	cr_assert_eq(j.n_peers, 1);
	cr_assert_str_eq(j.peers[0]->paths[0], "redmond/exch01");
	cr_assert_eq(judge_org(t, "contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.how, HD_NEAR_CASE);
	cr_assert_eq(judge_org(t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "the majority is judged by nobody");
	cr_assert_null(j.other);
	cr_assert_eq(judge_org(t, "Fabrikam", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	/* Sites: Redmond everywhere in the Contoso family, Paris alone. */
	cr_assert_eq(judge_site(t, "Contosso", "Redmond", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	cr_assert_eq(judge_site(t, "Fabrikam", "Paris", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	hd_fleet_table_free(t);
}

/* As many servers on each spelling: a tie, both ways. */
Test(table, tie)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_peer_judgement j;

	add(t, 2, "a", "Contoso", "Redmond");
	add(t, 2, "b", "Contosso", "Redmond");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(judge_org(t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_str_eq(j.other, "Contosso");
	cr_assert_eq(judge_org(t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_eq(j.n_peers, 1);
	cr_assert_str_eq(j.peers[0]->paths[1], "a2");
	hd_fleet_table_free(t);
}

/* Two stronger spellings tied with each other: no majority for the third either. */
Test(table, no_majority_among_stronger)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_peer_judgement j;

	add(t, 3, "a", "Contoso", "Redmond");
	add(t, 3, "b", "Contosso", "Redmond");
	add(t, 1, "c", "Contoso ", "Redmond");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(judge_org(t, "Contoso ", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_eq(j.other_count, 3);
	hd_fleet_table_free(t);
}

/* A site near-miss within one organization; the same name in another organization is not compared. */
Test(table, sites_by_organization)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_peer_judgement j;

	add(t, 3, "r", "Contoso", "Redmond");
	add(t, 1, "t", "Contoso", "Redmnd");
	add(t, 5, "f", "Fabrikam", "Redmont");
	add(t, 1, "x", "Contosso", "Redmnd");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(judge_site(t, "Contoso", "Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Redmond");
	cr_assert_eq(j.other_count, 3, "Fabrikam's Redmont is not counted");
	cr_assert_str_eq(j.peers[0]->org, "Contoso");
	cr_assert_eq(judge_site(t, "Fabrikam", "Redmont", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	/* A reinstalled organization's site is compared with its near-miss organization's. */
	cr_assert_eq(judge_site(t, "Contosso", "Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.own_count, 2);
	hd_fleet_table_free(t);
}

/* Distinct names never judge each other. */
Test(table, distinct_organizations)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_peer_judgement j;

	add(t, 9, "a", "Contoso", "Site1");
	add(t, 1, "b", "Fabrikam", "Site2");
	add(t, 1, "c", "Contoso", "Site2");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(judge_org(t, "Fabrikam", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	cr_assert_eq(judge_site(t, "Contoso", "Site2", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "numbered sites are siblings");
	hd_fleet_table_free(t);
}

/* The agreed name of a row: every copy equal, or the only copy; NULL when they differ. */
Test(table, agreed_name)
{
	struct hd_name_row row;

	memset(&row, 0, sizeof row);
	cr_assert_null(hd_peer_agreed(&row));
	row.cell[HD_NSRC_SA].value = "Contoso";
	row.registry = HD_AGREE_NONE;
	cr_assert_str_eq(hd_peer_agreed(&row), "Contoso");
	row.cell[HD_NSRC_SITEDN].value = "Contoso";
	row.registry = HD_AGREE_EXACT;
	cr_assert_str_eq(hd_peer_agreed(&row), "Contoso");
	row.registry = HD_AGREE_CASE_ONLY;
	cr_assert_null(hd_peer_agreed(&row));
	row.registry = HD_AGREE_DIFFER;
	cr_assert_null(hd_peer_agreed(&row));
}

/* Copies of one server (current, repair, RegBack, sent twice) are one witness (DOMAIN.md 0.16). */
Test(table, copies_of_one_server_count_once)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_peer_judgement j;
	struct hd_fleet_scope s;
	unsigned long hives, named, servers, unread;

	add1(t, "f", "exch01/SYSTEM", "Contoso", "Redmond", "EXCH01", NULL);
	add1(t, "f", "exch02/SYSTEM", "Contoso", "Redmond", "EXCH02", NULL);
	add1(t, "f", "exch05/SYSTEM", "Contosso", "Redmond", "EXCH05", NULL);
	add1(t, "f", "exch05/repair/system", "Contosso", "Redmond", "EXCH05", NULL);
	add1(t, "f", "exch05/RegBack/SYSTEM", "Contosso", "Redmond", "EXCH05", NULL);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	hd_fleet_table_totals(t, &hives, &named, &servers, &unread);
	cr_assert_eq(hives, 5);
	cr_assert_eq(servers, 3);
	cr_assert_eq(hd_fleet_scope_of(t, "f", NULL, &s), 1);
	cr_assert_eq(s.servers, 3);
	cr_assert_eq(s.hives, 5);
	cr_assert_eq(t->orgs[1].count, 1, "three copies of EXCH05: one server");
	cr_assert_eq(t->orgs[1].hives, 3);
	/* Three copies of the reinstalled server do not outvote two correct servers. */
	cr_assert_eq(judge_org(t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.own_count, 1);
	cr_assert_eq(j.other_count, 2);
	cr_assert_eq(judge_org(t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	hd_fleet_table_free(t);
}

/*
 * Copies of one server's hive are one record until finish (issue 23: the
 * parent's memory grows with servers, not hives): 10,000 copies of two
 * servers keep two records, count every hive, and keep the smallest paths
 * whatever order they came in.
 */
Test(table, copies_kept_as_one_record)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	unsigned long hives, named, servers, unread;
	char path[64];

	for (int i = 0; i < 10000; i++) {
		int k = (i * 7919) % 10000;     /* every number once, not in order */

		snprintf(path, sizeof path, "sent-%05d/exch01/SYSTEM", k);
		add1(t, "f", path, "Contoso", "Redmond", "EXCH01", NULL);
		snprintf(path, sizeof path, "sent-%05d/exch02/SYSTEM", k);
		add1(t, "f", path, "Contoso", "Redmond", "EXCH02", NULL);
	}
	cr_assert_eq(t->n_rec, 2, "two servers, %zu records kept", t->n_rec);
	cr_assert_eq(t->rec[0].hives + t->rec[1].hives, 20000);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	hd_fleet_table_totals(t, &hives, &named, &servers, &unread);
	cr_assert_eq(hives, 20000);
	cr_assert_eq(servers, 2);
	cr_assert_eq(t->n_orgs, 1);
	cr_assert_eq(t->orgs[0].count, 2);
	cr_assert_eq(t->orgs[0].hives, 20000);
	cr_assert_eq(t->orgs[0].n_paths, HD_PEER_PATHS);
	cr_assert_str_eq(t->orgs[0].paths[0], "sent-00000/exch01/SYSTEM");
	cr_assert_str_eq(t->orgs[0].paths[1], "sent-00000/exch02/SYSTEM");
	cr_assert_str_eq(t->orgs[0].paths[2], "sent-00001/exch01/SYSTEM");
	cr_assert_str_eq(t->orgs[0].paths[3], "sent-00001/exch02/SYSTEM");
	cr_assert_eq(t->sites[0].hives, 20000);
	hd_fleet_table_free(t);
}

/* A hive whose server is unknown is a witness of its own, never merged with a named one. */
Test(table, unknown_server_is_its_own_witness)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	unsigned long hives, named, servers, unread;

	add1(t, "f", "a", "Contoso", NULL, NULL, NULL);
	add1(t, "f", "b", "Contoso", NULL, NULL, NULL);
	add1(t, "f", "a2", "Contoso", NULL, "a", NULL);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	hd_fleet_table_totals(t, &hives, &named, &servers, &unread);
	cr_assert_eq(t->orgs[0].count, 3);
	cr_assert_eq(servers, 3);
	hd_fleet_table_free(t);
}

/* The summary names servers, scopes, and each near-miss group once. */
Test(table, summary)
{
	struct hd_fleet_table *t = archive();
	char *s = hd_fleet_summary(t);

	cr_assert_str_eq(s, "hivediag: peers: Exchange names in 7 of 7 SYSTEM hives (7 servers, 1 scope): "
	                    "2 organizations, 2 sites; near-misses: organization \"Contosso\" (1 server) of "
	                    "\"Contoso\" (4 servers), organization \"contoso\" (1 server) of \"Contoso\" (4 servers)");
	free(s);
	hd_fleet_table_free(t);
}

/*
 * Scopes (issue 23): Contosso in another case folder with another domain is
 * another customer, never judged by Contoso's servers; a shared case folder
 * or a shared DNS domain (two labels or more, any case) links them.
 */
Test(table, scopes_keep_customers_apart)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_fleet_scope s, s2;
	struct hd_peer_judgement j;

	for (int i = 0; i < 4; i++) {
		char path[32];

		snprintf(path, sizeof path, "c1/exch0%d", i);
		add1(t, "c1", path, "Contoso", "Redmond", path, "contoso.com");
	}
	add1(t, "c2", "c2/mail", "Contosso", "Redmond", "MAIL", "contosso.net");
	/* c3 and c4 share a domain (written differently), c4 and c5 a bare "local" that links nothing. */
	add1(t, "c3", "c3/a", "Fabrikam", "Paris", "A", "Fabrikam.COM.");
	add1(t, "c4", "c4/b", "Fabrikan", "Paris", "B", "fabrikam.com");
	add1(t, "c4", "c4/c", "Fabrikam", "Paris", "C", "local");
	add1(t, "c5", "c5/d", "Fabrikan", "Paris", "D", "local");
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(hd_fleet_scope_of(t, "c2", NULL, &s), 1);
	cr_assert_str_eq(s.id, "case:c2");
	cr_assert_eq(s.servers, 1);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "another customer's servers are not its peers");
	cr_assert_eq(hd_fleet_scope_of(t, "c1", NULL, &s), 1);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY, "judged within Contoso's scope");
	/* The domain links c3 and c4: one scope, named by its smallest token. */
	cr_assert_eq(hd_fleet_scope_of(t, "c3", NULL, &s), 1);
	cr_assert_eq(hd_fleet_scope_of(t, "c4", NULL, &s2), 1);
	cr_assert_eq(s.id, s2.id);
	cr_assert_str_eq(s.id, "case:c3");
	cr_assert_eq(s.servers, 3);
	cr_assert_eq(hd_fleet_scope_of(t, NULL, "FABRIKAM.com", &s2), 1);
	cr_assert_eq(s.id, s2.id);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Fabrikan", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY, "2 Fabrikam servers (A, C), 1 Fabrikan (B); D is elsewhere");
	cr_assert_eq(j.own_count, 1);
	cr_assert_eq(j.other_count, 2);
	cr_assert_eq(hd_fleet_scope_of(t, "c5", NULL, &s), 1);
	cr_assert_str_eq(s.id, "case:c5", "\"local\" links nothing");
	cr_assert_eq(hd_fleet_scope_of(t, "c9", "local", &s), 0);
	cr_assert_null(s.id);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Fabrikan", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "in no scope: no peers");
	hd_fleet_table_free(t);
}

/* The canonical bytes of t as a new string. */
static char *bytes_of(const struct hd_fleet_table *t, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_fleet_table_write(t, f), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* A mixed archive, added in the order perm gives (a permutation of 0..11). */
static struct hd_fleet_table *mixed(const int *perm)
{
	static const char *const rows[12][6] = {
		{ "c1", "c1/exch01/SYSTEM", "Contoso", "Redmond", "EXCH01", "contoso.com" },
		{ "c1", "c1/exch02/SYSTEM", "Contoso", "Redmond", "EXCH02", "contoso.com" },
		{ "c1", "c1/exch02/repair/SYSTEM", "Contoso", "Redmond", "EXCH02", "contoso.com" },
		{ "c1", "c1/exch05/SYSTEM", "Contosso", "Redmnd", "EXCH05", NULL },
		{ "c2", "c2/x/SYSTEM", "Tailspin \"Toys\"", "Quote\\Back", "X", "tailspin.example" },
		{ "c2", "c2/y/SYSTEM", "Tailspin Toys", "Line\nBreak", NULL, NULL },
		{ "c3", "c3/z/SYSTEM", "Müller AG", "Köln", "Z", "contoso.com" },
		{ "c4", "c4/n/SYSTEM", NULL, NULL, "N", NULL },
		{ "c5", "c5/1/SYSTEM", "Org", "S", "ONE", "mail.example.org" },
		{ "c5", "c5/2/SYSTEM", "Org", "S", "ONE", "mail.example.org" },
		{ "c6", "c6/3/SYSTEM", "Org", NULL, "ONE", "example.org" },
		{ "c6", "c6/4/SYSTEM", "Org", "S", "TWO", NULL },
	};
	struct hd_fleet_table *t = hd_fleet_table_new();

	for (int i = 0; i < 12; i++) {
		const char *const *r = rows[perm[i]];

		add1(t, r[0], r[1], r[2], r[3], r[4], r[5]);
	}
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	return t;
}

/* Add order changes no byte; the id is the bytes' SHA-256; reading gives the same table back. */
Test(table, canonical_file_round_trip)
{
	static const int fwd[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	static const int rev[12] = { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const int mix[12] = { 6, 2, 9, 0, 11, 4, 1, 8, 3, 10, 7, 5 };
	struct hd_fleet_table *a = mixed(fwd), *b = mixed(rev), *c = mixed(mix), *r;
	size_t la, lb, lc, lr;
	char *ba = bytes_of(a, &la), *bb = bytes_of(b, &lb), *bc = bytes_of(c, &lc), *br, err[256] = "";
	struct hd_fleet_scope s;
	struct hd_peer_judgement j;

	cr_assert(la == lb && memcmp(ba, bb, la) == 0, "reversed order:\n%s\n%s", ba, bb);
	cr_assert(la == lc && memcmp(ba, bc, la) == 0, "mixed order");
	cr_assert_str_eq(hd_fleet_table_id(a), hd_fleet_table_id(b));
	cr_assert_eq(strncmp(hd_fleet_table_id(a), "sha256:", 7), 0);
	cr_assert_eq(strlen(hd_fleet_table_id(a)), 7 + 64);
	cr_assert_not_null(strstr(ba, "\"Line\\u000aBreak\""));
	cr_assert_not_null(strstr(ba, "\"Tailspin \\\"Toys\\\"\""));
	/* c1 (contoso.com) and c3 (contoso.com): one scope; c5 and c6 share nothing. */
	cr_assert_not_null(strstr(ba, "{\"id\":\"case:c1\",\"cases\":[\"c1\",\"c3\"],\"domains\":[\"contoso.com\"],"
	                              "\"servers\":4,\"hives\":5,"), "%s", ba);
	r = hd_fleet_table_read(ba, la, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	br = bytes_of(r, &lr);
	cr_assert(lr == la && memcmp(br, ba, la) == 0, "write(read(x)) == x");
	cr_assert_str_eq(hd_fleet_table_id(r), hd_fleet_table_id(a));
	/* And it judges as the table it was written from. */
	cr_assert_eq(hd_fleet_scope_of(r, "c1", NULL, &s), 1);
	cr_assert_eq(hd_fleet_judge_org(r, &s, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.other_count, 2, "EXCH02 and its repair copy: one server");
	cr_assert_eq(hd_fleet_judge_site(r, &s, "Contosso", "Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	free(ba);
	free(bb);
	free(bc);
	free(br);
	hd_fleet_table_free(a);
	hd_fleet_table_free(b);
	hd_fleet_table_free(c);
	hd_fleet_table_free(r);
}

/* A table file that is not exactly its canonical form, or not consistent, is refused with a reason. */
Test(table, malformed_file_refused)
{
	static const int fwd[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	struct hd_fleet_table *a = mixed(fwd);
	size_t len;
	char *good = bytes_of(a, &len), err[256];
	struct {
		const char *from, *to, *why;
	} edits[] = {
		{ "\"servers\":4,\"hives\":5", "\"servers\":4,\"hives\":6", "totals" },
		{ "\"hivediag_peers_table\":1", "\"hivediag_peers_table\":2", "version" },
		{ "\"name\":\"Contoso\",\"servers\":2", "\"name\":\"Contoso\",\"servers\":0", "counts" },
		{ "\"cases\":[\"c1\",\"c3\"]", "\"cases\":[\"c3\",\"c1\"]", "sorted" },
		{ "\"domains\":[\"contoso.com\"]", "\"domains\":[\"Contoso.com\"]", "domain" },
		{ "{\"name\":\"Contoso\",", "{\"name\":\"Contoso\" ,", "canonical" },
		{ "\"paths\":[\"c1/exch01/SYSTEM\",", "\"paths\":[\"c1/exch01/SYSTEM\",\"c1/zz\",", "paths" },
		{ "\"id\":\"case:c1\"", "\"id\":\"dns:contoso.com\"", "id" },
		{ "\"organization\":\"Contoso\",\"name\":\"Redmond\"", "\"organization\":\"Contoso2\",\"name\":\"Redmond\"",
		  "site of an unknown organization" },
	};

	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		const char *at = strstr(good, edits[i].from);
		char *bad;
		size_t lf = strlen(edits[i].from), lt = strlen(edits[i].to), off;

		cr_assert_not_null(at, "%s not in\n%s", edits[i].from, good);
		off = (size_t)(at - good);
		bad = malloc(len - lf + lt + 1);
		memcpy(bad, good, off);
		memcpy(bad + off, edits[i].to, lt);
		memcpy(bad + off + lt, at + lf, len - off - lf + 1);
		err[0] = '\0';
		cr_assert_null(hd_fleet_table_read(bad, len - lf + lt, err, sizeof err), "%s accepted", edits[i].why);
		cr_assert_neq(err[0], '\0', "%s: a reason", edits[i].why);
		free(bad);
	}
	err[0] = '\0';
	cr_assert_null(hd_fleet_table_read(good, len - 10, err, sizeof err), "truncated");
	cr_assert_neq(err[0], '\0');
	cr_assert_null(hd_fleet_table_read("", 0, err, sizeof err));
	cr_assert_null(hd_fleet_table_read("[]", 2, err, sizeof err));
	cr_assert_not_null(strstr(err, "not"), "%s", err);
	free(good);
	hd_fleet_table_free(a);
}

/* finish polls stop: a set flag ends it with EINTR. */
Test(table, finish_stops_on_signal)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	volatile sig_atomic_t stop = 1;

	add(t, 3, "a", "Contoso", "Redmond");
	errno = 0;
	cr_assert_eq(hd_fleet_table_finish(t, &stop), -1);
	cr_assert_eq(errno, EINTR);
	hd_fleet_table_free(t);
}
