/*
 * report_value.c - JSON for registry values as read: the evidence objects
 * used by facts and findings alike.
 */
#include "report/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

/* Binary data is shown as hex up to this many bytes; "size" gives the rest. */
#define HD_REPORT_MAX_HEX_BYTES 4096u

int hd_json_add(json_object *obj, const char *key, json_object *val)
{
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/* Every string of the report is valid UTF-8 (issue 12: a file name of
 * bytes \xff\xfe made the report invalid JSON): bytes that are not UTF-8
 * are written as the text \xHH (hd_escape_text). */
json_object *hd_json_str(const char *s)
{
	json_object *o;
	char *esc;

	if (s == NULL)
		return NULL;
	if (hd_utf8_valid(s))
		return json_object_new_string(s);
	if ((esc = hd_escape_text(s, 0)) == NULL)
		return NULL;
	o = json_object_new_string(esc);
	free(esc);
	return o;
}

json_object *hd_json_hex_if_not_utf8(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = s ? strlen(s) : 0;
	json_object *o;
	char *h;

	if (s == NULL || hd_utf8_valid(s) || (h = malloc(2 * n + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		h[2 * i] = hex[(unsigned char)s[i] >> 4];
		h[2 * i + 1] = hex[(unsigned char)s[i] & 15];
	}
	h[2 * n] = '\0';
	o = json_object_new_string(h);
	free(h);
	return o;
}

json_object *hd_json_time(uint64_t ft)
{
	char buf[HD_ISOTIME_LEN];

	return hd_filetime_iso(ft, buf) == 0 ? json_object_new_string(buf) : NULL;
}

const char *hd_status_name(int status)
{
	return status == HD_FOUND ? "found" : status == HD_ABSENT ? "absent" : "error";
}

json_object *hd_json_strv(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_object_array_add(a, hd_json_str(v[i])) != 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

static json_object *hex_data(const struct hd_raw_value *v)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = v->len < HD_REPORT_MAX_HEX_BYTES ? v->len : HD_REPORT_MAX_HEX_BYTES;
	char *s = malloc(2 * n + 1);
	json_object *o;

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = hex[v->data[i] >> 4];
		s[2 * i + 1] = hex[v->data[i] & 15];
	}
	s[2 * n] = '\0';
	o = json_object_new_string(s);
	free(s);
	return o;
}

/* Data by its stored type: text, list, number, or hex for anything else. */
static json_object *value_data(const struct hd_raw_value *v)
{
	char *s = NULL, **items = NULL;
	size_t n = 0;
	uint32_t d;
	json_object *o;

	if (hd_decode_string(v, &s) == HD_DECODE_OK) {
		o = hd_json_str(s);
		free(s);
		return o;
	}
	if (hd_decode_multi(v, &items, &n) == HD_DECODE_OK) {
		o = hd_json_strv(items, n);
		hd_strv_free(items);
		return o;
	}
	if (hd_decode_dword(v, &d) == HD_DECODE_OK)
		return json_object_new_int64(d);
	return hex_data(v);
}

json_object *hd_json_regval(const struct hd_regval *rv)
{
	json_object *o = json_object_new_object();
	int found = rv->status == HD_FOUND;
	const char *tname = found ? hd_regtype_name(rv->raw.type) : NULL;
	char tbuf[32];

	if (o == NULL)
		return NULL;
	if (found && tname == NULL) {
		snprintf(tbuf, sizeof tbuf, "0x%08x", rv->raw.type);
		tname = tbuf;
	}
	if (hd_json_add(o, "status", json_object_new_string(hd_status_name(rv->status))) < 0 ||
	    hd_json_add(o, "key", hd_json_str(rv->key)) < 0 ||
	    hd_json_add(o, "value", hd_json_str(rv->name)) < 0 ||
	    hd_json_add(o, "type", hd_json_str(rv->name ? tname : NULL)) < 0 ||
	    hd_json_add(o, "size", found && rv->name ? json_object_new_int64((int64_t)rv->raw.len) : NULL) < 0 ||
	    hd_json_add(o, "data", found && rv->name ? value_data(&rv->raw) : NULL) < 0 ||
	    hd_json_add(o, "last_written", rv->key_found ? hd_json_time(rv->key_time) : NULL) < 0 ||
	    hd_json_add(o, "last_written_filetime", rv->key_found && rv->key_time_read
	                ? json_object_new_int64((int64_t)rv->key_time) : NULL) < 0 ||
	    /* Only evidence from the --software hive names its hive: SYSTEM reports stay as they were. */
	    (rv->hive != NULL && hd_json_add(o, "hive", hd_json_str(rv->hive)) < 0)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *hd_json_str_fact(const struct hd_str_fact *f)
{
	return hd_json_regval(&f->rv);
}

json_object *hd_json_dword_fact(const struct hd_dword_fact *f)
{
	return hd_json_regval(&f->rv);
}

json_object *hd_json_multi_fact(const struct hd_multi_fact *f)
{
	return hd_json_regval(&f->rv);
}
