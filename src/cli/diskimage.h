/*
 * diskimage.h - a disk image given as a HIVE operand or to --root (issue
 * 22): each partition the image backend shows (source/image.h: "p1",
 * "p2"...) is searched for a Windows installation, and each one found is
 * analyzed exactly as --root analyzes a mounted volume (cli/root.h), its
 * reports named IMAGE!/pN/....
 */
#ifndef HD_DISKIMAGE_H
#define HD_DISKIMAGE_H

#include "cli/outcome.h"
#include "rules/rules.h"

/* 1 when the regular file at path is a disk image, from its content; 0
 * otherwise (also when it cannot be read: the analysis then says why). */
int hd_diskimage_is(const char *path, int no_follow);

/*
 * When path is a disk image, analyze every installation on it into out:
 * their reports one after the other (separated as the format's row says), the
 * exit status the worst of them, the verdicts the first one's; an image
 * libtsk cannot read, or one with no installation, is one error report.
 * 1 done, 0 path is not a disk image (out untouched), -1 with errno.
 */
int hd_outcome_analyze_image(const char *path, const struct hd_options *opts, const struct hd_render *how,
                             void (*before_hive)(const char *path), struct hd_outcome *out);

#endif
