/*
 * analyze_software.c - the SOFTWARE hive of a pair (--software): its file
 * as evidence (size, SHA-256, base block), its kind checked from its
 * content, and its facts read into facts->software.  Opened read-only, like
 * the SYSTEM hive.  A dirty SOFTWARE hive is read as it is (its logs are not
 * replayed) and the report says so.
 */
#include "analyze/analyze.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int read_facts(struct hd_hive *hv, struct hd_software_facts *sw)
{
	struct hd_reader r = {
		.hive = hv, .root = hd_hive_root(hv), .controlset_name = "", .hive_label = "SOFTWARE",
	};

	r.controlset = r.root;
	if (hd_software_collect(&r, sw) < 0)
		return -1;
	sw->lookup_errors = r.lookup_errors;
	return 0;
}

/* Open the hive, check its kind, read its facts. */
static int read_hive(const struct hd_options *opts, struct hd_software_input *in,
                     struct hd_software_facts *sw, const char **code, char **message)
{
	const char *why = NULL;
	enum hd_hive_kind kind = HD_KIND_OTHER;
	struct hd_hive *hv = hd_hive_open(in->path, opts->unsafe ? HD_OPEN_UNSAFE : 0, &why);
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
		refuse(code, message, HD_ERR_NOT_SOFTWARE, "--software %s: a %s hive, not a SOFTWARE hive "
		       "(name the SYSTEM hive as the operand and its SOFTWARE hive with --software)",
		       in->path, in->file.kind);
	else if (read_facts(hv, sw) < 0)
		refuse(code, message, HD_ERR_NOMEM, "--software %s: out of memory reading facts", in->path);
	else
		rc = 0;
out:
	hd_hive_close(hv);
	return rc;
}

int hd_analyze_software(const struct hd_options *opts, struct hd_software_input *in,
                        struct hd_software_facts *sw, const char **code, char **message)
{
	const char *problem;

	*code = NULL;
	*message = NULL;
	if (hd_fileinfo_read(in->path, &in->file, code, message) < 0) {
		char *inner = *message;
		int rc;

		*message = NULL;
		rc = refuse(code, message, HD_ERR_SOFTWARE, "--software %s: %s", in->path,
		                inner ? inner : "cannot read");

		free(inner);
		return rc;
	}
	problem = header_problem(&in->file, opts->unsafe);
	if (problem != NULL)
		return refuse(code, message, HD_ERR_SOFTWARE, "--software %s: %s", in->path, problem);
	if (read_hive(opts, in, sw, code, message) < 0)
		return -1;
	sw->dirty = in->file.header.dirty;
	return 0;
}
