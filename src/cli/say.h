/*
 * say.h - hivediag's messages on stderr, in one shape: "hivediag: WHAT:
 * why", with every part that may come from outside (a path, a name read
 * from a hive, a list file's entry) escaped (issue 12: a file name with a
 * newline made one message two lines; issue 26: bidi controls and escape
 * sequences).  The cli stage only: library code returns its reason, and
 * these print it.
 */
#ifndef HD_SAY_H
#define HD_SAY_H

#include "cli/runner.h"

/* s onto stderr, its control characters and bytes that are not UTF-8 escaped. */
void hd_say_escaped(const char *s);

/* "hivediag: WHAT: TEXT", both parts escaped. */
void hd_say(const char *what, const char *text);

/* Each line of text as "hivediag: WHAT: line", escaped. */
void hd_say_lines(const char *what, const char *text);

/*
 * Flush stdout: 0, or -1 when it failed, said on stderr unless the reader
 * went away (EPIPE: "| head" is not an error to report).
 */
int hd_say_stdout_flush(void);

/* Where temporary files go: $TMPDIR, or /tmp. */
const char *hd_say_tmpdir(void);

/*
 * Why a run over the list named list (a --files-from file, or
 * "(operands)") failed, from errno: its entries could not be read
 * (HD_RUN_INPUT_FAILED) or the system failed (HD_RUN_SYSTEM_FAILED).
 * Nothing for another status.
 */
void hd_say_run_failed(const char *list, enum hd_run_status st);

#endif
