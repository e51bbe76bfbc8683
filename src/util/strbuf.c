/*
 * strbuf.c - a growing string (hand-written: C11 has none, and the
 * analyzer's libraries offer none outside json-c, which rules must not use).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* Every failure ends the same way, so a failed text never holds memory. */
static void strbuf_fail(struct hd_strbuf *t)
{
	hd_strbuf_clear(t);
	t->failed = 1;
}

static int strbuf_reserve(struct hd_strbuf *t, size_t extra)
{
	size_t want;
	char *grown;

	if (extra >= (size_t)-1 - t->len)
		goto fail;
	want = t->len + extra + 1;
	if (want <= t->cap)
		return 0;
	if (want < 2 * t->cap)
		want = 2 * t->cap;
	grown = realloc(t->s, want);
	if (grown == NULL)
		goto fail;
	t->s = grown;
	t->cap = want;
	return 0;
fail:
	strbuf_fail(t);
	return -1;
}

void hd_strbuf_addf(struct hd_strbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {            /* a conversion vsnprintf cannot make (EILSEQ, EOVERFLOW) */
		strbuf_fail(t);
		return;
	}
	if (strbuf_reserve(t, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

void hd_strbuf_join(struct hd_strbuf *t, char *const *items, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++)
		hd_strbuf_addf(t, "%s%s", i > 0 ? sep : "", items[i]);
}

char *hd_strbuf_take(struct hd_strbuf *t)
{
	char *s;

	if (t->failed) {
		errno = ENOMEM;
		return NULL;
	}
	if (t->s == NULL)
		return strdup("");
	s = t->s;
	t->s = NULL;
	t->len = t->cap = 0;
	return s;
}

const char *hd_strbuf_str(const struct hd_strbuf *t)
{
	if (t->failed) {
		errno = ENOMEM;
		return NULL;
	}
	return t->s != NULL ? t->s : "";
}

void hd_strbuf_clear(struct hd_strbuf *t)
{
	free(t->s);
	t->s = NULL;
	t->len = t->cap = 0;
	t->failed = 0;
}
