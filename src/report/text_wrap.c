/*
 * text_wrap.c - wrapped, optionally coloured text (see text_wrap.h).
 */
#include "report/text_wrap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regval.h"
#include "util/strbuf.h"
#include "util/textutil.h"

#define MAX_SHOWN_ITEMS 16      /* list items shown; the count says the rest */
#define MAX_SHOWN_BYTES 32      /* binary bytes shown as hex */

void hd_tw_init(struct hd_tw *w, FILE *f, unsigned width, int color)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->width = width;
	w->color = color;
}

static void put(struct hd_tw *w, const char *p, size_t n)
{
	if (!w->failed && n > 0 && fwrite(p, 1, n, w->f) != n) {
		w->failed = 1;
		w->err = errno ? errno : EIO;
	}
}

/* Length of the UTF-8 sequence at p (1 for a stray byte). */
static size_t seq_len(const unsigned char *p)
{
	size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * What never reaches a terminal raw: a character hd_is_display_control
 * names (C0, DEL, C1, the bidirectional controls and marks: issue 26), a
 * stray byte, and a sequence that is not UTF-8 (overlong, a surrogate,
 * beyond U+10FFFF).  n is what seq_len found: the continuation bytes are.
 */
static int is_control(const unsigned char *p, size_t n)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1fu : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;

	if (n == 1)
		return *p >= 0x80 || hd_is_display_control(cp);
	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p[i] & 0x3fu);
	return p[0] > 0xf4 || cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	       hd_is_display_control(cp);
}

/* Write n bytes of s, controls as '?'; counts characters. */
static void put_clean(struct hd_tw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		size_t k = seq_len(p);
		if (k > (size_t)(end - p))
			k = 1;
		if (is_control(p, k))
			put(w, "?", 1);
		else
			put(w, (const char *)p, k);
		w->col++;
		p += k;
	}
}

static size_t chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void hd_tw_text(struct hd_tw *w, const char *s)
{
	put_clean(w, s, strlen(s));
}

void hd_tw_styled(struct hd_tw *w, const char *sgr, const char *s)
{
	if (w->color) {
		put(w, "\033[", 2);
		put(w, sgr, strlen(sgr));
		put(w, "m", 1);
	}
	hd_tw_text(w, s);
	if (w->color)
		put(w, "\033[0m", 4);
}

void hd_tw_newline(struct hd_tw *w)
{
	put(w, "\n", 1);
	w->col = 0;
}

static void indent(struct hd_tw *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put(w, " ", 1);
	w->col = n;
}

void hd_tw_para(struct hd_tw *w, const char *prefix, unsigned hang, const char *text)
{
	const char *p = text + strspn(text, " ");
	int fresh = 1;          /* no word on this line yet */

	if (w->col == 0)
		hd_tw_text(w, prefix);
	while (*p) {
		size_t word = strcspn(p, " "), wc = chars(p, word);

		if (!fresh && w->col + 1 + wc > w->width) {
			hd_tw_newline(w);
			indent(w, hang);
			fresh = 1;
		}
		if (!fresh)
			put_clean(w, " ", 1);
		put_clean(w, p, word);
		fresh = 0;
		p += word;
		p += strspn(p, " ");
	}
	hd_tw_newline(w);
}

int hd_tw_finish(struct hd_tw *w)
{
	if (!w->failed && fflush(w->f) != 0) {
		w->failed = 1;
		w->err = errno;
	}
	if (w->failed) {
		errno = w->err;
		return -1;
	}
	return 0;
}

static void add_list(struct hd_strbuf *b, char **items, size_t n)
{
	hd_strbuf_addf(b, "[");
	for (size_t i = 0; i < n && i < MAX_SHOWN_ITEMS; i++)
		hd_strbuf_addf(b, "%s\"%s\"", i ? ", " : "", items[i]);
	if (n > MAX_SHOWN_ITEMS)
		hd_strbuf_addf(b, ", ... (%zu in all)", n);
	hd_strbuf_addf(b, "]");
}

static void add_data(struct hd_strbuf *b, const struct hd_raw_value *v)
{
	char *s = NULL, **items = NULL;
	size_t n = 0;
	uint32_t d;

	if (hd_decode_string(v, &s) == HD_DECODE_OK) {
		hd_strbuf_addf(b, "\"%s\"", s);
		free(s);
	} else if (hd_decode_multi(v, &items, &n) == HD_DECODE_OK) {
		add_list(b, items, n);
		hd_strv_free(items);
	} else if (hd_decode_dword(v, &d) == HD_DECODE_OK) {
		hd_strbuf_addf(b, "0x%08x (%u)", d, d);
	} else {
		for (size_t i = 0; i < v->len && i < MAX_SHOWN_BYTES; i++)
			hd_strbuf_addf(b, "%02x", v->data[i]);
		hd_strbuf_addf(b, v->len > MAX_SHOWN_BYTES ? "... (%zu bytes)" : " (%zu bytes)", v->len);
	}
}

char *hd_tw_value_text(const struct hd_regval *rv)
{
	struct hd_strbuf b = { 0 };
	const char *tname = hd_regtype_name(rv->raw.type);
	char *s;

	if (rv->status == HD_ABSENT)
		hd_strbuf_addf(&b, "(absent%s)", rv->key_found ? "" : ": its key is absent");
	else if (rv->status != HD_FOUND)
		hd_strbuf_addf(&b, "(unreadable)");
	else {
		add_data(&b, &rv->raw);
		if (tname)
			hd_strbuf_addf(&b, " %s", tname);
		else
			hd_strbuf_addf(&b, " type 0x%08x", rv->raw.type);
	}
	s = hd_strbuf_take(&b);
	hd_strbuf_clear(&b);
	return s;
}
