/*
 * child.c - one analysis in a process of its own (see child.h).
 *
 * Between child and parent: the outcome's length (64 bits) and the outcome
 * (hd_outcome_encode), as between the runner's workers and their parent.
 */
#include "cli/child.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fdio.h"

/* The largest outcome taken back: a report with every trail difference is far smaller. */
#define MAX_OUTCOME ((uint64_t)1 << 30)

/* The child's side: never returns. */
static void child_main(hd_child_fn fn, void *ctx, int fd, pid_t parent) __attribute__((noreturn));
static void child_main(hd_child_fn fn, void *ctx, int fd, pid_t parent)
{
	struct hd_outcome o = { 0 };
	char *buf = NULL;
	size_t len = 0;
	uint64_t n;
	int rc = 1;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	if (fn(ctx, &o) == 0 && hd_outcome_encode(&o, &buf, &len) == 0) {
		n = len;
		if (hd_write_all(fd, &n, sizeof n) == 0 && hd_write_all(fd, buf, len) == 0)
			rc = 0;
	}
	/* _exit: the parent's stdio buffers and atexit handlers are not ours to run;
	 * what fn made dies with the process (valgrind runs see it reachable). */
	hd_outcome_clear(&o);
	free(buf);
	_exit(rc);
}

/* The parent's side: the outcome the child sent, 0, or -1. */
static int receive(int fd, struct hd_outcome *out)
{
	uint64_t n;
	char *buf;
	int rc;

	if (hd_read_all(fd, &n, sizeof n) < 0 || n == 0 || n > MAX_OUTCOME || (buf = malloc((size_t)n)) == NULL)
		return -1;
	rc = hd_read_all(fd, buf, (size_t)n) == 0 ? hd_outcome_decode(buf, (size_t)n, out) : -1;
	free(buf);
	return rc;
}

/* How the child ended, as a sentence: NULL when it exited normally with 0. */
static char *how_it_ended(int status, int received)
{
	char *s = NULL;
	int n = 0;

	if (WIFSIGNALED(status))
		n = asprintf(&s, "it was killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !received)
		n = asprintf(&s, "it failed (exit status %d) without a report",
		             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return n < 0 ? NULL : s;
}

int hd_child_run(hd_child_fn fn, void *ctx, struct hd_outcome *out, char **why)
{
	pid_t parent = getpid(), pid;
	int sv[2], status = 0, received;

	memset(out, 0, sizeof *out);
	*why = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		child_main(fn, ctx, sv[1], parent);
	}
	close(sv[1]);
	received = receive(sv[0], out) == 0;
	close(sv[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (received && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	hd_outcome_clear(out);
	if ((*why = how_it_ended(status, received)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	return 1;
}
