/* test_controlset.c - choosing the control set from what Select holds. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hive/controlset.h"
#include "hive/hive.h"

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

/* Select\<slot> as a 4-byte REG_BINARY whose little-endian number is v. */
static void have_binary(int slot, uint32_t v)
{
	cs.select[slot].status = HD_FOUND;
	cs.has_binary[slot] = 1;
	cs.binary[slot] = v;
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

/* DOMAIN.md 0.14: a REG_BINARY Current naming an existing set is analyzed,
 * marked as read from the wrong type, and is no fallback. */
Test(controlset, binary_current_used)
{
	have_binary(HD_SEL_CURRENT, 2);
	have(HD_SEL_DEFAULT, 1);
	sets(1, 2);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert_str_eq(cs.analyzed_name, "ControlSet002");
	cr_assert_str_eq(cs.wrong_type, "Current");
	cr_assert_null(cs.fallback_reason);
}

/* A REG_BINARY Current naming no set falls back to Default's DWORD, saying why. */
Test(controlset, binary_current_missing_set_falls_back)
{
	have_binary(HD_SEL_CURRENT, 9);
	have(HD_SEL_DEFAULT, 1);
	sets(1, 2);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 1);
	cr_assert_str_eq(cs.analyzed_name, "ControlSet001");
	cr_assert_null(cs.wrong_type);
	cr_assert(strstr(cs.fallback_reason, "REG_BINARY naming a control set that does not exist") != NULL,
	          "%s", cs.fallback_reason);
}

/* Only when no reading of any Select value names an existing set is there no choice. */
Test(controlset, binary_nothing_usable)
{
	have_binary(HD_SEL_CURRENT, 0x01000000u);   /* big-endian 1: not read that way */
	have_binary(HD_SEL_DEFAULT, 7);
	sets(1, 2);
	cr_assert_eq(hd_controlset_choose(&cs, 0), 0);
	cr_assert_eq(cs.analyzed, 0);
	cr_assert_null(cs.wrong_type);
}

/* The whole read over the sample hive-select-binary: every Select value is a
 * REG_BINARY; Current's bytes 01 00 00 00 choose ControlSet001. */
Test(controlset, resolve_binary_sample)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	struct hd_controlset rcs = { 0 };
	char path[1024];
	struct hd_hive *h;

	snprintf(path, sizeof path, "%s/hive-select-binary.hive", dir);
	if (access(path, R_OK) != 0)
		cr_skip_test("sample %s absent", path);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "%s: %s", path, strerror(errno));
	cr_assert_eq(hd_controlset_resolve(h, 0, &rcs), 1);
	cr_assert_eq(rcs.has_value[HD_SEL_CURRENT], 0);
	cr_assert_eq(rcs.has_binary[HD_SEL_CURRENT], 1);
	cr_assert_eq(rcs.binary[HD_SEL_CURRENT], 1);
	cr_assert_str_eq(rcs.analyzed_name, "ControlSet001");
	cr_assert_str_eq(rcs.wrong_type, "Current");
	cr_assert_eq(rcs.has_binary[HD_SEL_FAILED], 0, "a REG_DWORD is not a binary reading");
	hd_controlset_clear(&rcs);
	hd_hive_close(h);
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
