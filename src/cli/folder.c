/*
 * folder.c - an archive (or any folder of the source stage) as evidence:
 * its SYSTEM hives analyzed, each with its folder's SOFTWARE hive, every
 * other member counted by reason (see folder.h).
 */
#include "cli/folder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "analyze/analyze.h"
#include "cli/child.h"
#include "hive/hive.h"
#include "hive/hivekind.h"
#include "source/stream.h"
#include "util/fdio.h"

/* Folders inside folders an archive may nest before the rest is an error. */
#define MAX_LEVELS 64

enum item_type {
	ITEM_SYSTEM,            /* a SYSTEM hive: analyzed */
	ITEM_MAYBE,             /* a compressed file or an export: analyzed, kind known after */
	ITEM_SOFTWARE,          /* a SOFTWARE hive: paired, or skipped as another kind */
	ITEM_SKIP,              /* not analyzed: skip (enum hd_skip), reason */
	ITEM_ERROR,             /* could not be read: code, message */
};

struct item {
	enum item_type type;
	struct hd_src_dir *dir;         /* its folder (borrowed from the run) */
	char *name, *display;           /* its name in dir; "case.zip!/exch01/SYSTEM" */
	int skip;                       /* ITEM_SKIP */
	char *reason;                   /* ITEM_SKIP: the skip line's text; ITEM_ERROR: the message */
	const char *code;               /* ITEM_ERROR */
	long sw;                        /* ITEM_SYSTEM, ITEM_MAYBE: the SOFTWARE item paired, or -1 */
	struct hd_outcome out;
};

struct folder_run {
	const struct hd_options *opts;
	struct hd_render how;
	struct hd_src_limits lim;
	struct hd_src_dir **dirs;       /* every folder opened, closed at the end */
	size_t n_dirs, cap_dirs;
	struct item *items;             /* in the order the walk met them */
	size_t n, cap;
	const char *path;               /* the archive as named ("case.zip") */
};

static int keep_dir(struct folder_run *fr, struct hd_src_dir *d)
{
	if (fr->n_dirs == fr->cap_dirs) {
		size_t cap = fr->cap_dirs ? fr->cap_dirs * 2 : 8;
		struct hd_src_dir **p = realloc(fr->dirs, cap * sizeof *p);
		if (p == NULL) {
			hd_src_close(d);
			return -1;
		}
		fr->dirs = p;
		fr->cap_dirs = cap;
	}
	fr->dirs[fr->n_dirs++] = d;
	return 0;
}

/* A new item of d named name; NULL ENOMEM. */
static struct item *add_item(struct folder_run *fr, struct hd_src_dir *d, const char *name, enum item_type type)
{
	struct item *it;

	if (fr->n == fr->cap) {
		size_t cap = fr->cap ? fr->cap * 2 : 16;
		struct item *p = realloc(fr->items, cap * sizeof *p);
		if (p == NULL)
			return NULL;
		fr->items = p;
		fr->cap = cap;
	}
	it = &fr->items[fr->n];
	*it = (struct item){ .type = type, .dir = d, .sw = -1 };
	if ((it->name = strdup(name)) == NULL || asprintf(&it->display, "%s/%s", hd_src_path(d), name) < 0) {
		free(it->name);
		return NULL;
	}
	fr->n++;
	return it;
}

static int add_skip(struct folder_run *fr, struct hd_src_dir *d, const char *name, int skip, const char *reason)
{
	struct item *it = add_item(fr, d, name, ITEM_SKIP);

	if (it == NULL || (it->reason = strdup(reason)) == NULL)
		return -1;
	it->skip = skip;
	return 0;
}

static int add_error(struct folder_run *fr, struct hd_src_dir *d, const char *name, const char *code,
                     const char *message)
{
	struct item *it = add_item(fr, d, name, ITEM_ERROR);

	if (it == NULL || (it->reason = strdup(message ? message : "cannot read it")) == NULL)
		return -1;
	it->code = code ? code : HD_ERR_OPEN;
	return 0;
}

/* The kind of the hive on fd, from its content (hivex); "" when hivex cannot open it. */
static const char *hive_kind(int fd, const struct hd_options *opts)
{
	char path[32];
	struct hd_hive *hv;
	enum hd_hive_kind kind = HD_KIND_OTHER;
	const char *name = "";

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((hv = hd_hive_open(path, opts->unsafe ? HD_OPEN_UNSAFE : 0, NULL)) == NULL)
		return name;
	if (hd_hive_kind(hv, &kind) == HD_FOUND)
		name = hd_hive_kind_name(kind);
	hd_hive_close(hv);
	return name;
}

static int walk(struct folder_run *fr, struct hd_src_dir *d, unsigned level);

/* A member that is itself a folder (an archive in the archive): walked, or an error item. */
static int nested(struct folder_run *fr, struct hd_src_dir *d, const char *name, int fd,
                  const struct hd_src_backend *b, const struct hd_provenance *prov, unsigned level)
{
	struct hd_src_error e = { 0 };
	struct hd_src_dir *sub = NULL;
	char *display = NULL;
	int rc;

	if (asprintf(&display, "%s/%s", hd_src_path(d), name) < 0)
		return -1;
	if (b->open_dir(fd, display, prov, &fr->lim, d->depth, &sub, &e) < 0)
		rc = add_error(fr, d, name, e.code, e.message);
	else
		rc = keep_dir(fr, sub) < 0 ? -1 : walk(fr, sub, level + 1);
	hd_src_error_clear(&e);
	free(display);
	return rc;
}

/* What the member name of d is, by content, as an item. */
static int classify(struct folder_run *fr, struct hd_src_dir *d, const char *name, unsigned level)
{
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_src_error e = { 0 };
	enum hd_src_kind kind = HD_KIND_NONE;
	const struct hd_src_backend *b;
	const char *hk;
	char *why = NULL;
	int fd = -1, rc;

	if ((rc = hd_src_open_file(d, name, &fd, &prov, &e)) <= 0) {
		rc = add_error(fr, d, name, e.code, rc == 0 ? "not a regular file any more" : e.message);
		hd_src_error_clear(&e);
		return rc;
	}
	b = hd_src_sniff(fd, &kind);
	if (b && b->open_dir)
		rc = nested(fr, d, name, fd, b, &prov, level);
	else if (kind == HD_KIND_HIVE) {
		hk = hive_kind(fd, fr->opts);
		if (strcmp(hk, "SOFTWARE") == 0)
			rc = add_item(fr, d, name, ITEM_SOFTWARE) ? 0 : -1;
		else if (hk[0] == '\0' || strcmp(hk, "SYSTEM") == 0)
			rc = add_item(fr, d, name, ITEM_SYSTEM) ? 0 : -1;     /* unreadable: its report says why */
		else
			rc = asprintf(&why, "kind %s", hk) < 0 ? -1 : add_skip(fr, d, name, HD_SKIP_KIND, why);
	} else if (b && b->open_hive)
		rc = add_item(fr, d, name, ITEM_MAYBE) ? 0 : -1;
	else
		rc = add_skip(fr, d, name, kind == HD_KIND_LOG ? HD_SKIP_LOG : HD_SKIP_NOT_HIVE,
		              kind == HD_KIND_LOG ? "transaction log" : "not a hive");
	free(why);
	close(fd);
	hd_prov_clear(&prov);
	return rc;
}

/* The SOFTWARE hives of folder d (items from first on): the one pairs every SYSTEM hive there. */
static int pair(struct folder_run *fr, const struct hd_src_dir *d, size_t first)
{
	long sw = -1;
	size_t n_sw = 0, n_sys = 0;

	for (size_t i = first; i < fr->n; i++) {
		struct item *it = &fr->items[i];
		if (it->dir != d)
			continue;
		n_sw += it->type == ITEM_SOFTWARE;
		n_sys += it->type == ITEM_SYSTEM;
		if (it->type == ITEM_SOFTWARE)
			sw = (long)i;
	}
	for (size_t i = first; i < fr->n; i++) {
		struct item *it = &fr->items[i];
		if (it->dir != d)
			continue;
		if (it->type == ITEM_SYSTEM && n_sw == 1)
			it->sw = sw;
		if (it->type != ITEM_SOFTWARE)
			continue;
		/* One server, one hive of each kind: with two, which one pairs is not guessed. */
		it->type = ITEM_SKIP;
		it->skip = n_sw == 1 && n_sys > 0 ? HD_SKIP_PAIRED : HD_SKIP_KIND;
		if (it->skip == HD_SKIP_PAIRED ? asprintf(&it->reason, "kind SOFTWARE, read with the SYSTEM hive%s",
		                                          n_sys == 1 ? " beside it" : "s beside it") < 0
		                               : (it->reason = strdup("kind SOFTWARE")) == NULL)
			return -1;
	}
	return 0;
}

static int walk(struct folder_run *fr, struct hd_src_dir *d, unsigned level)
{
	struct hd_src_entry *ents = NULL;
	struct hd_src_error e = { 0 };
	size_t n = 0, first = fr->n;
	int rc = 0;

	if (level > MAX_LEVELS)
		return add_error(fr, d, ".", HD_ERR_OPEN, "folders nested too deep to walk (more than 64)");
	if (hd_src_list(d, &ents, &n, &e) < 0) {
		rc = add_error(fr, d, ".", e.code, e.message);
		hd_src_error_clear(&e);
		return rc;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct hd_src_dir *sub = NULL;
		if (ents[i].type == HD_SRC_FILE)
			rc = classify(fr, d, ents[i].name, level);
		else if (ents[i].type == HD_SRC_OTHER)
			rc = add_skip(fr, d, ents[i].name, HD_SKIP_SPECIAL, "not a regular file");
		else if ((rc = hd_src_subdir(d, ents[i].name, &sub, &e)) > 0)
			rc = keep_dir(fr, sub) < 0 ? -1 : walk(fr, sub, level + 1);
		else if (rc < 0)
			rc = add_error(fr, d, ents[i].name, e.code, e.message);
		hd_src_error_clear(&e);
	}
	hd_src_entries_free(ents, n);
	return rc < 0 ? -1 : pair(fr, d, first);
}

struct job {
	const struct folder_run *fr;
	const struct item *it;
};

/* One member opened for the analysis (prov kept by the caller until its report is made): 1,
 * or 0 with a new *message when it cannot be. */
static int reopen(const struct item *it, int *fd, struct hd_provenance *prov, struct hd_opened *at, char **message)
{
	struct hd_src_error e = { 0 };
	int rc = hd_src_open_file(it->dir, it->name, fd, prov, &e);

	if (rc <= 0) {
		*message = e.message ? e.message : strdup("not a regular file any more");
		e.message = NULL;
		hd_src_error_clear(&e);
		return 0;
	}
	*at = (struct hd_opened){ *fd, it->dir, it->name, prov };
	return 1;
}

/* In the member's own process: analyze it (with its SOFTWARE partner), render it. */
static int member_process(void *ctx, struct hd_outcome *out)
{
	const struct job *job = ctx;
	const struct item *it = job->it, *sw = it->sw >= 0 ? &job->fr->items[it->sw] : NULL;
	struct hd_opened sys_at, sw_at;
	struct hd_provenance prov = { .n_links = 0 }, sw_prov = { .n_links = 0 };
	struct hd_result res;
	char *message = NULL, *why = NULL;
	int fd = -1, sw_fd = -1, rc;

	if (!reopen(it, &fd, &prov, &sys_at, &message)) {
		rc = hd_outcome_failure(it->display, job->fr->opts, &job->fr->how, HD_ERR_OPEN,
		                        message ? message : "cannot read it", 0, out);
		free(message);
		return rc;
	}
	if (sw && !reopen(sw, &sw_fd, &sw_prov, &sw_at, &message))
		sw = NULL;      /* read at the walk, gone now: the SYSTEM hive alone */
	free(message);
	hd_analyze_pair_at(it->display, &sys_at, sw ? sw->display : NULL, sw ? &sw_at : NULL, job->fr->opts, &res);
	/* A compressed file or an export proved another kind of hive: skipped, as on disk. */
	if (it->type == ITEM_MAYBE && res.error_code && strcmp(res.error_code, HD_ERR_NOT_SYSTEM) == 0)
		rc = asprintf(&why, "kind %s", res.file.kind ? res.file.kind : "other") < 0 ? -1
		   : hd_outcome_passed(it->display, HD_SKIP_KIND, why, &job->fr->how, out);
	else if (it->type == ITEM_MAYBE && res.error_code && strcmp(res.error_code, HD_ERR_LOG_FILE) == 0)
		rc = hd_outcome_passed(it->display, HD_SKIP_LOG, "transaction log", &job->fr->how, out);
	else
		rc = hd_outcome_from_result(&res, &job->fr->how, out);
	free(why);
	hd_result_clear(&res);
	hd_prov_clear(&prov);
	hd_prov_clear(&sw_prov);
	close(fd);
	if (sw_fd >= 0)
		close(sw_fd);
	return rc;
}

/* Item it's outcome: analyzed in a process of its own, or the skip line or error report it stands for. */
static int settle(const struct folder_run *fr, struct item *it)
{
	struct job job = { fr, it };
	char *why = NULL, *message = NULL;
	int rc;

	if (it->type == ITEM_SKIP)
		return hd_outcome_passed(it->display, it->skip, it->reason, &fr->how, &it->out);
	if (it->type == ITEM_ERROR)
		return hd_outcome_failure(it->display, fr->opts, &fr->how, it->code, it->reason, 0, &it->out);
	if ((rc = hd_child_run(member_process, &job, &it->out, &why)) <= 0) {
		free(why);
		return rc;
	}
	rc = asprintf(&message, "the process analyzing this member died: %s; the other members' reports "
	              "are whole", why) < 0 ? -1
	   : hd_outcome_failure(it->display, fr->opts, &fr->how, HD_ERR_CRASHED, message, 0, &it->out);
	free(why);
	free(message);
	return rc;
}

/* "line" appended to *all (a new line each), 0 or -1 ENOMEM. */
static int add_line(char **all, const char *prefix, const char *line)
{
	char *joined = NULL;

	if (asprintf(&joined, "%s%s%s: %s", *all ? *all : "", *all ? "\n" : "", prefix, line) < 0)
		return -1;
	free(*all);
	*all = joined;
	return 0;
}

/* Item it into the folder's outcome: counted; its report written unless a skip line nobody asked for. */
static int append(const struct folder_run *fr, FILE *mem, size_t *written, const struct item *it,
                  struct hd_outcome *out)
{
	const struct hd_outcome *o = &it->out;

	if (o->skipped)
		out->inner.skipped[o->skipped]++;
	else
		hd_tally_add(&out->inner, o->exit_status, o->imc, o->mta);
	if (o->exit_status > out->exit_status)
		out->exit_status = o->exit_status;
	if (o->message && add_line(&out->message, it->display, o->message) < 0)
		return -1;
	if (o->skipped && !fr->how.list_skipped)
		return 0;
	if (*written && fputs(fr->how.format->separator, mem) == EOF)
		return -1;
	(*written)++;
	hd_format_counts_add(&out->counts, &o->counts);
	return fwrite(o->report, 1, o->report_len, mem) == o->report_len ? 0 : -1;
}

/* The folder's outcome from its items' (none analyzed: see folder.h). */
static int assemble(struct folder_run *fr, struct hd_outcome *out)
{
	FILE *mem;
	size_t written = 0, analyzed = 0;
	int rc = 0;

	for (size_t i = 0; i < fr->n; i++)
		analyzed += fr->items[i].type != ITEM_SKIP;
	if (analyzed == 0 && fr->how.skip_other_kinds)
		return hd_outcome_passed(fr->path, HD_SKIP_NO_SYSTEM, "archive without a SYSTEM hive", &fr->how, out);
	if (analyzed == 0)
		return hd_outcome_failure(fr->path, fr->opts, &fr->how, HD_ERR_NO_SYSTEM_HIVE,
		                          "it holds no SYSTEM hive (nor a file that could be one)", 0, out);
	memset(out, 0, sizeof *out);
	out->folder = 1;
	out->inner.archives = 1;
	out->imc = out->mta = HD_VERDICT_UNKNOWN;
	if ((mem = open_memstream(&out->report, &out->report_len)) == NULL)
		return -1;
	for (size_t i = 0; rc == 0 && i < fr->n; i++)
		rc = append(fr, mem, &written, &fr->items[i], out);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc < 0) {
		hd_outcome_clear(out);
		errno = ENOMEM;
	}
	return rc;
}

int hd_outcome_analyze_folder(const char *path, struct hd_src_dir *root, const struct hd_options *opts,
                              const struct hd_render *how, struct hd_outcome *out)
{
	struct folder_run fr = { .opts = opts, .how = *how, .path = path };
	int rc;

	memset(out, 0, sizeof *out);
	fr.how.fix_reg = 0;     /* one .reg file per run: an archive's hives have none */
	hd_src_limits_default(&fr.lim);
	rc = keep_dir(&fr, root) < 0 ? -1 : walk(&fr, root, 0);
	for (size_t i = 0; rc == 0 && i < fr.n; i++)
		rc = settle(&fr, &fr.items[i]);
	if (rc == 0)
		rc = assemble(&fr, out);
	for (size_t i = 0; i < fr.n; i++) {
		free(fr.items[i].name);
		free(fr.items[i].display);
		free(fr.items[i].reason);
		hd_outcome_clear(&fr.items[i].out);
	}
	free(fr.items);
	for (size_t i = fr.n_dirs; i > 0; i--)
		hd_src_close(fr.dirs[i - 1]);
	free(fr.dirs);
	return rc;
}

/* The chain above an archive: the file it is, or standard input. */
static int operand_link(const char *path, int is_stdin, struct hd_provenance *prov)
{
	if (hd_prov_add_link(prov, is_stdin ? "stdin" : "file") < 0)
		return -1;
	return is_stdin ? 0 : hd_prov_add_text(prov, "path", path);
}

int hd_archive_open(const char *path, int no_follow, int fd_in, struct hd_src_dir **dir, const char **code,
                    char **message)
{
	int fd = fd_in > 0 ? fcntl(fd_in, F_DUPFD_CLOEXEC, 3) : hd_open_evidence(path, no_follow), rc = 0;
	struct hd_provenance outer = { .n_links = 0 };
	enum hd_src_kind kind = HD_KIND_NONE;
	const struct hd_src_backend *b = NULL;
	struct hd_src_error e = { 0 };
	struct hd_src_limits lim;
	struct stat st;

	*dir = NULL;
	*message = NULL;
	if (fd < 0)
		return 0;       /* the analysis says why it cannot be opened */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (b = hd_src_sniff(fd, &kind)) != NULL &&
	    kind == HD_KIND_ARCHIVE && b->open_dir) {
		hd_src_limits_default(&lim);
		rc = operand_link(path, fd_in > 0, &outer) == 0 && b->open_dir(fd, path, &outer, &lim, 0, dir, &e) == 0
		     ? 1 : -1;
		*code = e.code ? e.code : HD_ERR_NOMEM;
		*message = rc < 0 ? (e.message ? e.message : strdup(strerror(errno))) : NULL;
		e.message = NULL;
	}
	hd_src_error_clear(&e);
	hd_prov_clear(&outer);
	close(fd);
	return rc;
}

int hd_outcome_analyze_evidence(const char *path, const struct hd_options *opts, const struct hd_render *how,
                          struct hd_outcome *out)
{
	int is_stdin = strcmp(path, "-") == 0 && how->stdin_fd > 0;
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_opened at = { -1, NULL, "-", &prov };
	struct hd_src_dir *dir = NULL;
	struct hd_result res;
	const char *code = NULL;
	char *message = NULL;
	int rc = hd_archive_open(path, opts->no_follow, is_stdin ? how->stdin_fd : 0, &dir, &code, &message);

	if (rc < 0)
		rc = hd_outcome_failure(path, opts, how, code, message ? message : "cannot read it", !is_stdin, out) < 0
		     ? -1 : 1;
	else if (rc > 0)
		rc = hd_outcome_analyze_folder(path, dir, opts, how, out) < 0 ? -1 : 1;    /* takes dir */
	else if (is_stdin) {
		/* a hive, a compressed hive or an export: read through the memfd, in an
		 * empty folder (no log or .ALT is beside a stream) */
		at.fd = how->stdin_fd;
		if (hd_prov_add_link(&prov, "stdin") < 0 || hd_src_empty_dir(path, &dir) < 0)
			rc = -1;
		else {
			at.dir = dir;
			hd_analyze_pair_at(path, &at, opts->software, NULL, opts, &res);
			rc = hd_outcome_from_result(&res, how, out) < 0 ? -1 : 1;
			hd_result_clear(&res);
		}
		hd_src_close(dir);
		hd_prov_clear(&prov);
	}
	free(message);
	return rc;
}
