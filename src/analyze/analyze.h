/*
 * analyze.h - one hive through the whole pipeline:
 * file (size, hash, base block) -> hive -> control set -> facts -> findings
 * -> verdicts.  The result is plain data for the report module.
 */
#ifndef HD_ANALYZE_H
#define HD_ANALYZE_H

#include <stddef.h>

#include "analyze/result.h"
#include "rules/rules.h"

/*
 * Analyze one hive.  Returns 0 when analyzed, -1 when not (res->error_code
 * and error_message say why; res holds what was gathered before).
 */
int hd_analyze(const char *path, const struct hd_options *opts, struct hd_result *res);

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
int hd_analyze_recover(const char *path, const struct hd_options *opts, struct hd_result *res,
                       int *fd, char *open_path, size_t open_path_len);

/*
 * The file as evidence (fileinfo.c).  hd_fileinfo_open reads size and base
 * block and leaves *fd open for the hash; hd_fileinfo_hash_start hashes it
 * on a second thread (taking fd); hd_fileinfo_hash_finish waits, checks the
 * whole file was read, and sets fi->sha256.  hd_fileinfo_read does all three.
 * Each returns 0, or -1 with *code and a new *message.
 */
struct hd_hashjob;
int hd_fileinfo_open(const char *path, struct hd_fileinfo *fi, int *fd,
                     const char **code, char **message);
struct hd_hashjob *hd_fileinfo_hash_start(int fd);
int hd_fileinfo_hash_finish(struct hd_hashjob *job, struct hd_fileinfo *fi,
                            const char **code, char **message);
int hd_fileinfo_read(const char *path, struct hd_fileinfo *fi, const char **code, char **message);

#endif
