/*
 * test_table.c - the fleet peers table: counts of distinct servers, the
 * majority judgement, scopes, and the canonical file (fleet/finish.c,
 * judge.c, tablefile.c, tableread.c).  Moved from rules/test_peers.c.
 */
#include <criterion/criterion.h>
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
