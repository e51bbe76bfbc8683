/*
 * facts_network.c - read the TCP/IP installation (DOMAIN.md section 4).
 *
 * Every lookup is kept as evidence; absent keys are facts for the rules,
 * never errors.  Only allocation failure stops collection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_network.h"
#include "util/textutil.h"
#include "facts/read.h"

#define TCPIP "Services\\Tcpip"
#define TCPIP_PARAMS TCPIP "\\Parameters"

int hd_dotted_quad_valid(const char *s)
{
	int parts = 0;

	if (s == NULL)
		return 0;
	for (;;) {
		unsigned value = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			value = value * 10u + (unsigned)(*s - '0');
			digits++;
			s++;
		}
		if (digits == 0 || digits > 3 || value > 255)
			return 0;
		parts++;
		if (parts == 4)
			return *s == '\0';
		if (*s != '.')
			return 0;
		s++;
	}
}

int hd_dotted_quad_zero(const char *s)
{
	unsigned a, b, c, d;
	char tail;

	if (!hd_dotted_quad_valid(s))
		return 0;
	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4)
		return 0;
	return (a | b | c | d) == 0;
}

static size_t multi_count(const struct hd_multi_fact *f)
{
	return HD_FACT_OK(f) ? f->count : 0;
}

/* 1 when every entry of f is a dotted quad; an unreadable list is not. */
static int multi_all_quads(const struct hd_multi_fact *f)
{
	if (f->rv.status != HD_FOUND)
		return 1;               /* absence is judged elsewhere */
	if (f->decode != HD_DECODE_OK)
		return 0;
	for (size_t i = 0; i < f->count; i++)
		if (!hd_dotted_quad_valid(f->items[i]))
			return 0;
	return 1;
}

void hd_tcpip_params_assess(struct hd_tcpip_params *p)
{
	size_t n_masks = multi_count(&p->subnet_mask);
	const char *first = NULL;
	size_t zeros = 0;

	p->n_addresses = multi_count(&p->ip_address);
	for (size_t i = 0; i < p->n_addresses; i++)
		if (hd_dotted_quad_zero(p->ip_address.items[i]))
			zeros++;
	if (p->n_addresses > 0)
		first = p->ip_address.items[0];
	p->all_zero = p->n_addresses > 0 && zeros == p->n_addresses;
	p->well_formed = multi_all_quads(&p->ip_address) && multi_all_quads(&p->subnet_mask);
	p->paired = p->n_addresses == n_masks;
	/* A first IPAddress other than 0.0.0.0 overrides DHCP (DOMAIN.md section 4). */
	p->is_static = (HD_FACT_OK(&p->enable_dhcp) && p->enable_dhcp.value == 0) ||
	               (first != NULL && hd_dotted_quad_valid(first) && !hd_dotted_quad_zero(first));
}

int hd_winsock_mapping_valid(const struct hd_regval *mapping)
{
	const uint8_t *p = mapping->raw.data;
	uint32_t rows, columns;

	if (mapping->status != HD_FOUND || mapping->raw.type != HD_REG_BINARY ||
	    mapping->raw.len < 8 || p == NULL)
		return 0;
	rows = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	columns = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	/*
	 * Each row is {AddressFamily, SocketType, Protocol}: three DWORDs
	 * (wsahelp.h), and setup writes exactly Rows of them: 140 bytes for the
	 * 11 rows of the XP corpus hive, 104 for the 8 of Windows 7 and 8.1.
	 */
	if (rows == 0 || columns != 3 || rows > (mapping->raw.len - 8) / 12)
		return 0;
	return mapping->raw.len == 8 + (size_t)rows * 12u;
}

const char *hd_device_adapter(const char *s)
{
	static const char device[] = "\\Device\\";
	static const char netbt_prefix[] = "Tcpip_";

	if (strncasecmp(s, device, sizeof device - 1) == 0)
		s += sizeof device - 1;
	/* NetBT on 2000+ binds \Device\Tcpip_{GUID}, the TCP/IP export of the adapter. */
	if (strncasecmp(s, netbt_prefix, sizeof netbt_prefix - 1) == 0)
		s += sizeof netbt_prefix - 1;
	return s;
}

int hd_device_is_tcpip6(const char *s)
{
	static const char device[] = "\\Device\\";

	if (strncasecmp(s, device, sizeof device - 1) == 0)
		s += sizeof device - 1;
	return strncasecmp(s, "Tcpip6_", 7) == 0;
}

int hd_adapter_is_guid(const char *adapter)
{
	size_t n = strlen(adapter);

	return n > 2 && adapter[0] == '{' && adapter[n - 1] == '}';
}

int hd_adapter_is_ndiswan(const char *adapter)
{
	return strncasecmp(adapter, "NdisWan", 7) == 0;
}

int hd_network_binds(const struct hd_network_facts *net, const char *adapter)
{
	for (size_t i = 0; i < net->n_bindings; i++)
		if (hd_name_equal(net->bindings[i].adapter, adapter))
			return 1;
	return 0;
}

/* Read one adapter's parameters under key relpath (already probed into p->key). */
static int read_params_values(struct hd_reader *r, const char *relpath, struct hd_tcpip_params *p)
{
	if (hd_read_dword(r, relpath, "EnableDHCP", &p->enable_dhcp) < 0 ||
	    hd_read_multi(r, relpath, "IPAddress", &p->ip_address) < 0 ||
	    hd_read_multi(r, relpath, "SubnetMask", &p->subnet_mask) < 0 ||
	    hd_read_multi(r, relpath, "DefaultGateway", &p->default_gateway) < 0 ||
	    hd_read_str(r, relpath, "DhcpIPAddress", &p->dhcp_ip_address) < 0 ||
	    hd_read_str(r, relpath, "DhcpSubnetMask", &p->dhcp_subnet_mask) < 0 ||
	    hd_read_str(r, relpath, "DhcpServer", &p->dhcp_server) < 0)
		return -1;
	hd_tcpip_params_assess(p);
	return 0;
}

/*
 * Find an adapter's parameters: on 2000+ Interfaces\<adapter> only, since
 * Windows 2000 TCP/IP reads nothing else (DOMAIN.md 0.12); when it is absent
 * the NT 4.0-style copy is probed into b->legacy_key, for the report and
 * B3's detail, and never read as the adapter's parameters.  On NT 4.0
 * Services\<adapter>\Parameters\Tcpip.  The adapter is one key name, never
 * a path (read.h, hd_reader_child).
 */
static int read_binding_params(struct hd_reader *r, enum hd_net_layout layout, struct hd_binding *b)
{
	struct hd_tcpip_params *p = &b->params;
	struct hd_reader sub;

	if (layout == HD_LAYOUT_W2K) {
		hd_reader_child(r, TCPIP_PARAMS "\\Interfaces", b->adapter, &sub);
		if (hd_read_key(&sub, "", &p->key) < 0)
			return -1;
		if (p->key.status == HD_FOUND)
			return read_params_values(&sub, "", p);
		if (b->is_ndiswan || p->key.status != HD_ABSENT)
			return 0;
		b->legacy_probed = 1;
		hd_reader_child(r, "Services", b->adapter, &sub);
		return hd_read_key(&sub, "Parameters\\Tcpip", &b->legacy_key) < 0 ? -1 : 0;
	}
	hd_reader_child(r, "Services", b->adapter, &sub);
	if (hd_read_key(&sub, "Parameters\\Tcpip", &p->key) < 0)
		return -1;
	if (p->key.status != HD_FOUND)
		return 0;
	return read_params_values(&sub, "Parameters\\Tcpip", p);
}

static int collect_bindings(struct hd_reader *r, struct hd_network_facts *net)
{
	size_t n = multi_count(&net->bind);

	if (n > HD_NET_MAX_BINDINGS)
		n = HD_NET_MAX_BINDINGS;
	if (n == 0)
		return 0;
	net->bindings = calloc(n, sizeof *net->bindings);
	if (net->bindings == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct hd_binding *b = &net->bindings[net->n_bindings];
		const char *entry = net->bind.items[i];

		if (entry[0] == '\0')
			continue;       /* an interior empty string: nothing is bound */
		b->device = strdup(entry);
		b->adapter = strdup(hd_device_adapter(entry));
		net->n_bindings++;
		if (b->device == NULL || b->adapter == NULL)
			return -1;
		b->is_ndiswan = hd_adapter_is_ndiswan(b->adapter);
		if (read_binding_params(r, net->layout, b) < 0)
			return -1;
	}
	return 0;
}

static int collect_tcpip(struct hd_reader *r, struct hd_network_facts *net)
{
	if (hd_read_service(r, "Tcpip", &net->tcpip) < 0 ||
	    hd_read_key(r, TCPIP "\\Linkage", &net->linkage) < 0 ||
	    hd_read_multi(r, TCPIP "\\Linkage", "Bind", &net->bind) < 0 ||
	    hd_read_multi(r, TCPIP "\\Linkage", "Export", &net->export_list) < 0 ||
	    hd_read_multi(r, TCPIP "\\Linkage", "Route", &net->route) < 0 ||
	    hd_read_multi(r, TCPIP "\\Linkage\\Disabled", "Bind", &net->disabled_bind) < 0 ||
	    hd_read_multi(r, TCPIP_PARAMS "\\Adapters\\NdisWanIp", "IpConfig",
	                  &net->ndiswanip_ipconfig) < 0 ||
	    hd_read_key(r, TCPIP_PARAMS, &net->parameters) < 0 ||
	    hd_read_key(r, TCPIP_PARAMS "\\Interfaces", &net->interfaces) < 0)
		return -1;
	if (hd_read_str(r, TCPIP_PARAMS, "Hostname", &net->hostname) < 0 ||
	    hd_read_str(r, TCPIP_PARAMS, "Domain", &net->domain) < 0 ||
	    hd_read_str(r, TCPIP_PARAMS, "NameServer", &net->name_server) < 0)
		return -1;
	return 0;
}

/* 1 when a Bind-style list has an entry whose adapter is a {GUID}. */
static int binds_guid(const struct hd_multi_fact *f, int netbt)
{
	for (size_t i = 0; i < multi_count(f); i++) {
		const char *e = f->items[i];

		if (netbt && strncasecmp(e, "\\Device\\Tcpip_", 14) != 0)
			continue;       /* NetBT's hint is TCP/IP's export, \Device\Tcpip_{GUID} */
		if (hd_adapter_is_guid(hd_device_adapter(e)))
			return 1;
	}
	return 0;
}

/*
 * Decided from what the hive holds (DOMAIN.md 0.11): the Interfaces key, a
 * \Device\{GUID} binding or a NetBT bind of \Device\Tcpip_{GUID} exist
 * only on 2000+.  Any one makes the layout W2K, so a 2000 hive whose
 * Interfaces key is gone is still judged by the key 2000 reads.
 */
static void decide_layout(struct hd_network_facts *net)
{
	if (net->interfaces.status == HD_FOUND)
		net->w2k_hints |= HD_W2K_HINT_INTERFACES;
	if (binds_guid(&net->bind, 0))
		net->w2k_hints |= HD_W2K_HINT_GUID_BIND;
	if (binds_guid(&net->netbt_bind, 1))
		net->w2k_hints |= HD_W2K_HINT_NETBT_TCPIP_GUID;
	if (net->w2k_hints != 0)
		net->layout = HD_LAYOUT_W2K;
	else if (net->tcpip.key.status == HD_FOUND)
		net->layout = HD_LAYOUT_NT4;
}

/*
 * Sockaddr lengths: MinSockaddrLength / MaxSockaddrLength, spelled
 * MinSockAddrLen / MaxSockAddrLen by older setups (DOMAIN.md section 4).
 * Lookups fold case, so only the two stems differ.
 */
static int read_sockaddr_length(struct hd_reader *r, const char *bound, struct hd_dword_fact *f)
{
	char name[32];
	int n = snprintf(name, sizeof name, "%sSockaddrLength", bound);

	if (n < 0 || (size_t)n >= sizeof name)
		return -1;
	if (hd_read_dword(r, TCPIP_PARAMS "\\Winsock", name, f) < 0)
		return -1;
	if (f->rv.status != HD_ABSENT)
		return 0;
	hd_dword_fact_clear(f);
	n = snprintf(name, sizeof name, "%sSockAddrLen", bound);
	if (n < 0 || (size_t)n >= sizeof name)
		return -1;
	return hd_read_dword(r, TCPIP_PARAMS "\\Winsock", name, f) < 0 ? -1 : 0;
}

static int collect_winsock(struct hd_reader *r, struct hd_network_facts *net)
{
	if (hd_read_multi(r, "Services\\Winsock\\Parameters", "Transports", &net->winsock_transports) < 0 ||
	    hd_read_key(r, TCPIP_PARAMS "\\Winsock", &net->tcpip_winsock) < 0 ||
	    hd_read_str(r, TCPIP_PARAMS "\\Winsock", "HelperDllName", &net->helper_dll_name) < 0 ||
	    hd_read_value(r, TCPIP_PARAMS "\\Winsock", "Mapping", &net->mapping) < 0 ||
	    read_sockaddr_length(r, "Min", &net->min_sockaddr) < 0 ||
	    read_sockaddr_length(r, "Max", &net->max_sockaddr) < 0)
		return -1;
	net->mapping_valid = hd_winsock_mapping_valid(&net->mapping);
	return 0;
}

static int collect_netbt_rpc(struct hd_reader *r, struct hd_network_facts *net)
{
	if (hd_read_multi(r, "Services\\NetBT\\Linkage", "Bind", &net->netbt_bind) < 0 ||
	    hd_read_key(r, "Services\\NetBT\\Adapters", &net->netbt_adapters) < 0)
		return -1;
	if (net->netbt_adapters.status == HD_FOUND &&
	    hd_read_subkeys(r, "Services\\NetBT\\Adapters", &net->netbt_adapter_names,
	                    &net->n_netbt_adapters) == HD_ERROR) {
		if (errno == ENOMEM)
			return -1;
		net->netbt_adapters.status = HD_ERROR;   /* key there, list unreadable */
	}
	if (hd_read_service(r, "RpcSs", &net->rpcss) < 0 ||
	    hd_read_service(r, "RpcLocator", &net->rpclocator) < 0)
		return -1;
	return 0;
}

int hd_network_collect(struct hd_reader *r, struct hd_network_facts *net)
{
	if (collect_tcpip(r, net) < 0 || collect_winsock(r, net) < 0 ||
	    collect_netbt_rpc(r, net) < 0) {
		errno = ENOMEM;
		return -1;
	}
	decide_layout(net);
	if (collect_bindings(r, net) < 0) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void tcpip_params_clear(struct hd_tcpip_params *p)
{
	hd_regval_clear(&p->key);
	hd_dword_fact_clear(&p->enable_dhcp);
	hd_multi_fact_clear(&p->ip_address);
	hd_multi_fact_clear(&p->subnet_mask);
	hd_multi_fact_clear(&p->default_gateway);
	hd_str_fact_clear(&p->dhcp_ip_address);
	hd_str_fact_clear(&p->dhcp_subnet_mask);
	hd_str_fact_clear(&p->dhcp_server);
}

void hd_network_facts_clear(struct hd_network_facts *net)
{
	for (size_t i = 0; i < net->n_bindings; i++) {
		free(net->bindings[i].device);
		free(net->bindings[i].adapter);
		tcpip_params_clear(&net->bindings[i].params);
		hd_regval_clear(&net->bindings[i].legacy_key);
	}
	free(net->bindings);
	hd_service_facts_clear(&net->tcpip);
	hd_regval_clear(&net->linkage);
	hd_multi_fact_clear(&net->bind);
	hd_multi_fact_clear(&net->export_list);
	hd_multi_fact_clear(&net->route);
	hd_multi_fact_clear(&net->disabled_bind);
	hd_multi_fact_clear(&net->ndiswanip_ipconfig);
	hd_regval_clear(&net->parameters);
	hd_regval_clear(&net->interfaces);
	hd_str_fact_clear(&net->hostname);
	hd_str_fact_clear(&net->domain);
	hd_str_fact_clear(&net->name_server);
	hd_multi_fact_clear(&net->winsock_transports);
	hd_regval_clear(&net->tcpip_winsock);
	hd_str_fact_clear(&net->helper_dll_name);
	hd_regval_clear(&net->mapping);
	hd_dword_fact_clear(&net->min_sockaddr);
	hd_dword_fact_clear(&net->max_sockaddr);
	hd_multi_fact_clear(&net->netbt_bind);
	hd_regval_clear(&net->netbt_adapters);
	hd_strv_free(net->netbt_adapter_names);
	hd_service_facts_clear(&net->rpcss);
	hd_service_facts_clear(&net->rpclocator);
	memset(net, 0, sizeof *net);
}
