/*
 * analyze_software.c - the SOFTWARE hive of a pair (--software): its file
 * as evidence (size, SHA-256, base block), its kind checked from its
 * content, and its facts read into facts->software.  Opened read-only, like
 * the SYSTEM hive; a dirty SOFTWARE hive has its transaction logs replayed
 * as the SYSTEM hive's are (analyze_recover.c), and the report says what
 * was applied.
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

static int refuse(const char **code, char **message, const char *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refuse(const char **code, char **message, const char *c, const char *fmt, ...)
{
	va_list ap;

	*code = c;
	free(*message);
	va_start(ap, fmt);
	if (vasprintf(message, fmt, ap) < 0)
		*message = NULL;
	va_end(ap);
	return -1;
}

/* What hivex must not be handed (the SYSTEM hive's checks, shortened). */
static const char *header_problem(const struct hd_fileinfo *fi, int unsafe)
{
	const struct hd_regf_header *h = &fi->header;

	if (fi->size == 0)
		return "empty file: not a hive";
	if (h->magic != HD_MAGIC_REGF)
		return "not a registry hive: no regf signature";
	if (!fi->have_header)
		return "truncated: the file ends inside the 4096-byte base block";
	if (h->major == 1 && h->minor == 6)
		return "unsupported format: regf 1.6 differencing hive";
	if (h->file_type != 0)
		return "not a primary hive: a transaction log";
	if (!h->checksum_ok)
		return "bad base block checksum";
	if (h->truncated && !unsafe)
		return "truncated: the hive bins extend past the end of the file";
	return NULL;
}

/* "a SYSTEM", "an NTUSER", "another kind of": before " hive" (issue 25: the article). */
static const char *kind_phrase(enum hd_hive_kind kind)
{
	switch (kind) {
	case HD_KIND_SYSTEM: return "a SYSTEM";
	case HD_KIND_SOFTWARE: return "a SOFTWARE";
	case HD_KIND_SAM: return "a SAM";
	case HD_KIND_SECURITY: return "a SECURITY";
	case HD_KIND_DEFAULT: return "a DEFAULT";
	case HD_KIND_NTUSER: return "an NTUSER";
	case HD_KIND_USRCLASS: return "a USRCLASS";
	case HD_KIND_OTHER: break;
	}
	return "another kind of";
}

/* Every lookup is kept on trail too: the timelines (-o bodyfile, timesketch)
 * show each key read, not only those the findings cite. */
static int read_facts(struct hd_hive *hv, struct hd_software_facts *sw, struct hd_trail *trail)
{
	struct hd_reader r = {
		.hive = hv, .root = hd_hive_root(hv), .controlset_name = "", .hive_label = "SOFTWARE",
		.trail = trail,
	};

	r.controlset = r.root;
	if (hd_software_collect(&r, sw) < 0)
		return -1;
	sw->lookup_errors = r.lookup_errors;
	return 0;
}

/* Open the hive, check its kind, read its facts. */
static int read_hive(const struct hd_options *opts, struct hd_software_input *in, const char *open_path,
                     struct hd_software_facts *sw, const char **code, char **message)
{
	const char *why = NULL;
	enum hd_hive_kind kind = HD_KIND_OTHER;
	struct hd_hive *hv = hd_hive_open(open_path, (opts->unsafe ? HD_OPEN_UNSAFE : 0) |
	                                  (in->rebuilt.from ? HD_OPEN_NO_TIMES : 0), &why);
	int rc = -1;

	if (hv == NULL)
		return refuse(code, message, HD_ERR_SOFTWARE, "--software %s: hivex cannot open it: %s (%s)",
		              in->path, why ? why : "open failed", strerror(errno));
	if (hd_hive_kind(hv, &kind) != HD_FOUND) {
		refuse(code, message, HD_ERR_SOFTWARE, "--software %s: cannot read the root key's subkeys: "
		       "damaged hive (%s)", in->path, strerror(errno));
		goto out;
	}
	in->file.kind = hd_hive_kind_name(kind);
	if (kind != HD_KIND_SOFTWARE)
		refuse(code, message, HD_ERR_NOT_SOFTWARE, "--software %s: %s hive, not a SOFTWARE hive "
		       "(name the SYSTEM hive as the operand and its SOFTWARE hive with --software)",
		       in->path, kind_phrase(kind));
	else if (read_facts(hv, sw, &in->trail) < 0)
		refuse(code, message, HD_ERR_NOMEM, "--software %s: out of memory reading facts", in->path);
	else
		rc = 0;
out:
	hd_hive_close(hv);
	return rc;
}

/*
 * A registry export of SOFTWARE, or a compressed copy (the NT 4.0 repair
 * folder's software._, by its magic): rebuilt or expanded from the one open
 * file into a sealed memfd whose name is put in open_path.  0 (*fd -1 when the file is a hive itself), or -1 with the
 * refusal set.
 */
static int expand_copy(struct hd_software_input *in, const struct hd_snapshot *snap, int *fd,
                       char *open_path, size_t len, const char **code, char **message)
{
	const char *why = NULL;

	char *inner = NULL;
	int rebuilt;

	*fd = -1;
	snprintf(open_path, len, "%s", snap->open_path);
	if (in->file.header.magic != HD_MAGIC_UNKNOWN)
		return 0;
	/* A registry export of SOFTWARE (issue 22), rebuilt as the SYSTEM hive's is. */
	rebuilt = hd_analyze_export(snap->fd, in->path, in->at ? in->at->prov : NULL, &in->rebuilt, fd, open_path,
	                            len, code, &inner);
	if (rebuilt < 0) {
		refuse(code, message, *code, "--software %s: %s", in->path, inner ? inner : "cannot read");
		free(inner);
		return -1;
	}
	if (rebuilt > 0 || hd_analyze_expand_fd(snap->fd, &in->expanded, fd, open_path, len, code, &why) >= 0)
		return 0;
	return refuse(code, message, *code ? *code : HD_ERR_EXPAND, "--software %s: %s: %s", in->path,
	              in->expanded.format ? in->expanded.format : "cannot read", why ? why : strerror(errno));
}

/*
 * A dirty SOFTWARE hive: its logs replayed as the SYSTEM hive's are, into a
 * sealed memfd whose name replaces open_path when they apply (a compressed
 * copy has no logs of its own).  0, or -1 with the refusal set.
 */
static int replay_logs(const struct hd_options *opts, struct hd_software_input *in,
                       const struct hd_snapshot *snap, int *fd, char *open_path, size_t len,
                       const char **code, char **message)
{
	if (in->expanded.format != NULL || in->rebuilt.from != NULL ||
	    hd_analyze_recover_software(in->path, snap, in->file.header.dirty, opts, &in->replay, fd,
	                                open_path, len) == 0)
		return 0;
	return refuse(code, message, HD_ERR_NOMEM, "--software %s: out of memory replaying its logs",
	              in->path);
}

/* Hash (on a second thread) and read the hive, both from the one open file. */
static int read_snapshot(const struct hd_options *opts, struct hd_software_input *in,
                         const struct hd_snapshot *snap, struct hd_software_facts *sw,
                         const char **code, char **message)
{
	struct hd_hashjob *job = hd_fileinfo_hash_mapped(dup(snap->fd), in->file.size);
	const char *problem = NULL;
	const char *hcode = NULL;
	char *hmessage = NULL, open_path[64];
	int rc = -1, fd = -1;

	if (expand_copy(in, snap, &fd, open_path, sizeof open_path, code, message) < 0)
		goto hash;
	problem = header_problem(in->rebuilt.from ? &in->rebuilt.image
	                         : in->expanded.format ? &in->expanded.image : &in->file, opts->unsafe);
	if (problem != NULL)
		refuse(code, message, HD_ERR_SOFTWARE, "--software %s: %s", in->path, problem);
	else if (replay_logs(opts, in, snap, &fd, open_path, sizeof open_path, code, message) == 0 &&
	         read_hive(opts, in, open_path, sw, code, message) == 0)
		rc = 0;
hash:
	if (fd >= 0)
		close(fd);
	if (hd_fileinfo_hash_finish(job, &in->file, &hcode, &hmessage) < 0 && rc == 0)
		rc = refuse(code, message, hcode, "--software %s: %s", in->path,
		            hmessage ? hmessage : "cannot read");
	else if (rc == 0 && hd_snapshot_changed(snap) != 0)
		rc = refuse(code, message, HD_ERR_CHANGED, "--software %s: the file changed while it was "
		            "analyzed: its hash and facts would not describe the same bytes", in->path);
	free(hmessage);
	return rc;
}

/*
 * Issue 12: the SOFTWARE hive goes through the same single open as the
 * SYSTEM hive (hd_snapshot): hash, base block, expansion and hivex all read
 * one file.
 */
int hd_analyze_software(const struct hd_options *opts, struct hd_software_input *in,
                        struct hd_software_facts *sw, const char **code, char **message)
{
	struct hd_snapshot snap;
	int rc;

	*code = NULL;
	*message = NULL;
	if ((in->at ? hd_snapshot_open_at(in->at, &in->file, &snap, code, message)
	     : hd_snapshot_open(in->path, opts->no_follow, &in->file, &snap, code, message)) < 0) {
		char *inner = *message;

		*message = NULL;
		rc = refuse(code, message, HD_ERR_SOFTWARE, "--software %s: %s", in->path,
		            inner ? inner : "cannot read");
		free(inner);
		return rc;
	}
	rc = read_snapshot(opts, in, &snap, sw, code, message);
	hd_snapshot_close(&snap);
	if (rc == 0) {
		sw->dirty = in->rebuilt.from ? 0 : (in->expanded.format ? &in->expanded.image : &in->file)->header.dirty;
		sw->logs_applied = in->replay.state == HD_REPLAY_ATTEMPTED && in->replay.recovery.applied;
	}
	return rc;
}
