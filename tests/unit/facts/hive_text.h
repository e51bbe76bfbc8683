/*
 * hive_text.h - a SYSTEM hive built from REGEDIT4 text (hive/regtext.h,
 * hive/hivebuild.h) in a temporary folder, opened with a reader of
 * ControlSet001 that keeps a trail, for the facts unit tests.
 */
#ifndef HD_TEST_HIVE_TEXT_H
#define HD_TEST_HIVE_TEXT_H

#include "facts/read.h"
#include "facts/trail.h"
#include "hive/hive.h"

struct hd_test_hive {
	char dir[32];
	char path[64];
	struct hd_hive *hive;
	struct hd_trail trail;
	struct hd_reader r;
};

/* Build text (which must hold [ControlSet001]) and open it; asserts on failure. */
void hd_test_hive_open(const char *text, struct hd_test_hive *t);
void hd_test_hive_close(struct hd_test_hive *t);

#endif
