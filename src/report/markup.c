/*
 * markup.c - strings from hives and file names inside XML and HTML (see
 * markup.h).
 */
#include "report/markup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

/* The entity of a character that markup would read as syntax, or NULL. */
static const char *entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* U+FFFE and U+FFFF (EF BF BE, EF BF BF): valid UTF-8, yet no XML 1.0 character. */
static int xml_nonchar(const unsigned char *p)
{
	return p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf);
}

int hd_markup_text(FILE *f, const char *s)
{
	char *esc;
	const unsigned char *p;
	int rc = 0;

	if (s == NULL)
		return 0;
	if ((esc = hd_escape_text(s, 1)) == NULL)
		return -1;
	for (p = (const unsigned char *)esc; *p && rc == 0; p++) {
		const char *e = entity((char)*p);

		if (e != NULL)
			rc = fputs(e, f) == EOF ? -1 : 0;
		else if (xml_nonchar(p)) {
			rc = fprintf(f, "\\u%s", p[2] == 0xbe ? "fffe" : "ffff") < 0 ? -1 : 0;
			p += 2;
		} else
			rc = putc(*p, f) == EOF ? -1 : 0;
	}
	free(esc);
	return rc;
}
