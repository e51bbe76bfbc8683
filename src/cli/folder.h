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
 * with how->json_list the reports are separated by ",\n".  A folder with no SYSTEM hive (and no
 * member that failed) is, with how->skip_other_kinds (-r), the skip line
 * "archive without a SYSTEM hive", else the error no_system_hive.  0, or -1
 * with errno (ENOMEM: no report could be made).
 */
int hd_outcome_analyze_folder(const char *path, struct hd_src_dir *root, const struct hd_options *opts,
                              const struct hd_render *how, struct hd_outcome *out);

#endif
