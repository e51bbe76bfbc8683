/* test_peers.c - the run's table of names and the majority judgement (rules/peers.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rules/peers.h"

TestSuite(peers);

/* Add n hives carrying org / site, named prefix1, prefix2 ... */
static void add(struct hd_peer_table *t, int n, const char *prefix, const char *org, const char *site)
{
	char path[64];

	for (int i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s%d", prefix, i);
		cr_assert_eq(hd_peer_table_add(t, path, org, site, path), 0);
	}
}

/* The archive: four Contoso, one Contosso, one contoso, one Fabrikam. */
static void archive(struct hd_peer_table *t)
{
	memset(t, 0, sizeof *t);
	add(t, 4, "redmond/exch0", "Contoso", "Redmond");
	add(t, 1, "redmond/typo", "Contosso", "Redmond");
	add(t, 1, "redmond/case", "contoso", "Redmond");
	add(t, 1, "paris/fab", "Fabrikam", "Paris");
}

/* Counts, distinct entries, and the first paths in input order. */
Test(peers, table_counts)
{
	struct hd_peer_table t;

	archive(&t);
	cr_assert_eq(t.hives, 7);
	cr_assert_eq(t.named, 7);
	cr_assert_eq(t.orgs.n, 4);
	cr_assert_eq(t.sites.n, 4);
	cr_assert_str_eq(t.orgs.v[0].org, "Contoso");
	cr_assert_eq(t.orgs.v[0].count, 4);
	cr_assert_eq(t.orgs.v[0].n_paths, 4);
	cr_assert_str_eq(t.orgs.v[0].paths[0], "redmond/exch01");
	cr_assert_str_eq(t.orgs.v[0].paths[3], "redmond/exch04");
	cr_assert_null(t.orgs.v[0].site);
	hd_peer_table_clear(&t);
}

/* A hive without an agreed organization counts as read, carries nothing. */
Test(peers, hive_without_names)
{
	struct hd_peer_table t = { 0 };

	cr_assert_eq(hd_peer_table_add(&t, "a", NULL, "Redmond", NULL), 0);
	cr_assert_eq(t.hives, 1);
	cr_assert_eq(t.named, 0);
	cr_assert_eq(t.orgs.n + t.sites.n, 0);
	hd_peer_table_clear(&t);
}

/* The typing error and the case-only spelling are minorities; the majority and Fabrikam are not. */
Test(peers, minority_and_majority)
{
	struct hd_peer_table t;
	struct hd_peer_judgement j;

	archive(&t);
	cr_assert_eq(hd_peer_judge_org(&t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Contoso");
	cr_assert_eq(j.own_count, 1);
	cr_assert_eq(j.other_count, 4);
	cr_assert_eq(j.how, HD_NEAR_EDIT);
	cr_assert_eq(j.distance, 1);
	cr_assert_eq(j.n_peers, 1);
	cr_assert_str_eq(j.peers[0]->paths[0], "redmond/exch01");
	cr_assert_eq(hd_peer_judge_org(&t, "contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.how, HD_NEAR_CASE);
	cr_assert_eq(hd_peer_judge_org(&t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "the majority is judged by nobody");
	cr_assert_null(j.other);
	cr_assert_eq(hd_peer_judge_org(&t, "Fabrikam", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	/* Sites: Redmond everywhere in the Contoso family, Paris alone. */
	cr_assert_eq(hd_peer_judge_site(&t, "Contosso", "Redmond", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	cr_assert_eq(hd_peer_judge_site(&t, "Fabrikam", "Paris", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	hd_peer_table_clear(&t);
}

/* As many hives on each spelling: a tie, both ways. */
Test(peers, tie)
{
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement j;

	add(&t, 2, "a", "Contoso", "Redmond");
	add(&t, 2, "b", "Contosso", "Redmond");
	cr_assert_eq(hd_peer_judge_org(&t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_str_eq(j.other, "Contosso");
	cr_assert_eq(hd_peer_judge_org(&t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_eq(j.n_peers, 1);
	cr_assert_str_eq(j.peers[0]->paths[1], "a2");
	hd_peer_table_clear(&t);
}

/* Two stronger spellings tied with each other: no majority for the third either. */
Test(peers, no_majority_among_stronger)
{
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement j;

	add(&t, 3, "a", "Contoso", "Redmond");
	add(&t, 3, "b", "Contosso", "Redmond");
	add(&t, 1, "c", "Contoso ", "Redmond");
	cr_assert_eq(hd_peer_judge_org(&t, "Contoso ", &j), 0);
	cr_assert_eq(j.status, HD_PEER_TIE);
	cr_assert_eq(j.other_count, 3);
	hd_peer_table_clear(&t);
}

/* A site near-miss within one organization; the same name in another organization is not compared. */
Test(peers, sites_by_organization)
{
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement j;

	add(&t, 3, "r", "Contoso", "Redmond");
	add(&t, 1, "t", "Contoso", "Redmnd");
	add(&t, 5, "f", "Fabrikam", "Redmont");
	cr_assert_eq(hd_peer_judge_site(&t, "Contoso", "Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Redmond");
	cr_assert_eq(j.other_count, 3, "Fabrikam's Redmont is not counted");
	cr_assert_str_eq(j.peers[0]->org, "Contoso");
	cr_assert_eq(hd_peer_judge_site(&t, "Fabrikam", "Redmont", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	/* A reinstalled organization's site is compared with its near-miss organization's. */
	add(&t, 1, "x", "Contosso", "Redmnd");
	cr_assert_eq(hd_peer_judge_site(&t, "Contosso", "Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.own_count, 2);
	hd_peer_table_clear(&t);
}

/* Distinct names never judge each other. */
Test(peers, distinct_organizations)
{
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement j;

	add(&t, 9, "a", "Contoso", "Site1");
	add(&t, 1, "b", "Fabrikam", "Site2");
	add(&t, 1, "c", "Contoso", "Site2");
	cr_assert_eq(hd_peer_judge_org(&t, "Fabrikam", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	cr_assert_eq(hd_peer_judge_site(&t, "Contoso", "Site2", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE, "numbered sites are siblings");
	hd_peer_table_clear(&t);
}

/* Many distinct names: the hash index grows and still finds each. */
Test(peers, many_names)
{
	struct hd_peer_table t = { 0 };
	char org[32];

	for (int i = 0; i < 3000; i++) {
		snprintf(org, sizeof org, "Org%d", i);
		cr_assert_eq(hd_peer_table_add(&t, "p", org, "S", NULL), 0);
		cr_assert_eq(hd_peer_table_add(&t, "q", org, "S", NULL), 0);
	}
	cr_assert_eq(t.orgs.n, 3000);
	cr_assert_eq(t.sites.n, 3000);
	for (size_t i = 0; i < t.orgs.n; i++)
		cr_assert_eq(t.orgs.v[i].count, 2);
	cr_assert_eq(t.orgs.v[2999].n_paths, 2);
	hd_peer_table_clear(&t);
}

/* The agreed name of a row: every copy equal, or the only copy; NULL when they differ. */
Test(peers, agreed_name)
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

/* Linked (each entry's near-misses found once) judges exactly as the full scan. */
Test(peers, link_judges_as_the_scan)
{
	static const char *const orgs[] = { "Contoso", "Contosso", "contoso", "Contoso ", "Fabrikam",
	                                    "Fabrikan", "Tailspin Toys", "Tailspin  Toys", "NA", "N.A." };
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement a, b;

	for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
		add(&t, (int)(i % 3) + 1, "x", orgs[i], "Redmond");
		add(&t, (int)(i % 2) + 1, "y", orgs[i], i % 2 ? "Redmnd" : "Redmond");
	}
	for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
		t.linked = 0;
		cr_assert_eq(hd_peer_judge_org(&t, orgs[i], &a), 0);
		cr_assert_eq(hd_peer_judge_site(&t, orgs[i], "Redmnd", &b), 0);
		cr_assert_eq(hd_peer_table_link(&t), 0);
		{
			struct hd_peer_judgement c, d;

			cr_assert_eq(hd_peer_judge_org(&t, orgs[i], &c), 0);
			cr_assert_eq(hd_peer_judge_site(&t, orgs[i], "Redmnd", &d), 0);
			cr_assert_eq(a.status, c.status, "%s", orgs[i]);
			cr_assert_eq(a.own_count, c.own_count, "%s", orgs[i]);
			cr_assert_eq(a.other_count, c.other_count, "%s", orgs[i]);
			cr_assert_eq(b.status, d.status, "%s site", orgs[i]);
			cr_assert_eq(b.own_count, d.own_count, "%s site", orgs[i]);
			cr_assert_eq(b.other_count, d.other_count, "%s site", orgs[i]);
		}
	}
	cr_assert_gt(t.orgs.v[0].n_near, 0);
	hd_peer_table_clear(&t);
}

/* Copies of one server (current, repair, RegBack, sent twice) are one witness (DOMAIN.md 0.16). */
Test(peers, copies_of_one_server_count_once)
{
	struct hd_peer_table t = { 0 };
	struct hd_peer_judgement j;

	cr_assert_eq(hd_peer_table_add(&t, "exch01/SYSTEM", "Contoso", "Redmond", "EXCH01"), 0);
	cr_assert_eq(hd_peer_table_add(&t, "exch02/SYSTEM", "Contoso", "Redmond", "EXCH02"), 0);
	cr_assert_eq(hd_peer_table_add(&t, "exch05/SYSTEM", "Contosso", "Redmond", "EXCH05"), 0);
	cr_assert_eq(hd_peer_table_add(&t, "exch05/repair/system", "Contosso", "Redmond", "EXCH05"), 0);
	cr_assert_eq(hd_peer_table_add(&t, "exch05/RegBack/SYSTEM", "Contosso", "Redmond", "EXCH05"), 0);
	cr_assert_eq(hd_peer_table_link(&t), 0);
	cr_assert_eq(t.hives, 5);
	cr_assert_eq(t.servers, 3);
	cr_assert_eq(t.orgs.v[1].count, 1, "three copies of EXCH05: one server");
	cr_assert_eq(t.orgs.v[1].hives, 3);
	/* Three copies of the reinstalled server do not outvote two correct servers. */
	cr_assert_eq(hd_peer_judge_org(&t, "Contosso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.own_count, 1);
	cr_assert_eq(j.other_count, 2);
	cr_assert_eq(hd_peer_judge_org(&t, "Contoso", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	hd_peer_table_clear(&t);
}

/* A hive whose server is unknown is a witness of its own, never merged with a named one. */
Test(peers, unknown_server_is_its_own_witness)
{
	struct hd_peer_table t = { 0 };

	cr_assert_eq(hd_peer_table_add(&t, "a", "Contoso", NULL, NULL), 0);
	cr_assert_eq(hd_peer_table_add(&t, "b", "Contoso", NULL, NULL), 0);
	cr_assert_eq(hd_peer_table_add(&t, "a", "Contoso", NULL, "a"), 0);
	cr_assert_eq(t.orgs.v[0].count, 3);
	cr_assert_eq(t.servers, 3);
	hd_peer_table_clear(&t);
}
