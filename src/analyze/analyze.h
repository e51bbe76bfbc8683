/*
 * analyze.h - one hive through the whole pipeline:
 * file (size, hash, base block) -> hive -> control set -> facts -> findings
 * -> verdicts.  The result is plain data for the report module.
 */
#ifndef HD_ANALYZE_H
#define HD_ANALYZE_H

#include <stddef.h>
#include <sys/stat.h>

#include "analyze/result.h"
#include "rules/rules.h"

/*
 * Analyze one hive.  Returns 0 when analyzed, -1 when not (res->error_code
 * and error_message say why; res holds what was gathered before).
 */
int hd_analyze(const char *path, const struct hd_options *opts, struct hd_result *res);

/* Zero res and record path, opts (both borrowed) and the start time. */
void hd_result_start(struct hd_result *res, const char *path, const struct hd_options *opts);
/*
 * Analyze a SYSTEM hive together with the SOFTWARE hive of the same server
 * (software_path may be NULL: the SYSTEM hive alone, as hd_analyze without
 * --software).  opts->software is not read: the caller pairs the files (the
 * CLI from --software; a whole-server run per folder).  Returns as
 * hd_analyze; a SOFTWARE hive that is missing, unreadable or of another
 * kind fails the analysis (error codes not_software_hive, software_unreadable).
 */
int hd_analyze_pair(const char *system_path, const char *software_path,
                    const struct hd_options *opts, struct hd_result *res);
/*
 * The same, with the SOFTWARE hive named by find, which is asked only once
 * the hive has proved a SYSTEM hive with a control set (a -r walk pairs the
 * hives of a folder: looking for a partner of a hive of another kind, or of
 * one that failed before its kind was known, would be wasted reads).  find
 * returning 0 or -1 leaves the SYSTEM hive alone, as with no SOFTWARE hive.
 */
/*
 * The same for hives already open (--root, issue 26): system and software
 * (NULL: none) are read through their descriptors; system_path and
 * software_path only name them in the report.
 */
int hd_analyze_pair_at(const char *system_path, const struct hd_opened *system, const char *software_path,
                       const struct hd_opened *software, const struct hd_options *opts, struct hd_result *res);
int hd_analyze_found_pair(const char *system_path, hd_software_finder find,
                          const struct hd_options *opts, struct hd_result *res);

/*
 * Read the SOFTWARE hive in->path (analyze_software.c): file evidence into
 * in->file, facts into sw.  0, or -1 with *code and a new *message.
 */
int hd_analyze_software(const struct hd_options *opts, struct hd_software_input *in,
                        struct hd_software_facts *sw, const char **code, char **message);


/*
 * Replay a dirty hive's transaction logs (analyze_recover.c).  When logs were
 * applied, *fd is a sealed memfd holding the recovered image and open_path
 * its "/proc/self/fd/N" name; otherwise *fd is -1 and open_path is path.
 * Returns 0, or -1 with errno = ENOMEM.
 */
struct hd_snapshot;
int hd_analyze_recover(const char *path, const struct hd_snapshot *snap, const struct hd_options *opts,
                       struct hd_result *res, int *fd, char *open_path, size_t open_path_len);
/* The same for the SOFTWARE hive of a pair (dirty: its base block says so),
 * into ev; --write-recovered is the SYSTEM hive's alone. */
int hd_analyze_recover_software(const char *path, const struct hd_snapshot *snap, int dirty,
                                const struct hd_options *opts, struct hd_replay_evidence *ev, int *fd,
                                char *open_path, size_t open_path_len);

/*
 * After hd_analyze_recover: a dirty hive with no transaction log beside it
 * and a consistent NAME.ALT beside it is read from the .ALT, as the NT 4.0
 * loader boots it (analyze_alt.c).  The .ALT is read from snap->dir (the
 * folder a --root scan or a source backend opened), else from path's folder.
 * *image_fd, open_path as there; res->alt says what was found.  0, or -1
 * ENOMEM.
 */
int hd_analyze_alt(const char *path, const struct hd_snapshot *snap, struct hd_result *res, int *image_fd,
                   char *open_path, size_t open_path_len);
void hd_alt_evidence_clear(struct hd_alt_evidence *alt);

/*
 * A compressed copy (analyze_expand.c): when the file open on fd is SZDD,
 * KWAJ or a cabinet, expand it into a sealed memfd (*image_fd, open_path
 * its "/proc/self/fd/N" name) and describe the image in res->expanded.
 * Returns 1 expanded, 0 not compressed (*image_fd -1), -1 failed (res's
 * error set).
 */
int hd_analyze_expand(int fd, struct hd_result *res, int *image_fd, char *open_path, size_t open_path_len);

/*
 * A registry export (analyze_export.c, issue 22): when the file open on fd
 * is one (hd_src_sniff), rebuild it into a sealed memfd (*image_fd,
 * open_path its "/proc/self/fd/N" name) and describe it in rec.  Returns 1
 * rebuilt, 0 not an export (*image_fd -1), -1 failed with *code (static)
 * and a new *message.  outer (NULL: the operand itself) is how the file
 * was reached; rec->prov gets it with the export's own link.
 */
int hd_analyze_export(int fd, const char *path, const struct hd_provenance *outer, struct hd_reconstruction *rec,
                      int *image_fd, char *open_path, size_t open_path_len, const char **code, char **message);

/* The same into x (the SOFTWARE hive of a pair): 1, 0, or -1 with *code and *why (static). */
int hd_analyze_expand_fd(int fd, struct hd_expansion *x, int *image_fd, char *open_path,
                         size_t open_path_len, const char **code, const char **why);

/*
 * One hive file opened once (fileinfo.c): path -> fd -> everything else.
 * hd_snapshot_open opens path read-only and non-blocking, refuses anything
 * but a regular file before reading, reads size and base block, and keeps
 * the descriptor and its fstat; open_path ("/proc/self/fd/N") names the
 * same open file for hivex.  With no_follow (opts->no_follow: a hive found
 * by a -r walk) a symbolic link is refused, never followed.  hd_snapshot_changed: 1 when the file's size,
 * mtime or ctime moved since the open, 0 not, -1 error.  A second hive of
 * the same analysis (--software) goes through the same three calls.
 */
struct hd_snapshot {
	int fd;
	struct stat st;
	char open_path[32];
	struct hd_src_dir *dir; /* hd_snapshot_open_at: the folder to find logs in (borrowed), else NULL */
	const char *name;       /* the file's name in dir */
};
int hd_snapshot_open(const char *path, int no_follow, struct hd_fileinfo *fi, struct hd_snapshot *snap,
                     const char **code, char **message);
/* The same from a file already open (a duplicate of at->fd is kept; logs are looked for in at->dir). */
int hd_snapshot_open_at(const struct hd_opened *at, struct hd_fileinfo *fi, struct hd_snapshot *snap,
                        const char **code, char **message);
int hd_snapshot_changed(const struct hd_snapshot *snap);
void hd_snapshot_close(struct hd_snapshot *snap);

/*
 * The file as evidence (fileinfo.c): hd_fileinfo_hash_start hashes fd on a
 * second thread (taking fd; -1 fails at finish); hd_fileinfo_hash_finish
 * waits, checks the whole file was read, and sets fi->sha256.
 * hd_fileinfo_read does open, hash and close.  Each returns 0, or -1 with
 * *code and a new *message.  hd_sha256_hex hashes a buffer.
 */
struct hd_hashjob;
struct hd_hashjob *hd_fileinfo_hash_start(int fd);
/* The same through a read-only mapping of size bytes (pread when it cannot be
 * mapped).  Faster (no copy: the hash is the single-hive critical path), but
 * a file cut short meanwhile raises SIGBUS: only where hivex maps the file
 * too, in a worker process, never in the parent (its failure reports).  A
 * compressed copy (hivex maps its expanded image, not the file) is read. */
struct hd_hashjob *hd_fileinfo_hash_mapped(int fd, uint64_t size);
int hd_fileinfo_hash_finish(struct hd_hashjob *job, struct hd_fileinfo *fi,
                            const char **code, char **message);
int hd_fileinfo_read(const char *path, int no_follow, struct hd_fileinfo *fi, const char **code,
                     char **message);
void hd_sha256_hex(const uint8_t *buf, size_t len, char out[HD_SHA256_HEX_LEN]);

#endif
