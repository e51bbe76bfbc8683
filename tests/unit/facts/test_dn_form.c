/* test_dn_form.c - the strict form checks of SiteDN and X500 DN (dn_form.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "facts/dn_form.h"

TestSuite(dn_form);

/* Check a SiteDN for server EXCH01 and compare form and offending component. */
static void expect_sitedn(const char *raw, enum hd_dn_form form, const char *offending)
{
	struct hd_dn_check c;

	hd_dn_check_sitedn(raw, "EXCH01", &c);
	cr_expect_eq(c.form, form, "\"%s\": form %s (%s)", raw, hd_dn_form_label(c.form),
	             c.why ? c.why : "");
	cr_expect_str_eq(c.offending, offending, "\"%s\"", raw);
	cr_expect_eq(c.why == NULL, form == HD_DN_FORM_OK, "\"%s\": why", raw);
}

Test(dn_form, sitedn_exact_and_tolerated)
{
	/* The one form, any keyword case; no leading slash and this server's own object are tolerated. */
	expect_sitedn("/o=Contoso/ou=Redmond", HD_DN_FORM_OK, "");
	expect_sitedn("/O=Contoso/OU=Redmond", HD_DN_FORM_OK, "");
	expect_sitedn("/o=M\xc3\xbcller AG/ou=K\xc3\xb6ln", HD_DN_FORM_OK, "");
	expect_sitedn("o=Contoso/ou=Redmond", HD_DN_FORM_TOLERATED, "");
	expect_sitedn("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=exch01",
	              HD_DN_FORM_TOLERATED, "");
}

Test(dn_form, sitedn_wrong_forms)
{
	/* Each wrong form names the offending component. */
	expect_sitedn("/ou=Redmond/o=Contoso", HD_DN_FORM_WRONG, "ou=Redmond");
	expect_sitedn("/o=Contoso/ou=Redmond/", HD_DN_FORM_WRONG, "");
	expect_sitedn("/o=Contoso//ou=Redmond", HD_DN_FORM_WRONG, "");
	expect_sitedn("o=Contoso,ou=Redmond", HD_DN_FORM_WRONG, "o=Contoso,ou=Redmond");
	expect_sitedn("/o=Contoso/ou= Redmond", HD_DN_FORM_WRONG, "ou= Redmond");
	expect_sitedn("/o=Contoso/ou=", HD_DN_FORM_WRONG, "ou=");
	/* Nothing before "=" (found by fuzz_txlog: the blank test read the byte before it). */
	expect_sitedn("/=Contoso/ou=Redmond", HD_DN_FORM_WRONG, "=Contoso");
	expect_sitedn("/o=Contoso/Redmond", HD_DN_FORM_WRONG, "Redmond");
	expect_sitedn("/o=Contoso/l=Redmond", HD_DN_FORM_WRONG, "l=Redmond");
	expect_sitedn("/cn=Contoso", HD_DN_FORM_WRONG, "cn=Contoso");
	expect_sitedn("/o=Contoso", HD_DN_FORM_WRONG, "");
	expect_sitedn("", HD_DN_FORM_WRONG, "");
	expect_sitedn("/o=Contoso/ou=Redmond/cn=Configuration", HD_DN_FORM_WRONG, "cn=Configuration");
	expect_sitedn("/o=Contoso/ou=Redmond/cn=EXCH01", HD_DN_FORM_WRONG, "cn=EXCH01");
}

Test(dn_form, sitedn_names_elsewhere)
{
	/* Another site, organization or server: the stronger class. */
	expect_sitedn("/o=Contoso/ou=Redmond/ou=Seattle", HD_DN_FORM_ELSEWHERE, "ou=Seattle");
	expect_sitedn("/o=Contoso/ou=Redmond/o=Fabrikam", HD_DN_FORM_ELSEWHERE, "o=Fabrikam");
	expect_sitedn("/o=Contoso/ou=Redmond/cn=OLDSRV", HD_DN_FORM_ELSEWHERE, "cn=OLDSRV");
	expect_sitedn("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=OLDSRV",
	              HD_DN_FORM_ELSEWHERE, "cn=OLDSRV");
}

Test(dn_form, sitedn_unknown_server_and_null)
{
	/* Without a known server a server cn cannot be confirmed; NULL is no string to judge. */
	struct hd_dn_check c;

	hd_dn_check_sitedn("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01", NULL, &c);
	cr_expect_eq(c.form, HD_DN_FORM_ELSEWHERE);
	hd_dn_check_sitedn(NULL, "EXCH01", &c);
	cr_expect_eq(c.form, HD_DN_FORM_OK);
}

Test(dn_form, sitedn_long_component_truncated)
{
	/* An offending component longer than the buffer is cut, never overrun. */
	char raw[600];
	struct hd_dn_check c;

	memset(raw, 'x', sizeof raw);
	memcpy(raw, "/o=C/ou=R/ou=", 13);
	raw[sizeof raw - 1] = '\0';
	hd_dn_check_sitedn(raw, "EXCH01", &c);
	cr_expect_eq(c.form, HD_DN_FORM_ELSEWHERE);
	cr_expect_eq(strlen(c.offending), sizeof c.offending - 1);
}

Test(dn_form, sitedn_too_many_components)
{
	/* More components than any Exchange DN: wrong, without reading past the limit. */
	struct hd_dn_check c;

	hd_dn_check_sitedn("/o=a/ou=b/cn=1/cn=2/cn=3/cn=4/cn=5/cn=6/cn=7/cn=8/cn=9/cn=10/cn=11/cn=12"
	                   "/cn=13/cn=14/cn=15/cn=16", "EXCH01", &c);
	cr_expect_eq(c.form, HD_DN_FORM_WRONG);
}

static void expect_x500(const char *raw, enum hd_dn_form form, const char *offending)
{
	struct hd_dn_check c;

	hd_dn_check_x500(raw, &c);
	cr_expect_eq(c.form, form, "\"%s\": form %s (%s)", raw, hd_dn_form_label(c.form),
	             c.why ? c.why : "");
	cr_expect_str_eq(c.offending, offending, "\"%s\"", raw);
}

Test(dn_form, x500_shape)
{
	/* The one legal shape, with or without the leading slash (Q162384); anything else names its component. */
	expect_x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA",
	            HD_DN_FORM_OK, "");
	expect_x500("o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA",
	            HD_DN_FORM_OK, "");
	expect_x500("/O=Contoso/OU=Redmond/CN=CONFIGURATION/CN=SERVERS/CN=EXCH01/CN=MICROSOFT MTA",
	            HD_DN_FORM_OK, "");
	expect_x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01",
	            HD_DN_FORM_WRONG, "cn=EXCH01");
	expect_x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers", HD_DN_FORM_WRONG, "cn=Servers");
	expect_x500("/=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA",
	            HD_DN_FORM_WRONG, "=Contoso");
	expect_x500("/o=Contoso/ou=Redmond/cn=Servers/cn=EXCH01/cn=Microsoft MTA", HD_DN_FORM_WRONG,
	            "cn=Servers");
	expect_x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA/cn=x",
	            HD_DN_FORM_WRONG, "cn=x");
	expect_x500("/ou=Redmond/o=Contoso/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA",
	            HD_DN_FORM_WRONG, "ou=Redmond");
	expect_x500("/o=Contoso/ou=Redmond/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft MTA/",
	            HD_DN_FORM_WRONG, "");
}
