/*
 * test_memimage.c - the sealed memfd image and --write-recovered saving.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "txlog/txlog.h"

/* The image reads back through /proc/self/fd/N and cannot be changed. */
Test(memimage, sealed_image_reads_back)
{
	uint8_t img[8192], back[8192];
	char path[64];
	int fd, rfd, wfd;

	for (size_t i = 0; i < sizeof img; i++)
		img[i] = (uint8_t)(i * 7);
	fd = hd_memimage_open(img, sizeof img, path, sizeof path);
	cr_assert_geq(fd, 0);
	cr_expect(strncmp(path, "/proc/self/fd/", 14) == 0);
	rfd = open(path, O_RDONLY);
	cr_assert_geq(rfd, 0);
	cr_expect_eq(read(rfd, back, sizeof back), (ssize_t)sizeof back);
	cr_expect_eq(memcmp(img, back, sizeof img), 0);
	close(rfd);
	wfd = open(path, O_WRONLY);
	if (wfd >= 0) {
		cr_expect_eq(write(wfd, "x", 1), -1, "a sealed image refuses writes");
		cr_expect_eq(errno, EPERM);
		close(wfd);
	}
	cr_expect_eq(ftruncate(fd, 10), -1, "and any change of size");
	close(fd);
}

/* A new file is written; an existing file and an input are refused. */
Test(memimage, save_refuses_existing_and_inputs)
{
	char dir[] = "/tmp/hd-memimage-XXXXXX", dest[64], input[64], cmd[96];
	const uint8_t img[] = "regf-recovered";
	const char *inputs[1];
	const char *why = NULL;
	FILE *f;
	char got[32] = { 0 };

	cr_assert_not_null(mkdtemp(dir));
	snprintf(dest, sizeof dest, "%s/rec.hive", dir);
	snprintf(input, sizeof input, "%s/SYSTEM", dir);
	f = fopen(input, "wb");
	cr_assert_not_null(f);
	fputs("evidence", f);
	fclose(f);
	inputs[0] = input;
	cr_assert_eq(hd_memimage_save(dest, img, sizeof img, inputs, 1, &why), 0);
	f = fopen(dest, "rb");
	cr_assert_not_null(f);
	cr_expect_eq(fread(got, 1, sizeof got, f), sizeof img);
	fclose(f);
	cr_expect_str_eq(got, (const char *)img);
	cr_expect_eq(hd_memimage_save(dest, img, sizeof img, inputs, 1, &why), -1);
	cr_expect_eq(errno, EEXIST);
	cr_expect_str_eq(why, "already exists");
	cr_expect_eq(hd_memimage_save(input, img, sizeof img, inputs, 1, &why), -1);
	cr_expect_str_eq(why, "is one of the input files");
	f = fopen(input, "rb");
	cr_assert_not_null(f);
	cr_expect_eq(fread(got, 1, 8, f), 8u);
	fclose(f);
	cr_expect_eq(memcmp(got, "evidence", 8), 0, "the input is untouched");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}
