/*
 * read.h - the reading helpers every fact collector uses: lookups relative to
 * the analyzed control set that record found / absent / error and never stop
 * on a damaged hive.
 */
#ifndef HD_READ_H
#define HD_READ_H

#include <stddef.h>

#include "facts/fact.h"
#include "facts/trail.h"
#include "hive/hive.h"
#include "hive/regval.h"

/* Bytes of a child reader's prefix: 255-character names, a few levels. */
#define HD_READER_PREFIX_MAX 512

/*
 * Reading context: the hive and the control set being analyzed.  A reader
 * of a hive without control sets (SOFTWARE) has controlset = root and
 * controlset_name "": paths are then relative to the root, as written.
 */
struct hd_reader {
	struct hd_hive *hive;
	hd_key root;
	hd_key controlset;              /* 0 when none was resolved */
	const char *controlset_name;    /* "ControlSet001", or "" for root-relative paths */
	const char *hive_label;         /* stamped on every regval read (static), NULL for SYSTEM */
	size_t lookup_errors;           /* lookups that hit a damaged hive */
	struct hd_trail *trail;         /* every lookup is copied here when not NULL */
	/* Set by hd_reader_child only (zero in a reader of a control set): */
	struct hd_reader *parent;       /* counts this reader's lookup errors */
	int missing;                    /* status of every lookup when controlset is 0 */
	char prefix[HD_READER_PREFIX_MAX]; /* relpath of its key below the control set */
};

/*
 * A reader rooted at <base>\<name> below r's key, for a name read from the
 * hive (a Bind adapter, a DependOnService entry, a subkey name): base is a
 * constant path, name one key found by hd_key_child, never split on '\', so
 * a name holding '\' names no key (issue 26) instead of walking into
 * another.  sub's lookups are recorded under r's paths (base\name\relpath)
 * and its errors counted in r; when the key is absent (or unreadable) every
 * lookup through sub says so.  A name too long for the prefix reads as
 * absent under base\(name too long).  sub must not outlive r.
 */
void hd_reader_child(struct hd_reader *r, const char *base, const char *name, struct hd_reader *sub);

/*
 * Probe a key / read a value at a path relative to the analyzed control set
 * (e.g. "Services\\Tcpip\\Linkage").  Fills out (owned; clear with
 * hd_regval_clear): out->status is HD_FOUND, HD_ABSENT or HD_ERROR (a
 * damaged hive).  Returns 0, or -1 with errno = ENOMEM: the only failure
 * that stops collection.  The hd_read_str/dword/multi helpers below follow
 * the same convention and also decode (f->decode).
 */
int hd_read_key(struct hd_reader *r, const char *relpath, struct hd_regval *out);
int hd_read_value(struct hd_reader *r, const char *relpath, const char *name,
                  struct hd_regval *out);

/* Names of the subkeys of a control-set-relative key: returns HD_FOUND/ABSENT/ERROR. */
int hd_read_subkeys(struct hd_reader *r, const char *relpath, char ***names, size_t *count);

int hd_read_str(struct hd_reader *r, const char *relpath, const char *name, struct hd_str_fact *f);
int hd_read_dword(struct hd_reader *r, const char *relpath, const char *name, struct hd_dword_fact *f);
int hd_read_multi(struct hd_reader *r, const char *relpath, const char *name, struct hd_multi_fact *f);

/* Read Services\<name> (name must outlive svc; looked up as one key,
 * hd_reader_child).  0 ok, -1 ENOMEM. */
int hd_read_service(struct hd_reader *r, const char *name, struct hd_service_facts *svc);

#endif
