/*
 * software.h - what the SOFTWARE hive of the same server says (issue 13,
 * --software): the Exchange build and install path, the NT version, the RPC
 * protocol registrations and the adapters' names (DOMAIN.md section 4).
 * Every value keeps its lookup as evidence; each regval is stamped with
 * hive "SOFTWARE" so the report says which file it came from.
 */
#ifndef HD_SOFTWARE_H
#define HD_SOFTWARE_H

#include <stddef.h>
#include <stdint.h>

#include "facts/fact.h"

struct hd_reader;

#define HD_EXCHANGE_SETUP "Microsoft\\Exchange\\Setup"
#define HD_RPC_CLIENT_PROTOCOLS "Microsoft\\Rpc\\ClientProtocols"
#define HD_RPC_SERVER_PROTOCOLS "Microsoft\\Rpc\\ServerProtocols"
#define HD_NT_CURRENT_VERSION "Microsoft\\Windows NT\\CurrentVersion"

/* Exchange 5.5 service packs by build (Q158530); -1 for a build not listed. */
enum { HD_EXCH_SP_UNKNOWN = -1, HD_EXCH_SP4 = 4 };

/* A build number stored as REG_DWORD, or as decimal text (REG_SZ). */
struct hd_build_fact {
	struct hd_regval rv;
	int decode;             /* enum hd_decode */
	uint32_t value;
};

/* One Microsoft\Windows NT\CurrentVersion\NetworkCards\N subkey. */
struct hd_netcard {
	char *number;                   /* the subkey name, "1" */
	struct hd_str_fact service_name;/* the adapter instance, e.g. El90x1 */
	struct hd_str_fact description; /* the adapter's name for people */
};

/* Microsoft\Rpc\<ClientProtocols|ServerProtocols> and its ncacn_ip_tcp DLL. */
struct hd_rpc_protocols {
	struct hd_regval key;
	struct hd_str_fact ncacn_ip_tcp;
};

struct hd_software_facts {
	int given;                              /* a SOFTWARE hive was read: the rest is meaningful */
	int dirty;                              /* its sequence numbers differ */
	int logs_applied;                       /* ... and its transaction logs were replayed */
	size_t lookup_errors;                   /* lookups that hit damage in the SOFTWARE hive */
	/* Microsoft\Exchange\Setup (Q149205: Services is the install path) */
	struct hd_regval setup;
	struct hd_str_fact install_path;        /* Services */
	struct hd_build_fact sp_build;          /* ServicePackBuild */
	struct hd_build_fact newest_build;      /* NewestBuild */
	/* Derived by hd_software_assess(): */
	const struct hd_build_fact *build_source; /* ServicePackBuild, else NewestBuild; NULL */
	uint32_t build;                         /* 0 when unknown */
	int service_pack;                       /* 0 (RTM) .. 4, or HD_EXCH_SP_UNKNOWN */
	const char *version;                    /* "5.5 SP4" ..., NULL for an unlisted build */
	char install_drive;                     /* 'C' from Services "C:\exchsrvr", 0 when unknown */
	/* Microsoft\Windows NT\CurrentVersion */
	struct hd_str_fact csd_version, current_build_number, current_version, product_name;
	struct hd_rpc_protocols rpc_client, rpc_server;
	/* Microsoft\Windows NT\CurrentVersion\NetworkCards */
	struct hd_regval netcards_key;
	struct hd_netcard *netcards;
	size_t n_netcards;
};

/* Read the SOFTWARE facts through a root-relative reader.  0, -1 ENOMEM. */
int hd_software_collect(struct hd_reader *r, struct hd_software_facts *sw);
void hd_software_facts_clear(struct hd_software_facts *sw);

/* Fill the derived fields from what was read (pure). */
void hd_software_assess(struct hd_software_facts *sw);

/* The Exchange 5.5 service pack of a build (Q158530), HD_EXCH_SP_UNKNOWN if not listed. */
int hd_exchange_sp_of_build(uint32_t build);
/* "5.5 RTM", "5.5 SP1" ... "5.5 SP4", or NULL. */
const char *hd_exchange_version_of_build(uint32_t build);

/* The drive letter (upper case) of "C:\..."; 0 for anything else (UNC, relative). */
char hd_path_drive(const char *path);

/* The NetworkCards entry whose ServiceName is adapter (case-insensitive), or NULL. */
const struct hd_netcard *hd_software_netcard(const struct hd_software_facts *sw, const char *adapter);

#endif
