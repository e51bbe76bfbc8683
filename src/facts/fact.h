/*
 * fact.h - one fact as the rules see it: the value as read (struct hd_regval,
 * kept as evidence) and its decoded form.  No hive API here: rules, verdicts
 * and the report include this through facts.h without seeing hive.h.
 */
#ifndef HD_FACT_H
#define HD_FACT_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

/* A string fact: the value as read plus its decoded text when it is a string. */
struct hd_str_fact {
	struct hd_regval rv;
	int decode;             /* enum hd_decode, meaningful when rv.status == HD_FOUND */
	char *text;             /* decoded UTF-8, or NULL */
};

struct hd_dword_fact {
	struct hd_regval rv;
	int decode;
	uint32_t value;
};

struct hd_multi_fact {
	struct hd_regval rv;
	int decode;
	char **items;           /* NULL-terminated */
	size_t count;
};

void hd_str_fact_clear(struct hd_str_fact *f);
void hd_dword_fact_clear(struct hd_dword_fact *f);
void hd_multi_fact_clear(struct hd_multi_fact *f);


/* 1 when the fact was read and decoded as its type. */
#define HD_FACT_OK(f) ((f)->rv.status == HD_FOUND && (f)->decode == HD_DECODE_OK)

/* 1 when a string fact was read, decoded and is not empty. */
int hd_str_fact_present(const struct hd_str_fact *f);

/* Services\<name>: the values every service key has. */
struct hd_service_facts {
	const char *name;                   /* static, e.g. "MSExchangeIMC" */
	struct hd_regval key;               /* probe of Services\<name> */
	struct hd_dword_fact start;         /* 0 boot .. 4 disabled */
	struct hd_dword_fact type;
	struct hd_str_fact image_path;
	struct hd_str_fact object_name;     /* the account; absent = LocalSystem */
	struct hd_multi_fact depend_on_service; /* must be REG_MULTI_SZ (Q219602) */
};

void hd_service_facts_clear(struct hd_service_facts *svc);

/* "boot", "system", "auto", "manual", "disabled", or NULL for other values. */
const char *hd_start_name(uint32_t start);

enum hd_exchange_service {
	HD_EX_SA, HD_EX_DS, HD_EX_IS, HD_EX_MTA, HD_EX_IMC, HD_EX_COUNT
};

#endif
