/*
 * test_index.c - the near-miss index (fleet/index.c) finds exactly the
 * near-misses that comparing all pairs finds (util/nearmiss.c), on random
 * names with near variants: typing errors, case, blanks, transpositions
 * at the partition's boundaries, numbered siblings.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"
#include "fleet/table_internal.h"

TestSuite(index);

static unsigned long rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rnd_state >> 33) % n);
}

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEZ0123 -.";

/* A random name of 3 to 24 characters, mostly letters. */
static void random_name(char *out)
{
	unsigned len = 3 + rnd(22);

	for (unsigned i = 0; i < len; i++)
		out[i] = rnd(10) == 0 ? alphabet[rnd(sizeof alphabet - 1)] : (char)('a' + rnd(6));
	out[len] = '\0';
}

/* base with one or two random edits (insert, delete, substitute, swap, case). */
static void variant(const char *base, char *out)
{
	size_t n;

	strcpy(out, base);
	for (unsigned e = 1 + rnd(2); e > 0; e--) {
		unsigned at, op = rnd(5);

		n = strlen(out);
		if (n < 2 || n > 40)
			return;
		at = rnd((unsigned)n - 1);
		if (op == 0) {
			memmove(out + at + 1, out + at, n - at + 1);
			out[at] = (char)('a' + rnd(6));
		} else if (op == 1) {
			memmove(out + at, out + at + 1, n - at);
		} else if (op == 2) {
			out[at] = (char)('a' + rnd(6));
		} else if (op == 3) {
			char c = out[at];
			out[at] = out[at + 1];
			out[at + 1] = c;
		} else {
			out[at] = (char)(out[at] ^ 0x20);
			if (out[at] < 'A' || (out[at] > 'Z' && out[at] < 'a') || out[at] > 'z')
				out[at] = ' ';
		}
	}
}

static void add_org(struct hd_fleet_table *t, const char *folder, const char *org, int i)
{
	char path[32];
	struct hd_fleet_names n = {
		.path = path, .case_folder = (char *)folder, .installation = path, .org = (char *)org,
		.is_system = 1, .read = 1,
	};

	snprintf(path, sizeof path, "h%d", i);
	cr_assert_eq(hd_fleet_table_add(t, &n), 0);
}

/* The entries near entry i found through the index and verified, as a 0/1 row. */
static void by_index(const struct hd_fleet_table *t, size_t i, const struct hd_near_key *keys, char *row)
{
	size_t n;
	uint32_t *c = hd_near_index_query(t, 0, t->org_scope[i], t->orgs[i].org, &n);

	memset(row, 0, t->n_orgs);
	for (size_t k = 0; k < n; k++)
		if (hd_near_miss_keys(t->orgs[i].org, &keys[i], t->orgs[c[k]].org, &keys[c[k]], NULL) != HD_NEAR_DISTINCT)
			row[c[k]] = 1;
	free(c);
}

/* A few thousand random names and their near variants: the index finds what all pairs find. */
Test(index, finds_what_all_pairs_find, .timeout = 120)
{
	enum { BASES = 700, NAMES = 2800 };
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_near_key *keys;
	char (*names)[64] = malloc(NAMES * sizeof *names), *row;
	size_t pairs = 0, edits = 0;

	for (int i = 0; i < NAMES; i++) {
		if (i < BASES)
			random_name(names[i]);
		else
			variant(names[rnd((unsigned)i)], names[i]);
		add_org(t, "f", names[i], i);
	}
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_gt(t->n_orgs, 2000);
	cr_assert_gt(t->orgs_ix.n_ent, 0, "one scope of thousands of names is indexed");
	keys = malloc(t->n_orgs * sizeof *keys);
	row = malloc(t->n_orgs);
	for (size_t i = 0; i < t->n_orgs; i++)
		hd_near_key_make(t->orgs[i].org, &keys[i]);
	for (size_t i = 0; i < t->n_orgs; i++) {
		by_index(t, i, keys, row);
		for (size_t j = 0; j < t->n_orgs; j++) {
			unsigned d;
			enum hd_near how = hd_near_miss_keys(t->orgs[i].org, &keys[i], t->orgs[j].org, &keys[j], &d);

			cr_assert_eq(row[j], how != HD_NEAR_DISTINCT, "\"%s\" / \"%s\": all pairs %s, index %s",
			             t->orgs[i].org, t->orgs[j].org, hd_near_label(how), row[j] ? "near" : "not found");
			pairs += i != j && how != HD_NEAR_DISTINCT;
			edits += i != j && how == HD_NEAR_EDIT && d == 2;
		}
	}
	cr_assert_gt(pairs, 1000, "the set holds near-misses (%zu)", pairs);
	cr_assert_gt(edits, 100, "and two-edit ones (%zu)", edits);
	free(row);
	free(keys);
	free(names);
	hd_fleet_table_free(t);
}

/* Two transpositions across both boundaries of the partition break all three segments: still found. */
Test(index, transpositions_at_boundaries)
{
	static const char *const names[] = { "abcdefghi", "abdcegfhi", "abcdefghij", "bacdefhgij", "Contoso Ltd",
	                                     "Cnotoso tLd", "xyzzy", "yxzzy" };
	struct hd_fleet_table *t = hd_fleet_table_new();
	char filler[32];
	struct hd_fleet_scope s;
	struct hd_peer_judgement j;

	for (int i = 0; i < 20; i++) {
		snprintf(filler, sizeof filler, "Filler%c%c company", 'a' + i, 'k' + i);
		add_org(t, "f", filler, 100 + i);
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (size_t k = 0; k <= (i % 2 ? 0 : 1); k++)
			add_org(t, "f", names[i], (int)(10 * i + k));
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(hd_fleet_scope_of(t, "f", NULL, &s), 1);
	for (size_t i = 1; i < sizeof names / sizeof names[0]; i += 2) {
		cr_assert_eq(hd_fleet_judge_org(t, &s, names[i], &j), 0);
		cr_assert_eq(j.status, HD_PEER_MINORITY, "%s", names[i]);
		cr_assert_str_eq(j.other, names[i - 1]);
	}
	hd_fleet_table_free(t);
}

/* Numbered siblings are distinct; names under 5 letters match only by case or blanks. */
Test(index, siblings_and_short_names)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_fleet_scope s;
	struct hd_peer_judgement j;
	char name[32];

	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof name, "Site%d Redmond", i);
		add_org(t, "f", name, i);
		add_org(t, "f", name, 100 + i);
	}
	add_org(t, "f", "Site7 Redmnd", 500);
	add_org(t, "f", "NYC", 501);
	add_org(t, "f", "NYC", 502);
	add_org(t, "f", "NYX", 503);
	add_org(t, "f", "n.y.c", 504);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(hd_fleet_scope_of(t, "f", NULL, &s), 1);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Site7 Redmnd", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Site7 Redmond", "not Site1 or Site17");
	cr_assert_eq(hd_fleet_judge_org(t, &s, "NYX", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "n.y.c", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_eq(j.how, HD_NEAR_BLANKS);
	hd_fleet_table_free(t);
}

/* Names all within one edit of each other: each judgement adds every name's servers once. */
Test(index, all_within_one_edit)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	struct hd_fleet_scope s;
	struct hd_peer_judgement j;
	char name[32];

	for (int i = 0; i < 26 * 20; i++) {
		snprintf(name, sizeof name, "Contoso Ltd %c%c", 'a' + i % 26, 'a' + i / 26);
		add_org(t, "f", name, i);
	}
	for (int i = 0; i < 3; i++)
		add_org(t, "f", "Contoso Ltd aa", 1000 + i);
	cr_assert_eq(hd_fleet_table_finish(t, NULL), 0);
	cr_assert_eq(hd_fleet_scope_of(t, "f", NULL, &s), 1);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Contoso Ltd ba", &j), 0);
	cr_assert_eq(j.status, HD_PEER_MINORITY);
	cr_assert_str_eq(j.other, "Contoso Ltd aa");
	cr_assert_eq(j.other_count, 4);
	cr_assert_eq(hd_fleet_judge_org(t, &s, "Contoso Ltd aa", &j), 0);
	cr_assert_eq(j.status, HD_PEER_NONE);
	hd_fleet_table_free(t);
}
