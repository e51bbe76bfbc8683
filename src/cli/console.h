/*
 * console.h - what the terminal allows (issue 15): colour, width, and how
 * to erase a line.  Reads the environment (NO_COLOR, TERM, COLUMNS) and
 * asks the descriptor; prints nothing.
 */
#ifndef HD_CONSOLE_H
#define HD_CONSOLE_H

/*
 * 1 when colour may be used on fd: a terminal, NO_COLOR unset or empty
 * (no-color.org), TERM set and not "dumb".
 */
int hd_console_color(int fd);

/*
 * Columns to wrap text at: the terminal's width for a terminal, else
 * COLUMNS when it is a number, else 80; clamped to 40..200.
 */
unsigned hd_console_width(int fd);

/* 1 when the terminal understands ESC [ K (erase to end of line): TERM set and not "dumb". */
int hd_console_can_erase(void);

#endif
