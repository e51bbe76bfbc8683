/*
 * stream.h - evidence read from a stream (issue 22: "-", standard input):
 * a pipe can be read only once and not seeked, so its bytes go into a
 * sealed memfd first, bounded by the source limits, and every stage reads
 * that as it reads a file.
 */
#ifndef HD_SOURCE_STREAM_H
#define HD_SOURCE_STREAM_H

#include <stdint.h>

#include "source/source.h"

/*
 * Read in to its end into a new sealed memfd (*out, offset 0), at most max
 * bytes: more is the error "stream_limit" (EFBIG) naming the limit.  0, or
 * -1 with e filled (a read error: "stream_unreadable").
 */
int hd_src_read_stream(int in, uint64_t max, int *out, struct hd_src_error *e);

/* An empty folder named display (in memory): the folder of a file read from
 * a stream, where no log or .ALT can be beside it.  0, or -1 ENOMEM. */
int hd_src_empty_dir(const char *display, struct hd_src_dir **out);

#endif
