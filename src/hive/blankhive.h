/*
 * blankhive.h - the bytes of a hive that holds nothing but its root key.
 *
 * hivex can grow a hive but cannot create one (virt-win-reg and hivexsh
 * start from an existing file), so mkhive hands it this seed.
 */
#ifndef HD_BLANKHIVE_H
#define HD_BLANKHIVE_H

#include <stdint.h>

#define HD_BLANK_HIVE_SIZE 8192u        /* base block + one 4096-byte hive bin */
#define HD_BLANK_HIVE_NAME_MAX 31u      /* the base block keeps 32 UTF-16 units */
#define HD_BLANK_HIVE_ROOT_NAME "$$$PROTO.HIV"  /* root key name of NT-era SYSTEM hives */

/* 2002-08-06T10:11:12Z as a FILETIME: every sample's fixed time, so hives are byte-stable. */
#define HD_MKHIVE_FILETIME ((UINT64_C(1028628672) + UINT64_C(11644473600)) * UINT64_C(10000000))

/*
 * Fill buf with a hive of format 1.5 whose root key has no subkeys and no
 * values, last written at filetime; name is the file name recorded in the
 * base block ("SYSTEM" in real SYSTEM hives): printable ASCII, 1 to 31
 * characters.  Returns 0, or -1 with errno = EINVAL for a bad name.
 */
int hd_blank_hive(uint8_t buf[HD_BLANK_HIVE_SIZE], const char *name, uint64_t filetime);

/* 1 when name fits the base block as hd_blank_hive requires, else 0. */
int hd_blank_hive_name_ok(const char *name);

#endif
