/*
 * sealfd.h - bytes held in a sealed memfd: an anonymous file that nothing
 * can change once sealed (F_SEAL_WRITE, SHRINK, GROW, SEAL), readable and
 * seekable like any descriptor, and openable by hivex as /proc/self/fd/N.
 * The one copy of the recipe the source stage (archive members, standard
 * input) uses; hive/expand.c and txlog/memimage.c make theirs the same way.
 */
#ifndef HD_SEALFD_H
#define HD_SEALFD_H

#include <stddef.h>

/* A new empty memfd that can be sealed, close-on-exec; -1 with errno. */
int hd_sealfd_new(const char *name);

/* Seal fd and seek it back to 0.  0, or -1 with errno. */
int hd_sealfd_seal(int fd);

/* A sealed memfd holding len bytes of buf, at offset 0; -1 with errno. */
int hd_sealfd_from(const char *name, const void *buf, size_t len);

#endif
