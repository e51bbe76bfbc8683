/*
 * report_services.c - facts.exchange.services: the Exchange service keys.
 */
#include "report/report_internal.h"

json_object *hd_report_service(const struct hd_service_facts *svc)
{
	json_object *o = json_object_new_object();
	const char *start = HD_FACT_OK(&svc->start) ? hd_start_name(svc->start.value) : NULL;

	if (o == NULL ||
	    hd_json_add(o, "key", hd_json_regval(&svc->key)) < 0 ||
	    hd_json_add(o, "start_name", hd_json_str(start)) < 0 ||
	    hd_json_add(o, "start", hd_json_dword_fact(&svc->start)) < 0 ||
	    hd_json_add(o, "type", hd_json_dword_fact(&svc->type)) < 0 ||
	    hd_json_add(o, "image_path", hd_json_str_fact(&svc->image_path)) < 0 ||
	    hd_json_add(o, "object_name", hd_json_str_fact(&svc->object_name)) < 0 ||
	    hd_json_add(o, "depend_on_service", hd_json_multi_fact(&svc->depend_on_service)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_report_services(const struct hd_exchange_facts *ex)
{
	json_object *o = json_object_new_object();

	for (int i = 0; o && i < HD_EX_COUNT; i++)
		if (hd_json_add(o, ex->svc[i].name ? ex->svc[i].name : "?", hd_report_service(&ex->svc[i])) < 0) {
			json_object_put(o);
			return NULL;
		}
	return o;
}
