/*
 * analyze_expand.c - the compressed-copy step of the pipeline: a file whose
 * magic is SZDD, KWAJ or a cabinet (the NT 4.0 emergency-repair copies,
 * repair\system._) is expanded in memory (hive/expand.c), hashed, and handed
 * to hivex through a sealed memfd (txlog/memimage.c).  The file itself stays
 * the evidence: its own size and hash are reported as for any hive, the
 * expanded image's beside them.
 */
#include "analyze/analyze.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/expand.h"

static int expand_error(struct hd_result *res, const char *code, const char *what, const char *why)
{
	res->error_code = code;
	free(res->error_message);
	if (asprintf(&res->error_message, "%s: %s", what, why) < 0)
		res->error_message = NULL;
	return -1;
}

/* The expanded image as evidence: size, hash and its own base block. */
static void describe_image(struct hd_fileinfo *fi, const uint8_t *img, size_t len)
{
	memset(fi, 0, sizeof *fi);
	fi->size = len;
	fi->have_size = 1;
	hd_sha256_hex(img, len, fi->sha256);
	fi->have_sha256 = 1;
	fi->have_header = hd_regf_header_parse(img, len < HD_REGF_BASE_BLOCK_SIZE ? len : HD_REGF_BASE_BLOCK_SIZE,
	                                       len, &fi->header);
}

/* Expand the compressed file on fd into x and a sealed memfd (the image's
 * only copy, issue 26): 1, 0 not compressed, -1 (*code, *why). */
static int expand_into(int fd, struct hd_expansion *x, int *image_fd, char *open_path, size_t open_path_len,
                       const char **code, const char **why)
{
	struct hd_expanded img;
	int fmt = hd_expand_sniff(fd), rc = -1, n;

	*image_fd = -1;
	if (fmt < 0) {
		*code = HD_ERR_READ;
		*why = "cannot read its first bytes";
		return -1;
	}
	if (fmt == HD_PACKED_NONE)
		return 0;
	x->format = hd_expand_format_name((enum hd_packed)fmt);
	if (hd_expand_fd(fd, (enum hd_packed)fmt, &img, why) < 0) {
		*code = errno == ENOMEM ? HD_ERR_NOMEM : errno == EIO ? HD_ERR_READ : HD_ERR_EXPAND;
		return -1;
	}
	describe_image(&x->image, img.data, img.len);
	*code = img.len == 0 ? HD_ERR_EMPTY : HD_ERR_EXPAND;
	*why = "it expands to nothing: not a hive";
	if (img.len > 0) {
		n = snprintf(open_path, open_path_len, "/proc/self/fd/%d", img.fd);
		if (n < 0 || (size_t)n >= open_path_len) {
			*why = "cannot make the in-memory image";
		} else {
			*image_fd = img.fd;
			rc = 1;
		}
	}
	hd_expanded_release(&img, rc == 1);
	return rc;
}

int hd_analyze_expand(int fd, struct hd_result *res, int *image_fd, char *open_path, size_t open_path_len)
{
	const char *code = NULL, *why = NULL;
	int rc = expand_into(fd, &res->expanded, image_fd, open_path, open_path_len, &code, &why);

	if (rc >= 0)
		return rc;
	return expand_error(res, code, res->expanded.format ? res->expanded.format : "cannot read",
	                    why ? why : strerror(errno));
}

int hd_analyze_expand_fd(int fd, struct hd_expansion *x, int *image_fd, char *open_path,
                         size_t open_path_len, const char **code, const char **why)
{
	*image_fd = -1;
	return expand_into(fd, x, image_fd, open_path, open_path_len, code, why);
}
