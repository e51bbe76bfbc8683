/*
 * regdata.c - the data part of a value line: "text", dword:, hex:, hex(N):,
 * and the extensions expand: and multi:, encoded as a hive stores them.
 */
#include "hive/regtext.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/hive.h"

struct bytebuf {
	uint8_t *p;
	size_t len, cap;
};

static int buf_append(struct bytebuf *b, const void *src, size_t n)
{
	size_t cap = b->cap ? b->cap : 64;
	uint8_t *p;

	if (n > HD_REGTEXT_MAX_DATA || b->len > HD_REGTEXT_MAX_DATA - n) {
		errno = EFBIG;
		return -1;
	}
	while (cap < b->len + n)
		cap *= 2;
	if (cap != b->cap) {
		p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	return 0;
}

/* glibc's iconv does the UTF-8 decoding, including refusing bad sequences. */
int hd_regdata_utf16le(const char *s, uint8_t **out, size_t *len)
{
	/* One UTF-8 byte never yields more than 2 bytes of UTF-16. */
	size_t in_left = strlen(s), cap = 2 * in_left + 2, out_left = cap;
	char *in = (char *)s;   /* iconv's POSIX prototype is not const */
	char *buf = NULL, *o;
	iconv_t cd = (iconv_t)-1;
	int rc = -1, err;

	*out = NULL;
	*len = 0;
	buf = malloc(cap);
	if (buf == NULL)
		goto done;
	cd = iconv_open("UTF-16LE", "UTF-8");
	if (cd == (iconv_t)-1)
		goto done;
	o = buf;
	if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
		errno = EILSEQ;     /* also for a sequence cut short (EINVAL) */
		goto done;
	}
	*out = (uint8_t *)buf;
	*len = cap - out_left;
	buf = NULL;
	rc = 0;
done:
	err = errno;
	free(buf);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	errno = err;
	return rc;
}

int hd_regdata_unquote(const char **p, char **out, const char **why)
{
	const char *s = *p;
	struct bytebuf b = {0};
	static const char nul = '\0';

	*out = NULL;
	errno = EINVAL;
	if (*s != '"') {
		*why = "expected a quoted string";
		goto fail;
	}
	for (s++; *s != '"'; s++) {
		if (*s == '\0') {
			*why = "string has no closing quote";
			goto fail;
		}
		if (*s == '\\' && (s[1] == '\\' || s[1] == '"'))
			s++;
		else if (*s == '\\') {
			*why = "unknown escape in string (only \\\" and \\\\; write \\\\ for a backslash)";
			goto fail;
		}
		if (buf_append(&b, s, 1) != 0)
			goto fail;
	}
	if (buf_append(&b, &nul, 1) != 0)
		goto fail;
	*p = s + 1;
	*out = (char *)b.p;
	return 0;
fail:
	if (errno == EFBIG) {
		*why = "string longer than 16344 bytes";
		errno = EINVAL;
	}
	free(b.p);
	return -1;
}

/* Append s as UTF-16LE, then a UTF-16 NUL when terminate. */
static int append_utf16(struct bytebuf *b, const char *s, int terminate, const char **why)
{
	static const uint8_t nul16[2] = {0, 0};
	uint8_t *u = NULL;
	size_t n = 0;
	int rc = -1;

	if (hd_regdata_utf16le(s, &u, &n) != 0) {
		if (errno == EILSEQ) {
			*why = "string is not valid UTF-8";
			errno = EINVAL;
		}
		return -1;
	}
	if (buf_append(b, u, n) == 0 && (!terminate || buf_append(b, nul16, 2) == 0))
		rc = 0;
	free(u);
	return rc;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 to max_digits hex digits at *p into *out; *p moves past them. */
static int parse_hex_number(const char **p, unsigned max_digits, uint32_t *out)
{
	const char *s = *p;
	uint32_t v = 0;
	unsigned n = 0;

	for (; hex_digit(*s) >= 0 && n < max_digits; s++, n++)
		v = v << 4 | (uint32_t)hex_digit(*s);
	if (n == 0 || hex_digit(*s) >= 0)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "01,02,ff" (blanks allowed around bytes; empty list allowed) */
static int parse_hex_bytes(const char *s, struct bytebuf *b, const char **why)
{
	uint32_t byte;
	uint8_t c;

	s = skip_blanks(s);
	if (*s == '\0')
		return 0;
	for (;;) {
		if (parse_hex_number(&s, 2, &byte) != 0) {
			*why = "expected a byte of two hex digits";
			errno = EINVAL;
			return -1;
		}
		c = (uint8_t)byte;
		if (buf_append(b, &c, 1) != 0)
			return -1;
		s = skip_blanks(s);
		if (*s == '\0')
			return 0;
		if (*s != ',') {
			*why = "expected ',' between bytes";
			errno = EINVAL;
			return -1;
		}
		s = skip_blanks(s + 1);
	}
}

/* "a","",""  each string + NUL, then the NUL that ends the list */
static int parse_multi(const char *s, struct bytebuf *b, const char **why)
{
	static const uint8_t nul16[2] = {0, 0};
	char *item = NULL;

	s = skip_blanks(s);
	while (*s != '\0') {
		if (hd_regdata_unquote(&s, &item, why) != 0)
			return -1;
		if (append_utf16(b, item, 1, why) != 0) {
			free(item);
			return -1;
		}
		free(item);
		s = skip_blanks(s);
		if (*s == ',')
			s = skip_blanks(s + 1);
		else if (*s != '\0') {
			*why = "expected ',' between strings";
			errno = EINVAL;
			return -1;
		}
	}
	return buf_append(b, nul16, 2);
}

static int parse_text(const char *s, struct bytebuf *b, const char **why)
{
	char *text = NULL;
	int rc;

	if (hd_regdata_unquote(&s, &text, why) != 0)
		return -1;
	rc = append_utf16(b, text, 1, why);
	free(text);
	if (rc == 0 && *skip_blanks(s) != '\0') {
		*why = "unexpected text after the closing quote";
		errno = EINVAL;
		rc = -1;
	}
	return rc;
}

static int parse_dword(const char *s, struct bytebuf *b, const char **why)
{
	uint32_t v;
	uint8_t le[4];

	if (parse_hex_number(&s, 8, &v) != 0 || *skip_blanks(s) != '\0') {
		*why = "dword: takes 1 to 8 hex digits";
		errno = EINVAL;
		return -1;
	}
	le[0] = (uint8_t)v;
	le[1] = (uint8_t)(v >> 8);
	le[2] = (uint8_t)(v >> 16);
	le[3] = (uint8_t)(v >> 24);
	return buf_append(b, le, sizeof le);
}

/* hex(N): with N in hex, as regedit writes it (hex(7) is REG_MULTI_SZ). */
static int parse_typed_hex(const char *s, uint32_t *type, struct bytebuf *b, const char **why)
{
	if (parse_hex_number(&s, 8, type) != 0 || strncmp(s, "):", 2) != 0) {
		*why = "hex(N): takes a type number of 1 to 8 hex digits";
		errno = EINVAL;
		return -1;
	}
	return parse_hex_bytes(s + 2, b, why);
}

static int parse_by_form(const char *s, uint32_t *type, struct bytebuf *b, const char **why)
{
	if (*s == '"') {
		*type = HD_REG_SZ;
		return parse_text(s, b, why);
	}
	if (strncmp(s, "expand:", 7) == 0) {
		*type = HD_REG_EXPAND_SZ;
		return parse_text(s + 7, b, why);
	}
	if (strncmp(s, "multi:", 6) == 0) {
		*type = HD_REG_MULTI_SZ;
		return parse_multi(s + 6, b, why);
	}
	if (strncmp(s, "dword:", 6) == 0) {
		*type = HD_REG_DWORD;
		return parse_dword(s + 6, b, why);
	}
	if (strncmp(s, "hex:", 4) == 0) {
		*type = HD_REG_BINARY;
		return parse_hex_bytes(s + 4, b, why);
	}
	if (strncmp(s, "hex(", 4) == 0)
		return parse_typed_hex(s + 4, type, b, why);
	*why = *s == '-' ? "deleting a value is not supported"
	                 : "unknown data (want \"text\", dword:, hex:, hex(N):, expand: or multi:)";
	errno = EINVAL;
	return -1;
}

const char hd_regdata_too_large[] = "data longer than 16344 bytes (hivex writes no big-data records)";

int hd_regdata_parse(const char *text, struct hd_regtext_value *v, const char **why)
{
	struct bytebuf b = {0};
	uint32_t type = HD_REG_NONE;

	v->hex_form = strncmp(text, "hex", 3) == 0;
	if (parse_by_form(text, &type, &b, why) != 0) {
		if (errno == EFBIG) {
			*why = hd_regdata_too_large;
			errno = EINVAL;
		}
		free(b.p);
		return -1;
	}
	v->type = type;
	v->data = b.p;
	v->len = b.len;
	return 0;
}

/* Seconds from 1601-01-01 to 1970-01-01: FILETIME's epoch to Unix's. */
#define FILETIME_UNIX_OFFSET 11644473600LL

/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
static long long days_from_civil(int y, unsigned m, unsigned d)
{
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + (long long)doe - 719468;
}

static int days_in_month(int y, unsigned m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

int hd_regdata_time(const char *text, uint64_t *filetime)
{
	int y = 0;
	unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
	int n = 0;
	long long secs;

	/* Exactly 20 characters: digits where digits belong, no sign, no blanks. */
	if (strlen(text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
	    text[13] != ':' || text[16] != ':' || text[19] != 'Z')
		goto bad;
	for (int i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (text[i] < '0' || text[i] > '9'))
			goto bad;
	if (sscanf(text, "%4d-%2u-%2uT%2u:%2u:%2uZ%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 || n != 20 ||
	    y < 1601 || mo < 1 || mo > 12 || d < 1 || (int)d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 59)
		goto bad;
	secs = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + s + FILETIME_UNIX_OFFSET;
	*filetime = (uint64_t)secs * 10000000u;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
