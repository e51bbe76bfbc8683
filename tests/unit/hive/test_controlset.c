/* test_controlset.c - choosing the control set from what Select holds. */
#include <criterion/criterion.h>
#include <string.h>

#include "hive/controlset.h"

static struct hd_controlset cs;
static unsigned present[8];

static void setup(void)
{
	memset(&cs, 0, sizeof cs);
	cs.present = present;
}

static void teardown(void)
{
	free(cs.fallback_reason);
}

static void have(int slot, uint32_t v)
{
	cs.select[slot].status = HD_FOUND;
	cs.has_value[slot] = 1;
	cs.value[slot] = v;
}

static void sets(unsigned a, unsigned b)
{
	cs.n_present = 0;
	if (a) present[cs.n_present++] = a;
	if (b) present[cs.n_present++] = b;
}

TestSuite(controlset, .init = setup, .fini = teardown);

/* Current wins when it names an existing set; three digits, never "00" + n. */
Test(controlset, current_used)
{
	have(HD_SEL_CURRENT, 47);
	have(HD_SEL_DEFAULT, 1);
	sets(1, 47);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert_str_eq(cs.analyzed_name, "ControlSet047");
	cr_assert_null(cs.fallback_reason);
}

/* XP system.sav: Current = 0, Default = 1: fall back and say why. */
Test(controlset, current_zero_falls_back_to_default)
{
	have(HD_SEL_CURRENT, 0);
	have(HD_SEL_DEFAULT, 1);
	sets(1, 0);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert_eq(cs.analyzed, 1);
	cr_assert_not_null(cs.fallback_reason);
	cr_assert(strstr(cs.fallback_reason, "is 0") != NULL, "%s", cs.fallback_reason);
	cr_assert(strstr(cs.fallback_reason, "Default = 1") != NULL, "%s", cs.fallback_reason);
}

/* Current and Default name missing sets: LastKnownGood is next. */
Test(controlset, falls_back_to_last_known_good)
{
	have(HD_SEL_CURRENT, 3);
	have(HD_SEL_DEFAULT, 3);
	have(HD_SEL_LKG, 2);
	sets(2, 0);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert_str_eq(cs.analyzed_name, "ControlSet002");
	cr_assert(strstr(cs.fallback_reason, "does not exist") != NULL);
}

/* Current missing altogether (no value) is said so. */
Test(controlset, current_missing)
{
	have(HD_SEL_DEFAULT, 1);
	cs.select[HD_SEL_CURRENT].status = HD_ABSENT;
	sets(1, 0);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert(strstr(cs.fallback_reason, "is missing") != NULL);
}

/* Nothing usable: no choice. */
Test(controlset, nothing_usable)
{
	have(HD_SEL_CURRENT, 5);
	sets(1, 2);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 0);
	cr_assert_eq(cs.analyzed, 0);
}

/* --control-set wins when it exists, and fails when it does not. */
Test(controlset, forced)
{
	have(HD_SEL_CURRENT, 1);
	sets(1, 2);
	cr_assert_eq(hd_controlset_choose(&cs, 2), 1);
	cr_assert_str_eq(cs.analyzed_name, "ControlSet002");
	cr_assert(strstr(cs.fallback_reason, "--control-set") != NULL);
	cr_assert_eq(hd_controlset_choose(&cs, 9), 0);
}

/* Key names: any case, exactly three digits. */
Test(controlset, parse_name)
{
	unsigned n = 0;

	cr_assert(hd_controlset_parse_name("ControlSet010", &n));
	cr_assert_eq(n, 10);
	cr_assert(hd_controlset_parse_name("CONTROLSET001", &n));
	cr_assert_not(hd_controlset_parse_name("ControlSet01", &n));
	cr_assert_not(hd_controlset_parse_name("ControlSet0001", &n));
	cr_assert_not(hd_controlset_parse_name("ControlSetx01", &n));
	cr_assert_not(hd_controlset_parse_name("CurrentControlSet", &n));
}
