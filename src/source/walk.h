/*
 * walk.h - the one walk of the source stage (issue 22): every file below a
 * folder of any backend (a folder on disk, an archive's, an image's), in
 * byte order of names, folder by folder, lazily: the walk holds the folders
 * from the root down to the current one and their listings, never the
 * whole tree, so memory does not grow with an archive of customer uploads
 * (issue 5).  Symbolic links and other special entries are yielded as such
 * (never followed: the backends never follow them); a folder that cannot
 * be listed or opened is yielded as an error, and the walk goes on.
 */
#ifndef HD_SOURCE_WALK_H
#define HD_SOURCE_WALK_H

#include "source/source.h"

struct hd_src_walk_item {
	struct hd_src_dir *dir;         /* the entry's folder (valid until the next call) */
	const char *name;               /* its name in dir; NULL for a folder's error */
	const char *path;               /* "dir/name", or the folder's path for an error */
	enum hd_src_type type;          /* HD_SRC_FILE or HD_SRC_OTHER */
	const char *other;              /* OTHER: why (static), or NULL */
	uint64_t size;
	int err;                        /* non-zero: the folder path could not be read (errno) */
};

struct hd_src_walk;

/* A walk of root (taken: closed with the walk), at most max_levels folders
 * deep (deeper folders are errors, ELOOP).  NULL ENOMEM (root closed). */
struct hd_src_walk *hd_src_walk_open(struct hd_src_dir *root, unsigned max_levels);

/* The next item: 1, 0 at the end, -1 ENOMEM. */
int hd_src_walk_next(struct hd_src_walk *w, struct hd_src_walk_item *it);

void hd_src_walk_close(struct hd_src_walk *w);

#endif
