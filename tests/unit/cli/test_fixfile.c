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
	char sys[256], err[256], buf[32] = "";
	const char *hive[1] = { sys };
	FILE *f;

	put("SYSTEM", "hive");
	snprintf(sys, sizeof sys, "%s", path_of("SYSTEM"));
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 1, 0, "one", 3, err, sizeof err), 0, "%s", err);
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 1, 0, "two", 3, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "use --force"));
	cr_assert_eq(hd_fixfile_write(path_of("fix.reg"), hive, 1, 1, "two", 3, err, sizeof err), 0, "%s", err);
	cr_assert_not_null(f = fopen(path_of("fix.reg"), "r"));
	cr_assert_not_null(fgets(buf, sizeof buf, f));
	fclose(f);
	cr_assert_str_eq(buf, "two");
	const char *inputs[] = { "SYSTEM", "system.log", "SYSTEM.LOG1", "System.Log2", "SYSTEM.ALT" };
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		cr_assert_eq(hd_fixfile_write(path_of(inputs[i]), hive, 1, 1, "x", 1, err, sizeof err), -1, "%s", inputs[i]);
		cr_assert_not_null(strstr(err, "transaction logs"));
	}
	cr_assert_eq(access(path_of("SYSTEM.LOG1"), F_OK), -1, "no log created");
	cr_assert_eq(hd_fixfile_check(path_of("SYSTEM.reg"), hive, 1, 0, err, sizeof err), 0, "SYSTEM.reg is no log");
}

/* Issue 26: every hive of the run is an input (a NULL entry is skipped):
 * SOFTWARE and its logs too, by name in any case and by device and inode
 * (a hard link or a symbolic link to a log under another name), and the
 * logs beside the target of a hive given through a symbolic link. */
Test(fixfile, every_input, .init = setup)
{
	char sys[256], sw[256], log[256], link_path[256], err[256];
	const char *hives[3] = { sys, NULL, sw };
	const char *refused[] = { "SOFTWARE", "software.LOG1", "Software.log2", "SOFTWARE.alt", "hard.reg",
	                          "sym.reg", "SYSTEM.LOG" };

	put("SYSTEM", "hive");
	put("SOFTWARE", "hive");
	put("SOFTWARE.LOG", "log");
	snprintf(sys, sizeof sys, "%s", path_of("SYSTEM"));
	snprintf(sw, sizeof sw, "%s", path_of("SOFTWARE"));
	snprintf(log, sizeof log, "%s", path_of("SOFTWARE.LOG"));
	cr_assert_eq(link(log, path_of("hard.reg")), 0);
	cr_assert_eq(symlink("SOFTWARE.LOG", path_of("sym.reg")), 0);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		cr_assert_eq(hd_fixfile_check(path_of(refused[i]), hives, 3, 1, err, sizeof err), -1, "%s", refused[i]);
		cr_assert_not_null(strstr(err, "transaction logs"), "%s: %s", refused[i], err);
	}
	cr_assert_eq(hd_fixfile_check(path_of("fix.reg"), hives, 3, 0, err, sizeof err), 0, "%s", err);
	/* SYSTEM reached through /tmp/.../link: the target's SYSTEM.LOG1 is refused too. */
	snprintf(link_path, sizeof link_path, "%s.link", dir);
	cr_assert_eq(symlink(sys, link_path), 0);
	hives[0] = link_path;
	cr_assert_eq(hd_fixfile_check(path_of("SYSTEM.LOG1"), hives, 1, 1, err, sizeof err), -1);
	cr_assert_eq(hd_fixfile_write(path_of("SYSTEM.LOG1"), hives, 1, 1, "x", 1, err, sizeof err), -1);
	cr_assert_eq(access(path_of("SYSTEM.LOG1"), F_OK), -1, "no log created");
	unlink(link_path);
}
