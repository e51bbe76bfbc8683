/* names_job.c - the names pass's job (see names_job.h). */
#include "cli/names_job.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/names.h"
#include "cli/inputs.h"
#include "cli/jobwire.h"
#include "source/source.h"
#include "util/fdio.h"

#define N_FIELDS 8

static char **field(struct hd_fleet_names *n, int i)
{
	char **f[N_FIELDS] = { &n->sha256, &n->case_folder, &n->installation, &n->server, &n->domain,
	                       &n->org, &n->site, &n->error };

	return f[i];
}

static int send_record(int fd, struct hd_fleet_names *n)
{
	size_t len = 2, at = 2;
	char *buf;
	int rc;

	for (int i = 0; i < N_FIELDS; i++)
		len += (*field(n, i) ? strlen(*field(n, i)) : 0) + 2;
	if ((buf = malloc(len)) == NULL)
		return -1;
	buf[0] = 'R';
	buf[1] = (char)((n->read ? 1 : 0) | (n->is_system ? 2 : 0));
	for (int i = 0; i < N_FIELDS; i++) {
		const char *s = *field(n, i);
		size_t l = s ? strlen(s) : 0;

		buf[at] = s ? '+' : '-';
		memcpy(buf + at + 1, s ? s : "", l + 1);
		at += l + 2;
	}
	rc = hd_job_send_reply(fd, buf, len);
	free(buf);
	return rc;
}

/*
 * A walked file: what the walk would do with it, from its first bytes
 * (inputs.h hd_walk_classify), read on the descriptor the names read uses.
 */
static enum hd_pass classify(int fd)
{
	uint8_t head[HD_SRC_SNIFF_BYTES];
	ssize_t n = hd_pread_full(fd, head, sizeof head, 0);

	return n < 0 ? HD_PASS_NONE : hd_walk_classify(head, (size_t)n);
}

int hd_names_job_serve(const struct hd_run_config *cfg, const char *path, int no_follow, const char *root, int fd)
{
	struct hd_options opts = *cfg->opts;
	struct hd_fleet_names n;
	enum hd_pass pass = HD_PASS_NONE;
	int in, rc;

	if (cfg->before_hive)
		cfg->before_hive(path);
	opts.no_follow = no_follow;
	/* The operand "-": standard input, read once into a sealed memfd (main.c); no log beside it. */
	if (strcmp(path, "-") == 0 && cfg->render.stdin_fd > 0) {
		in = fcntl(cfg->render.stdin_fd, F_DUPFD_CLOEXEC, 3);
		opts.no_replay = 1;
	} else {
		in = hd_open_evidence(path, no_follow);
	}
	/* Only a walked file (no_follow) may be passed over: an operand named by the user is analyzed. */
	if (in >= 0 && no_follow)
		pass = classify(in);
	if (pass != HD_PASS_NONE) {
		char reply[2] = { 'P', (char)pass };
		close(in);
		return hd_job_send_reply(fd, reply, sizeof reply);
	}
	rc = hd_analyze_names_fd(in, path, root, &opts, cfg->names_hash, &n);
	if (in >= 0)
		close(in);
	if (rc < 0)
		return -1;
	rc = send_record(fd, &n);
	hd_fleet_names_clear(&n);
	return rc;
}

int hd_names_job_decode(const char *buf, size_t len, const char *path, int *pass, struct hd_fleet_names **out)
{
	const char *p = buf + 2, *end = buf + len;
	struct hd_fleet_names *n;

	*out = NULL;
	*pass = HD_PASS_NONE;
	if (len == 2 && buf[0] == 'P' && buf[1] > HD_PASS_NONE && buf[1] <= HD_PASS_SPECIAL) {
		*pass = buf[1];
		return 0;
	}
	if (len < 2 + 2 * N_FIELDS || buf[0] != 'R' || buf[len - 1] != '\0' || (n = calloc(1, sizeof *n)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	n->read = (buf[1] & 1) != 0;
	n->is_system = (buf[1] & 2) != 0;
	for (int i = 0; i < N_FIELDS; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		if (nul == NULL || (*p != '+' && *p != '-') || (*p == '-' && nul != p + 1) ||
		    (*p == '+' && (*field(n, i) = strdup(p + 1)) == NULL))
			goto bad;
		p = nul + 1;
	}
	if (p != end || n->case_folder == NULL || n->installation == NULL || (n->path = strdup(path)) == NULL)
		goto bad;
	*out = n;
	return 0;
bad:
	hd_fleet_names_clear(n);
	free(n);
	errno = EINVAL;
	return -1;
}

struct hd_fleet_names *hd_names_job_failed(const char *path, const char *root, const char *message)
{
	struct hd_fleet_names *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	if ((n->path = strdup(path)) && (n->case_folder = hd_fleet_case_folder(path, root)) &&
	    (n->installation = hd_fleet_installation(path)) && (n->error = strdup(message)))
		return n;
	hd_fleet_names_clear(n);
	free(n);
	return NULL;
}
