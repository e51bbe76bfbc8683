/* test_markup.c - hostile strings inside XML and HTML: entities, controls, bytes that are not UTF-8. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/markup.h"
#include "util/textutil.h"

TestSuite(markup);

static char *markup(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(hd_markup_text(f, s), 0);
	fclose(f);
	return buf;
}

/* 1 when s is what an XML 1.0 parser takes as text: UTF-8, XML characters only, no markup but the five entities. */
static int xml_safe(const char *s)
{
	static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };

	if (!hd_utf8_valid(s))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int ok = 0;
		if (*p < 0x20 || *p == '<' || *p == '>' || *p == '"' || *p == '\'')
			return 0;
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			return 0;
		if (*p != '&')
			continue;
		for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
			ok |= strncmp((const char *)p, ents[i], strlen(ents[i])) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

/* The five characters markup reads as syntax become entities. */
Test(markup, entities)
{
	char *s = markup("a&b<c>\"d'e");

	cr_assert_str_eq(s, "a&amp;b&lt;c&gt;&quot;d&#39;e");
	free(s);
}

/* Controls XML 1.0 cannot carry, a newline, a bidi override, U+FFFE/U+FFFF: all shown, none raw. */
Test(markup, controls_visible)
{
	char *s = markup("\x01\x1b[2J\t\nx\xe2\x80\xae" "y\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd");

	cr_assert_str_eq(s, "\\u0001\\u001b[2J\\u0009\\nx\\u202ey\\ufffe\\uffff\xef\xbf\xbd");
	cr_assert(xml_safe(s));
	free(s);
}

/* Bytes that are not UTF-8 (a lone continuation, a cut sequence, an encoded surrogate) as \xHH. */
Test(markup, invalid_utf8)
{
	char *s = markup("a\xff" "b\xc3" "c\xed\xa0\x80" "d\xc3\xbc");

	cr_assert_str_eq(s, "a\\xffb\\xc3c\\xed\\xa0\\x80d\xc3\xbc");
	cr_assert(xml_safe(s));
	free(s);
}

/* NULL is nothing; an empty string too. */
Test(markup, null_empty)
{
	char *s = markup(NULL);

	cr_assert_str_eq(s, "");
	free(s);
	s = markup("");
	cr_assert_str_eq(s, "");
	free(s);
}

/* Whatever the bytes, the result is XML-safe text (a fixed-seed random sweep). */
Test(markup, random_bytes_stay_safe)
{
	unsigned seed = 25;
	char in[24];

	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand_r(&seed) % 23);
		char *s;
		for (size_t i = 0; i < n; i++) {
			int r = rand_r(&seed) % 8;
			/* Bias towards the interesting bytes: controls, markup, lead bytes of EF BF BE. */
			in[i] = (char)(r == 0 ? 0xef : r == 1 ? 0xbf : r == 2 ? 0xbe : r == 3 ? "<&\"'>"[rand_r(&seed) % 5]
			             : 1 + rand_r(&seed) % 255);
		}
		in[n] = '\0';
		s = markup(in);
		cr_assert(xml_safe(s), "round %d: unsafe output for %zu bytes", round, n);
		free(s);
	}
}
