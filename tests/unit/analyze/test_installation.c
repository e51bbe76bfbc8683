/* test_installation.c - --root's installation analysis on a folder with no
 * descriptor (the in-memory backend of tests/unit/source/memsrc.h, as an
 * archive's or a disk image's folder): the current SYSTEM hive paired with
 * its SOFTWARE hive and an older copy compared with it, each with the
 * verdicts the same bytes get on disk and the backend's provenance chain. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "analyze/installation.h"
#include "skip_missing.h"
#include "unit/source/memsrc.h"

TestSuite(installation);

static uint8_t *sample(const char *name, size_t *len, char *path, size_t pathlen)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	uint8_t *buf;
	FILE *f;
	long n;

	snprintf(path, pathlen, "%s/%s.hive", dir, name);
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

Test(installation, analyzed_in_a_folder_without_descriptor)
{
	char syspath[512], swpath[512], oldpath[512];
	size_t slen, wlen, olen;
	uint8_t *sys = sample("healthy-nt4", &slen, syspath, sizeof syspath);
	uint8_t *sw = sample("software-sp4", &wlen, swpath, sizeof swpath);
	uint8_t *old = sample("imc-cluster", &olen, oldpath, sizeof oldpath);
	struct memsrc_node cfg[] = {
		{ "SYSTEM", HD_SRC_FILE, sys, slen, NULL, NULL, 0 },
		{ "SOFTWARE", HD_SRC_FILE, sw, wlen, NULL, NULL, 0 },
		{ "system.sav", HD_SRC_FILE, old, olen, NULL, NULL, 0 },
	};
	struct memsrc_node top = { "", HD_SRC_DIR, NULL, 0, NULL, cfg, 3 };
	struct hd_src_dir *root = memsrc_open(&top, "case.zip!");
	struct hd_installation inst;
	struct hd_options opts = { 0 };
	struct hd_result in_mem, on_disk, copy;

	cr_assert_eq(hd_installation_open(root, "case.zip!", &inst), 1);
	cr_assert(inst.have_current);
	cr_assert_eq(inst.n, 2);
	cr_expect_str_eq(inst.info.layout, "config");
	cr_assert_not_null(inst.copies[0].sw, "SOFTWARE paired by folder and role");
	hd_installation_analyze(&inst, 0, &opts, &in_mem);
	hd_analyze_pair(syspath, swpath, &opts, &on_disk);
	cr_expect_null(in_mem.error_code, "%s", in_mem.error_message ? in_mem.error_message : "");
	cr_expect_str_eq(in_mem.path, "case.zip!/SYSTEM");
	cr_expect_str_eq(in_mem.role, "current");
	cr_expect_str_eq(in_mem.file.sha256, on_disk.file.sha256);
	cr_expect_eq(in_mem.imc.status, on_disk.imc.status);
	cr_expect_eq(in_mem.mta.status, on_disk.mta.status);
	cr_expect_eq(in_mem.findings.n, on_disk.findings.n);
	cr_expect_str_eq(in_mem.software.file.sha256, on_disk.software.file.sha256);
	cr_assert_not_null(in_mem.prov);
	cr_expect_str_eq(in_mem.prov->links[0].kind, "archive");
	cr_expect_str_eq(in_mem.prov->links[1].kind, "member");
	cr_expect_null(on_disk.prov, "an operand has no chain: hive.path names it");
	hd_installation_analyze(&inst, 1, &opts, &copy);
	cr_expect_str_eq(copy.role, "sav");
	cr_assert_eq(hd_installation_compare(&in_mem, &copy), 0);
	cr_expect_str_eq(copy.vs_current.against, "sav");
	cr_expect_gt(copy.vs_current.n, 0, "a different hive: changes listed");
	hd_result_clear(&copy);
	hd_result_clear(&on_disk);
	hd_result_clear(&in_mem);
	hd_installation_clear(&inst);
	hd_src_close(root);
	free(sys);
	free(sw);
	free(old);
}
