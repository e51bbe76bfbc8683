/* test_changes.c - the comparison of two trails: what differs, what is
 * only on one side, the verdicts, and the sentence a reader gets. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/changes.h"

/* A REG_SZ lookup of name at relpath holding the ASCII text s (UTF-16LE). */
static void add_sz(struct hd_trail *t, const char *relpath, const char *name, const char *s, uint64_t time)
{
	size_t n = strlen(s);
	uint8_t *data = calloc(2 * n + 2, 1);
	char key[256];
	struct hd_regval rv = { .status = HD_FOUND, .key_found = 1, .name = (char *)name,
	                        .key_time = time, .raw = { HD_REG_SZ, data, 2 * n + 2 } };

	for (size_t i = 0; i < n; i++)
		data[2 * i] = (uint8_t)s[i];
	snprintf(key, sizeof key, "ControlSet001\\%s", relpath);
	rv.key = key;
	cr_assert_eq(hd_trail_add(t, relpath, &rv), 0);
	free(data);
}

static void add_absent(struct hd_trail *t, const char *relpath, const char *name)
{
	char key[256];
	struct hd_regval rv = { .status = HD_ABSENT, .name = (char *)name };

	snprintf(key, sizeof key, "ControlSet002\\%s", relpath);
	rv.key = key;
	cr_assert_eq(hd_trail_add(t, relpath, &rv), 0);
}

TestSuite(changes);

/* The example of issue 14: a repair copy with the right SiteDN would let the IMC start. */
Test(changes, repair_copy_sitedn)
{
	struct hd_trail cur = { 0 }, old = { 0 };
	struct hd_changes c = { .against = "repair", .copy_written = 126578592000000000ull };
	struct hd_changes_side a = { &cur, HD_VERDICT_LIKELY, HD_VERDICT_UNLIKELY, "ControlSet001" };
	struct hd_changes_side b = { &old, HD_VERDICT_UNLIKELY, HD_VERDICT_UNLIKELY, "ControlSet001" };

	add_sz(&cur, "Services\\MSExchangeIMC\\Parameters", "SiteDN", "/o=Contoso/ou=Seattle", 2);
	add_sz(&cur, "Control\\ComputerName\\ComputerName", "ComputerName", "EXCH01", 1);
	add_sz(&old, "Services\\MSExchangeIMC\\Parameters", "SiteDN", "/o=Contoso/ou=Redmond", 1);
	add_sz(&old, "Control\\ComputerName\\ComputerName", "ComputerName", "EXCH01", 1);
	cr_assert_eq(hd_changes_compute(&a, &b, &c), 0);
	cr_assert_eq(c.n, 1, "the same ComputerName is no change, whatever its key time");
	cr_expect_str_eq(c.v[0].current->rv.name, "SiteDN");
	cr_expect_str_eq(c.summary, "The repair copy made 2002-02-11 has SiteDN \"/o=Contoso/ou=Redmond\" "
	                 "(current: \"/o=Contoso/ou=Seattle\"): with it the IMC verdict would be unlikely "
	                 "(current: likely, KB Q298565).");
	hd_changes_clear(&c);
	hd_trail_clear(&cur);
	hd_trail_clear(&old);
}

/* A value only one side read counts when it was found there; the LastKnownGood wording. */
Test(changes, one_sided_and_lkg)
{
	struct hd_trail cur = { 0 }, lkg = { 0 };
	struct hd_changes c = { .against = "last_known_good" };
	struct hd_changes_side a = { &cur, HD_VERDICT_UNLIKELY, HD_VERDICT_UNLIKELY, "ControlSet001" };
	struct hd_changes_side b = { &lkg, HD_VERDICT_UNLIKELY, HD_VERDICT_UNLIKELY, "ControlSet002" };

	add_sz(&cur, "Services\\Tcpip\\Parameters", "Hostname", "exch01", 1);
	add_absent(&lkg, "Services\\Tcpip\\Parameters", "Hostname");
	add_absent(&lkg, "Services\\NdisWan", "Start");   /* absent, and never read on the other side */
	cr_assert_eq(hd_changes_compute(&a, &b, &c), 0);
	cr_assert_eq(c.n, 1);
	cr_expect_str_eq(c.summary, "The LastKnownGood control set (ControlSet002) has no Hostname "
	                 "(ControlSet001: \"exch01\"); the verdicts would be the same.");
	hd_changes_clear(&c);
	hd_trail_clear(&cur);
	hd_trail_clear(&lkg);
}

/* Nothing differs: said in so many words. */
Test(changes, nothing_differs)
{
	struct hd_trail cur = { 0 }, old = { 0 };
	struct hd_changes c = { .against = "regback" };
	struct hd_changes_side a = { &cur, HD_VERDICT_UNLIKELY, HD_VERDICT_LIKELY, "ControlSet001" };
	struct hd_changes_side b = { &old, HD_VERDICT_UNLIKELY, HD_VERDICT_LIKELY, "ControlSet001" };

	add_sz(&cur, "Services\\Tcpip\\Parameters", "Hostname", "exch01", 1);
	add_sz(&old, "Services\\Tcpip\\Parameters", "Hostname", "exch01", 7);
	cr_assert_eq(hd_changes_compute(&a, &b, &c), 0);
	cr_expect_eq(c.n, 0);
	cr_expect_str_eq(c.summary, "The regback copy reads the same as the current hive in every key and value the rules read.");
	hd_changes_clear(&c);
	hd_trail_clear(&cur);
	hd_trail_clear(&old);
}
