/*
 * winver.h - which Windows the server runs, and how that was established
 * (DOMAIN.md 0.11).  The SOFTWARE hive's Microsoft\Windows NT\CurrentVersion
 * names it (CurrentVersion 4.0 = NT 4.0, 5.0 = Windows 2000); without it
 * the SYSTEM hive only hints that it is 2000 or later (facts_network.h,
 * HD_W2K_HINT_*), and nothing in it proves NT 4.0: no version is printed on
 * a guess.
 */
#ifndef HD_WINVER_H
#define HD_WINVER_H

#include "facts/facts_network.h"
#include "facts/software.h"

enum hd_winver {
	HD_WINVER_UNKNOWN,
	HD_WINVER_NT4,                  /* CurrentVersion 4.0 */
	HD_WINVER_2000,                 /* 5.0 */
	HD_WINVER_XP,                   /* 5.1 */
	HD_WINVER_2003,                 /* 5.2 */
	HD_WINVER_OTHER,                /* another CurrentVersion */
	HD_WINVER_2000_OR_LATER,        /* SYSTEM hive hints only */
};

enum hd_winver_source {
	HD_WINVER_FROM_NONE,            /* not established */
	HD_WINVER_FROM_SOFTWARE,        /* CurrentVersion of the SOFTWARE hive */
	HD_WINVER_FROM_SYSTEM_HINTS,    /* "2000 or later" from the SYSTEM hive's layout */
};

struct hd_windows_id {
	enum hd_winver version;
	enum hd_winver_source source;
	const char *name;               /* "Windows NT 4.0", ..., NULL when not established */
	const char *current_version;    /* borrowed from the SOFTWARE facts, or NULL */
	const char *build;              /* CurrentBuildNumber, borrowed, or NULL */
	unsigned hints;                 /* HD_W2K_HINT_* of the SYSTEM hive */
};

/* Establish the version from sw (when sw->given) and net's hints (pure). */
void hd_windows_identify(const struct hd_software_facts *sw, const struct hd_network_facts *net,
                         struct hd_windows_id *out);

/* "nt4", "2000", "xp", "2003", "other", "2000_or_later", or NULL when unknown. */
const char *hd_winver_code(enum hd_winver v);
/* "software", "system_hints", "none". */
const char *hd_winver_source_name(enum hd_winver_source s);

/* The hints as JSON-style names ("interfaces_key" ...) and as words for people. */
#define HD_W2K_HINT_COUNT 3
const char *hd_w2k_hint_name(unsigned bit);
const char *hd_w2k_hint_words(unsigned bit);

#endif
