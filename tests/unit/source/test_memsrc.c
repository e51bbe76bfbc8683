/* test_memsrc.c - the volume scan, log discovery and SOFTWARE pairing on a
 * folder with no descriptor (memsrc.h, as an archive's or an image's folder
 * is): the same names found, the same logs read, links refused, and each
 * file's provenance chain the backend's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsrc.h"
#include "skip_missing.h"
#include "source/pairing.h"
#include "source/volume.h"
#include "txlog/txlog.h"

#define B(s) (const uint8_t *)(s), sizeof(s) - 1
#define FILE_(n, s) { n, HD_SRC_FILE, B(s), NULL, NULL, 0 }
#define DIR_(n, c) { n, HD_SRC_DIR, NULL, 0, NULL, c, sizeof c / sizeof c[0] }

static const struct memsrc_node regback[] = { FILE_("system", "old") };
static const struct memsrc_node config[] = {
	FILE_("system", "regf"), FILE_("SOFTWARE", "regf"), FILE_("System.Log1", "abcd"),
	{ "SYSTEM.LOG2", HD_SRC_OTHER, NULL, 0, "is a symbolic link (not followed)", NULL, 0 },
	FILE_("SYSTEM.ALT", "regf"), DIR_("RegBack", regback),
};
static const struct memsrc_node system32[] = { DIR_("CONFIG", config) };
static const struct memsrc_node repair[] = { FILE_("system._", "SZDD"), FILE_("software", "regf") };
static const struct memsrc_node winnt[] = { DIR_("System32", system32), DIR_("repair", repair) };
static const struct memsrc_node vol_root[] = {
	FILE_("boot.ini", "[boot loader]\r\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\WINNT\r\n"),
	DIR_("WINNT", winnt),
	/* a link named like a SystemRoot: never a folder */
	{ "Windows", HD_SRC_OTHER, NULL, 0, "is a symbolic link (not followed)", NULL, 0 },
};
static const struct memsrc_node top = DIR_("", vol_root);

TestSuite(memsrc);

static const struct hd_volume_file *find(const struct hd_volume *vol, const char *path)
{
	for (size_t i = 0; i < vol->n_files; i++)
		if (strcmp(vol->files[i].path, path) == 0)
			return &vol->files[i];
	cr_assert_fail("%s not found", path);
	return NULL;
}

/* --root's scan finds an NT 4.0 installation in a folder with no descriptor. */
Test(memsrc, volume_scan)
{
	struct hd_src_dir *root = memsrc_open(&top, "case.zip!");
	struct hd_volume vol;
	const struct hd_volume_file *f;
	char buf[8] = { 0 };

	cr_assert_eq(hd_volume_scan(root, &vol), 1);
	cr_expect_eq(vol.layout, HD_LAYOUT_VOLUME);
	cr_expect(vol.from_bootini);
	cr_expect_str_eq(vol.systemroot, "WINNT");
	cr_expect_str_eq(vol.config, "WINNT/System32/CONFIG");
	f = find(&vol, "WINNT/System32/CONFIG/system");
	cr_expect_eq(f->role, HD_ROLE_CURRENT);
	cr_expect_eq(pread(f->fd, buf, 4, 0), 4);
	cr_expect_str_eq(buf, "regf");
	cr_expect_eq(hd_src_dirfd(f->dir), -1, "no descriptor: the backend's folder");
	cr_expect_str_eq(hd_src_path(f->dir), "case.zip!/WINNT/System32/CONFIG");
	cr_assert_eq(f->prov.n_links, 2);
	cr_expect_str_eq(f->prov.links[0].kind, "archive");
	cr_expect_str_eq(f->prov.links[1].kind, "member");
	cr_expect_str_eq(f->prov.links[1].fields[0].text, "case.zip!/WINNT/System32/CONFIG/system");
	cr_expect_eq(find(&vol, "WINNT/System32/CONFIG/SYSTEM.ALT")->role, HD_ROLE_ALT);
	cr_expect_eq(find(&vol, "WINNT/System32/CONFIG/System.Log1")->role, HD_ROLE_LOG);
	cr_expect_eq(find(&vol, "WINNT/System32/CONFIG/RegBack/system")->role, HD_ROLE_REGBACK);
	cr_expect_eq(find(&vol, "WINNT/repair/system._")->role, HD_ROLE_REPAIR);
	cr_expect_eq(find(&vol, "WINNT/repair/software")->role, HD_ROLE_REPAIR);
	for (size_t i = 0; i < vol.n_files; i++)
		cr_expect_str_neq(vol.files[i].path, "WINNT/System32/CONFIG/SYSTEM.LOG2", "a link is not listed");
	hd_volume_clear(&vol);
	hd_src_close(root);
}

/* The logs beside a hive are found and read in such a folder; a link is named, not read. */
Test(memsrc, log_discovery)
{
	struct hd_src_dir *root = memsrc_open(&top, "case.zip!"), *w = NULL, *s = NULL, *c = NULL;
	struct hd_txlog_set set;

	cr_assert_eq(hd_src_subdir(root, "WINNT", &w, NULL), 1);
	cr_assert_eq(hd_src_subdir(w, "System32", &s, NULL), 1);
	cr_assert_eq(hd_src_subdir(s, "CONFIG", &c, NULL), 1);
	cr_assert_eq(hd_txlog_discover_in(c, "system", &set, NULL), 0);
	cr_expect_str_eq(set.log[HD_TXLOG_LOG1].name, "System.Log1");
	cr_expect_eq(set.log[HD_TXLOG_LOG1].len, 4);
	cr_expect_eq(memcmp(set.log[HD_TXLOG_LOG1].data, "abcd", 4), 0);
	cr_expect_str_eq(set.log[HD_TXLOG_LOG2].name, "SYSTEM.LOG2");
	cr_expect_str_eq(set.log[HD_TXLOG_LOG2].not_read, "is a symbolic link (not followed)");
	cr_expect_null(set.log[HD_TXLOG_LOG].name);
	cr_expect_str_eq(set.alt_path, "case.zip!/WINNT/System32/CONFIG/SYSTEM.ALT");
	hd_txlog_set_clear(&set);
	hd_src_close(c);
	hd_src_close(s);
	hd_src_close(w);
	hd_src_close(root);
}

/* A sample hive's bytes, read at test time (the test skips without samples). */
static uint8_t *sample(const char *name, size_t *len)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[512];
	uint8_t *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s.hive", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		HD_SKIP_MISSING("sample %s absent", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* -r's pairing reads kinds from content inside such a folder too. */
Test(memsrc, pairing)
{
	size_t slen, wlen;
	uint8_t *sys = sample("healthy-nt4", &slen), *sw = sample("software-sp4", &wlen);
	struct memsrc_node files[] = {
		{ "hive1", HD_SRC_FILE, sys, slen, NULL, NULL, 0 },
		{ "software.bak", HD_SRC_FILE, sw, wlen, NULL, NULL, 0 },
		{ "notes.txt", HD_SRC_FILE, B("not a hive"), NULL, NULL, 0 },
	};
	struct memsrc_node folder = { "", HD_SRC_DIR, NULL, 0, NULL, files, 3 };
	struct hd_src_dir *d = memsrc_open(&folder, "case.tar!");
	char *name = NULL;

	cr_assert_eq(hd_pair_sibling_in(d, "hive1", -1, "SOFTWARE", 0, &name), 1);
	cr_expect_str_eq(name, "software.bak");
	free(name);
	cr_assert_eq(hd_pair_sibling_in(d, "software.bak", -1, "SYSTEM", 0, &name), 1);
	cr_expect_str_eq(name, "hive1");
	free(name);
	cr_assert_eq(hd_pair_sibling_in(d, "hive1", -1, "SYSTEM", 0, &name), 0, "itself is no partner");
	cr_expect_null(name);
	hd_src_close(d);
	free(sys);
	free(sw);
}
