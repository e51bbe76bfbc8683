/*
 * report_network.c - facts.network (TCP/IP, Winsock, NetBT, RPC) and
 * facts.exchange.mta (MSExchangeMTA\Parameters), so a reader sees what the
 * MTA rules (B2-B11) judged; the X500 DN and SA names B11b and B11c judge
 * are in facts.exchange.names.  Every builder returns a new object or NULL.
 */
#include "report/report_internal.h"

#include "facts/facts_mta.h"
#include "facts/facts_network.h"

static const char *layout_name(enum hd_net_layout layout)
{
	switch (layout) {
	case HD_LAYOUT_NT4: return "nt4";
	case HD_LAYOUT_W2K: return "w2k";
	case HD_LAYOUT_UNKNOWN: break;
	}
	return "unknown";
}

/* An adapter's parameters; only the key probe when the key is not there. */
static json_object *build_params(const struct hd_tcpip_params *p)
{
	json_object *o = json_object_new_object();

	if (o == NULL || hd_json_add(o, "key", hd_json_regval(&p->key)) < 0)
		goto fail;
	if (p->key.status != HD_FOUND)
		return o;
	if (hd_json_add(o, "enable_dhcp", hd_json_dword_fact(&p->enable_dhcp)) < 0 ||
	    hd_json_add(o, "ip_address", hd_json_multi_fact(&p->ip_address)) < 0 ||
	    hd_json_add(o, "subnet_mask", hd_json_multi_fact(&p->subnet_mask)) < 0 ||
	    hd_json_add(o, "default_gateway", hd_json_multi_fact(&p->default_gateway)) < 0 ||
	    hd_json_add(o, "dhcp_ip_address", hd_json_str_fact(&p->dhcp_ip_address)) < 0 ||
	    hd_json_add(o, "dhcp_subnet_mask", hd_json_str_fact(&p->dhcp_subnet_mask)) < 0 ||
	    hd_json_add(o, "dhcp_server", hd_json_str_fact(&p->dhcp_server)) < 0 ||
	    hd_json_add(o, "static", json_object_new_boolean(p->is_static)) < 0 ||
	    hd_json_add(o, "well_formed", json_object_new_boolean(p->well_formed)) < 0 ||
	    hd_json_add(o, "paired", json_object_new_boolean(p->paired)) < 0)
		goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

static json_object *build_binding(const struct hd_binding *b)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "device", hd_json_str(b->device)) < 0 ||
	    hd_json_add(o, "adapter", hd_json_str(b->adapter)) < 0 ||
	    hd_json_add(o, "ndiswan", json_object_new_boolean(b->is_ndiswan)) < 0 ||
	    hd_json_add(o, "parameters", build_params(&b->params)) < 0 ||
	    (b->legacy_probed &&
	     hd_json_add(o, "legacy_parameters_key", hd_json_regval(&b->legacy_key)) < 0)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_bindings(const struct hd_network_facts *net)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a != NULL && i < net->n_bindings; i++) {
		json_object *o = build_binding(&net->bindings[i]);

		if (o == NULL || json_object_array_add(a, o) != 0) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static json_object *build_linkage(const struct hd_network_facts *net)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_regval(&net->linkage)) < 0 ||
	    hd_json_add(o, "bind", hd_json_multi_fact(&net->bind)) < 0 ||
	    hd_json_add(o, "export", hd_json_multi_fact(&net->export_list)) < 0 ||
	    hd_json_add(o, "route", hd_json_multi_fact(&net->route)) < 0 ||
	    hd_json_add(o, "disabled_bind", hd_json_multi_fact(&net->disabled_bind)) < 0 ||
	    hd_json_add(o, "ndiswanip_ipconfig", hd_json_multi_fact(&net->ndiswanip_ipconfig)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_host(const struct hd_network_facts *net)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_regval(&net->parameters)) < 0 ||
	    hd_json_add(o, "interfaces", hd_json_regval(&net->interfaces)) < 0 ||
	    hd_json_add(o, "hostname", hd_json_str_fact(&net->hostname)) < 0 ||
	    hd_json_add(o, "domain", hd_json_str_fact(&net->domain)) < 0 ||
	    hd_json_add(o, "name_server", hd_json_str_fact(&net->name_server)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_winsock(const struct hd_network_facts *net)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "transports", hd_json_multi_fact(&net->winsock_transports)) < 0 ||
	    hd_json_add(o, "key", hd_json_regval(&net->tcpip_winsock)) < 0 ||
	    hd_json_add(o, "helper_dll_name", hd_json_str_fact(&net->helper_dll_name)) < 0 ||
	    hd_json_add(o, "mapping", hd_json_regval(&net->mapping)) < 0 ||
	    hd_json_add(o, "mapping_valid", json_object_new_boolean(net->mapping_valid)) < 0 ||
	    hd_json_add(o, "min_sockaddr_length", hd_json_dword_fact(&net->min_sockaddr)) < 0 ||
	    hd_json_add(o, "max_sockaddr_length", hd_json_dword_fact(&net->max_sockaddr)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *build_netbt(const struct hd_network_facts *net)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "bind", hd_json_multi_fact(&net->netbt_bind)) < 0 ||
	    hd_json_add(o, "adapters_key", hd_json_regval(&net->netbt_adapters)) < 0 ||
	    hd_json_add(o, "adapters", hd_json_strv(net->netbt_adapter_names, net->n_netbt_adapters)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_network(const struct hd_network_facts *net)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "layout", json_object_new_string(layout_name(net->layout))) < 0 ||
	    hd_json_add(o, "tcpip", hd_report_service(&net->tcpip)) < 0 ||
	    hd_json_add(o, "linkage", build_linkage(net)) < 0 ||
	    hd_json_add(o, "bindings", build_bindings(net)) < 0 ||
	    hd_json_add(o, "host", build_host(net)) < 0 ||
	    hd_json_add(o, "winsock", build_winsock(net)) < 0 ||
	    hd_json_add(o, "netbt", build_netbt(net)) < 0 ||
	    hd_json_add(o, "rpcss", hd_report_service(&net->rpcss)) < 0 ||
	    hd_json_add(o, "rpclocator", hd_report_service(&net->rpclocator)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The four XAPI values keyed by value name, in the order of enum hd_xapi_thread. */
static json_object *build_xapi(const struct hd_mta_facts *mta)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; o != NULL && i < HD_XAPI_COUNT; i++)
		if (hd_json_add(o, hd_xapi_value_names[i], hd_json_dword_fact(&mta->xapi[i])) < 0) {
			json_object_put(o);
			return NULL;
		}
	return o;
}

json_object *hd_report_mta(const struct hd_mta_facts *mta)
{
	json_object *o = json_object_new_object();

	if (o == NULL ||
	    hd_json_add(o, "parameters", hd_json_regval(&mta->parameters)) < 0 ||
	    hd_json_add(o, "database_path", hd_json_str_fact(&mta->database_path)) < 0 ||
	    hd_json_add(o, "run_directory", hd_json_str_fact(&mta->run_directory)) < 0 ||
	    hd_json_add(o, "xapi_threads", build_xapi(mta)) < 0 ||
	    hd_json_add(o, "tcpip_control_blocks", hd_json_dword_fact(&mta->tcpip_control_blocks)) < 0 ||
	    hd_json_add(o, "tp4_control_blocks", hd_json_dword_fact(&mta->tp4_control_blocks)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
