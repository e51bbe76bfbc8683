/* test_fileinfo.c - size, SHA-256 and base block of a file, the hash on its own thread. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"

static char path[64];

static void make_file(const void *data, size_t len)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/hd-fileinfo-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void cleanup(void)
{
	if (path[0])
		unlink(path);
	path[0] = '\0';
}

TestSuite(fileinfo, .fini = cleanup);

/* The digest is SHA-256 of the bytes (FIPS 180-2 test vector "abc"); not a hive. */
Test(fileinfo, sha256_of_small_file)
{
	struct hd_fileinfo fi;
	const char *code = NULL;
	char *msg = NULL;

	make_file("abc", 3);
	cr_assert_eq(hd_fileinfo_read(path, 0, &fi, &code, &msg), 0, "%s", msg ? msg : "");
	cr_assert_str_eq(fi.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert_eq(fi.size, 3);
	cr_assert_not(fi.have_header);
	cr_assert_eq(fi.header.magic, HD_MAGIC_UNKNOWN);
}

/* A file larger than one read chunk hashes the same through open/start/finish. */
Test(fileinfo, threaded_hash_of_large_file)
{
	size_t len = 3u << 20;
	unsigned char *buf = calloc(1, len);
	struct hd_fileinfo a, b;
	struct hd_snapshot snap;
	const char *code = NULL;
	char *msg = NULL;

	cr_assert_not_null(buf);
	memcpy(buf, "regf", 4);
	make_file(buf, len);
	free(buf);
	cr_assert_eq(hd_fileinfo_read(path, 0, &a, &code, &msg), 0);
	cr_assert_eq(hd_snapshot_open(path, 0, &b, &snap, &code, &msg), 0);
	cr_assert_eq(b.header.magic, HD_MAGIC_REGF);
	cr_assert_eq(hd_fileinfo_hash_finish(hd_fileinfo_hash_start(dup(snap.fd)), &b, &code, &msg), 0);
	cr_assert_eq(hd_snapshot_changed(&snap), 0);
	hd_snapshot_close(&snap);
	cr_assert_str_eq(a.sha256, b.sha256);
	cr_assert_eq(b.size, len);
}

/* Through a mapping: the same digest as pread's ("abc": FIPS 180-2) and on a file larger than a chunk. */
Test(fileinfo, mapped_hash_equals_read_hash)
{
	size_t len = (9u << 20) + 17;
	unsigned char *buf = malloc(len);
	struct hd_fileinfo a, b;
	struct hd_snapshot snap;
	const char *code = NULL;
	char *msg = NULL;

	make_file("abc", 3);
	cr_assert_eq(hd_snapshot_open(path, 0, &b, &snap, &code, &msg), 0);
	cr_assert_eq(hd_fileinfo_hash_finish(hd_fileinfo_hash_mapped(dup(snap.fd), b.size), &b, &code, &msg), 0);
	hd_snapshot_close(&snap);
	cr_assert_str_eq(b.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cleanup();
	cr_assert_not_null(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 24);
	make_file(buf, len);
	free(buf);
	cr_assert_eq(hd_fileinfo_read(path, 0, &a, &code, &msg), 0);
	cr_assert_eq(hd_snapshot_open(path, 0, &b, &snap, &code, &msg), 0);
	cr_assert_eq(hd_fileinfo_hash_finish(hd_fileinfo_hash_mapped(dup(snap.fd), b.size), &b, &code, &msg), 0);
	hd_snapshot_close(&snap);
	cr_assert_str_eq(a.sha256, b.sha256);
}

/* An empty file cannot be mapped: it is read instead (SHA-256 of nothing). */
Test(fileinfo, mapped_hash_of_empty_file)
{
	struct hd_fileinfo fi;
	struct hd_snapshot snap;
	const char *code = NULL;
	char *msg = NULL;

	make_file("", 0);
	cr_assert_eq(hd_snapshot_open(path, 0, &fi, &snap, &code, &msg), 0);
	cr_assert_eq(hd_fileinfo_hash_finish(hd_fileinfo_hash_mapped(dup(snap.fd), fi.size), &fi, &code, &msg), 0);
	hd_snapshot_close(&snap);
	cr_assert_str_eq(fi.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* A FIFO is refused at once (non-blocking open, fstat before any read). */
Test(fileinfo, refuses_fifo_without_blocking)
{
	struct hd_fileinfo fi;
	const char *code = NULL;
	char *msg = NULL;
	char dir[] = "/tmp/hd-fifo-XXXXXX", fifo[64];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/f", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(hd_fileinfo_read(fifo, 0, &fi, &code, &msg), -1);
	cr_assert_str_eq(code, HD_ERR_NOT_FILE);
	cr_assert(strstr(msg, "FIFO") != NULL);
	unlink(fifo);
	rmdir(dir);
	free(msg);
}

/* A write to the file after the open is seen by hd_snapshot_changed. */
Test(fileinfo, snapshot_sees_a_change)
{
	unsigned char buf[8192] = "regf";
	struct hd_fileinfo fi;
	struct hd_snapshot snap;
	const char *code = NULL;
	char *msg = NULL;
	int fd;

	make_file(buf, sizeof buf);
	cr_assert_eq(hd_snapshot_open(path, 0, &fi, &snap, &code, &msg), 0);
	cr_assert_eq(hd_snapshot_changed(&snap), 0);
	fd = open(path, O_WRONLY | O_APPEND);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "x", 1), 1);
	close(fd);
	cr_assert_eq(hd_snapshot_changed(&snap), 1);
	hd_snapshot_close(&snap);
}

/* A directory and a missing file are refused with their codes and a message. */
Test(fileinfo, refuses_non_files)
{
	struct hd_fileinfo fi;
	const char *code = NULL;
	char *msg = NULL;

	cr_assert_eq(hd_fileinfo_read("/", 0, &fi, &code, &msg), -1);
	cr_assert_str_eq(code, HD_ERR_NOT_FILE);
	cr_assert(strstr(msg, "directory") != NULL);
	free(msg);
	msg = NULL;
	cr_assert_eq(hd_fileinfo_read("/nonexistent/x", 0, &fi, &code, &msg), -1);
	cr_assert_str_eq(code, HD_ERR_OPEN);
	free(msg);
}

/* A hive found by a -r walk (no_follow) that is a symbolic link, even one
 * swapped in after the walk saw a file, is refused and never read; a link
 * the user named is followed. */
Test(fileinfo, no_follow_refuses_a_symbolic_link)
{
	unsigned char buf[4096] = "regf";
	struct hd_fileinfo fi;
	struct hd_snapshot snap;
	const char *code = NULL;
	char *msg = NULL, link[80];

	make_file(buf, sizeof buf);
	snprintf(link, sizeof link, "%s.lnk", path);
	cr_assert_eq(symlink(path, link), 0);
	cr_expect_eq(hd_snapshot_open(link, 1, &fi, &snap, &code, &msg), -1);
	cr_expect_str_eq(code, HD_ERR_NOT_FILE);
	cr_expect(msg != NULL && strstr(msg, "symbolic link") != NULL, "%s", msg ? msg : "(null)");
	cr_expect_eq(fi.have_size, 0, "nothing was read through the link");
	free(msg);
	msg = NULL;
	cr_expect_eq(hd_fileinfo_read(link, 1, &fi, &code, &msg), -1);
	free(msg);
	msg = NULL;
	cr_expect_eq(hd_fileinfo_read(link, 0, &fi, &code, &msg), 0, "named by the user: followed");
	cr_expect_eq(fi.size, sizeof buf);
	free(msg);
	unlink(link);
}
