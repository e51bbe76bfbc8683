/*
 * facts_exchange.h - the Exchange names behind KB Q298565 and the status of
 * every service an Exchange service depends on (the IMC rule pack's facts).
 *
 * Where the names live (DOMAIN.md section 3):
 *   MSExchangeIMC\Parameters  SiteDN               /o=Org/ou=Site
 *   MSExchangeIMC\Parameters  CommonName           Internet Mail Service (<Server>) [inferred]
 *   MSExchangeSA\Parameters   Enterprise, Site, Server (must exactly match, Q298565)
 *   MSExchangeMTA\Parameters  X500 DN (or X500DN)  /o=Org/ou=Site/cn=Configuration/cn=Servers/cn=Server/...
 *   Control\ComputerName\ComputerName  ComputerName (normally the server name [inferred];
 *                                       not on a cluster, Q199756)
 * plus the names the user read in the Exchange Administrator program
 * (--org/--site/--server): the directory itself is not in the hive.
 */
#ifndef HD_FACTS_EXCHANGE_H
#define HD_FACTS_EXCHANGE_H

#include "facts/dn.h"
#include "facts/dn_form.h"
#include "facts/fact.h"

struct hd_reader;
struct hd_facts;

enum hd_name_part { HD_PART_ORG, HD_PART_SITE, HD_PART_SERVER, HD_PART_COUNT };

enum hd_name_source {
	HD_NSRC_SITEDN,         /* MSExchangeIMC\Parameters\SiteDN, parsed */
	HD_NSRC_SA,             /* MSExchangeSA\Parameters Enterprise / Site / Server */
	HD_NSRC_MTA,            /* MSExchangeMTA\Parameters X500 DN, parsed */
	HD_NSRC_COMPUTER,       /* ComputerName: server row only */
	HD_NSRC_EXPECTED,       /* --org / --site / --server */
	HD_NSRC_COUNT
};

/* How the values of one row compare (ignoring sources without a value). */
enum hd_agreement {
	HD_AGREE_NONE,          /* fewer than two values: nothing to compare */
	HD_AGREE_EXACT,         /* all equal byte for byte */
	HD_AGREE_CASE_ONLY,     /* equal only when letter case is ignored */
	HD_AGREE_DIFFER,
};

struct hd_exchange_names {
	struct hd_str_fact site_dn;
	int site_dn_parsed_ok;          /* hd_dn_parse() == 1 */
	struct hd_str_fact imc_common_name; /* MSExchangeIMC\Parameters CommonName (A8) */
	struct hd_dn site_dn_parsed;
	struct hd_str_fact sa_name[HD_PART_COUNT];  /* Enterprise, Site, Server */
	struct hd_str_fact mta_x500_dn; /* "X500 DN", else "X500DN" when that one is absent */
	int mta_x500_dn_parsed_ok;
	struct hd_dn mta_x500_dn_parsed;
	char *expected[HD_PART_COUNT];  /* --org/--site/--server (owned copies), NULL when not given */
};

/* One service named as a dependency, and what the hive says about it. */
struct hd_dependency {
	char *name;                     /* as listed (or as required) */
	int listed;                     /* named in DependOnService */
	int required;                   /* Q143380 lists it for this service (checked for the IMC) */
	struct hd_regval key;           /* probe of Services\<name> */
	struct hd_dword_fact start;
};

struct hd_service_deps {
	struct hd_dependency *v;
	size_t n;
};

struct hd_facts;

/* Read the names and dependency status; facts->exchange.svc[] must be read already. 0 / -1 ENOMEM. */
int hd_facts_collect_exchange(struct hd_reader *r, struct hd_facts *facts);

/* Record the names the user gave (any may be NULL).  0 / -1 ENOMEM. */
int hd_exchange_expect(struct hd_exchange_names *n, const char *org, const char *site,
                       const char *server);

void hd_exchange_names_clear(struct hd_exchange_names *n);
void hd_service_deps_clear(struct hd_service_deps *d);

/* The comparison table: every source's value of each part, borrowed from facts. */
struct hd_name_cell {
	const char *value;              /* NULL when the source has no value */
	const struct hd_regval *evidence; /* NULL for the user's names */
};

struct hd_name_row {
	struct hd_name_cell cell[HD_NSRC_COUNT];
	enum hd_agreement registry;     /* among the hive's sources */
	enum hd_agreement all;          /* including the user's name */
};

struct hd_name_table {
	struct hd_name_row row[HD_PART_COUNT];
};

/*
 * Build the table from facts and the expected names (an array of
 * HD_PART_COUNT, or NULL).  Pure, no allocation: values are borrowed.
 */
void hd_name_table_build(const struct hd_facts *facts, const char *const *expected,
                         struct hd_name_table *t);

/* Compare two names: HD_AGREE_EXACT, HD_AGREE_CASE_ONLY or HD_AGREE_DIFFER. */
enum hd_agreement hd_name_compare(const char *a, const char *b);

/* Stable labels for the report: "org", "imc_site_dn", "case_only" ... */
const char *hd_name_part_label(enum hd_name_part p);
const char *hd_name_source_label(enum hd_name_source s);
const char *hd_agreement_label(enum hd_agreement a);

/* 1 when an ObjectName means LocalSystem: absent, "LocalSystem", ".\LocalSystem". */
int hd_account_is_localsystem(const struct hd_str_fact *object_name);

#endif
