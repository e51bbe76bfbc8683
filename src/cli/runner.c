/*
 * runner.c - many hives per run: a child process per hive, at most `jobs`
 * at once, reports handed back in input order (see runner.h for why).
 *
 * The parent's loop: read inputs into the reorder window while it has room,
 * start a worker for each queued hive while a job slot is free, hand every
 * report that has become printable to emit, then poll the workers' pipes
 * (and their deadlines) for the next event.
 */
#include "cli/runner.h"
#include "cli/root.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cli/reorder.h"
#include "util/fdio.h"

#define TICK_MS 250             /* the longest wait without a tick (progress line) */
#define WINDOW_PER_JOB 16       /* reports allowed to wait behind a slow hive, per job */
#define WINDOW_MIN 32
#define READ_CHUNK 65536

struct worker {
	pid_t pid;                      /* 0: slot free */
	int fd;                         /* read end of the worker's pipe */
	uint64_t seq;                   /* the hive it analyzes */
	double deadline;                /* monotonic seconds; 0 = none */
	char *buf;                      /* what it sent so far */
	size_t len, cap;
};

struct run {
	const struct hd_run_config *cfg;
	const struct hd_run_hooks *hooks;
	struct hd_inputs *in;
	struct hd_reorder window;
	struct worker *workers;         /* cfg->jobs of them */
	struct pollfd *pfd;
	unsigned *pfd_worker;           /* pfd[i] belongs to workers[pfd_worker[i]] */
	unsigned active;
	pid_t parent;
	struct hd_run_progress progress;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An error report built by the parent for a hive whose worker gave none. */
static int fail_slot(struct run *r, struct hd_slot *s, const char *code, const char *message, int read_file)
{
	struct hd_options opts = *r->cfg->opts;

	opts.no_follow = s->no_follow;
	if (hd_outcome_failure(s->path, &opts, &r->cfg->render, code, message, read_file, &s->outcome) < 0)
		return -1;
	s->state = HD_SLOT_DONE;
	return 0;
}

/* The child: analyze one hive, send the outcome, exit.  Never returns. */
static void worker_main(const struct run *r, const struct hd_slot *s, int fd) __attribute__((noreturn));
static void worker_main(const struct run *r, const struct hd_slot *s, int fd)
{
	const struct hd_run_config *cfg = r->cfg;
	const char *path = s->path;
	struct hd_options opts = *cfg->opts;
	struct hd_outcome o;
	char *buf = NULL;
	size_t len = 0;
	int rc = 1;

	/* A run killed from outside (CI timeout) must not leave workers parsing. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != r->parent)
		_exit(1);
	/* Ctrl-C reaches the whole process group: the parent alone decides
	 * (it kills the workers), so a worker never reports a "crash" for it. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	if (cfg->test_crash && strcmp(path, cfg->test_crash) == 0)
		abort();
	while (cfg->test_hang && strcmp(path, cfg->test_hang) == 0)
		pause();
	opts.no_follow = s->no_follow;
	if ((cfg->root ? hd_outcome_analyze_root(path, &opts, &cfg->render, cfg->json_list, &o)
	               : hd_outcome_analyze(path, &opts, &cfg->render, &o)) == 0) {
		if (hd_outcome_encode(&o, &buf, &len) == 0 && hd_write_all(fd, buf, len) == 0)
			rc = 0;
		hd_outcome_clear(&o);
		free(buf);
	}
	close(fd);
	/* _exit: the parent's stdio buffers and atexit handlers are not ours to run. */
	_exit(rc);
}

static struct worker *free_worker(struct run *r)
{
	for (unsigned i = 0; i < r->cfg->jobs; i++)
		if (r->workers[i].pid == 0)
			return &r->workers[i];
	return NULL;
}

static int start_worker(struct run *r, struct hd_slot *s, uint64_t seq)
{
	struct worker *w = free_worker(r);
	int fds[2], saved;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (unsigned i = 0; i < r->cfg->jobs; i++)
			if (r->workers[i].pid != 0)
				close(r->workers[i].fd);
		worker_main(r, s, fds[1]);
	}
	saved = errno;
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		errno = saved;
		return -1;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	*w = (struct worker){ .pid = pid, .fd = fds[0], .seq = seq, .buf = w->buf, .cap = w->cap,
	                      .deadline = r->cfg->timeout ? now() + r->cfg->timeout : 0 };
	s->state = HD_SLOT_RUNNING;
	r->active++;
	return 0;
}

static void describe_exit(int status, char *msg, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(msg, len, "the parser crashed: its worker process was killed by signal %d (%s)",
		         WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(msg, len, "the worker process exited with status %d without a complete report",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Reap a worker (killing it first when it ran out of time) and settle its hive. */
static int finish_worker(struct run *r, struct worker *w, int timed_out)
{
	struct hd_slot *s = hd_reorder_at(&r->window, w->seq);
	char msg[256];
	int status = 0, rc;

	if (timed_out)
		kill(w->pid, SIGKILL);
	close(w->fd);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(msg, sizeof msg, "no result within %u second%s: the analysis was stopped (--timeout)",
		         r->cfg->timeout, r->cfg->timeout == 1 ? "" : "s");
		rc = fail_slot(r, s, HD_ERR_TIMEOUT, msg, 0);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	           hd_outcome_decode(w->buf, w->len, &s->outcome) == 0) {
		s->state = HD_SLOT_DONE;
		rc = 0;
	} else {
		describe_exit(status, msg, sizeof msg);
		rc = fail_slot(r, s, HD_ERR_CRASHED, msg, 1);
	}
	w->pid = 0;
	w->fd = -1;
	w->len = 0;
	r->active--;
	return rc;
}

/* Drain what a worker sent; at end of file, finish it.  0, or -1 ENOMEM. */
static int read_worker(struct run *r, struct worker *w)
{
	for (;;) {
		ssize_t n;
		if (w->cap - w->len < READ_CHUNK) {
			size_t cap = w->cap ? w->cap * 2 : READ_CHUNK * 2;
			char *p = realloc(w->buf, cap);
			if (p == NULL)
				return -1;
			w->buf = p;
			w->cap = cap;
		}
		n = read(w->fd, w->buf + w->len, w->cap - w->len);
		if (n > 0)
			w->len += (size_t)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && errno == EAGAIN)
			return 0;
		else
			return finish_worker(r, w, 0);   /* EOF (or a broken pipe): the worker is done */
	}
}

/* Wait for output from a worker or a deadline, at most TICK_MS. */
static int wait_events(struct run *r)
{
	double t = now(), next = t + TICK_MS / 1000.0;
	nfds_t n = 0;
	int ms;

	for (unsigned i = 0; i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->pid == 0)
			continue;
		r->pfd[n] = (struct pollfd){ .fd = w->fd, .events = POLLIN };
		r->pfd_worker[n++] = i;
		if (w->deadline > 0 && w->deadline < next)
			next = w->deadline;
	}
	ms = next > t ? (int)((next - t) * 1000.0) + 1 : 0;
	if (poll(r->pfd, n, ms) < 0 && errno != EINTR)
		return -1;
	for (nfds_t i = 0; i < n; i++)
		if (r->pfd[i].revents && r->workers[r->pfd_worker[i]].pid != 0 &&
		    read_worker(r, &r->workers[r->pfd_worker[i]]) < 0)
			return -1;
	t = now();
	for (unsigned i = 0; i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->pid != 0 && w->deadline > 0 && t >= w->deadline && finish_worker(r, w, 1) < 0)
			return -1;
	}
	return 0;
}

/* Read inputs while the window has room. */
static enum hd_run_status admit(struct run *r)
{
	struct hd_input item;
	struct hd_slot *s;
	uint64_t seq;
	char msg[256];
	int rc;

	while (!r->progress.inputs_done && !hd_reorder_full(&r->window)) {
		if ((rc = hd_inputs_next(r->in, &item)) < 0)
			return HD_RUN_INPUT_FAILED;
		if (rc == 0) {
			r->progress.inputs_done = 1;
			break;
		}
		if ((s = hd_reorder_push(&r->window, item.path, &seq)) == NULL)
			return HD_RUN_SYSTEM_FAILED;
		s->no_follow = item.no_follow;
		r->progress.read++;
		if (item.entry_error) {
			if (fail_slot(r, s, HD_ERR_LIST_ENTRY, item.entry_error, 0) < 0)
				return HD_RUN_SYSTEM_FAILED;
		} else if (item.walk_errno) {
			snprintf(msg, sizeof msg, "cannot read it while walking the directory tree: %s",
			         strerror(item.walk_errno));
			if (fail_slot(r, s, HD_ERR_OPEN, msg, 0) < 0)
				return HD_RUN_SYSTEM_FAILED;
		}
	}
	return HD_RUN_OK;
}

/* Start queued hives, oldest first, while a job slot is free. */
static int start_queued(struct run *r)
{
	char msg[256];

	for (uint64_t seq = r->window.head; seq < r->window.tail && r->active < r->cfg->jobs; seq++) {
		struct hd_slot *s = hd_reorder_at(&r->window, seq);
		if (s->state != HD_SLOT_QUEUED || start_worker(r, s, seq) == 0)
			continue;
		if (r->active > 0)
			return 0;       /* out of processes or descriptors: retry when one finishes */
		snprintf(msg, sizeof msg, "cannot start a worker process: %s", strerror(errno));
		if (fail_slot(r, s, HD_ERR_WORKER, msg, 0) < 0)
			return -1;
	}
	return 0;
}

static int flush(struct run *r)
{
	struct hd_slot *s;

	while ((s = hd_reorder_ready(&r->window)) != NULL) {
		if (r->hooks->emit(r->hooks->ctx, s->path, &s->outcome) < 0)
			return -1;
		hd_reorder_pop(&r->window);
		r->progress.done++;
	}
	return 0;
}

static void stop_all(struct run *r)
{
	int saved = errno;

	for (unsigned i = 0; r->workers && i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->pid != 0) {
			kill(w->pid, SIGKILL);
			close(w->fd);
			while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
				;
			w->pid = 0;
		}
		free(w->buf);
		w->buf = NULL;
		w->cap = w->len = 0;
	}
	errno = saved;
}

static int stopped(const struct run *r)
{
	return r->cfg->stop && *r->cfg->stop;
}

/* After SIGINT/SIGTERM: no new worker; the reports already complete go out in order. */
static enum hd_run_status interrupted(struct run *r)
{
	stop_all(r);
	return flush(r) < 0 ? HD_RUN_EMIT_FAILED : HD_RUN_INTERRUPTED;
}

static enum hd_run_status loop(struct run *r)
{
	enum hd_run_status st;

	for (;;) {
		if (stopped(r))
			return interrupted(r);
		/* A signal during a blocking read of the list (stdin) ends it with EINTR. */
		if ((st = admit(r)) != HD_RUN_OK)
			return stopped(r) ? interrupted(r) : st;
		if (start_queued(r) < 0)
			return HD_RUN_SYSTEM_FAILED;
		if (flush(r) < 0)
			return HD_RUN_EMIT_FAILED;
		if (r->hooks->tick)
			r->hooks->tick(r->hooks->ctx, &r->progress);
		if (r->progress.inputs_done && hd_reorder_empty(&r->window))
			return HD_RUN_OK;
		if (r->active > 0 && wait_events(r) < 0)
			return HD_RUN_SYSTEM_FAILED;
	}
}

enum hd_run_status hd_run(struct hd_inputs *in, const struct hd_run_config *cfg,
                          const struct hd_run_hooks *hooks)
{
	struct run r = { .cfg = cfg, .hooks = hooks, .in = in, .parent = getpid() };
	size_t cap = (size_t)cfg->jobs * WINDOW_PER_JOB;
	enum hd_run_status st = HD_RUN_SYSTEM_FAILED;

	if (cap < WINDOW_MIN)
		cap = WINDOW_MIN;
	r.workers = calloc(cfg->jobs, sizeof *r.workers);
	r.pfd = calloc(cfg->jobs, sizeof *r.pfd);
	r.pfd_worker = calloc(cfg->jobs, sizeof *r.pfd_worker);
	if (r.workers && r.pfd && r.pfd_worker && hd_reorder_init(&r.window, cap) == 0)
		st = loop(&r);
	stop_all(&r);
	hd_reorder_free(&r.window);
	free(r.workers);
	free(r.pfd);
	free(r.pfd_worker);
	return st;
}
