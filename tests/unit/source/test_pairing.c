/* test_pairing.c - -r's pairing of a SYSTEM hive with the SOFTWARE hive of
 * its folder, over copies of the sample hives in a folder made here, with
 * and without the names pass's index (pairindex.h). */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/pairindex.h"
#include "source/pairing.h"

static char dir[] = "/tmp/hd-pairing-XXXXXX";

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
	strcpy(dir, "/tmp/hd-pairing-XXXXXX");
}

TestSuite(pairing, .init = setup, .fini = teardown);

/* Copy sample NAME.hive to DIR/as; skip the test when the samples are absent. */
static void put(const char *name, const char *as)
{
	const char *samples = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char src[512], cmd[1400];

	snprintf(src, sizeof src, "%s/%s.hive", samples, name);
	if (access(src, R_OK) != 0)
		HD_SKIP_MISSING("sample %s absent", src);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s/%s'", src, dir, as);
	cr_assert_eq(system(cmd), 0);
}

static char *path(const char *name)
{
	static char p[512];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

/* The SOFTWARE hive beside a SYSTEM hive is found by content, whatever its name. */
Test(pairing, finds_software_by_content)
{
	char *sw = NULL;

	put("healthy-nt4", "hive1");
	put("software-sp4", "software.bak");
	cr_assert_eq(hd_pair_kind_is(path("hive1"), "SYSTEM", 0), 1);
	cr_assert_eq(hd_pair_sibling(path("hive1"), "SOFTWARE", 0, &sw), 1);
	cr_expect_str_eq(sw, path("software.bak"));
	free(sw);
	/* hive1's base block still names it SYSTEM (as Windows wrote it): found back. */
	cr_assert_eq(hd_pair_sibling(path("software.bak"), "SYSTEM", 0, &sw), 1);
	cr_expect_str_eq(sw, path("hive1"));
	free(sw);
}

/* A file named SOFTWARE that holds a SYSTEM hive is not paired: the content decides. */
Test(pairing, name_alone_does_not_pair)
{
	char *sw = NULL;

	put("healthy-nt4", "SYSTEM");
	put("mta-healthy", "SOFTWARE");
	cr_assert_eq(hd_pair_sibling(path("SYSTEM"), "SOFTWARE", 0, &sw), 0);
	cr_expect_null(sw);
}

/* Two SOFTWARE hives in one folder: which belongs to the SYSTEM hive is not guessed. */
Test(pairing, two_candidates_not_guessed)
{
	char *sw = NULL;

	put("healthy-nt4", "SYSTEM");
	put("software-sp4", "SOFTWARE");
	put("software-sp3", "software.sav");
	cr_assert_eq(hd_pair_sibling(path("SYSTEM"), "SOFTWARE", 0, &sw), 0);
	cr_expect_null(sw);
}

/* The note the names pass would make of NAME in the folder: its flags, from its content. */
static void note(const char *name)
{
	struct hd_pair_note n;
	struct stat st;
	int fd = open(path(name), O_RDONLY | O_CLOEXEC);

	cr_assert_geq(fd, 0);
	cr_assert_eq(fstat(fd, &st), 0);
	hd_pair_note_of(&st, hd_pair_flags_fd(fd, 0), &n);
	close(fd);
	hd_pairindex_add(&n);
}

/* The flags of the samples: a SYSTEM and a SOFTWARE hive of NT 4.0, as the pairing asks. */
Test(pairing, flags_from_content)
{
	int fd;

	put("healthy-nt4", "hive1");
	put("software-sp4", "hive2");
	cr_assert_geq(fd = open(path("hive1"), O_RDONLY | O_CLOEXEC), 0);
	cr_expect_eq(hd_pair_flags_fd(fd, 0), HD_PAIR_KNOWN | HD_PAIR_PRIMARY | HD_PAIR_EMB_SYSTEM | HD_PAIR_SYSTEM);
	close(fd);
	cr_assert_geq(fd = open(path("hive2"), O_RDONLY | O_CLOEXEC), 0);
	cr_expect_eq(hd_pair_flags_fd(fd, 0) & ~(uint32_t)HD_PAIR_EMB_SOFTWARE,
	             HD_PAIR_KNOWN | HD_PAIR_PRIMARY | HD_PAIR_SOFTWARE);
	close(fd);
	cr_assert_geq(fd = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
	cr_expect_eq(hd_pair_flags_fd(fd, 0), 0, "no regular file, no note");
	close(fd);
}

/*
 * With the names pass's index sealed, the pairing answers from the notes,
 * opening no sibling: a note that says "no SOFTWARE hive" (unlike the
 * content) is believed; once the file changes (its times), the note no
 * longer counts and the content decides again.
 */
Test(pairing, index_answers_without_opening)
{
	struct hd_pair_note n;
	struct stat st;
	char *sw = NULL;

	put("healthy-nt4", "SYSTEM");
	put("software-sp4", "SOFTWARE");
	cr_assert_eq(hd_pairindex_begin(), 0);
	note("SYSTEM");
	cr_assert_eq(stat(path("SOFTWARE"), &st), 0);
	hd_pair_note_of(&st, HD_PAIR_PRIMARY | HD_PAIR_EMB_SOFTWARE, &n);      /* not HD_PAIR_SOFTWARE */
	hd_pairindex_add(&n);
	cr_assert_eq(hd_pairindex_seal(), 0);
	cr_assert_eq(hd_pair_sibling(path("SYSTEM"), "SOFTWARE", 0, &sw), 0, "the note is believed");
	cr_expect_null(sw);
	cr_assert_eq(hd_pair_sibling(path("SOFTWARE"), "SYSTEM", 0, &sw), 1);
	cr_expect_str_eq(sw, path("SYSTEM"));
	free(sw);
	cr_assert_eq(utimensat(AT_FDCWD, path("SOFTWARE"), (struct timespec[]){ { 1, 0 }, { 1, 0 } }, 0), 0);
	cr_assert_eq(hd_pair_sibling(path("SYSTEM"), "SOFTWARE", 0, &sw), 1, "a changed file is read again");
	cr_expect_str_eq(sw, path("SOFTWARE"));
	free(sw);
	hd_pairindex_end();
	cr_expect_eq(hd_pairindex_active(), 0);
}

/* The SYSTEM hives that read the SOFTWARE hive at NAME, as one string ("" none), and their number. */
static size_t readers(const char *name, char *out, size_t len)
{
	char *all = NULL;
	size_t n = 99;
	int rc = hd_pair_readers(path(name), 0, &all, &n);

	cr_assert_geq(rc, 0);
	cr_assert_eq(rc == 1, all != NULL);
	snprintf(out, len, "%s", all ? all : "");
	free(all);
	return n;
}

/* One SYSTEM hive and one SOFTWARE hive: each is the other's. */
Test(pairing, readers_one_system)
{
	char got[1024];

	put("healthy-nt4", "SYSTEM");
	put("software-sp4", "SOFTWARE");
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 1);
	cr_expect_str_eq(got, path("SYSTEM"));
}

/*
 * SYSTEM and SYSTEM.ALT (NT 4.0's mirror) beside one SOFTWARE hive: each
 * SYSTEM hive pairs with it, so it was read by both, and says so (it used
 * to be skipped as "kind SOFTWARE", a hive of another kind, because it saw
 * two SYSTEM hives).  Their names are sorted, whatever the listing's order.
 */
Test(pairing, readers_two_system_hives)
{
	char got[1024], want[1024], *sw = NULL;

	put("healthy-nt4", "SYSTEM.ALT");
	put("healthy-nt4", "SYSTEM");
	put("software-sp4", "SOFTWARE");
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 2);
	snprintf(want, sizeof want, "%s/SYSTEM, %s/SYSTEM.ALT", dir, dir);
	cr_expect_str_eq(got, want);
	cr_assert_eq(hd_pair_sibling(path("SYSTEM.ALT"), "SOFTWARE", 0, &sw), 1);
	cr_expect_str_eq(sw, path("SOFTWARE"));
	free(sw);
}

/*
 * One SYSTEM hive, two SOFTWARE hives: the SYSTEM hive pairs with neither,
 * so neither was read with it (both used to say "read with the SYSTEM hive
 * SYSTEM" while its report said it had no SOFTWARE hive).
 */
Test(pairing, readers_none_when_the_system_hive_sees_two)
{
	char got[1024];

	put("healthy-nt4", "SYSTEM");
	put("software-sp4", "SOFTWARE");
	put("software-sp3", "SOFTWARE.SAV");
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 0);
	cr_expect_str_eq(got, "");
	cr_assert_eq(readers("SOFTWARE.SAV", got, sizeof got), 0);
	cr_expect_str_eq(got, "");
}

/* No SYSTEM hive beside it, or a folder that is gone: none, and no error for the first. */
Test(pairing, readers_without_system)
{
	char got[1024], *all = (char *)"x";
	size_t n = 7;

	put("software-sp4", "SOFTWARE");
	put("software-sp3", "other");
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 0);
	cr_assert_eq(hd_pair_readers("/nonexistent-hd-dir/SOFTWARE", 0, &all, &n), -1);
	cr_expect_null(all);
	cr_expect_eq(n, 0);
}

/*
 * With the index sealed, the answer comes from the notes: a note that says
 * SYSTEM.ALT holds no SYSTEM hive (unlike its content) is believed, so only
 * SYSTEM reads the SOFTWARE hive.
 */
Test(pairing, readers_from_the_index)
{
	struct hd_pair_note n;
	struct stat st;
	char got[1024];

	put("healthy-nt4", "SYSTEM");
	put("healthy-nt4", "SYSTEM.ALT");
	put("software-sp4", "SOFTWARE");
	cr_assert_eq(hd_pairindex_begin(), 0);
	note("SYSTEM");
	note("SOFTWARE");
	cr_assert_eq(stat(path("SYSTEM.ALT"), &st), 0);
	hd_pair_note_of(&st, HD_PAIR_KNOWN | HD_PAIR_PRIMARY | HD_PAIR_EMB_SYSTEM, &n);     /* not HD_PAIR_SYSTEM */
	hd_pairindex_add(&n);
	cr_assert_eq(hd_pairindex_seal(), 0);
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 1);
	cr_expect_str_eq(got, path("SYSTEM"));
	hd_pairindex_end();
	cr_assert_eq(readers("SOFTWARE", got, sizeof got), 2, "without the index, the content decides");
}
