/*
 * volume.h - --root DIR: find the registry hives of a Windows installation
 * in a mounted volume, a %SystemRoot% folder, or a config folder.
 *
 * Every name is matched without regard to ASCII case (evidence copied from
 * NTFS or FAT keeps whatever case Windows or the collector used:
 * WINNT/System32/CONFIG/SYSTEM).  The scan walks a struct hd_src_dir
 * (source.h), so it works the same on a folder on disk, inside an archive or
 * on a file system inside a disk image: every step is a subfolder or a file
 * of the previous folder through its backend, which never follows a
 * symbolic link (posix.c: O_NOFOLLOW / AT_SYMLINK_NOFOLLOW), so nothing
 * outside DIR is reached.  Nothing here reads a hive; the functions list
 * names and keep each hive open.
 */
#ifndef HD_VOLUME_H
#define HD_VOLUME_H

#include <stddef.h>

#include "source/source.h"

/* What a found copy is: the live hive, or one of the older copies Windows keeps. */
enum hd_role {
	HD_ROLE_CURRENT,        /* system32/config/SYSTEM, SOFTWARE */
	HD_ROLE_REPAIR,         /* repair/system._ (NT 4.0 rdisk, compressed), repair/system (2000) */
	HD_ROLE_REGBACK,        /* repair/RegBack/ (2000 backup), config/RegBack/ */
	HD_ROLE_SAV,            /* system32/config/system.sav (setup's copy) */
	HD_ROLE_ALT,            /* system32/config/SYSTEM.ALT (NT 4.0 / 2000 mirror) */
	HD_ROLE_LOG,            /* a transaction log: found, never analyzed as a hive */
};

/* "current", "repair", "regback", "sav", "alt", "log". */
const char *hd_role_name(enum hd_role role);

/* Where DIR sits in the tree. */
enum hd_volume_layout {
	HD_LAYOUT_VOLUME,       /* a mounted volume: DIR/WINNT/system32/config */
	HD_LAYOUT_SYSTEMROOT,   /* DIR/system32/config */
	HD_LAYOUT_CONFIG,       /* DIR holds SYSTEM itself */
};

#define HD_VOLUME_MAX_FILES 64          /* copies and logs kept from one installation */
#define HD_VOLUME_MAX_BOOTINI (64u * 1024u) /* bytes of boot.ini read */
#define HD_VOLUME_MAX_ROOTS 16          /* SystemRoots boot.ini may name */
#define HD_VOLUME_MAX_DIRS 8            /* folders kept open: config, its RegBack, repair, its RegBack */

/*
 * Issue 26: the scan keeps what it opened.  Between the scan and the
 * analysis a folder (WINNT/repair) or a file may be swapped for a symbolic
 * link; reopening the path by name would then read a file outside DIR under
 * an inside name.  So each hive's analysis reads fd (opened by the scan,
 * O_NOFOLLOW) and looks for its logs in dir (the folder the scan walked),
 * and no path under DIR is ever opened by name twice.
 */
struct hd_volume_file {
	enum hd_role role;
	const char *hive;       /* "SYSTEM" or "SOFTWARE": what the name says (the analysis checks the content) */
	char *path;             /* relative to DIR, as spelled on disk ("WINNT/System32/CONFIG/SYSTEM") */
	const char *name;       /* its last part (in path) */
	int fd;                 /* the regular file, read-only; -1 for a log (only listed) */
	struct hd_src_dir *dir; /* its folder (vol->dirs, or the scanned root), NULL for a log */
	struct hd_provenance prov; /* how the file was reached (empty for a log) */
};

struct hd_volume {
	enum hd_volume_layout layout;
	char *systemroot;       /* relative to DIR as found ("WINNT"), "" for a SystemRoot or config DIR */
	int from_bootini;       /* the SystemRoot was named by boot.ini */
	char *config;           /* the config folder, relative to DIR ("WINNT/system32/config"; "" DIR itself) */
	const char *system_refused; /* why a SYSTEM entry of the config folder was left out
	                             * ("is a symbolic link"), or NULL (issue 26: said, not silent) */
	struct hd_volume_file files[HD_VOLUME_MAX_FILES];
	size_t n_files;
	struct hd_src_dir *dirs[HD_VOLUME_MAX_DIRS]; /* the folders files[].dir name, owned */
	size_t n_dirs;
	struct hd_src_error error;      /* why the scan failed (-1), from the backend */
};

/*
 * Scan the installation under the folder root (of any backend; borrowed:
 * keep it open while vol is used, a config folder's files point at it).
 * Returns 1 when a system32/config folder (or a config folder) was found, 0
 * when DIR holds no Windows installation (vol empty), -1 on error (errno,
 * vol->error; vol holds what was found before).  A name that is not a
 * regular file when opened (a symbolic link, a FIFO) is left out, as if
 * absent.  Files are listed current first, then by role, each SYSTEM before
 * SOFTWARE.
 */
int hd_volume_scan(struct hd_src_dir *root, struct hd_volume *vol);
/* Frees the paths, closes the descriptors and the folders. */
void hd_volume_clear(struct hd_volume *vol);

/*
 * The SystemRoot folders a boot.ini names, default= first, then the
 * [operating systems] entries, without duplicates (ASCII case ignored):
 * "multi(0)disk(0)rdisk(0)partition(1)\WINNT" gives "WINNT".  Entries with
 * no folder (C:\="MS-DOS") are left out.  Returns how many were stored in
 * roots (new strings, '\' turned into '/'), or -1 with errno ENOMEM.
 */
int hd_bootini_roots(const char *text, size_t len, char *roots[HD_VOLUME_MAX_ROOTS]);

#endif
