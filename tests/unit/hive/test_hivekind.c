/* test_hivekind.c - hive kinds from the root's subkeys: the pure decision on
 * name lists of each kind, then real files: the sample hives (SYSTEM and
 * SOFTWARE, whatever their file names) and the corpus (real Windows XP and 7
 * SYSTEM hives, yarp's test hives, which are none of the Windows kinds). */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hivekind.h"
#include "util/textutil.h"

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

/* The kind read by the cell reader (hd_cells_kind) from the file at path, mapped. */
static enum hd_hive_kind cells_kind(const char *path)
{
	enum hd_hive_kind kind = HD_KIND_OTHER;
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	cr_assert_geq(fd, 0, "%s", path);
	cr_assert_eq(fstat(fd, &st), 0);
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	cr_assert_neq(map, MAP_FAILED);
	cr_assert_eq(hd_cells_kind(&(struct hd_cells){ .data = map, .len = (size_t)st.st_size }, &kind), HD_FOUND,
	             "%s", path);
	munmap(map, (size_t)st.st_size);
	close(fd);
	return kind;
}

/* The kind of the hive at path (hivex, and the cell reader agreeing); skips when the file is absent. */
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
	cr_assert_eq(cells_kind(path), kind, "%s: the cell reader and hivex disagree", path);
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

/* The root's subkey names of the hive at path: hivex's and the cell reader's, the same in the same order. */
static void same_root_names(const char *path)
{
	struct hd_hive *h = hd_hive_open(path, 0, NULL);
	char **a = NULL, **b = NULL;
	size_t na = 0, nb = 0;
	struct stat st;
	uint32_t root;
	void *map;
	int fd;

	cr_assert_not_null(h, "%s: %s", path, strerror(errno));
	cr_assert_eq(hd_key_subkey_names(h, hd_hive_root(h), &a, &na), HD_FOUND, "%s", path);
	hd_hive_close(h);
	cr_assert_geq(fd = open(path, O_RDONLY | O_CLOEXEC), 0);
	cr_assert_eq(fstat(fd, &st), 0);
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	cr_assert_neq(map, MAP_FAILED);
	struct hd_cells c = { .data = map, .len = (size_t)st.st_size };
	cr_assert_eq(hd_cells_root(&c, &root), HD_FOUND);
	cr_assert_eq(hd_cells_subkey_names(&c, root, &b, &nb), HD_FOUND, "%s", path);
	cr_assert_eq(nb, na, "%s: %zu names, hivex %zu", path, nb, na);
	for (size_t i = 0; i < na; i++)
		cr_assert_str_eq(b[i], a[i], "%s: name %zu", path, i);
	cr_assert_null(b[nb]);
	hd_strv_free(a);
	hd_strv_free(b);
	munmap(map, (size_t)st.st_size);
	close(fd);
}

/* yarp's odd hives (Unicode and extended-ASCII names, bogus names,
 * duplicate subkeys, a key of many subkeys behind an ri list) and the
 * samples: the cell reader lists what hivex lists. */
Test(hivekind, cell_reader_lists_what_hivex_lists)
{
	const char *odd[] = { "BogusKeyNamesHive", "DuplicateSubkeysHive", "EmptyHive", "ExtendedASCIIHive",
	                      "ManySubkeysHive", "UnicodeHive", "UpcaseHive" };
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[1024];

	snprintf(path, sizeof path, "%s/software-sp4.hive", dir);
	same_root_names(path);
	snprintf(path, sizeof path, "%s/healthy-nt4.hive", dir);
	same_root_names(path);
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		snprintf(path, sizeof path, "%s/odd/yarp-%s.hive", corpus_dir(), odd[i]);
		if (access(path, R_OK) != 0)
			HD_SKIP_MISSING("%s absent", path);
		same_root_names(path);
	}
}
