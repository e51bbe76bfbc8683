/*
 * peers.c - the peer pass of a run (see peers.h): the first pass over the
 * inputs in a helper process, the list copy for inputs that can be read
 * once, the summary line.
 */
#include "cli/peers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze/names.h"
#include "util/fdio.h"


#define MAX_HELPERS 16          /* helpers of the first pass at most, whatever -j says */

/*
 * The first pass runs in helper processes (one per job), each forked once
 * and handed paths one at a time over a pipe: the read is a few lookups
 * (tens of microseconds), so a process per hive would cost more than the
 * reads themselves (issue 17: the first pass must stay under 10% of the
 * run).  A hive still cannot stop the run: when the helper dies
 * (a crash, SIGBUS on a file cut while mapped) or misses the --timeout
 * deadline, that one hive is left out of the peers and a new helper takes
 * the next path.  Nothing is kept between two paths but the allocator.
 */
struct helper {
	pid_t pid;                      /* 0: none running */
	int req, resp;                  /* request (write) and reply (read) ends */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read exactly n bytes before deadline (0: none).  1, or 0 at EOF, timeout or error. */
static int read_full(int fd, void *buf, size_t n, double deadline)
{
	char *p = buf;

	while (n > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = deadline > 0 ? deadline - now() : 0;
		ssize_t r;

		if (deadline > 0 && left <= 0)
			return 0;
		if (poll(&pfd, 1, deadline > 0 ? (int)(left * 1000.0) + 1 : -1) < 0 && errno != EINTR)
			return 0;
		if (pfd.revents == 0)
			continue;
		r = read(fd, p, n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

/*
 * Wire form of one hive's read: 'S' (a SYSTEM hive) or 'N' (any other file),
 * then for org, site and server '+' and the name, or '-'; each ends with NUL.
 */
static char *encode_names(const struct hd_hive_names *n, uint32_t *len)
{
	const char *part[3] = { n->org, n->site, n->server };
	size_t total = 1, at = 1;
	char *p;

	for (int i = 0; i < 3; i++)
		total += (part[i] ? strlen(part[i]) : 0) + 2;
	if (total >= UINT32_MAX || (p = malloc(total)) == NULL)
		return NULL;
	p[0] = n->is_system ? 'S' : 'N';
	for (int i = 0; i < 3; i++) {
		size_t l = part[i] ? strlen(part[i]) : 0;

		p[at] = part[i] ? '+' : '-';
		memcpy(p + at + 1, part[i] ? part[i] : "", l + 1);
		at += l + 2;
	}
	*len = (uint32_t)total;
	return p;
}

/* Answer one request (a path's length, the path, its no_follow byte); 0, or
 * -1 when the pipe is gone or memory is out. */
static int serve_one(const struct hd_run_config *cfg, int req, int resp)
{
	struct hd_options opts = *cfg->opts;
	struct hd_hive_names n;
	uint32_t len;
	uint8_t no_follow = 0;
	char *path, *reply = NULL;
	int rc = -1;

	if (!read_full(req, &len, sizeof len, 0) || len == 0 || len > 1u << 20 || (path = malloc(len + 1)) == NULL)
		return -1;
	if (read_full(req, path, len, 0) && read_full(req, &no_follow, 1, 0)) {
		path[len] = '\0';
		opts.no_follow = no_follow != 0;
		if (cfg->before_hive)
			cfg->before_hive(path);
		/* A hive whose names cannot be read is answered "no names"; its analysis says why. */
		if (hd_analyze_names(path, &opts, &n) < 0 && errno == ENOMEM)
			goto done;
		reply = encode_names(&n, &len);
		hd_hive_names_clear(&n);
		if (reply && hd_write_all(resp, &len, sizeof len) == 0 && hd_write_all(resp, reply, len) == 0)
			rc = 0;
	}
done:
	free(reply);
	free(path);
	return rc;
}

static void helper_main(const struct hd_run_config *cfg, pid_t parent, int req, int resp)
	__attribute__((noreturn));
static void helper_main(const struct hd_run_config *cfg, pid_t parent, int req, int resp)
{
	/* A run killed from outside must not leave the helper reading. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	while (serve_one(cfg, req, resp) == 0)
		;
	_exit(0);
}

static int helper_start(struct helper *h, const struct hd_run_config *cfg)
{
	int to[2], from[2];
	pid_t parent = getpid();

	if (pipe2(to, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(from, O_CLOEXEC) < 0) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	h->pid = fork();
	if (h->pid == 0) {
		close(to[1]);
		close(from[0]);
		helper_main(cfg, parent, to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	h->req = to[1];
	h->resp = from[0];
	if (h->pid > 0)
		return 0;
	close(h->req);
	close(h->resp);
	h->pid = 0;
	return -1;
}

static void helper_stop(struct helper *h)
{
	if (h->pid == 0)
		return;
	kill(h->pid, SIGKILL);
	close(h->req);
	close(h->resp);
	while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
		;
	h->pid = 0;
}

/* The decoded reply: name[0..2] (org, site, server) point into buf (NULL for none).  0, or -1 malformed. */
static int decode_names(const char *buf, size_t len, int *is_system, const char *name[3])
{
	const char *p = buf + 1, *end = buf + len;

	if (len < 7 || buf[len - 1] != '\0' || (buf[0] != 'S' && buf[0] != 'N'))
		return -1;
	*is_system = buf[0] == 'S';
	for (int i = 0; i < 3; i++) {
		const char *nul;

		if (p >= end || (*p != '+' && *p != '-') || (nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return -1;
		name[i] = *p == '+' ? p + 1 : NULL;
		p = nul + 1;
	}
	return p == end ? 0 : -1;
}

/* A hive whose names could not be read: counted, carrying nothing.  0, or -1 ENOMEM. */
static int count_unread(struct hd_fleet_table *t, const char *path)
{
	struct hd_fleet_names n = { .path = (char *)path, .read = 0 };

	return hd_fleet_table_add(t, &n);
}

/*
 * A SYSTEM hive's names (organization, site, server) into the table, in the
 * case folder hd_fleet_case_folder gives a file named on its own (the
 * analysis judges it in the same one: analyze.c).  0, or -1 ENOMEM.
 */
static int add_names(struct hd_fleet_table *t, const char *path, const char *const name[3])
{
	struct hd_fleet_names n = {
		.path = (char *)path, .org = (char *)name[0], .site = (char *)name[1], .server = (char *)name[2],
		.is_system = 1, .read = 1,
	};
	int rc;

	n.case_folder = hd_fleet_case_folder(path, NULL);
	n.installation = hd_fleet_installation(path);
	rc = n.case_folder == NULL || n.installation == NULL ? -1 : hd_fleet_table_add(t, &n);
	free(n.case_folder);
	free(n.installation);
	return rc;
}

/*
 * One helper and the hive it was handed, if any: the path is kept until its
 * reply is in, since the table takes the hives in input order.
 */
struct lane {
	struct helper h;
	char *path;                     /* owned; NULL when nothing is asked */
	double deadline;                /* monotonic seconds; 0 = none */
};

/* Hand item to lane's helper (started if need be).  0; -1 ENOMEM.  A hive it cannot take is counted unread. */
static int ask(struct lane *l, const struct hd_run_config *cfg, const struct hd_input *item,
               struct hd_fleet_table *t)
{
	uint8_t no_follow = item->no_follow != 0;
	size_t plen = strlen(item->path);
	uint32_t len = (uint32_t)plen;

	if (l->h.pid == 0 && helper_start(&l->h, cfg) < 0)
		return count_unread(t, item->path);
	if (plen == 0 || plen > 1u << 20 || hd_write_all(l->h.req, &len, sizeof len) < 0 ||
	    hd_write_all(l->h.req, item->path, plen) < 0 || hd_write_all(l->h.req, &no_follow, 1) < 0) {
		helper_stop(&l->h);
		return count_unread(t, item->path);
	}
	if ((l->path = strdup(item->path)) == NULL)
		return -1;
	l->deadline = cfg->timeout ? now() + cfg->timeout : 0;
	return 0;
}

/* Take lane's reply into the table; a lost helper loses only this hive.  0, or -1 ENOMEM. */
static int collect(struct lane *l, struct hd_fleet_table *t)
{
	const char *name[3];
	char *buf = NULL;
	uint32_t len;
	int rc = 0, is_system;

	if (l->path == NULL)
		return 0;
	if (!read_full(l->h.resp, &len, sizeof len, l->deadline) ||
	    len < 7 || len > 1u << 21 || (buf = malloc(len)) == NULL ||
	    !read_full(l->h.resp, buf, len, l->deadline) || decode_names(buf, len, &is_system, name) < 0) {
		helper_stop(&l->h);     /* crashed, hung or confused: the next hive gets a new one */
		rc = count_unread(t, l->path);
	} else if (is_system) {
		rc = add_names(t, l->path, name);
	}       /* a SOFTWARE hive (or no hive) is no server's witness: not counted */
	free(buf);
	free(l->path);
	l->path = NULL;
	return rc;
}

/*
 * The pass runs cfg->jobs helpers at once, up to MAX_HELPERS (it is the one
 * part of a run that no worker does): hives are handed out round robin, and
 * the replies taken in the same order, so the table still fills in input
 * order.
 */
enum hd_run_status hd_peers_collect(struct hd_inputs *in, const struct hd_run_config *cfg,
                                    struct hd_fleet_table *t)
{
	/* On the stack, not the heap: a helper forked from here inherits it. */
	struct lane lanes[MAX_HELPERS] = { 0 };
	unsigned n = cfg->jobs == 0 ? 1 : cfg->jobs < MAX_HELPERS ? cfg->jobs : MAX_HELPERS, k = 0;
	enum hd_run_status st = HD_RUN_OK;
	struct hd_input item;
	int rc;

	while (st == HD_RUN_OK && (rc = hd_inputs_next(in, &item)) != 0) {
		if (cfg->stop && *cfg->stop)
			st = HD_RUN_INTERRUPTED;    /* SIGINT/SIGTERM: the analysis never starts */
		else if (rc < 0)
			st = HD_RUN_INPUT_FAILED;
		else if (item.walk_errno && count_unread(t, item.path) < 0)
			st = HD_RUN_SYSTEM_FAILED;      /* the analysis reports the unreadable entry */
		else if (item.walk_errno)
			continue;
		else if (item.pass != HD_PASS_NONE)
			continue;       /* passed over by the walk: no hive to read names from */
		else if (collect(&lanes[k], t) < 0 || ask(&lanes[k], cfg, &item, t) < 0)
			st = HD_RUN_SYSTEM_FAILED;
		else
			k = (k + 1) % n;
	}
	for (unsigned i = 0; i < n; i++) {
		struct lane *l = &lanes[(k + i) % n];
		if (st == HD_RUN_OK && collect(l, t) < 0)
			st = HD_RUN_SYSTEM_FAILED;
		free(l->path);
		helper_stop(&l->h);
	}
	if (st == HD_RUN_OK && hd_fleet_table_finish(t, cfg->stop) < 0)
		st = errno == EINTR ? HD_RUN_INTERRUPTED : HD_RUN_SYSTEM_FAILED;
	return st;
}

/* The list's bounds (inputs.h), counted as the bytes go by. */
struct list_bounds {
	int delim;
	size_t entry;           /* bytes of the entry being copied */
	unsigned empty;         /* empty entries in a row */
};

/* 0, or -1 with errno ENAMETOOLONG / EINVAL when the list breaks a bound. */
static int check_bounds(struct list_bounds *lb, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != (char)lb->delim) {
			lb->entry++;
			if (lb->entry > HD_LIST_ENTRY_MAX) {
				errno = ENAMETOOLONG;
				return -1;
			}
			continue;
		}
		lb->empty = lb->entry == 0 ? lb->empty + 1 : 0;
		lb->entry = 0;
		if (lb->empty > HD_LIST_EMPTY_MAX) {
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

/*
 * Copy the list, holding it to the same bounds as the analysis (an endless
 * list such as /dev/zero fails at once instead of filling the disk) and
 * stopping on SIGINT/SIGTERM (*stop set; errno EINTR).
 */
static int copy_fd(int from, int to, int delim, const volatile sig_atomic_t *stop)
{
	struct list_bounds lb = { .delim = delim };
	char buf[65536];
	ssize_t n;

	for (;;) {
		/* Wait in slices: a signal that lands just before a blocking read
		 * (a FIFO held open) would otherwise go unseen until more input. */
		struct pollfd p = { .fd = from, .events = POLLIN };

		if (stop && *stop) {
			errno = EINTR;
			return -1;
		}
		if (poll(&p, 1, 200) == 0 || (p.revents == 0))
			continue;
		if ((n = read(from, buf, sizeof buf)) == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || check_bounds(&lb, buf, (size_t)n) < 0 || hd_write_all(to, buf, (size_t)n) < 0)
			return -1;
	}
}

int hd_peers_spool(struct hd_inputs_spec *spec, const volatile sig_atomic_t *stop, char *name, size_t len,
                   int *fd)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	struct stat st;
	int src, saved;

	*fd = -1;
	/* A list that cannot be opened is reported by the pass that opens it. */
	if (spec->files_from == NULL || (strcmp(spec->files_from, "-") != 0 &&
	    (stat(spec->files_from, &st) < 0 || S_ISREG(st.st_mode))))
		return 0;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/hivediag-list-XXXXXX", dir && *dir ? dir : "/tmp") >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	src = strcmp(spec->files_from, "-") == 0 ? STDIN_FILENO : open(spec->files_from, O_RDONLY | O_CLOEXEC);
	if (src < 0)
		return -1;
	*fd = mkstemp(tmp);
	if (*fd >= 0)
		unlink(tmp);
	if (*fd < 0 || copy_fd(src, *fd, spec->delim, stop) < 0) {
		saved = errno;
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		if (src != STDIN_FILENO)
			close(src);
		errno = saved;
		return -1;
	}
	if (src != STDIN_FILENO)
		close(src);
	snprintf(name, len, "/proc/self/fd/%d", *fd);
	spec->files_from = name;
	return 0;
}

char *hd_peers_summary(const struct hd_fleet_table *t)
{
	return hd_fleet_summary(t);
}
