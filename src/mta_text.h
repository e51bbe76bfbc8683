/*
 * mta_text.h - a growing string for the MTA rule pack's details and
 * remedies, whose length depends on what the hive holds (adapter names,
 * address lists).  Pure memory, no I/O.
 */
#ifndef HD_MTA_TEXT_H
#define HD_MTA_TEXT_H

#include <stddef.h>

struct hd_mta_text {
	char *s;                /* NUL-terminated once anything was added */
	size_t len, cap;
	int failed;             /* an allocation failed: s is freed and stays NULL */
};

/* Append printf-style; after a failure every call is a no-op. */
void hd_mta_text_addf(struct hd_mta_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append items joined by sep ("" for none). */
void hd_mta_text_join(struct hd_mta_text *t, char *const *items, size_t n, const char *sep);

/* The text ("" when nothing was added) handed to the caller, or NULL with errno = ENOMEM. */
char *hd_mta_text_take(struct hd_mta_text *t);

/* The text so far, borrowed ("" when nothing was added, NULL after a failure). */
const char *hd_mta_text_str(const struct hd_mta_text *t);

void hd_mta_text_clear(struct hd_mta_text *t);

#endif
