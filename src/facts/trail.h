/*
 * trail.h - every key and value the fact collectors read, in reading order,
 * kept as read (hive/regtypes.h: status, key, name, type, data, key time).
 *
 * The trail is what the `changes` section compares between a hive and an
 * older copy of it (analyze/changes.c): exactly the registry the rules saw,
 * with no second list of paths to keep in step with the collectors.  Paths
 * are kept relative to the control set read, so ControlSet001 of one hive
 * lines up with ControlSet002 of another (or of the LastKnownGood set).
 */
#ifndef HD_TRAIL_H
#define HD_TRAIL_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

/* Entries kept per hive: the collectors read a few hundred. */
#define HD_TRAIL_MAX 8192

struct hd_trail_entry {
	char *relpath;          /* relative to the control set ("Services\\Tcpip"); "" the set itself */
	struct hd_regval rv;    /* an owned copy of the lookup */
	uint32_t hash;          /* of relpath and name, ASCII case folded (trail.c) */
};

/* Zeroed is empty.  slot: an open-addressing index over v (entry + 1, 0
 * free), n_slots a power of two kept at least twice n, so that telling a
 * lookup already read costs one hash, not a walk of the trail. */
struct hd_trail {
	struct hd_trail_entry *v;
	size_t n, cap;
	uint32_t *slot;
	size_t n_slots;
};

/*
 * Append a copy of rv (read at relpath).  A lookup already on the trail
 * (same path and name, ASCII case ignored) is not added twice; past
 * HD_TRAIL_MAX nothing more is kept.  0, or -1 with errno ENOMEM.
 */
int hd_trail_add(struct hd_trail *t, const char *relpath, const struct hd_regval *rv);

/* The entry for relpath and name (NULL: the key probe), or NULL. */
const struct hd_trail_entry *hd_trail_find(const struct hd_trail *t, const char *relpath, const char *name);

void hd_trail_clear(struct hd_trail *t);

#endif
