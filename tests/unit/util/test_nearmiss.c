/* test_nearmiss.c - which two names are spellings of one (util/nearmiss.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "util/nearmiss.h"

TestSuite(nearmiss);

static enum hd_near near(const char *a, const char *b)
{
	return hd_near_miss(a, b, NULL);
}

/* Equal bytes, then letter case: ASCII and beyond (Unicode simple folding). */
Test(nearmiss, same_and_case)
{
	cr_assert_eq(near("Contoso", "Contoso"), HD_NEAR_SAME);
	cr_assert_eq(near("Contoso", "contoso"), HD_NEAR_CASE);
	cr_assert_eq(near("Müller AG", "MÜLLER AG"), HD_NEAR_CASE);
	cr_assert_eq(near("Köln", "KÖLN"), HD_NEAR_CASE);
}

/* Blanks and punctuation, with or without a case difference too. */
Test(nearmiss, blanks_and_punctuation)
{
	cr_assert_eq(near("Redmond", "Redmond "), HD_NEAR_BLANKS);
	cr_assert_eq(near("Contoso, Inc.", "Contoso Inc"), HD_NEAR_BLANKS);
	cr_assert_eq(near("North-America", "north america"), HD_NEAR_BLANKS);
	cr_assert_eq(near("NA", "N.A."), HD_NEAR_BLANKS);
	/* Nothing but punctuation on both sides is no name at all. */
	cr_assert_eq(near("--", ".."), HD_NEAR_DISTINCT);
}

/* One edit from 5 code points: doubled, dropped, changed, swapped letters. */
Test(nearmiss, one_edit)
{
	unsigned d = 9;

	cr_assert_eq(hd_near_miss("Contosso", "Contoso", &d), HD_NEAR_EDIT);
	cr_assert_eq(d, 1);
	cr_assert_eq(near("Redmnd", "Redmond"), HD_NEAR_EDIT);
	cr_assert_eq(near("Redmond", "Redmomd"), HD_NEAR_EDIT);
	cr_assert_eq(hd_near_miss("Redmnod", "Redmond", &d), HD_NEAR_EDIT);
	cr_assert_eq(d, 1, "a transposition is one edit");
	cr_assert_eq(near("Paris", "Pariss"), HD_NEAR_EDIT);
	cr_assert_eq(near("Müler AG", "Müller AG"), HD_NEAR_EDIT);
}

/* Two edits only from 9 code points; more is another name. */
Test(nearmiss, two_edits_only_for_long_names)
{
	unsigned d = 0;

	cr_assert_eq(near("Contoso", "Contossso"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Redmond", "Ridmund"), HD_NEAR_DISTINCT);
	cr_assert_eq(hd_near_miss("Contoso Corporation", "Contso Corporaton", &d), HD_NEAR_EDIT);
	cr_assert_eq(d, 2);
	cr_assert_eq(near("Contoso Corporation", "Contso Corprtion"), HD_NEAR_DISTINCT);
}

/* Short names (site codes) differ on purpose: no edit counts below 5. */
Test(nearmiss, short_names)
{
	cr_assert_eq(near("NYC", "NYD"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("HQ", "HX"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Lond", "Lomd"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("eu", "EU"), HD_NEAR_CASE);
}

/* Numbered siblings are distinct however close. */
Test(nearmiss, digits_must_agree)
{
	cr_assert_eq(near("Site1", "Site2"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Redmond1", "Redmond"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("EXCH01", "EXCH10"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Site 1", "Site-1"), HD_NEAR_BLANKS);
	cr_assert_eq(near("Redmond2", "Redmnd2"), HD_NEAR_EDIT);
}

/* Different names are never near-misses. */
Test(nearmiss, distinct_names)
{
	cr_assert_eq(near("Contoso", "Fabrikam"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Redmond", "Paris"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("Paris", "Parma"), HD_NEAR_DISTINCT);
	cr_assert_eq(near("", "Contoso"), HD_NEAR_DISTINCT);
}

/* Names past HD_NEAR_MAX_LEN code points compare by case only (bounded work). */
Test(nearmiss, long_names_bounded)
{
	char a[400], b[400];

	memset(a, 'x', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof b);
	b[10] = 'y';
	cr_assert_eq(near(a, b), HD_NEAR_DISTINCT);
	b[10] = 'X';
	cr_assert_eq(near(a, b), HD_NEAR_CASE);
}

/* Invalid UTF-8 compares byte by byte, without reading past the end. */
Test(nearmiss, invalid_utf8)
{
	cr_assert_eq(near("Contos\xff", "Contos\xfe"), HD_NEAR_EDIT);
	cr_assert_eq(near("\xc3", "\xc3\xa4"), HD_NEAR_DISTINCT);
}

/* Labels for the report. */
Test(nearmiss, labels)
{
	cr_assert_str_eq(hd_near_label(HD_NEAR_CASE), "case_only");
	cr_assert_str_eq(hd_near_label(HD_NEAR_EDIT), "edit");
	cr_assert_str_eq(hd_near_label((enum hd_near)42), "?");
}
