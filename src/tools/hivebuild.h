/*
 * hivebuild.h - write parsed REGEDIT4 text (regtext.h) as a hive file.
 */
#ifndef HD_HIVEBUILD_H
#define HD_HIVEBUILD_H

#include "tools/regtext.h"

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

#endif
