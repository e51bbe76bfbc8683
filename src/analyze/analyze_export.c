/*
 * analyze_export.c - a registry export as the analyzed hive (issue 22).
 * The source stage recognises it (hd_src_sniff) and rebuilds it into a
 * sealed memfd (source/export.c); this step records what the report must
 * say about such evidence: it is a reconstruction, from which export
 * format and root key, and which control set stands for CurrentControlSet.
 */
#include "analyze/analyze.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/source.h"
#include "util/fdio.h"

/* The field key of the chain's "export" link, or NULL. */
static const struct hd_prov_field *export_field(const struct hd_provenance *p, const char *key)
{
	for (size_t i = p->n_links; i-- > 0;) {
		if (strcmp(p->links[i].kind, "export") != 0)
			continue;
		for (size_t j = 0; j < p->links[i].n_fields; j++)
			if (strcmp(p->links[i].fields[j].key, key) == 0)
				return &p->links[i].fields[j];
		return NULL;
	}
	return NULL;
}

static void copy_text(char *dst, size_t len, const struct hd_provenance *p, const char *key)
{
	const struct hd_prov_field *f = export_field(p, key);

	snprintf(dst, len, "%s", f && f->type == HD_PROV_TEXT && f->text ? f->text : "");
}

static int64_t field_int(const struct hd_provenance *p, const char *key)
{
	const struct hd_prov_field *f = export_field(p, key);

	return f && f->type == HD_PROV_INT ? f->num : 0;
}

/* The rebuilt image's base block: only so that the header checks pass it. */
static void describe(struct hd_reconstruction *rec, const struct hd_provenance *p, int image_fd)
{
	uint8_t head[HD_REGF_BASE_BLOCK_SIZE];
	ssize_t n = hd_pread_full(image_fd, head, sizeof head, 0);
	off_t size = lseek(image_fd, 0, SEEK_END);

	rec->from = "registry_export";
	copy_text(rec->format, sizeof rec->format, p, "format");
	copy_text(rec->encoding, sizeof rec->encoding, p, "encoding");
	copy_text(rec->root_key, sizeof rec->root_key, p, "root_key");
	copy_text(rec->current_control_set, sizeof rec->current_control_set, p, "current_control_set");
	rec->control_set_recorded = field_int(p, "control_set_recorded") != 0;
	rec->values_omitted = (uint64_t)field_int(p, "values_omitted");
	memset(&rec->image, 0, sizeof rec->image);
	rec->image.size = size > 0 ? (uint64_t)size : 0;
	rec->image.have_size = 1;
	rec->image.have_header = n > 0 && hd_regf_header_parse(head, (size_t)n, rec->image.size, &rec->image.header);
}

int hd_analyze_export(int fd, const char *path, const struct hd_provenance *outer, struct hd_reconstruction *rec,
                      int *image_fd, char *open_path, size_t open_path_len, const char **code, char **message)
{
	struct hd_provenance prov = { 0 };
	struct hd_src_error e = { 0 };
	enum hd_src_kind kind;
	const struct hd_src_backend *b = hd_src_sniff(fd, &kind);
	unsigned flags = 0;
	int rc = -1;

	*image_fd = -1;
	if (b == NULL || kind != HD_KIND_EXPORT || b->open_hive == NULL)
		return 0;
	if (b->open_hive(fd, path, outer, NULL, image_fd, &flags, &prov, &e) == 0 &&
	    (flags & HD_SRC_RECONSTRUCTED)) {
		snprintf(open_path, open_path_len, "/proc/self/fd/%d", *image_fd);
		describe(rec, &prov, *image_fd);
		rec->prov = prov;       /* moved: the report shows the chain */
		memset(&prov, 0, sizeof prov);
		rc = 1;
	} else if (*image_fd >= 0) {    /* rebuilt, yet not flagged a reconstruction: never analyzed as a hive */
		close(*image_fd);
		*image_fd = -1;
		*code = "export_unreadable";
		*message = strdup("the registry export's backend did not mark its hive a reconstruction");
	} else {
		*code = e.code ? e.code : "export_unreadable";
		*message = e.message;
		e.message = NULL;
		if (*message == NULL && asprintf(message, "cannot read the registry export: %s",
		                                 strerror(e.err)) < 0)
			*message = NULL;
	}
	hd_src_error_clear(&e);
	hd_prov_clear(&prov);
	return rc;
}
