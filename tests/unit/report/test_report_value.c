/*
 * test_report_value.c - the evidence objects of the report (report_value.c):
 * found / absent / error, each type's data, and the limits on binary data.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

TestSuite(report_value);

/* A found value of the given type and bytes, with a key path and a time. */
static struct hd_regval found(uint32_t type, const void *data, size_t len)
{
	struct hd_regval rv = { .status = HD_FOUND, .key_found = 1,
	                        .key = "ControlSet001\\Services\\X", .name = "V",
	                        /* 2002-08-06T10:11:12Z as a FILETIME */
	                        .key_time = 126731022720000000ull };
	rv.raw.type = type;
	rv.raw.data = (uint8_t *)data;
	rv.raw.len = len;
	return rv;
}

static const char *member_str(json_object *o, const char *key)
{
	json_object *m = NULL;

	return json_object_object_get_ex(o, key, &m) && m ? json_object_get_string(m) : NULL;
}

static int member_is_null(json_object *o, const char *key)
{
	json_object *m = (json_object *)1;

	return json_object_object_get_ex(o, key, &m) && m == NULL;
}

/* A REG_SZ is shown decoded, with its stored size, type name and key time. */
Test(report_value, string_found)
{
	static const uint8_t utf16[] = { 'a', 0, 'b', 0, 0, 0 };
	struct hd_regval rv = found(HD_REG_SZ, utf16, sizeof utf16);
	json_object *o = hd_json_regval(&rv);

	cr_assert_not_null(o);
	cr_expect_str_eq(member_str(o, "status"), "found");
	cr_expect_str_eq(member_str(o, "type"), "REG_SZ");
	cr_expect_str_eq(member_str(o, "data"), "ab");
	cr_expect_str_eq(member_str(o, "size"), "6");
	cr_expect_str_eq(member_str(o, "last_written"), "2002-08-06T10:11:12.0000000Z");
	json_object_put(o);
}

/* An absent value of a found key keeps the key's time; no type, size or data. */
Test(report_value, absent_value_of_found_key)
{
	struct hd_regval rv = { .status = HD_ABSENT, .key_found = 1, .key = "K", .name = "V",
	                        .key_time = 126731022720000000ull };
	json_object *o = hd_json_regval(&rv);

	cr_assert_not_null(o);
	cr_expect_str_eq(member_str(o, "status"), "absent");
	cr_expect(member_is_null(o, "type"));
	cr_expect(member_is_null(o, "data"));
	cr_expect_str_eq(member_str(o, "last_written"), "2002-08-06T10:11:12.0000000Z");
	json_object_put(o);
}

/* A lookup error is "error", never "absent", and shows no time it did not read. */
Test(report_value, error_is_not_absent)
{
	struct hd_regval rv = { .status = HD_ERROR, .key = "K", .name = "V" };
	json_object *o = hd_json_regval(&rv);

	cr_assert_not_null(o);
	cr_expect_str_eq(member_str(o, "status"), "error");
	cr_expect(member_is_null(o, "last_written"));
	json_object_put(o);
}

/* A key probe (no value name) has no type, size or data. */
Test(report_value, key_probe)
{
	struct hd_regval rv = found(HD_REG_SZ, "", 0);
	json_object *o;

	rv.name = NULL;
	o = hd_json_regval(&rv);
	cr_assert_not_null(o);
	cr_expect(member_is_null(o, "value"));
	cr_expect(member_is_null(o, "type"));
	cr_expect(member_is_null(o, "data"));
	json_object_put(o);
}

/* A type with no name is shown as its number; its data as hex. */
Test(report_value, unknown_type_in_hex)
{
	static const uint8_t bytes[] = { 0xde, 0xad };
	struct hd_regval rv = found(0xabcdu, bytes, sizeof bytes);
	json_object *o = hd_json_regval(&rv);

	cr_assert_not_null(o);
	cr_expect_str_eq(member_str(o, "type"), "0x0000abcd");
	cr_expect_str_eq(member_str(o, "data"), "dead");
	json_object_put(o);
}

/* A DWORD is a number; a REG_MULTI_SZ an array of its strings. */
Test(report_value, dword_and_multi)
{
	static const uint8_t dw[] = { 2, 0, 0, 0 };
	static const uint8_t multi[] = { 'x', 0, 0, 0, 'y', 0, 0, 0, 0, 0 };
	struct hd_regval a = found(HD_REG_DWORD, dw, sizeof dw);
	struct hd_regval b = found(HD_REG_MULTI_SZ, multi, sizeof multi);
	json_object *oa = hd_json_regval(&a), *ob = hd_json_regval(&b), *data = NULL;

	cr_assert_not_null(oa);
	cr_assert_not_null(ob);
	cr_expect(json_object_object_get_ex(oa, "data", &data));
	cr_expect(json_object_is_type(data, json_type_int));
	cr_expect_eq(json_object_get_int(data), 2);
	cr_expect(json_object_object_get_ex(ob, "data", &data));
	cr_assert(json_object_is_type(data, json_type_array));
	cr_expect_eq(json_object_array_length(data), 2);
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(data, 1)), "y");
	json_object_put(oa);
	json_object_put(ob);
}

/* Binary data over 4096 bytes is cut to 4096 in hex; size keeps the whole length. */
Test(report_value, binary_cut_at_limit)
{
	size_t len = 5000;
	uint8_t *bytes = calloc(len, 1);
	struct hd_regval rv;
	json_object *o;

	cr_assert_not_null(bytes);
	rv = found(HD_REG_BINARY, bytes, len);
	o = hd_json_regval(&rv);
	cr_assert_not_null(o);
	cr_expect_eq(strlen(member_str(o, "data")), 2 * 4096);
	cr_expect_str_eq(member_str(o, "size"), "5000");
	json_object_put(o);
	free(bytes);
}

/* A zero FILETIME is no time at all. */
Test(report_value, zero_time_is_null)
{
	cr_expect_null(hd_json_time(0));
}

/* Lists of strings keep their order. */
Test(report_value, strv)
{
	char *items[] = { "a", "b", NULL };
	json_object *a = hd_json_strv(items, 2);

	cr_assert_not_null(a);
	cr_expect_eq(json_object_array_length(a), 2);
	cr_expect_str_eq(json_object_get_string(json_object_array_get_idx(a, 0)), "a");
	json_object_put(a);
}
