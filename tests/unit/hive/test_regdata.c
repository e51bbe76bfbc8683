/*
 * test_regdata.c - the data part of a value line, as a hive stores it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hive/hive.h"
#include "hive/regtext.h"

TestSuite(regdata);

/* Parse text into v; the test fails on a parse error. */
static void parse_ok(const char *text, struct hd_regtext_value *v)
{
	const char *why = NULL;

	memset(v, 0, sizeof *v);
	cr_assert_eq(hd_regdata_parse(text, v, &why), 0, "%s: %s", text, why ? why : "");
}

/* Parse text expecting a refusal; returns the reason. */
static const char *parse_bad(const char *text)
{
	struct hd_regtext_value v = {0};
	const char *why = NULL;

	cr_assert_eq(hd_regdata_parse(text, &v, &why), -1, "%s was accepted", text);
	cr_assert_eq(errno, EINVAL);
	cr_assert_not_null(why);
	cr_assert_null(v.data);
	return why;
}

static void expect_bytes(const struct hd_regtext_value *v, uint32_t type, const void *bytes, size_t len)
{
	cr_assert_eq(v->type, type);
	cr_assert_eq(v->len, len);
	if (len > 0)
		cr_assert_eq(memcmp(v->data, bytes, len), 0);
	free(v->data);
}

/* A quoted string is REG_SZ: UTF-16LE plus the terminating NUL. */
Test(regdata, string_is_utf16_with_terminator)
{
	static const uint8_t want[] = {'a', 0, 'b', 0, 0, 0};
	struct hd_regtext_value v;

	parse_ok("\"ab\"", &v);
	expect_bytes(&v, HD_REG_SZ, want, sizeof want);
}

/* \" and \\ are the only escapes, and they decode. */
Test(regdata, string_escapes_decode)
{
	static const uint8_t want[] = {'"', 0, '\\', 0, 0, 0};
	struct hd_regtext_value v;

	parse_ok("\"\\\"\\\\\"", &v);
	expect_bytes(&v, HD_REG_SZ, want, sizeof want);
}

/* A lone backslash (C:\WINNT written unescaped) is refused, not guessed at. */
Test(regdata, unknown_escape_refused)
{
	cr_assert_not_null(strstr(parse_bad("\"C:\\WINNT\""), "escape"));
}

/* Strings must close, and nothing may follow the closing quote. */
Test(regdata, unterminated_or_trailing_text_refused)
{
	parse_bad("\"abc");
	parse_bad("\"abc\" x");
}

/* Non-ASCII text: BMP characters are one unit, others a surrogate pair. */
Test(regdata, non_ascii_encodes_to_utf16)
{
	static const uint8_t want[] = {0xe9, 0, 0x34, 0xd8, 0x1e, 0xdd, 0, 0};
	struct hd_regtext_value v;

	parse_ok("\"\xc3\xa9\xf0\x9d\x84\x9e\"", &v);      /* U+00E9, U+1D11E */
	expect_bytes(&v, HD_REG_SZ, want, sizeof want);
}

/* Bytes that are not UTF-8 are refused. */
Test(regdata, invalid_utf8_refused)
{
	cr_assert_not_null(strstr(parse_bad("\"\xff\""), "UTF-8"));
}

/* dword: is four little-endian bytes; 1 to 8 hex digits, any case. */
Test(regdata, dword_little_endian)
{
	static const uint8_t two[] = {2, 0, 0, 0}, big[] = {0xef, 0xbe, 0xad, 0xde};
	struct hd_regtext_value v;

	parse_ok("dword:00000002", &v);
	expect_bytes(&v, HD_REG_DWORD, two, 4);
	parse_ok("dword:DEADbeef", &v);
	expect_bytes(&v, HD_REG_DWORD, big, 4);
	parse_ok("dword:2", &v);
	expect_bytes(&v, HD_REG_DWORD, two, 4);
}

/* Malformed dwords are refused. */
Test(regdata, bad_dword_refused)
{
	parse_bad("dword:");
	parse_bad("dword:123456789");
	parse_bad("dword:12g");
	parse_bad("dword:1,2");
}

/* hex: is REG_BINARY; blanks around bytes are fine, an empty list is empty data. */
Test(regdata, hex_list_is_binary)
{
	static const uint8_t want[] = {0x01, 0x02, 0xff};
	struct hd_regtext_value v;

	parse_ok("hex:01, 02,ff", &v);
	expect_bytes(&v, HD_REG_BINARY, want, sizeof want);
	parse_ok("hex:", &v);
	expect_bytes(&v, HD_REG_BINARY, NULL, 0);
}

/* A trailing comma, a missing comma or a three-digit byte is refused. */
Test(regdata, bad_hex_list_refused)
{
	parse_bad("hex:01,");
	parse_bad("hex:01 02");
	parse_bad("hex:001");
	parse_bad("hex:,01");
}

/* hex(N): stores any type number (hex, as regedit writes it) with raw bytes. */
Test(regdata, typed_hex_keeps_any_type)
{
	static const uint8_t want[] = {0x01, 0x00};
	struct hd_regtext_value v;

	parse_ok("hex(4):01,00", &v);
	expect_bytes(&v, HD_REG_DWORD, want, sizeof want);
	parse_ok("hex(b):01,00", &v);
	expect_bytes(&v, HD_REG_QWORD, want, sizeof want);
	parse_ok("hex(ffffffff):", &v);
	expect_bytes(&v, 0xffffffffu, NULL, 0);
}

/* hex(N) with no number, a too-long number or no "):" is refused. */
Test(regdata, bad_typed_hex_refused)
{
	parse_bad("hex():01");
	parse_bad("hex(123456789):01");
	parse_bad("hex(4:01");
	parse_bad("hex(4)01");
}

/* expand: is REG_EXPAND_SZ, encoded like a string. */
Test(regdata, expand_is_expand_sz)
{
	static const uint8_t want[] = {'%', 0, 'x', 0, '%', 0, 0, 0};
	struct hd_regtext_value v;

	parse_ok("expand:\"%x%\"", &v);
	expect_bytes(&v, HD_REG_EXPAND_SZ, want, sizeof want);
}

/* multi: writes each string + NUL, then a final NUL; empty strings are kept. */
Test(regdata, multi_keeps_empty_items)
{
	static const uint8_t want[] = {'T', 0, 0, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t none[] = {0, 0};
	struct hd_regtext_value v;

	parse_ok("multi:\"T\",\"\",\"\"", &v);
	expect_bytes(&v, HD_REG_MULTI_SZ, want, sizeof want);
	parse_ok("multi:", &v);
	expect_bytes(&v, HD_REG_MULTI_SZ, none, sizeof none);
}

/* multi: items need commas between them. */
Test(regdata, bad_multi_refused)
{
	parse_bad("multi:\"a\" \"b\"");
	parse_bad("multi:a");
}

/* Data up to 16344 bytes is accepted, one byte more is refused (no big-data cells). */
Test(regdata, data_size_limit)
{
	size_t n = HD_REGTEXT_MAX_DATA + 1;
	char *text = malloc(4 + 3 * n);
	struct hd_regtext_value v;

	cr_assert_not_null(text);
	strcpy(text, "hex:");
	for (size_t i = 0; i < n; i++)
		strcpy(text + 4 + 3 * i, i + 1 < n ? "00," : "00");
	cr_assert_not_null(strstr(parse_bad(text), "16344"));
	text[4 + 3 * (n - 1) - 1] = '\0';       /* drop the last byte */
	parse_ok(text, &v);
	cr_assert_eq(v.len, HD_REGTEXT_MAX_DATA);
	free(v.data);
	free(text);
}

/* Deleting values (regedit's "=-") and unknown forms are refused. */
Test(regdata, deletion_and_unknown_forms_refused)
{
	cr_assert_not_null(strstr(parse_bad("-"), "deleting"));
	parse_bad("qword:1");
	parse_bad("");
}
