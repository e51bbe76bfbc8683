/*
 * facts_mta.h - MSExchangeMTA\Parameters values that can stop the MTA with
 * the same 2140 / 9406 as KB Q320200 (DOMAIN.md section 3), and the System
 * Attendant names the X500 DN must agree with (Q155027).  The service key
 * itself (Start, ObjectName ...) is read by the core into
 * facts->exchange.svc[HD_EX_MTA].
 */
/*
 * facts.h first, outside the guard: facts.h includes this header midway,
 * once its fact types exist, and embeds the struct below in struct hd_facts.
 */
#include "facts.h"

#ifndef HD_FACTS_MTA_H
#define HD_FACTS_MTA_H

/* Names parsed out of an X500 DN; each NULL when the DN does not hold it. */
struct hd_x500_names {
	char *org;      /* o= */
	char *site;     /* ou= */
	char *server;   /* the cn after cn=Servers */
};

enum hd_xapi_thread { HD_XAPI_MA_QUEUE, HD_XAPI_MA, HD_XAPI_MT_QUEUE, HD_XAPI_MT, HD_XAPI_COUNT };

struct hd_mta_facts {
	struct hd_regval parameters;            /* probe of MSExchangeMTA\Parameters */
	struct hd_str_fact x500_dn;             /* "X500 DN", or "X500DN" when that is absent */
	struct hd_x500_names x500;              /* parsed from x500_dn */
	struct hd_str_fact database_path;       /* "MTA Database Path" (Q324026) */
	struct hd_str_fact run_directory;       /* "MTA Run Directory" (Q324026) */
	struct hd_dword_fact xapi[HD_XAPI_COUNT]; /* Q271568 */
	struct hd_dword_fact tcpip_control_blocks; /* Q168815 */
	struct hd_dword_fact tp4_control_blocks;
	/* MSExchangeSA\Parameters: Enterprise, Site, Server (case sensitive, Q299676) */
	struct hd_str_fact sa_enterprise, sa_site, sa_server;
};

/* The value names of enum hd_xapi_thread, e.g. "XAPI MA queue threads". */
extern const char *const hd_xapi_value_names[HD_XAPI_COUNT];

/* Read the MTA facts through r.  0 ok, -1 ENOMEM. */
int hd_mta_collect(struct hd_reader *r, struct hd_mta_facts *mta);
void hd_mta_facts_clear(struct hd_mta_facts *mta);

/*
 * Parse an Exchange slash-form DN leniently (DOMAIN.md section 3): optional
 * leading '/', ',' also separates, attribute names case-insensitive, blanks
 * trimmed.  0 ok (fields absent stay NULL), -1 ENOMEM.
 */
int hd_x500_parse(const char *dn, struct hd_x500_names *out);
void hd_x500_names_clear(struct hd_x500_names *n);

#endif
