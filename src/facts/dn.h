/*
 * dn.h - lenient parser of the Exchange 5.5 distinguished names kept in the
 * SYSTEM hive: MSExchangeIMC\Parameters\SiteDN ("/o=Org/ou=Site", Q298565)
 * and MSExchangeMTA\Parameters\X500 DN
 * ("/o=Org/ou=Site/cn=Configuration/cn=Servers/cn=Server/cn=Microsoft MTA",
 * Q293088, Q155027; Q162384 shows it without the leading "/").
 *
 * No article shows a sample SiteDN, so the parser accepts what a person or
 * a setup program could plausibly have written (DOMAIN.md section 3):
 * an optional leading "/", "," as well as "/" between components, attribute
 * names in any case, blanks around names and values.  A "/" or "," only
 * separates components when an "attr=" follows it, so "o=Contoso, Inc."
 * keeps its comma.  A comma-separated DN written in LDAP order (most
 * specific first: "cn=EXCH01,cn=Servers,ou=Site,o=Org") is read in reverse.
 *
 * The parser works on bytes, so any UTF-8 name ("Müller AG") passes through
 * unchanged.  It never modifies or loses the raw string: callers keep it.
 */
#ifndef HD_DN_H
#define HD_DN_H

#include <stddef.h>

struct hd_dn {
	char *org;              /* first o= value, NULL when none */
	char *site;             /* first ou= value */
	char *server;           /* the cn= right after cn=Servers */
	size_t n_components;    /* attr=value components found */
	size_t n_ignored;       /* components that were not attr=value, or repeated o=/ou= */
};

/*
 * Parse raw into dn (zeroed first; free with hd_dn_clear).  Returns 1 when
 * at least one o=, ou= or server cn= was found, 0 when none was (dn then holds
 * only the counts), -1 with errno = ENOMEM.  raw may be NULL (returns 0).
 */
int hd_dn_parse(const char *raw, struct hd_dn *dn);
void hd_dn_clear(struct hd_dn *dn);

#endif
