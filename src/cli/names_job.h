/*
 * names_job.h - the names pass's job in the runner's workers (issue 23):
 * read one input's names record (analyze/names.h) and send it back; the
 * parent decodes it.  An input found by a -r walk is first classified from
 * its first bytes here, in the worker, on the same open as the names read
 * (so the parent opens no hive, and the hive is opened once for its names):
 * a file the walk would pass over comes back as such.
 *
 * Under -r the job also notes the file for the analysis's pairing
 * (source/pairindex.h); the parent adds the note to the index.
 *
 * Wire form of a reply (after the runner's 64-bit length): 'P' and the
 * enum hd_pass byte (passed over), or 'N' and HD_PASS_NONE (a notes-only
 * job, cfg->names_notes_only: no record), then the note when there is one; or
 * 'R', a flags byte (1 read, 2 a SYSTEM hive, 4 a note follows), the note
 * (struct hd_pair_note: parent and worker are one program), then for
 * sha256, case folder, installation, server, domain, organization, site
 * and error '+' and the string or '-', each ending with NUL.
 */
#ifndef HD_CLI_NAMES_JOB_H
#define HD_CLI_NAMES_JOB_H

#include <stddef.h>

#include "cli/runner.h"
#include "fleet/fleet.h"
#include "source/pairindex.h"

/* The worker: read path's record and send it on fd.  0, or -1 (the socket failed, or ENOMEM). */
int hd_names_job_serve(const struct hd_run_config *cfg, const char *path, int no_follow, const char *root, int fd);

/*
 * The parent: decode a reply for path into *pass (HD_PASS_NONE, or why the
 * worker passed the file over; *out NULL then), a new *out (NULL too for a
 * notes-only reply), and *note when
 * the reply carries one (*noted 1).  0, or -1 (malformed, or ENOMEM).
 */
int hd_names_job_decode(const char *buf, size_t len, const char *path, int *pass, struct hd_fleet_names **out,
                        struct hd_pair_note *note, int *noted);

/* A record for a hive whose names read failed (crashed, timed out): read 0, error message.  NULL ENOMEM. */
struct hd_fleet_names *hd_names_job_failed(const char *path, const char *root, const char *message);

#endif
