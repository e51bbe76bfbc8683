/*
 * facts.h - everything the rules need, read from the hive into plain C.
 *
 * The facts stage is the only consumer of hive.h besides controlset.c; rules
 * see facts only, so they are testable with hand-built structs.  Each fact
 * keeps the struct hd_regval it came from, so the report can show the key,
 * value, type, data and last-write time behind it.
 *
 * A lookup that fails inside a damaged hive is recorded with status HD_ERROR
 * and collection goes on; only allocation failure stops it (-1).
 */
#ifndef HD_FACTS_H
#define HD_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "hive/hive.h"
#include "hive/regval.h"

/* Reading context: the hive and the control set being analyzed. */
struct hd_reader {
	struct hd_hive *hive;
	hd_key root;
	hd_key controlset;              /* 0 when none was resolved */
	const char *controlset_name;    /* "ControlSet001" */
	size_t lookup_errors;           /* lookups that hit a damaged hive */
};

/*
 * Probe a key / read a value at a path relative to the analyzed control set
 * (e.g. "Services\\Tcpip\\Linkage").  Fills out (owned; clear with
 * hd_regval_clear): out->status is HD_FOUND, HD_ABSENT or HD_ERROR (a
 * damaged hive).  Returns 0, or -1 with errno = ENOMEM: the only failure
 * that stops collection.  The hd_read_str/dword/multi helpers below follow
 * the same convention and also decode (f->decode).
 */
int hd_read_key(struct hd_reader *r, const char *relpath, struct hd_regval *out);
int hd_read_value(struct hd_reader *r, const char *relpath, const char *name,
                  struct hd_regval *out);

/* Names of the subkeys of a control-set-relative key: returns HD_FOUND/ABSENT/ERROR. */
int hd_read_subkeys(struct hd_reader *r, const char *relpath, char ***names, size_t *count);

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

int hd_read_str(struct hd_reader *r, const char *relpath, const char *name, struct hd_str_fact *f);
int hd_read_dword(struct hd_reader *r, const char *relpath, const char *name, struct hd_dword_fact *f);
int hd_read_multi(struct hd_reader *r, const char *relpath, const char *name, struct hd_multi_fact *f);
void hd_str_fact_clear(struct hd_str_fact *f);
void hd_dword_fact_clear(struct hd_dword_fact *f);
void hd_multi_fact_clear(struct hd_multi_fact *f);

/* 1 when the fact was read and decoded as its type. */
#define HD_FACT_OK(f) ((f)->rv.status == HD_FOUND && (f)->decode == HD_DECODE_OK)

struct hd_system_facts {
	struct hd_str_fact computer_name;   /* Control\ComputerName\ComputerName */
	struct hd_dword_fact csd_version;   /* Control\Windows CSDVersion */
	struct hd_str_fact product_type;    /* Control\ProductOptions ProductType */
	int service_pack;                   /* (low word) >> 8, -1 unknown */
};

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

/* Read Services\<name> (name must outlive svc).  0 ok, -1 ENOMEM. */
int hd_read_service(struct hd_reader *r, const char *name, struct hd_service_facts *svc);
void hd_service_facts_clear(struct hd_service_facts *svc);

/* "boot", "system", "auto", "manual", "disabled", or NULL for other values. */
const char *hd_start_name(uint32_t start);

/*
 * The rule packs' facts need the fact types above and are members below, so
 * their headers are included here, mid-file (each includes facts.h first).
 */
#include "facts/facts_mta.h"
#include "facts/facts_network.h"

enum hd_exchange_service {
	HD_EX_SA, HD_EX_DS, HD_EX_IS, HD_EX_MTA, HD_EX_IMC, HD_EX_COUNT
};

#include "facts/facts_exchange.h"    /* IMC pack: names, comparison, dependencies */

struct hd_exchange_facts {
	struct hd_service_facts svc[HD_EX_COUNT];
	struct hd_exchange_names names;             /* facts_exchange.c; IMC rules, B11b, B11c */
	struct hd_service_deps deps[HD_EX_COUNT];   /* facts_exchange.c */
	struct hd_mta_facts mta;                /* MSExchangeMTA\Parameters (facts_mta.h) */
};

/* What the analysis knows about the hive as a whole (filled by analyze.c). */
struct hd_hive_facts {
	int dirty;                          /* sequence numbers differ */
	int logs_applied;                   /* transaction logs were replayed */
	int replay_skipped;                 /* --no-replay */
	const char *logs_refused;           /* why the logs were refused, or NULL */
	const char *controlset_fallback;    /* why Select\\Current was not used, or NULL */
};

struct hd_facts {
	struct hd_hive_facts hive;
	struct hd_system_facts system;
	struct hd_exchange_facts exchange;
	struct hd_network_facts network;        /* TCP/IP, Winsock, NetBT, RPC (facts_network.h) */
	size_t lookup_errors;
};

/* Read all facts through r.  0 ok, -1 ENOMEM. */
int hd_facts_collect(struct hd_reader *r, struct hd_facts *facts);
void hd_facts_clear(struct hd_facts *facts);

#endif
