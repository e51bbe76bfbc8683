/* test_expand.c - decompression of repair copies with libmspack, over files
 * made at test time: SZDD by Debian's mscompress, cabinets by gcab, KWAJ
 * (no Debian tool writes it) built by hand, stored. */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/expand.h"

#define DATA_LEN 300000u

static char dir[] = "/tmp/hd-expand-XXXXXX";

/* Bytes that compress well but not trivially: a hive is runs and records. */
static void fill(uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i % 4096) < 32 ? i * 7 : (i / 512) & 0x3f);
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(buf, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static void need_tool(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	if (system(cmd) != 0)
		HD_SKIP_MISSING("%s is not installed (make deps installs it)", tool);
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* Expand path (format from its magic); returns what hd_expand_fd returned. */
static int expand_path(const char *path, struct hd_expanded *x, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int fmt, rc, saved;

	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	fmt = hd_expand_sniff(fd);
	rc = hd_expand_fd(fd, (enum hd_packed)fmt, x, why);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strcpy(dir, "/tmp/hd-expand-XXXXXX");
}

TestSuite(expand, .init = setup, .fini = teardown);

/* The magic decides, and only the full eight bytes of it. */
Test(expand, detects_by_magic)
{
	static const uint8_t szdd[] = "SZDD\x88\xf0\x27\x33rest";
	static const uint8_t kwaj[] = "KWAJ\x88\xf0\x27\xd1rest";
	static const uint8_t cab[] = "MSCF\0\0\0\0rest";
	static const uint8_t regf[] = "regf\1\0\0\0\1\0\0\0";
	static const uint8_t near[] = "SZDD\x88\xf0\x27\x34rest";

	cr_assert_eq(hd_expand_detect(szdd, sizeof szdd), HD_PACKED_SZDD);
	cr_assert_eq(hd_expand_detect(kwaj, sizeof kwaj), HD_PACKED_KWAJ);
	cr_assert_eq(hd_expand_detect(cab, sizeof cab), HD_PACKED_CAB);
	cr_assert_eq(hd_expand_detect(regf, sizeof regf), HD_PACKED_NONE);
	cr_assert_eq(hd_expand_detect(near, sizeof near), HD_PACKED_NONE);
	cr_assert_eq(hd_expand_detect(szdd, 7), HD_PACKED_NONE);
	cr_assert_str_eq(hd_expand_format_name(HD_PACKED_CAB), "cabinet");
	cr_assert_null(hd_expand_format_name(HD_PACKED_NONE));
}

/* An SZDD file from mscompress (COMPRESS.EXE's format) expands to the original bytes. */
Test(expand, szdd_round_trip)
{
	static uint8_t data[DATA_LEN];
	char path[256];
	struct hd_expanded x;

	need_tool("mscompress");
	fill(data, sizeof data);
	snprintf(path, sizeof path, "%s/system", dir);
	write_file(path, data, sizeof data);
	run("cd '%s' && mscompress %s", dir, "system");
	snprintf(path, sizeof path, "%s/system_", dir);
	cr_assert_eq(expand_path(path, &x, NULL), 0, "%s", strerror(errno));
	cr_assert_eq(x.len, sizeof data);
	cr_assert_eq(memcmp(x.data, data, x.len), 0);
	hd_expanded_release(&x, 0);
}

/* A one-file cabinet from gcab, stored and MSZIP-compressed, expands to the original bytes. */
Test(expand, cabinet_round_trip)
{
	static uint8_t data[DATA_LEN];
	static const char *const modes[] = { "", "-z" };
	char path[256];

	need_tool("gcab");
	fill(data, sizeof data);
	snprintf(path, sizeof path, "%s/system", dir);
	write_file(path, data, sizeof data);
	for (size_t m = 0; m < 2; m++) {
		struct hd_expanded x;

		run("cd '%s' && rm -f s.cab && gcab -c -n %s s.cab system", dir, modes[m]);
		snprintf(path, sizeof path, "%s/s.cab", dir);
		cr_assert_eq(expand_path(path, &x, NULL), 0, "%s", strerror(errno));
		cr_assert_eq(x.len, sizeof data);
		cr_assert_eq(memcmp(x.data, data, x.len), 0);
		hd_expanded_release(&x, 0);
	}
}

/* A cabinet of two files is refused: which one is the hive is not guessed. */
Test(expand, cabinet_of_two_files_refused)
{
	static const uint8_t data[] = "two files";
	char path[256];
	struct hd_expanded x;
	const char *why = NULL;

	need_tool("gcab");
	snprintf(path, sizeof path, "%s/system", dir);
	write_file(path, data, sizeof data);
	snprintf(path, sizeof path, "%s/software", dir);
	write_file(path, data, sizeof data);
	run("cd '%s' && gcab -c -n s.cab system %s", dir, "software");
	snprintf(path, sizeof path, "%s/s.cab", dir);
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_not_null(strstr(why, "several files"), "%s", why);
	cr_assert_null(x.data);
	cr_assert_eq(x.fd, -1);
}

/* A truncated SZDD file fails with a reason, never a short image. */
Test(expand, truncated_szdd_refused)
{
	static uint8_t data[DATA_LEN];
	char path[256];
	struct hd_expanded x;
	const char *why = NULL;

	need_tool("mscompress");
	fill(data, sizeof data);
	snprintf(path, sizeof path, "%s/system", dir);
	write_file(path, data, sizeof data);
	run("cd '%s' && mscompress %s && truncate -s 2000 system_", dir, "system");
	snprintf(path, sizeof path, "%s/system_", dir);
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	cr_assert_not_null(why);
	cr_assert_null(x.data);
	cr_assert_eq(x.fd, -1);
}

/* KWAJ header: signature, method, data offset, flags; flag 1 adds a length. */
static size_t make_kwaj(uint8_t *buf, uint32_t declared, const uint8_t *data, size_t len)
{
	static const uint8_t sig[8] = { 'K', 'W', 'A', 'J', 0x88, 0xf0, 0x27, 0xd1 };

	memcpy(buf, sig, 8);
	buf[8] = 0; buf[9] = 0;                   /* MSKWAJ_COMP_NONE: stored */
	buf[10] = 18; buf[11] = 0;                /* data at offset 18 */
	buf[12] = 1; buf[13] = 0;                 /* MSKWAJ_HDR_HASLENGTH */
	for (int i = 0; i < 4; i++)
		buf[14 + i] = (uint8_t)(declared >> (8 * i));
	memcpy(buf + 18, data, len);
	return 18 + len;
}

/* A stored KWAJ file expands to its data. */
Test(expand, kwaj_stored)
{
	static const uint8_t data[] = "regf and the rest of a hive";
	uint8_t buf[64];
	char path[256];
	struct hd_expanded x;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, buf, make_kwaj(buf, sizeof data, data, sizeof data));
	cr_assert_eq(expand_path(path, &x, NULL), 0, "%s", strerror(errno));
	cr_assert_eq(x.len, sizeof data);
	cr_assert_eq(memcmp(x.data, data, x.len), 0);
	hd_expanded_release(&x, 0);
}

/* A header that declares more than HD_EXPAND_MAX_IMAGE is refused before any work. */
Test(expand, bomb_refused_by_declared_length)
{
	static const uint8_t data[] = "x";
	uint8_t buf[64];
	char path[256];
	struct hd_expanded x;
	const char *why = NULL;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, buf, make_kwaj(buf, HD_EXPAND_MAX_IMAGE + 1u, data, sizeof data));
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_eq(errno, EFBIG);
	cr_assert_not_null(strstr(why, "512 MiB"), "%s", why);
	cr_assert_null(x.data);
	cr_assert_eq(x.fd, -1);
}

/* The name means nothing: a plain file called system._ is not expanded. */
Test(expand, name_alone_is_not_a_format)
{
	static const uint8_t data[] = "regf\0\0\0\0 not compressed";
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, data, sizeof data);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(hd_expand_sniff(fd), HD_PACKED_NONE);
	close(fd);
}

/*
 * Issue 26, item 1: a KWAJ file of 8-13 bytes, its signature and less than
 * the rest of its 14-byte header.  libmspack's kwajd_open then frees the
 * header's filename and extra pointers, which it sets only after reading
 * all 14 bytes: with memory an earlier allocation left dirty (here made so
 * on purpose, as an earlier hive leaves it in a worker) that was a double
 * free or SIGSEGV.  Now refused before libmspack sees it, with a reason.
 */
Test(expand, kwaj_header_cut_short_refused)
{
	static const uint8_t head[14] = { 'K', 'W', 'A', 'J', 0x88, 0xf0, 0x27, 0xd1, 4, 0, 14, 0, 0, 0 };
	char path[256];

	snprintf(path, sizeof path, "%s/system._", dir);
	for (size_t n = 8; n < sizeof head; n++) {
		struct hd_expanded x;
		const char *why = NULL;

		/* Leave freed blocks of the header's size full of non-zero bytes. */
		for (size_t size = 32; size <= 128; size += 8) {
			void *dirty = malloc(size);
			cr_assert_not_null(dirty);
			memset(dirty, 0xa5, size);
			free(dirty);
		}
		write_file(path, head, n);
		cr_assert_eq(expand_path(path, &x, &why), -1, "%zu bytes", n);
		cr_assert_eq(errno, EINVAL);
		cr_assert_not_null(why);
		cr_assert_not_null(strstr(why, "shorter than a KWAJ header"), "%zu bytes: %s", n, why);
		cr_assert_null(x.data);
	}
}

/* SZDD and cabinet files shorter than their fixed headers: refused alike. */
Test(expand, szdd_and_cabinet_headers_cut_short_refused)
{
	static const uint8_t szdd[] = { 'S', 'Z', 'D', 'D', 0x88, 0xf0, 0x27, 0x33, 'A', 0, 1, 0, 0 };
	static const uint8_t cab[35] = { 'M', 'S', 'C', 'F' };
	char path[256];
	struct hd_expanded x;
	const char *why = NULL;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, szdd, sizeof szdd);
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_not_null(strstr(why, "shorter than an SZDD header"), "%s", why);
	write_file(path, cab, sizeof cab);
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_not_null(strstr(why, "shorter than a cabinet header"), "%s", why);
}

/*
 * Issue 26, item 7: a 20-byte KWAJ MSZIP stream whose one block inflates to
 * nothing.  libmspack writes that empty block; x_write computed NULL + 0
 * and called memcpy(NULL, ..., 0), undefined behaviour that `make
 * SANITIZE=1 unit` (UBSan) stops at.  It expands to an empty image.
 */
Test(expand, kwaj_mszip_empty_block)
{
	static const uint8_t kwaj[20] = {
		'K', 'W', 'A', 'J', 0x88, 0xf0, 0x27, 0xd1,
		4, 0,           /* MSKWAJ_COMP_MSZIP */
		14, 0, 0, 0,    /* data at 14, no optional header fields */
		4, 0, 'C', 'K', /* a 4-byte block: "CK" and ... */
		0x03, 0x00,     /* ... a final fixed-Huffman deflate block holding only its end */
	};
	char path[256];
	struct hd_expanded x;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, kwaj, sizeof kwaj);
	cr_assert_eq(expand_path(path, &x, NULL), 0, "%s", strerror(errno));
	cr_assert_eq(x.len, 0);
	cr_assert_null(x.data);
	cr_assert_eq(x.fd, -1);
}

/*
 * Issue 26, "Also": the image is held once, in a sealed memfd that hivex
 * then reads, not in a buffer copied into a memfd (two copies: 1,024 MiB at
 * the peak for a 512 MiB image).  The memfd is the image, sealed against
 * any change.
 */
Test(expand, image_is_one_sealed_memfd)
{
	static uint8_t data[DATA_LEN];
	uint8_t buf[64 + 300];
	char path[256], link[64], target[256];
	struct hd_expanded x;
	struct stat st;
	ssize_t n;
	int seals;

	fill(data, sizeof data);
	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, buf, make_kwaj(buf, 300, data, 300));
	cr_assert_eq(expand_path(path, &x, NULL), 0, "%s", strerror(errno));
	cr_assert_geq(x.fd, 0);
	snprintf(link, sizeof link, "/proc/self/fd/%d", x.fd);
	n = readlink(link, target, sizeof target - 1);
	cr_assert_gt(n, 0);
	target[n] = '\0';
	cr_assert_eq(strncmp(target, "/memfd:", 7), 0, "%s", target);
	cr_assert_eq(fstat(x.fd, &st), 0);
	cr_assert_eq((size_t)st.st_size, x.len);
	seals = fcntl(x.fd, F_GET_SEALS);
	cr_assert_eq(seals & (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW), F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW);
	cr_assert_eq(memcmp(x.data, data, 300), 0);
	hd_expanded_release(&x, 0);
	cr_assert_null(x.data);
}

/* A cabinet whose folder declares Quantum with a 2^31 window (found by
 * fuzz_expand): refused before libmspack 0.11's qtmd_init shifts 1 by 31,
 * undefined behaviour (UBSan, libmspack built with it). */
Test(expand, cabinet_quantum_window_out_of_range_refused)
{
	static const uint8_t cab[] = {
		0x4d, 0x53, 0x43, 0x46, 0x00, 0x00, 0x00, 0x00, 0x96, 0x0d, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x2c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
		0xa9, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, 0x50, 0x53, 0x47, 0x46, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x02, 0xff, 0xe8, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x86, 0x5d, 0x75, 0x7d, 0xaa, 0x7d,
		0x6e, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x7d, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0xa9, 0x67, 0x65, 0x37, 0xfd, 0xdf, 0xd1, 0x7f, 0x01
	};
	char path[256];
	struct hd_expanded x;
	const char *why = NULL;

	snprintf(path, sizeof path, "%s/system._", dir);
	write_file(path, cab, sizeof cab);
	cr_assert_eq(expand_path(path, &x, &why), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_not_null(strstr(why, "Quantum window"), "%s", why);
}
