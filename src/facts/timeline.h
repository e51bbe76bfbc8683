/*
 * timeline.h - when things changed: the last-write times of the keys the
 * Q320200 and Q298565 findings rest on, from the SYSTEM hive and the
 * SOFTWARE hive, sorted.  A key's time is its LAST write, not its creation:
 * an order of two times says which key was written last, never which was
 * made first.
 */
#ifndef HD_TIMELINE_H
#define HD_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

struct hd_facts;

struct hd_timeline_entry {
	uint64_t time;                  /* FILETIME of the key's last write */
	const char *hive;               /* "SYSTEM" or "SOFTWARE" */
	const char *what;               /* static label: "Exchange setup", "TCP/IP bindings" ... */
	const struct hd_regval *rv;     /* borrowed from facts: its key path is the entry's key */
};

struct hd_timeline {
	struct hd_timeline_entry *v;
	size_t n;
};

/*
 * Build the timeline from facts (entries borrow from them: clear the timeline
 * first).  Keys that were not found, or carry no time, are left out.
 * 0, or -1 with errno = ENOMEM.
 */
int hd_timeline_build(const struct hd_facts *facts, struct hd_timeline *t);
void hd_timeline_clear(struct hd_timeline *t);

/* 1 when evidence rv names the key of entry e (same hive, same path, any case). */
int hd_timeline_cites(const struct hd_timeline_entry *e, const struct hd_regval *rv);

#endif
