/* test_say.c - hivediag's messages on stderr: one shape, every outside part escaped, stdout's failures said once. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/say.h"

TestSuite(say, .init = cr_redirect_stderr);

/* A path with an escape sequence and a newline, a name with U+202E: one line, nothing raw reaches the terminal. */
Test(say, escapes_both_parts)
{
	hd_say("dir/\x1b[2Jx\ny", "SiteDN /ou=\xe2\x80\xae" "dnomdeR");
	fflush(stderr);
	cr_assert_stderr_eq_str("hivediag: dir/\\u001b[2Jx\\ny: SiteDN /ou=\\u202ednomdeR\n");
}

Test(say, each_line_its_own_message)
{
	hd_say_lines("a.hive", "cannot open\nsecond\tline");
	fflush(stderr);
	cr_assert_stderr_eq_str("hivediag: a.hive: cannot open\nhivediag: a.hive: second\\u0009line\n");
}

Test(say, list_failures_say_why)
{
	errno = ENAMETOOLONG;
	hd_say_run_failed("list.txt", HD_RUN_INPUT_FAILED);
	errno = EINVAL;
	hd_say_run_failed("(operands)", HD_RUN_INPUT_FAILED);
	errno = ENOMEM;
	hd_say_run_failed("list.txt", HD_RUN_SYSTEM_FAILED);
	hd_say_run_failed("list.txt", HD_RUN_OK);      /* nothing to say */
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"hivediag: list.txt: cannot read the list of hives: an entry is longer than 4096 bytes "
		"(not a list of file names?)\n"
		"hivediag: (operands): cannot read the list of hives: more than 64 empty entries in a row "
		"(not a list of file names?)\n"
		"hivediag: Cannot allocate memory\n");
}

Test(say, tmpdir)
{
	cr_assert_eq(setenv("TMPDIR", "/var/tmp/x", 1), 0);
	cr_assert_str_eq(hd_say_tmpdir(), "/var/tmp/x");
	cr_assert_eq(setenv("TMPDIR", "", 1), 0);
	cr_assert_str_eq(hd_say_tmpdir(), "/tmp");
	cr_assert_eq(unsetenv("TMPDIR"), 0);
	cr_assert_str_eq(hd_say_tmpdir(), "/tmp");
}

/* A full disk is an error to report; the same flush succeeds on a healthy stdout. */
Test(say, stdout_write_error_said)
{
	cr_assert_eq(hd_say_stdout_flush(), 0);
	cr_assert_not_null(freopen("/dev/full", "w", stdout));
	fputs("report\n", stdout);
	cr_assert_eq(hd_say_stdout_flush(), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str("hivediag: stdout: write error: No space left on device\n");
}

/* A reader that went away ("| head") is not: -1, and nothing on stderr. */
Test(say, stdout_reader_gone_is_silent)
{
	int p[2];

	cr_assert_eq(pipe(p), 0);
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	cr_assert_geq(dup2(p[1], STDOUT_FILENO), 0);
	fputs("report\n", stdout);
	cr_assert_eq(hd_say_stdout_flush(), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}
