/* test_fdio.c - whole writes and reads on descriptors (util/fdio.c). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fdio.h"

TestSuite(fdio);

/* What is written in one call reads back whole, from any offset, and a read
 * past the end stops at the end of the file. */
Test(fdio, write_then_pread)
{
	char path[] = "/tmp/hd-fdio-XXXXXX", back[300];
	char data[256];
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	unlink(path);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)i;
	cr_assert_eq(hd_write_all(fd, data, sizeof data), 0);
	cr_expect_eq(hd_pread_full(fd, back, sizeof back, 0), 256, "stops at the end");
	cr_expect_eq(memcmp(back, data, sizeof data), 0);
	cr_expect_eq(hd_pread_full(fd, back, 16, 250), 6);
	cr_expect_eq(back[0], (char)250);
	cr_expect_eq(hd_pread_full(fd, back, 16, 4096), 0, "past the end: nothing");
	close(fd);
}

/* A pipe: every byte written is read back whole, even across several
 * writes; the writer gone before n bytes is EPIPE. */
Test(fdio, read_all_from_a_pipe)
{
	char back[8] = { 0 };
	int p[2];

	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(hd_write_all(p[1], "abc", 3), 0);
	cr_assert_eq(hd_write_all(p[1], "defgh", 5), 0);
	cr_expect_eq(hd_read_all(p[0], back, 8), 0);
	cr_expect_eq(memcmp(back, "abcdefgh", 8), 0);
	cr_assert_eq(hd_write_all(p[1], "xy", 2), 0);
	close(p[1]);
	errno = 0;
	cr_expect_eq(hd_read_all(p[0], back, 4), -1, "two bytes, then end of file");
	cr_expect_eq(errno, EPIPE);
	close(p[0]);
}

/* A closed descriptor is an error, with errno, for each. */
Test(fdio, bad_descriptor)
{
	char b[4] = { 0 };

	errno = 0;
	cr_expect_eq(hd_write_all(-1, b, sizeof b), -1);
	cr_expect_eq(errno, EBADF);
	errno = 0;
	cr_expect_eq(hd_pread_full(-1, b, sizeof b, 0), -1);
	cr_expect_eq(errno, EBADF);
	errno = 0;
	cr_expect_eq(hd_read_all(-1, b, sizeof b), -1);
	cr_expect_eq(errno, EBADF);
}

/* A temporary file is unlinked at once and close-on-exec; pwrite_all writes at its offset, not the file's. */
Test(fdio, tmpfile_and_pwrite_all)
{
	char buf[16] = "", link[64], target[4096];
	ssize_t n;
	int fd = hd_tmpfile("test");

	cr_assert_geq(fd, 0, "%s", strerror(errno));
	cr_expect_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof target - 1);
	cr_assert_gt(n, 0);
	target[n] = '\0';
	cr_expect_not_null(strstr(target, "hivediag-test-"), "%s", target);
	cr_expect_not_null(strstr(target, "(deleted)"), "%s: not unlinked", target);
	cr_assert_eq(hd_pwrite_all(fd, "world", 5, 6), 0);
	cr_assert_eq(hd_pwrite_all(fd, "hello ", 6, 0), 0);
	cr_expect_eq(lseek(fd, 0, SEEK_CUR), 0, "the file offset did not move");
	cr_assert_eq(hd_pread_full(fd, buf, sizeof buf - 1, 0), 11);
	cr_expect_str_eq(buf, "hello world");
	close(fd);
	cr_expect_eq(hd_pwrite_all(fd, "x", 1, 0), -1);
	cr_expect_eq(errno, EBADF);
}
