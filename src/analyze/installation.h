/*
 * installation.h - a whole Windows installation (--root): the hives the
 * volume scan found (source/volume.h) in any source folder (a folder on
 * disk, an archive, a file system in a disk image), the SYSTEM copies to
 * analyze, current first, each with the SOFTWARE hive of its role and
 * folder, each analyzed from the descriptor the scan opened and compared
 * with the current hive (analyze/changes.h).
 *
 * Processes and rendering are not here: the CLI runs each copy in a process
 * of its own (cli/root.c, issue 26) and renders each report.
 */
#ifndef HD_INSTALLATION_H
#define HD_INSTALLATION_H

#include "analyze/result.h"
#include "rules/rules.h"
#include "source/volume.h"

/* One SYSTEM hive to analyze: a volume file, its SOFTWARE partner, their names. */
struct hd_install_copy {
	const struct hd_volume_file *sys, *sw;  /* sw NULL: none of the same role and folder */
	struct hd_opened sys_at, sw_at;
	char *path, *sw_path;                   /* "DIR/rel", naming them in the report */
};

struct hd_installation {
	const char *dir;                        /* how the root is named ("DIR"), borrowed */
	struct hd_volume vol;
	struct hd_found_file found[HD_VOLUME_MAX_FILES];
	struct hd_root_info info;               /* the current hive's report shows it */
	struct hd_install_copy copies[HD_VOLUME_MAX_FILES];  /* SYSTEM hives, the current one first */
	size_t n;
	int have_current;                       /* copies[0] is the current SYSTEM hive */
};

/*
 * Scan the installation under root (borrowed: keep it open while inst is
 * used), named dir in reports, and list its copies.  1 found, 0 no
 * installation, -1 error (errno; inst->vol.error from the backend).  Clear
 * inst in every case.
 */
int hd_installation_open(struct hd_src_dir *root, const char *dir, struct hd_installation *inst);
void hd_installation_clear(struct hd_installation *inst);

/* Analyze copy i (a failure is a report too), paired with its SOFTWARE hive; res->role says which copy. */
void hd_installation_analyze(const struct hd_installation *inst, size_t i, const struct hd_options *opts,
                             struct hd_result *res);

/* The comparison of copy with the current hive's analysis cur (NULL: none): 0, or -1 ENOMEM. */
int hd_installation_compare(const struct hd_result *cur, struct hd_result *copy);

#endif
