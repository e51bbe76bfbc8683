/*
 * html_text.h - strings into the HTML case report (report_html.h), and
 * times as it shows them.
 */
#ifndef HD_HTML_TEXT_H
#define HD_HTML_TEXT_H

#include <stdint.h>
#include <stdio.h>

/*
 * s (NULL: nothing) as HTML text, safe in element text, in a quoted
 * attribute and in SVG text: hd_markup_text (report/markup.h), that is
 * invalid UTF-8 as \xHH, C0/C1 controls, DEL, bidirectional controls and
 * separators as \uXXXX (as stderr shows them), then < > & " ' as
 * character references.
 */
void hd_html_text(FILE *f, const char *s);

/*
 * The same for a key path, a file path or a value's data (element text
 * only): a line may break after each backslash or slash of s (<wbr>), so
 * that ControlSet001\Services\... wraps at its separators in a table cell.
 */
void hd_html_path(FILE *f, const char *s);

/* A FILETIME as ISO-8601 text, or "unknown" (buf holds HD_ISOTIME_LEN). */
const char *hd_html_time(uint64_t ft, char *buf);

#endif
