/*
 * source.h - where a hive lives (issue 22): a folder on disk, an archive, a
 * file system inside a disk image.  Every way to reach a hive goes through
 * this stage: it lists a folder, opens a member read-only (a real
 * descriptor, or a sealed memfd holding the member's bytes) and records the
 * provenance chain.  The volume scan (--root), log discovery, SOFTWARE
 * pairing and the -r walk use it, so each works the same inside an image or
 * an archive as on a mounted folder.
 *
 * Stage order: util < hive < source < txlog < ...  Library code: never
 * prints, never exits; errors are returned (errno and a static or owned
 * text).  Nothing here writes to a source: there is no extraction.
 *
 * A backend (posix folders, archives, disk images) provides struct
 * hd_src_ops; a folder of any backend is a struct hd_src_dir, used only
 * through the functions below.
 */
#ifndef HD_SOURCE_H
#define HD_SOURCE_H
#include <stddef.h>
#include <stdint.h>

/* What a folder entry is.  OTHER: a symbolic link, device, FIFO, socket, an
 * NTFS reparse point...: never followed, never read (as if absent, but
 * countable by the -r walk). */
enum hd_src_type { HD_SRC_FILE, HD_SRC_DIR, HD_SRC_OTHER };

struct hd_src_entry {
	char *name;             /* as spelled in the source (bytes; not always UTF-8) */
	enum hd_src_type type;
	uint64_t size;          /* bytes, for a file; 0 otherwise */
	const char *other;      /* OTHER: why, static ("is a symbolic link (not followed)"), or NULL */
};

/* One step of a file's provenance chain, outermost first (the image file,
 * its partition, the file system, the file; or the archive, its member).
 * Each link is a kind and up to HD_PROV_MAX_FIELDS named values. */
#define HD_PROV_MAX_FIELDS 12
#define HD_PROV_MAX_LINKS 8
enum hd_prov_value { HD_PROV_TEXT, HD_PROV_INT, HD_PROV_TIME };
struct hd_prov_field {
	const char *key;        /* static: "path", "sha256", "md5_stored", "offset", "mft_entry", "mtime"... */
	enum hd_prov_value type;
	char *text;             /* owned, HD_PROV_TEXT */
	int64_t num;            /* HD_PROV_INT */
	int64_t time_ns;        /* HD_PROV_TIME: nanoseconds since 1970-01-01 UTC */
};
struct hd_prov_link {
	const char *kind;       /* static: "file", "image", "partition", "ntfs", "fat", "archive", "member", "stdin", "export" */
	struct hd_prov_field fields[HD_PROV_MAX_FIELDS];
	size_t n_fields;
};
struct hd_provenance {
	struct hd_prov_link links[HD_PROV_MAX_LINKS];
	size_t n_links;
};
/* Append a link / a field to the last link: 0, or -1 (ENOMEM, or ENOSPC
 * when the chain or the link is full). */
int hd_prov_add_link(struct hd_provenance *p, const char *kind);
int hd_prov_add_text(struct hd_provenance *p, const char *key, const char *text);
int hd_prov_add_int(struct hd_provenance *p, const char *key, int64_t num);
int hd_prov_add_time(struct hd_provenance *p, const char *key, int64_t time_ns);
/* Deep copy; 0 or -1 (ENOMEM, dst cleared). */
int hd_prov_copy(struct hd_provenance *dst, const struct hd_provenance *src);
void hd_prov_clear(struct hd_provenance *p);

/* Bounds every backend honours (issue 22: a zip bomb, a huge member, a deep
 * nest give a clear error, never a hang or an exhausted machine). */
struct hd_src_limits {
	uint64_t max_member_bytes;      /* one member or one file read into memory */
	uint64_t max_total_bytes;       /* all members of one archive, expanded */
	uint32_t max_ratio;             /* expanded / compressed bytes of an archive */
	uint32_t max_members;           /* entries of one archive */
	uint32_t max_depth;             /* archives inside archives (1: one level) */
};
/* The defaults (see source.c for the figures and why). */
void hd_src_limits_default(struct hd_src_limits *lim);

/* Why an operation failed, for the report: a static code
 * ("archive_encrypted", "archive_limit", "image_unreadable", ...) and a new
 * message (free it), errno kept as well. */
struct hd_src_error {
	const char *code;
	char *message;
	int err;
};
void hd_src_error_clear(struct hd_src_error *e);
/* Fill e (may be NULL: only errno is set) with code, err and a message
 * made from fmt; errno is err afterwards. */
void hd_src_error_set(struct hd_src_error *e, const char *code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

struct hd_src_dir;
struct hd_src_ops {
	/* All entries of d (without "." and ".."), *n of them in a new array;
	 * 0, or -1 with e filled. */
	int (*list)(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e);
	/* The folder name inside d (exact spelling, no link followed): 1 with
	 * *out, 0 when absent or not a folder, -1 error. */
	int (*subdir)(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e);
	/* The regular file name inside d, read-only: 1 with *fd (owned by the
	 * caller; a real descriptor or a sealed memfd, seekable either way) and
	 * prov filled (the dir's chain plus the file's own link; prov may be
	 * NULL: log discovery, pairing and boot.ini want only the bytes), 0 when
	 * absent or not a regular file, -1 error. */
	int (*open_file)(struct hd_src_dir *d, const char *name, int *fd, struct hd_provenance *prov,
	                 struct hd_src_error *e);
	/* A real folder's descriptor (posix backend), or -1 for a folder inside
	 * an archive or an image. */
	int (*dirfd)(struct hd_src_dir *d);
	void (*close)(struct hd_src_dir *d);
};

/* Every backend's folder starts with this header (the backend allocates a
 * larger struct and casts). */
struct hd_src_dir {
	const struct hd_src_ops *ops;
	char *path;             /* display path: "case.zip!/WINNT/system32/config", owned */
	struct hd_provenance prov; /* the chain down to this folder */
	unsigned depth;         /* archives nested around this folder */
};

int hd_src_list(struct hd_src_dir *d, struct hd_src_entry **entries, size_t *n, struct hd_src_error *e);
void hd_src_entries_free(struct hd_src_entry *entries, size_t n);
int hd_src_subdir(struct hd_src_dir *d, const char *name, struct hd_src_dir **out, struct hd_src_error *e);
int hd_src_open_file(struct hd_src_dir *d, const char *name, int *fd, struct hd_provenance *prov,
                     struct hd_src_error *e);
int hd_src_dirfd(struct hd_src_dir *d);
const char *hd_src_path(const struct hd_src_dir *d);
void hd_src_close(struct hd_src_dir *d);

/* The posix backend: the folder open on dirfd (taken), named path. */
int hd_src_posix_open(int dirfd, const char *path, struct hd_src_dir **out, struct hd_src_error *e);
/* The same for the folder at path (opened O_DIRECTORY; path itself may be a
 * symbolic link, as a folder named on the command line may): 0 or -1. */
int hd_src_posix_open_path(const char *path, struct hd_src_dir **out, struct hd_src_error *e);

/*
 * What a regular file holds, from its content (never its name): a hive, a
 * transaction log, an archive (zip, tar, 7z...), a single compressed file
 * (gzip, xz, bzip2, zstd), a disk image (raw with MBR/GPT or a bare file
 * system, E01, VHD, VMDK), a registry export (REGEDIT4 or version 5), or
 * none of these (HD_KIND_NONE: hive/hivekind.h already names HD_KIND_OTHER).
 */
enum hd_src_kind {
	HD_KIND_HIVE, HD_KIND_LOG, HD_KIND_ARCHIVE, HD_KIND_COMPRESSED, HD_KIND_IMAGE,
	HD_KIND_EXPORT, HD_KIND_NONE,
};
const char *hd_src_kind_name(enum hd_src_kind kind);

/*
 * A backend that turns a file into a folder (archives, images) or into a
 * hive (a single compressed hive, a registry export).  sniff looks at the
 * first n bytes (n >= 4096 or the whole file) and the descriptor, and
 * returns 1 when the backend reads the file.  open_dir / open_hive take fd
 * (borrowed: duplicate it if kept) and name the result display.
 */
struct hd_src_backend {
	const char *name;               /* "archive", "image", "export" */
	enum hd_src_kind kind;
	int (*sniff)(int fd, const uint8_t *head, size_t n);
	int (*open_dir)(int fd, const char *display, const struct hd_provenance *outer,
	                const struct hd_src_limits *lim, unsigned depth, struct hd_src_dir **out,
	                struct hd_src_error *e);
	int (*open_hive)(int fd, const char *display, const struct hd_provenance *outer,
	                 const struct hd_src_limits *lim, int *hive_fd, unsigned *flags,
	                 struct hd_provenance *prov, struct hd_src_error *e);
};
/* open_hive's flags: the hive was rebuilt from text (a registry export):
 * key times unknown, no sequence numbers, the hash is the export's. */
#define HD_SRC_RECONSTRUCTED 1u

/* The backends, tried in order (sniff.c); NULL when none reads the file.
 * *kind says what the file is (HD_KIND_HIVE / HD_KIND_LOG / HD_KIND_NONE
 * with NULL returned). */
const struct hd_src_backend *hd_src_sniff(int fd, enum hd_src_kind *kind);

#endif
