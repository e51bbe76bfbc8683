/* memsrc.h - a fake source backend holding a folder tree in memory, for
 * tests: proves the stages above the source stage (volume scan, log
 * discovery, pairing, the analysis) work on a folder that has no descriptor,
 * as a folder of an archive or a disk image has none.  Files open as sealed
 * memfds; each file's provenance is the root's chain plus a "member" link. */
#ifndef HD_TEST_MEMSRC_H
#define HD_TEST_MEMSRC_H

#include <stddef.h>
#include <stdint.h>

#include "source/source.h"

struct memsrc_node {
	const char *name;
	enum hd_src_type type;
	const uint8_t *data;            /* a file's bytes (borrowed) */
	size_t len;
	const char *other;              /* an OTHER entry's reason */
	const struct memsrc_node *children;     /* a folder's entries */
	size_t n_children;
};

/* The folder node as a struct hd_src_dir named path, whose chain is one "archive" link. */
struct hd_src_dir *memsrc_open(const struct memsrc_node *root, const char *path);
/* How many files memsrc opened so far (all folders). */
extern unsigned memsrc_opens;

#endif
