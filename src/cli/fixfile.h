/*
 * fixfile.h - writing the --fix-reg file safely (issue 15): never onto an
 * input (a hive, or a transaction log beside it, which log discovery
 * would then read), never over an existing file unless forced, and never a
 * half-written file: a temporary name in the same directory, then link (no
 * replace) or rename (--force).
 *
 * Inputs (issue 26) are every hive the run reads (the HIVE operands and
 * --software's SOFTWARE hive), each with the names log discovery reads
 * beside it (NAME.LOG, .LOG1, .LOG2, .ALT, in any letter case), whether
 * they exist yet or not; a hive given through a symbolic link is protected
 * under the link's name and its target's.  A FILE is refused when its name
 * is one of those in the same folder (compared by the folder's device and
 * inode), or when it exists and is one of those files under another name
 * (device and inode: a hard link, a symbolic link to it).  --force never
 * lifts this.
 *
 * Nothing is created beside evidence before FILE itself is allowed: the
 * check runs first, and the temporary file (".FILE.XXXXXX", made with
 * O_EXCL) goes in FILE's own folder, where rename/link need it.  Its last
 * dot-separated part is six characters, so it is never a log name
 * (LOG, LOG1, LOG2, ALT) of any hive; and it is removed on every error.
 */
#ifndef HD_FIXFILE_H
#define HD_FIXFILE_H

#include <stddef.h>

/*
 * 0 when path may receive the file for a run that reads the n hives (NULL
 * entries are skipped); -1 with the reason in err: path is one of their
 * inputs as above, or exists and force is 0.
 */
int hd_fixfile_check(const char *path, const char *const *hives, size_t n, int force, char *err, size_t errlen);

/* Write data to path as above.  0, or -1 with the reason in err. */
int hd_fixfile_write(const char *path, const char *const *hives, size_t n, int force, const char *data,
                     size_t len, char *err, size_t errlen);

#endif
