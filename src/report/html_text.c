/*
 * html_text.c - strings into the HTML case report (issue 25): registry
 * data, file names and the command line are hostile, so each string is
 * first made what the text report's stderr lines are, then HTML-escaped.
 */
#include "report/html_text.h"

#include <stdlib.h>

#include "util/textutil.h"

/* HTML's special characters as character references; everything else as it is. */
static void put_escaped(FILE *f, const char *s, int breaks)
{
	for (; *s; s++)
		switch (*s) {
		case '\\':
		case '/':
			putc(*s, f);
			/* Not inside hd_escape_text's own \uXXXX, \xHH and \n. */
			if (breaks && !(*s == '\\' && (s[1] == 'u' || s[1] == 'x' || s[1] == 'n')))
				fputs("<wbr>", f);
			break;
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f);
		}
}

/*
 * First as the text report's stderr lines (hd_escape_text with controls:
 * invalid UTF-8 \xHH, C0/C1, DEL, bidirectional controls and separators
 * \uXXXX), so that a name reads in its stored order and the page is valid
 * UTF-8; then HTML's own characters.
 */
static void put_text(FILE *f, const char *s, int breaks)
{
	char *esc;

	if (s == NULL)
		return;
	if ((esc = hd_escape_text(s, 1)) == NULL) {
		fputs("(out of memory)", f);
		return;
	}
	put_escaped(f, esc, breaks);
	free(esc);
}

void hd_html_text(FILE *f, const char *s)
{
	put_text(f, s, 0);
}

void hd_html_path(FILE *f, const char *s)
{
	put_text(f, s, 1);
}

const char *hd_html_time(uint64_t ft, char *buf)
{
	if (ft == 0 || hd_filetime_iso(ft, buf) != 0)
		snprintf(buf, HD_ISOTIME_LEN, "unknown");
	return buf;
}

