/*
 * fixfile.h - writing the --fix-reg file safely (issue 15): never onto an
 * input (the hive, or a transaction log beside it, which log discovery
 * would then read), never over an existing file unless forced, and never a
 * half-written file: a temporary name in the same directory, then link (no
 * replace) or rename (--force).
 */
#ifndef HD_FIXFILE_H
#define HD_FIXFILE_H

#include <stddef.h>

/*
 * 0 when path may receive the file for hive; -1 with the reason in err:
 * path is the hive or one of its logs (HIVE.LOG, .LOG1, .LOG2, .ALT in
 * any case, beside it), or exists and force is 0.
 */
int hd_fixfile_check(const char *path, const char *hive, int force, char *err, size_t errlen);

/* Write data to path as above.  0, or -1 with the reason in err. */
int hd_fixfile_write(const char *path, const char *hive, int force, const char *data, size_t len,
                     char *err, size_t errlen);

#endif
