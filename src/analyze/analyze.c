/*
 * analyze.c - one hive through the pipeline: file -> hive -> control set ->
 * facts -> findings -> verdicts.
 */
#include "analyze/analyze.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts/read.h"
#include "hive/hive.h"
#include "hive/hivekind.h"

static int set_error(struct hd_result *res, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_error(struct hd_result *res, const char *code, const char *fmt, ...)
{
	va_list ap;

	res->error_code = code;
	free(res->error_message);
	va_start(ap, fmt);
	if (vasprintf(&res->error_message, fmt, ap) < 0)
		res->error_message = NULL;
	va_end(ap);
	return -1;
}

/* Refuse what hivex must not be handed, with the reason a reader needs. */
static int check_header(struct hd_result *res, int unsafe)
{
	const struct hd_fileinfo *fi = &res->file;
	const struct hd_regf_header *h = &fi->header;

	if (fi->size == 0)
		return set_error(res, HD_ERR_EMPTY, "empty file: not a hive");
	if (h->magic == HD_MAGIC_CREG)
		return set_error(res, HD_ERR_WIN9X, "not a Windows NT hive: a Windows 9x/Me registry file (CREG)");
	if (h->magic == HD_MAGIC_LOG_HVLE)
		return set_error(res, HD_ERR_LOG_FILE, "not a primary hive: a transaction log (HvLE entries)");
	if (h->magic != HD_MAGIC_REGF)
		return set_error(res, HD_ERR_NOT_HIVE, "not a registry hive: no regf signature");
	if (!fi->have_header)
		return set_error(res, HD_ERR_TRUNCATED, "truncated: the file ends inside the 4096-byte base block (%llu bytes)",
		                 (unsigned long long)fi->size);
	/* Windows 10 layered keys use regf 1.6 "differencing" hives (yarp
	 * System_Delta): they hold changes to another hive, not a system. */
	if (h->major == 1 && h->minor == 6)
		return set_error(res, HD_ERR_UNSUPPORTED, "unsupported format: regf 1.6 differencing hive "
		                 "(it holds only changes to a base hive)");
	if (h->file_type != 0)
		return set_error(res, HD_ERR_LOG_FILE, "not a primary hive: a transaction log (file type %u)",
		                 h->file_type);
	if (!h->checksum_ok)
		return set_error(res, HD_ERR_CHECKSUM, "bad base block checksum: stored 0x%08x, computed 0x%08x "
		                 "(hivex refuses such hives, even in unsafe mode)",
		                 h->checksum_stored, h->checksum_computed);
	if (h->truncated && !unsafe)
		return set_error(res, HD_ERR_TRUNCATED, "truncated: hive bins claim %u bytes but the file holds %llu after the base block",
		                 h->hbins_size, (unsigned long long)(fi->size - HD_REGF_BASE_BLOCK_SIZE));
	return 0;
}

/* The control sets decide SYSTEM, as they did; the root's subkeys the rest (hivekind.c). */
static const char *hive_kind(struct hd_hive *hv, const struct hd_controlset *cs)
{
	enum hd_hive_kind kind;

	if (cs->select[HD_SEL_CURRENT].key_found || cs->n_present > 0)
		return "SYSTEM";
	if (hd_hive_kind(hv, &kind) != HD_FOUND)
		return "other";
	return hd_hive_kind_name(kind);
}

static int resolve_controlset(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts)
{
	int rc = hd_controlset_resolve(hv, opts->control_set, &res->cs);

	if (rc < 0)
		return set_error(res, errno == ENOMEM ? HD_ERR_NOMEM : HD_ERR_HIVE_OPEN,
		                 "cannot read the root key's subkeys: damaged hive (%s)", strerror(errno));
	res->have_controlset = 1;
	res->file.kind = hive_kind(hv, &res->cs);
	if (rc == 1)
		return 0;
	if (strcmp(res->file.kind, "SOFTWARE") == 0)
		return set_error(res, HD_ERR_NOT_SYSTEM, "a SOFTWARE hive, not a SYSTEM hive: name the "
		                 "SYSTEM hive as the operand and this one with --software");
	if (strcmp(res->file.kind, "SYSTEM") != 0)
		return set_error(res, HD_ERR_NOT_SYSTEM, "not a SYSTEM hive: no Select key and no "
		                 "ControlSetNNN (kind: %s)", res->file.kind);
	if (opts->control_set)
		return set_error(res, HD_ERR_NO_CONTROLSET, "no control set: ControlSet%03u does not exist", opts->control_set);
	return set_error(res, HD_ERR_NO_CONTROLSET, "Select names no existing control set "
	                 "(%zu present); choose one with --control-set", res->cs.n_present);
}

static int is_ignored(const struct hd_options *opts, const char *rule_id)
{
	for (size_t i = 0; i < opts->n_ignore; i++)
		if (strcmp(opts->ignore[i], rule_id) == 0)
			return 1;
	return 0;
}

/*
 * Move the findings of --ignore'd rules from res->findings to res->ignored
 * before the verdicts run: the verdict functions of the rule packs and the
 * exit status then never see them, and the report still lists them (issue
 * 5: CI accepts a known condition without hiding it).  Ownership of each
 * finding's strings moves with it.
 */
static int set_aside_ignored(struct hd_result *res, const struct hd_options *opts)
{
	struct hd_findings *fs = &res->findings, *ig = &res->ignored;
	size_t kept = 0;

	res->ignore_requested = opts->n_ignore > 0;
	if (opts->n_ignore == 0)
		return 0;
	ig->v = calloc(fs->n ? fs->n : 1, sizeof *ig->v);
	if (ig->v == NULL)
		return -1;
	ig->cap = fs->n ? fs->n : 1;
	for (size_t i = 0; i < fs->n; i++) {
		if (is_ignored(opts, fs->v[i].rule->id))
			ig->v[ig->n++] = fs->v[i];
		else
			fs->v[kept++] = fs->v[i];
	}
	fs->n = kept;
	return 0;
}

/* The SOFTWARE hive of the pair, when one was given (analyze_software.c). */
static int read_software(struct hd_result *res, const struct hd_options *opts)
{
	const char *code = NULL;
	char *message = NULL;

	if (res->software.path == NULL)
		return 0;
	if (hd_analyze_software(opts, &res->software, &res->facts.software, &code, &message) == 0)
		return 0;
	res->error_code = code ? code : HD_ERR_SOFTWARE;
	free(res->error_message);
	res->error_message = message;
	return -1;
}

static int judge(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts)
{
	struct hd_reader r = {
		.hive = hv, .root = hd_hive_root(hv), .controlset_name = res->cs.analyzed_name,
	};

	if (hd_key_lookup(hv, r.root, res->cs.analyzed_name, &r.controlset) != HD_FOUND)
		return set_error(res, HD_ERR_HIVE_OPEN, "cannot open %s: damaged hive", res->cs.analyzed_name);
	if (hd_facts_collect(&r, &res->facts) < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory reading facts");
	res->have_facts = 1;
	if (read_software(res, opts) < 0)
		return -1;
	if (hd_timeline_build(&res->facts, &res->facts.timeline) < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory building the timeline");
	if (hd_exchange_expect(&res->facts.exchange.names, opts->org, opts->site, opts->server) < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory reading facts");
	res->facts.hive.dirty = res->file.header.dirty;
	res->facts.hive.logs_applied = res->replay == HD_REPLAY_ATTEMPTED && res->recovery.applied;
	res->facts.hive.replay_skipped = res->replay == HD_REPLAY_SKIPPED;
	/* A dirty hive with no log beside it is H1 (info); logs that exist
	 * and were refused are H4 (warning). */
	res->facts.hive.logs_refused = res->replay == HD_REPLAY_ATTEMPTED &&
	                               res->recovery.n_logs_found > 0 && res->recovery.refused_reason[0]
	                               ? res->recovery.refused_reason : NULL;
	res->facts.hive.controlset_fallback = res->cs.fallback_reason;
	if (hd_rules_run(&res->facts, opts, &res->findings) < 0 ||
	    set_aside_ignored(res, opts) < 0 ||
	    hd_verdict_imc(&res->facts, &res->findings, &res->imc) < 0 ||
	    hd_verdict_mta(&res->facts, &res->findings, &res->mta) < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory judging findings");
	return 0;
}

static void note_nothing_saved(struct hd_result *res, const struct hd_options *opts)
{
	if (opts->write_recovered == NULL || res->saved_to || res->save_error)
		return;
	if (asprintf(&res->save_error, "%s: nothing to save: %s", opts->write_recovered,
	             !res->file.header.dirty ? "the hive is clean"
	             : res->replay == HD_REPLAY_SKIPPED ? "--no-replay was given"
	             : "no transaction log was applied") < 0)
		res->save_error = NULL;
}

/* The analysis proper, once the base block is known (the hash runs alongside). */
static int analyze_hive(const char *path, const struct hd_options *opts, struct hd_result *res)
{
	struct hd_hive *hv = NULL;
	const char *why = NULL;
	char open_path[64 + 4096];
	int rc = -1, image_fd = -1;

	if (check_header(res, opts->unsafe) < 0)
		return -1;
	if (hd_analyze_recover(path, opts, res, &image_fd, open_path, sizeof open_path) < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory replaying transaction logs");
	note_nothing_saved(res, opts);
	hv = hd_hive_open(open_path, opts->unsafe ? HD_OPEN_UNSAFE : 0, &why);
	if (hv == NULL)
		set_error(res, errno == ENOMEM ? HD_ERR_NOMEM : HD_ERR_HIVE_OPEN,
		          "hivex cannot open it: %s (%s)", why ? why : "open failed", strerror(errno));
	else if (resolve_controlset(res, hv, opts) == 0 && judge(res, hv, opts) == 0)
		rc = 0;
	hd_hive_close(hv);
	if (image_fd >= 0)
		close(image_fd);
	return rc;
}

int hd_analyze(const char *path, const struct hd_options *opts, struct hd_result *res)
{
	return hd_analyze_pair(path, opts->software, opts, res);
}

int hd_analyze_pair(const char *path, const char *software_path, const struct hd_options *opts,
                    struct hd_result *res)
{
	struct hd_hashjob *job;
	const char *code = NULL;
	char *message = NULL;
	int fd, rc;

	memset(res, 0, sizeof *res);
	res->path = path;
	res->software.path = software_path;
	res->unsafe = opts->unsafe;
	res->ignore_requested = opts->n_ignore > 0;
	if (hd_fileinfo_open(path, &res->file, &fd, &code, &res->error_message) < 0) {
		res->error_code = code;
		return -1;
	}
	job = hd_fileinfo_hash_start(fd);
	rc = analyze_hive(path, opts, res);
	/* A hash that fails (a read error on a dying disk) fails the analysis:
	 * the report must describe the bytes it hashed. */
	if (hd_fileinfo_hash_finish(job, &res->file, &code, &message) < 0 && res->error_code == NULL) {
		res->error_code = code;
		res->error_message = message;
		message = NULL;
		rc = -1;
	}
	free(message);
	return rc;
}

void hd_result_clear(struct hd_result *res)
{
	hd_controlset_clear(&res->cs);
	hd_facts_clear(&res->facts);
	hd_findings_clear(&res->findings);
	hd_findings_clear(&res->ignored);
	hd_verdict_clear(&res->imc);
	hd_verdict_clear(&res->mta);
	hd_recovery_clear(&res->recovery);
	free(res->save_error);
	free(res->error_message);
	memset(res, 0, sizeof *res);
}

int hd_result_exit_status(const struct hd_result *res)
{
	if (res->error_code || res->save_error)
		return 2;
	for (size_t i = 0; i < res->findings.n; i++)
		if (res->findings.v[i].severity != HD_SEV_INFO)
			return 1;
	return 0;
}
