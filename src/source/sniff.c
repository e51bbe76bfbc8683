/*
 * sniff.c - what a file holds, from its content (source.h, hd_src_sniff):
 * a hive or a log from its base block, else the first backend that reads
 * it.  The table of backends is here, not in source.c: every backend calls
 * source.c (provenance, errors), so source.c naming them back would make
 * two files that call each other (tests/no_mutual_calls.sh).
 */
#include <string.h>

#include "hive/regf.h"
#include "source/export.h"
#include "source/image.h"
#include "source/archive.h"
#include "source/source.h"
#include "util/fdio.h"

/*
 * The backends hd_src_sniff tries, in order, after the hive and log checks.
 * ADD A BACKEND HERE: include its header (source/image.h, ...) at the top
 * and list its struct hd_src_backend, one line each, before the NULL: an
 * image before an archive (a raw image may hold anything in its first
 * sector), an archive before a single compressed file (a .tar.gz is an
 * archive, libarchive reads through the gzip), an export last.
 */
static const struct hd_src_backend *const backends[] = {
	/* backends: image, archive, compressed, export */
	&hd_src_image_backend,
	&hd_src_archive_backend,
	&hd_src_compressed_backend,
	&hd_src_export_backend,
	NULL,
};

/* The file's first bytes: how many were read (at most cap), or -1. */
static ssize_t read_head(int fd, uint8_t *head, size_t cap)
{
	return hd_pread_full(fd, head, cap, 0);
}

/*
 * A hive or a transaction log, from hive/regf.c's reading of the base block
 * ([SPEC] base block: "regf", file type at 28): type 0 is a primary hive; 2
 * and 6 are logs; 1 is an old-format log (NT 4.0 .LOG: "DIRT" after the base
 * block; or "HvLE" entries at 512) or else NT's alternate hive (SYSTEM.ALT,
 * analyze_alt.c), which is a hive.  A log that lost its base block starts
 * with "HvLE".  1 when the file is one of these (*kind set), 0 not.
 */
int hd_src_regf_kind(const uint8_t *head, size_t n, enum hd_src_kind *kind)
{
	struct hd_regf_header h;

	hd_regf_header_parse(head, n, n, &h);
	if (h.magic == HD_MAGIC_LOG_HVLE) {
		*kind = HD_KIND_LOG;
		return 1;
	}
	if (h.magic != HD_MAGIC_REGF || n < 32)
		return 0;
	/* the type from its bytes: a base block cut short (an NT 4.0 .LOG of
	 * 2048 bytes: 512 of base block) leaves h.file_type unparsed, 0 */
	h.file_type = (uint32_t)head[28] | (uint32_t)head[29] << 8 | (uint32_t)head[30] << 16 | (uint32_t)head[31] << 24;
	if (h.file_type == 0)
		*kind = HD_KIND_HIVE;
	else if (h.file_type == 2 || h.file_type == 6)
		*kind = HD_KIND_LOG;
	else if (h.file_type == 1)
		*kind = (n >= HD_REGF_BASE_BLOCK_SIZE + 4 && memcmp(head + HD_REGF_BASE_BLOCK_SIZE, "DIRT", 4) == 0) ||
		        (n >= 516 && memcmp(head + 512, "HvLE", 4) == 0) ? HD_KIND_LOG : HD_KIND_HIVE;
	else
		*kind = HD_KIND_NONE;   /* a regf signature with a type no Windows writes */
	return 1;
}

/* HD_SRC_SNIFF_BYTES (source.h) is two base blocks. */
#define SNIFF_BYTES HD_SRC_SNIFF_BYTES
_Static_assert(HD_SRC_SNIFF_BYTES == 2u * HD_REGF_BASE_BLOCK_SIZE, "two base blocks");

const struct hd_src_backend *hd_src_sniff(int fd, enum hd_src_kind *kind)
{
	uint8_t head[SNIFF_BYTES];
	ssize_t n = read_head(fd, head, sizeof head);

	*kind = HD_KIND_NONE;
	if (n <= 0)
		return NULL;
	if (hd_src_regf_kind(head, (size_t)n, kind))
		return NULL;
	for (size_t i = 0; backends[i] != NULL; i++)
		if (backends[i]->sniff(fd, head, (size_t)n) == 1) {
			*kind = backends[i]->kind;
			return backends[i];
		}
	return NULL;
}
