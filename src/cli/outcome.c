/*
 * outcome.c - one hive's result in the form the runner moves between
 * processes (see outcome.h).
 */
#include "cli/outcome.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze/analyze.h"
#include "source/pairindex.h"
#include "source/pairing.h"
#include "util/textutil.h"

#define WIRE_MAGIC 0x32574448u  /* "HDW2" */

/* Both ends are the same executable on the same machine: native byte order. */
struct wire_header {
	uint32_t magic;
	int32_t exit_status, imc, mta, skipped;
	uint32_t message_len, report_len, fix_reg_len;
	uint32_t fix_edits, fix_without_edit;
	uint64_t n_hives, n_tests, n_failures, n_errors, n_skipped;     /* the report's counts */
	int32_t folder;
	int32_t reserved;       /* 0: inner is 8-byte aligned, so the header has no padding
	                         * left uninitialized for the write (valgrind) */
	struct hd_tally inner;
};

/* The report in the run's format and, when asked, the .reg text. */
static int render(const struct hd_result *res, const struct hd_render *how, struct hd_outcome *out)
{
	FILE *mem = open_memstream(&out->report, &out->report_len);
	FILE *reg = NULL;
	int rc = -1;

	if (mem == NULL)
		goto done;
	rc = how->format->hive(res, &how->style, mem);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc == 0 && how->fix_reg && res->error_code == NULL) {
		reg = open_memstream(&out->fix_reg, &out->fix_reg_len);
		rc = reg ? hd_report_reg(res, reg, &out->fix) : -1;
		if (reg && fclose(reg) != 0)
			rc = -1;
	}
done:
	if (rc < 0) {
		free(out->report);
		free(out->fix_reg);
		out->report = out->fix_reg = NULL;
		errno = ENOMEM;
	}
	return rc;
}

static int fill(const struct hd_result *res, const struct hd_render *how, struct hd_outcome *out)
{
	int analyzed = res->error_code == NULL;

	memset(out, 0, sizeof *out);
	out->exit_status = hd_result_exit_status(res);
	out->imc = analyzed ? (int)res->imc.status : HD_VERDICT_UNKNOWN;
	out->mta = analyzed ? (int)res->mta.status : HD_VERDICT_UNKNOWN;
	hd_format_count(res, &out->counts);
	if (!analyzed || res->save_error) {
		const char *m = res->error_message ? res->error_message : res->error_code;
		int n = !res->save_error ? asprintf(&out->message, "%s", m)
		      : analyzed ? asprintf(&out->message, "--write-recovered %s", res->save_error)
		      : asprintf(&out->message, "%s\n--write-recovered %s", m, res->save_error);
		if (n < 0) {
			out->message = NULL;
			return -1;
		}
	}
	if (render(res, how, out) < 0) {
		hd_outcome_clear(out);
		return -1;
	}
	return 0;
}

int hd_outcome_from_result(const struct hd_result *res, const struct hd_render *how, struct hd_outcome *out)
{
	return fill(res, how, out);
}

/* The skip piece of -r, in the run's format. */
static int render_skipped(const char *path, const char *why, const struct hd_render *how,
                          struct hd_outcome *out)
{
	FILE *mem = open_memstream(&out->report, &out->report_len);
	int rc;

	if (mem == NULL)
		return -1;
	rc = how->format->skipped(path, why, &how->style, mem);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc < 0) {
		free(out->report);
		out->report = NULL;
		errno = ENOMEM;
	}
	return rc;
}

int hd_outcome_passed(const char *path, int why, const char *reason, const struct hd_render *how,
                      struct hd_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->skipped = why;
	out->imc = out->mta = HD_VERDICT_UNKNOWN;
	return render_skipped(path, reason, how, out);
}

/*
 * The skip of a SOFTWARE hive that the analyses of n SYSTEM hives (systems,
 * their paths) read, or of a hive of kind kind (systems NULL).
 */
static int render_kind_skip(const char *path, const char *kind, const char *systems, size_t n,
                            const struct hd_render *how, struct hd_outcome *out)
{
	char *why = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->skipped = systems ? HD_SKIP_PAIRED : HD_SKIP_KIND;
	out->imc = out->mta = HD_VERDICT_UNKNOWN;
	if (systems ? asprintf(&why, "kind SOFTWARE, read with the SYSTEM hive%s %s", n > 1 ? "s" : "", systems) >= 0
	            : asprintf(&why, "kind %s", kind) >= 0)
		rc = render_skipped(path, why, how, out);
	free(why);
	return rc;
}

/*
 * -r: a hive of another kind is counted as skipped, never an error; a
 * SOFTWARE hive that the SYSTEM hives beside it pair with was read with
 * them (source/pairing.h: not when the SYSTEM hive found two SOFTWARE
 * hives and read neither).
 */
static int fill_skipped(const struct hd_result *res, const struct hd_options *opts,
                        const struct hd_render *how, struct hd_outcome *out)
{
	const char *kind = res->file.kind ? res->file.kind : "other";
	char *systems = NULL;
	size_t n = 0;
	int rc;

	if (strcmp(kind, "SOFTWARE") == 0 && hd_pair_readers(res->path, opts->unsafe, &systems, &n) < 0 &&
	    errno == ENOMEM)
		return -1;
	rc = render_kind_skip(res->path, kind, systems, n, how, out);
	free(systems);
	return rc;
}

int hd_outcome_paired_software(const char *path, const struct hd_options *opts, const struct hd_render *how,
                               struct hd_outcome *out)
{
	struct stat st;
	uint32_t flags;
	char *systems = NULL;
	size_t n;
	int rc;

	if (!how->skip_other_kinds || opts->software != NULL || !hd_pairindex_active() ||
	    (opts->no_follow ? lstat(path, &st) : stat(path, &st)) < 0 || !S_ISREG(st.st_mode) ||
	    hd_pairindex_lookup(&st, &flags) != 1 || !(flags & HD_PAIR_SKIPPED_SOFTWARE))
		return 0;
	if ((rc = hd_pair_readers(path, opts->unsafe, &systems, &n)) != 1)
		return rc < 0 && errno == ENOMEM ? -1 : 0;
	rc = render_kind_skip(path, "SOFTWARE", systems, n, how, out);
	free(systems);
	return rc < 0 ? -1 : 1;
}

/* -r: the SOFTWARE hive of a SYSTEM hive's folder (an hd_software_finder). */
static int folder_software(const char *path, const struct hd_options *opts, char **software)
{
	return hd_pair_sibling(path, "SOFTWARE", opts->unsafe, software);
}

int hd_outcome_analyze(const char *path, const struct hd_options *opts,
                       const struct hd_render *how, struct hd_outcome *out)
{
	struct hd_result res;
	int rc;


	/* failure is a report too */
	if (how->skip_other_kinds && opts->software == NULL)
		hd_analyze_found_pair(path, folder_software, opts, &res);
	else
		hd_analyze_pair(path, opts->software, opts, &res);
	if (how->skip_other_kinds && res.error_code && strcmp(res.error_code, HD_ERR_NOT_SYSTEM) == 0)
		rc = fill_skipped(&res, opts, how, out);
	else if (how->skip_other_kinds && opts->no_follow && res.error_code &&
	         strcmp(res.error_code, HD_ERR_NOT_HIVE) == 0)
		/* found by the walk (no_follow), handed on for its magic, no format after all */
		rc = hd_outcome_passed(path, HD_SKIP_NOT_HIVE, "not a hive", how, out);
	else if (how->skip_other_kinds && opts->no_follow && res.error_code &&
	         strcmp(res.error_code, HD_ERR_LOG_FILE) == 0)
		/* a compressed transaction log (SYSTEM.LOG1.xz): passed over as logs are */
		rc = hd_outcome_passed(path, HD_SKIP_LOG, "transaction log", how, out);
	else
		rc = fill(&res, how, out);
	hd_result_clear(&res);
	return rc;
}

int hd_outcome_failure(const char *path, const struct hd_options *opts, const struct hd_render *how,
                       const char *code, const char *message, int read_file, struct hd_outcome *out)
{
	struct hd_result res;
	const char *ignored_code = NULL;
	struct stat st;
	int rc;

	hd_result_start(&res, path, opts);
	if (read_file) {
		/* Our own reader, not the parser that failed: safe to run here. */
		hd_fileinfo_read(path, opts->no_follow, &res.file, &ignored_code, &res.error_message);
		free(res.error_message);
	} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		res.file.size = (uint64_t)st.st_size;
		res.file.have_size = 1;
	}
	res.error_code = code;
	res.error_message = strdup(message);
	rc = res.error_message ? fill(&res, how, out) : -1;
	hd_result_clear(&res);
	return rc;
}

void hd_outcome_clear(struct hd_outcome *o)
{
	free(o->message);
	free(o->report);
	free(o->fix_reg);
	memset(o, 0, sizeof *o);
}

int hd_outcome_encode(const struct hd_outcome *o, char **buf, size_t *len)
{
	size_t mlen = o->message ? strlen(o->message) : 0;
	struct wire_header h = {
		.magic = WIRE_MAGIC, .exit_status = o->exit_status, .imc = o->imc, .mta = o->mta,
		.skipped = o->skipped,
		.message_len = (uint32_t)mlen, .report_len = (uint32_t)o->report_len,
		.fix_reg_len = (uint32_t)o->fix_reg_len, .fix_edits = (uint32_t)o->fix.edits,
		.fix_without_edit = (uint32_t)o->fix.without_edit,
		.n_hives = o->counts.hives, .n_tests = o->counts.tests, .n_failures = o->counts.failures,
		.n_errors = o->counts.errors, .n_skipped = o->counts.skipped,
		.folder = o->folder, .inner = o->inner,
	};

	if (mlen > UINT32_MAX || o->report_len > UINT32_MAX || o->fix_reg_len > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	*len = sizeof h + mlen + o->report_len + o->fix_reg_len;
	if ((*buf = malloc(*len)) == NULL)
		return -1;
	memcpy(*buf, &h, sizeof h);
	if (mlen)
		memcpy(*buf + sizeof h, o->message, mlen);
	if (o->report_len)
		memcpy(*buf + sizeof h + mlen, o->report, o->report_len);
	if (o->fix_reg_len)
		memcpy(*buf + sizeof h + mlen + o->report_len, o->fix_reg, o->fix_reg_len);
	return 0;
}

static char *copy_bytes(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

int hd_outcome_decode(const char *buf, size_t len, struct hd_outcome *o)
{
	struct wire_header h;

	memset(o, 0, sizeof *o);
	if (len < sizeof h)
		goto bad;
	memcpy(&h, buf, sizeof h);
	if (h.magic != WIRE_MAGIC || h.exit_status < 0 || h.exit_status > 2 ||
	    len - sizeof h != (uint64_t)h.message_len + h.report_len + h.fix_reg_len)
		goto bad;
	o->exit_status = h.exit_status;
	o->imc = h.imc;
	o->mta = h.mta;
	o->skipped = h.skipped >= 0 && h.skipped < HD_SKIP_COUNT ? h.skipped : HD_SKIP_KIND;
	o->folder = h.folder != 0;
	o->inner = h.inner;
	o->counts = (struct hd_format_counts){
		.hives = (unsigned long)h.n_hives, .tests = (unsigned long)h.n_tests,
		.failures = (unsigned long)h.n_failures, .errors = (unsigned long)h.n_errors,
		.skipped = (unsigned long)h.n_skipped,
	};
	if (h.message_len && (o->message = copy_bytes(buf + sizeof h, h.message_len)) == NULL)
		return -1;
	/* An empty piece is an outcome too (a format with nothing to say about the hive). */
	if ((o->report = copy_bytes(buf + sizeof h + h.message_len, h.report_len)) == NULL) {
		hd_outcome_clear(o);
		return -1;
	}
	o->report_len = h.report_len;
	if (h.fix_reg_len &&
	    (o->fix_reg = copy_bytes(buf + sizeof h + h.message_len + h.report_len, h.fix_reg_len)) == NULL) {
		hd_outcome_clear(o);
		return -1;
	}
	o->fix_reg_len = h.fix_reg_len;
	o->fix = (struct hd_reg_summary){ .edits = h.fix_edits, .without_edit = h.fix_without_edit };
	return 0;
bad:
	errno = EPROTO;
	return -1;
}
