/*
 * txlog.h - transaction-log replay for dirty hives (issue 7).
 *
 * A hive copied from a running or crashed machine is often dirty: its latest
 * changes sit in NAME.LOG / NAME.LOG1 / NAME.LOG2 beside it.  This module
 * finds those logs, validates them completely and replays them into a
 * private copy of the hive; the evidence files are never written.
 *
 * Format references (learned from, not copied):
 *   [SPEC] Maxim Suhanov, "Windows registry file format specification",
 *          github.com/msuhanov/regf, sections "Format of transaction log
 *          files", "Dirty state of a hive", "Multiple transaction log files".
 *   [YARP] msuhanov/yarp, yarp/RegistryFile.py and yarp/Registry.py (the
 *          reference recovery implementation the corpus oracles come from).
 *   [LIBREGF] libyal/libregf, "Windows NT Registry File (REGF) format".
 *
 * Layers:
 *   txlog_discover.c  finds and reads the logs (the only I/O of recovery);
 *   txlog.c           decides which logs apply and builds the image (pure);
 *   txlog_old.c       old format: base-block copy, DIRT vector, dirty pages;
 *   txlog_new.c       new format: HvLE log entries (Windows 8.1 and later);
 *   txlog_marvin.c    the Marvin32 hash that protects HvLE entries;
 *   memimage.c        hands an image to hivex through a sealed memfd and
 *                     saves it for --write-recovered.
 */
#ifndef HD_TXLOG_H
#define HD_TXLOG_H

#include <stddef.h>
#include <stdint.h>

/* Hard limits against hostile input (a SYSTEM hive of a big server is
 * ~100 MiB; logs are smaller than their hive). */
#define HD_TXLOG_MAX_HIVE_BYTES  (1024u * 1024u * 1024u)   /* image and hive bins */
#define HD_TXLOG_MAX_LOG_BYTES   (512u * 1024u * 1024u)    /* one log file */
#define HD_TXLOG_REASON_LEN      256u

/* The log files a hive may have, in the order they are reported. */
enum hd_txlog_slot {
	HD_TXLOG_LOG = 0,       /* NAME.LOG: single-logging scheme (NT 4.0 to XP) */
	HD_TXLOG_LOG1,          /* NAME.LOG1: dual-logging scheme (Vista and later) */
	HD_TXLOG_LOG2,          /* NAME.LOG2 */
	HD_TXLOG_SLOTS
};

/* One log found beside a hive (all fields zero/NULL when absent). */
struct hd_txlog_file {
	char *name;             /* file name as found on disk, e.g. "system.LOG" */
	uint8_t *data;          /* whole contents, NULL when empty or unread */
	size_t len;
	uint64_t size;          /* size on disk (may exceed len when too large) */
	int read_errno;         /* nonzero when the file could not be read */
	const char *not_read;   /* static text when it is not a regular file, or NULL */
};

struct hd_txlog_set {
	struct hd_txlog_file log[HD_TXLOG_SLOTS];
	char *alt_path;         /* NT 4.0 / 2000 SYSTEM.ALT mirror, or NULL */
};

/* What recovery found and did; rendered as the report's hive.recovery. */
struct hd_recovery {
	char *logs_found[HD_TXLOG_SLOTS];  /* names of the logs present (empty ones too) */
	size_t n_logs_found;
	char *logs_applied[HD_TXLOG_SLOTS]; /* names of the logs replayed, in order */
	struct hd_txlog_taken {  /* what each of logs_applied[] contributed (same index) */
		uint32_t entries;    /* new format: HvLE entries; old: 512-byte dirty pages */
		int have_seq;        /* new format only: the entries' sequence numbers */
		uint32_t first_seq, last_seq;
	} taken[HD_TXLOG_SLOTS];
	size_t n_logs_applied;
	const char *format;     /* "old", "new", or NULL when no log was examined */
	int dirty;              /* the primary needed recovery */
	int applied;            /* 1 when the recovered image holds replayed data */
	uint32_t entries_applied; /* new format: HvLE entries; old: 512-byte dirty pages */
	uint32_t sequence_after;  /* both sequence numbers of the recovered base block */
	uint32_t hbins_size_after;
	char refused_reason[HD_TXLOG_REASON_LEN]; /* "" unless recovery was refused */
	int alt_found;
	char *alt_path;         /* owned copy of hd_txlog_set.alt_path */
};

/*
 * Find NAME.LOG, NAME.LOG1, NAME.LOG2 and NAME.ALT beside hive_path,
 * comparing names case-insensitively (evidence copied from Windows keeps
 * whatever case the collector used), and read the logs read-only, opened
 * relative to the folder's descriptor without following symbolic links.  A
 * log that cannot be read, is larger than HD_TXLOG_MAX_LOG_BYTES, or is not
 * a regular file (a symlink, FIFO, directory, device) is still recorded
 * (read_errno / size / not_read say why) so recovery can refuse it by name.
 * Returns 0, or -1 with errno set when the directory cannot be listed or
 * memory runs out; *why (may be NULL) then receives a static text.
 */
int hd_txlog_discover(const char *hive_path, struct hd_txlog_set *set, const char **why);
/*
 * The same in the folder d (of any source backend: on disk, in an archive,
 * in a disk image) for the hive named base (issue 26: --root looks in the
 * folder its scan walked, never reopening it by name); d's path names
 * NAME.ALT in the report.
 */
struct hd_src_dir;
int hd_txlog_discover_in(struct hd_src_dir *d, const char *base, struct hd_txlog_set *set, const char **why);
void hd_txlog_set_clear(struct hd_txlog_set *set);

/* 1 when no log of set has content (absent or empty, none unreadable): a
 * replay can then only refuse, and the primary's base block says why. */
int hd_txlog_set_empty(const struct hd_txlog_set *set);

/*
 * Replay the logs of set over the primary image (pure: no I/O).
 * Returns 1 when replay was applied: *image is a new malloc'd recovered hive
 * of *image_len bytes whose base block has equal sequence numbers, the hive
 * bins size of the last applied change, file type 0 and a recomputed
 * checksum.  Returns 0 when nothing was applied (the primary is clean, has
 * no usable log, or a log was refused: rec->refused_reason says which and
 * why); *image is then NULL.  Returns -1 with errno = ENOMEM.
 * rec is filled in every case; free it with hd_recovery_clear.
 */
int hd_txlog_recover(const uint8_t *primary, size_t primary_len,
                     const struct hd_txlog_set *set, struct hd_recovery *rec,
                     uint8_t **image, size_t *image_len);
void hd_recovery_clear(struct hd_recovery *rec);

/*
 * Marvin32 (Microsoft's seeded 64-bit hash) of len bytes; the HvLE entry
 * hashes use HD_TXLOG_MARVIN_SEED [SPEC, "Log entries", notes 1-3].
 */
#define HD_TXLOG_MARVIN_SEED 0x82EF4D887A4E55C5ull
uint64_t hd_marvin32(const uint8_t *buf, size_t len, uint64_t seed);

/*
 * Copy image into an anonymous memfd sealed against any change and write
 * "/proc/self/fd/N" into path, for hivex to open read-only.  Returns the fd
 * (close it after the hive is closed), or -1 with errno set.
 */
int hd_memimage_open(const uint8_t *image, size_t len, char *path, size_t pathlen);

/*
 * Save image as the new file dest (--write-recovered).  Refuses a dest that
 * exists, and in particular one that is the same file (device and inode)
 * as any of the ninputs input paths, so evidence is never overwritten.
 * Returns 0, or -1 with errno set and *why a static text.
 */
int hd_memimage_save(const char *dest, const uint8_t *image, size_t len,
                     const char *const *inputs, size_t ninputs, const char **why);

#endif
