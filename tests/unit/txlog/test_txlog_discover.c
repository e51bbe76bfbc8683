/*
 * test_txlog_discover.c - finding NAME.LOG/.LOG1/.LOG2/.ALT beside a hive,
 * case-insensitively, in a scratch directory.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source.h"
#include "txlog/txlog.h"

static char dir[64];

static void make_file(const char *name, const char *content)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(content, f);
	cr_assert_eq(fclose(f), 0);
}

static void setup(void)
{
	strcpy(dir, "/tmp/hd-discover-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(txlog_discover, .init = setup, .fini = teardown);

/* Issue 26: logs are looked for in the folder opened (a source folder),
 * whatever its path names now; the folder's name only names SYSTEM.ALT. */
Test(txlog_discover, in_folder_not_path)
{
	struct hd_txlog_set s;
	struct hd_src_dir *d = NULL;
	char moved[128];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	cr_assert_geq(dfd, 0);
	cr_assert_eq(hd_src_posix_open(dfd, "shown/config", &d, NULL), 0);
	make_file("SYSTEM", "regf");
	make_file("SYSTEM.LOG1", "abcd");
	make_file("SYSTEM.ALT", "regf");
	snprintf(moved, sizeof moved, "%s.moved", dir);
	cr_assert_eq(rename(dir, moved), 0);
	cr_assert_eq(mkdir(dir, 0700), 0, "another folder now at the path, without logs");
	cr_assert_eq(hd_txlog_discover_in(d, "SYSTEM", &s, NULL), 0);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG1].name, "SYSTEM.LOG1");
	cr_expect_eq(s.log[HD_TXLOG_LOG1].len, 4u);
	cr_expect_str_eq(s.alt_path, "shown/config/SYSTEM.ALT");
	hd_txlog_set_clear(&s);
	/* the discovery may run twice in one folder (SYSTEM and SOFTWARE share it) */
	cr_assert_eq(hd_txlog_discover_in(d, "SYSTEM", &s, NULL), 0);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG1].name, "SYSTEM.LOG1");
	hd_txlog_set_clear(&s);
	hd_src_close(d);    /* closes dfd */
	cr_assert_eq(rmdir(dir), 0);
	cr_assert_eq(rename(moved, dir), 0);
}

/* Logs in any case are found; an empty one counts; SYSTEM.ALT is reported. */
Test(txlog_discover, finds_logs_case_insensitively)
{
	struct hd_txlog_set s;
	char hive[128];

	make_file("system", "regf");
	make_file("SYSTEM.log", "abc");
	make_file("System.Log1", "defg");
	make_file("system.LOG2", "");
	make_file("SYSTEM.ALT", "regf");
	make_file("system.sav", "regf");
	make_file("systemX.LOG", "zz");
	snprintf(hive, sizeof hive, "%s/system", dir);
	cr_assert_eq(hd_txlog_discover(hive, &s, NULL), 0);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG].name, "SYSTEM.log");
	cr_expect_eq(s.log[HD_TXLOG_LOG].len, 3u);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG1].name, "System.Log1");
	cr_expect_eq(memcmp(s.log[HD_TXLOG_LOG1].data, "defg", 4), 0);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG2].name, "system.LOG2");
	cr_expect_null(s.log[HD_TXLOG_LOG2].data);
	cr_expect_eq(s.log[HD_TXLOG_LOG2].size, 0u);
	cr_assert_not_null(s.alt_path);
	cr_expect(strstr(s.alt_path, "/SYSTEM.ALT") != NULL);
	hd_txlog_set_clear(&s);
}

/* With two spellings of one log, the one matching the hive's case wins. */
Test(txlog_discover, prefers_hive_spelling)
{
	struct hd_txlog_set s;
	char hive[128];

	make_file("SYSTEM", "regf");
	make_file("system.LOG1", "a");
	make_file("SYSTEM.log1", "b");
	snprintf(hive, sizeof hive, "%s/SYSTEM", dir);
	cr_assert_eq(hd_txlog_discover(hive, &s, NULL), 0);
	cr_expect_str_eq(s.log[HD_TXLOG_LOG1].name, "SYSTEM.log1");
	cr_expect_null(s.log[HD_TXLOG_LOG].name);
	cr_expect_null(s.alt_path);
	hd_txlog_set_clear(&s);
}

/* A directory named like a log is recorded as not read (recovery refuses
 * it by name); a missing directory is an error. */
Test(txlog_discover, records_directories_and_reports_missing_dir)
{
	struct hd_txlog_set s;
	char hive[160], sub[160];
	const char *why = NULL;

	snprintf(sub, sizeof sub, "%s/hive.LOG1", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	snprintf(hive, sizeof hive, "%s/hive", dir);
	cr_assert_eq(hd_txlog_discover(hive, &s, NULL), 0);
	cr_assert_str_eq(s.log[HD_TXLOG_LOG1].name, "hive.LOG1");
	cr_assert_not_null(s.log[HD_TXLOG_LOG1].not_read);
	cr_expect(strstr(s.log[HD_TXLOG_LOG1].not_read, "directory") != NULL);
	cr_expect_null(s.log[HD_TXLOG_LOG1].data);
	hd_txlog_set_clear(&s);
	snprintf(hive, sizeof hive, "%s/nodir/hive", dir);
	cr_expect_eq(hd_txlog_discover(hive, &s, &why), -1);
	cr_expect_not_null(why);
}

/* Issue 12: a log that is a symlink (to a file outside the folder, or to
 * /dev/zero) is never followed nor read, and a FIFO never blocks: each is
 * recorded with the reason. */
Test(txlog_discover, never_follows_symlinks_nor_blocks_on_fifos)
{
	struct hd_txlog_set s;
	char hive[128], p[128];

	make_file("hive", "regf");
	make_file("secret", "regf-secret-bytes");
	snprintf(p, sizeof p, "%s/hive.LOG1", dir);
	cr_assert_eq(symlink("secret", p), 0);
	snprintf(p, sizeof p, "%s/hive.LOG2", dir);
	cr_assert_eq(symlink("/dev/zero", p), 0);
	snprintf(p, sizeof p, "%s/hive.LOG", dir);
	cr_assert_eq(mkfifo(p, 0600), 0);
	snprintf(hive, sizeof hive, "%s/hive", dir);
	cr_assert_eq(hd_txlog_discover(hive, &s, NULL), 0);
	for (int i = 0; i < HD_TXLOG_SLOTS; i++) {
		cr_assert_not_null(s.log[i].name);
		cr_expect_null(s.log[i].data);
		cr_assert_not_null(s.log[i].not_read);
	}
	cr_expect(strstr(s.log[HD_TXLOG_LOG1].not_read, "symbolic link") != NULL);
	cr_expect(strstr(s.log[HD_TXLOG_LOG2].not_read, "symbolic link") != NULL);
	cr_expect(strstr(s.log[HD_TXLOG_LOG].not_read, "FIFO") != NULL);
	hd_txlog_set_clear(&s);
}
