/* test_dn.c - the lenient Exchange DN parser (src/dn.c). */
#include <criterion/criterion.h>

#include "facts/dn.h"

TestSuite(dn);

/* Parse s, expecting return value want; the caller checks the parts. */
static struct hd_dn parse(const char *s, int want)
{
	struct hd_dn dn;

	cr_assert_eq(hd_dn_parse(s, &dn), want, "hd_dn_parse(\"%s\")", s ? s : "(null)");
	return dn;
}

static void expect_parts(const struct hd_dn *dn, const char *org, const char *site,
                         const char *server)
{
	if (org)
		cr_expect_str_eq(dn->org, org);
	else
		cr_expect_null(dn->org);
	if (site)
		cr_expect_str_eq(dn->site, site);
	else
		cr_expect_null(dn->site);
	if (server)
		cr_expect_str_eq(dn->server, server);
	else
		cr_expect_null(dn->server);
}

Test(dn, site_dn_slash_form)
{
	/* The SiteDN form of Q298565: /o=Org/ou=Site, no server. */
	struct hd_dn dn = parse("/o=Contoso/ou=Redmond", 1);

	expect_parts(&dn, "Contoso", "Redmond", NULL);
	cr_expect_eq(dn.n_components, 2);
	cr_expect_eq(dn.n_ignored, 0);
	hd_dn_clear(&dn);
}

Test(dn, mta_x500_dn_full)
{
	/* The MTA X500 DN of Q293088: the cn after cn=Servers is the server. */
	struct hd_dn dn = parse("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA", 1);

	expect_parts(&dn, "Contoso", "Redmond", "EXCH01");
	cr_expect_eq(dn.n_components, 6);
	hd_dn_clear(&dn);
}

Test(dn, leading_slash_optional)
{
	/* Q162384 shows the X500 DN without its leading slash. */
	struct hd_dn dn = parse("o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01", 1);

	expect_parts(&dn, "Contoso", "Redmond", "EXCH01");
	hd_dn_clear(&dn);
}

Test(dn, attribute_case_and_blanks)
{
	/* Attribute names in any case, blanks around names and values trimmed. */
	struct hd_dn dn = parse("  / O = Contoso / OU= Redmond Site /CN=configuration/cn=SERVERS/ cn = EXCH01 ", 1);

	expect_parts(&dn, "Contoso", "Redmond Site", "EXCH01");
	hd_dn_clear(&dn);
}

Test(dn, comma_separators)
{
	/* Commas separate components like slashes do. */
	struct hd_dn dn = parse("/o=Contoso,ou=Redmond", 1);

	expect_parts(&dn, "Contoso", "Redmond", NULL);
	hd_dn_clear(&dn);
}

Test(dn, comma_inside_value_kept)
{
	/* A comma or slash not followed by attr= belongs to the value. */
	struct hd_dn dn = parse("/o=Contoso, Inc./ou=Sales/Marketing", 1);

	expect_parts(&dn, "Contoso, Inc.", "Sales/Marketing", NULL);
	hd_dn_clear(&dn);
}

Test(dn, ldap_order_reversed)
{
	/* LDAP writes the most specific component first; read it in reverse. */
	struct hd_dn dn = parse("cn=EXCH01,cn=Servers,cn=Configuration,ou=Redmond,o=Contoso", 1);

	expect_parts(&dn, "Contoso", "Redmond", "EXCH01");
	hd_dn_clear(&dn);
}

Test(dn, utf8_names_pass_through)
{
	/* Bytes beyond ASCII are copied unchanged. */
	struct hd_dn dn = parse("/o=M\xc3\xbcller AG/ou=K\xc3\xb6ln", 1);

	expect_parts(&dn, "M\xc3\xbcller AG", "K\xc3\xb6ln", NULL);
	hd_dn_clear(&dn);
}

Test(dn, nothing_recognizable)
{
	/* Empty, blank, NULL and attribute-less text yield 0 and no parts. */
	const char *inputs[] = { "", "   ", "/", "Contoso Redmond", "/x=1/y=2" };
	struct hd_dn dn;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		dn = parse(inputs[i], 0);
		expect_parts(&dn, NULL, NULL, NULL);
		hd_dn_clear(&dn);
	}
	dn = parse(NULL, 0);
	hd_dn_clear(&dn);
}

Test(dn, plain_text_counted_as_ignored)
{
	/* Text without "=" is counted, never silently dropped. */
	struct hd_dn dn = parse("Contoso Redmond", 0);

	cr_expect_eq(dn.n_ignored, 1);
	cr_expect_eq(dn.n_components, 0);
	hd_dn_clear(&dn);
}

Test(dn, repeated_and_empty_values)
{
	/* The first non-empty o= wins; repeats and empty values are counted as ignored. */
	struct hd_dn dn = parse("/o=/o=First/o=Second/ou=Site", 1);

	expect_parts(&dn, "First", "Site", NULL);
	cr_expect_eq(dn.n_ignored, 2);
	hd_dn_clear(&dn);
}

Test(dn, cn_without_servers_is_not_server)
{
	/* A cn that does not follow cn=Servers is not taken as the server. */
	struct hd_dn dn = parse("/o=Contoso/ou=Redmond/cn=EXCH01", 1);

	expect_parts(&dn, "Contoso", "Redmond", NULL);
	cr_expect_eq(dn.n_components, 3);
	hd_dn_clear(&dn);
}

Test(dn, trailing_separator)
{
	/* A trailing slash or comma adds no component and is not part of the value. */
	struct hd_dn dn = parse("/o=Contoso/ou=Redmond/ ", 1);

	expect_parts(&dn, "Contoso", "Redmond", NULL);
	cr_expect_eq(dn.n_components, 2);
	cr_expect_eq(dn.n_ignored, 0);
	hd_dn_clear(&dn);
	dn = parse("o=Contoso,", 1);
	expect_parts(&dn, "Contoso", NULL, NULL);
	hd_dn_clear(&dn);
}

Test(dn, mixed_separators_without_leading_slash)
{
	/* Q162384's form without "/", with "," and "/" mixed and blanks around "=" and ",". */
	struct hd_dn dn = parse(" O = Contoso Ltd ,OU=Redmond/CN=configuration/cn=SERVERS/ cn = EXCH01 ", 1);

	expect_parts(&dn, "Contoso Ltd", "Redmond", "EXCH01");
	cr_expect_eq(dn.n_components, 5);
	hd_dn_clear(&dn);
}

Test(dn, missing_parts_stay_null)
{
	/* An X500 DN without ou= and cn=Servers: only the organization is found. */
	struct hd_dn dn = parse("/o=Contoso/cn=EXCH01", 1);

	expect_parts(&dn, "Contoso", NULL, NULL);
	cr_expect_eq(dn.n_components, 2);
	hd_dn_clear(&dn);
}
