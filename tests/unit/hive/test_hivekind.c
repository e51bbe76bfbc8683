/* test_hivekind.c - hive kinds from the root's subkeys: the pure decision on
 * name lists of each kind, then real files: the sample hives (SYSTEM and
 * SOFTWARE, whatever their file names) and the corpus (real Windows XP and 7
 * SYSTEM hives, yarp's test hives, which are none of the Windows kinds). */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hivekind.h"

#define KIND(...) kind_of((char *[]){ __VA_ARGS__, NULL })

static enum hd_hive_kind kind_of(char **names)
{
	size_t n = 0;

	while (names[n])
		n++;
	return hd_hive_kind_of_names(names, n);
}

TestSuite(hivekind);

/* Each Windows hive's root, as NT 4.0 to 10 write it. */
Test(hivekind, names_of_each_kind)
{
	cr_assert_eq(KIND("ControlSet001", "ControlSet002", "Select", "Setup", "MountedDevices"), HD_KIND_SYSTEM);
	cr_assert_eq(KIND("ControlSet003"), HD_KIND_SYSTEM);           /* no Select: still SYSTEM */
	cr_assert_eq(KIND("Classes", "Clients", "Microsoft", "ODBC", "Policies", "Program Groups", "Secure"),
	             HD_KIND_SOFTWARE);
	cr_assert_eq(KIND("SAM"), HD_KIND_SAM);
	cr_assert_eq(KIND("Cache", "Policy", "RXACT", "SAM"), HD_KIND_SECURITY);
	cr_assert_eq(KIND("AppEvents", "Console", "Control Panel", "Environment", "Keyboard Layout",
	                  "Network", "Software"), HD_KIND_NTUSER);
	cr_assert_eq(KIND("AppEvents", "Console", "Control Panel", "Keyboard Layout", "Software"), HD_KIND_DEFAULT);
	cr_assert_eq(KIND("*", ".txt", "CLSID", "Local Settings"), HD_KIND_USRCLASS);
	cr_assert_eq(KIND("Key1", "Key2"), HD_KIND_OTHER);
	cr_assert_eq(hd_hive_kind_of_names(NULL, 0), HD_KIND_OTHER);  /* an empty root */
}

/* Near misses: ControlSet needs three digits; names fold case like Windows. */
Test(hivekind, near_misses)
{
	cr_assert_eq(KIND("ControlSet1", "ControlSetABC"), HD_KIND_OTHER);
	cr_assert_eq(KIND("controlset001"), HD_KIND_SYSTEM);
	cr_assert_eq(KIND("MICROSOFT", "classes"), HD_KIND_SOFTWARE);
	/* A user profile has Software, not Microsoft, at its root. */
	cr_assert_eq(KIND("Software", "Control Panel", "Environment"), HD_KIND_NTUSER);
	cr_assert_eq(KIND("."), HD_KIND_OTHER);
}

Test(hivekind, names)
{
	cr_assert_str_eq(hd_hive_kind_name(HD_KIND_SYSTEM), "SYSTEM");
	cr_assert_str_eq(hd_hive_kind_name(HD_KIND_SOFTWARE), "SOFTWARE");
	cr_assert_str_eq(hd_hive_kind_name(HD_KIND_USRCLASS), "USRCLASS");
	cr_assert_str_eq(hd_hive_kind_name(HD_KIND_OTHER), "other");
}

/* The kind of the hive at path; skips when the file is absent. */
static enum hd_hive_kind file_kind(const char *path)
{
	enum hd_hive_kind kind = HD_KIND_OTHER;
	struct hd_hive *h;

	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("%s absent", path);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "%s: %s", path, strerror(errno));
	cr_assert_eq(hd_hive_kind(h, &kind), HD_FOUND);
	hd_hive_close(h);
	return kind;
}

static enum hd_hive_kind sample_kind(const char *name)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return file_kind(path);
}

/* The samples: content decides, not the name (a SOFTWARE hive copied as "SYSTEM" stays SOFTWARE). */
Test(hivekind, samples)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char cmd[2048], copy[] = "/tmp/hivekind-XXXXXX";
	int fd;

	cr_assert_eq(sample_kind("healthy-nt4.hive"), HD_KIND_SYSTEM);
	cr_assert_eq(sample_kind("mta-w2k-healthy.hive"), HD_KIND_SYSTEM);
	cr_assert_eq(sample_kind("software-sp4.hive"), HD_KIND_SOFTWARE);
	fd = mkstemp(copy);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "cp '%s/software-sp4.hive' '%s'", dir, copy);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(file_kind(copy), HD_KIND_SOFTWARE);
	unlink(copy);
}

static const char *corpus_dir(void)
{
	return getenv("HD_CORPUS") ? getenv("HD_CORPUS") : "../shared/corpus";
}

/* A compressed corpus hive, decompressed to a temporary file: its kind. */
static enum hd_hive_kind corpus_xz_kind(const char *name)
{
	char src[1024], cmd[2560], tmp[] = "/tmp/hivekind-XXXXXX";
	enum hd_hive_kind kind;
	int fd;

	snprintf(src, sizeof src, "%s/%s", corpus_dir(), name);
	if (access(src, R_OK) != 0)
		HD_SKIP_MISSING("%s absent", src);
	if (system("command -v xz >/dev/null 2>&1") != 0)
		HD_SKIP_MISSING("xz not installed");
	fd = mkstemp(tmp);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "xz -dc '%s' > '%s'", src, tmp);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	kind = file_kind(tmp);
	unlink(tmp);
	return kind;
}

/* Real Windows XP and 7 SYSTEM hives (corpus/real). */
Test(hivekind, corpus_real_system)
{
	cr_assert_eq(corpus_xz_kind("real/winxp-sp3-x86.SYSTEM.xz"), HD_KIND_SYSTEM);
	cr_assert_eq(corpus_xz_kind("real/win7-sp1-x86.SYSTEM.xz"), HD_KIND_SYSTEM);
}

/* yarp's test hives hold test keys, not a Windows layout: other, never a guess. */
Test(hivekind, corpus_odd_other)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/odd/yarp-EmptyHive.hive", corpus_dir());
	cr_assert_eq(file_kind(path), HD_KIND_OTHER);
	snprintf(path, sizeof path, "%s/odd/yarp-ManySubkeysHive.hive", corpus_dir());
	cr_assert_eq(file_kind(path), HD_KIND_OTHER);
}
