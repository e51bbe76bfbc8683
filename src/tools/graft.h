/*
 * graft.h - add the Exchange service keys of a sample (parsed REGEDIT4
 * text) to a copy of a real SYSTEM hive, so the rules meet a TCP/IP layout
 * nobody on this project wrote (tests/cli/test_graft.sh, issue 11).
 *
 * Only keys below <first control set>\Services\MSExchange* of the sample
 * are taken; they are written into the base hive's Select\Current control
 * set.  Nothing of the sample's TCP/IP is copied: the real hive's stays.
 */
#ifndef HD_GRAFT_H
#define HD_GRAFT_H

#include <stddef.h>

#include "hive/hivebuild.h"

/*
 * Copy base_path to out_path (through a temporary file renamed at the end),
 * add doc's Exchange service keys to the copy, then delete each key of
 * remove[0..n_remove) (paths relative to the control set, e.g.
 * "Services\\Tcpip\\Parameters\\Winsock"; a missing one is an error).
 * Returns 0, or -1 with errno set and *fail filled.
 */
int hd_graft_write(const struct hd_regtext *doc, const char *base_path, const char *out_path,
                   const char *const *remove, size_t n_remove,
                   struct hd_hivebuild_failure *fail);

#endif
