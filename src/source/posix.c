/*
 * posix.c - the source backend of a folder on disk (source.h).
 *
 * Every step is relative to the folder's descriptor: a subfolder is opened
 * with O_DIRECTORY | O_NOFOLLOW, a file is looked at with fstatat
 * AT_SYMLINK_NOFOLLOW before it is opened (O_NOFOLLOW | O_NONBLOCK) and
 * checked again with fstat, so a symbolic link never leads out of the folder
 * and a device or FIFO is never opened (opening a tape rewinds it, a FIFO
 * blocks): such an entry is HD_SRC_OTHER, as if absent (issues 12 and 26).
 */
#include "source/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct posix_dir {
	struct hd_src_dir base;         /* first: the stage casts */
	int fd;
};

static const struct hd_src_ops posix_ops;

/* "dir/name" ("" dir: name alone); NULL on ENOMEM. */
static char *join(const char *dir, const char *name)
{
	char *s = NULL;
	size_t n = strlen(dir);

	if (asprintf(&s, "%s%s%s", dir, n && dir[n - 1] != '/' ? "/" : "", name) < 0)
		return NULL;
	return s;
}

/* Why an entry that is neither a regular file nor a folder is left alone. */
static const char *other_reason(mode_t mode)
{
	if (S_ISLNK(mode))
		return "is a symbolic link (not followed)";
	if (S_ISFIFO(mode))
		return "is a FIFO, not a regular file";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "is a device, not a regular file";
	if (S_ISSOCK(mode))
		return "is a socket, not a regular file";
	return "is not a regular file";
}

static void entry_of(const struct stat *st, struct hd_src_entry *ent)
{
	ent->type = S_ISREG(st->st_mode) ? HD_SRC_FILE : S_ISDIR(st->st_mode) ? HD_SRC_DIR : HD_SRC_OTHER;
	ent->size = ent->type == HD_SRC_FILE ? (uint64_t)st->st_size : 0;
	ent->other = ent->type == HD_SRC_OTHER ? other_reason(st->st_mode) : NULL;
}

/* Append one entry to *v (*n of them, *cap room): 0 or -1 ENOMEM. */
static int push_entry(struct hd_src_entry **v, size_t *n, size_t *cap, const char *name, const struct stat *st)
{
	struct hd_src_entry *grown;

	if (*n == *cap) {
		size_t want = *cap ? *cap * 2 : 16;

		if ((grown = realloc(*v, want * sizeof **v)) == NULL)
			return -1;
		*v = grown;
		*cap = want;
	}
	(*v)[*n] = (struct hd_src_entry){ .name = strdup(name) };
	if ((*v)[*n].name == NULL)
		return -1;
	entry_of(st, &(*v)[*n]);
	(*n)++;
	return 0;
}

static int posix_list(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e)
{
	struct posix_dir *p = (struct posix_dir *)d;
	/* A new description of the folder: a dup would share its read position
	 * with every other user of p->fd. */
	int fd = openat(p->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *ent;
	struct stat st;
	size_t cap = 0;
	int rc = 0, err = 0;

	if (dir == NULL) {
		if (fd >= 0)
			close(fd);
		hd_src_error_set(e, "folder_unreadable", errno, "%s: cannot list: %s", d->path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (errno = 0, ent = readdir(dir)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		if (fstatat(p->fd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;       /* vanished since readdir: as if absent */
		rc = push_entry(entries, n, &cap, ent->d_name, &st);
	}
	if (rc < 0 || errno != 0) {
		err = rc < 0 ? ENOMEM : errno;
		hd_src_entries_free(*entries, *n);
		*entries = NULL;
		*n = 0;
		hd_src_error_set(e, "folder_unreadable", err, "%s: cannot list: %s", d->path, strerror(err));
		rc = -1;
	}
	closedir(dir);
	if (rc < 0)
		errno = err;
	return rc;
}

/* A new posix folder on fd (taken) named path, with the chain prov (copied). */
static int make_dir(int fd, const char *path, const struct hd_provenance *prov, unsigned depth,
                    struct hd_src_dir **out, struct hd_src_error *e)
{
	struct posix_dir *p = calloc(1, sizeof *p);

	if (p == NULL || (p->base.path = strdup(path)) == NULL ||
	    (prov && hd_prov_copy(&p->base.prov, prov) < 0)) {
		if (p)
			free(p->base.path);
		free(p);
		close(fd);
		hd_src_error_set(e, "out_of_memory", ENOMEM, "%s: out of memory", path);
		return -1;
	}
	p->base.ops = &posix_ops;
	p->base.depth = depth;
	p->fd = fd;
	*out = &p->base;
	return 0;
}

static int posix_subdir(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e)
{
	struct posix_dir *p = (struct posix_dir *)d;
	int fd = openat(p->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	char *path;
	int rc;

	if (fd < 0) {
		if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
			return 0;
		hd_src_error_set(e, "folder_unreadable", errno, "%s/%s: %s", d->path, name, strerror(errno));
		return -1;
	}
	if ((path = join(d->path, name)) == NULL) {
		close(fd);
		hd_src_error_set(e, "out_of_memory", ENOMEM, "%s: out of memory", d->path);
		return -1;
	}
	rc = make_dir(fd, path, &d->prov, d->depth, out, e);
	free(path);
	return rc < 0 ? -1 : 1;
}

static int64_t ns_of(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The dir's chain plus the file's own link: 0 or -1 ENOMEM. */
static int file_prov(const struct hd_src_dir *d, const char *name, const struct stat *st,
                     struct hd_provenance *prov)
{
	char *path = join(d->path, name);
	int rc = path && hd_prov_copy(prov, &d->prov) == 0 && hd_prov_add_link(prov, "file") == 0 &&
	         hd_prov_add_text(prov, "path", path) == 0 && hd_prov_add_int(prov, "size", (int64_t)st->st_size) == 0 &&
	         hd_prov_add_time(prov, "mtime", ns_of(st->st_mtim)) == 0 &&
	         hd_prov_add_time(prov, "ctime", ns_of(st->st_ctim)) == 0 &&
	         hd_prov_add_time(prov, "atime", ns_of(st->st_atim)) == 0 &&
	         hd_prov_add_int(prov, "device", (int64_t)st->st_dev) == 0 &&
	         hd_prov_add_int(prov, "inode", (int64_t)st->st_ino) == 0 ? 0 : -1;

	free(path);
	if (rc < 0)
		hd_prov_clear(prov);
	return rc;
}

/* An error opening name in d: -1 with e filled. */
static int file_error(struct hd_src_dir *d, const char *name, struct hd_src_error *e)
{
	hd_src_error_set(e, "file_unreadable", errno, "%s/%s: %s", d->path, name, strerror(errno));
	return -1;
}

static int posix_open_file(struct hd_src_dir *d, const char *name, int *fdp, struct hd_provenance *prov,
                           struct hd_src_error *e)
{
	struct posix_dir *p = (struct posix_dir *)d;
	struct stat st;
	int fd;

	/* Looked at first, never opened unless regular: a device is not opened at all. */
	if (fstatat(p->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : file_error(d, name, e);
	if (!S_ISREG(st.st_mode))
		return 0;
	fd = openat(p->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ELOOP || errno == ENXIO ? 0 : file_error(d, name, e);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);      /* swapped since the fstatat: as if absent */
		return 0;
	}
	if (prov && file_prov(d, name, &st, prov) < 0) {
		close(fd);
		hd_src_error_set(e, "out_of_memory", ENOMEM, "%s/%s: out of memory", d->path, name);
		return -1;
	}
	*fdp = fd;
	return 1;
}

static int posix_dirfd(struct hd_src_dir *d)
{
	return ((struct posix_dir *)d)->fd;
}

static void posix_close(struct hd_src_dir *d)
{
	struct posix_dir *p = (struct posix_dir *)d;

	if (p->fd >= 0)
		close(p->fd);
	free(d->path);
	hd_prov_clear(&d->prov);
	free(p);
}

static const struct hd_src_ops posix_ops = {
	.list = posix_list,
	.subdir = posix_subdir,
	.open_file = posix_open_file,
	.dirfd = posix_dirfd,
	.close = posix_close,
};

int hd_src_posix_open(int dirfd, const char *path, struct hd_src_dir **out, struct hd_src_error *e)
{
	*out = NULL;
	return make_dir(dirfd, path, NULL, 0, out, e);
}

int hd_src_posix_open_path(const char *path, struct hd_src_dir **out, struct hd_src_error *e)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);

	*out = NULL;
	if (fd < 0) {
		hd_src_error_set(e, "folder_unreadable", errno, "%s: %s", path, strerror(errno));
		return -1;
	}
	return make_dir(fd, path, NULL, 0, out, e);
}
