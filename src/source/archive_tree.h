/*
 * archive_tree.h - an archive read once into memory, as a tree of folders
 * and members (archive_tree.c), seen through struct hd_src_dir.  The
 * libarchive side (archive.c) fills it; this side never sees libarchive.
 *
 * Member paths are names, never paths on this machine: nothing is
 * extracted or written, so "..", an absolute path or odd bytes cannot
 * escape anywhere.  To keep every folder listing honest ("." and ".."
 * never appear in one, as source.h promises), empty and "." components are
 * dropped, ".." becomes the name "%2E%2E", and a leading "/" is dropped;
 * the member's provenance keeps its path exactly as stored.
 */
#ifndef HD_ARCHIVE_TREE_H
#define HD_ARCHIVE_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "source/source.h"

struct hd_arc;

/* A new empty tree whose folders are named display!/..., with chain prov
 * (copied) and depth archives around them.  NULL with errno. */
struct hd_arc *hd_arc_new(const char *display, const struct hd_provenance *prov, unsigned depth);

/*
 * Add the member stored as path: type FILE (data, size bytes, taken: freed
 * with the tree), DIR or OTHER.  have_mtime: mtime_ns is the stored time.
 * 0, or -1 with errno (ENOMEM; data is freed either way).
 */
int hd_arc_add(struct hd_arc *arc, const char *path, enum hd_src_type type, uint8_t *data, uint64_t size,
               int have_mtime, int64_t mtime_ns);

/* The tree's root folder (the tree lives while any of its folders is open);
 * 0 or -1 ENOMEM. */
int hd_arc_root(struct hd_arc *arc, struct hd_src_dir **out);

/* Drop the caller's reference (after hd_arc_root, the folders hold theirs). */
void hd_arc_unref(struct hd_arc *arc);

#endif
