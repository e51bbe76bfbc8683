/*
 * reorder.h - the runner's reorder window: hives are numbered in input
 * order, finish in any order, and leave in input order.
 *
 * A ring of cap slots: at most cap hives are between "read from the
 * inputs" and "printed", so memory is bounded by cap reports whatever the
 * length of the run (issue 5), and a report is printed as soon as every
 * report before it is.  Pure data structure: no processes, no I/O.
 */
#ifndef HD_REORDER_H
#define HD_REORDER_H

#include <stddef.h>
#include <stdint.h>

#include "cli/outcome.h"

struct hd_fleet_names;

enum hd_slot_state { HD_SLOT_FREE, HD_SLOT_QUEUED, HD_SLOT_RUNNING, HD_SLOT_DONE };

struct hd_slot {
	enum hd_slot_state state;
	char *path;                     /* owned */
	int no_follow;                  /* hd_input.no_follow of the hive */
	int passed;                     /* passed over by the walk: not a hive of the progress line */
	/* The input as enumerated (names jobs hand it on to the spool, runner.h). */
	char *root;                     /* owned: the -r root it was found under, or NULL */
	char *entry_error;              /* owned: a bad list entry's reason, or NULL */
	int walk_errno;
	int pass;                       /* enum hd_pass: passed over by the walk or the names worker */
	struct hd_fleet_names *names;   /* names jobs: the record (owned), NULL when none was read */
	struct hd_outcome outcome;      /* valid when DONE */
};

struct hd_reorder {
	struct hd_slot *slots;
	size_t cap;
	uint64_t head;                  /* sequence number of the next hive to print */
	uint64_t tail;                  /* sequence number the next hive read gets */
};

/* 0, or -1 ENOMEM. */
int hd_reorder_init(struct hd_reorder *r, size_t cap);
void hd_reorder_free(struct hd_reorder *r);

int hd_reorder_full(const struct hd_reorder *r);
int hd_reorder_empty(const struct hd_reorder *r);

/* Number the next hive: its slot (QUEUED, owning a copy of path) and *seq.  NULL when full or ENOMEM. */
struct hd_slot *hd_reorder_push(struct hd_reorder *r, const char *path, uint64_t *seq);

/* The slot of a sequence number in the window, or NULL. */
struct hd_slot *hd_reorder_at(struct hd_reorder *r, uint64_t seq);

/* The next hive to print when it is DONE, else NULL. */
struct hd_slot *hd_reorder_ready(struct hd_reorder *r);

/* Release the slot hd_reorder_ready returned and move to the next hive. */
void hd_reorder_pop(struct hd_reorder *r);

#endif
