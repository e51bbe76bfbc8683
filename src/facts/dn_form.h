/*
 * dn_form.h - the form checks of the two Exchange DNs as Exchange itself
 * uses them: on the raw string, without the lenient parser's reordering
 * (DOMAIN.md sections 0.1, 0.3 and 3).
 *
 *   SiteDN   exactly /o=<Org>/ou=<Site>: the IMC appends
 *            /cn=Configuration/cn=Connections/cn=<CommonName> to the raw
 *            string, so reordered, repeated or unknown components, a trailing
 *            "/", ","-separated (LDAP) form or blanks name no directory object.
 *            Tolerated: a missing leading "/", attribute keywords in any case,
 *            a trailing /cn=Configuration/cn=Servers/cn=<this server>.
 *   X500 DN  /o=<Org>/ou=<Site>/cn=Configuration/cn=Servers/cn=<Server>/cn=Microsoft MTA
 *            (leading "/" optional, Q162384; the MTA checks it at start, Q155027).
 *
 * Pure: no allocation; the offending component is copied (truncated) into
 * the result.  Server names compare without regard to letter case.
 */
#ifndef HD_DN_FORM_H
#define HD_DN_FORM_H

enum hd_dn_form {
	HD_DN_FORM_OK,          /* exactly the legal form */
	HD_DN_FORM_TOLERATED,   /* a variation Exchange accepts (see above) */
	HD_DN_FORM_WRONG,       /* names no directory object */
	HD_DN_FORM_ELSEWHERE,   /* names another site, organization or server */
};

struct hd_dn_check {
	enum hd_dn_form form;
	const char *why;        /* static phrase ("is reversed: ou= comes before o="), NULL when OK */
	char offending[128];    /* the component at fault as written, "" when none */
};

/* Check a SiteDN; server is this server's name (or NULL when unknown). */
void hd_dn_check_sitedn(const char *raw, const char *server, struct hd_dn_check *out);

/* Check an X500 DN against its one legal shape. */
void hd_dn_check_x500(const char *raw, struct hd_dn_check *out);

/* "ok", "tolerated", "wrong", "elsewhere" (report labels). */
const char *hd_dn_form_label(enum hd_dn_form f);

#endif
