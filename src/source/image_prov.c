/*
 * image_prov.c - the provenance links of a file read from a disk image
 * (issue 22: a forensic report names where each byte came from): the image
 * (and the hash an E01 itself stores), the partition, the file on its file
 * system.  Plain values in, no libtsk here.
 */
#include <stdio.h>

#include "source/image_internal.h"

static int hex_field(struct hd_provenance *p, const char *key, const uint8_t *b, size_t n)
{
	char hex[41];

	for (size_t i = 0; i < n && i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	return hd_prov_add_text(p, key, hex);
}

/* libtsk does not expose the hash libewf reads from an E01 (its
 * TSK_IMG_INFO has no such field), so image_sniff.c reads the segment's
 * "hash" and "digest" sections itself.  Of an E01 in several segments the
 * hash is in the last one, which is not read here: the link then has no
 * md5_stored, which says "none read", never "none stored". */
int hd_image_prov_image(struct hd_provenance *p, int fd, const char *display, enum hd_image_format f,
                        int64_t size, int segments)
{
	struct hd_ewf_hash h;

	if (hd_prov_add_link(p, "image") < 0 || hd_prov_add_text(p, "path", display) < 0 ||
	    hd_prov_add_text(p, "format", hd_image_format_name(f)) < 0 || hd_prov_add_int(p, "size", size) < 0 ||
	    hd_prov_add_int(p, "segments", segments) < 0)
		return -1;
	if (f != HD_IMAGE_EWF || hd_ewf_stored_hash(fd, &h) <= 0)
		return 0;
	if (h.has_md5 && hex_field(p, "md5_stored", h.md5, sizeof h.md5) < 0)
		return -1;
	if (h.has_sha1 && hex_field(p, "sha1_stored", h.sha1, sizeof h.sha1) < 0)
		return -1;
	return 0;
}

int hd_image_prov_partition(struct hd_provenance *p, int number, int64_t offset, int64_t length,
                            const char *description, const char *file_system)
{
	return hd_prov_add_link(p, "partition") < 0 || hd_prov_add_int(p, "number", number) < 0 ||
	               hd_prov_add_int(p, "offset", offset) < 0 || hd_prov_add_int(p, "length", length) < 0 ||
	               hd_prov_add_text(p, "description", description) < 0 ||
	               hd_prov_add_text(p, "file_system", file_system) < 0
	           ? -1 : 0;
}

/* A time the file system does not keep (FAT has no change time, FAT12/16
 * dates only for access) is 0 and left out, never invented. */
static int time_field(struct hd_provenance *p, const char *key, int64_t ns)
{
	return ns == 0 ? 0 : hd_prov_add_time(p, key, ns);
}

int hd_image_prov_file(struct hd_provenance *p, const struct hd_image_file *f)
{
	return hd_prov_add_link(p, f->kind) < 0 || hd_prov_add_text(p, "path", f->path) < 0 ||
	               hd_prov_add_int(p, f->ntfs ? "mft_entry" : "dir_entry", f->addr) < 0 ||
	               hd_prov_add_int(p, "size", f->size) < 0 || time_field(p, "crtime", f->crtime) < 0 ||
	               time_field(p, "mtime", f->mtime) < 0 || time_field(p, "ctime", f->ctime) < 0 ||
	               time_field(p, "atime", f->atime) < 0
	           ? -1 : 0;
}
