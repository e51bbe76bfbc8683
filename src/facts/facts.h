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

#include "facts/fact.h"
#include "facts/facts_exchange.h"   /* IMC pack: names, comparison, dependencies */
#include "facts/facts_mta.h"
#include "facts/facts_network.h"
#include "facts/software.h"             /* the SOFTWARE hive (--software) */
#include "facts/timeline.h"
#include "facts/winver.h"               /* which Windows, and how that is known */

struct hd_reader;

struct hd_system_facts {
	struct hd_str_fact computer_name;   /* Control\ComputerName\ComputerName */
	struct hd_dword_fact csd_version;   /* Control\Windows CSDVersion */
	struct hd_str_fact product_type;    /* Control\ProductOptions ProductType */
	int service_pack;                   /* (low word) >> 8, -1 unknown */
	struct hd_regval clussvc;           /* probe of Services\ClusSvc (Q199756: a cluster node) */
	char controlset[16];                /* the analyzed set, "ControlSet002"; "" when unknown */
};

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
	const char *select_wrong_type;      /* "Current", ...: the Select value read from a
	                                       4-byte REG_BINARY to choose the set, or NULL */
	const char *controlset;             /* the set analyzed ("ControlSet001") */
	const char *alt_used;               /* the .ALT mirror read instead of the dirty
	                                       primary (DOMAIN.md 0.15), or NULL */
};

struct hd_facts {
	struct hd_hive_facts hive;
	struct hd_system_facts system;
	struct hd_exchange_facts exchange;
	struct hd_network_facts network;        /* TCP/IP, Winsock, NetBT, RPC (facts_network.h) */
	struct hd_software_facts software;      /* software.given == 0 without a SOFTWARE hive */
	struct hd_windows_id windows;           /* hd_windows_identify(), once both hives are read */
	struct hd_timeline timeline;            /* built once both hives are read; borrows from the above */
	size_t lookup_errors;                   /* in the SYSTEM hive */
};

/* Read all facts through r.  0 ok, -1 ENOMEM. */
int hd_facts_collect(struct hd_reader *r, struct hd_facts *facts);
void hd_facts_clear(struct hd_facts *facts);

#endif
