/* hive_text.c - SYSTEM hives from REGEDIT4 text for the facts unit tests (hive_text.h). */
#include "hive_text.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hivebuild.h"
#include "hive/regtext.h"

void hd_test_hive_open(const char *text, struct hd_test_hive *t)
{
	struct hd_regtext doc;
	struct hd_regtext_error err;
	struct hd_hivebuild_failure fail;

	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/hd-facts-XXXXXX");
	cr_assert_not_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/system.hive", t->dir);
	cr_assert_eq(hd_regtext_parse(text, strlen(text), &doc, &err), 0, "%u: %s", err.line, err.message);
	cr_assert_eq(hd_hivebuild_write(&doc, t->path, "SYSTEM", &fail), 0, "%s: %s", fail.what, strerror(errno));
	hd_regtext_clear(&doc);
	t->hive = hd_hive_open(t->path, 0, NULL);
	cr_assert_not_null(t->hive, "%s: %s", t->path, strerror(errno));
	t->r = (struct hd_reader){ .hive = t->hive, .root = hd_hive_root(t->hive),
	                           .controlset_name = "ControlSet001", .trail = &t->trail };
	cr_assert_eq(hd_key_lookup(t->hive, t->r.root, "ControlSet001", &t->r.controlset), HD_FOUND);
}

void hd_test_hive_close(struct hd_test_hive *t)
{
	hd_trail_clear(&t->trail);
	hd_hive_close(t->hive);
	unlink(t->path);
	rmdir(t->dir);
}
