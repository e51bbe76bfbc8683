/*
 * textutil.h - small pure helpers: UTF-16LE decoding, Unicode case folding
 * for registry names, FILETIME formatting.  No I/O, no hivex, no json-c.
 */
#ifndef HD_TEXTUTIL_H
#define HD_TEXTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* ISO-8601 UTC with 100 ns precision: "2002-08-06T10:11:12.1234567Z" plus NUL. */
#define HD_ISOTIME_LEN 29

/*
 * Format a FILETIME (100 ns ticks since 1601-01-01 UTC).  Returns 0, or -1
 * when ft is 0 or beyond year 9999 (buf then holds "").
 */
int hd_filetime_iso(uint64_t ft, char buf[HD_ISOTIME_LEN]);

/*
 * Decode nbytes of UTF-16LE into a new NUL-terminated UTF-8 string, stopping
 * at the first U+0000 when stop_at_nul.  Unpaired surrogates become U+FFFD
 * (evidence is shown, never dropped).  An odd trailing byte is ignored.
 * Returns NULL with errno = ENOMEM on allocation failure.
 */
char *hd_utf16le_to_utf8(const uint8_t *p, size_t nbytes, int stop_at_nul);

/* 1 when s is valid UTF-8, else 0. */
int hd_utf8_valid(const char *s);

/*
 * 1 when code point cp must never reach a terminal raw: the C0 controls,
 * DEL and the C1 controls (escape sequences, bells, line breaks), and the
 * characters that reorder or break the text around them (issue 26: the
 * bidirectional controls U+202A..U+202E, U+2066..U+2069, the marks
 * U+200E/U+200F and U+061C, and the separators U+2028/U+2029), so that
 * "/ou=<U+202E>dnomdeR" cannot be displayed as "/ou=Redmond".
 */
int hd_is_display_control(uint32_t cp);

/*
 * Columns a character takes on a terminal (libunistring's uc_width, Unicode's
 * East Asian Width): 2 for a wide CJK character, 0 for a combining mark, 1
 * otherwise, a control included (it is shown as '?'; issue 25).
 */
unsigned hd_char_columns(uint32_t cp);

/*
 * A new copy of s that is valid UTF-8 (issue 12: a file name is any bytes):
 * each byte that is not part of a valid UTF-8 sequence becomes the four
 * characters \xHH.  With controls, also a newline becomes \n and every other
 * character hd_is_display_control names \uXXXX, so a message stays one
 * line on a terminal and reads in its stored order.  Returns NULL with
 * errno = ENOMEM.
 */
char *hd_escape_text(const char *s, int controls);

/*
 * The length of the longest prefix of s of at most max bytes that does not
 * end inside a UTF-8 sequence (issue 26: a value cut at 120 bytes in the
 * middle of a character made the report invalid UTF-8).  A byte that is
 * not part of a valid sequence counts as one character of its own.
 */
size_t hd_utf8_prefix(const char *s, size_t max);

/*
 * Compare two UTF-8 registry names the way Windows does: case-insensitive
 * beyond ASCII ("Ü" equals "ü").  Returns 1 equal, 0 different.
 */
int hd_name_equal(const char *a, const char *b);

/*
 * Decode UTF-8 s into code points folded as hd_name_equal folds them (an
 * invalid byte stays a value of its own).  Writes at most max of them to
 * out; returns how many s holds (more than max: out holds the first max).
 */
size_t hd_name_fold(const char *s, uint32_t *out, size_t max);

/*
 * Decode UTF-8 s into code points (an invalid byte stays a value of its
 * own, as in hd_name_fold).  Writes at most max; returns how many s holds.
 */
size_t hd_codepoints(const char *s, uint32_t *out, size_t max);

/*
 * 1 when a and b differ as bytes but are the same text once decomposed
 * canonically (Unicode NFD): one typed composed ("ö", U+00F6, NFC), the other
 * decomposed ("o" U+0308, NFD), so a terminal shows them alike.  Every
 * script (libunistring's Unicode tables), combining marks in canonical
 * order; 0 when either is not UTF-8.
 */
int hd_nfd_equal(const char *a, const char *b);

/* Free a NULL-terminated array of strings and the strings (NULL is fine). */
void hd_strv_free(char **v);

#endif
