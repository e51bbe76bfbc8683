/*
 * folder.h - evidence that is a folder of its own (issue 22): an archive
 * given as an operand, met by a -r walk, or read from standard input.
 *
 * Every SYSTEM hive in it is analyzed with the one SOFTWARE hive of its own
 * folder (as -r pairs on disk) and its logs from inside it, each in a
 * process of its own (child.h: a hostile member costs its own report);
 * an archive inside it is read as a folder once (the source limits' depth).
 * Every other member is counted by reason, as the -r walk counts files, and
 * listed with --verbose.  The reports follow each other in one outcome, as
 * --root's do; out->inner counts them for the run's summary.
 */
#ifndef HD_FOLDER_H
#define HD_FOLDER_H

#include "cli/outcome.h"
#include "rules/rules.h"
#include "source/source.h"

/*
 * Analyze the folder root (taken: closed here) of the file path into out;
 * its reports separated as the format's row says.  A folder with no SYSTEM hive (and no
 * member that failed) is, with how->skip_other_kinds (-r), the skip line
 * "archive without a SYSTEM hive", else the error no_system_hive.  0, or -1
 * with errno (ENOMEM: no report could be made).
 */
int hd_outcome_analyze_folder(const char *path, struct hd_src_dir *root, const struct hd_options *opts,
                              const struct hd_render *how, struct hd_outcome *out);

/*
 * path opened read-only as the archive it is, by content (issue 22: an
 * archive is a folder wherever a folder is taken): 1 with *dir its root
 * folder, 0 when path is no archive (or not a regular file), -1 when it is
 * one that cannot be read: *code and a new *message say why.  With
 * is_stdin, path is "-" and fd_in (a sealed memfd) is read instead.
 */
int hd_archive_open(const char *path, int no_follow, int fd_in, struct hd_src_dir **dir, const char **code,
                    char **message);

/*
 * The evidence forms of the source stage, before a file is analyzed as a
 * hive (issue 22): an archive (its folder analyzed, or its error report),
 * and "-" (how->stdin_fd: a hive, compressed hive or export read through
 * the memfd, in an empty folder: no log or .ALT is beside a stream).  1
 * when path was one and out is filled, 0 when path is to be analyzed as a
 * file (hd_outcome_analyze), -1 ENOMEM.
 */
int hd_outcome_analyze_evidence(const char *path, const struct hd_options *opts, const struct hd_render *how,
                                struct hd_outcome *out);

#endif
