/* test_trail.c - the record of every lookup: copies, one entry per lookup,
 * found again whatever the case of the path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "facts/trail.h"

TestSuite(trail);

/* An added lookup is a deep copy, found by path and name in any case. */
Test(trail, copies_and_finds)
{
	uint8_t data[4] = { 1, 0, 0, 0 };
	char key[] = "ControlSet001\\Services\\Tcpip", name[] = "Start";
	struct hd_regval rv = { .status = HD_FOUND, .key_found = 1, .key = key, .name = name,
	                        .key_time = 42, .raw = { HD_REG_DWORD, data, 4 } };
	struct hd_trail t = { 0 };
	const struct hd_trail_entry *e;

	cr_assert_eq(hd_trail_add(&t, "Services\\Tcpip", &rv), 0);
	data[0] = 9;
	strcpy(name, "Other");
	e = hd_trail_find(&t, "services\\TCPIP", "start");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->rv.name, "Start");
	cr_expect_eq(e->rv.raw.data[0], 1, "the data was copied");
	cr_expect_eq(e->rv.key_time, 42);
	cr_expect_null(hd_trail_find(&t, "Services\\Tcpip", NULL), "a key probe is another lookup");
	hd_trail_clear(&t);
}

/* The same lookup twice is kept once; a key probe (no name) is an entry of its own. */
Test(trail, one_entry_per_lookup)
{
	char key[] = "ControlSet001\\Services\\Tcpip";
	struct hd_regval probe = { .status = HD_ABSENT, .key = key };
	struct hd_trail t = { 0 };

	cr_assert_eq(hd_trail_add(&t, "Services\\Tcpip", &probe), 0);
	cr_assert_eq(hd_trail_add(&t, "SERVICES\\tcpip", &probe), 0);
	cr_expect_eq(t.n, 1);
	cr_expect_not_null(hd_trail_find(&t, "Services\\Tcpip", NULL));
	hd_trail_clear(&t);
	cr_expect_eq(t.n, 0);
}

/* Thousands of lookups (the index grows and rebuilds): each is found in any
 * case, a near name is not, and each is kept once; past HD_TRAIL_MAX
 * nothing more is kept. */
Test(trail, many_lookups_indexed)
{
	char key[] = "ControlSet001\\Services\\X", path[64], name[32];
	struct hd_regval rv = { .status = HD_ABSENT, .key = key };
	struct hd_trail t = { 0 };

	for (int i = 0; i < HD_TRAIL_MAX + 100; i++) {
		snprintf(path, sizeof path, "Services\\Svc%d", i / 4);
		snprintf(name, sizeof name, "Value%d", i % 4);
		rv.name = i % 4 == 3 ? NULL : name;
		cr_assert_eq(hd_trail_add(&t, path, &rv), 0);
		cr_assert_eq(hd_trail_add(&t, path, &rv), 0);
	}
	cr_expect_eq(t.n, HD_TRAIL_MAX);
	for (int i = 0; i < HD_TRAIL_MAX; i++) {
		const struct hd_trail_entry *e;

		snprintf(path, sizeof path, "SERVICES\\svc%d", i / 4);
		snprintf(name, sizeof name, "vALUE%d", i % 4);
		e = hd_trail_find(&t, path, i % 4 == 3 ? NULL : name);
		cr_assert_not_null(e, "lookup %d", i);
		cr_assert_eq(e, &t.v[i], "lookup %d is entry %d", i, i);
		cr_assert_null(hd_trail_find(&t, path, "Value9"));
	}
	cr_expect_null(hd_trail_find(&t, "Services\\Svc2048", "Value0"), "past the bound");
	cr_expect_null(hd_trail_find(&t, "Services\\Svc1", ""), "an empty name is no key probe");
	hd_trail_clear(&t);
	cr_expect_null(hd_trail_find(&t, "Services\\Svc0", "Value0"));
}
