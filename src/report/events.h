/*
 * events.h - one hive's analysis as timeline events (issue 25): what the
 * bodyfile and Timesketch writers (report_timeline.h) print, one event per
 * time the analysis knows.
 *
 * Events: each key the analysis read (every lookup of the fact collectors:
 * the Exchange service keys, TCP/IP, NetBT, Winsock, the RPC keys, the
 * SOFTWARE hive's Setup key...), once per key, at its last-write time; in the
 * analyzed control set, in the LastKnownGood set when it was read too, and
 * in the SOFTWARE hive; and each file's own times: the base block's
 * last-write time of the hive (and of its SOFTWARE hive, and of the .ALT
 * mirror read instead of it).  A key whose time is unknown (not read, a zero
 * time stamp, a registry export that has none) has no event.
 *
 * And the hive file's file-system times (mtime, atime, ctime, crtime) as
 * the source stage found it (a folder under --root, an archive member, a
 * file in a disk image): one HD_EVENT_FILE from its provenance chain.  A
 * file named on the command line has no chain, so no such event.
 *
 * Events borrow every string from the result: clear them before it.
 */
#ifndef HD_EVENTS_H
#define HD_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/result.h"

/* Distinct rule ids one key's event lists: more than the rules that can cite one key. */
#define HD_EVENT_MAX_FINDINGS 32

enum hd_event_kind {
	HD_EVENT_KEY,           /* a registry key's last write */
	HD_EVENT_BASE_BLOCK,    /* the hive file's base block: when the hive was last written */
	HD_EVENT_FILE,          /* the file's file-system times */
};

struct hd_event {
	enum hd_event_kind kind;
	uint64_t time;                  /* FILETIME; HD_EVENT_FILE: mtime (the others below) */
	const char *file;               /* the hive file as the report names it */
	const char *hive;               /* "SYSTEM", "SOFTWARE" */
	const char *key;                /* HD_EVENT_KEY: hive-relative path; else NULL */
	const char *sha256;             /* of file, or NULL */
	int have_size;
	uint64_t size;                  /* of file */
	const char *role;               /* --root: "current", "repair"...; else NULL */
	const char *finding_ids[HD_EVENT_MAX_FINDINGS];
	size_t n_findings;              /* rule ids of the findings whose evidence names the key, once each */
	uint64_t mtime, atime, ctime, crtime;   /* HD_EVENT_FILE only (FILETIMEs); 0 unknown */
};

struct hd_events {
	struct hd_event *v;
	size_t n, cap;
	char *alt_path;                 /* owned: the .ALT mirror's path, its event's file */
};

/*
 * The events of res, sorted by time (then file, then key).  0, or -1 with
 * errno ENOMEM (ev cleared).
 */
int hd_events_collect(const struct hd_result *res, struct hd_events *ev);
void hd_events_clear(struct hd_events *ev);

#endif
