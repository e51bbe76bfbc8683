/*
 * tsk_load.h - The Sleuth Kit, loaded at the first disk image (issue 23).
 *
 * libtsk and what Debian builds it with (libstdc++, libewf, libvhdi,
 * libvmdk, libafflib and through it libcurl, GnuTLS, OpenSSL, Kerberos,
 * LDAP...) are some forty shared libraries: linked, they cost every hivediag
 * process about 8 MB of resident pages and their start-up, though most runs
 * never meet a disk image.  So image.c calls libtsk through this table,
 * filled with dlopen/dlsym the first time an image is opened, by the soname
 * the build found (HD_TSK_SONAME).  The library stays loaded until exit.
 */
#ifndef HD_SOURCE_TSK_LOAD_H
#define HD_SOURCE_TSK_LOAD_H

#include <stddef.h>

#include <tsk/libtsk.h>

/* Each member has the type of the libtsk function it names (tsk_<member>). */
struct hd_tsk_api {
	__typeof__(tsk_error_get) *error_get;
	__typeof__(tsk_error_reset) *error_reset;
	__typeof__(tsk_img_open_utf8_sing) *img_open_utf8_sing;
	__typeof__(tsk_img_read) *img_read;
	__typeof__(tsk_img_close) *img_close;
	__typeof__(tsk_vs_open) *vs_open;
	__typeof__(tsk_vs_part_get) *vs_part_get;
	__typeof__(tsk_vs_close) *vs_close;
	__typeof__(tsk_fs_open_img) *fs_open_img;
	__typeof__(tsk_fs_type_toname) *fs_type_toname;
	__typeof__(tsk_fs_close) *fs_close;
	__typeof__(tsk_fs_dir_open_meta) *fs_dir_open_meta;
	__typeof__(tsk_fs_dir_getsize) *fs_dir_getsize;
	__typeof__(tsk_fs_dir_get_name) *fs_dir_get_name;
	__typeof__(tsk_fs_dir_get) *fs_dir_get;
	__typeof__(tsk_fs_dir_close) *fs_dir_close;
	__typeof__(tsk_fs_file_open_meta) *fs_file_open_meta;
	__typeof__(tsk_fs_file_attr_get_type) *fs_file_attr_get_type;
	__typeof__(tsk_fs_file_read) *fs_file_read;
	__typeof__(tsk_fs_file_close) *fs_file_close;
};

/*
 * The table, libtsk loaded now if it was not: NULL when it cannot be
 * (why: dlerror's words, or the missing symbol, into why[whylen]).  A
 * failure is not remembered: the next call tries again.
 */
const struct hd_tsk_api *hd_tsk_load(char *why, size_t whylen);

/* The soname the build found, e.g. "libtsk.so.19". */
const char *hd_tsk_soname(void);

#endif
