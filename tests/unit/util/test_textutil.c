/* test_textutil.c - UTF-16 decoding, name comparison, FILETIME formatting. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

TestSuite(textutil);

/* 100 ns precision survives; 1601-01-01 + 0 ticks is "unknown". */
Test(textutil, filetime_iso)
{
	char buf[HD_ISOTIME_LEN];

	/* 2002-08-06T10:11:12Z = 1028628672 s after 1970 */
	uint64_t ft = (1028628672ull + 11644473600ull) * 10000000ull + 1234567ull;
	cr_assert_eq(hd_filetime_iso(ft, buf), 0);
	cr_assert_str_eq(buf, "2002-08-06T10:11:12.1234567Z");
	cr_assert_eq(hd_filetime_iso(0, buf), -1);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(hd_filetime_iso(UINT64_MAX, buf), -1);
}

/* BMP, a surrogate pair, an unpaired surrogate (U+FFFD) and NUL stop. */
Test(textutil, utf16_decoding)
{
	const uint8_t s[] = { 'M', 0, 0xfc, 0, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xd8, 'x', 0, 0, 0, 'y', 0 };
	char *u = hd_utf16le_to_utf8(s, sizeof s, 1);

	cr_assert_not_null(u);
	cr_assert_str_eq(u, "M\xc3\xbc\xf0\x9f\x98\x80\xef\xbf\xbdx");
	cr_assert(hd_utf8_valid(u));
	free(u);
	u = hd_utf16le_to_utf8(s, 3, 0);    /* odd byte count: last byte ignored */
	cr_assert_str_eq(u, "M");
	free(u);
}

/* Names compare case-insensitively beyond ASCII, as Windows does. */
Test(textutil, name_equal_unicode)
{
	cr_assert(hd_name_equal("Services", "SERVICES"));
	cr_assert(hd_name_equal("M\xc3\xbcller AG", "M\xc3\x9cLLER ag"));   /* ü / Ü */
	cr_assert(hd_name_equal("\xd0\xbc\xd0\xb8\xd1\x80", "\xd0\x9c\xd0\x98\xd0\xa0")); /* мир / МИР */
	cr_assert_not(hd_name_equal("Tcpip", "Tcpip6"));
	cr_assert_not(hd_name_equal("abc", "ab"));
	cr_assert_not(hd_name_equal("M\xc3\xbcller", "Muller"));
}

/* Invalid UTF-8 is detected and compares only byte for byte. */
Test(textutil, invalid_utf8)
{
	cr_assert_not(hd_utf8_valid("a\xc3"));
	cr_assert_not(hd_utf8_valid("\xed\xa0\x80"));  /* encoded surrogate */
	cr_assert(hd_name_equal("\xff", "\xff"));
	cr_assert_not(hd_name_equal("\xff", "\xfe"));
}

/* Issue 12: bytes that are not UTF-8 become \xHH, valid UTF-8 is kept; with
 * controls, a newline becomes \n and other control characters \u00XX. */
Test(textutil, escape_text)
{
	char *a = hd_escape_text("x\xff\xfe.hive \xc3\xa9", 0);
	char *b = hd_escape_text("two\nlines\x1b[31m\xc2\x85\xe2\x82", 1);
	char *c = hd_escape_text("plain/\\path", 1);

	cr_assert_str_eq(a, "x\\xff\\xfe.hive \xc3\xa9");
	cr_assert(hd_utf8_valid(a));
	cr_assert_str_eq(b, "two\\nlines\\u001b[31m\\u0085\\xe2\\x82");
	cr_assert(hd_utf8_valid(b));
	cr_assert_str_eq(c, "plain/\\path");
	free(a);
	free(b);
	free(c);
}

/* Issue 26: the bidirectional controls and marks (U+202A..E, U+2066..9,
 * U+200E/F, U+061C) and the separators U+2028/9 are escaped with the other
 * controls, so "/ou=<U+202E>dnomdeR" is never shown as "/ou=Redmond"; the
 * letters around them, and other characters of the same blocks, are kept. */
Test(textutil, escape_bidi_controls)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "/ou=\xe2\x80\xae" "dnomdeR", "/ou=\\u202ednomdeR" },
		{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\\u202a\\u202b\\u202c\\u202d" },
		{ "\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", "\\u2066a\\u2067b\\u2068c\\u2069" },
		{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c" },
		{ "one\xe2\x80\xa8two\xe2\x80\xa9", "one\\u2028two\\u2029" },
		/* Neighbours that are no controls: U+2010 hyphen, U+2070, U+061B, U+200D. */
		{ "\xe2\x80\x90\xe2\x81\xb0\xd8\x9b\xe2\x80\x8d", "\xe2\x80\x90\xe2\x81\xb0\xd8\x9b\xe2\x80\x8d" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = hd_escape_text(cases[i].in, 1), *raw = hd_escape_text(cases[i].in, 0);

		cr_assert_str_eq(e, cases[i].out, "case %zu", i);
		cr_assert_str_eq(raw, cases[i].in, "case %zu: without controls the text is kept", i);
		free(e);
		free(raw);
	}
	cr_assert(hd_is_display_control(0x202e));
	cr_assert(hd_is_display_control(0x1b));
	cr_assert_not(hd_is_display_control(0x202f));
	cr_assert_not(hd_is_display_control(0x2065));
	cr_assert_not(hd_is_display_control(0xa0));
}

/* Issue 26: a cut never ends inside a character; a stray byte is a character of its own. */
Test(textutil, utf8_prefix)
{
	const char *s = "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";   /* a b U+00E9 U+20AC U+1F600 */

	cr_assert_eq(hd_utf8_prefix(s, 0), 0);
	cr_assert_eq(hd_utf8_prefix(s, 2), 2);
	cr_assert_eq(hd_utf8_prefix(s, 3), 2);
	cr_assert_eq(hd_utf8_prefix(s, 4), 4);
	cr_assert_eq(hd_utf8_prefix(s, 6), 4);
	cr_assert_eq(hd_utf8_prefix(s, 7), 7);
	cr_assert_eq(hd_utf8_prefix(s, 10), 7);
	cr_assert_eq(hd_utf8_prefix(s, 11), 11);
	cr_assert_eq(hd_utf8_prefix(s, 500), 11);
	cr_assert_eq(hd_utf8_prefix("a\xff" "b\xe2\x82", 2), 2);
	cr_assert_eq(hd_utf8_prefix("a\xff" "b\xe2\x82", 5), 5, "an invalid tail is bytes of their own");
}

Test(textutil, nfd_equal)
{
	/* Composed (NFC) against decomposed (NFD): equal once decomposed, not as bytes. */
	cr_expect_eq(hd_nfd_equal("K\xc3\xb6ln", "Ko\xcc\x88ln"), 1);
	cr_expect_eq(hd_nfd_equal("\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1", "\xce\x91\xce\xb8\xce\xb7\xcc\x81\xce\xbd\xce\xb1"), 1);
	/* Vietnamese: two marks on one letter (U+1EC7 = e, U+0323, U+0302). */
	cr_expect_eq(hd_nfd_equal("Vi\xe1\xbb\x87t", "Vie\xcc\xa3\xcc\x82t"), 1);
	cr_expect_eq(hd_nfd_equal("K\xc3\xb6ln", "K\xc3\xb6ln"), 0, "the same bytes: no normalization difference");
	cr_expect_eq(hd_nfd_equal("K\xc3\xb6ln", "Koln"), 0);
	cr_expect_eq(hd_nfd_equal("K\xc3\xb6ln", "Ko\xcc\x88l"), 0);
	cr_expect_eq(hd_nfd_equal("", "\xcc\x88"), 0);
	/* Every script: Hangul U+D55C against its jamo U+1112 U+1161 U+11AB. */
	cr_expect_eq(hd_nfd_equal("\xed\x95\x9c", "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"), 1);
	/* Combining marks in canonical order: e U+0302 U+0323 is e U+0323 U+0302. */
	cr_expect_eq(hd_nfd_equal("e\xcc\x82\xcc\xa3", "e\xcc\xa3\xcc\x82"), 1);
	/* Not UTF-8: no normalization form, so no normalization difference. */
	cr_expect_eq(hd_nfd_equal("K\xf6ln", "Ko\xcc\x88ln"), 0);
}

Test(textutil, codepoints)
{
	uint32_t cp[4];

	cr_expect_eq(hd_codepoints("Ko\xcc\x88ln", cp, 4), 5);
	cr_expect_eq(cp[2], 0x308);
	cr_expect_eq(hd_codepoints("\xf0\x9f\x98\x80", NULL, 0), 1);
}

/* Issue 25: a character's columns on a terminal, as the text report wraps by. */
Test(textutil, char_columns)
{
	cr_assert_eq(hd_char_columns('A'), 1);
	cr_assert_eq(hd_char_columns(0x00e9), 1, "e acute, precomposed");
	cr_assert_eq(hd_char_columns(0x0308), 0, "combining diaeresis (NFD)");
	cr_assert_eq(hd_char_columns(0x6771), 2, "CJK ideograph");
	cr_assert_eq(hd_char_columns(0x03b1), 1, "Greek alpha");
	cr_assert_eq(hd_char_columns(0x1b), 1, "a control, shown as ?");
}
