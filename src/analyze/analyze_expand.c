/*
 * analyze_expand.c - the compressed-copy step of the pipeline: a file whose
 * magic is SZDD, KWAJ or a cabinet (the NT 4.0 emergency-repair copies,
 * repair\system._) is expanded in memory (hive/expand.c), and a hive
 * compressed alone with gzip, xz, bzip2 or zstd (issue 22: a customer's
 * SYSTEM.gz) through the source stage's compressed backend (libarchive,
 * bounded by the source limits); either is hashed and handed to hivex
 * through a sealed memfd.  The file itself stays
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

#include <sys/mman.h>
#include <sys/stat.h>

#include "hive/expand.h"
#include "source/source.h"

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

/* The filter's name as a static string (the report keeps it). */
static const char *filter_name(const struct hd_provenance *prov)
{
	static const char *const names[] = { "gzip", "xz", "bzip2", "zstd" };
	const struct hd_prov_link *l = prov->n_links ? &prov->links[0] : NULL;

	for (size_t f = 0; l && f < l->n_fields; f++)
		for (size_t i = 0; l->fields[f].text && i < sizeof names / sizeof names[0]; i++)
			if (strcmp(l->fields[f].key, "filter") == 0 && strcmp(l->fields[f].text, names[i]) == 0)
				return names[i];
	return "compressed";
}

/* Describe the image held by the sealed memfd fd: 0, or -1 (*why). */
static int describe_memfd(int fd, struct hd_fileinfo *fi, const char **why)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		*why = "it expands to nothing: not a hive";
		return -1;
	}
	if ((p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		*why = "cannot map the expanded image";
		return -1;
	}
	describe_image(fi, p, (size_t)st.st_size);
	munmap(p, (size_t)st.st_size);
	return 0;
}

/*
 * A hive compressed alone (gzip, xz, bzip2, zstd), read by the source
 * stage's compressed backend: 1 into x and *image_fd, 0 not one, -1.
 */
static int expand_filtered(int fd, struct hd_expansion *x, int *image_fd, char *open_path, size_t open_path_len,
                           const char **code, const char **why)
{
	enum hd_src_kind kind = HD_KIND_NONE;
	const struct hd_src_backend *b = hd_src_sniff(fd, &kind);
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_src_error e = { 0 };
	struct hd_src_limits lim;
	unsigned flags = 0;
	int rc = -1, n;

	if (b == NULL || kind != HD_KIND_COMPRESSED || b->open_hive == NULL)
		return 0;
	hd_src_limits_default(&lim);
	x->format = "compressed";
	*code = HD_ERR_EXPAND;
	if (b->open_hive(fd, "", NULL, &lim, image_fd, &flags, &prov, &e) < 0) {
		*code = e.err == ENOMEM ? HD_ERR_NOMEM : HD_ERR_EXPAND;
		*why = e.code && strcmp(e.code, "archive_limit") == 0
		       ? "it expands past the limits on one member's size (512 MiB) or its ratio (1000:1)"
		       : "damaged or truncated compressed file";
		hd_src_error_clear(&e);
		return -1;
	}
	x->format = filter_name(&prov);
	hd_prov_clear(&prov);
	if (describe_memfd(*image_fd, &x->image, why) == 0) {
		n = snprintf(open_path, open_path_len, "/proc/self/fd/%d", *image_fd);
		rc = n < 0 || (size_t)n >= open_path_len ? -1 : 1;
	}
	if (rc < 0) {
		*code = x->image.have_size ? HD_ERR_EXPAND : HD_ERR_EMPTY;
		close(*image_fd);
		*image_fd = -1;
	}
	return rc;
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
		return expand_filtered(fd, x, image_fd, open_path, open_path_len, code, why);
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
