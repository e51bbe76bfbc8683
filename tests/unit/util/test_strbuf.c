/* test_strbuf.c - the rule packs' string builder: appends, joins, hand-over, sticky failure. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/strbuf.h"

TestSuite(strbuf);

/*
 * An unpaired UTF-16 surrogate: no locale can convert it to multibyte text,
 * so vsnprintf fails (EILSEQ) - the one failure a test can cause on demand.
 */
static const wchar_t unconvertible[] = { 0xD800, 0 };

/* Put sb into the failed state through a format vsnprintf cannot convert. */
static void make_fail(struct hd_strbuf *sb)
{
	hd_strbuf_addf(sb, "%ls", unconvertible);
}

/* A fresh builder reads as "" (never NULL) and nothing was added. */
Test(strbuf, fresh_is_empty)
{
	struct hd_strbuf sb = { 0 };

	cr_assert_str_eq(hd_strbuf_str(&sb), "");
	cr_assert_eq(sb.len, 0);
	hd_strbuf_clear(&sb);
}

/* addf formats like printf and appends; len follows the text. */
Test(strbuf, addf_appends_formatted)
{
	struct hd_strbuf sb = { 0 };

	hd_strbuf_addf(&sb, "%s is %d", "Start", 4);
	hd_strbuf_addf(&sb, "%s", "");
	hd_strbuf_addf(&sb, "; %zu adapter(s)%c", (size_t)2, '.');
	cr_assert_str_eq(hd_strbuf_str(&sb), "Start is 4; 2 adapter(s).");
	cr_assert_eq(sb.len, strlen(hd_strbuf_str(&sb)));
	hd_strbuf_clear(&sb);
}

/* Many appends grow the buffer and keep every piece, in order. */
Test(strbuf, addf_grows)
{
	struct hd_strbuf sb = { 0 };
	char want[8000] = "";
	size_t used = 0;

	for (int i = 0; i < 1000; i++) {
		hd_strbuf_addf(&sb, "%d,", i);
		used += (size_t)snprintf(want + used, sizeof want - used, "%d,", i);
	}
	cr_assert_lt(used, sizeof want - 1);
	cr_assert_eq(sb.len, used);
	cr_assert_geq(sb.cap, sb.len + 1);
	cr_assert_str_eq(hd_strbuf_str(&sb), want);
	hd_strbuf_clear(&sb);
}

/* join puts sep between items only, and appends to what is there. */
Test(strbuf, join_separates)
{
	char *items[] = { "10.0.0.1", "10.0.0.2", "10.0.0.3" };
	struct hd_strbuf sb = { 0 };

	hd_strbuf_addf(&sb, "IP address ");
	hd_strbuf_join(&sb, items, 3, ", ");
	cr_assert_str_eq(hd_strbuf_str(&sb), "IP address 10.0.0.1, 10.0.0.2, 10.0.0.3");
	hd_strbuf_clear(&sb);

	hd_strbuf_join(&sb, items, 1, ", ");
	cr_assert_str_eq(hd_strbuf_str(&sb), "10.0.0.1");
	hd_strbuf_clear(&sb);

	hd_strbuf_join(&sb, items, 2, "");
	cr_assert_str_eq(hd_strbuf_str(&sb), "10.0.0.110.0.0.2");
	hd_strbuf_clear(&sb);
}

/* Joining no items adds nothing. */
Test(strbuf, join_none)
{
	struct hd_strbuf sb = { 0 };

	hd_strbuf_join(&sb, NULL, 0, ", ");
	cr_assert_eq(sb.len, 0);
	cr_assert_str_eq(hd_strbuf_str(&sb), "");
	hd_strbuf_clear(&sb);
}

/* str borrows: the pointer is the builder's own text, not a copy. */
Test(strbuf, str_borrows)
{
	struct hd_strbuf sb = { 0 };

	hd_strbuf_addf(&sb, "X500 DN");
	cr_assert_eq(hd_strbuf_str(&sb), sb.s);
	cr_assert_eq(hd_strbuf_str(&sb), hd_strbuf_str(&sb));
	hd_strbuf_clear(&sb);
}

/* take hands the text over and leaves an empty builder that still works. */
Test(strbuf, take_hands_over)
{
	struct hd_strbuf sb = { 0 };
	char *text;

	hd_strbuf_addf(&sb, "SiteDN %s", "/o=Contoso/ou=Redmond");
	text = hd_strbuf_take(&sb);
	cr_assert_str_eq(text, "SiteDN /o=Contoso/ou=Redmond");
	cr_assert_null(sb.s);
	cr_assert_eq(sb.len, 0);
	cr_assert_str_eq(hd_strbuf_str(&sb), "");
	hd_strbuf_addf(&sb, "again");
	cr_assert_str_eq(hd_strbuf_str(&sb), "again");
	cr_assert_str_eq(text, "SiteDN /o=Contoso/ou=Redmond");
	free(text);
	hd_strbuf_clear(&sb);
}

/* take of an empty builder is a new "" the caller frees, never NULL. */
Test(strbuf, take_empty)
{
	struct hd_strbuf sb = { 0 };
	char *text = hd_strbuf_take(&sb);

	cr_assert_not_null(text);
	cr_assert_str_eq(text, "");
	free(text);
	hd_strbuf_clear(&sb);
}

/* clear frees the text and the builder starts over. */
Test(strbuf, clear_starts_over)
{
	struct hd_strbuf sb = { 0 };

	hd_strbuf_addf(&sb, "NetBT\\Adapters\\%s", "El90x1");
	hd_strbuf_clear(&sb);
	cr_assert_null(sb.s);
	cr_assert_eq(sb.len, 0);
	cr_assert_eq(sb.cap, 0);
	cr_assert_str_eq(hd_strbuf_str(&sb), "");
	hd_strbuf_addf(&sb, "%d", 9321);
	cr_assert_str_eq(hd_strbuf_str(&sb), "9321");
	hd_strbuf_clear(&sb);
	hd_strbuf_clear(&sb);       /* clearing twice is harmless */
	cr_assert_null(sb.s);
}

/* A failed append frees what was built and str reports it: NULL, errno ENOMEM. */
Test(strbuf, failure_frees_and_reports)
{
	struct hd_strbuf sb = { 0 };

	hd_strbuf_addf(&sb, "kept until the failure");
	make_fail(&sb);
	cr_assert(sb.failed);
	cr_assert_null(sb.s);
	cr_assert_eq(sb.len, 0);
	errno = 0;
	cr_assert_null(hd_strbuf_str(&sb));
	cr_assert_eq(errno, ENOMEM);
	hd_strbuf_clear(&sb);
}

/* After a failure, addf and join are no-ops and take fails: the failure sticks. */
Test(strbuf, failure_sticks)
{
	char *items[] = { "Tcpip", "NetBT" };
	struct hd_strbuf sb = { 0 };

	make_fail(&sb);
	hd_strbuf_addf(&sb, "more text");
	hd_strbuf_join(&sb, items, 2, ", ");
	cr_assert(sb.failed);
	cr_assert_null(sb.s);
	cr_assert_null(hd_strbuf_str(&sb));
	errno = 0;
	cr_assert_null(hd_strbuf_take(&sb));
	cr_assert_eq(errno, ENOMEM);
	cr_assert(sb.failed, "take does not forget the failure");
	cr_assert_null(hd_strbuf_str(&sb));
	hd_strbuf_clear(&sb);
}

/* clear forgets a failure: the builder works again. */
Test(strbuf, clear_forgets_failure)
{
	struct hd_strbuf sb = { 0 };

	make_fail(&sb);
	hd_strbuf_clear(&sb);
	cr_assert_not(sb.failed);
	hd_strbuf_addf(&sb, "MSExchangeMTA %s", "starts");
	cr_assert_str_eq(hd_strbuf_str(&sb), "MSExchangeMTA starts");
	hd_strbuf_clear(&sb);
}
