/*
 * console.c - colour, width and line erasing for a terminal (see console.h).
 */
#include "cli/console.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "report/report_text.h"

static int term_is_dumb(void)
{
	const char *term = getenv("TERM");

	return term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0;
}

int hd_console_color(int fd)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(fd) && (no_color == NULL || no_color[0] == '\0') && !term_is_dumb();
}

int hd_console_can_erase(void)
{
	return !term_is_dumb();
}

static unsigned clamp(unsigned long w)
{
	return w < HD_TEXT_MIN_WIDTH ? HD_TEXT_MIN_WIDTH : w > HD_TEXT_MAX_WIDTH ? HD_TEXT_MAX_WIDTH
	     : (unsigned)w;
}

unsigned hd_console_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	char *end = NULL;
	unsigned long n;

	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return clamp(ws.ws_col);
	if (cols != NULL && cols[0] >= '0' && cols[0] <= '9') {
		n = strtoul(cols, &end, 10);
		if (*end == '\0')
			return clamp(n);
	}
	return HD_TEXT_DEFAULT_WIDTH;
}
