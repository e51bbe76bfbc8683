/*
 * root.h - --root DIR: a whole Windows installation in one worker.
 *
 * The installation's hives are found by source/volume.c and listed by
 * analyze/installation.c, in any source folder; the current SYSTEM hive
 * is analyzed first, then each older copy Windows keeps (repair, RegBack,
 * .sav, .ALT), each with its own report marked with its role, and each
 * copy's report lists what differs from the current hive (analyze/changes.h)
 * from the two analyses' trails.  Each copy is analyzed in a process of its
 * own (issue 26), forked from the one that analyzed the current hive so the
 * comparison needs no second reading: a crash costs that copy's report.
 */
#ifndef HD_ROOT_H
#define HD_ROOT_H

#include "cli/outcome.h"
#include "report/report.h"
#include "rules/rules.h"
#include "source/source.h"

/*
 * Analyze the installation under dir into out: out->report holds one report
 * per hive analyzed, current first, in how's format, separated by the
 * format's separator (JSON: ",\n", the caller wraps them in an array), and
 * the sum of their counts.  The exit status and verdicts are the current hive's: the older
 * copies describe the past and never change them.  With no regular current
 * SYSTEM hive, the first report is the error no_current_system (exit 2).
 * before_hive (the test build's hook, hd_run_config; NULL otherwise) is
 * called in each copy's process with its path ("DIR/rel"), so a test can
 * crash one copy.  0, or -1 with errno (ENOMEM: no report could be made).
 */
int hd_outcome_analyze_root(const char *dir, const struct hd_options *opts, const struct hd_render *how,
                            void (*before_hive)(const char *path), struct hd_outcome *out);
/*
 * The same for the installation under root, a folder of any source backend
 * (the posix folder --root DIR opens; a folder of an archive or a disk
 * image), named dir in reports.  root is borrowed.  0, 1 when root holds
 * no installation (out is then the no_installation error report), or -1.
 */
int hd_outcome_analyze_root_in(struct hd_src_dir *root, const char *dir, const struct hd_options *opts,
                               const struct hd_render *how, void (*before_hive)(const char *path),
                               struct hd_outcome *out);

#endif
