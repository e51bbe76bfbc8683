/*
 * jsoncheck.c - a strict, allocation-free JSON checker (jsoncheck.h).
 *
 * Written by hand because it is a few dozen lines and must not allocate:
 * the point is to take the report oracle's cost out of the fuzzer's time.
 * Coverage instrumentation is turned off here, so that the checker's own
 * branches neither slow the harness down nor count as the library's
 * coverage.
 */
#include "jsoncheck.h"

#include <string.h>

#if defined(__clang__)
#define NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define NO_COVERAGE
#endif

struct cur {
	const unsigned char *p, *end;
};

static int value(struct cur *c, int depth, struct json_check *top);

NO_COVERAGE static void skip_ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

NO_COVERAGE static int literal(struct cur *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

NO_COVERAGE static int digits(struct cur *c)
{
	const unsigned char *start = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > start ? 0 : -1;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
NO_COVERAGE static int number(struct cur *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (c->p >= c->end || *c->p < '1' || *c->p > '9' || digits(c) < 0)
		return -1;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (digits(c) < 0)
			return -1;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (digits(c) < 0)
			return -1;
	}
	return 0;
}

/* One UTF-8 sequence of two to four bytes at c->p (a lead byte >= 0x80). */
NO_COVERAGE static int utf8_seq(struct cur *c)
{
	unsigned char b = *c->p;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (b >= 0xc2 && b <= 0xdf)
		n = 2;
	else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		lo = b == 0xe0 ? 0xa0 : 0x80;   /* no overlong form */
		hi = b == 0xed ? 0x9f : 0xbf;   /* no surrogate */
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		lo = b == 0xf0 ? 0x90 : 0x80;
		hi = b == 0xf4 ? 0x8f : 0xbf;   /* nothing past U+10FFFF */
	} else
		return -1;
	if ((size_t)(c->end - c->p) < n || c->p[1] < lo || c->p[1] > hi)
		return -1;
	for (size_t i = 2; i < n; i++)
		if (c->p[i] < 0x80 || c->p[i] > 0xbf)
			return -1;
	c->p += n;
	return 0;
}

NO_COVERAGE static int hex4(struct cur *c)
{
	if (c->end - c->p < 4)
		return -1;
	for (int i = 0; i < 4; i++, c->p++)
		if (!((*c->p >= '0' && *c->p <= '9') || (*c->p >= 'a' && *c->p <= 'f') ||
		      (*c->p >= 'A' && *c->p <= 'F')))
			return -1;
	return 0;
}

/* A string at c->p (the opening quote); *plain: it is "error", unescaped. */
NO_COVERAGE static int string(struct cur *c, int *is_error)
{
	const unsigned char *start;

	if (c->p >= c->end || *c->p != '"')
		return -1;
	start = ++c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return -1;
		if (*c->p >= 0x80) {
			if (utf8_seq(c) < 0)
				return -1;
			continue;
		}
		if (*c->p++ != '\\')
			continue;
		if (c->p >= c->end)
			return -1;
		if (*c->p == 'u') {
			c->p++;
			if (hex4(c) < 0)
				return -1;
		} else if (strchr("\"\\/bfnrt", *c->p) != NULL && *c->p != '\0')
			c->p++;
		else
			return -1;
	}
	if (c->p >= c->end)
		return -1;
	if (is_error != NULL)
		*is_error = c->p - start == 5 && memcmp(start, "error", 5) == 0;
	c->p++;
	return 0;
}

NO_COVERAGE static int members(struct cur *c, int depth, struct json_check *top, char close)
{
	int first = 1;

	c->p++;
	skip_ws(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		return 0;
	}
	for (;;) {
		if (!first) {
			skip_ws(c);
			if (c->p < c->end && *c->p == close) {
				c->p++;
				return 0;
			}
			if (c->p >= c->end || *c->p != ',')
				return -1;
			c->p++;
		}
		first = 0;
		skip_ws(c);
		if (close == '}') {
			int is_error = 0;

			if (string(c, &is_error) < 0)
				return -1;
			if (is_error && depth == 1 && top != NULL)
				top->has_error = 1;
			skip_ws(c);
			if (c->p >= c->end || *c->p != ':')
				return -1;
			c->p++;
		}
		if (value(c, depth, NULL) < 0)
			return -1;
	}
}

NO_COVERAGE static int value(struct cur *c, int depth, struct json_check *top)
{
	skip_ws(c);
	if (c->p >= c->end)
		return -1;
	switch (*c->p) {
	case '{':
	case '[':
		if (depth >= JSON_CHECK_DEPTH)
			return -1;
		if (top != NULL)
			top->is_object = *c->p == '{';
		return members(c, depth + 1, top, *c->p == '{' ? '}' : ']');
	case '"':
		return string(c, NULL);
	case 't':
		return literal(c, "true");
	case 'f':
		return literal(c, "false");
	case 'n':
		return literal(c, "null");
	default:
		return number(c);
	}
}

NO_COVERAGE int json_check(const char *text, size_t len, struct json_check *out)
{
	struct cur c = { (const unsigned char *)text, (const unsigned char *)text + len };

	memset(out, 0, sizeof *out);
	if (value(&c, 0, out) < 0)
		return -1;
	skip_ws(&c);
	return c.p == c.end ? 0 : -1;
}

int json_check_selftest(void)
{
	static const char *const good[] = {
		"{}", " { \"a\" : [1, -0.5e+3, true, false, null, \"\\u00e9\\n\\/\"] } \n",
		"{\"error\":{\"code\":\"x\"}}", "[[[]]]", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", "0",
	};
	static const char *const bad[] = {
		"", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "01", "1.", "-", "1e", "tru", "{} x",
		"\"\x01\"", "\"\\x\"", "\"\\u12g4\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
		"\"\xe2\x82\"", "\"abc", "{\"a\" 1}", "NaN",
	};
	char deep[2 * JSON_CHECK_DEPTH + 3];
	struct json_check r;

	for (int d = JSON_CHECK_DEPTH; d <= JSON_CHECK_DEPTH + 1; d++) {
		memset(deep, '[', (size_t)d);
		memset(deep + d, ']', (size_t)d);
		if ((json_check(deep, 2 * (size_t)d, &r) == 0) != (d == JSON_CHECK_DEPTH))
			return -1;
	}

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (json_check(good[i], strlen(good[i]), &r) != 0)
			return -1;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (json_check(bad[i], strlen(bad[i]), &r) == 0)
			return -1;
	if (json_check("{\"x\":{\"error\":1}}", 17, &r) != 0 || !r.is_object || r.has_error)
		return -1;
	if (json_check("{\"error\":1}", 11, &r) != 0 || !r.is_object || !r.has_error)
		return -1;
	return 0;
}
