/*
 * hivebuild.h - write parsed REGEDIT4 text (regtext.h) as a hive file.
 */
#ifndef HD_HIVEBUILD_H
#define HD_HIVEBUILD_H

#include "hive/regtext.h"

/* What failed, for the message: a static phrase and the key being written. */
struct hd_hivebuild_failure {
	const char *what;
	const struct hd_regtext_key *key;       /* NULL when no key was involved */
};

/*
 * Write doc to out_path as a hive whose base block records name (see
 * hd_blank_hive).  Every key gets the fixed time HD_MKHIVE_FILETIME, or the
 * time of its !time= line (regtext.h), so the
 * same text always gives the same bytes.  The hive is built in a temporary
 * file beside out_path and renamed over it: a failed run leaves no partial
 * output.  Returns 0, or -1 with errno set and *fail filled.
 */
int hd_hivebuild_write(const struct hd_regtext *doc, const char *out_path, const char *name,
                       struct hd_hivebuild_failure *fail);

/*
 * Build doc as a hive in a new sealed memfd (issue 22: a registry export
 * read into memory), its base block recording name: *fd is read-only in
 * effect (sealed against writes, growth and shrinking).  Every key and the
 * base block get the FILETIME 0, which every reader of a time takes for "no
 * time" (an export records none: nothing is invented); !time= lines are
 * not applied.  0, or -1 with errno set and *fail filled.
 */
int hd_hivebuild_memfd(const struct hd_regtext *doc, const char *name, int *fd,
                       struct hd_hivebuild_failure *fail);

/*
 * Add doc's keys and values to an open, writable hivex handle (missing
 * parents are created), without the !time= patches of hd_hivebuild_write:
 * keys keep hivex's times.  0, or -1 with errno set and *fail filled.
 * graft.c uses these on a copy of a real hive.
 */
struct hive_h;
int hd_hivebuild_add_keys(struct hive_h *h, const struct hd_regtext *doc,
                          struct hd_hivebuild_failure *fail);
/* The node at path below the root, created when missing; 0 on error. */
size_t hd_hivebuild_ensure_key(struct hive_h *h, const char *path);

#endif
