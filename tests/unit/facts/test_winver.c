/*
 * test_winver.c - which Windows it is (facts/winver.c, DOMAIN.md 0.11): the
 * SOFTWARE hive's CurrentVersion names it; the SYSTEM hive's hints say only
 * "2000 or later"; with neither, nothing is claimed.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "facts/winver.h"

static void current_version(struct hd_software_facts *sw, const char *v, const char *build)
{
	memset(sw, 0, sizeof *sw);
	sw->given = 1;
	sw->current_version.rv.status = HD_FOUND;
	sw->current_version.decode = HD_DECODE_OK;
	sw->current_version.text = (char *)v;
	if (build != NULL) {
		sw->current_build_number.rv.status = HD_FOUND;
		sw->current_build_number.decode = HD_DECODE_OK;
		sw->current_build_number.text = (char *)build;
	}
}

/* CurrentVersion 4.0 is NT 4.0 and 5.0 Windows 2000, whatever the SYSTEM hive hints. */
Test(winver, software_names_the_version)
{
	struct hd_software_facts sw;
	struct hd_network_facts net = { .w2k_hints = HD_W2K_HINT_GUID_BIND };
	struct hd_windows_id w;

	current_version(&sw, "5.0", "2195");
	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.version, HD_WINVER_2000);
	cr_expect_eq(w.source, HD_WINVER_FROM_SOFTWARE);
	cr_expect_str_eq(w.name, "Windows 2000");
	cr_expect_str_eq(w.build, "2195");
	cr_expect_str_eq(hd_winver_code(w.version), "2000");
	current_version(&sw, "4.0", NULL);
	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.version, HD_WINVER_NT4);
	cr_expect_str_eq(w.name, "Windows NT 4.0");
	cr_expect_null(w.build);
	current_version(&sw, "6.1", "7601");
	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.version, HD_WINVER_OTHER);
	cr_expect_str_eq(w.current_version, "6.1");
}

/* Without SOFTWARE: hints give "2000 or later"; no hint gives nothing, never NT 4.0. */
Test(winver, system_hive_only_hints)
{
	struct hd_software_facts sw = { 0 };
	struct hd_network_facts net = { .w2k_hints = HD_W2K_HINT_INTERFACES };
	struct hd_windows_id w;

	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.version, HD_WINVER_2000_OR_LATER);
	cr_expect_eq(w.source, HD_WINVER_FROM_SYSTEM_HINTS);
	cr_expect_str_eq(hd_winver_source_name(w.source), "system_hints");
	net.w2k_hints = 0;
	net.layout = HD_LAYOUT_NT4;
	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.version, HD_WINVER_UNKNOWN);
	cr_expect_eq(w.source, HD_WINVER_FROM_NONE);
	cr_expect_null(w.name);
	cr_expect_null(hd_winver_code(w.version));
	/* A SOFTWARE hive without CurrentVersion establishes nothing either. */
	sw.given = 1;
	sw.current_version.rv.status = HD_ABSENT;
	hd_windows_identify(&sw, &net, &w);
	cr_expect_eq(w.source, HD_WINVER_FROM_NONE);
}

/* Every hint has a name for the report and words for people. */
Test(winver, hint_names)
{
	for (unsigned bit = 1; bit < 1u << HD_W2K_HINT_COUNT; bit <<= 1) {
		cr_expect_not_null(hd_w2k_hint_name(bit));
		cr_expect_not_null(hd_w2k_hint_words(bit));
	}
	cr_expect_null(hd_w2k_hint_name(1u << HD_W2K_HINT_COUNT));
}
