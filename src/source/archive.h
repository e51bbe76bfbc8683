/*
 * archive.h - the archive backends (archive.c), for source.c's table:
 * archives read as folders (zip, tar plain or filtered, 7z) and a single
 * compressed hive (gzip, xz, bzip2, zstd) read as that hive.
 */
#ifndef HD_SOURCE_ARCHIVE_H
#define HD_SOURCE_ARCHIVE_H

#include "source/source.h"

extern const struct hd_src_backend hd_src_archive_backend;
extern const struct hd_src_backend hd_src_compressed_backend;

#endif
