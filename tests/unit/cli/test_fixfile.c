/* test_fixfile.c - the --fix-reg file: never onto an input, never over a file unless forced, whole or not at all. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/fixfile.h"

TestSuite(fixfile);

static char dir[] = "/tmp/hd_fixfile_XXXXXX";

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static char *path_of(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* New file written; an existing one refused, then replaced with force; the hive and its logs refused. */
Test(fixfile, refusals, .init = setup)
{
	char hive[256], err[256], buf[32] = "";
	FILE *f;

	put("SYSTEM", "hive");
	snprintf(hive, sizeof hive, "%s", path_of("SYSTEM"));
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 0, "one", 3, err, sizeof err), 0, "%s", err);
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 0, "two", 3, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "use --force"));
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 1, "two", 3, err, sizeof err), 0, "%s", err);
	cr_assert_not_null(f = fopen(path_of("fix.reg"), "r"));
	cr_assert_not_null(fgets(buf, sizeof buf, f));
	fclose(f);
	cr_assert_str_eq(buf, "two");
	const char *inputs[] = { "SYSTEM", "system.log", "SYSTEM.LOG1", "System.Log2", "SYSTEM.ALT" };
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		cr_assert_eq(hd_fixfile_write(path_of(inputs[i]), hive, 1, "x", 1, err, sizeof err), -1, "%s", inputs[i]);
		cr_assert_not_null(strstr(err, "transaction logs"));
	}
	cr_assert_eq(access(path_of("SYSTEM.LOG1"), F_OK), -1, "no log created");
	cr_assert_eq(hd_fixfile_check(path_of("SYSTEM.reg"), hive, 0, err, sizeof err), 0, "SYSTEM.reg is no log");
}
