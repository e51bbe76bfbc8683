/*
 * facts_network.h - the TCP/IP installation as the SYSTEM hive records it:
 * the Tcpip service and its bindings, per-adapter parameters, host settings,
 * Winsock, NetBT and the RPC services.  What the MTA rules (B2-B9, KB
 * Q320200) judge; DOMAIN.md section 4 describes every key read here.
 */
#ifndef HD_FACTS_NETWORK_H
#define HD_FACTS_NETWORK_H

#include <stddef.h>

#include "facts/fact.h"
#include "hive/regval.h"

struct hd_reader;

/*
 * Where per-adapter settings live.  NT 4.0 keeps them in
 * Services\<Adapter>\Parameters\Tcpip; Windows 2000 and later read only
 * Tcpip\Parameters\Interfaces\{GUID} (an NT 4.0-style copy may linger
 * after an upgrade: it is never read as the adapter's parameters, DOMAIN.md
 * 0.12).
 */
enum hd_net_layout { HD_LAYOUT_UNKNOWN, HD_LAYOUT_NT4, HD_LAYOUT_W2K };

/*
 * What in the SYSTEM hive means Windows 2000 or later (DOMAIN.md 0.11), a
 * bit set in hd_network_facts.w2k_hints; any of them makes the layout W2K.
 */
enum {
	HD_W2K_HINT_INTERFACES = 1u << 0,       /* Tcpip\Parameters\Interfaces exists */
	HD_W2K_HINT_GUID_BIND = 1u << 1,        /* Tcpip binds \Device\{GUID} */
	HD_W2K_HINT_NETBT_TCPIP_GUID = 1u << 2, /* NetBT binds \Device\Tcpip_{GUID} */
};

/* Bind lists longer than this are read up to it (a hostile hive could hold millions). */
#define HD_NET_MAX_BINDINGS 256u

/* Per-adapter TCP/IP parameters and what they say, judged when read. */
struct hd_tcpip_params {
	struct hd_regval key;                   /* probe of the parameter key */
	struct hd_dword_fact enable_dhcp;
	struct hd_multi_fact ip_address;
	struct hd_multi_fact subnet_mask;
	struct hd_multi_fact default_gateway;
	struct hd_str_fact dhcp_ip_address;
	struct hd_str_fact dhcp_subnet_mask;
	struct hd_str_fact dhcp_server;
	/* Derived by hd_tcpip_params_assess(): */
	int is_static;          /* EnableDHCP = 0, or a first IPAddress other than 0.0.0.0 */
	int well_formed;        /* every IPAddress / SubnetMask entry is a dotted quad */
	int paired;             /* as many masks as addresses */
	int all_zero;           /* at least one address, all 0.0.0.0 */
	size_t n_addresses;     /* IPAddress entries (0 when unreadable) */
};

/* One entry of Tcpip\Linkage\Bind, e.g. "\Device\El90x1". */
struct hd_binding {
	char *device;                           /* the Bind entry as written */
	char *adapter;                          /* the part after \Device\ */
	int is_ndiswan;                         /* RAS: NdisWan4, NdisWanIp ... */
	struct hd_tcpip_params params;
	/* W2K layout, Interfaces\<adapter> absent: probe of the NT 4.0-style
	 * Services\<adapter>\Parameters\Tcpip, an upgrade leftover Windows 2000
	 * does not read (DOMAIN.md 0.12); status 0 (not probed) otherwise. */
	struct hd_regval legacy_key;
	int legacy_probed;
};

struct hd_network_facts {
	enum hd_net_layout layout;
	unsigned w2k_hints;                     /* HD_W2K_HINT_* found in this hive */
	struct hd_service_facts tcpip;          /* Services\Tcpip: Start, ImagePath ... */
	struct hd_regval linkage;               /* probe of Tcpip\Linkage */
	struct hd_multi_fact bind, export_list, route;
	struct hd_multi_fact disabled_bind;     /* Tcpip\Linkage\Disabled Bind */
	/* 2000+ with RAS: Tcpip\Parameters\Adapters\NdisWanIp IpConfig, the
	 * Tcpip\Parameters\Interfaces\{GUID} of each NdisWanIp interface */
	struct hd_multi_fact ndiswanip_ipconfig;
	struct hd_binding *bindings;            /* one per usable Bind entry, in order */
	size_t n_bindings;
	/* Host settings, Tcpip\Parameters */
	struct hd_regval parameters;
	struct hd_regval interfaces;            /* probe of Tcpip\Parameters\Interfaces */
	struct hd_str_fact hostname, domain, name_server;
	/* Winsock (Q102974: written by setup; missing means a damaged install) */
	struct hd_multi_fact winsock_transports;/* Services\Winsock\Parameters Transports */
	struct hd_regval tcpip_winsock;         /* probe of Tcpip\Parameters\Winsock */
	struct hd_str_fact helper_dll_name;
	struct hd_regval mapping;               /* REG_BINARY WINSOCK_MAPPING */
	int mapping_valid;                      /* derived: hd_winsock_mapping_valid() */
	struct hd_dword_fact min_sockaddr, max_sockaddr;
	/* NetBT */
	struct hd_multi_fact netbt_bind;        /* NetBT\Linkage Bind */
	struct hd_regval netbt_adapters;        /* probe of NetBT\Adapters */
	char **netbt_adapter_names;             /* its subkeys, NULL-terminated or NULL */
	size_t n_netbt_adapters;
	/* RPC: the System Attendant depends on both (Q143380) */
	struct hd_service_facts rpcss, rpclocator;
};

/* Read the network facts through r.  0 ok, -1 ENOMEM. */
int hd_network_collect(struct hd_reader *r, struct hd_network_facts *net);
void hd_network_facts_clear(struct hd_network_facts *net);

/* Pure helpers, shared with the rules and the unit tests. */

/* 1 when s is four decimal numbers 0-255 joined by dots, nothing else. */
int hd_dotted_quad_valid(const char *s);

/* 1 when s is the all-zero address 0.0.0.0. */
int hd_dotted_quad_zero(const char *s);

/* Fill the derived fields of p from what was read. */
void hd_tcpip_params_assess(struct hd_tcpip_params *p);

/*
 * 1 when a Mapping value has the WINSOCK_MAPPING shape (wsahelp.h): REG_BINARY,
 * DWORD Rows, DWORD Columns = 3, then exactly Rows x 3 DWORDs, at least one row.
 */
int hd_winsock_mapping_valid(const struct hd_regval *mapping);

/*
 * The adapter named by a Bind-style entry: "\Device\El90x1" -> "El90x1",
 * "\Device\Tcpip_El90x1" (NetBT on 2000+) -> "El90x1".  Returns a pointer
 * into s.
 */
const char *hd_device_adapter(const char *s);

/*
 * 1 when a NetBT Bind entry goes through the IPv6 stack ("\Device\Tcpip6_{GUID}",
 * Vista and later, seen in the Windows 10 corpus hive): Tcpip6 binds those,
 * not Tcpip, so they say nothing about Tcpip's bindings.
 */
int hd_device_is_tcpip6(const char *s);

/* 1 when an adapter name is a {GUID}, as Windows 2000 and later name adapters. */
int hd_adapter_is_guid(const char *adapter);

/* 1 when an adapter name is a RAS NdisWan adapter (NdisWan4, NdisWanIp). */
int hd_adapter_is_ndiswan(const char *adapter);

/* 1 when adapter (case-insensitive) is among net's bindings. */
int hd_network_binds(const struct hd_network_facts *net, const char *adapter);

#endif
