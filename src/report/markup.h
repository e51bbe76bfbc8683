/*
 * markup.h - text inside XML 1.0 documents (JUnit, -o junit) and HTML
 * pages.  Registry data and file names are hostile (issue 26): XML 1.0
 * has no way at all to carry most C0 control characters (not even as
 * &#1;), a byte that is not UTF-8 makes the whole document unreadable, and
 * a bidirectional control reorders what a dashboard shows.  Every string
 * that did not come from this program goes through hd_markup_text.
 */
#ifndef HD_MARKUP_H
#define HD_MARKUP_H

#include <stdio.h>

/*
 * Write s to f as character data or as a quoted attribute value (both
 * quotes escaped): escaped visibly as the text report's messages are
 * (hd_escape_text: a byte that is not UTF-8 as \xHH, a newline as \n,
 * every other control character and bidirectional mark as \uXXXX), the
 * two code points XML 1.0 excludes beyond those (U+FFFE, U+FFFF) as
 * \ufffe and \uffff, then & < > " ' as &amp; &lt; &gt; &quot; &#39;.
 * The result is valid UTF-8 made only of XML 1.0 characters.  NULL is
 * written as "".  0, or -1 with errno (ENOMEM, or the stream's).
 */
int hd_markup_text(FILE *f, const char *s);

#endif
