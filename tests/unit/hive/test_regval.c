/* test_regval.c - typed decoders never trust a type or a length. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regval.h"
#include "util/textutil.h"

static struct hd_raw_value raw(uint32_t type, const void *data, size_t len)
{
	struct hd_raw_value v = { .type = type, .data = (uint8_t *)data, .len = len };
	return v;
}

TestSuite(regval);

/* REG_SZ and REG_EXPAND_SZ decode; a DWORD is not a string. */
Test(regval, strings)
{
	const uint8_t s[] = { 'o', 0, 'k', 0, 0, 0 };
	struct hd_raw_value v = raw(HD_REG_EXPAND_SZ, s, sizeof s);
	char *out = NULL;

	cr_assert_eq(hd_decode_string(&v, &out), HD_DECODE_OK);
	cr_assert_str_eq(out, "ok");
	free(out);
	v.type = HD_REG_DWORD;
	cr_assert_eq(hd_decode_string(&v, &out), HD_DECODE_BADTYPE);
	cr_assert_null(out);
}

/* A DWORD is exactly four little-endian bytes of type REG_DWORD. */
Test(regval, dwords)
{
	const uint8_t d[] = { 0x00, 0x06, 0, 0, 0 };
	struct hd_raw_value v = raw(HD_REG_DWORD, d, 4);
	uint32_t x = 0;

	cr_assert_eq(hd_decode_dword(&v, &x), HD_DECODE_OK);
	cr_assert_eq(x, 0x600);
	v.len = 5;
	cr_assert_eq(hd_decode_dword(&v, &x), HD_DECODE_BADTYPE);
	v.len = 4;
	v.type = HD_REG_BINARY;
	cr_assert_eq(hd_decode_dword(&v, &x), HD_DECODE_BADTYPE);
}

static void check_multi(const uint8_t *d, size_t len, size_t want, const char *const *items)
{
	struct hd_raw_value v = raw(HD_REG_MULTI_SZ, d, len);
	char **out = NULL;
	size_t n = 99;

	cr_assert_eq(hd_decode_multi(&v, &out, &n), HD_DECODE_OK);
	cr_assert_eq(n, want, "got %zu items, wanted %zu", n, want);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(out[i], items[i]);
	cr_assert_null(out[n]);
	hd_strv_free(out);
}

/* The terminator is dropped; interior empty strings are data. */
Test(regval, multi_strings)
{
	const uint8_t abb[] = { 'a', 0, 0, 0, 'b', 0, 'b', 0, 0, 0, 0, 0 };
	const uint8_t hole[] = { 'a', 0, 0, 0, 0, 0, 'c', 0, 0, 0, 0, 0 };
	const uint8_t unterminated[] = { 'a', 0, 0, 0, 'z', 0 };
	const uint8_t empty[] = { 0, 0 };
	const char *const e1[] = { "a", "bb" }, *const e2[] = { "a", "", "c" }, *const e3[] = { "a", "z" };

	check_multi(abb, sizeof abb, 2, e1);
	check_multi(hole, sizeof hole, 3, e2);
	check_multi(unterminated, sizeof unterminated, 2, e3);
	check_multi(empty, sizeof empty, 0, NULL);
	check_multi(empty, 0, 0, NULL);
}

/* Where a list is expected a REG_SZ is a one-element list; a DWORD is not. */
Test(regval, list_accepts_sz)
{
	const uint8_t s[] = { 'T', 0, 'c', 0, 'p', 0, 0, 0 };
	struct hd_raw_value v = raw(HD_REG_SZ, s, sizeof s);
	char **out = NULL;
	size_t n = 0;

	cr_assert_eq(hd_decode_list(&v, &out, &n), HD_DECODE_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(out[0], "Tcp");
	hd_strv_free(out);
	v.type = HD_REG_DWORD;
	cr_assert_eq(hd_decode_list(&v, &out, &n), HD_DECODE_BADTYPE);
}

/* Type names for the report; unknown numbers have none. */
Test(regval, type_names)
{
	cr_assert_str_eq(hd_regtype_name(HD_REG_MULTI_SZ), "REG_MULTI_SZ");
	cr_assert_str_eq(hd_regtype_name(HD_REG_QWORD), "REG_QWORD");
	cr_assert_null(hd_regtype_name(0x1234));
}

/* Build a REG_MULTI_SZ of n one-letter strings, with or without the final NUL. */
static struct hd_raw_value multi_of(size_t n, int terminated)
{
	size_t len = 4 * n + (terminated ? 2 : 0);
	uint8_t *p = calloc(len ? len : 1, 1);

	cr_assert_not_null(p);
	for (size_t i = 0; i < n; i++)
		p[4 * i] = 'a';
	return raw(HD_REG_MULTI_SZ, p, len);
}

/* Hard limit: HD_MAX_MULTI_ITEMS items decode, one more is refused, terminated or not. */
Test(regval, multi_item_limit)
{
	struct hd_raw_value v = multi_of(HD_MAX_MULTI_ITEMS, 1);
	char **items = NULL;
	size_t n = 0;

	cr_assert_eq(hd_decode_multi(&v, &items, &n), HD_DECODE_OK);
	cr_assert_eq(n, HD_MAX_MULTI_ITEMS);
	cr_assert_str_eq(items[n - 1], "a");
	hd_strv_free(items);
	free(v.data);
	for (int terminated = 0; terminated <= 1; terminated++) {
		v = multi_of(HD_MAX_MULTI_ITEMS + 1, terminated);
		cr_assert_eq(hd_decode_multi(&v, &items, &n), HD_DECODE_BADTYPE, "terminated=%d", terminated);
		cr_assert_null(items);
		cr_assert_eq(n, 0);
		free(v.data);
	}
}
