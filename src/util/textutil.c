/*
 * textutil.c - UTF-16LE decoding, name comparison, FILETIME formatting.
 */
#include "util/textutil.h"
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uninorm.h>
#include <uniwidth.h>
#include <wctype.h>

#define FILETIME_TICKS_PER_SEC 10000000ull
#define FILETIME_UNIX_EPOCH_SECS 11644473600ull  /* 1601-01-01 to 1970-01-01 */
#define FILETIME_MAX_SECS 265046774399ull        /* 9999-12-31T23:59:59 since 1601 */

int hd_filetime_iso(uint64_t ft, char buf[HD_ISOTIME_LEN])
{
	uint64_t secs = ft / FILETIME_TICKS_PER_SEC;
	unsigned ticks = (unsigned)(ft % FILETIME_TICKS_PER_SEC);
	struct tm tm;
	time_t t;
	char tmp[96];   /* what the compiler assumes the widest %d can take */
	int n;

	buf[0] = '\0';
	if (ft == 0 || secs > FILETIME_MAX_SECS)
		return -1;
	t = (time_t)((int64_t)secs - (int64_t)FILETIME_UNIX_EPOCH_SECS);
	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%07uZ",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	             tm.tm_min, tm.tm_sec, ticks);
	if (n < 0 || n >= HD_ISOTIME_LEN)
		return -1;
	memcpy(buf, tmp, (size_t)n + 1);
	return 0;
}

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Hand-written rather than iconv: iconv stops at an unpaired surrogate, and
 * registry strings written by buggy software contain them; evidence must be
 * shown (as U+FFFD) rather than dropped.
 */
char *hd_utf16le_to_utf8(const uint8_t *p, size_t nbytes, int stop_at_nul)
{
	size_t units = nbytes / 2, o = 0;
	char *out = malloc(units * 3 + 1);   /* a unit never needs more than 3 bytes */

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < units; i++) {
		uint32_t u = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;

		if (u == 0 && stop_at_nul)
			break;
		if (u >= 0xd800 && u <= 0xdbff && i + 1 < units) {
			uint32_t lo = (uint32_t)p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			} else {
				u = 0xfffd;
			}
		} else if (u >= 0xd800 && u <= 0xdfff) {
			u = 0xfffd;
		}
		o += utf8_put(out + o, u);
	}
	out[o] = '\0';
	return out;
}

/* Decode one UTF-8 sequence at *s; invalid bytes yield 0x80000000 | byte. */
static uint32_t utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t cp;
	int n;

	if (p[0] < 0x80) { *s = p + 1; return p[0]; }
	if ((p[0] & 0xe0) == 0xc0) { cp = p[0] & 0x1fu; n = 1; }
	else if ((p[0] & 0xf0) == 0xe0) { cp = p[0] & 0x0fu; n = 2; }
	else if ((p[0] & 0xf8) == 0xf0) { cp = p[0] & 0x07u; n = 3; }
	else { *s = p + 1; return 0x80000000u | p[0]; }
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) { *s = p + 1; return 0x80000000u | p[0]; }
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*s = p + 1;
		return 0x80000000u | p[0];
	}
	*s = p + n + 1;
	return cp;
}

int hd_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p)
		if (utf8_next(&p) & 0x80000000u)
			return 0;
	return 1;
}

int hd_is_display_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

unsigned hd_char_columns(uint32_t cp)
{
	int cols = uc_width(cp, "UTF-8");

	return cols < 0 ? 1 : (unsigned)cols;
}

size_t hd_utf8_prefix(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *start = p;

	while (*p) {
		const unsigned char *q = p;

		utf8_next(&q);
		if ((size_t)(q - start) > max)
			break;
		p = q;
	}
	return (size_t)(p - start);
}

/* Append the escape of one code point (or invalid byte) to out at *o. */
static void escape_one(uint32_t cp, const unsigned char *from, const unsigned char *to,
                       int controls, char *out, size_t *o)
{
	static const char hex[] = "0123456789abcdef";

	if (cp & 0x80000000u) {
		out[(*o)++] = '\\';
		out[(*o)++] = 'x';
		out[(*o)++] = hex[(cp >> 4) & 15];
		out[(*o)++] = hex[cp & 15];
	} else if (controls && cp == '\n') {
		out[(*o)++] = '\\';
		out[(*o)++] = 'n';
	} else if (controls && hd_is_display_control(cp)) {
		*o += (size_t)sprintf(out + *o, "\\u%04x", (unsigned)cp);
	} else {
		memcpy(out + *o, from, (size_t)(to - from));
		*o += (size_t)(to - from);
	}
}

char *hd_escape_text(const char *s, int controls)
{
	const unsigned char *p = (const unsigned char *)s;
	/* The worst case: every byte becomes the 6 bytes of \u00XX (no sequence grows more). */
	char *out = malloc(strlen(s) * 6 + 1);
	size_t o = 0;

	if (out == NULL)
		return NULL;
	while (*p) {
		const unsigned char *start = p;
		uint32_t cp = utf8_next(&p);

		escape_one(cp, start, p, controls, out, &o);
	}
	out[o] = '\0';
	return out;
}

/*
 * Windows compares key and value names after upper-casing them with its
 * own table, which follows Unicode's simple upper-case mapping; glibc's
 * towupper_l in the C.UTF-8 locale implements that mapping.  The locale is
 * made once, without touching the process's global locale.
 */
static locale_t fold_locale;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_init(void)
{
	fold_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Give the locale back at exit so leak checkers see no block still reachable. */
__attribute__((destructor)) static void fold_fini(void)
{
	if (fold_locale != (locale_t)0)
		freelocale(fold_locale);
	fold_locale = (locale_t)0;
}

static uint32_t fold(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
	if ((cp & 0x80000000u) || fold_locale == (locale_t)0)
		return cp;
	return (uint32_t)towupper_l((wint_t)cp, fold_locale);
}

int hd_name_equal(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	pthread_once(&fold_once, fold_init);
	while (*p && *q)
		if (fold(utf8_next(&p)) != fold(utf8_next(&q)))
			return 0;
	return *p == '\0' && *q == '\0';
}

size_t hd_name_fold(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	pthread_once(&fold_once, fold_init);
	for (; *p; n++) {
		uint32_t cp = fold(utf8_next(&p));
		if (n < max)
			out[n] = cp;
	}
	return n;
}

size_t hd_codepoints(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p; n++) {
		uint32_t cp = utf8_next(&p);
		if (n < max)
			out[n] = cp;
	}
	return n;
}

/*
 * Canonical decomposition (NFD) is libunistring's: its tables are Unicode's
 * own, every script, with the combining marks put in canonical order.
 * Text that is not UTF-8 has no normalization form: 0.
 */
int hd_nfd_equal(const char *a, const char *b)
{
	uint8_t *x = NULL, *y = NULL;
	size_t lx = 0, ly = 0;
	int eq = 0;

	if (strcmp(a, b) == 0)
		return 0;
	x = u8_normalize(UNINORM_NFD, (const uint8_t *)a, strlen(a), NULL, &lx);
	y = x ? u8_normalize(UNINORM_NFD, (const uint8_t *)b, strlen(b), NULL, &ly) : NULL;
	if (x && y)
		eq = lx == ly && memcmp(x, y, lx) == 0;
	free(x);
	free(y);
	return eq;
}

void hd_strv_free(char **v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}
