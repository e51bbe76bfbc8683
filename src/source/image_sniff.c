/*
 * image_sniff.c - is a file a disk image, from its content (issue 22: never
 * from its name), and the hash an E01 stores of its media.  Pure decoders
 * over bytes (and pread on a descriptor): no libtsk here, so each check is
 * testable on a buffer.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "source/image_internal.h"
#include "util/fdio.h"

#define SECTOR 512
#define MBR_TABLE 446
#define MBR_ENTRY 16

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static int has_55aa(const uint8_t *s, size_t n)
{
	return n >= SECTOR && s[510] == 0x55 && s[511] == 0xAA;
}

static int power_of_two(unsigned v) { return v != 0 && (v & (v - 1)) == 0; }

/* NTFS names itself at offset 3; a FAT BPB is recognised by its fields
 * (Microsoft's FAT specification, "BPB"): a jump, a sector size of 512 to
 * 4096, a power-of-two cluster, reserved sectors and one or two FATs. */
int hd_image_is_boot_sector(const uint8_t *s, size_t n)
{
	unsigned bps;

	if (!has_55aa(s, n))
		return 0;
	if (memcmp(s + 3, "NTFS    ", 8) == 0)
		return 1;
	if (!(s[0] == 0xEB && s[2] == 0x90) && s[0] != 0xE9)
		return 0;
	bps = le16(s + 11);
	return bps >= 512 && bps <= 4096 && power_of_two(bps) && power_of_two(s[13]) &&
	       le16(s + 14) >= 1 && (s[16] == 1 || s[16] == 2);
}

/* Every entry empty or plausible (status 0 or 0x80, a start and a length),
 * and at least one used. */
static int plausible_mbr(const uint8_t *s, size_t n)
{
	int used = 0;

	if (!has_55aa(s, n))
		return 0;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + MBR_TABLE + i * MBR_ENTRY;

		if (e[4] == 0)
			continue;
		if ((e[0] != 0x00 && e[0] != 0x80) || le32(e + 8) == 0 || le32(e + 12) == 0)
			return 0;
		used = 1;
	}
	return used;
}

static int vhd_footer(int fd, const uint8_t *head, size_t n)
{
	struct stat st;
	uint8_t foot[8];

	if (n >= 8 && memcmp(head, "conectix", 8) == 0)
		return 1;   /* a dynamic disk's copy of the footer */
	if (fstat(fd, &st) < 0 || st.st_size < SECTOR)
		return 0;
	return hd_pread_full(fd, foot, sizeof foot, st.st_size - SECTOR) == (ssize_t)sizeof foot &&
	       memcmp(foot, "conectix", 8) == 0;
}

enum hd_image_format hd_image_sniff(int fd, const uint8_t *head, size_t n)
{
	static const uint8_t evf[8] = { 'E', 'V', 'F', 0x09, 0x0D, 0x0A, 0xFF, 0x00 };
	static const char desc[] = "# Disk DescriptorFile";

	if (n >= sizeof evf && memcmp(head, evf, sizeof evf) == 0)
		return HD_IMAGE_EWF;
	if (n >= 4 && (memcmp(head, "KDMV", 4) == 0 || memcmp(head, "COWD", 4) == 0))
		return HD_IMAGE_VMDK;
	if (n >= sizeof desc - 1 && memcmp(head, desc, sizeof desc - 1) == 0)
		return HD_IMAGE_VMDK;
	/* Before the raw checks: a fixed VHD is raw sectors and a footer. */
	if (vhd_footer(fd, head, n))
		return HD_IMAGE_VHD;
	if (hd_image_is_boot_sector(head, n))
		return HD_IMAGE_RAW_FS;
	if (n >= 2 * SECTOR && has_55aa(head, n) && memcmp(head + SECTOR, "EFI PART", 8) == 0)
		return HD_IMAGE_RAW_GPT;
	if (plausible_mbr(head, n))
		return HD_IMAGE_RAW_MBR;
	return HD_IMAGE_NONE;
}

const char *hd_image_format_name(enum hd_image_format f)
{
	switch (f) {
	case HD_IMAGE_EWF: return "ewf";
	case HD_IMAGE_VHD: return "vhd";
	case HD_IMAGE_VMDK: return "vmdk";
	case HD_IMAGE_RAW_MBR:
	case HD_IMAGE_RAW_GPT:
	case HD_IMAGE_RAW_FS: return "raw";
	case HD_IMAGE_NONE: break;
	}
	return "none";
}

/* An EWF (E01) segment: a 13-byte file header, then a chain of sections,
 * each a 76-byte descriptor (type[16], next offset u64, size u64, 40 bytes
 * of padding, Adler-32) and its data; "done" or "next" ends the chain.
 * "hash" holds the MD5 of the media, "digest" (EnCase 6 on) MD5 and SHA-1. */
#define EWF_HEADER 13
#define EWF_DESC 76
#define EWF_MAX_SECTIONS 100000   /* a damaged chain cannot loop us */

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* One section's hash data into h; 0, or -1 (read error). */
static int ewf_take_hash(int fd, const char *type, uint64_t off, struct hd_ewf_hash *h)
{
	uint8_t d[36];
	size_t want = strcmp(type, "digest") == 0 ? 36 : 16;

	if (hd_pread_full(fd, d, want, (off_t)(off + EWF_DESC)) != (ssize_t)want)
		return -1;
	if (!all_zero(d, 16)) {
		memcpy(h->md5, d, 16);
		h->has_md5 = 1;
	}
	if (want == 36 && !all_zero(d + 16, 20)) {
		memcpy(h->sha1, d + 16, 20);
		h->has_sha1 = 1;
	}
	return 0;
}

int hd_ewf_stored_hash(int fd, struct hd_ewf_hash *h)
{
	struct stat st;
	uint64_t off = EWF_HEADER;

	memset(h, 0, sizeof *h);
	if (fstat(fd, &st) < 0)
		return -1;
	for (int i = 0; i < EWF_MAX_SECTIONS; i++) {
		uint8_t d[EWF_DESC];
		char type[17];
		uint64_t next;

		if (off + EWF_DESC > (uint64_t)st.st_size ||
		    hd_pread_full(fd, d, EWF_DESC, (off_t)off) != EWF_DESC)
			break;
		memcpy(type, d, 16);
		type[16] = '\0';
		if ((strcmp(type, "hash") == 0 || strcmp(type, "digest") == 0) && ewf_take_hash(fd, type, off, h) < 0)
			return -1;
		if (strcmp(type, "done") == 0 || strcmp(type, "next") == 0)
			return h->has_md5 || h->has_sha1;
		next = le64(d + 16);
		if (next <= off)
			break;
		off = next;
	}
	errno = EINVAL;
	return -1;
}
