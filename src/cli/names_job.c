/* names_job.c - the names pass's job (see names_job.h). */
#include "cli/names_job.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "analyze/names.h"
#include "cli/inputs.h"
#include "cli/jobwire.h"
#include "source/pairindex.h"
#include "source/pairing.h"
#include "source/source.h"
#include "util/fdio.h"

#define N_FIELDS 8

static char **field(struct hd_fleet_names *n, int i)
{
	char **f[N_FIELDS] = { &n->sha256, &n->case_folder, &n->installation, &n->server, &n->domain,
	                       &n->org, &n->site, &n->error };

	return f[i];
}

#define NOTE_BYTES sizeof(struct hd_pair_note)

static int send_record(int fd, struct hd_fleet_names *n, const struct hd_pair_note *note)
{
	size_t len = 2 + (note ? NOTE_BYTES : 0), at = len;
	char *buf;
	int rc;

	for (int i = 0; i < N_FIELDS; i++)
		len += (*field(n, i) ? strlen(*field(n, i)) : 0) + 2;
	if ((buf = malloc(len)) == NULL)
		return -1;
	buf[0] = 'R';
	buf[1] = (char)((n->read ? 1 : 0) | (n->is_system ? 2 : 0) | (note ? 4 : 0));
	if (note)
		memcpy(buf + 2, note, NOTE_BYTES);
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
 * -r: what the pairing will ask of the file open on in (source/pairindex.h),
 * so that the analysis asks nothing of it again.  A SOFTWARE hive is also
 * taken through the analysis's first steps, as its own analysis would take
 * it: when that ends at "not a SYSTEM hive", a paired SOFTWARE hive is
 * skipped then without being opened (its names read and its SYSTEM hive's
 * analysis are its two opens).  1 with *note, 0 no note (not a regular
 * file), -1 ENOMEM.
 */
static int pair_note(int in, const char *path, const struct hd_options *opts, struct hd_pair_note *note)
{
	struct hd_options o = *opts;
	struct hd_result res;
	struct stat st;
	uint32_t flags;
	int oom = 0;

	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode) || (flags = hd_pair_flags_fd(in, opts->unsafe)) == 0)
		return 0;
	if (flags & HD_PAIR_SOFTWARE) {
		o.write_recovered = NULL;       /* the notes write nothing */
		o.software = NULL;
		hd_analyze_pair(path, NULL, &o, &res);
		if (res.error_code && strcmp(res.error_code, HD_ERR_NOT_SYSTEM) == 0 && res.file.kind &&
		    strcmp(res.file.kind, "SOFTWARE") == 0)
			flags |= HD_PAIR_SKIPPED_SOFTWARE;
		oom = res.error_code && strcmp(res.error_code, HD_ERR_NOMEM) == 0;
		hd_result_clear(&res);
		if (oom) {
			errno = ENOMEM;
			return -1;
		}
	}
	hd_pair_note_of(&st, flags, note);
	return 1;
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
	struct hd_pair_note note;
	enum hd_pass pass = HD_PASS_NONE;
	int in, rc, noted = 0, from_stdin = strcmp(path, "-") == 0 && cfg->render.stdin_fd > 0;

	if (cfg->before_hive)
		cfg->before_hive(path);
	opts.no_follow = no_follow;
	/* The operand "-": standard input, read once into a sealed memfd (main.c); no log beside it. */
	if (from_stdin) {
		in = fcntl(cfg->render.stdin_fd, F_DUPFD_CLOEXEC, 3);
		opts.no_replay = 1;
	} else {
		/* One open for every reader (util/fdio.h), the pairing's note included. */
		(void)hd_evidence_hold(path, no_follow);
		in = hd_open_evidence(path, no_follow);
	}
	/* Only a walked file (no_follow) may be passed over: an operand named by the user is analyzed. */
	if (in >= 0 && no_follow)
		pass = classify(in);
	/* -r's pairing asks every file of a folder; a file of the run is noted here, once. */
	if (in >= 0 && !from_stdin && cfg->names_notes && (noted = pair_note(in, path, &opts, &note)) < 0) {
		close(in);
		hd_evidence_release();
		return -1;
	}
	if (pass != HD_PASS_NONE || cfg->names_notes_only) {
		/* 'N': read for its note alone (no names wanted), whatever it holds */
		char reply[2 + NOTE_BYTES] = { pass != HD_PASS_NONE ? 'P' : 'N', (char)pass };
		if (noted)
			memcpy(reply + 2, &note, NOTE_BYTES);
		if (in >= 0)
			close(in);
		hd_evidence_release();
		return hd_job_send_reply(fd, reply, noted ? sizeof reply : 2);
	}
	rc = hd_analyze_names_fd(in, path, root, &opts, cfg->names_hash, &n);
	if (in >= 0)
		close(in);
	hd_evidence_release();
	if (rc < 0)
		return -1;
	rc = send_record(fd, &n, noted ? &note : NULL);
	hd_fleet_names_clear(&n);
	return rc;
}

int hd_names_job_decode(const char *buf, size_t len, const char *path, int *pass, struct hd_fleet_names **out,
                        struct hd_pair_note *note, int *noted)
{
	const char *p = buf + 2, *end = buf + len;
	struct hd_fleet_names *n;

	*out = NULL;
	*pass = HD_PASS_NONE;
	*noted = 0;
	if ((len == 2 || len == 2 + NOTE_BYTES) &&
	    ((buf[0] == 'P' && buf[1] > HD_PASS_NONE && buf[1] <= HD_PASS_SPECIAL) || (buf[0] == 'N' && buf[1] == HD_PASS_NONE))) {
		*pass = buf[1];
		if ((*noted = len > 2))
			memcpy(note, buf + 2, NOTE_BYTES);
		return 0;
	}
	if (len < 2 || buf[0] != 'R' || (buf[1] & ~7) != 0)
		goto malformed;
	if (buf[1] & 4) {
		if (len < 2 + NOTE_BYTES)
			goto malformed;
		memcpy(note, buf + 2, NOTE_BYTES);
		p += NOTE_BYTES;
	}
	if ((size_t)(end - p) < 2 * N_FIELDS || buf[len - 1] != '\0' || (n = calloc(1, sizeof *n)) == NULL)
		goto malformed;
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
	*noted = (buf[1] & 4) != 0;
	*out = n;
	return 0;
bad:
	hd_fleet_names_clear(n);
	free(n);
malformed:
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
