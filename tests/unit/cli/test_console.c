/* test_console.c - what the terminal allows: width from COLUMNS off a terminal, no colour there, TERM=dumb. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "cli/console.h"

TestSuite(console);

/* Width: COLUMNS off a terminal, clamped; 80 without it.  Colour never off a terminal. */
Test(console, width_and_colour)
{
	setenv("COLUMNS", "100", 1);
	cr_assert_eq(hd_console_width(-1), 100);
	setenv("COLUMNS", "5", 1);
	cr_assert_eq(hd_console_width(-1), 40);
	setenv("COLUMNS", "wide", 1);
	cr_assert_eq(hd_console_width(-1), 80);
	unsetenv("COLUMNS");
	cr_assert_eq(hd_console_width(-1), 80);
	setenv("TERM", "xterm", 1);
	cr_assert_eq(hd_console_color(-1), 0, "not a terminal");
	setenv("TERM", "dumb", 1);
	cr_assert_eq(hd_console_can_erase(), 0);
}
