/*
 * read.h - the reading helpers every fact collector uses: lookups relative to
 * the analyzed control set that record found / absent / error and never stop
 * on a damaged hive.
 */
#ifndef HD_READ_H
#define HD_READ_H

#include <stddef.h>

#include "facts/fact.h"
#include "hive/hive.h"
#include "hive/regval.h"

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
};

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

/* Read Services\<name> (name must outlive svc).  0 ok, -1 ENOMEM. */
int hd_read_service(struct hd_reader *r, const char *name, struct hd_service_facts *svc);

#endif
