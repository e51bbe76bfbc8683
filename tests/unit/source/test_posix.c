/* test_posix.c - the posix backend over a folder made at test time: listing
 * with types and sizes, subfolders, files opened read-only with their
 * provenance, and symbolic links, FIFOs and links to folders never followed
 * or opened. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source.h"

static char dir[] = "/tmp/hd-posix-XXXXXX";

static void setup(void)
{
	char path[256];
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/SYSTEM", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs("hive bytes", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/sub", dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/fifo", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	snprintf(path, sizeof path, "%s/link", dir);
	cr_assert_eq(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof path, "%s/dirlink", dir);
	cr_assert_eq(symlink("/etc", path), 0);
}

static void teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strcpy(dir, "/tmp/hd-posix-XXXXXX");
}

TestSuite(posix, .init = setup, .fini = teardown);

static struct hd_src_dir *open_root(void)
{
	struct hd_src_dir *d = NULL;

	cr_assert_eq(hd_src_posix_open_path(dir, &d, NULL), 0);
	cr_assert_str_eq(hd_src_path(d), dir);
	cr_assert_geq(hd_src_dirfd(d), 0);
	return d;
}

static const struct hd_src_entry *entry(const struct hd_src_entry *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	cr_assert_fail("no entry %s", name);
	return NULL;
}

/* Every entry but . and ..; links and FIFOs are OTHER, with why. */
Test(posix, list_types)
{
	struct hd_src_dir *d = open_root();
	struct hd_src_entry *v = NULL;
	size_t n = 0;

	cr_assert_eq(hd_src_list(d, &v, &n, NULL), 0);
	cr_assert_eq(n, 5);
	cr_assert_eq(entry(v, n, "SYSTEM")->type, HD_SRC_FILE);
	cr_assert_eq(entry(v, n, "SYSTEM")->size, 10);
	cr_assert_eq(entry(v, n, "sub")->type, HD_SRC_DIR);
	cr_assert_eq(entry(v, n, "fifo")->type, HD_SRC_OTHER);
	cr_assert_str_eq(entry(v, n, "fifo")->other, "is a FIFO, not a regular file");
	cr_assert_eq(entry(v, n, "link")->type, HD_SRC_OTHER);
	cr_assert_str_eq(entry(v, n, "link")->other, "is a symbolic link (not followed)");
	cr_assert_eq(entry(v, n, "dirlink")->type, HD_SRC_OTHER);
	hd_src_entries_free(v, n);
	hd_src_close(d);
}

/* A regular file opens read-only with the chain file{path,size,times,inode}. */
Test(posix, open_file_provenance)
{
	struct hd_src_dir *d = open_root();
	struct hd_provenance prov;
	struct stat st;
	char path[256], buf[16] = { 0 };
	int fd = -1;

	cr_assert_eq(hd_src_open_file(d, "SYSTEM", &fd, &prov, NULL), 1);
	cr_assert_eq(read(fd, buf, sizeof buf - 1), 10);
	cr_assert_str_eq(buf, "hive bytes");
	cr_assert_eq(write(fd, "x", 1), -1);        /* read-only */
	cr_assert_eq(fstat(fd, &st), 0);
	snprintf(path, sizeof path, "%s/SYSTEM", dir);
	cr_assert_eq(prov.n_links, 1);
	cr_assert_str_eq(prov.links[0].kind, "file");
	cr_assert_str_eq(prov.links[0].fields[0].key, "path");
	cr_assert_str_eq(prov.links[0].fields[0].text, path);
	cr_assert_str_eq(prov.links[0].fields[1].key, "size");
	cr_assert_eq(prov.links[0].fields[1].num, 10);
	cr_assert_str_eq(prov.links[0].fields[2].key, "mtime");
	cr_assert_eq(prov.links[0].fields[2].type, HD_PROV_TIME);
	cr_assert_eq(prov.links[0].fields[2].time_ns, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
	cr_assert_str_eq(prov.links[0].fields[6].key, "inode");
	cr_assert_eq(prov.links[0].fields[6].num, (int64_t)st.st_ino);
	hd_prov_clear(&prov);
	close(fd);
	hd_src_close(d);
}

/* A link, a FIFO (never opened: no block), a folder and a missing name are absent. */
Test(posix, open_file_refuses_others, .timeout = 10)
{
	struct hd_src_dir *d = open_root();
	int fd = 7;

	cr_assert_eq(hd_src_open_file(d, "link", &fd, NULL, NULL), 0);
	cr_assert_eq(fd, -1);
	cr_assert_eq(hd_src_open_file(d, "fifo", &fd, NULL, NULL), 0);
	cr_assert_eq(hd_src_open_file(d, "sub", &fd, NULL, NULL), 0);
	cr_assert_eq(hd_src_open_file(d, "missing", &fd, NULL, NULL), 0);
	hd_src_close(d);
}

/* A subfolder is a folder of the same backend with a joined path; a link to a folder is not one. */
Test(posix, subdir)
{
	struct hd_src_dir *d = open_root(), *s = NULL;
	struct hd_src_entry *v = NULL;
	char path[256];
	size_t n = 9;

	cr_assert_eq(hd_src_subdir(d, "sub", &s, NULL), 1);
	snprintf(path, sizeof path, "%s/sub", dir);
	cr_assert_str_eq(hd_src_path(s), path);
	cr_assert_eq(hd_src_list(s, &v, &n, NULL), 0);
	cr_assert_eq(n, 0);
	hd_src_entries_free(v, n);
	hd_src_close(s);
	cr_assert_eq(hd_src_subdir(d, "dirlink", &s, NULL), 0);
	cr_assert_null(s);
	cr_assert_eq(hd_src_subdir(d, "SYSTEM", &s, NULL), 0);
	cr_assert_eq(hd_src_subdir(d, "missing", &s, NULL), 0);
	hd_src_close(d);
}

/* A folder that cannot be opened is an error with a code and a message. */
Test(posix, open_path_error)
{
	struct hd_src_dir *d = NULL;
	struct hd_src_error e = { 0 };

	cr_assert_eq(hd_src_posix_open_path("/nonexistent/hd-posix", &d, &e), -1);
	cr_assert_null(d);
	cr_assert_str_eq(e.code, "folder_unreadable");
	cr_assert_eq(e.err, ENOENT);
	cr_assert_not_null(strstr(e.message, "/nonexistent/hd-posix"));
	hd_src_error_clear(&e);
}

/* A device is OTHER and never opened (opening a tape rewinds it): /dev/null stands in. */
Test(posix, device_is_other)
{
	struct hd_src_dir *d = NULL;
	struct hd_src_entry *v = NULL;
	size_t n = 0;
	int fd = 7;

	cr_assert_eq(hd_src_posix_open_path("/dev", &d, NULL), 0);
	cr_assert_eq(hd_src_open_file(d, "null", &fd, NULL, NULL), 0);
	cr_assert_eq(fd, -1);
	cr_assert_eq(hd_src_list(d, &v, &n, NULL), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, "null") == 0) {
			cr_expect_eq(v[i].type, HD_SRC_OTHER);
			cr_expect_str_eq(v[i].other, "is a device, not a regular file");
		}
	hd_src_entries_free(v, n);
	hd_src_close(d);
}
