/*
 * txlog_discover.c - find the transaction logs beside a hive and read them.
 * The only file of the recovery that touches the file system; it opens
 * everything read-only.
 *
 * Names: NAME.LOG, NAME.LOG1, NAME.LOG2 ([SPEC] "Types of files"), and on
 * NT 4.0 / 2000 the alternate hive SYSTEM.ALT, a mirror of the primary
 * ([SPEC] old format, base block, modification 1), which is only named
 * here: analyze_alt.c reads it when a dirty hive has no log (DOMAIN.md 0.15).
 * Evidence collected from Windows keeps whatever case the collector used
 * ("system", "SYSTEM.LOG1", "system.log"), so names are compared without
 * regard to ASCII case; on a tie the name whose stem has the hive's own
 * spelling wins, then the smaller name, so the choice is reproducible.
 *
 * The folder is a struct hd_src_dir (source.h, issue 22): the logs are found
 * the same way beside a hive on disk, in an archive or in a disk image.
 *
 * Hostile folders (issue 12): the logs are listed and opened through the
 * folder's backend, which never follows a symbolic link and never opens a
 * FIFO or a device (posix.c), so a NAME.LOG1 that is a symbolic link (to
 * /etc/shadow, to /dev/zero) is never followed and a FIFO never blocks;
 * such a log, or one that cannot be read, is recorded with the reason, and
 * recovery refuses the replay naming it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source.h"
#include "txlog/txlog.h"

#define SLOT_ALT HD_TXLOG_SLOTS     /* the fourth name looked for */
#define NAMES (HD_TXLOG_SLOTS + 1)

static const char *const suffix[NAMES] = { "LOG", "LOG1", "LOG2", "ALT" };

/* Which of the four names entry is for base, or -1. */
static int slot_of(const char *entry, const char *base)
{
	size_t blen = strlen(base);

	if (strncasecmp(entry, base, blen) != 0 || entry[blen] != '.')
		return -1;
	for (int i = 0; i < NAMES; i++)
		if (strcasecmp(entry + blen + 1, suffix[i]) == 0)
			return i;
	return -1;
}

/* 1 when candidate should replace current for the same slot. */
static int better_name(const char *candidate, const char *current, const char *base)
{
	size_t blen = strlen(base);
	int cand_exact = strncmp(candidate, base, blen) == 0;
	int cur_exact = strncmp(current, base, blen) == 0;

	if (cand_exact != cur_exact)
		return cand_exact;
	return strcmp(candidate, current) < 0;
}

/* A name found for a slot, with what the folder says it is. */
struct found {
	char *name;
	enum hd_src_type type;
	const char *other;      /* static (the backend's), for an OTHER entry */
};

static int scan_dir(struct hd_src_dir *d, const char *base, struct found names[NAMES])
{
	struct hd_src_entry *v = NULL;
	size_t n = 0;

	if (hd_src_list(d, &v, &n, NULL) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int slot = slot_of(v[i].name, base);
		char *copy = NULL;

		if (slot < 0 || (names[slot].name != NULL && !better_name(v[i].name, names[slot].name, base)))
			continue;
		if ((copy = strdup(v[i].name)) == NULL) {
			hd_src_entries_free(v, n);
			errno = ENOMEM;
			return -1;
		}
		free(names[slot].name);
		names[slot] = (struct found){ copy, v[i].type, v[i].other };
	}
	hd_src_entries_free(v, n);
	return 0;
}

static char *join_path(const char *dir, const char *name)
{
	size_t dlen = strlen(dir), nlen = strlen(name);
	char *p = malloc(dlen + nlen + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dlen);
	p[dlen] = '/';
	memcpy(p + dlen + 1, name, nlen + 1);
	return p;
}

static int read_all(int fd, uint8_t *buf, size_t want, size_t *got)
{
	*got = 0;
	while (*got < want) {
		ssize_t n = read(fd, buf + *got, want - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;  /* the file shrank: keep what was there */
		*got += (size_t)n;
	}
	return 0;
}

/* Why an entry of type type cannot be a log (other: the backend's reason for OTHER). */
static const char *not_a_log(enum hd_src_type type, const char *other)
{
	if (type == HD_SRC_DIR)
		return "is a directory, not a regular file";
	return other ? other : "is not a regular file";
}

/*
 * Read one log of the folder d into f.  A log that cannot be read, or is
 * not a regular file, is recorded in f->read_errno or f->not_read (recovery
 * refuses it by name); only running out of memory is an error here.
 * Returns 0, or -1 ENOMEM.
 */
static int read_log(struct hd_src_dir *d, const struct found *entry, struct hd_txlog_file *f)
{
	struct hd_src_error e = { 0 };
	struct stat st;
	int fd = -1, rc = 0, opened;

	if (entry->type != HD_SRC_FILE)
		f->not_read = not_a_log(entry->type, entry->other);
	else if ((opened = hd_src_open_file(d, f->name, &fd, NULL, &e)) < 0)
		f->read_errno = e.err ? e.err : EIO;
	else if (opened == 0)   /* replaced since the folder was listed */
		f->not_read = "is not a regular file";
	else if (fstat(fd, &st) < 0)
		f->read_errno = errno;
	else if ((f->size = (uint64_t)st.st_size) > HD_TXLOG_MAX_LOG_BYTES)
		f->read_errno = EFBIG;
	else if (f->size > 0) {
		f->data = malloc((size_t)f->size);
		if (f->data == NULL)
			rc = -1;
		else if (read_all(fd, f->data, (size_t)f->size, &f->len) < 0)
			f->read_errno = errno;
	}
	if (fd >= 0)
		close(fd);
	hd_src_error_clear(&e);
	if (rc != 0 || f->read_errno != 0 || f->not_read != NULL || f->len == 0) {
		free(f->data);
		f->data = NULL;
		f->len = 0;
	}
	return rc;
}

/* Split path into a new directory string and a pointer to its last part. */
static char *split_path(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return strdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static int load_logs(struct hd_src_dir *d, struct found names[NAMES], struct hd_txlog_set *set)
{
	for (int i = 0; i < NAMES; i++) {
		if (names[i].name == NULL)
			continue;
		if (i == SLOT_ALT) {
			set->alt_path = join_path(hd_src_path(d), names[i].name);
			if (set->alt_path == NULL)
				return -1;
			continue;
		}
		set->log[i].name = names[i].name;
		names[i].name = NULL;
		if (read_log(d, &names[i], &set->log[i]) < 0)
			return -1;
	}
	return 0;
}

int hd_txlog_discover_in(struct hd_src_dir *d, const char *base, struct hd_txlog_set *set, const char **why)
{
	struct found names[NAMES] = { { NULL, HD_SRC_OTHER, NULL } };
	const char *ignored;
	int rc = -1, saved;

	memset(set, 0, sizeof *set);
	if (why == NULL)
		why = &ignored;
	if (scan_dir(d, base, names) < 0)
		*why = errno == ENOMEM ? "out of memory while reading transaction logs"
		     : "cannot list the hive's directory for transaction logs";
	else if (load_logs(d, names, set) < 0)
		*why = "out of memory while reading transaction logs";
	else
		rc = 0;
	saved = errno;
	for (int i = 0; i < NAMES; i++)
		free(names[i].name);
	if (rc < 0)
		hd_txlog_set_clear(set);
	errno = saved;
	return rc;
}

int hd_txlog_discover(const char *hive_path, struct hd_txlog_set *set, const char **why)
{
	const char *base = NULL, *ignored;
	char *dir = split_path(hive_path, &base);
	struct hd_src_dir *d = NULL;
	int rc = -1, saved;

	memset(set, 0, sizeof *set);
	if (why == NULL)
		why = &ignored;
	if (dir == NULL) {
		*why = "out of memory";
		goto out;
	}
	if (base[0] == '\0') {
		errno = EISDIR;
		*why = "the hive path names a directory";
		goto out;
	}
	if (hd_src_posix_open_path(dir, &d, NULL) < 0) {
		*why = "cannot list the hive's directory for transaction logs";
		goto out;
	}
	rc = hd_txlog_discover_in(d, base, set, why);
out:
	saved = errno;
	hd_src_close(d);
	free(dir);
	errno = saved;
	return rc;
}

void hd_txlog_set_clear(struct hd_txlog_set *set)
{
	for (int i = 0; i < HD_TXLOG_SLOTS; i++) {
		free(set->log[i].name);
		free(set->log[i].data);
	}
	free(set->alt_path);
	memset(set, 0, sizeof *set);
}
