/*
 * test_regtext.c - REGEDIT4-style text to keys and values: first line,
 * sections, continuation lines, merging, and errors that name their line.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/hive.h"
#include "hive/regtext.h"

TestSuite(regtext);

static struct hd_regtext doc;
static struct hd_regtext_error err;

static void parse_ok(const char *text)
{
	cr_assert_eq(hd_regtext_parse(text, strlen(text), &doc, &err), 0,
	             "line %u: %s", err.line, err.message);
}

/* Expect a refusal on line; returns the message. */
static const char *parse_bad(const char *text, size_t len, unsigned line)
{
	cr_assert_eq(hd_regtext_parse(text, len, &doc, &err), -1, "accepted: %s", text);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(err.line, line, "error on line %u (%s), wanted %u", err.line, err.message, line);
	cr_assert_eq(doc.n_keys, 0, "a failed parse leaves the document empty");
	return err.message;
}

static const char *bad(const char *text, unsigned line)
{
	return parse_bad(text, strlen(text), line);
}

static void done(void)
{
	hd_regtext_clear(&doc);
}

/* Keys keep their order; each holds its values with their lines. */
Test(regtext, keys_and_values_in_order, .fini = done)
{
	parse_ok("REGEDIT4\n\n; comment\n[Select]\n\"Current\"=dword:1\n"
	         "[ControlSet001\\Services]\n@=\"d\"\n\"A\"=\"x\"\n");
	cr_assert_eq(doc.n_keys, 2);
	cr_assert_str_eq(doc.keys[0].path, "Select");
	cr_assert_eq(doc.keys[0].line, 4);
	cr_assert_eq(doc.keys[0].n_values, 1);
	cr_assert_str_eq(doc.keys[0].values[0].name, "Current");
	cr_assert_eq(doc.keys[0].values[0].line, 5);
	cr_assert_str_eq(doc.keys[1].path, "ControlSet001\\Services");
	cr_assert_eq(doc.keys[1].n_values, 2);
	cr_assert_str_eq(doc.keys[1].values[0].name, "", "@ is the default value");
	cr_assert_str_eq(doc.keys[1].values[1].name, "A");
}

/* A key section with no values is still a key. */
Test(regtext, empty_section_is_a_key, .fini = done)
{
	parse_ok("REGEDIT4\n[Services\\Tcpip\\Linkage]\n");
	cr_assert_eq(doc.n_keys, 1);
	cr_assert_eq(doc.keys[0].n_values, 0);
}

/* The first line must be REGEDIT4; a regedit 5 header is refused. */
Test(regtext, signature_required, .fini = done)
{
	bad("", 1);
	bad("[A]\n", 1);
	bad("Windows Registry Editor Version 5.00\n[A]\n", 1);
	bad("REGEDIT4x\n", 1);
}

/* A UTF-8 byte-order mark, CRLF line ends and trailing blanks are accepted. */
Test(regtext, bom_crlf_and_trailing_blanks, .fini = done)
{
	parse_ok("\xef\xbb\xbfREGEDIT4\r\n[A]  \r\n\"x\"=dword:1\t\r\n");
	cr_assert_eq(doc.n_keys, 1);
	cr_assert_str_eq(doc.keys[0].path, "A");
	cr_assert_eq(doc.keys[0].n_values, 1);
}

/* A UTF-16 file (what regedit 5 writes) is refused by its byte-order mark. */
Test(regtext, utf16_refused, .fini = done)
{
	cr_assert_not_null(strstr(parse_bad("\xff\xfeR\0E\0", 6, 1), "UTF-16"));
}

/* A NUL byte is refused and its line named. */
Test(regtext, nul_byte_names_its_line, .fini = done)
{
	static const char text[] = "REGEDIT4\n[A]\n\"x\"=\"a\0b\"\n";

	parse_bad(text, sizeof text - 1, 3);
}

/* A trailing backslash outside quotes joins the next line, minus its indent. */
Test(regtext, continuation_lines_join, .fini = done)
{
	parse_ok("REGEDIT4\n[A]\n\"B\"=hex:01,02,\\\n    03,\\\n  04\n\"M\"=multi:\"a\",\\\n \"b\"\n\"C\"=dword:5\n");
	cr_assert_eq(doc.keys[0].n_values, 3);
	cr_assert_eq(doc.keys[0].values[0].len, 4);
	cr_assert_eq(doc.keys[0].values[0].data[3], 4);
	cr_assert_eq(doc.keys[0].values[1].len, 10, "a, b, each with NUL, then the final NUL");
	cr_assert_eq(doc.keys[0].values[2].line, 8, "line numbers count physical lines");
}

/* A backslash inside a string does not continue the line. */
Test(regtext, backslash_in_string_is_not_continuation, .fini = done)
{
	parse_ok("REGEDIT4\n[A]\n\"P\"=\"C:\\\\\"\n\"Q\"=dword:1\n");
	cr_assert_eq(doc.keys[0].n_values, 2);
	cr_assert_eq(doc.keys[0].values[0].len, 8, "C, :, \\, NUL in UTF-16");
}

/* An error inside a continued value names the line where the value starts. */
Test(regtext, error_in_continued_value_names_first_line, .fini = done)
{
	bad("REGEDIT4\n[A]\n\"B\"=hex:01,\\\n  zz\n", 3);
}

/* The last line may not end in a continuation backslash. */
Test(regtext, continuation_at_end_refused, .fini = done)
{
	bad("REGEDIT4\n[A]\n\"B\"=hex:01,\\\n", 3);
}

/* Sections naming the same key in any letter case merge; the first spelling stays. */
Test(regtext, repeated_sections_merge, .fini = done)
{
	parse_ok("REGEDIT4\n[Services\\Tcpip]\n\"a\"=dword:1\n[B]\n[SERVICES\\tcpip]\n\"b\"=dword:2\n");
	cr_assert_eq(doc.n_keys, 2);
	cr_assert_str_eq(doc.keys[0].path, "Services\\Tcpip");
	cr_assert_eq(doc.keys[0].n_values, 2);
	cr_assert_str_eq(doc.keys[0].values[1].name, "b");
}

/* A value set twice in one key (names compare case-insensitively) is refused. */
Test(regtext, value_set_twice_refused, .fini = done)
{
	const char *m = bad("REGEDIT4\n[A]\n\"Start\"=dword:2\n[a]\n\"START\"=dword:3\n", 5);

	cr_assert_not_null(strstr(m, "line 3"), "%s", m);
}

/* A value needs a [key] line before it. */
Test(regtext, value_before_section_refused, .fini = done)
{
	bad("REGEDIT4\n; c\n\"x\"=dword:1\n", 3);
}

/* Empty key names, HKEY_ prefixes and key deletion are refused. */
Test(regtext, bad_section_paths_refused, .fini = done)
{
	bad("REGEDIT4\n[]\n", 2);
	bad("REGEDIT4\n[\\A]\n", 2);
	bad("REGEDIT4\n[A\\]\n", 2);
	bad("REGEDIT4\n[A\\\\B]\n", 2);
	bad("REGEDIT4\n[A\n", 2);
	cr_assert_not_null(strstr(bad("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n", 2), "HKEY_LOCAL_MACHINE"));
	cr_assert_not_null(strstr(bad("REGEDIT4\n[-A]\n", 2), "deleting"));
}

/* A key name of 255 characters is accepted, 256 refused (Windows' limit). */
Test(regtext, key_name_length_limit, .fini = done)
{
	char text[600] = "REGEDIT4\n[";
	size_t n = strlen(text);

	memset(text + n, 'k', 255);
	strcpy(text + n + 255, "]\n");
	parse_ok(text);
	hd_regtext_clear(&doc);
	memset(text + n, 'k', 256);
	strcpy(text + n + 256, "]\n");
	bad(text, 2);
}

/* The default value is written @=; ""= and a missing '=' are refused. */
Test(regtext, value_name_forms, .fini = done)
{
	bad("REGEDIT4\n[A]\n\"\"=\"x\"\n", 3);
	bad("REGEDIT4\n[A]\n\"x\" = \"y\"\n", 3);
	bad("REGEDIT4\n[A]\n\"x\n", 3);
}

/* Any other line is refused with its number. */
Test(regtext, stray_line_refused, .fini = done)
{
	bad("REGEDIT4\n[A]\n\"x\"=dword:1\nfoo\n", 4);
}

/* Leading blanks before a statement are ignored. */
Test(regtext, leading_blanks_ignored, .fini = done)
{
	parse_ok("REGEDIT4\n  [A]\n\t\"x\"=dword:1\n   ; indented comment\n");
	cr_assert_eq(doc.keys[0].n_values, 1);
}

/* !time= sets the current key's last-write time (FILETIME, UTC); 0 means the builder's own. */
Test(regtext, time_directive, .fini = done)
{
	parse_ok("REGEDIT4\n[A]\n!time=2002-03-01T10:00:00Z\n\"v\"=\"x\"\n[B]\n");
	cr_assert_eq(doc.n_keys, 2);
	/* 2002-03-01T10:00:00Z: Unix 1014976800, + 11644473600 s, in 100 ns units */
	cr_assert_eq(doc.keys[0].time, (1014976800ull + 11644473600ull) * 10000000ull);
	cr_assert_eq(doc.keys[0].time_line, 3);
	cr_assert_eq(doc.keys[1].time, 0);
	cr_assert_eq(doc.keys[1].time_line, 0);
}

/* The FILETIME epoch and leap days convert exactly. */
Test(regtext, time_conversion)
{
	uint64_t ft = 1;

	cr_assert_eq(hd_regdata_time("1601-01-01T00:00:00Z", &ft), 0);
	cr_assert_eq(ft, 0);
	cr_assert_eq(hd_regdata_time("2000-02-29T23:59:59Z", &ft), 0);
	cr_assert_eq(ft, (951868799ull + 11644473600ull) * 10000000ull);
	cr_assert_eq(hd_regdata_time("2001-02-29T00:00:00Z", &ft), -1, "no 29 February in 2001");
	cr_assert_eq(hd_regdata_time("1600-12-31T23:59:59Z", &ft), -1, "before the FILETIME epoch");
	cr_assert_eq(hd_regdata_time("2002-03-01 10:00:00Z", &ft), -1);
	cr_assert_eq(hd_regdata_time("2002-03-01T10:00:00", &ft), -1, "UTC only");
	cr_assert_eq(hd_regdata_time("2002-03-01T24:00:00Z", &ft), -1);
	cr_assert_eq(hd_regdata_time("+002-03-01T10:00:00Z", &ft), -1);
}

/* A bad time, a second one for the same key, one before any key, an unknown directive. */
Test(regtext, time_directive_refusals, .fini = done)
{
	cr_assert_not_null(strstr(bad("REGEDIT4\n[A]\n!time=2002-13-01T00:00:00Z\n", 3), "YYYY-MM-DDTHH:MM:SSZ"));
	cr_assert_not_null(strstr(bad("REGEDIT4\n[A]\n!time=2002-03-01T10:00:00Z\n[a]\n"
	                              "!time=2002-03-02T10:00:00Z\n", 5), "set twice"));
	cr_assert_not_null(strstr(bad("REGEDIT4\n!time=2002-03-01T10:00:00Z\n", 2), "before the first"));
	cr_assert_not_null(strstr(bad("REGEDIT4\n[A]\n!owner=me\n", 3), "unknown directive"));
}

/* The export dialect (issue 22): what regedit writes, parsed from a customer's file. */
static const struct hd_regtext_opts export_opts = { HD_REGTEXT_EXPORT };

static void export_ok(const char *text, size_t len)
{
	cr_assert_eq(hd_regtext_parse_opts(text, len, &export_opts, &doc, &err), 0,
	             "line %u: %s", err.line, err.message);
}

static const char *export_bad(const char *text, unsigned line)
{
	cr_assert_eq(hd_regtext_parse_opts(text, strlen(text), &export_opts, &doc, &err), -1, "accepted: %s", text);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(err.line, line, "error on line %u (%s), wanted %u", err.line, err.message, line);
	cr_assert_eq(doc.n_keys, 0);
	return err.message;
}

/* Version 5's first line and full paths are read; hivexregedit's "[ROOT\]" is the root itself. */
Test(regtext, export_dialect_paths, .fini = done)
{
	const char *t = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\]\r\n"
	                "\"Top\"=dword:00000001\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n\"Current\"=dword:1\r\n";

	export_ok(t, strlen(t));
	cr_assert_str_eq(doc.format, "5.00");
	cr_assert_eq(doc.n_keys, 2);
	cr_assert_str_eq(doc.keys[0].path, "HKEY_LOCAL_MACHINE\\SYSTEM");
	cr_assert_str_eq(doc.keys[1].path, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select");
}

/* The samples' dialect keeps refusing both, and the export dialect refuses !time=. */
Test(regtext, export_dialect_is_opt_in, .fini = done)
{
	cr_assert_not_null(strstr(bad("Windows Registry Editor Version 5.00\n[A]\n", 1), "REGEDIT4"));
	cr_assert_not_null(strstr(bad("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n", 2), "below the hive root"));
	cr_assert_not_null(strstr(export_bad("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n!time=2002-03-01T10:00:00Z\n", 3),
	                          "no key time"));
	cr_assert_not_null(strstr(export_bad("REGEDIT5\n", 1), "Version 5.00"));
}

/* prefix, then a hex: value of n bytes, then a small value: a new string. */
static char *big_value(const char *prefix, size_t n)
{
	size_t cap = strlen(prefix) + 3 * n + 64;
	char *t = malloc(cap), *p;

	cr_assert_not_null(t);
	p = t + snprintf(t, cap, "%s\"Big\"=hex:", prefix);
	for (size_t i = 0; i < n; i++)
		p += snprintf(p, 4, i + 1 < n ? "ab," : "ab");
	snprintf(p, 32, "\n\"Small\"=dword:2\n");
	return t;
}

/* A value too large for a hive is left out and counted, the values after it kept. */
Test(regtext, export_omits_large_values, .fini = done)
{
	char *t = big_value("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n", 20000);

	export_ok(t, strlen(t));
	cr_assert_eq(doc.n_omitted, 1);
	cr_assert_eq(doc.first_omitted_line, 3);
	cr_assert_eq(doc.keys[0].n_values, 1);
	cr_assert_str_eq(doc.keys[0].values[0].name, "Small");
	hd_regtext_clear(&doc);
	free(t);
	/* The samples' dialect still refuses it, naming the limit. */
	t = big_value("REGEDIT4\n[A]\n", 20000);
	cr_assert_not_null(strstr(bad(t, 3), "16344"));
	free(t);
}

/*
 * A statement past HD_REGTEXT_MAX_STATEMENT: its continuation lines are read
 * and dropped (never buffered), the value left out, the next line parsed as
 * its own statement; a [key] line that long is an error.
 */
Test(regtext, export_statement_bound, .fini = done)
{
	size_t lines = HD_REGTEXT_MAX_STATEMENT / 70 + 10, len;
	char *t = malloc(128 + lines * 80), *p;

	cr_assert_not_null(t);
	p = t + snprintf(t, 128, "REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n\"Long\"=hex:00,\\\n");
	for (size_t i = 0; i < lines; i++)
		p += snprintf(p, 80, "  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00%s\n",
		              i + 1 < lines ? ",\\" : "");
	p += snprintf(p, 32, "\"After\"=\"x\"\n");
	len = (size_t)(p - t);
	export_ok(t, len);
	cr_assert_eq(doc.n_omitted, 1);
	cr_assert_eq(doc.keys[0].n_values, 1);
	cr_assert_str_eq(doc.keys[0].values[0].name, "After");
	hd_regtext_clear(&doc);
	free(t);

	t = malloc(HD_REGTEXT_MAX_STATEMENT + 64);
	cr_assert_not_null(t);
	p = t + snprintf(t, 64, "REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\");
	memset(p, 'k', HD_REGTEXT_MAX_STATEMENT);
	p += HD_REGTEXT_MAX_STATEMENT;
	*p++ = ']';
	*p = '\0';
	cr_assert_not_null(strstr(export_bad(t, 2), "line longer than"));
	free(t);
}
