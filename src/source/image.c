/*
 * image.c - disk images as folders, through The Sleuth Kit (issue 22): raw
 * (also split .001, .002...), E01, VHD and VMDK; MBR and GPT partition
 * tables; NTFS and FAT file systems.  The only file that includes
 * <tsk/libtsk.h>.  No mount, no privileges: libtsk reads the image file.
 *
 * An image is a folder whose children are its partitions that hold a file
 * system libtsk opens (NTFS, FAT), named as Linux names them: "p1".."p4" the
 * primary MBR entries by slot, "p5" on the logical partitions in order, a
 * GPT's by entry ("p1" the first); "p0" the whole image when it has no
 * partition table (a bare file system).  Each is a folder backed by its
 * TSK_FS_INFO; below it, folders and files by name, exact spelling, never
 * through a link (an NTFS reparse point is HD_SRC_OTHER).
 *
 * libtsk opens the image by a name (image_path.c: the file's own, for an
 * E01's or a split image's further segments beside it).  It is loaded at the
 * first image (tsk_load.h) and called through T, set before any call.
 *
 * A file is read whole into a sealed memfd (bounded by max_member_bytes),
 * so nothing above this stage reads through libtsk, and a process forked
 * after the open shares no file offset with another.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tsk/libtsk.h>

#include "source/image_internal.h"
#include "source/source.h"
#include "source/tsk_load.h"
#include "util/fdio.h"
#include "util/sealfd.h"

#define SNIFF_BYTES 4096
#define READ_CHUNK (64 * 1024)
/* NTFS's own files (Microsoft's NTFS layout: $MFT..$Extend and the
 * reserved records up to 15) are the file system's, never a hive's. */
#define NTFS_LAST_SYSTEM_ENTRY 15

struct img_part {
	char name[16];                  /* "p1" */
	TSK_FS_INFO *fs;
	const char *kind;               /* "ntfs" or "fat": the file's provenance link */
	struct hd_provenance prov;      /* down to the partition */
};

/* One opened image, shared by its folders (each holds a reference). */
struct img_shared {
	unsigned refs;
	TSK_IMG_INFO *img;
	TSK_VS_INFO *vs;                /* NULL: no partition table */
	struct hd_src_limits lim;
	struct img_part *parts;
	size_t n_parts;
	/* Why no file system opened: the first partition's libtsk error, and
	 * whether it was the image that could not be read (cut, damaged). */
	char why[200];
	int unreadable;
};

struct img_dir {
	struct hd_src_dir base;
	struct img_shared *sh;
	struct img_part *part;          /* NULL: the image's top folder */
	TSK_INUM_T inum;                /* this folder's metadata address */
	char *fs_path;                  /* "/WINNT/system32" on the file system */
};

static const struct hd_src_ops img_ops;

/* Fill e and give -1 (hd_src_error_set sets errno). */
#define FAIL(e, ...) (hd_src_error_set((e), __VA_ARGS__), -1)

/* libtsk's functions (tsk_load.h), set by the first image's open. */
static const struct hd_tsk_api *T;

/* libtsk's own words for its last error (thread-local, static text). */
static const char *tsk_why(void)
{
	const char *s = T->error_get();

	return s != NULL && *s != '\0' ? s : "unknown libtsk error";
}

static void shared_unref(struct img_shared *sh)
{
	if (sh == NULL || --sh->refs > 0)
		return;
	for (size_t i = 0; i < sh->n_parts; i++) {
		T->fs_close(sh->parts[i].fs);
		hd_prov_clear(&sh->parts[i].prov);
	}
	free(sh->parts);
	if (sh->vs != NULL)
		T->vs_close(sh->vs);
	if (sh->img != NULL)
		T->img_close(sh->img);
	free(sh);
}

/* ---- opening the image ---- */

static TSK_IMG_TYPE_ENUM tsk_type(enum hd_image_format f)
{
	switch (f) {
	case HD_IMAGE_EWF: return TSK_IMG_TYPE_EWF_EWF;
	case HD_IMAGE_VHD: return TSK_IMG_TYPE_VHD_VHD;
	case HD_IMAGE_VMDK: return TSK_IMG_TYPE_VMDK_VMDK;
	default: return TSK_IMG_TYPE_RAW;
	}
}

static TSK_IMG_INFO *open_image(int fd, enum hd_image_format f)
{
	struct hd_image_name name;
	TSK_IMG_INFO *img;

	if (hd_image_name_get(fd, f == HD_IMAGE_EWF, &name) < 0)
		return NULL;
	img = T->img_open_utf8_sing(name.path, tsk_type(f), 0);
	hd_image_name_release(&name);
	return img;
}

/* Linux's number for a partition (see the top of the file). */
static int part_number(const TSK_VS_INFO *vs, const TSK_VS_PART_INFO *pi, int *logical)
{
	if (vs->vstype == TSK_VS_TYPE_DOS && pi->table_num > 0)
		return 5 + (*logical)++;
	return pi->slot_num + 1;
}

/* Why the partition at off opened no file system: libtsk's words (one
 * line), and whether its first sector cannot even be read or it ends past
 * the image's end (libtsk says only "cannot determine file system type"). */
static void remember_why(struct img_shared *sh, int num, TSK_OFF_T off, TSK_OFF_T len)
{
	char sector[512];

	snprintf(sh->why, sizeof sh->why, "p%d: %s", num, tsk_why());
	for (char *c = sh->why; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	sh->unreadable = off + len > sh->img->size ||
	                 T->img_read(sh->img, off, sector, sizeof sector) != (ssize_t)sizeof sector;
	T->error_reset();
	if (sh->unreadable && off + len > sh->img->size)
		snprintf(sh->why, sizeof sh->why, "p%d ends at byte %lld, the image at %lld", num, (long long)(off + len),
		         (long long)sh->img->size);
}

/* Open the file system at byte offset off; keep it as part number num when
 * it is NTFS or FAT.  0 kept or not (a partition with another or no file
 * system is not a folder), -1 out of memory. */
static int add_part(struct img_shared *sh, const struct hd_provenance *img_prov, int num, TSK_OFF_T off,
                    TSK_OFF_T len, const char *desc)
{
	TSK_FS_INFO *fs = T->fs_open_img(sh->img, off, TSK_FS_TYPE_DETECT);
	struct img_part *np, *p;

	if (fs == NULL && sh->why[0] == '\0')
		remember_why(sh, num, off, len);
	T->error_reset();
	if (fs == NULL)
		return 0;
	if (!TSK_FS_TYPE_ISNTFS(fs->ftype) && !TSK_FS_TYPE_ISFAT(fs->ftype)) {
		T->fs_close(fs);
		return 0;
	}
	np = realloc(sh->parts, (sh->n_parts + 1) * sizeof *np);
	if (np == NULL)
		goto nomem;
	sh->parts = np;
	p = &np[sh->n_parts];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "p%d", num);
	p->fs = fs;
	p->kind = TSK_FS_TYPE_ISNTFS(fs->ftype) ? "ntfs" : "fat";
	sh->n_parts++;
	if (hd_prov_copy(&p->prov, img_prov) < 0 ||
	    hd_image_prov_partition(&p->prov, num, off, len, desc, T->fs_type_toname(fs->ftype)) < 0)
		return -1;
	return 0;
nomem:
	T->fs_close(fs);
	return -1;
}

/* Every partition of the table, or the whole image when there is none. */
static int find_parts(struct img_shared *sh, const struct hd_provenance *img_prov, enum hd_image_format f)
{
	int logical = 0;

	if (f != HD_IMAGE_RAW_FS)
		sh->vs = T->vs_open(sh->img, 0, TSK_VS_TYPE_DETECT);
	if (sh->vs == NULL && (f == HD_IMAGE_RAW_MBR || f == HD_IMAGE_RAW_GPT)) {
		/* A table was seen but libtsk refuses it (one that runs past the
		 * image's end: a cut image, a lone first segment). */
		snprintf(sh->why, sizeof sh->why, "its partition table: %s",
		         T->error_get() && *T->error_get() ? T->error_get() : "libtsk reads none (an entry past the end?)");
		sh->unreadable = 1;
	}
	T->error_reset();
	if (sh->vs == NULL)
		return add_part(sh, img_prov, 0, 0, sh->img->size, "no partition table: the whole image");
	for (TSK_PNUM_T i = 0; i < sh->vs->part_count; i++) {
		const TSK_VS_PART_INFO *pi = T->vs_part_get(sh->vs, i);
		TSK_OFF_T bs = sh->vs->block_size;

		if (pi == NULL || !(pi->flags & TSK_VS_PART_FLAG_ALLOC))
			continue;
		if (add_part(sh, img_prov, part_number(sh->vs, pi, &logical), (TSK_OFF_T)pi->start * bs,
		             (TSK_OFF_T)pi->len * bs, pi->desc != NULL ? pi->desc : "") < 0)
			return -1;
	}
	return 0;
}

static struct img_dir *dir_new(struct img_shared *sh, struct img_part *part, const char *path,
                               const char *fs_path, const struct hd_provenance *prov, unsigned depth)
{
	struct img_dir *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	d->base.ops = &img_ops;
	d->base.depth = depth;
	d->sh = sh;
	d->part = part;
	if ((d->base.path = strdup(path)) == NULL || (fs_path != NULL && (d->fs_path = strdup(fs_path)) == NULL) ||
	    hd_prov_copy(&d->base.prov, prov) < 0) {
		free(d->base.path);
		free(d->fs_path);
		free(d);
		return NULL;
	}
	sh->refs++;
	return d;
}

/* No partition opened: the image unreadable (cut short, damaged: libtsk
 * could not read it, or a partition ends past the image's end), or no
 * NTFS or FAT file system on it. */
static void no_file_system(const struct img_shared *sh, const char *display, enum hd_image_format f,
                           struct hd_src_error *e)
{
	const char *fmt = hd_image_format_name(f);

	if (sh->unreadable || sh->img->size == 0)
		(void)FAIL(e, "image_unreadable", EIO, "%s: %s image: cannot be read (cut short or damaged?): %s",
		           display, fmt, sh->img->size == 0 ? "it holds no data" : sh->why);
	else
		(void)FAIL(e, "image_no_filesystem", ENOENT,
		           "%s: %s image: no partition holds an NTFS or FAT file system%s%s%s", display, fmt,
		           sh->why[0] ? " (" : "", sh->why, sh->why[0] ? ")" : "");
}

static int image_open_dir(int fd, const char *display, const struct hd_provenance *outer,
                          const struct hd_src_limits *lim, unsigned depth, struct hd_src_dir **out,
                          struct hd_src_error *e)
{
	uint8_t head[SNIFF_BYTES];
	struct hd_provenance prov = { .n_links = 0 };
	struct img_shared *sh = NULL;
	struct img_dir *d = NULL;
	enum hd_image_format f;
	ssize_t n = hd_pread_full(fd, head, sizeof head, 0);
	int rc = -1;

	*out = NULL;
	if (n < 0)
		return FAIL(e, "image_unreadable", errno, "%s: cannot read: %s", display, strerror(errno));
	if ((f = hd_image_sniff(fd, head, (size_t)n)) == HD_IMAGE_NONE)
		return FAIL(e, "image_unreadable", EINVAL, "%s: not a disk image", display);
	if (T == NULL) {
		char why[512];

		if ((T = hd_tsk_load(why, sizeof why)) == NULL)
			return FAIL(e, "image_unreadable", ELIBACC, "%s: %s image: %s", display, hd_image_format_name(f),
			            why);
	}
	if ((sh = calloc(1, sizeof *sh)) == NULL)
		return FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", display);
	sh->refs = 1;
	sh->lim = *lim;
	errno = 0;
	if ((sh->img = open_image(fd, f)) == NULL) {
		(void)FAIL(e, "image_unreadable", errno ? errno : EINVAL, "%s: %s image: %s", display,
		           hd_image_format_name(f), tsk_why());
		T->error_reset();
		goto out;
	}
	if ((outer != NULL && hd_prov_copy(&prov, outer) < 0) || hd_image_prov_image(&prov, fd, display, f, sh->img->size, sh->img->num_img) < 0 ||
	    find_parts(sh, &prov, f) < 0) {
		(void)FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", display);
		goto out;
	}
	if (sh->n_parts == 0) {
		no_file_system(sh, display, f, e);
		goto out;
	}
	if ((d = dir_new(sh, NULL, display, NULL, &prov, depth)) == NULL) {
		(void)FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", display);
		goto out;
	}
	*out = &d->base;
	rc = 0;
out:
	hd_prov_clear(&prov);
	shared_unref(sh);
	return rc;
}

static int image_sniff(int fd, const uint8_t *head, size_t n)
{
	return hd_image_sniff(fd, head, n) != HD_IMAGE_NONE;
}

const struct hd_src_backend hd_src_image_backend = {
	.name = "image",
	.kind = HD_KIND_IMAGE,
	.sniff = image_sniff,
	.open_dir = image_open_dir,
	.open_hive = NULL,
};

/* ---- a folder on a file system ---- */

/* What a name is, without following anything: an NTFS reparse point (a
 * junction, a symbolic link) is OTHER whatever its directory flag says. */
static enum hd_src_type ent_type(const TSK_FS_NAME *nm, TSK_FS_FILE *file, const char **other)
{
	*other = NULL;
	if (file != NULL && file->fs_info != NULL && TSK_FS_TYPE_ISNTFS(file->fs_info->ftype) &&
	    T->fs_file_attr_get_type(file, TSK_FS_ATTR_TYPE_NTFS_REPARSE, 0, 0) != NULL) {
		T->error_reset();
		*other = "is an NTFS reparse point (a junction or link, not followed)";
		return HD_SRC_OTHER;
	}
	T->error_reset();
	if (nm->type == TSK_FS_NAME_TYPE_DIR)
		return HD_SRC_DIR;
	if (nm->type == TSK_FS_NAME_TYPE_REG)
		return HD_SRC_FILE;
	*other = "is neither a regular file nor a folder";
	return HD_SRC_OTHER;
}

/* A name the listing shows: allocated, not "." or "..", not one libtsk made
 * up ($OrphanFiles, FAT's $MBR/$FAT1 and "LABEL (Volume Label Entry)" for
 * the FAT volume label), not one of NTFS's own files. */
static int shown(const struct img_dir *d, const TSK_FS_NAME *nm)
{
	static const char label[] = " (Volume Label Entry)";
	size_t len;

	if (!(nm->flags & TSK_FS_NAME_FLAG_ALLOC) || nm->name == NULL || strcmp(nm->name, ".") == 0 ||
	    strcmp(nm->name, "..") == 0 || nm->type == TSK_FS_NAME_TYPE_VIRT || nm->type == TSK_FS_NAME_TYPE_VIRT_DIR)
		return 0;
	if (TSK_FS_TYPE_ISNTFS(d->part->fs->ftype))
		return nm->meta_addr > NTFS_LAST_SYSTEM_ENTRY;
	len = strlen(nm->name);
	return !(d->inum == d->part->fs->root_inum && len > sizeof label - 1 &&
	         strcmp(nm->name + len - (sizeof label - 1), label) == 0);
}

/* Call each(ent, arg) for every shown name of d until it returns non-zero
 * (returned); 0 after the last, -1 when the folder cannot be read. */
static int walk(struct img_dir *d, int (*each)(const struct hd_image_ent *, void *), void *arg,
                struct hd_src_error *e)
{
	TSK_FS_DIR *dir = T->fs_dir_open_meta(d->part->fs, d->inum);
	int rc = 0;

	if (dir == NULL) {
		(void)FAIL(e, "image_unreadable", EIO, "%s: cannot read the folder: %s", d->base.path, tsk_why());
		T->error_reset();
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < T->fs_dir_getsize(dir); i++) {
		const TSK_FS_NAME *nm = T->fs_dir_get_name(dir, i);
		TSK_FS_FILE *file;
		struct hd_image_ent ent;

		if (nm == NULL || !shown(d, nm))
			continue;
		file = T->fs_dir_get(dir, i);
		ent.name = nm->name;
		ent.addr = nm->meta_addr;
		ent.type = ent_type(nm, file, &ent.other);
		ent.size = ent.type == HD_SRC_FILE && file != NULL && file->meta != NULL && file->meta->size > 0
		               ? (uint64_t)file->meta->size : 0;
		T->fs_file_close(file);
		rc = each(&ent, arg);
	}
	T->fs_dir_close(dir);
	return rc < 0 ? FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", d->base.path) : rc;
}

static int img_list(struct hd_src_dir *base, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e)
{
	struct img_dir *d = (struct img_dir *)base;
	struct hd_image_list a = { NULL, 0, 0 };
	int rc = 0;

	if (d->part == NULL) {
		for (size_t i = 0; rc == 0 && i < d->sh->n_parts; i++) {
			struct hd_image_ent ent = { d->sh->parts[i].name, HD_SRC_DIR, 0, 0, NULL };

			rc = hd_image_list_add(&ent, &a);
		}
		if (rc < 0)
			rc = FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", base->path);
	} else {
		rc = walk(d, hd_image_list_add, &a, e);
	}
	if (rc < 0) {
		hd_src_entries_free(a.v, a.n);
		return -1;
	}
	*entries = a.v;
	*n = a.n;
	return 0;
}

/* name in d as type want: 1 with *addr, 0 absent (or another type), -1. */
static int find(struct img_dir *d, const char *name, enum hd_src_type want, uint64_t *addr,
                struct hd_src_error *e)
{
	struct hd_image_find f = { name, { NULL, HD_SRC_OTHER, 0, 0, NULL }, 0 };

	if (walk(d, hd_image_find_one, &f, e) < 0)
		return -1;
	if (!f.hit || f.found.type != want)
		return 0;
	*addr = f.found.addr;
	return 1;
}

static int img_subdir(struct hd_src_dir *base, const char *name, struct hd_src_dir **out, struct hd_src_error *e)
{
	struct img_dir *d = (struct img_dir *)base, *nd = NULL;
	struct img_part *part = d->part;
	TSK_INUM_T addr = 0;
	char *path = NULL, *fs_path = NULL;
	int rc;

	*out = NULL;
	if (part == NULL) {
		for (size_t i = 0; part == NULL && i < d->sh->n_parts; i++)
			if (strcmp(d->sh->parts[i].name, name) == 0)
				part = &d->sh->parts[i];
		if (part == NULL)
			return 0;
		addr = part->fs->root_inum;
		path = hd_image_join(base->path, "!/", name);
		fs_path = strdup("");
	} else {
		if ((rc = find(d, name, HD_SRC_DIR, &addr, e)) <= 0)
			return rc;
		path = hd_image_join(base->path, "/", name);
		fs_path = hd_image_join(d->fs_path, "/", name);
	}
	if (path != NULL && fs_path != NULL)
		nd = dir_new(d->sh, part, path, fs_path, d->part == NULL ? &part->prov : &base->prov, base->depth);
	free(path);
	free(fs_path);
	if (nd == NULL)
		return FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", base->path);
	nd->inum = addr;
	*out = &nd->base;
	return 1;
}

/* ---- a file: read whole into a sealed memfd ---- */

static int64_t ns(time_t s, uint32_t nano)
{
	return s == 0 ? 0 : (int64_t)s * 1000000000 + (int64_t)nano;
}

/* The file's own link (image_prov.c), from its metadata. */
static int file_link(struct hd_provenance *p, const struct img_dir *d, const char *name, const TSK_FS_FILE *f)
{
	const TSK_FS_META *m = f->meta;
	struct hd_image_file fi = {
		.kind = d->part->kind, .ntfs = TSK_FS_TYPE_ISNTFS(d->part->fs->ftype), .addr = (int64_t)m->addr,
		.size = m->size, .crtime = ns(m->crtime, m->crtime_nano), .mtime = ns(m->mtime, m->mtime_nano),
		.ctime = ns(m->ctime, m->ctime_nano), .atime = ns(m->atime, m->atime_nano),
	};
	int rc;

	if ((fi.path = hd_image_join(d->fs_path, "/", name)) == NULL)
		return -1;
	rc = hd_image_prov_file(p, &fi);
	free(fi.path);
	return rc;
}

/* The file's default data ($DATA on NTFS) into a new sealed memfd. */
static int read_to_memfd(TSK_FS_FILE *f, const char *path, struct hd_src_error *e)
{
	char *buf = malloc(READ_CHUNK);
	int fd = hd_sealfd_new("hivediag-image");
	TSK_OFF_T off = 0, size = f->meta->size;

	if (buf == NULL || fd < 0) {
		(void)FAIL(e, "image_unreadable", buf == NULL ? ENOMEM : errno, "%s: cannot hold the file: %s", path,
		     strerror(buf == NULL ? ENOMEM : errno));
		goto fail;
	}
	while (off < size) {
		size_t want = size - off < READ_CHUNK ? (size_t)(size - off) : READ_CHUNK;
		ssize_t n = T->fs_file_read(f, off, buf, want, TSK_FS_FILE_READ_FLAG_NONE);

		if (n <= 0) {
			(void)FAIL(e, "image_unreadable", EIO, "%s: cannot read at byte %lld: %s", path, (long long)off,
			     n < 0 ? tsk_why() : "no data");
			T->error_reset();
			goto fail;
		}
		if (hd_write_all(fd, buf, (size_t)n) < 0) {
			(void)FAIL(e, "image_unreadable", errno, "%s: cannot hold the file: %s", path, strerror(errno));
			goto fail;
		}
		off += n;
	}
	if (hd_sealfd_seal(fd) < 0) {
		(void)FAIL(e, "image_unreadable", errno, "%s: cannot seal the copy: %s", path, strerror(errno));
		goto fail;
	}
	free(buf);
	return fd;
fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	return -1;
}

static int img_open_file(struct hd_src_dir *base, const char *name, int *fd, struct hd_provenance *prov,
                         struct hd_src_error *e)
{
	struct img_dir *d = (struct img_dir *)base;
	TSK_FS_FILE *f = NULL;
	TSK_INUM_T addr;
	char *path = NULL;
	int rc;

	*fd = -1;
	if (d->part == NULL || (rc = find(d, name, HD_SRC_FILE, &addr, e)) == 0)
		return 0;   /* the top folder holds partitions only */
	if (rc < 0)
		return -1;
	rc = -1;
	if ((path = hd_image_join(base->path, "/", name)) == NULL) {
		(void)FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", base->path);
		goto out;
	}
	if ((f = T->fs_file_open_meta(d->part->fs, NULL, addr)) == NULL || f->meta == NULL) {
		(void)FAIL(e, "image_unreadable", EIO, "%s: cannot open: %s", path, tsk_why());
		T->error_reset();
		goto out;
	}
	if (f->meta->size < 0 || (uint64_t)f->meta->size > d->sh->lim.max_member_bytes) {
		(void)FAIL(e, "image_limit", EFBIG, "%s: %lld bytes, more than the %llu a file may hold", path,
		     (long long)f->meta->size, (unsigned long long)d->sh->lim.max_member_bytes);
		goto out;
	}
	if (prov != NULL && (hd_prov_copy(prov, &base->prov) < 0 || file_link(prov, d, name, f) < 0)) {
		hd_prov_clear(prov);
		(void)FAIL(e, "out_of_memory", ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if ((*fd = read_to_memfd(f, path, e)) < 0) {
		if (prov != NULL)
			hd_prov_clear(prov);
		goto out;
	}
	rc = 1;
out:
	T->fs_file_close(f);
	free(path);
	return rc;
}

static int img_dirfd(struct hd_src_dir *base)
{
	(void)base;
	return -1;
}

static void img_close(struct hd_src_dir *base)
{
	struct img_dir *d = (struct img_dir *)base;

	if (d == NULL)
		return;
	free(base->path);
	free(d->fs_path);
	hd_prov_clear(&base->prov);
	shared_unref(d->sh);
	free(d);
}

static const struct hd_src_ops img_ops = {
	.list = img_list,
	.subdir = img_subdir,
	.open_file = img_open_file,
	.dirfd = img_dirfd,
	.close = img_close,
};
