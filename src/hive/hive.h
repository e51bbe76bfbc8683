/*
 * hive.h - read-only access to a registry hive.  hive.c is the only file of
 * the analyzer that includes <hivex.h>.
 *
 * Every lookup returns HD_FOUND (1), HD_ABSENT (0) or HD_ERROR (-1, errno
 * set; hive/regtypes.h).  hivex returns 0 both for "no such child" and for an error, so the
 * implementation clears errno before each call and tests it after.
 */
#ifndef HD_HIVE_H
#define HD_HIVE_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

/*
 * Hard limits against hostile hives (issue 6).  hivex has its own caps
 * (subkeys, values and value length per key, each in the tens of thousands
 * or megabytes); these are the analyzer's, tighter, set from what a real
 * SYSTEM hive holds, so that a hive built to exhaust memory or time fails
 * one lookup (HD_ERROR: errno ENAMETOOLONG, E2BIG or EFBIG; counted in
 * facts.lookup_errors) instead.
 *
 * Windows itself caps key names at 255 characters and the tree at 512
 * levels ("Registry element size limits", Microsoft Learn).
 */
/* A control-set-relative path is built by the analyzer from constants and
 * one service name: 4096 bytes is 16 names of 255 characters. */
#define HD_MAX_PATH_LEN 4096
/* Components of one lookup path (separators + 1, counted before any
 * lookup): Windows refuses keys deeper than 512. */
#define HD_MAX_KEY_DEPTH 512
/* Subkeys listed or scanned under one key: the largest list the analyzer
 * reads is Services (about 500 on a Windows 10 server; yarp's
 * ManySubkeysHive holds 5,000 under one key). */
#define HD_MAX_SUBKEYS 65536
/* Values scanned under one key when a name needs Unicode folding; service
 * keys hold tens. */
#define HD_MAX_VALUES 16384
/* Bytes of one value read into facts: the facts are names, paths, DWORDs
 * and binding lists of a few KiB; recent hivex alone allows 8 MB
 * (HIVEX_MAX_VALUE_LEN). */
#define HD_MAX_VALUE_BYTES (1024u * 1024u)

struct hd_hive;                 /* opaque: wraps a hivex handle */
typedef size_t hd_key;          /* a node handle; 0 is never a valid key */

enum hd_open_flags {
	HD_OPEN_UNSAFE = 1,     /* hivex's tolerant mode */
	HD_OPEN_NO_INDEX = 2,   /* every lookup through hivex's own search (tests compare) */
	HD_OPEN_NO_TIMES = 4,   /* a hive rebuilt from a registry export (issue 22): it
	                           records no key time, hd_key_time says HD_ABSENT */
};

/*
 * Open path read-only (hivex without HIVEX_OPEN_WRITE maps the file
 * PROT_READ).  Returns NULL with errno set; *why (may be NULL) receives a
 * static text for the failure.
 */
struct hd_hive *hd_hive_open(const char *path, int flags, const char **why);
void hd_hive_close(struct hd_hive *h);

hd_key hd_hive_root(struct hd_hive *h);

/*
 * Walk a backslash-separated path below parent, case-insensitively (also
 * beyond ASCII).  An empty path yields parent itself.
 */
int hd_key_lookup(struct hd_hive *h, hd_key parent, const char *path, hd_key *out);

/*
 * Find exactly one child of parent by its name, case-insensitively as
 * hd_key_lookup compares each part.  The name is never split: a name read
 * from the hive (a Bind adapter, a DependOnService entry, a subkey name)
 * that holds '\' must not walk into another key (issue 26), and since
 * Windows refuses '\' in a key name, such a name (or "") is HD_ABSENT.
 */
int hd_key_child(struct hd_hive *h, hd_key parent, const char *name, hd_key *out);

/* Key name as UTF-8 (new string), or NULL with errno set. */
char *hd_key_name(struct hd_hive *h, hd_key key);

/*
 * Last-write time of a key as a FILETIME into *out (0 is a zero time
 * stamp as stored).  HD_FOUND; HD_ABSENT when the hive records no times
 * (HD_OPEN_NO_TIMES); or HD_ERROR with errno when it cannot be read (hivex
 * refuses a node that is no key, and a time stamp with the top bit set).
 * *out is 0 unless HD_FOUND.
 */
int hd_key_time(struct hd_hive *h, hd_key key, uint64_t *out);

/*
 * Names of all subkeys of key, as a NULL-terminated array of new UTF-8
 * strings (free with hd_strv_free).  Returns HD_FOUND, or HD_ERROR.
 */
int hd_key_subkey_names(struct hd_hive *h, hd_key key, char ***names, size_t *count);

/*
 * Read value name ("" = the default value) of key, case-insensitively.
 * On HD_FOUND, out->data is a new buffer (free with hd_raw_value_clear).
 */
int hd_value_read(struct hd_hive *h, hd_key key, const char *name,
                  struct hd_raw_value *out);
void hd_raw_value_clear(struct hd_raw_value *v);

#endif
