/*
 * regval.h - a registry value as the analyzer records it (where it came from,
 * what it holds), and pure decoders of raw value data by type.
 *
 * Value types lie in real hives: decoders check the stored type and length
 * and report HD_DECODE_BADTYPE rather than guess.
 */
#ifndef HD_REGVAL_H
#define HD_REGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

void hd_regval_clear(struct hd_regval *rv);

/*
 * Items decoded from one REG_MULTI_SZ (hard limit, issue 6).  The lists the
 * analyzer reads (DependOnService, Tcpip Linkage Bind/Export/Route) name
 * one entry per service or binding: hundreds on a large server.  A value of
 * 1 MiB (hive.c's cap) of empty strings would be half a million items, a
 * report of megabytes; a longer list decodes as HD_DECODE_BADTYPE.
 */
#define HD_MAX_MULTI_ITEMS 16384

/* Decoders over raw bytes: strings are new UTF-8 (free with free()). */
int hd_decode_string(const struct hd_raw_value *v, char **out);   /* REG_SZ, REG_EXPAND_SZ */
int hd_decode_multi(const struct hd_raw_value *v, char ***out, size_t *count); /* REG_MULTI_SZ */
int hd_decode_dword(const struct hd_raw_value *v, uint32_t *out); /* REG_DWORD, exactly 4 bytes */

/*
 * A list where Windows accepts REG_MULTI_SZ and, per some W2K documents,
 * REG_SZ too: a REG_SZ yields a one-element list.
 */
int hd_decode_list(const struct hd_raw_value *v, char ***out, size_t *count);


#endif
