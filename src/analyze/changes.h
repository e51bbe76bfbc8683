/*
 * changes.h - what differs between the registry the rules read in the
 * current hive and in an older copy of it (a repair, RegBack, .sav or .ALT
 * copy, or the LastKnownGood control set of the same hive), and whether
 * the verdicts would differ with the copy.
 *
 * Built from the two analyses' trails (facts/trail.h: every key and value
 * the collectors read, as read), never by reading the hives again.
 */
#ifndef HD_CHANGES_H
#define HD_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "facts/trail.h"
#include "verdict/verdict.h"

/* Differences listed per comparison: the trail holds a few hundred lookups. */
#define HD_CHANGES_MAX 512

/* One key or value read differently: either side NULL when only the other read it. */
struct hd_change {
	const struct hd_trail_entry *current;
	const struct hd_trail_entry *copy;
};

/* The two sides of one comparison, as the caller knows them. */
struct hd_changes_side {
	const struct hd_trail *trail;
	enum hd_verdict_status imc, mta;
	const char *controlset;         /* "ControlSet001" */
};

struct hd_changes {
	int present;                    /* a comparison was made */
	const char *against;            /* the copy's role: "repair", ..., or "last_known_good" */
	const char *current_path;       /* the current hive's file (borrowed) */
	const char *copy_path;          /* the copy's file (borrowed) */
	char current_controlset[16], copy_controlset[16];
	uint64_t copy_written;          /* the copy's base block time stamp (FILETIME), 0 unknown */
	struct hd_change *v;            /* pointers into the two trails: they must outlive this */
	size_t n;
	size_t omitted;                 /* differences past HD_CHANGES_MAX */
	enum hd_verdict_status imc_current, imc_copy, mta_current, mta_copy;
	char *summary;                  /* one sentence for a reader */
};

/*
 * Compare current with copy.  out->against, the paths and copy_written are
 * the caller's (set them before: the summary uses them).  0, or -1 ENOMEM.
 */
int hd_changes_compute(const struct hd_changes_side *current, const struct hd_changes_side *copy,
                       struct hd_changes *out);
void hd_changes_clear(struct hd_changes *c);

#endif
