/* tsk_load.c - libtsk by dlopen at the first disk image (see tsk_load.h). */
#include "source/tsk_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifndef HD_TSK_SONAME
#error "HD_TSK_SONAME: the Makefile reads it from libtsk.so's SONAME"
#endif

/* Member offset and libtsk name, in the order of struct hd_tsk_api. */
#define SYM(member) { offsetof(struct hd_tsk_api, member), "tsk_" #member }
static const struct {
	size_t off;
	const char *name;
} syms[] = {
	SYM(error_get), SYM(error_reset), SYM(img_open_utf8_sing), SYM(img_read), SYM(img_close),
	SYM(vs_open), SYM(vs_part_get), SYM(vs_close), SYM(fs_open_img), SYM(fs_type_toname), SYM(fs_close),
	SYM(fs_dir_open_meta), SYM(fs_dir_getsize), SYM(fs_dir_get_name), SYM(fs_dir_get), SYM(fs_dir_close),
	SYM(fs_file_open_meta), SYM(fs_file_attr_get_type), SYM(fs_file_read), SYM(fs_file_close),
};
_Static_assert(sizeof syms / sizeof syms[0] * sizeof(void (*)(void)) == sizeof(struct hd_tsk_api),
               "every member of struct hd_tsk_api has its symbol");

static struct hd_tsk_api api;
static int loaded;

const char *hd_tsk_soname(void)
{
	return HD_TSK_SONAME;
}

const struct hd_tsk_api *hd_tsk_load(char *why, size_t whylen)
{
	struct hd_tsk_api t;
	void *h;

	if (loaded)
		return &api;
	/* Never dlclose'd: libtsk is C++ with static state, and one image leads to more. */
	if ((h = dlopen(HD_TSK_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		const char *e = dlerror();
		snprintf(why, whylen, "cannot load The Sleuth Kit (%s), which reads disk images: %s", HD_TSK_SONAME,
		         e ? e : "dlopen failed");
		return NULL;
	}
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		void *p = dlsym(h, syms[i].name);

		if (p == NULL) {
			snprintf(why, whylen, "%s has no %s: not the libtsk hivediag was built with", HD_TSK_SONAME,
			         syms[i].name);
			dlclose(h);
			return NULL;
		}
		/* POSIX: a dlsym result converts to a function pointer (dlsym(3)). */
		memcpy((char *)&t + syms[i].off, &p, sizeof p);
	}
	api = t;
	loaded = 1;
	return &api;
}
