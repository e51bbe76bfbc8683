/*
 * strbuf.h - the one string builder of the rule packs (MTA and IMC): a
 * growing string for finding details, remedies and verdict reasons whose
 * length depends on what the hive holds (adapter names, address lists, the
 * names that disagree), so no fixed buffer fits them.  Pure memory, no I/O.
 *
 * Errors are sticky: append freely, then check once, at hd_strbuf_str() or
 * hd_strbuf_take(), instead of after every append.
 *
 * Use: struct hd_strbuf sb = { 0 }; hd_strbuf_addf(&sb, ...) as often as
 * needed; hd_strbuf_str() or hd_strbuf_take(); always hd_strbuf_clear().
 */
#ifndef HD_STRBUF_H
#define HD_STRBUF_H

#include <stddef.h>

struct hd_strbuf {
	char *s;                /* NUL-terminated once anything was added */
	size_t len, cap;        /* len > 0: something was added */
	int failed;             /* an append failed: s is freed and stays NULL */
};

/*
 * Append printf-style.  A failure (out of memory, or a conversion vsnprintf
 * cannot make) frees the text and sticks: later appends are no-ops, and
 * str/take report it, until hd_strbuf_clear().
 */
void hd_strbuf_addf(struct hd_strbuf *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append items joined by sep ("" for none). */
void hd_strbuf_join(struct hd_strbuf *t, char *const *items, size_t n, const char *sep);

/* The text ("" when nothing was added) handed to the caller, or NULL with errno = ENOMEM. */
char *hd_strbuf_take(struct hd_strbuf *t);

/*
 * The text so far, borrowed ("" when nothing was added), or NULL with
 * errno = ENOMEM after a failure.
 */
const char *hd_strbuf_str(const struct hd_strbuf *t);

/* Free the text and forget a failure: t is empty and usable again. */
void hd_strbuf_clear(struct hd_strbuf *t);

#endif
