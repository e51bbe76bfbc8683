/*
 * analyze_alt.c - a dirty NT 4.0 SYSTEM hive judged from its SYSTEM.ALT.
 *
 * NT 4.0 and 2000 keep SYSTEM.ALT, a mirror of SYSTEM flushed after it;
 * when the loader cannot use SYSTEM it boots SYSTEM.ALT, and NT 4.0's SYSTEM
 * hive has no .LOG (DOMAIN.md 0.15: Q151247; NT 4.0 Resource Kit, "Making
 * Sure the System Always Starts").  Windows XP dropped .ALT and logs SYSTEM.
 *
 * How NT 4.0 is recognised, from the folder alone (the SOFTWARE hive is read
 * later, and a lone hive may have none): the primary is dirty, no NAME.LOG,
 * NAME.LOG1 or NAME.LOG2 is beside it (a hive that has logs is replayed from
 * them, as before), and a NAME.ALT is beside it.  That .ALT is used only when
 * it is consistent: a complete regf base block with a valid checksum, equal
 * sequence numbers, hive bins that fit the file, and file type 0 (primary)
 * or 1 (NT's HFILE_TYPE_ALTERNATE).  --no-replay analyzes the primary as it
 * is, so it skips this too.
 *
 * The .ALT is opened through the hive's folder's source backend (source.h),
 * as txlog_discover.c opens logs: a symbolic link or a FIFO named SYSTEM.ALT
 * is never followed or waited on, only reported; and an .ALT inside an
 * archive or a disk image is read the same way.
 */
#include "analyze/analyze.h"
#include "util/fdio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The offset of the base block's file type (regf.h: offset 28). */
#define ALT_TYPE_OFFSET 28u

/* 1 when the hive qualifies: dirty, replay tried, no log beside it, an .ALT beside it. */
static int alt_eligible(const struct hd_result *res)
{
	const struct hd_recovery *rec = &res->replay.recovery;

	return res->file.header.dirty && res->replay.state == HD_REPLAY_ATTEMPTED &&
	       rec->n_logs_found == 0 && !rec->applied && rec->alt_found && rec->alt_path != NULL;
}

/* Why a file whose base block was read cannot stand in for the primary, or NULL. */
static const char *inconsistent(const struct hd_regf_header *h)
{
	if (h->magic != HD_MAGIC_REGF)
		return "it is not a registry hive";
	if (!h->checksum_ok)
		return "its base block checksum is wrong";
	if (h->dirty)
		return "it is dirty too (its sequence numbers differ)";
	if (h->truncated)
		return "it is truncated";
	if (h->major != 1 || h->minor == 6)
		return "its format version is not one NT 4.0 writes";
	if (h->file_type != 0 && h->file_type != 1)
		return "its file type is not a primary or alternate hive";
	return NULL;
}

/* Why name of d, which its backend did not open as a regular file, is not used. */
static const char *not_regular(struct hd_src_dir *d, const char *name)
{
	struct hd_src_entry *v = NULL;
	const char *why = "it is not a regular file of a hive's size";
	size_t n = 0;

	if (hd_src_list(d, &v, &n, NULL) < 0)
		return "it cannot be opened";
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0 && v[i].other && strstr(v[i].other, "symbolic link"))
			why = "it is a symbolic link (not followed)";
	hd_src_entries_free(v, n);
	return why;
}

/* Read the .ALT named name in the folder d into *buf: 0, or a static reason in *why. */
static int read_alt(struct hd_src_dir *d, const char *name, uint8_t **buf, size_t *len, const char **why)
{
	struct stat st;
	ssize_t got;
	int fd = -1, rc = hd_src_open_file(d, name, &fd, NULL, NULL);

	*buf = NULL;
	if (rc <= 0) {
		*why = rc == 0 ? not_regular(d, name) : "it cannot be opened";
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)HD_REGF_BASE_BLOCK_SIZE ||
	    (uint64_t)st.st_size > HD_TXLOG_MAX_HIVE_BYTES) {
		*why = "it is not a regular file of a hive's size";
		close(fd);
		return -1;
	}
	*len = (size_t)st.st_size;
	if ((*buf = malloc(*len)) == NULL) {
		close(fd);
		*why = "out of memory";
		return -1;
	}
	got = hd_pread_full(fd, *buf, *len, 0);
	close(fd);
	if (got < 0 || (size_t)got != *len) {
		free(*buf);
		*buf = NULL;
		*why = "it cannot be read";
		return -1;
	}
	return 0;
}

/* The folder of path, opened by the posix backend, or NULL. */
static struct hd_src_dir *open_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? strdup(".") : slash == path ? strdup("/")
	            : strndup(path, (size_t)(slash - path));
	struct hd_src_dir *d = NULL;

	if (dir == NULL || hd_src_posix_open_path(dir, &d, NULL) < 0)
		d = NULL;
	free(dir);
	return d;
}

/* Hand the consistent .ALT image to hivex: NT's alternate type 1 becomes 0 in the copy. */
static int use_alt(uint8_t *img, size_t len, struct hd_alt_evidence *alt, int *image_fd,
                   char *open_path, size_t open_path_len)
{
	if (alt->header.file_type != 0) {
		img[ALT_TYPE_OFFSET] = 0;
		img[ALT_TYPE_OFFSET + 1] = img[ALT_TYPE_OFFSET + 2] = img[ALT_TYPE_OFFSET + 3] = 0;
		uint32_t c = hd_regf_checksum(img);
		for (unsigned i = 0; i < 4; i++)
			img[HD_REGF_CHECKSUM_OFFSET + i] = (uint8_t)(c >> (8 * i));
	}
	*image_fd = hd_memimage_open(img, len, open_path, open_path_len);
	if (*image_fd < 0) {
		alt->not_used = "the in-memory image could not be made";
		return 0;
	}
	alt->used = 1;
	return 0;
}

int hd_analyze_alt(const char *path, const struct hd_snapshot *snap, struct hd_result *res, int *image_fd,
                   char *open_path, size_t open_path_len)
{
	struct hd_alt_evidence *alt = &res->alt;
	struct hd_src_dir *d, *own = NULL;
	const char *slash, *why = NULL;
	uint8_t *img = NULL;
	size_t len = 0;
	int rc = 0;

	if (!alt_eligible(res))
		return 0;
	slash = strrchr(res->replay.recovery.alt_path, '/');
	alt->name = strdup(slash ? slash + 1 : res->replay.recovery.alt_path);
	if (alt->name == NULL)
		return -1;
	alt->considered = 1;
	if ((d = snap->dir) == NULL && (d = own = open_folder(path)) == NULL) {
		alt->not_used = "the hive's folder cannot be opened";
		return 0;
	}
	if (read_alt(d, alt->name, &img, &len, &why) < 0) {
		alt->not_used = why;
		rc = img == NULL && strcmp(why, "out of memory") == 0 ? -1 : 0;
	} else {
		alt->size = len;
		hd_sha256_hex(img, len, alt->sha256);
		alt->have_sha256 = 1;
		hd_regf_header_parse(img, len, len, &alt->header);
		if ((alt->not_used = inconsistent(&alt->header)) == NULL)
			rc = use_alt(img, len, alt, image_fd, open_path, open_path_len);
	}
	free(img);
	hd_src_close(own);
	return rc;
}

void hd_alt_evidence_clear(struct hd_alt_evidence *alt)
{
	free(alt->name);
	memset(alt, 0, sizeof *alt);
}
