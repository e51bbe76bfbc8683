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
#include <time.h>
#include <unistd.h>

#include "facts/read.h"
#include "fleet/fleet.h"
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

/* The hive that was analyzed: the file, the image a compressed copy expanded
 * to, or the one a registry export was rebuilt into. */
static const struct hd_fileinfo *analyzed_file(const struct hd_result *res)
{
	return res->rebuilt.from ? &res->rebuilt.image : res->expanded.format ? &res->expanded.image : &res->file;
}

/* Refuse what hivex must not be handed, with the reason a reader needs. */
static int check_header(struct hd_result *res, int unsafe)
{
	const struct hd_fileinfo *fi = analyzed_file(res);
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

/*
 * An export of CurrentControlSet with no Select\Current beside it records
 * no set number: source/export.c built it as a free ControlSetNNN, which is
 * analyzed as if Select named it (the report says what it stands for; no
 * fallback is claimed).  0 when the choice is Select's as usual.
 */
static unsigned unrecorded_set(const struct hd_result *res, const struct hd_options *opts)
{
	unsigned n = 0;

	if (opts->control_set || !res->rebuilt.from || res->rebuilt.control_set_recorded ||
	    !hd_controlset_parse_name(res->rebuilt.current_control_set, &n))
		return 0;
	return n;
}

/* --control-set N names no set: say which sets exist (issue 25), so the next try is right. */
static int no_such_set(struct hd_result *res, unsigned n)
{
	char have[160] = "";
	size_t used = 0;

	for (size_t i = 0; i < res->cs.n_present && used < sizeof have; i++)
		used += (size_t)snprintf(have + used, sizeof have - used, "%sControlSet%03u", i ? ", " : "",
		                         res->cs.present[i]);
	if (used >= sizeof have)
		snprintf(have + sizeof have - 5, 5, "...");
	return set_error(res, HD_ERR_NO_CONTROLSET, "no control set: ControlSet%03u does not exist; %s%s",
	                 n, res->cs.n_present ? "the hive has " : "the hive has no ControlSetNNN key", have);
}

static int resolve_controlset(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts)
{
	unsigned unrecorded = unrecorded_set(res, opts);
	int rc = hd_controlset_resolve(hv, unrecorded ? unrecorded : opts->control_set, &res->cs);

	if (rc == 1 && unrecorded) {
		free(res->cs.fallback_reason);
		res->cs.fallback_reason = NULL;
	}
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
		return no_such_set(res, opts->control_set);
	return set_error(res, HD_ERR_NO_CONTROLSET, "Select names no existing control set "
	                 "(%zu present); choose one with --control-set", res->cs.n_present);
}

static int is_ignored(const struct hd_options *opts, const char *rule_id)
{
	for (size_t i = 0; i < opts->rules.n_ignore; i++)
		if (strcmp(opts->rules.ignore[i], rule_id) == 0)
			return 1;
	return 0;
}

/*
 * Move the findings of --ignore'd rules from fs to ig before the verdicts
 * run: the verdict functions of the rule packs and the exit status then
 * never see them, and the report still lists them (issue 5: CI accepts a
 * known condition without hiding it).  Ownership of each finding's strings
 * moves with it.
 */
static int set_aside_ignored(struct hd_findings *fs, struct hd_findings *ig, const struct hd_options *opts)
{
	size_t kept = 0;

	if (opts->rules.n_ignore == 0)
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

	if (res->software.path == NULL && res->software.find &&
	    res->software.find(res->path, opts, &res->software.found) == 1)
		res->software.path = res->software.found;
	if (res->software.path == NULL)
		return 0;
	if (hd_analyze_software(opts, &res->software, &res->facts.software, &code, &message) == 0)
		return 0;
	res->error_code = code ? code : HD_ERR_SOFTWARE;
	free(res->error_message);
	res->error_message = message;
	return -1;
}

/* What one control set of the hive yields; the result's own, or the LastKnownGood set's. */
struct judgment {
	const char *controlset;
	struct hd_facts *facts;
	struct hd_findings *findings, *ignored;
	struct hd_verdict *imc, *mta;
	struct hd_trail *trail;
	/* The LastKnownGood set is judged with the SOFTWARE facts already
	 * read (borrowed, not read again); NULL: read the pair's SOFTWARE hive. */
	const struct hd_software_facts *software;
};

/* What the analysis knows about the file, as facts the rules read. */
static void hive_facts(const struct hd_result *res, struct hd_hive_facts *h)
{
	h->dirty = analyzed_file(res)->header.dirty;
	h->logs_applied = res->replay.state == HD_REPLAY_ATTEMPTED && res->replay.recovery.applied;
	h->replay_skipped = res->replay.state == HD_REPLAY_SKIPPED;
	/* A dirty hive with no log beside it is H1 (info); logs that exist
	 * and were refused are H4 (warning). */
	h->logs_refused = res->replay.state == HD_REPLAY_ATTEMPTED &&
	                  res->replay.recovery.n_logs_found > 0 && res->replay.recovery.refused_reason[0]
	                  ? res->replay.recovery.refused_reason : NULL;
	h->controlset_fallback = res->cs.fallback_reason;
	h->select_wrong_type = res->cs.wrong_type;
	h->alt_used = res->alt.used ? res->alt.name : NULL;
	h->controlset = res->cs.analyzed_name;
}

/* The SOFTWARE facts of j: read (the result's own judgment) or borrowed. -2: res's error set. */
static int software_facts(struct hd_result *res, const struct hd_options *opts, struct judgment *j)
{
	if (j->software == NULL)
		return read_software(res, opts) < 0 ? -2 : 0;
	j->facts->software = *j->software;
	return 0;
}

/*
 * The rules, with rule P1's case folder: the caller's (the worker knows the
 * walked root), else that of the file named on its own (fleet/fleet.h), as
 * the peer pass filed it.  0, or -1 ENOMEM.
 */
static int run_rules(const struct hd_result *res, const struct hd_options *opts, const struct judgment *j)
{
	struct hd_rule_options rules = opts->rules;
	char *case_folder = NULL;
	int rc;

	if (rules.peers != NULL && rules.peer_case == NULL && res->path != NULL) {
		if ((case_folder = hd_fleet_case_folder(res->path, NULL)) == NULL)
			return -1;
		rules.peer_case = case_folder;
	}
	rc = hd_rules_run(j->facts, &rules, j->findings);
	free(case_folder);
	return rc;
}

/*
 * Facts -> findings -> verdicts for j->controlset: 0, 1 the set cannot be
 * opened, -1 ENOMEM, -2 the SOFTWARE hive failed (res's error set).
 */
static int judge_set(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts,
                     struct judgment *j)
{
	struct hd_reader r = {
		.hive = hv, .root = hd_hive_root(hv), .controlset_name = j->controlset, .trail = j->trail,
	};
	int rc;

	if (hd_key_lookup(hv, r.root, j->controlset, &r.controlset) != HD_FOUND)
		return 1;
	if (hd_facts_collect(&r, j->facts) < 0)
		return -1;
	if ((rc = software_facts(res, opts, j)) < 0)
		return rc;
	hd_windows_identify(&j->facts->software, &j->facts->network, &j->facts->windows);
	if (hd_timeline_build(j->facts, &j->facts->timeline) < 0 ||
	    hd_exchange_expect(&j->facts->exchange.names, opts->rules.org, opts->rules.site, opts->rules.server) < 0)
		return -1;
	hive_facts(res, &j->facts->hive);
	if (run_rules(res, opts, j) < 0 ||
	    set_aside_ignored(j->findings, j->ignored, opts) < 0 ||
	    hd_verdict_imc(j->facts, j->findings, j->imc) < 0 ||
	    hd_verdict_mta(j->facts, j->findings, j->mta) < 0)
		return -1;
	return 0;
}

static int judge(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts)
{
	struct judgment j = {
		.controlset = res->cs.analyzed_name, .facts = &res->facts, .findings = &res->findings,
		.ignored = &res->ignored, .imc = &res->imc, .mta = &res->mta, .trail = &res->trail,
	};
	int rc = judge_set(res, hv, opts, &j);

	if (rc > 0)
		return set_error(res, HD_ERR_HIVE_OPEN, "cannot open %s: damaged hive", res->cs.analyzed_name);
	res->have_facts = 1;
	if (rc == -2)
		return -1;
	if (rc < 0)
		return set_error(res, HD_ERR_NOMEM, "out of memory judging findings");
	return 0;
}

/* The LastKnownGood set, when Select names one other than the analyzed set and it exists. */
static int lkg_number(const struct hd_controlset *cs, unsigned *n)
{
	if (!cs->has_value[HD_SEL_LKG] || cs->value[HD_SEL_LKG] == cs->analyzed)
		return 0;
	for (size_t i = 0; i < cs->n_present; i++)
		if (cs->present[i] == cs->value[HD_SEL_LKG]) {
			*n = cs->present[i];
			return 1;
		}
	return 0;
}

/*
 * Judge the LastKnownGood control set too and list what differs from the
 * analyzed one (res->lkg): booting it is the first remedy an admin has.
 * A LastKnownGood set that cannot be read adds nothing; only ENOMEM fails.
 */
static int compare_lkg(struct hd_result *res, struct hd_hive *hv, const struct hd_options *opts)
{
	char name[HD_CONTROLSET_NAME_LEN];
	struct hd_facts facts = { 0 };
	struct hd_findings fs = { 0 }, ig = { 0 };
	struct hd_verdict imc = { 0 }, mta = { 0 };
	struct judgment j = { name, &facts, &fs, &ig, &imc, &mta, &res->lkg_trail, &res->facts.software };
	unsigned n = 0;
	int rc = 0;

	if (!lkg_number(&res->cs, &n))
		return 0;
	snprintf(name, sizeof name, "ControlSet%03u", n);
	rc = judge_set(res, hv, opts, &j);
	if (rc == 0) {
		struct hd_changes_side cur = { &res->trail, res->imc.status, res->mta.status, res->cs.analyzed_name };
		struct hd_changes_side lkg = { &res->lkg_trail, imc.status, mta.status, name };

		res->lkg.against = "last_known_good";
		res->lkg.current_path = res->path;
		res->lkg.copy_path = res->path;
		rc = hd_changes_compute(&cur, &lkg, &res->lkg);
	}
	memset(&facts.software, 0, sizeof facts.software);   /* borrowed */
	hd_facts_clear(&facts);
	hd_findings_clear(&fs);
	hd_findings_clear(&ig);
	hd_verdict_clear(&imc);
	hd_verdict_clear(&mta);
	return rc < 0 ? set_error(res, HD_ERR_NOMEM, "out of memory comparing LastKnownGood") : 0;
}

static void note_nothing_saved(struct hd_result *res, const struct hd_options *opts)
{
	if (opts->write_recovered == NULL || res->saved_to || res->save_error)
		return;
	if (asprintf(&res->save_error, "%s: nothing to save: %s", opts->write_recovered,
	             res->rebuilt.from ? "a registry export has no transaction logs"
	             : res->expanded.format ? "a compressed copy has no transaction logs"
	             : !res->file.header.dirty ? "the hive is clean"
	             : res->replay.state == HD_REPLAY_SKIPPED ? "--no-replay was given"
	             : "no transaction log was applied") < 0)
		res->save_error = NULL;
}

/*
 * A compressed copy has no transaction logs to replay: a dirty one is
 * reported as dirty with no log found (stale evidence, H1).
 */
static void no_logs_for_copy(struct hd_result *res, const struct hd_options *opts)
{
	if (!res->expanded.image.header.dirty)
		return;
	res->replay.state = opts->no_replay ? HD_REPLAY_SKIPPED : HD_REPLAY_ATTEMPTED;
	snprintf(res->replay.recovery.refused_reason, sizeof res->replay.recovery.refused_reason,
	         "a compressed copy (%s) has no transaction logs", res->expanded.format);
}

/* A registry export rebuilt into a hive (analyze_export.c): 1, 0 not one, -1 res's error set. */
static int rebuild_export(const char *path, const struct hd_snapshot *snap, struct hd_result *res,
                          int *image_fd, char *open_path, size_t open_path_len)
{
	const char *code = NULL;
	char *message = NULL;
	int rc = hd_analyze_export(snap->fd, path, res->prov, &res->rebuilt, image_fd, open_path, open_path_len,
	                           &code, &message);

	if (rc < 0) {
		res->error_code = code;
		free(res->error_message);
		res->error_message = message;
	}
	return rc;
}

/* The hive image to open: the file, a registry export rebuilt, a compressed
 * copy expanded, or the file with its logs replayed. */
static int prepare_image(const char *path, const struct hd_snapshot *snap, const struct hd_options *opts,
                         struct hd_result *res, int *image_fd, char *open_path, size_t open_path_len)
{
	int unknown = res->file.header.magic == HD_MAGIC_UNKNOWN;
	int rebuilt = unknown ? rebuild_export(path, snap, res, image_fd, open_path, open_path_len) : 0;
	int packed = unknown && rebuilt == 0
	             ? hd_analyze_expand(snap->fd, res, image_fd, open_path, open_path_len) : 0;

	if (rebuilt < 0 || packed < 0 || check_header(res, opts->unsafe) < 0)
		return -1;
	if (rebuilt) {
		/* An export has no logs, no .ALT, no sequence numbers: nothing to replay. */
	} else if (packed) {
		no_logs_for_copy(res, opts);
	} else if (hd_analyze_recover(path, snap, opts, res, image_fd, open_path, open_path_len) < 0 ||
	           hd_analyze_alt(path, snap, res, image_fd, open_path, open_path_len) < 0) {
		return set_error(res, HD_ERR_NOMEM, "out of memory replaying transaction logs");
	}
	note_nothing_saved(res, opts);
	return 0;
}

/* The analysis proper, once the base block is known (the hash runs alongside). */
static int analyze_hive(const char *path, const struct hd_snapshot *snap, const struct hd_options *opts,
                        struct hd_result *res)
{
	struct hd_hive *hv = NULL;
	const char *why = NULL;
	char open_path[64];
	int rc = -1, image_fd = -1;

	if (prepare_image(path, snap, opts, res, &image_fd, open_path, sizeof open_path) < 0)
		goto out;
	hv = hd_hive_open(open_path, (opts->unsafe ? HD_OPEN_UNSAFE : 0) |
	                  (res->rebuilt.from ? HD_OPEN_NO_TIMES : 0), &why);
	if (hv == NULL)
		set_error(res, errno == ENOMEM ? HD_ERR_NOMEM : HD_ERR_HIVE_OPEN,
		          "hivex cannot open it: %s (%s)", why ? why : "open failed", strerror(errno));
	else if (resolve_controlset(res, hv, opts) == 0 && judge(res, hv, opts) == 0 &&
	         compare_lkg(res, hv, opts) == 0)
		rc = 0;
	hd_hive_close(hv);
out:
	if (image_fd >= 0)
		close(image_fd);
	return rc;
}

/* Nothing read from the hive is kept for a hive_changed report: facts,
 * findings and verdicts may come from bytes of two different files. */
static void drop_judgment(struct hd_result *res)
{
	hd_findings_clear(&res->findings);
	hd_findings_clear(&res->ignored);
	hd_verdict_clear(&res->imc);
	hd_verdict_clear(&res->mta);
	hd_facts_clear(&res->facts);
	res->have_facts = 0;
	hd_controlset_clear(&res->cs);
	res->have_controlset = 0;
	res->file.kind = NULL;
}

/*
 * A file written while it was analyzed gives a hash and findings that may
 * describe different bytes: that is an error of its own, never findings
 * (issue 12: 98 of 400 runs mixed two files swapped over one path).
 */
static void check_unchanged(const struct hd_snapshot *snap, struct hd_result *res)
{
	int changed = hd_snapshot_changed(snap);

	if (changed == 0 || (res->error_code && strcmp(res->error_code, HD_ERR_CHANGED) == 0))
		return;
	drop_judgment(res);
	res->file.have_sha256 = 0;
	set_error(res, HD_ERR_CHANGED, changed < 0 ? "cannot stat it again after the analysis: %s"
	          : "the file changed while it was analyzed (size, modification or change time "
	          "moved): its hash and findings would not describe the same bytes%s",
	          changed < 0 ? strerror(errno) : "");
}

/* sw: the SOFTWARE hive's path, descriptor or finder (the rest of it is filled here). */
static int analyze_with(const char *path, const struct hd_opened *at, const struct hd_software_input *sw,
                        const struct hd_options *opts, struct hd_result *res)
{
	struct hd_snapshot snap;
	struct hd_hashjob *job;
	const char *code = NULL;
	char *message = NULL;
	int rc;

	hd_result_start(res, path, opts);
	res->software.path = sw->path;
	res->software.at = sw->at;
	res->software.find = sw->find;
	res->prov = at ? at->prov : NULL;
	if ((at ? hd_snapshot_open_at(at, &res->file, &snap, &code, &res->error_message)
	        : hd_snapshot_open(path, opts->no_follow, &res->file, &snap, &code, &res->error_message)) < 0) {
		res->error_code = code;
		return -1;
	}
	job = hd_fileinfo_hash_mapped(dup(snap.fd), res->file.size);
	rc = analyze_hive(path, &snap, opts, res);
	/* A hash that fails (a read error on a dying disk) fails the analysis:
	 * the report must describe the bytes it hashed. */
	if (hd_fileinfo_hash_finish(job, &res->file, &code, &message) < 0 &&
	    (res->error_code == NULL || strcmp(code, HD_ERR_CHANGED) == 0)) {
		free(res->error_message);
		drop_judgment(res);
		res->error_code = code;
		res->error_message = message;
		message = NULL;
	}
	check_unchanged(&snap, res);
	hd_snapshot_close(&snap);
	free(message);
	return res->error_code ? -1 : rc;
}

int hd_analyze(const char *path, const struct hd_options *opts, struct hd_result *res)
{
	return hd_analyze_pair(path, opts->software, opts, res);
}

int hd_analyze_pair(const char *path, const char *software_path, const struct hd_options *opts,
                    struct hd_result *res)
{
	struct hd_software_input sw = { .path = software_path };

	return analyze_with(path, NULL, &sw, opts, res);
}

int hd_analyze_pair_at(const char *path, const struct hd_opened *at, const char *software_path,
                       const struct hd_opened *software, const struct hd_options *opts, struct hd_result *res)
{
	struct hd_software_input sw = { .path = software_path, .at = software };

	return analyze_with(path, at, &sw, opts, res);
}

int hd_analyze_found_pair(const char *path, hd_software_finder find, const struct hd_options *opts,
                          struct hd_result *res)
{
	struct hd_software_input sw = { .find = find };

	return analyze_with(path, NULL, &sw, opts, res);
}

void hd_result_start(struct hd_result *res, const char *path, const struct hd_options *opts)
{
	time_t t = time(NULL);
	struct tm tm;

	memset(res, 0, sizeof *res);
	res->path = path;
	res->opts = opts;
	res->unsafe = opts->unsafe;
	res->ignore_requested = opts->rules.n_ignore > 0;
	if (t != (time_t)-1 && gmtime_r(&t, &tm) != NULL)
		strftime(res->started, sizeof res->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void replay_evidence_clear(struct hd_replay_evidence *ev)
{
	for (int i = 0; i < HD_TXLOG_SLOTS; i++)
		free(ev->logs[i].name);
	hd_recovery_clear(&ev->recovery);
}

void hd_result_clear(struct hd_result *res)
{
	replay_evidence_clear(&res->replay);
	replay_evidence_clear(&res->software.replay);
	hd_trail_clear(&res->software.trail);
	hd_alt_evidence_clear(&res->alt);
	hd_prov_clear(&res->rebuilt.prov);
	hd_prov_clear(&res->software.rebuilt.prov);
	free(res->software.found);
	hd_controlset_clear(&res->cs);
	hd_facts_clear(&res->facts);
	hd_findings_clear(&res->findings);
	hd_findings_clear(&res->ignored);
	hd_verdict_clear(&res->imc);
	hd_verdict_clear(&res->mta);
	hd_changes_clear(&res->lkg);
	hd_changes_clear(&res->vs_current);
	hd_trail_clear(&res->trail);
	hd_trail_clear(&res->lkg_trail);
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
