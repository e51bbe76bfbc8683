/*
 * facts_mta.h - MSExchangeMTA\Parameters values that can stop the MTA with
 * the same 2140 / 9406 as KB Q320200 (DOMAIN.md section 3).  The service key
 * itself (Start, ObjectName ...) is read by the core into
 * facts->exchange.svc[HD_EX_MTA]; the X500 DN and the System Attendant names
 * it must agree with (Q155027) by facts_exchange.c into facts->exchange.names.
 */
#ifndef HD_FACTS_MTA_H
#define HD_FACTS_MTA_H

#include "facts/fact.h"

struct hd_reader;

enum hd_xapi_thread { HD_XAPI_MA_QUEUE, HD_XAPI_MA, HD_XAPI_MT_QUEUE, HD_XAPI_MT, HD_XAPI_COUNT };

struct hd_mta_facts {
	struct hd_regval parameters;            /* probe of MSExchangeMTA\Parameters */
	struct hd_str_fact database_path;       /* "MTA Database Path" (Q324026) */
	struct hd_str_fact run_directory;       /* "MTA Run Directory" (Q324026) */
	struct hd_dword_fact xapi[HD_XAPI_COUNT]; /* Q271568 */
	struct hd_dword_fact tcpip_control_blocks; /* Q168815 */
	struct hd_dword_fact tp4_control_blocks;
};

/* The value names of enum hd_xapi_thread, e.g. "XAPI MA queue threads". */
extern const char *const hd_xapi_value_names[HD_XAPI_COUNT];

/* Read the MTA facts through r.  0 ok, -1 ENOMEM. */
int hd_mta_collect(struct hd_reader *r, struct hd_mta_facts *mta);
void hd_mta_facts_clear(struct hd_mta_facts *mta);

#endif
