/* test_volume.c - --root discovery over directory trees made at test time:
 * an NT 4.0 volume in mixed case, a Windows 2000 SystemRoot, a config
 * folder, boot.ini naming another SystemRoot, and links that lead out. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/volume.h"

static char dir[] = "/tmp/hd-volume-XXXXXX";
/* The folder scanned last: a config folder's files point at it, so it stays open until the next scan. */
static struct hd_src_dir *root_dir;

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strcpy(dir, "/tmp/hd-volume-XXXXXX");
	hd_src_close(root_dir);
	root_dir = NULL;
}

TestSuite(volume, .init = setup, .fini = teardown);

/* Make DIR/rel: directories for a trailing '/', else a file holding text. */
static void make(const char *rel, const char *text)
{
	char path[1024], cmd[1200];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	cr_assert_eq(system(cmd), 0);
	if (rel[strlen(rel) - 1] == '/') {
		cr_assert_eq(mkdir(path, 0755) == 0 || errno == EEXIST, 1);
		return;
	}
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text ? text : "x", f);
	fclose(f);
}

static int scan(const char *sub, struct hd_volume *vol)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, sub);
	hd_src_close(root_dir);
	cr_assert_eq(hd_src_posix_open_path(path, &root_dir, NULL), 0, "%s", path);
	return hd_volume_scan(root_dir, vol);
}

/* The index of the file with this path, or -1. */
static int find(const struct hd_volume *vol, const char *path)
{
	for (size_t i = 0; i < vol->n_files; i++)
		if (strcmp(vol->files[i].path, path) == 0)
			return (int)i;
	return -1;
}

static void expect(const struct hd_volume *vol, const char *path, enum hd_role role, const char *hive)
{
	int i = find(vol, path);

	cr_assert_geq(i, 0, "%s not found", path);
	cr_expect_eq(vol->files[i].role, role, "%s: role %s", path, hd_role_name(vol->files[i].role));
	cr_expect_str_eq(vol->files[i].hive, hive, "%s", path);
}

/* A mounted NT 4.0 volume in mixed case: every copy found, whatever the case. */
Test(volume, nt4_volume_mixed_case)
{
	struct hd_volume vol;

	make("WINNT/System32/CONFIG/SYSTEM", NULL);
	make("WINNT/System32/CONFIG/software", NULL);
	make("WINNT/System32/CONFIG/system.LOG", NULL);
	make("WINNT/System32/CONFIG/SYSTEM.ALT", NULL);
	make("WINNT/System32/CONFIG/SAM", NULL);
	make("WINNT/Repair/SYSTEM._", NULL);
	make("WINNT/Repair/software._", NULL);
	make("WINNT/Repair/sam._", NULL);
	cr_assert_eq(scan("", &vol), 1);
	cr_expect_eq(vol.layout, HD_LAYOUT_VOLUME);
	cr_expect_str_eq(vol.systemroot, "WINNT");
	expect(&vol, "WINNT/System32/CONFIG/SYSTEM", HD_ROLE_CURRENT, "SYSTEM");
	expect(&vol, "WINNT/System32/CONFIG/software", HD_ROLE_CURRENT, "SOFTWARE");
	expect(&vol, "WINNT/System32/CONFIG/system.LOG", HD_ROLE_LOG, "SYSTEM");
	expect(&vol, "WINNT/System32/CONFIG/SYSTEM.ALT", HD_ROLE_ALT, "SYSTEM");
	expect(&vol, "WINNT/Repair/SYSTEM._", HD_ROLE_REPAIR, "SYSTEM");
	expect(&vol, "WINNT/Repair/software._", HD_ROLE_REPAIR, "SOFTWARE");
	cr_expect_eq(vol.n_files, 6, "SAM files are not registry copies of SYSTEM/SOFTWARE");
	/* current SYSTEM first, then current SOFTWARE, then the repair copies */
	cr_expect_str_eq(vol.files[0].path, "WINNT/System32/CONFIG/SYSTEM");
	cr_expect_str_eq(vol.files[1].path, "WINNT/System32/CONFIG/software");
	cr_expect_eq(vol.files[2].role, HD_ROLE_REPAIR);
	hd_volume_clear(&vol);
}

/* A Windows 2000 SystemRoot given directly: repair/RegBack, uncompressed repair copies, system.sav. */
Test(volume, w2k_systemroot)
{
	struct hd_volume vol;

	make("system32/config/SYSTEM", NULL);
	make("system32/config/system.sav", NULL);
	make("repair/system", NULL);
	make("repair/RegBack/system", NULL);
	make("repair/RegBack/software", NULL);
	cr_assert_eq(scan("", &vol), 1);
	cr_expect_eq(vol.layout, HD_LAYOUT_SYSTEMROOT);
	cr_expect_str_eq(vol.systemroot, "");
	expect(&vol, "system32/config/SYSTEM", HD_ROLE_CURRENT, "SYSTEM");
	expect(&vol, "system32/config/system.sav", HD_ROLE_SAV, "SYSTEM");
	expect(&vol, "repair/system", HD_ROLE_REPAIR, "SYSTEM");
	expect(&vol, "repair/RegBack/system", HD_ROLE_REGBACK, "SYSTEM");
	expect(&vol, "repair/RegBack/software", HD_ROLE_REGBACK, "SOFTWARE");
	cr_expect_eq(vol.n_files, 5);
	hd_volume_clear(&vol);
}

/* A config folder: its hives, nothing above it. */
Test(volume, config_folder)
{
	struct hd_volume vol;

	make("config/system", NULL);
	make("config/SYSTEM.LOG1", NULL);
	cr_assert_eq(scan("config", &vol), 1);
	cr_expect_eq(vol.layout, HD_LAYOUT_CONFIG);
	expect(&vol, "system", HD_ROLE_CURRENT, "SYSTEM");
	expect(&vol, "SYSTEM.LOG1", HD_ROLE_LOG, "SYSTEM");
	hd_volume_clear(&vol);
}

/* boot.ini's default= names the SystemRoot, ahead of a WINNT folder. */
Test(volume, bootini_names_systemroot)
{
	struct hd_volume vol;

	make("boot.ini", "[boot loader]\r\ntimeout=30\r\ndefault=multi(0)disk(0)rdisk(0)partition(2)\\SRV4\r\n"
	     "[operating systems]\r\nmulti(0)disk(0)rdisk(0)partition(2)\\SRV4=\"Windows NT Server\"\r\n");
	make("WINNT/system32/config/SYSTEM", NULL);
	make("srv4/SYSTEM32/Config/System", NULL);
	cr_assert_eq(scan("", &vol), 1);
	cr_expect(vol.from_bootini);
	cr_expect_str_eq(vol.systemroot, "srv4");
	expect(&vol, "srv4/SYSTEM32/Config/System", HD_ROLE_CURRENT, "SYSTEM");
	cr_expect_eq(find(&vol, "WINNT/system32/config/SYSTEM"), -1);
	hd_volume_clear(&vol);
}

/* A symbolic link never leads out of DIR: neither a linked folder nor a linked hive is used. */
Test(volume, links_not_followed)
{
	struct hd_volume vol;
	char target[1024], link[1024];

	make("outside/system32/config/SYSTEM", NULL);
	make("inside/placeholder", NULL);
	make("inside/config/SOFTWARE", NULL);
	snprintf(target, sizeof target, "%s/outside", dir);
	snprintf(link, sizeof link, "%s/inside/WINNT", dir);
	cr_assert_eq(symlink(target, link), 0);
	snprintf(target, sizeof target, "%s/outside/system32/config/SYSTEM", dir);
	snprintf(link, sizeof link, "%s/inside/config/SYSTEM", dir);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(scan("inside", &vol), 0, "WINNT is a link: no installation");
	hd_volume_clear(&vol);
	cr_assert_eq(scan("inside/config", &vol), 1);
	cr_expect_eq(find(&vol, "SYSTEM"), -1, "a linked SYSTEM is not a hive of DIR");
	expect(&vol, "SOFTWARE", HD_ROLE_CURRENT, "SOFTWARE");
	cr_expect_not_null(vol.system_refused, "the linked SYSTEM is said, not silent (issue 26)");
	cr_expect_not_null(strstr(vol.system_refused, "symbolic link"), "%s", vol.system_refused);
	hd_volume_clear(&vol);
}

/* Issue 26: each hive stays open from the scan on; swapping its folder for
 * a link to another folder afterwards changes nothing the scan kept. */
Test(volume, keeps_what_it_opened)
{
	struct hd_volume vol;
	char path[1024], moved[1024], target[1024], buf[16] = { 0 };
	int i;

	make("WINNT/system32/config/SYSTEM", "current");
	make("WINNT/repair/system", "inside");
	make("outside/system", "outside");
	cr_assert_eq(scan("", &vol), 1);
	cr_expect_str_eq(vol.config, "WINNT/system32/config");
	cr_expect_null(vol.system_refused);
	i = find(&vol, "WINNT/repair/system");
	cr_assert_geq(i, 0);
	cr_expect_str_eq(vol.files[i].name, "system");
	snprintf(path, sizeof path, "%s/WINNT/repair", dir);
	snprintf(moved, sizeof moved, "%s/WINNT/repair.real", dir);
	snprintf(target, sizeof target, "%s/outside", dir);
	cr_assert_eq(rename(path, moved), 0);
	cr_assert_eq(symlink(target, path), 0);
	cr_assert_eq(pread(vol.files[i].fd, buf, sizeof buf - 1, 0), 6);
	cr_expect_str_eq(buf, "inside", "the descriptor is the file the scan saw");
	cr_expect_eq(faccessat(hd_src_dirfd(vol.files[i].dir), "system", F_OK, AT_SYMLINK_NOFOLLOW), 0);
	cr_expect_eq(faccessat(hd_src_dirfd(vol.files[i].dir), "../repair.real", F_OK, 0), 0,
	             "dir is the folder the scan walked, now renamed");
	hd_volume_clear(&vol);
}

/* No Windows installation: 0, nothing listed. */
Test(volume, nothing_found)
{
	struct hd_volume vol;

	make("docs/readme.txt", NULL);
	cr_assert_eq(scan("", &vol), 0);
	cr_expect_eq(vol.n_files, 0);
	hd_volume_clear(&vol);
}

/* boot.ini parsing: default first, duplicates and DOS entries dropped, nested folders kept. */
Test(volume, bootini_parse)
{
	static const char text[] =
		"[boot loader]\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\WINNT\n"
		"[operating systems]\n"
		"multi(0)disk(0)rdisk(0)partition(1)\\winnt=\"Windows NT Server Version 4.00\"\n"
		"multi(0)disk(0)rdisk(0)partition(1)\\WINNT=\"[VGA mode]\" /basevideo /sos\n"
		"scsi(0)disk(1)rdisk(0)partition(1)\\OS\\NT40\\=\"Other\"\n"
		"C:\\=\"MS-DOS\"\n";
	char *roots[HD_VOLUME_MAX_ROOTS] = { NULL };
	int n = hd_bootini_roots(text, sizeof text - 1, roots);

	cr_assert_eq(n, 2);
	cr_expect_str_eq(roots[0], "WINNT");
	cr_expect_str_eq(roots[1], "OS/NT40");
	for (int i = 0; i < n; i++)
		free(roots[i]);
}

/* "..": boot.ini cannot name a folder above DIR. */
Test(volume, bootini_dotdot_refused)
{
	struct hd_volume vol;

	make("vol/boot.ini", "[boot loader]\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\..\\other\n");
	make("other/system32/config/SYSTEM", NULL);
	cr_assert_eq(scan("vol", &vol), 0);
	hd_volume_clear(&vol);
}
