/*
 * inputs.c - the hives of one run: HIVE operands, --files-from entries, and
 * with -r the hives found in directories (the source stage's walk over the
 * posix backend: an iterator, so the walk is as lazy as the list).  Every file the walk meets is handed on or passed
 * over with a reason, never dropped without a word (issue 22).
 */
#include "cli/inputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/spool.h"
#include "fleet/fleet.h"
#include "source/source.h"
#include "source/walk.h"
#include "util/fdio.h"

#define HEAD_BYTES HD_SRC_SNIFF_BYTES /* a hive's or log's two base blocks; every other format's magic (a partition table: 520) */

struct hd_inputs {
	struct hd_inputs_spec spec;
	size_t next_path;       /* index into spec.paths */
	FILE *list;             /* --files-from, or NULL */
	int list_is_stdin;
	char *line;             /* the current list entry */
	size_t line_cap;
	unsigned empty_run;     /* empty list entries in a row */
	struct hd_src_walk *walk;       /* the directory being walked, or NULL */
	char *root;             /* a -r root that is no directory: yielded as it is, then freed */
	char *walk_root;        /* the -r root being walked, or NULL */
	int root_errno;         /* the root directory could not be opened */
};

/* Folders below a -r root: deeper is an error, never a stack overflow. */
#define WALK_MAX_LEVELS 256

static int magic_at(const uint8_t *head, size_t len, size_t at, const char *magic, size_t mlen)
{
	return len >= at + mlen && memcmp(head + at, magic, mlen) == 0;
}

/* The first bytes of the formats a worker reads besides a hive (issue 22). */
static const struct {
	size_t at;
	const char *magic;
	size_t len;
} handed_on[] = {
	{ 0, "PK\3\4", 4 }, { 0, "PK\5\6", 4 }, { 0, "7z\xbc\xaf\x27\x1c", 6 }, { 257, "ustar", 5 },
	{ 0, "\x1f\x8b", 2 }, { 0, "\xfd" "7zXZ", 5 }, { 0, "BZh", 3 }, { 0, "\x28\xb5\x2f\xfd", 4 },
	{ 0, "EVF\x09\x0d\x0a\xff", 7 }, { 0, "EVF2\x0d\x0a\x81", 7 }, { 0, "conectix", 8 },
	{ 0, "vhdxfile", 8 }, { 0, "KDMV", 4 }, { 0, "# Disk DescriptorFile", 21 }, { 0, "QFI\xfb", 4 },
	{ 510, "\x55\xaa", 2 }, { 512, "EFI PART", 8 }, { 3, "NTFS    ", 8 },
	{ 0, "REGEDIT4", 8 }, { 0, "Windows Registry Editor", 23 },
	{ 0, "\xff\xfeW\0i\0n\0d\0o\0w\0s\0", 16 }, { 0, "\xef\xbb\xbfWindows Registry Editor", 26 },
};

enum hd_pass hd_walk_classify(const uint8_t *head, size_t len)
{
	enum hd_src_kind kind;

	/* The analysis' own rule (source/sniff.c): SYSTEM.ALT is a hive, an
	 * NT 4.0 .LOG (type 1, "DIRT") a log; a type no Windows writes is
	 * handed on, and its report says so. */
	if (hd_src_regf_kind(head, len, &kind))
		return kind == HD_KIND_LOG ? HD_PASS_LOG : HD_PASS_NONE;
	if (magic_at(head, len, 0, "regf", 4))
		return HD_PASS_NONE;    /* too short to tell: the worker reports it truncated */
	for (size_t i = 0; i < sizeof handed_on / sizeof handed_on[0]; i++)
		if (magic_at(head, len, handed_on[i].at, handed_on[i].magic, handed_on[i].len))
			return HD_PASS_NONE;
	return HD_PASS_NOT_HIVE;
}

const char *hd_pass_reason(enum hd_pass pass)
{
	switch (pass) {
	case HD_PASS_LOG:
		return "transaction log";
	case HD_PASS_NOT_HIVE:
		return "not a hive";
	case HD_PASS_SPECIAL:
		return "not a regular file";
	default:
		return "";
	}
}

/*
 * What the walk does with a file it found.  One that cannot be read is
 * handed on: it may be a hive, and its report will say why it was not
 * analyzed (issue 5: permission denied gets its own report).
 */
static enum hd_pass walk_classify_file(struct hd_src_dir *dir, const char *name)
{
	uint8_t head[HEAD_BYTES];
	ssize_t n;
	int fd = openat(hd_src_dirfd(dir), name, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return HD_PASS_NONE;
	n = hd_pread_full(fd, head, sizeof head, 0);
	close(fd);
	return n < 0 ? HD_PASS_NONE : hd_walk_classify(head, (size_t)n);
}

static int grow_line(char **line, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 256;
	char *p;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((p = realloc(*line, ncap)) == NULL)
		return -1;
	*line = p;
	*cap = ncap;
	return 0;
}

/*
 * Issue 12: getdelim grew one line of --files-from /dev/zero until memory
 * ran out.  An entry is read a byte at a time (stdio buffers it) and never
 * past HD_LIST_ENTRY_MAX: a longer one ends the list with ENAMETOOLONG,
 * since what follows it cannot be trusted (and skipping to the next
 * separator of /dev/zero would never end).
 */
int hd_list_next(FILE *f, int delim, char **line, size_t *cap, const char **bad)
{
	size_t n = 0;
	int c;

	*bad = NULL;
	while ((c = getc(f)) != EOF && c != delim) {
		if (n >= HD_LIST_ENTRY_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (grow_line(line, cap, n + 2) < 0)
			return -1;
		(*line)[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return ferror(f) ? -1 : 0;
	if (grow_line(line, cap, n + 1) < 0)
		return -1;
	(*line)[n] = '\0';
	if (n == 0)
		*bad = "empty entry in the list of hives";
	else if (strlen(*line) != n)
		*bad = "the list entry holds a NUL byte (a NUL-separated list needs -0)";
	return 1;
}

/*
 * Start walking root: a folder is walked (a symbolic link named as the root
 * is followed, as a folder named on the command line); anything else, or a
 * folder that cannot be opened, is yielded as it is and its report says
 * what it is.  0, or -1 ENOMEM.
 */
static int start_walk(struct hd_inputs *in, const char *root)
{
	struct hd_src_dir *dir = NULL;
	struct hd_src_error e = { 0 };
	struct stat st;

	int is_dir = stat(root, &st) == 0 && S_ISDIR(st.st_mode);

	in->root_errno = 0;
	free(in->walk_root);
	in->walk_root = NULL;
	if (is_dir && (in->walk_root = strdup(root)) == NULL)
		return -1;
	if (is_dir && hd_src_posix_open_path(root, &dir, &e) == 0)
		return (in->walk = hd_src_walk_open(dir, WALK_MAX_LEVELS)) ? 0 : -1;
	if (is_dir)
		in->root_errno = e.err ? e.err : EIO;
	hd_src_error_clear(&e);
	return (in->root = strdup(root)) ? 0 : -1;
}

/* One item of the walk into out (passed over ones only with passed_over): 1 yielded, 0 not. */
static int walk_entry(const struct hd_inputs *in, const struct hd_src_walk_item *it, struct hd_input *out)
{
	int passed_over = in->spec.passed_over;

	out->root = in->walk_root;
	out->path = it->path;
	out->walk_errno = it->err;
	out->entry_error = NULL;
	out->no_follow = 1;
	out->pass = HD_PASS_NONE;
	if (it->err)
		return 1;
	/* OTHER: a symbolic link, device, FIFO or socket, never followed */
	if (it->type != HD_SRC_FILE)
		out->pass = HD_PASS_SPECIAL;
	else if (!in->spec.classify_later)
		out->pass = walk_classify_file(it->dir, it->name);
	return out->pass == HD_PASS_NONE || passed_over;
}

/* The root given to -r when it is no folder to walk. */
static void root_entry(struct hd_inputs *in, struct hd_input *out)
{
	out->path = in->root;
	out->walk_errno = in->root_errno;
	out->entry_error = NULL;
	out->no_follow = 0;
	out->pass = HD_PASS_NONE;
	out->root = NULL;
}

/*
 * The next source path: an operand, then a list entry.  1, 0 at the end, -1
 * error.  *bad is set for an entry that is an error of its own.  Endless
 * empty entries (-0 --files-from /dev/zero looped forever) end the list.
 */
static int next_source(struct hd_inputs *in, const char **path, const char **bad)
{
	int rc;

	*bad = NULL;
	if (in->next_path < in->spec.n_paths) {
		*path = in->spec.paths[in->next_path++];
		return 1;
	}
	if (in->list == NULL)
		return 0;
	rc = hd_list_next(in->list, in->spec.delim, &in->line, &in->line_cap, bad);
	*path = in->line;
	if (rc == 1 && in->line[0] == '\0' && ++in->empty_run > HD_LIST_EMPTY_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (rc == 1 && in->line[0] != '\0')
		in->empty_run = 0;
	return rc;
}

static int next_input(struct hd_inputs *in, struct hd_input *out)
{
	const char *path = NULL, *bad = NULL;
	struct hd_src_walk_item it;
	int rc;

	free(in->root);
	in->root = NULL;
	for (;;) {
		if (in->walk) {
			if ((rc = hd_src_walk_next(in->walk, &it)) > 0) {
				if (walk_entry(in, &it, out))
					return 1;
				continue;
			}
			hd_src_walk_close(in->walk);
			in->walk = NULL;
			if (rc < 0)
				return -1;
		}
		if ((rc = next_source(in, &path, &bad)) <= 0)
			return rc;
		if (!in->spec.recursive || bad) {
			out->path = path;
			out->walk_errno = 0;
			out->entry_error = bad;
			out->no_follow = 0;
			out->pass = HD_PASS_NONE;
			out->root = NULL;
			return 1;
		}
		if (start_walk(in, path) < 0)
			return -1;
		if (in->root) {
			root_entry(in, out);
			return 1;
		}
	}
}

int hd_inputs_in_shard(const char *path, unsigned k, unsigned n)
{
	char *inst;
	unsigned shard;

	if (n == 0)
		return 1;
	if ((inst = hd_fleet_installation(path)) == NULL)
		return -1;
	shard = hd_fleet_shard_of(inst, n);
	free(inst);
	return shard == k - 1;
}

int hd_inputs_next(struct hd_inputs *in, struct hd_input *out)
{
	int rc;

	if (in->spec.spool)
		return hd_spool_next(in->spec.spool, out);
	while ((rc = next_input(in, out)) > 0 && in->spec.shards > 0) {
		/* --shard: the other shards' inputs are not this run's, not even as skip lines */
		if ((rc = hd_inputs_in_shard(out->path, in->spec.shard, in->spec.shards)) != 0)
			return rc;
	}
	return rc;
}

struct hd_inputs *hd_inputs_open(const struct hd_inputs_spec *spec)
{
	struct hd_inputs *in = calloc(1, sizeof *in);

	if (in == NULL)
		return NULL;
	in->spec = *spec;
	if (spec->spool)
		return in;      /* the list was read once, by the names pass */
	if (spec->files_from && strcmp(spec->files_from, "-") == 0) {
		in->list = stdin;
		in->list_is_stdin = 1;
	} else if (spec->files_from && (in->list = fopen(spec->files_from, "re")) == NULL) {
		free(in);
		return NULL;
	}
	return in;
}

void hd_inputs_close(struct hd_inputs *in)
{
	if (in == NULL)
		return;
	hd_src_walk_close(in->walk);
	free(in->root);
	free(in->walk_root);
	if (in->list && !in->list_is_stdin)
		fclose(in->list);
	free(in->line);
	free(in);
}

long hd_inputs_count(const struct hd_inputs_spec *spec)
{
	/* the progress line counts what is analyzed: not the files the walk passes over */
	struct hd_inputs_spec counted = *spec;
	struct hd_inputs *in = NULL;
	struct hd_input item;
	struct stat st;
	long n = 0;
	int rc;

	if (spec->files_from && (strcmp(spec->files_from, "-") == 0 ||
	                         stat(spec->files_from, &st) < 0 || !S_ISREG(st.st_mode)))
		return -1;
	if (!spec->recursive && spec->files_from == NULL)
		return (long)spec->n_paths;
	counted.passed_over = 0;
	counted.classify_later = 0;
	if ((in = hd_inputs_open(&counted)) == NULL)
		return -1;
	while ((rc = hd_inputs_next(in, &item)) > 0)
		n++;
	hd_inputs_close(in);
	return rc < 0 ? -1 : n;
}
