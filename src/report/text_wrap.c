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

/* The code point of the sequence of n bytes at p. */
static uint32_t code_point(const unsigned char *p, size_t n)
{
	uint32_t cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1fu : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p[i] & 0x3fu);
	return cp;
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
	uint32_t cp = code_point(p, n);

	if (n == 1)
		return *p >= 0x80 || hd_is_display_control(cp);
	return p[0] > 0xf4 || cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	       hd_is_display_control(cp);
}

/*
 * Columns the sequence of n bytes at p takes on a terminal (issue 25: a CJK
 * character takes two, a combining mark none); a control, shown as '?',
 * takes one.
 */
static unsigned columns_of(const unsigned char *p, size_t n)
{
	if (n == 1 && *p >= 0x20 && *p < 0x7f)
		return 1;
	return is_control(p, n) ? 1 : hd_char_columns(code_point(p, n));
}

/* Printable ASCII bytes from p on: one column each, written as they are
 * (the common case, taken a run at a time rather than a byte at a time). */
static size_t ascii_run(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;

	while (q < end && *q >= 0x20 && *q < 0x7f)
		q++;
	return (size_t)(q - p);
}

/* The next sequence of s (at most end - p bytes): its length. */
static size_t next_len(const unsigned char *p, const unsigned char *end)
{
	size_t k = seq_len(p);

	return k > (size_t)(end - p) ? 1 : k;
}

/* Write n bytes of s, controls as '?'; counts display columns. */
static void put_clean(struct hd_tw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		size_t k = ascii_run(p, end);

		if (k > 0) {
			put(w, (const char *)p, k);
			w->col += (unsigned)k;
			p += k;
			continue;
		}
		k = next_len(p, end);
		if (is_control(p, k))
			put(w, "?", 1);
		else
			put(w, (const char *)p, k);
		w->col += columns_of(p, k);
		p += k;
	}
}

/* Display columns of n bytes of s. */
static size_t columns(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t c = 0;

	for (size_t k; p < end; p += k) {
		if ((k = ascii_run(p, end)) > 0) {
			c += k;
			continue;
		}
		k = next_len(p, end);
		c += columns_of(p, k);
	}
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

static void sgr_on(struct hd_tw *w, const char *sgr)
{
	if (w->color && sgr) {
		put(w, "\033[", 2);
		put(w, sgr, strlen(sgr));
		put(w, "m", 1);
	}
}

static void sgr_off(struct hd_tw *w, const char *sgr)
{
	if (w->color && sgr)
		put(w, "\033[0m", 4);
}

/* A new line indented by hang, the style carried over. */
static void break_line(struct hd_tw *w, const char *sgr, unsigned hang)
{
	sgr_off(w, sgr);
	hd_tw_newline(w);
	indent(w, hang);
	sgr_on(w, sgr);
}

/*
 * How many bytes of the word (n bytes at s) fit in room columns: after its
 * last '\' or before its last '/' that fit (a registry path, a DN), unless
 * that leaves the line less than half full; else as many characters as fit;
 * 0 when not even one does.
 */
static size_t cut_point(const char *s, size_t n, size_t room)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t used = 0, fit = 0, sep = 0;

	for (size_t k; p < end; p += k) {
		k = next_len(p, end);
		if (used + columns_of(p, k) > room)
			break;
		if (*p == '/' && p > (const unsigned char *)s)
			sep = (size_t)(p - (const unsigned char *)s);
		used += columns_of(p, k);
		fit = (size_t)(p - (const unsigned char *)s) + k;
		if (*p == '\\')
			sep = fit;
	}
	return sep > 0 && columns(s, sep) * 2 >= room ? sep : fit;
}

/*
 * Words wrapped at the width; a word wider than a line (a long registry
 * path, a DN with no space) cut where cut_point says, so that no line is
 * wider than the width (issue 25).  A word starts a new line when it does
 * not fit and the line holds more than its indentation.
 */
static void para(struct hd_tw *w, const char *sgr, const char *prefix, unsigned hang, const char *text)
{
	const char *p = text + strspn(text, " ");
	int space = 0;          /* a word is on this line: a space goes before the next */

	if (w->col == 0)
		hd_tw_text(w, prefix);
	sgr_on(w, sgr);
	while (*p) {
		size_t word = strcspn(p, " "), wc = columns(p, word), cut;

		if (w->col + (unsigned)space + wc > w->width && w->col > hang) {
			break_line(w, sgr, hang);
			space = 0;
		}
		if (space)
			put_clean(w, " ", 1);
		while (w->col + wc > w->width) {
			cut = w->col < w->width ? cut_point(p, word, w->width - w->col) : 0;
			if (cut == 0 && w->col <= hang)
				break;          /* a width narrower than one character: let it overflow */
			put_clean(w, p, cut);
			break_line(w, sgr, hang);
			p += cut;
			word -= cut;
			wc = columns(p, word);
		}
		put_clean(w, p, word);
		space = 1;
		p += word;
		p += strspn(p, " ");
	}
	sgr_off(w, sgr);
	hd_tw_newline(w);
}

void hd_tw_para(struct hd_tw *w, const char *prefix, unsigned hang, const char *text)
{
	para(w, NULL, prefix, hang, text);
}

void hd_tw_para_styled(struct hd_tw *w, const char *sgr, const char *prefix, unsigned hang,
                       const char *text)
{
	para(w, sgr, prefix, hang, text);
}

void hd_tw_field(struct hd_tw *w, const char *name, const char *value)
{
	char label[16];

	snprintf(label, sizeof label, "  %-10s", name);
	hd_tw_para(w, label, 12, value);
}

unsigned hd_tw_column(const struct hd_tw *w)
{
	return w->col;
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
