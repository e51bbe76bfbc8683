/*
 * pairindex.h - what the names pass learned about each file of a run that
 * the -r pairing (pairing.h) asks about a hive's folder, so the analysis
 * answers from it instead of opening the folder's other files (issue 23:
 * each hive is opened at most twice, once by each pass).
 *
 * The parent writes a note per file the names pass read (hd_pairindex_add,
 * in any order) and seals the index before the analysis forks its workers;
 * the workers look files up by what fstatat tells of them, never by name.
 * A note counts only while the file is the one noted: same device and
 * inode, same size, modification and change times; anything else (a file
 * not in the run, one changed since, an index that could not be written)
 * is "not known", and the pairing opens the file as it always did.  So the
 * index can make a run cheaper, never different.
 *
 * Storage: two unlinked temporary files (util/fdio.h hd_tmpfile), read and
 * written with pread/pwrite: the parent's memory does not grow with the
 * number of files (issue 23's flat-memory target).  The table is open
 * addressing over (device, inode), at most half full.
 */
#ifndef HD_PAIRINDEX_H
#define HD_PAIRINDEX_H

#include <stdint.h>
#include <sys/stat.h>

/* What a note says (flags); HD_PAIR_KNOWN is set in every note. */
#define HD_PAIR_KNOWN 0x01u             /* the facts below were read */
#define HD_PAIR_PRIMARY 0x02u           /* a regf base block of a primary hive (file type 0) */
#define HD_PAIR_EMB_SYSTEM 0x04u        /* the base block's embedded file name ends in SYSTEM */
#define HD_PAIR_EMB_SOFTWARE 0x08u      /* ... in SOFTWARE */
#define HD_PAIR_SYSTEM 0x10u            /* kind SYSTEM (pairing.h hd_pair_kind_is_fd) */
#define HD_PAIR_SOFTWARE 0x20u          /* kind SOFTWARE (likewise) */
#define HD_PAIR_SKIPPED_SOFTWARE 0x40u  /* its analysis ends "a SOFTWARE hive, not a SYSTEM hive" */

struct hd_pair_note {
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
	uint32_t flags;
	uint32_t pad;                   /* zero */
};

/* A note of the file st describes, saying flags (HD_PAIR_KNOWN added). */
void hd_pair_note_of(const struct stat *st, uint32_t flags, struct hd_pair_note *n);

/*
 * The parent.  hd_pairindex_begin: start noting (0, or -1 with errno: the
 * run goes on without an index).  hd_pairindex_add: one note; a failure
 * (a full disk) only leaves the index unsealable.  hd_pairindex_seal:
 * build the table; lookups answer from then on, in this process and in
 * the processes it forks (0, or -1 with errno: none answer).
 * hd_pairindex_end: close both files (lookups answer "not known").
 */
int hd_pairindex_begin(void);
void hd_pairindex_add(const struct hd_pair_note *n);
int hd_pairindex_seal(void);
void hd_pairindex_end(void);

/* 1 when a sealed index is there to ask. */
int hd_pairindex_active(void);

/* 1 with *flags when the file st describes was noted and has not changed since; 0 not known. */
int hd_pairindex_lookup(const struct stat *st, uint32_t *flags);

#endif
