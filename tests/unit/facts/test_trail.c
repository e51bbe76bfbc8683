/* test_trail.c - the record of every lookup: copies, one entry per lookup,
 * found again whatever the case of the path. */
#include <criterion/criterion.h>
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
