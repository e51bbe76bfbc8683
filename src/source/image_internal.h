/*
 * image_internal.h - the disk image backend's pure parts (image_sniff.c),
 * shared with image.c (the one file that includes <tsk/libtsk.h>) and the
 * unit tests.  Grouped by the file that defines each name.
 */
#ifndef HD_IMAGE_INTERNAL_H
#define HD_IMAGE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "source/source.h"

/* image_sniff.c: what a file's first bytes (and, for VHD, its last 512)
 * say it is.  Content only: a name never decides. */
enum hd_image_format {
	HD_IMAGE_NONE,          /* not a disk image we read */
	HD_IMAGE_EWF,           /* EnCase E01 ("EVF" signature), segment 1 */
	HD_IMAGE_VHD,           /* Virtual PC / Hyper-V ("conectix" footer) */
	HD_IMAGE_VMDK,          /* VMware sparse ("KDMV") or a descriptor file */
	HD_IMAGE_RAW_MBR,       /* raw, an MBR partition table (GPT has a protective one) */
	HD_IMAGE_RAW_GPT,       /* raw, "EFI PART" at LBA 1 */
	HD_IMAGE_RAW_FS,        /* raw, a bare NTFS or FAT boot sector at 0 */
};
/* head: the file's first n bytes; fd: the file, for the VHD footer (pread,
 * the offset does not move).  A raw image's MBR is believed only when every
 * entry is plausible: a hive or a text never has 55 AA at 510 and sane
 * entries by chance, but a random file might have 55 AA alone. */
enum hd_image_format hd_image_sniff(int fd, const uint8_t *head, size_t n);
const char *hd_image_format_name(enum hd_image_format f);
/* A bare NTFS / FAT boot sector (512 bytes): 1 yes, 0 no. */
int hd_image_is_boot_sector(const uint8_t *sector, size_t n);

/* The hashes an E01 records of the media it holds (the "hash" and
 * "digest" sections, EWF specification by Joachim Metz): libtsk does not
 * expose them, so they are read here from the segment file itself. */
struct hd_ewf_hash {
	int has_md5, has_sha1;
	uint8_t md5[16];
	uint8_t sha1[20];
};
/* Walk the section chain of the segment on fd: 1 with h filled when a hash
 * is stored, 0 when none is (or it is in a later segment: the hash section
 * is written to the last one), -1 when the chain is damaged (errno EINVAL)
 * or unreadable. */
int hd_ewf_stored_hash(int fd, struct hd_ewf_hash *h);

/* image_prov.c: the links of a file's provenance chain below the image
 * file's own: "image" (path, format, media size, segments, md5_stored and
 * sha1_stored of an E01), "partition" (number, byte offset and length,
 * the table's description, the file system), and the file's "ntfs" or
 * "fat" link (path on the file system, mft_entry or dir_entry, size,
 * crtime/mtime/ctime/atime).  0, or -1 (ENOMEM, ENOSPC). */
int hd_image_prov_image(struct hd_provenance *p, int fd, const char *display, enum hd_image_format f,
                        int64_t size, int segments);
int hd_image_prov_partition(struct hd_provenance *p, int number, int64_t offset, int64_t length,
                            const char *description, const char *file_system);
struct hd_image_file {
	const char *kind;       /* "ntfs" or "fat" */
	char *path;             /* "/WINNT/system32/config/SYSTEM" */
	int ntfs;               /* addr is an MFT entry (else libtsk's FAT directory entry address) */
	int64_t addr, size;
	int64_t crtime, mtime, ctime, atime;    /* ns since 1970 UTC; 0: not kept */
};
int hd_image_prov_file(struct hd_provenance *p, const struct hd_image_file *f);

/* image_entries.c: one name of a file system folder, as image.c's walk
 * hands each to a callback (0 go on, 1 stop, -1 out of memory). */
struct hd_image_ent {
	const char *name;       /* borrowed from libtsk's folder */
	enum hd_src_type type;
	uint64_t size;
	uint64_t addr;          /* the metadata address (MFT entry, FAT dir entry) */
	const char *other;      /* OTHER: why (struct hd_src_entry.other) */
};
/* Gather every name into a listing (arg: struct hd_image_list). */
struct hd_image_list {
	struct hd_src_entry *v;
	size_t n, cap;
};
int hd_image_list_add(const struct hd_image_ent *ent, void *arg);
/* Stop at the name spelled exactly f->name (arg: struct hd_image_find). */
struct hd_image_find {
	const char *name;
	struct hd_image_ent found;
	int hit;
};
int hd_image_find_one(const struct hd_image_ent *ent, void *arg);
/* a sep b, new; NULL when out of memory. */
char *hd_image_join(const char *a, const char *sep, const char *b);

/* image_path.c: the name libtsk opens for the image held on fd: the name
 * fd was opened by while it names the same file (so that libewf and libtsk
 * find further segments beside it), else /proc/self/fd/N; for an E01 (ewf)
 * whose name libewf would refuse, a symbolic link image.E01 to
 * /proc/self/fd/N in a private temporary folder (alias_dir).  0, or -1 with
 * errno; release removes the alias once libtsk has opened the image. */
struct hd_image_name {
	char path[4096];
	char alias_dir[4096];   /* "" when no alias was made */
};
int hd_image_name_get(int fd, int ewf, struct hd_image_name *n);
void hd_image_name_release(struct hd_image_name *n);

#endif
