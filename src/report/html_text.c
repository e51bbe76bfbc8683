/*
 * html_text.c - strings into the HTML case report (issue 25): registry
 * data, file names and the command line are hostile, so each string goes
 * through hd_markup_text (report/markup.c, shared with -o junit): escaped
 * visibly as the text report's messages are, then HTML's five characters.
 */
#include "report/html_text.h"

#include <stdlib.h>
#include <string.h>

#include "report/markup.h"
#include "util/textutil.h"

void hd_html_text(FILE *f, const char *s)
{
	if (hd_markup_text(f, s) < 0 && !ferror(f))
		fputs("(out of memory)", f);
}

/*
 * Cut at each backslash or slash before escaping: both are ASCII, never
 * part of a UTF-8 sequence, and never inside the \uXXXX or \xHH escapes
 * hd_markup_text adds, so a break is only ever where the name had one.
 */
void hd_html_path(FILE *f, const char *s)
{
	while (s != NULL && *s) {
		size_t n = strcspn(s, "\\/");
		size_t take = n + (s[n] ? 1 : 0);
		char *part = strndup(s, take);

		hd_html_text(f, part ? part : "(out of memory)");
		free(part);
		if (s[n])
			fputs("<wbr>", f);
		s += take;
	}
}

const char *hd_html_time(uint64_t ft, char *buf)
{
	if (ft == 0 || hd_filetime_iso(ft, buf) != 0)
		snprintf(buf, HD_ISOTIME_LEN, "unknown");
	return buf;
}
