/*
 * runner.c - many hives per run: worker processes, at most `jobs` at once,
 * each handed one hive at a time; reports handed back in input order (see
 * runner.h for why).
 *
 * The parent's loop: read inputs into the reorder window while it has room,
 * hand each queued hive to an idle worker (or a new one) while a job slot
 * is free, hand every report that has become printable to emit, then poll
 * the busy workers' sockets (and their deadlines) for the next event.
 *
 * Between parent and worker, over a socket pair: a request is the path's
 * length (32 bits), the path, its no_follow byte, and the -r root's length
 * (32 bits, UINT32_MAX for none) and root; a reply is its length (64 bits)
 * and, for the analysis, the outcome (hd_outcome_encode), for the names
 * pass the record (names_encode).
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
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "analyze/names.h"
#include "cli/diskimage.h"
#include "cli/folder.h"
#include "cli/jobwire.h"
#include "cli/names_job.h"
#include "cli/outcome.h"
#include "cli/reorder.h"
#include "util/clock.h"
#include "source/pairindex.h"
#include "util/fdio.h"

#define TICK_MS 250             /* the longest wait without a tick (progress line) */
#define WINDOW_PER_JOB 16       /* reports allowed to wait behind a slow hive, per job */
#define WINDOW_MIN 32
#define READ_CHUNK 65536
#define RETIRE_MS 10000         /* how long a retired worker may take to exit (a leak checker's report) */

struct worker {
	pid_t pid;                      /* 0: no process in this slot */
	int fd;                         /* the parent's end of its socket pair; -1 none */
	int busy;                       /* analyzing hive seq */
	unsigned served;                /* hives this process has analyzed */
	uint64_t seq;                   /* the hive it analyzes */
	double deadline;                /* monotonic seconds; 0 = none */
	char *buf;                      /* what it sent so far of its reply */
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
	unsigned active;                /* busy workers */
	pid_t parent;
	struct hd_run_progress progress;
};

/* An error report built by the parent for a hive whose worker gave none (names jobs: an unread record). */
static int fail_slot(struct run *r, struct hd_slot *s, const char *code, const char *message, int read_file)
{
	struct hd_options opts = *r->cfg->opts;

	if (r->cfg->kind == HD_RUN_NAMES) {
		if ((s->names = hd_names_job_failed(s->path, s->root, message)) == NULL)
			return -1;
		s->state = HD_SLOT_DONE;
		return 0;
	}
	opts.no_follow = s->no_follow;
	if (hd_outcome_failure(s->path, &opts, &r->cfg->render, code, message, read_file, &s->outcome) < 0)
		return -1;
	s->state = HD_SLOT_DONE;
	return 0;
}

/* Analyze one hive and send its outcome (a 64-bit length, then the outcome): 0, or -1. */
static int serve(const struct run *r, const char *path, int no_follow, const char *root, int fd)
{
	const struct hd_run_config *cfg = r->cfg;
	struct hd_options opts = *cfg->opts;
	struct hd_outcome o;
	char *buf = NULL, *case_folder = NULL;
	size_t len = 0;
	int rc;

	if (cfg->kind == HD_RUN_NAMES)
		return hd_names_job_serve(cfg, path, no_follow, root, fd);
	if (cfg->before_hive)
		cfg->before_hive(path);
	opts.no_follow = no_follow;
	/* P1 judges within the hive's scope: its case folder (under its -r root) and DNS domain. */
	if (opts.rules.peers && (opts.rules.peer_case = case_folder = hd_fleet_case_folder(path, root)) == NULL)
		return -1;
	/* -r: a SOFTWARE hive the names pass found paired is skipped unopened. */
	if (cfg->root || strcmp(path, "-") == 0 || (rc = hd_outcome_paired_software(path, &opts, &cfg->render, &o)) == 0) {
		/* One open for every reader of the file (util/fdio.h; issue 23).  One
		 * that fails is reported by the reader that opens it again. */
		(void)hd_evidence_hold(path, no_follow);
		/* A disk image (operand or --root's DIR), an archive or standard input
		 * (issue 22), else a hive file. */
		rc = hd_outcome_analyze_image(path, &opts, &cfg->render, cfg->before_hive, &o);
		if (rc == 0 && cfg->root)
			rc = hd_outcome_analyze_root(path, &opts, &cfg->render, cfg->before_hive, &o);
		else if (rc == 0 && (rc = hd_outcome_analyze_evidence(path, &opts, &cfg->render, &o)) == 0)
			rc = hd_outcome_analyze(path, &opts, &cfg->render, &o);
		hd_evidence_release();
	}
	free(case_folder);
	if (rc < 0)
		return -1;
	rc = -1;
	if (hd_outcome_encode(&o, &buf, &len) == 0 && hd_job_send_reply(fd, buf, len) == 0)
		rc = 0;
	hd_outcome_clear(&o);
	free(buf);
	return rc;
}

/* The child: analyze the hives it is handed until the parent closes or kills it.  Never returns. */
static void worker_main(const struct run *r, int fd) __attribute__((noreturn));
static void worker_main(const struct run *r, int fd)
{
	char *path, *root;
	int no_follow;

	/* A run killed from outside (CI timeout) must not leave workers parsing. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != r->parent)
		_exit(1);
	/* Ctrl-C reaches the whole process group: the parent alone decides
	 * (it kills the workers), so a worker never reports a "crash" for it. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	while (hd_job_read_request(fd, &path, &no_follow, &root)) {
		int rc = serve(r, path, no_follow, root, fd);
		free(path);
		free(root);
		if (rc < 0)
			_exit(1);
	}
	/* _exit: the parent's stdio buffers and atexit handlers are not ours to run. */
	_exit(0);
}

/* Kill and reap w's process (busy past its deadline, or stopped); its slot is free again. */
static void reap(struct worker *w)
{
	kill(w->pid, SIGKILL);
	if (w->fd >= 0)
		close(w->fd);
	while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
		;
	*w = (struct worker){ .fd = -1, .buf = w->buf, .cap = w->cap };
}

/*
 * Retire the idle worker w: with its socket shut for writing, its loop ends
 * and it exits by itself (so that a leak checker running it reports at
 * exit); its end of the socket closing tells the parent.  One that has not
 * ended within RETIRE_MS is killed.
 */
static void retire(struct worker *w)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
	char byte;

	if (shutdown(w->fd, SHUT_WR) < 0 || poll(&pfd, 1, RETIRE_MS) != 1 || read(w->fd, &byte, 1) != 0) {
		reap(w);
		return;
	}
	close(w->fd);
	while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
		;
	*w = (struct worker){ .fd = -1, .buf = w->buf, .cap = w->cap };
}

/* A new process in the free slot w.  0, or -1 with errno. */
static int spawn(struct run *r, struct worker *w)
{
	int sv[2], saved;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		for (unsigned i = 0; i < r->cfg->jobs; i++)
			if (r->workers[i].pid != 0)
				close(r->workers[i].fd);
		worker_main(r, sv[1]);
	}
	saved = errno;
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		errno = saved;
		return -1;
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	*w = (struct worker){ .pid = pid, .fd = sv[0], .buf = w->buf, .cap = w->cap };
	return 0;
}

/* An idle process, else a free slot with a new one; NULL with errno when none can start. */
static struct worker *idle_worker(struct run *r)
{
	struct worker *fresh = NULL;

	for (unsigned i = 0; i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->pid != 0 && !w->busy)
			return w;
		if (w->pid == 0 && fresh == NULL)
			fresh = w;
	}
	if (fresh == NULL) {
		errno = EAGAIN;
		return NULL;
	}
	return spawn(r, fresh) == 0 ? fresh : NULL;
}

/* Hand hive s to w: 0, or -1 with errno when w cannot take it (w is then reaped). */
static int send_request(struct worker *w, const struct hd_slot *s, size_t plen)
{
	size_t rlen = s->root ? strlen(s->root) : 0;
	uint32_t len = (uint32_t)plen, root_len = s->root ? (uint32_t)rlen : UINT32_MAX;
	uint8_t nf = s->no_follow != 0;
	struct iovec iov[5] = { { &len, sizeof len }, { (void *)s->path, plen }, { &nf, 1 },
	                        { &root_len, sizeof root_len }, { s->root, rlen } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 5 };
	ssize_t n;
	int saved;

	/* The idle worker's socket is empty: one request fits its buffer. */
	while ((n = sendmsg(w->fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)(sizeof len + plen + 1 + sizeof root_len + rlen))
		return 0;
	saved = n < 0 ? errno : EIO;
	reap(w);
	errno = saved;
	return -1;
}

static int start_worker(struct run *r, struct hd_slot *s, uint64_t seq)
{
	size_t plen = strlen(s->path);
	struct worker *w;

	if (plen == 0 || plen > HD_RUN_MAX_PATH || (s->root && (*s->root == '\0' || strlen(s->root) > HD_RUN_MAX_PATH))) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* An idle process that died since its last hive is replaced, once. */
	for (int attempt = 0;; attempt++) {
		int was_running;
		if ((w = idle_worker(r)) == NULL)
			return -1;
		was_running = w->served > 0;
		if (send_request(w, s, plen) == 0)
			break;
		if (!was_running || attempt > 0)
			return -1;
	}
	w->busy = 1;
	w->seq = seq;
	w->len = 0;
	w->deadline = r->cfg->timeout ? hd_now() + r->cfg->timeout : 0;
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

/*
 * w's process ended (or ran out of time) before its reply was complete:
 * reap it and settle its hive with an error report.
 */
static int fail_worker(struct run *r, struct worker *w, int timed_out)
{
	struct hd_slot *s = hd_reorder_at(&r->window, w->seq);
	char msg[256];
	int status = 0;

	r->active--;
	if (timed_out) {
		reap(w);
		snprintf(msg, sizeof msg, "no result within %u second%s: the analysis was stopped (--timeout)",
		         r->cfg->timeout, r->cfg->timeout == 1 ? "" : "s");
		return fail_slot(r, s, HD_ERR_TIMEOUT, msg, 0);
	}
	/* Not killed: how it ended (a signal, an exit status) is what the report says. */
	close(w->fd);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	*w = (struct worker){ .fd = -1, .buf = w->buf, .cap = w->cap };
	describe_exit(status, msg, sizeof msg);
	return fail_slot(r, s, HD_ERR_CRASHED, msg, 1);
}

/*
 * w's reply is complete: settle its hive.  The process analyzes the next
 * hive unless it has served hives_per_worker, or this hive's analysis ended
 * in an error (a damaged or hostile file is the likeliest to have left
 * something behind): then it is retired and the next hive gets a new one.
 */
static int finish_reply(struct run *r, struct worker *w, size_t n)
{
	struct hd_slot *s = hd_reorder_at(&r->window, w->seq);
	struct hd_pair_note note;
	char msg[256];
	int rc = 0, noted = 0;

	w->busy = 0;
	w->served++;
	r->active--;
	if (r->cfg->kind == HD_RUN_NAMES ?
	    hd_names_job_decode(w->buf + sizeof(uint64_t), n, s->path, &s->pass, &s->names, &note, &noted) == 0 :
	    hd_outcome_decode(w->buf + sizeof(uint64_t), n, &s->outcome) == 0) {
		s->state = HD_SLOT_DONE;
		if (noted)
			hd_pairindex_add(&note);
	} else {
		snprintf(msg, sizeof msg, "the worker process sent a report that cannot be read (%s)", strerror(errno));
		rc = fail_slot(r, s, HD_ERR_CRASHED, msg, 1);
	}
	/* (names jobs: after a file that is no readable hive, likewise) */
	if (s->state != HD_SLOT_DONE || s->outcome.exit_status >= 2 || (s->names && !s->names->read) ||
	    w->served >= r->cfg->hives_per_worker)
		retire(w);
	w->len = 0;
	return rc;
}

/* The reply's length once its 8-byte header is in, else 0. */
static size_t reply_length(const struct worker *w, int *bad)
{
	uint64_t n;

	*bad = 0;
	if (w->len < sizeof n)
		return 0;
	memcpy(&n, w->buf, sizeof n);
	if (n == 0 || n > HD_RUN_MAX_REPLY) {
		*bad = 1;
		return 0;
	}
	return (size_t)n;
}

/* Drain what a worker sent; a complete reply settles its hive, end of file fails it.  0, or -1 ENOMEM. */
static int read_worker(struct run *r, struct worker *w)
{
	for (;;) {
		size_t want;
		ssize_t n;
		int bad;
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
			return fail_worker(r, w, 0);    /* end of file (or an error): it died mid-reply */
		want = reply_length(w, &bad);
		if (bad) {
			kill(w->pid, SIGKILL);
			return fail_worker(r, w, 0);
		}
		if (want > 0 && w->len - sizeof(uint64_t) >= want)
			return finish_reply(r, w, want);
	}
}

/* Wait for output from a worker or a deadline, at most TICK_MS. */
static int wait_events(struct run *r)
{
	double t = hd_now(), next = t + TICK_MS / 1000.0;
	nfds_t n = 0;
	int ms;

	for (unsigned i = 0; i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (!w->busy)
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
		if (r->pfd[i].revents && r->workers[r->pfd_worker[i]].busy &&
		    read_worker(r, &r->workers[r->pfd_worker[i]]) < 0)
			return -1;
	t = hd_now();
	for (unsigned i = 0; i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->busy && w->deadline > 0 && t >= w->deadline && fail_worker(r, w, 1) < 0)
			return -1;
	}
	return 0;
}

static enum hd_skip skip_of_pass(enum hd_pass pass)
{
	return pass == HD_PASS_LOG ? HD_SKIP_LOG : pass == HD_PASS_SPECIAL ? HD_SKIP_SPECIAL : HD_SKIP_NOT_HIVE;
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
		s->passed = item.pass != HD_PASS_NONE;
		s->pass = (int)item.pass;
		s->walk_errno = item.walk_errno;
		if ((item.root && (s->root = strdup(item.root)) == NULL) ||
		    (item.entry_error && (s->entry_error = strdup(item.entry_error)) == NULL))
			return HD_RUN_SYSTEM_FAILED;
		r->progress.read += !s->passed;
		if (r->cfg->kind == HD_RUN_NAMES && (s->passed || item.entry_error || item.walk_errno)) {
			s->state = HD_SLOT_DONE;        /* no names to read: the analysis reports it */
		} else if (item.pass != HD_PASS_NONE) {
			/* passed over by the walk: counted and listed (--verbose), never analyzed */
			if (hd_outcome_passed(s->path, (int)skip_of_pass(item.pass), hd_pass_reason(item.pass),
			                      &r->cfg->render, &s->outcome) < 0)
				return HD_RUN_SYSTEM_FAILED;
			s->state = HD_SLOT_DONE;
		} else if (item.entry_error) {
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
		if (r->active > 0 && errno != ENAMETOOLONG)
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
		int passed = s->passed || s->pass != HD_PASS_NONE;
		struct hd_input in = { .path = s->path, .root = s->root, .no_follow = s->no_follow,
		                       .pass = (enum hd_pass)s->pass, .walk_errno = s->walk_errno,
		                       .entry_error = s->entry_error };
		if (r->cfg->kind == HD_RUN_NAMES ? r->hooks->names(r->hooks->ctx, &in, s->names) < 0 :
		    r->hooks->emit(r->hooks->ctx, s->path, &s->outcome) < 0)
			return -1;
		hd_reorder_pop(&r->window);
		r->progress.done += !passed;
	}
	return 0;
}

static void stop_all(struct run *r)
{
	int saved = errno;

	for (unsigned i = 0; r->workers && i < r->cfg->jobs; i++) {
		struct worker *w = &r->workers[i];
		if (w->pid != 0 && w->busy)
			reap(w);
		else if (w->pid != 0)
			retire(w);
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
