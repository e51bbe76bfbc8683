/* test_layout.c - case folder, installation folder and shard of a hive (fleet/layout.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"

TestSuite(layout);

static void expect_inst(const char *path, const char *want)
{
	char *got = hd_fleet_installation(path);

	cr_assert_not_null(got);
	cr_assert_str_eq(got, want, "installation of %s", path);
	free(got);
}

static void expect_case(const char *path, const char *root, const char *want)
{
	char *got = hd_fleet_case_folder(path, root);

	cr_assert_not_null(got);
	cr_assert_str_eq(got, want, "case folder of %s under %s", path, root ? root : "(none)");
	free(got);
}

/* SYSTEM, its repair and RegBack copies and the SOFTWARE hive share one installation. */
Test(layout, installation_keeps_copies_together)
{
	expect_inst("cases/c1/exch01/WINNT/system32/config/SYSTEM", "cases/c1/exch01/WINNT");
	expect_inst("cases/c1/exch01/WINNT/System32/Config/software", "cases/c1/exch01/WINNT");
	expect_inst("cases/c1/exch01/WINNT/repair/system", "cases/c1/exch01/WINNT");
	expect_inst("cases/c1/exch01/WINNT/system32/config/RegBack/SYSTEM", "cases/c1/exch01/WINNT");
	expect_inst("cases\\c1\\exch01\\WINNT\\system32\\config\\SYSTEM", "cases\\c1\\exch01\\WINNT");
	/* A plain folder of hives is its own installation. */
	expect_inst("cases/c1/exch01/SYSTEM", "cases/c1/exch01");
	expect_inst("/SYSTEM", "/");
	expect_inst("SYSTEM", ".");
	/* Only a config folder in System32 drops both; "configs" is no config. */
	expect_inst("x/config/SYSTEM", "x");
	expect_inst("x/configs/SYSTEM", "x/configs");
	expect_inst("x//repair//SYSTEM", "x");
}

/* Under a walked root, the first folder below it; a file directly in it: the root. */
Test(layout, case_folder_under_root)
{
	expect_case("/arch/case7/exch01/WINNT/system32/config/SYSTEM", "/arch", "/arch/case7");
	expect_case("/arch/case7/exch01/WINNT/system32/config/SYSTEM", "/arch/", "/arch/case7");
	expect_case("/arch/SYSTEM", "/arch", "/arch");
	expect_case("arch/c/SYSTEM", "arch", "arch/c");
	/* A root that is only a prefix of the folder's name is no root of it. */
	expect_case("/archive/c/exch01/SYSTEM", "/arch", "/archive/c");
}

/* A file named on its own: the parent of its installation folder. */
Test(layout, case_folder_without_root)
{
	expect_case("cases/c1/exch01/WINNT/system32/config/SYSTEM", NULL, "cases/c1/exch01");
	expect_case("cases/c1/exch01/SYSTEM", NULL, "cases/c1");
	expect_case("cases/c1/exch01/repair/SYSTEM", NULL, "cases/c1");
	expect_case("SYSTEM", NULL, ".");
	expect_case("/SYSTEM", NULL, "/");
}

/* Shards: deterministic, in range, and a SYSTEM hive shares its SOFTWARE hive's. */
Test(layout, shard_of)
{
	char path[64];
	unsigned seen[8] = { 0 };

	for (int i = 0; i < 400; i++) {
		char *a, *b;

		snprintf(path, sizeof path, "c/exch%d/WINNT/system32/config/SYSTEM", i);
		a = hd_fleet_installation(path);
		snprintf(path, sizeof path, "c/exch%d/WINNT/repair/software", i);
		b = hd_fleet_installation(path);
		cr_assert_eq(hd_fleet_shard_of(a, 8), hd_fleet_shard_of(b, 8));
		cr_assert_lt(hd_fleet_shard_of(a, 8), 8);
		seen[hd_fleet_shard_of(a, 8)]++;
		free(a);
		free(b);
	}
	for (int k = 0; k < 8; k++)
		cr_assert_gt(seen[k], 20, "shard %d holds %u of 400", k, seen[k]);
	cr_assert_eq(hd_fleet_shard_of("anything", 1), 0);
	/* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c. */
	cr_assert_eq(hd_fleet_shard_of("a", 1000), (unsigned)(0xaf63dc4c8601ec8cull % 1000));
}

/* "K/N" with 1 <= K <= N <= 1000000, nothing else. */
Test(layout, shard_parse)
{
	unsigned k = 0, n = 0;

	cr_assert_eq(hd_fleet_shard_parse("2/8", &k, &n), 0);
	cr_assert_eq(k, 2);
	cr_assert_eq(n, 8);
	cr_assert_eq(hd_fleet_shard_parse("1000000/1000000", &k, &n), 0);
	cr_assert_eq(hd_fleet_shard_parse("1/1", &k, &n), 0);
	static const char *const bad[] = { "0/8", "9/8", "1/0", "1/1000001", "/8", "2/", "2/8x", " 2/8", "+2/8",
	                                   "02/8", "2 /8", "2/-8", "", "2", "99999999999999999999/8" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(hd_fleet_shard_parse(bad[i], &k, &n), -1, "\"%s\"", bad[i]);
}
