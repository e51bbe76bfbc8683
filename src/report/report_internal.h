/*
 * report_internal.h - helpers shared by the report*.c files, the only files
 * of the analyzer that include json-c.  Every builder returns a new object,
 * or NULL when out of memory (ndctl util/json.c style).
 */
#ifndef HD_REPORT_INTERNAL_H
#define HD_REPORT_INTERNAL_H

#include <json-c/json.h>
#include <stdint.h>

#include "analyze/changes.h"
#include "analyze/result.h"
#include "facts/facts.h"
#include "hive/regval.h"
#include "rules/finding.h"

/* Add key -> val to obj (takes val; a NULL val is added as JSON null). 0 / -1. */
int hd_json_add(json_object *obj, const char *key, json_object *val);

/* A string, or JSON null for s == NULL; bytes not UTF-8 escaped as \xHH. */
json_object *hd_json_str(const char *s);

/* The bytes of s as hex when s is not valid UTF-8, else JSON null (path_bytes). */
json_object *hd_json_hex_if_not_utf8(const char *s);

/* An ISO-8601 time string, or JSON null for an unknown FILETIME. */
json_object *hd_json_time(uint64_t ft);

/* Add hive.reconstructed to hive when r is a rebuilt registry export (report_source.c). 0, -1 ENOMEM. */
int hd_json_add_reconstructed(json_object *hive, const struct hd_reconstruction *r);

/* Add "provenance" to obj: the chain's links, or null for NULL or an empty
 * chain (report_provenance.c).  0, -1 ENOMEM. */
int hd_json_add_provenance(json_object *obj, const struct hd_provenance *p);

/* Add hive.alt to hive when res->alt was considered (report_recovery.c). 0, -1 ENOMEM. */
int hd_json_add_alt(json_object *hive, const struct hd_alt_evidence *alt);

/* A replay as the report's recovery object, or NULL for a clean hive (report.c). */
json_object *hd_json_recovery(const struct hd_replay_evidence *ev, const char *saved_to);

/* A value lookup as evidence: {status, key, value, type, size, data, last_written}. */
json_object *hd_json_regval(const struct hd_regval *rv);

/* Shorthands for the typed facts of facts.h (their regval as evidence). */
json_object *hd_json_str_fact(const struct hd_str_fact *f);
json_object *hd_json_dword_fact(const struct hd_dword_fact *f);
json_object *hd_json_multi_fact(const struct hd_multi_fact *f);

/* An array of strings. */
json_object *hd_json_strv(char *const *v, size_t n);

/* "found", "absent", "error". */
const char *hd_status_name(int status);

/* facts.exchange.services and the other per-area renderers (report_*.c). */
json_object *hd_report_services(const struct hd_exchange_facts *ex);
json_object *hd_report_exchange_names(const struct hd_facts *facts);        /* report_exchange.c */
json_object *hd_report_dependencies(const struct hd_exchange_facts *ex);    /* report_exchange.c */
json_object *hd_report_service(const struct hd_service_facts *svc);  /* one service key */
json_object *hd_report_network(const struct hd_network_facts *net);  /* facts.network */
json_object *hd_report_mta(const struct hd_mta_facts *mta);          /* facts.exchange.mta */
json_object *hd_report_changes(const struct hd_changes *const *sets, size_t n); /* report_changes.c */
json_object *hd_report_root(const struct hd_root_info *ri);                      /* report_changes.c */
json_object *hd_report_peers(const struct hd_finding *f);            /* a P1 finding's peers */
/* facts.software and the timeline, only with a SOFTWARE hive (report_software.c). */
json_object *hd_report_software(const struct hd_software_input *in, const struct hd_facts *facts);
json_object *hd_report_timeline(const struct hd_timeline *t, const struct hd_findings *fs);

#endif
