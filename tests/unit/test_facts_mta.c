/*
 * test_facts_mta.c - the lenient X500 DN parser of facts_mta.c.
 */
#include <criterion/criterion.h>

#include "facts_mta.h"

TestSuite(facts_mta);

/* The Q293088 form: org, site and the server after cn=Servers. */
Test(facts_mta, x500_slash_form)
{
	struct hd_x500_names n;

	cr_assert_eq(hd_x500_parse("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA", &n), 0);
	cr_expect_str_eq(n.org, "Contoso");
	cr_expect_str_eq(n.site, "Redmond");
	cr_expect_str_eq(n.server, "EXCH01");
	hd_x500_names_clear(&n);
}

/* Q162384 writes it without the leading slash; attribute case and blanks do not matter. */
Test(facts_mta, x500_lenient)
{
	struct hd_x500_names n;

	cr_assert_eq(hd_x500_parse(" O = Contoso Ltd ,OU=Redmond/CN=configuration/cn=SERVERS/ cn = EXCH01 ", &n), 0);
	cr_expect_str_eq(n.org, "Contoso Ltd");
	cr_expect_str_eq(n.site, "Redmond");
	cr_expect_str_eq(n.server, "EXCH01");
	hd_x500_names_clear(&n);
}

/* Parts that are missing stay NULL; a cn not after cn=Servers is no server. */
Test(facts_mta, x500_partial)
{
	struct hd_x500_names n;

	cr_assert_eq(hd_x500_parse("/o=Contoso/cn=EXCH01", &n), 0);
	cr_expect_str_eq(n.org, "Contoso");
	cr_expect_null(n.site);
	cr_expect_null(n.server);
	hd_x500_names_clear(&n);
	cr_assert_eq(hd_x500_parse("", &n), 0);
	cr_expect_null(n.org);
	hd_x500_names_clear(&n);
}
