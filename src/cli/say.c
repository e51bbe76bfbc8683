/* say.c - hivediag's messages on stderr (see say.h). */
#include "cli/say.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"
#include "util/textutil.h"

void hd_say_escaped(const char *s)
{
	char *esc = hd_escape_text(s, 1);

	fputs(esc ? esc : "(out of memory)", stderr);
	free(esc);
}

void hd_say(const char *what, const char *text)
{
	fputs("hivediag: ", stderr);
	hd_say_escaped(what);
	fputs(": ", stderr);
	hd_say_escaped(text);
	fputc('\n', stderr);
}

void hd_say_lines(const char *what, const char *text)
{
	const char *nl;

	do {
		char *line = (nl = strchr(text, '\n')) ? strndup(text, (size_t)(nl - text)) : NULL;

		hd_say(what, line ? line : nl ? "(out of memory)" : text);
		free(line);
		text = nl ? nl + 1 : text;
	} while (nl);
}

int hd_say_stdout_flush(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE)
		fprintf(stderr, "hivediag: stdout: write error: %s\n", strerror(errno));
	return -1;
}

const char *hd_say_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

void hd_say_run_failed(const char *list, enum hd_run_status st)
{
	int e = errno;
	char why[160];

	if (st == HD_RUN_INPUT_FAILED) {
		if (e == ENAMETOOLONG)
			snprintf(why, sizeof why, "cannot read the list of hives: an entry is longer than %u bytes "
			         "(not a list of file names?)", HD_LIST_ENTRY_MAX);
		else if (e == EINVAL)
			snprintf(why, sizeof why, "cannot read the list of hives: more than %u empty entries in a row "
			         "(not a list of file names?)", HD_LIST_EMPTY_MAX);
		else
			snprintf(why, sizeof why, "cannot read the list of hives: %s", strerror(e));
		hd_say(list, why);
	} else if (st == HD_RUN_SYSTEM_FAILED) {
		fprintf(stderr, "hivediag: %s\n", strerror(e));
	}
}
