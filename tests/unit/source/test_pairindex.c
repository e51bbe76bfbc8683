/* test_pairindex.c - the names pass's notes for the -r pairing
 * (source/pairindex.h): every note found while its file is unchanged,
 * nothing invented, nothing answered before the index is sealed.  How the
 * pairing uses them is in test_pairing.c. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>

#include "source/pairindex.h"

TestSuite(pairindex);

/* Many notes (collisions, a file noted twice as hard links are): each found, none invented. */
Test(pairindex, holds_every_note)
{
	enum { N = 5000 };
	struct hd_pair_note n;
	struct stat st;
	uint32_t flags;

	memset(&st, 0, sizeof st);
	cr_assert_eq(hd_pairindex_begin(), 0);
	for (unsigned i = 0; i < N; i++) {
		st.st_dev = i % 3;
		st.st_ino = 1000 + i / 3;
		st.st_size = i;
		hd_pair_note_of(&st, (i & 1) ? HD_PAIR_PRIMARY : 0, &n);
		hd_pairindex_add(&n);
		if (i % 7 == 0)
			hd_pairindex_add(&n);
	}
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0, "not sealed yet");
	cr_assert_eq(hd_pairindex_seal(), 0);
	for (unsigned i = 0; i < N; i++) {
		st.st_dev = i % 3;
		st.st_ino = 1000 + i / 3;
		st.st_size = i;
		cr_assert_eq(hd_pairindex_lookup(&st, &flags), 1, "note %u", i);
		cr_assert_eq(flags, HD_PAIR_KNOWN | ((i & 1) ? HD_PAIR_PRIMARY : 0u));
		st.st_size = i + 1;
		cr_assert_eq(hd_pairindex_lookup(&st, &flags), 0, "note %u with another size", i);
	}
	st.st_dev = 9;
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0, "a file never noted");
	hd_pairindex_end();
}

/* A note counts only while the file is the one noted: its times too. */
Test(pairindex, changed_times_are_not_known)
{
	struct hd_pair_note n;
	struct stat st;
	uint32_t flags = 0;

	memset(&st, 0, sizeof st);
	st.st_dev = 1;
	st.st_ino = 2;
	st.st_size = 4096;
	st.st_mtim.tv_sec = 100;
	st.st_ctim.tv_sec = 200;
	cr_assert_eq(hd_pairindex_begin(), 0);
	hd_pair_note_of(&st, HD_PAIR_PRIMARY | HD_PAIR_SYSTEM, &n);
	hd_pairindex_add(&n);
	cr_assert_eq(hd_pairindex_seal(), 0);
	cr_assert_eq(hd_pairindex_active(), 1);
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 1);
	cr_expect_eq(flags, HD_PAIR_KNOWN | HD_PAIR_PRIMARY | HD_PAIR_SYSTEM);
	st.st_mtim.tv_nsec = 1;
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0, "modified since");
	st.st_mtim.tv_nsec = 0;
	st.st_ctim.tv_sec = 201;
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0, "changed since");
	hd_pairindex_end();
	st.st_ctim.tv_sec = 200;
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0, "the index closed");
}

/* No notes at all: a table of the minimum size, sealed, that knows nothing. */
Test(pairindex, empty_index)
{
	struct stat st;
	uint32_t flags;

	memset(&st, 0, sizeof st);
	cr_assert_eq(hd_pairindex_begin(), 0);
	cr_assert_eq(hd_pairindex_seal(), 0);
	cr_expect_eq(hd_pairindex_lookup(&st, &flags), 0);
	hd_pairindex_end();
	cr_expect_eq(hd_pairindex_seal(), -1, "sealing without begin");
}
