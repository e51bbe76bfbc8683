/* test_image.c - the disk image backend: content sniffing and the E01
 * section walk over bytes made here, then a FAT16 + NTFS disk built at test
 * time from a sample hive (tests/cli/mkdisk.sh: mkfs.vfat and mtools,
 * mkntfs and an ntfs-3g mount) read through libtsk as raw, E01 (ewfacquire)
 * and a renamed E01: partitions, exact names, bytes, limits, provenance. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "skip_missing.h"
#include "source/image.h"
#include "source/image_internal.h"
#include "source/source.h"
#include "util/fdio.h"

/* ---- sniffing, on bytes ---- */

static int memfd_of(const uint8_t *b, size_t n)
{
	int fd = memfd_create("t", MFD_CLOEXEC);

	cr_assert_geq(fd, 0);
	cr_assert_eq(hd_write_all(fd, b, n), 0);
	return fd;
}

static enum hd_image_format sniff(const uint8_t *b, size_t n)
{
	int fd = memfd_of(b, n);
	enum hd_image_format f = hd_image_sniff(fd, b, n);

	close(fd);
	return f;
}

static void mbr_entry(uint8_t *s, int i, uint8_t status, uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *e = s + 446 + 16 * i;

	e[0] = status;
	e[4] = type;
	memcpy(e + 8, &start, 4);
	memcpy(e + 12, &count, 4);
	s[510] = 0x55;
	s[511] = 0xAA;
}

/* Each format from its own bytes. */
Test(image_sniff, formats_by_content)
{
	static uint8_t b[4096];

	memset(b, 0, sizeof b);
	memcpy(b, "EVF\x09\x0d\x0a\xff\x00\x01\x01\x00", 11);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_EWF);
	memset(b, 0, sizeof b);
	memcpy(b, "KDMV", 4);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_VMDK);
	memset(b, 0, sizeof b);
	memcpy(b, "# Disk DescriptorFile\nversion=1\n", 32);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_VMDK);
	memset(b, 0, sizeof b);
	memcpy(b + sizeof b - 512, "conectix", 8);   /* a fixed VHD: the footer only */
	mbr_entry(b, 0, 0x80, 0x07, 63, 1000);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_VHD, "the footer wins over the MBR of a fixed VHD");
	memset(b, 0, sizeof b);
	mbr_entry(b, 1, 0x00, 0x07, 2048, 8192);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_RAW_MBR);
	memcpy(b + 512, "EFI PART", 8);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_RAW_GPT);
	memset(b, 0, sizeof b);
	memcpy(b, "\xeb\x52\x90NTFS    ", 11);
	b[510] = 0x55, b[511] = 0xAA;
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_RAW_FS);
	memset(b, 0, sizeof b);
	memcpy(b, "\xeb\x3c\x90mkfs.fat\x00\x02\x04\x04\x00\x02", 17);   /* 512 B/sector, 4/cluster, 4 reserved, 2 FATs */
	b[510] = 0x55, b[511] = 0xAA;
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_RAW_FS);
}

/* What is not an image is not taken for one: a hive, 55 AA with nothing
 * sane around it, an entry with a bad status byte, an empty table. */
Test(image_sniff, not_images)
{
	static uint8_t b[4096];

	memset(b, 0, sizeof b);
	memcpy(b, "regf", 4);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_NONE);
	b[510] = 0x55, b[511] = 0xAA;
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_NONE, "55 AA and an empty table");
	mbr_entry(b, 0, 0x17, 0x07, 2048, 8192);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_NONE, "status byte 0x17");
	mbr_entry(b, 0, 0x80, 0x07, 0, 8192);
	cr_assert_eq(sniff(b, sizeof b), HD_IMAGE_NONE, "an entry starting at sector 0");
	cr_assert_eq(sniff(b, 100), HD_IMAGE_NONE, "too short for a sector");
	cr_assert_eq(hd_src_image_backend.sniff(-1, b, 100), 0);
}

/* ---- the E01 stored hash, on a section chain made here ---- */

static void section(uint8_t *b, size_t off, const char *type, uint64_t next)
{
	memcpy(b + off, type, strlen(type));
	memcpy(b + off + 16, &next, 8);
}

/* A header, a "digest" (MD5 and SHA-1), "done": both hashes read. */
Test(image_ewf, stored_hash_read)
{
	static uint8_t b[1024];
	struct hd_ewf_hash h;
	int fd;

	memset(b, 0, sizeof b);
	memcpy(b, "EVF\x09\x0d\x0a\xff\x00\x01\x01\x00\x00\x00", 13);
	section(b, 13, "volume", 200);
	section(b, 200, "digest", 400);
	memset(b + 276, 0xab, 16);
	memset(b + 292, 0xcd, 20);
	section(b, 400, "done", 400);
	fd = memfd_of(b, sizeof b);
	cr_assert_eq(hd_ewf_stored_hash(fd, &h), 1);
	cr_assert(h.has_md5 && h.has_sha1);
	cr_assert_eq(h.md5[0], 0xab);
	cr_assert_eq(h.sha1[19], 0xcd);
	close(fd);
}

/* No hash section: 0; a chain that runs backwards before its end: -1. */
Test(image_ewf, no_hash_and_damaged_chain)
{
	static uint8_t b[1024];
	struct hd_ewf_hash h;
	int fd;

	memset(b, 0, sizeof b);
	section(b, 13, "volume", 200);
	section(b, 200, "done", 200);
	fd = memfd_of(b, sizeof b);
	cr_assert_eq(hd_ewf_stored_hash(fd, &h), 0);
	close(fd);
	section(b, 200, "sectors", 100);
	fd = memfd_of(b, sizeof b);
	cr_assert_eq(hd_ewf_stored_hash(fd, &h), -1);
	cr_assert_eq(errno, EINVAL);
	close(fd);
}

/* ---- a disk built at test time ---- */

static char dir[] = "/tmp/hd-image-XXXXXX";
static char hive[4096];         /* the sample hive put on the disk */
static int has_ntfs;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert(n > 0 && (size_t)n < sizeof cmd);
	n = system(cmd);
	return WIFEXITED(n) ? WEXITSTATUS(n) : -1;
}

/* tree/: BOOT.INI and WINNT/System32/CONFIG/SYSTEM (a sample hive), then
 * disk.raw from it: partition 1 FAT16, partition 2 NTFS (when this machine
 * can mount it). */
static void make_disk(void)
{
	const char *samples = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	int rc;

	snprintf(hive, sizeof hive, "%s/healthy-nt4.hive", samples);
	if (access(hive, R_OK) != 0)
		HD_SKIP_MISSING("no sample hives (make)");
	if (sh("command -v mkfs.vfat mcopy mkntfs ntfs-3g >/dev/null") != 0)
		HD_SKIP_MISSING("dosfstools, mtools or ntfs-3g missing (make deps)");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(sh("mkdir -p '%s/tree/WINNT/System32/CONFIG' && printf '[boot loader]\\r\\n' >'%s/tree/BOOT.INI' && "
	                "cp '%s' '%s/tree/WINNT/System32/CONFIG/SYSTEM'", dir, dir, hive, dir), 0);
	rc = sh("sh tests/cli/mkdisk.sh '%s/tree' '%s/disk.raw' 2>/dev/null", dir, dir);
	cr_assert(rc == 0 || rc == 3, "mkdisk.sh: %d", rc);
	has_ntfs = rc == 0;
}

static void teardown(void)
{
	if (strchr(dir, 'X') == NULL && sh("rm -rf '%s'", dir) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strcpy(dir, "/tmp/hd-image-XXXXXX");
}

TestSuite(image, .init = make_disk, .fini = teardown);

static struct hd_src_dir *open_image(const char *name, struct hd_src_limits *lim)
{
	struct hd_src_limits def;
	struct hd_src_dir *d = NULL;
	struct hd_src_error e = { 0 };
	char path[4200];
	enum hd_src_kind kind;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_geq(fd = open(path, O_RDONLY | O_CLOEXEC), 0);
	cr_assert_eq(hd_src_sniff(fd, &kind), &hd_src_image_backend, "%s is an image", name);
	cr_assert_eq(kind, HD_KIND_IMAGE);
	hd_src_limits_default(&def);
	cr_assert_eq(hd_src_image_backend.open_dir(fd, path, NULL, lim ? lim : &def, 0, &d, &e), 0, "%s: %s", name,
	             e.message ? e.message : "?");
	close(fd);   /* borrowed: the folder keeps its own */
	return d;
}

/* name under the folder, by exact spelling: the folder, or NULL. */
static struct hd_src_dir *down(struct hd_src_dir *d, const char *name)
{
	struct hd_src_dir *s = NULL;

	cr_assert_eq(hd_src_subdir(d, name, &s, NULL), 1, "%s in %s", name, hd_src_path(d));
	return s;
}

static const struct hd_prov_field *field(const struct hd_prov_link *l, const char *key)
{
	for (size_t i = 0; i < l->n_fields; i++)
		if (strcmp(l->fields[i].key, key) == 0)
			return &l->fields[i];
	return NULL;
}

/* The bytes read from the image are the hive's, byte for byte. */
static void same_bytes(int fd, const char *path)
{
	static uint8_t a[1 << 17], b[1 << 17];
	int ref = open(path, O_RDONLY);
	ssize_t na = hd_pread_full(fd, a, sizeof a, 0), nb = hd_pread_full(ref, b, sizeof b, 0);

	close(ref);
	cr_assert(na > 0 && na == nb && memcmp(a, b, (size_t)na) == 0, "%zd vs %zd bytes", na, nb);
}

/* p1 (FAT16) and p2 (NTFS) are the folder's children; SYSTEM on each is
 * the sample's bytes, with its chain image > partition > file system. */
Test(image, raw_partitions_files_and_provenance)
{
	struct hd_src_dir *img = open_image("disk.raw", NULL), *p, *w, *s, *c;
	struct hd_src_entry *v;
	struct hd_provenance prov = { .n_links = 0 };
	size_t n;
	int fd;

	cr_assert_eq(hd_src_list(img, &v, &n, NULL), 0);
	cr_assert_eq(n, has_ntfs ? 2u : 1u);
	cr_assert_str_eq(v[0].name, "p1");
	cr_assert_eq(v[0].type, HD_SRC_DIR);
	hd_src_entries_free(v, n);
	cr_assert_eq(hd_src_open_file(img, "p1", &fd, &prov, NULL), 0, "the top folder holds no file");
	for (int part = 1; part <= (has_ntfs ? 2 : 1); part++) {
		const char *fs = part == 1 ? "fat" : "ntfs";

		p = down(img, part == 1 ? "p1" : "p2");
		cr_assert_eq(hd_src_dirfd(p), -1);
		w = down(p, "WINNT"), s = down(w, "System32"), c = down(s, "CONFIG");
		cr_assert_str_eq(hd_src_path(c) + strlen(dir), part == 1 ? "/disk.raw!/p1/WINNT/System32/CONFIG"
		                                                          : "/disk.raw!/p2/WINNT/System32/CONFIG");
		cr_assert_eq(hd_src_open_file(c, "SYSTEM", &fd, &prov, NULL), 1, "%s", fs);
		same_bytes(fd, hive);
		cr_assert_eq(prov.n_links, 3u);
		cr_assert_str_eq(prov.links[0].kind, "image");
		cr_assert_str_eq(field(&prov.links[0], "format")->text, "raw");
		cr_assert_str_eq(prov.links[1].kind, "partition");
		cr_assert_eq(field(&prov.links[1], "number")->num, part);
		cr_assert_eq(field(&prov.links[1], "offset")->num, part == 1 ? 1048576 : 5242880);
		cr_assert_str_eq(prov.links[2].kind, fs);
		cr_assert_str_eq(field(&prov.links[2], "path")->text, "/WINNT/System32/CONFIG/SYSTEM");
		cr_assert_not_null(field(&prov.links[2], part == 1 ? "dir_entry" : "mft_entry"));
		cr_assert_not_null(field(&prov.links[2], "mtime"));
		cr_assert_eq(field(&prov.links[2], "mtime")->type, HD_PROV_TIME);
		if (part == 1)
			cr_assert_null(field(&prov.links[2], "ctime"), "FAT keeps no change time: none invented");
		/* The memfd is sealed: nothing can change the evidence read. */
		cr_assert_eq(write(fd, "x", 1), -1);
		close(fd);
		hd_prov_clear(&prov);
		hd_src_close(c), hd_src_close(s), hd_src_close(w), hd_src_close(p);
	}
	hd_src_close(img);
	if (!has_ntfs)
		HD_SKIP_MISSING("ntfs-3g cannot mount here: the NTFS partition was not checked");
}

/* Names are exact (the volume scan matches case itself); a folder is not
 * a file, a file not a folder; absent is 0, not an error; NTFS's own
 * files and FAT's volume label are not listed. */
Test(image, exact_names_and_hidden_entries)
{
	struct hd_src_dir *img = open_image("disk.raw", NULL), *p, *s = NULL;
	struct hd_provenance prov = { .n_links = 0 };
	struct hd_src_entry *v;
	size_t n;
	int fd;

	for (int part = 1; part <= (has_ntfs ? 2 : 1); part++) {
		p = down(img, part == 1 ? "p1" : "p2");
		cr_assert_eq(hd_src_subdir(p, "winnt", &s, NULL), 0);
		cr_assert_eq(hd_src_subdir(p, "BOOT.INI", &s, NULL), 0);
		cr_assert_eq(hd_src_open_file(p, "WINNT", &fd, &prov, NULL), 0);
		cr_assert_eq(hd_src_open_file(p, "boot.ini", &fd, &prov, NULL), 0);
		cr_assert_eq(hd_src_open_file(p, "BOOT.INI", &fd, &prov, NULL), 1);
		close(fd);
		hd_prov_clear(&prov);
		/* Without a chain (the volume scan reading BOOT.INI): the bytes only
		 * (before: hd_prov_copy(NULL) crashed the worker). */
		cr_assert_eq(hd_src_open_file(p, "BOOT.INI", &fd, NULL, NULL), 1);
		close(fd);
		cr_assert_eq(hd_src_list(p, &v, &n, NULL), 0);
		cr_assert_eq(n, 2u, "BOOT.INI and WINNT only, not $MFT or the volume label");
		for (size_t i = 0; i < n; i++)
			cr_assert(strcmp(v[i].name, "BOOT.INI") == 0 ? v[i].type == HD_SRC_FILE && v[i].size == 15
			                                             : strcmp(v[i].name, "WINNT") == 0 && v[i].type == HD_SRC_DIR,
			          "%s", v[i].name);
		hd_src_entries_free(v, n);
		hd_src_close(p);
	}
	cr_assert_eq(hd_src_subdir(img, "p9", &s, NULL), 0);
	hd_src_close(img);
}

/* A file larger than max_member_bytes is a clear error, nothing read. */
Test(image, member_limit)
{
	struct hd_src_limits lim;
	struct hd_src_dir *img, *p, *c;
	struct hd_src_error e = { 0 };
	struct hd_provenance prov = { .n_links = 0 };
	int fd = -1;

	hd_src_limits_default(&lim);
	lim.max_member_bytes = 4096;
	img = open_image("disk.raw", &lim);
	p = down(img, "p1");
	c = down(p, "WINNT");
	hd_src_close(p);
	p = down(c, "System32");
	hd_src_close(c);
	c = down(p, "CONFIG");
	cr_assert_eq(hd_src_open_file(c, "SYSTEM", &fd, &prov, &e), -1);
	cr_assert_str_eq(e.code, "image_limit");
	cr_assert_not_null(strstr(e.message, "45056 bytes"), "%s", e.message);
	cr_assert_eq(fd, -1);
	hd_src_error_clear(&e);
	hd_src_close(c), hd_src_close(p), hd_src_close(img);
}

/* An E01 of the disk (ewfacquire): the same files, and the MD5 the E01
 * stores is the raw disk's; renamed .bin, libewf would refuse the name,
 * and it still opens. */
Test(image, e01_stored_hash_and_renamed)
{
	struct hd_src_dir *img, *p;
	const struct hd_prov_field *md5;
	char want[40] = "";
	FILE *f;

	if (sh("command -v ewfacquire >/dev/null") != 0)
		HD_SKIP_MISSING("ewfacquire missing (ewf-tools; make deps)");
	cr_assert_eq(sh("cd '%s' && ewfacquire -u -q -t disk -c fast -d sha1 disk.raw >/dev/null 2>&1 && "
	                "cp disk.E01 evidence.bin && md5sum <disk.raw >md5", dir), 0);
	snprintf(hive, sizeof hive, "%s/md5", dir);
	cr_assert_not_null(f = fopen(hive, "r"));
	cr_assert_eq(fscanf(f, "%32s", want), 1);
	fclose(f);
	for (int i = 0; i < 2; i++) {
		img = open_image(i == 0 ? "disk.E01" : "evidence.bin", NULL);
		cr_assert_str_eq(field(&img->prov.links[0], "format")->text, "ewf");
		cr_assert_not_null(md5 = field(&img->prov.links[0], "md5_stored"));
		cr_assert_str_eq(md5->text, want);
		cr_assert_not_null(field(&img->prov.links[0], "sha1_stored"));
		p = down(img, "p1");
		hd_src_close(p);
		hd_src_close(img);
	}
}

/* A disk with a table but no file system libtsk opens: an error that says
 * so; the first segment alone of a split image likewise. */
Test(image, no_file_system)
{
	struct hd_src_dir *d = NULL;
	struct hd_src_limits lim;
	struct hd_src_error e = { 0 };
	char path[4200];
	int fd;

	cr_assert_eq(sh("cd '%s' && head -c 1048576 disk.raw >table.raw && truncate -s 8M table.raw", dir), 0);
	snprintf(path, sizeof path, "%s/table.raw", dir);
	cr_assert_geq(fd = open(path, O_RDONLY), 0);
	hd_src_limits_default(&lim);
	cr_assert_eq(hd_src_image_backend.open_dir(fd, path, NULL, &lim, 0, &d, &e), -1);
	cr_assert_str_eq(e.code, "image_no_filesystem");
	cr_assert_not_null(strstr(e.message, "no partition holds an NTFS or FAT file system"), "%s", e.message);
	cr_assert_null(d);
	hd_src_error_clear(&e);
	close(fd);
}

/* A bare FAT file system (no partition table) is the one folder p0. */
Test(image, bare_file_system_is_p0)
{
	struct hd_src_dir *img, *p;

	cr_assert_eq(sh("cd '%s' && dd if=disk.raw of=fat.raw bs=1M skip=1 count=4 status=none", dir), 0);
	img = open_image("fat.raw", NULL);
	p = down(img, "p0");
	cr_assert_str_eq(field(&p->prov.links[1], "description")->text, "no partition table: the whole image");
	hd_src_close(p);
	hd_src_close(img);
}
