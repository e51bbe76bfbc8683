/*
 * controlset.h - which ControlSetNNN Windows would use (Q102984).
 *
 * An offline SYSTEM hive has no CurrentControlSet link: Select\Current names
 * the set.  Values 3, 10 and 47 occur in the wild, and an XP system.sav has
 * Current = 0 with Default = 1, so the name is always built as
 * "ControlSet%03u" and the choice falls back to Default, then LastKnownGood.
 */
#ifndef HD_CONTROLSET_H
#define HD_CONTROLSET_H

#include <stddef.h>
#include <stdint.h>

#include "hive/regtypes.h"

struct hd_hive;

#define HD_CONTROLSET_MAX 999u
#define HD_CONTROLSET_NAME_LEN 16   /* "ControlSet999" + NUL, with room */

enum hd_select_slot { HD_SEL_CURRENT, HD_SEL_DEFAULT, HD_SEL_FAILED, HD_SEL_LKG, HD_SEL_COUNT };

struct hd_controlset {
	struct hd_regval select[HD_SEL_COUNT];   /* Select\Current ... as read */
	int has_value[HD_SEL_COUNT];              /* decoded as a DWORD */
	uint32_t value[HD_SEL_COUNT];
	int has_binary[HD_SEL_COUNT];             /* a 4-byte REG_BINARY instead */
	uint32_t binary[HD_SEL_COUNT];            /* its bytes read little-endian */
	unsigned *present;                        /* numbers of ControlSetNNN keys, ascending */
	size_t n_present;
	unsigned analyzed;                        /* 0 = none could be chosen */
	char analyzed_name[HD_CONTROLSET_NAME_LEN];
	char *fallback_reason;                    /* NULL when Current was used as is */
	const char *wrong_type;                   /* "Current", ...: the Select value read from
	                                             a 4-byte REG_BINARY; NULL when none was */
};

/*
 * Pure choice over what was read: forced (0 = not forced) wins when present;
 * else Current, Default, LastKnownGood in that order, first that exists.
 * A value of the wrong type that is 4 bytes of REG_BINARY is read as its
 * little-endian number (DOMAIN.md 0.14: whether the loader accepts it is
 * undocumented, so the set it names is analyzed, with wrong_type set, rather
 * than none); a REG_DWORD of a later slot does not outrank it.
 * Sets out->analyzed, analyzed_name, fallback_reason and wrong_type.
 * Returns 1 chosen, 0 none usable, -1 ENOMEM.
 */
int hd_controlset_choose(struct hd_controlset *cs, unsigned forced);

/* Read Select and the ControlSetNNN keys, then choose.  1 / 0 / -1 as above. */
int hd_controlset_resolve(struct hd_hive *h, unsigned forced, struct hd_controlset *cs);

void hd_controlset_clear(struct hd_controlset *cs);

/* A Select value that is a 4-byte REG_BINARY: 1 with *out its little-endian number, else 0. */
int hd_select_binary(const struct hd_raw_value *v, uint32_t *out);

/* "ControlSet%03u"; 1 when name has that form (any case), *num set. */
int hd_controlset_parse_name(const char *name, unsigned *num);

#endif
