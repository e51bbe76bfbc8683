/*
 * nearmiss.h - are two names spellings of one name?  Compares the Exchange
 * Organization and Site names of the servers of one run (issue 17,
 * rules/peers.c): a name that differs from another only by letter case,
 * blanks, punctuation or a small typing error is a near-miss.  Pure.
 */
#ifndef HD_NEARMISS_H
#define HD_NEARMISS_H

#include <stddef.h>
#include <stdint.h>

/* How two names relate, weakest difference first. */
enum hd_near {
	HD_NEAR_DISTINCT,       /* two names: not a near-miss */
	HD_NEAR_SAME,           /* equal byte for byte */
	HD_NEAR_CASE,           /* equal when letter case is ignored (Unicode) */
	HD_NEAR_BLANKS,         /* equal when case, blanks and punctuation are ignored */
	HD_NEAR_EDIT,           /* a small edit distance apart (see hd_near_miss) */
};

/* Names longer than this (in code points) are near-misses only by letter case. */
#define HD_NEAR_MAX_LEN 128

/*
 * Compare a and b (UTF-8).  Both are folded (Unicode simple case folding,
 * as hd_name_equal) and stripped of blanks and ASCII punctuation; then:
 *   - equal: HD_NEAR_SAME, HD_NEAR_CASE or HD_NEAR_BLANKS;
 *   - their digits differ ("Site1"/"Site2", "EXCH01"/"EXCH02"): numbered
 *     siblings, HD_NEAR_DISTINCT;
 *   - otherwise HD_NEAR_EDIT when the optimal-string-alignment
 *     (restricted Damerau-Levenshtein) distance is at most 1 for names whose
 *     shorter form has 5 to 8 code points, at most 2 from 9 on; names under
 *     5 code points ("HQ", "NYC", "EU") never are: one edit is a fifth of
 *     them, and short site codes differ on purpose.
 * *distance (may be NULL) gets the edit distance of HD_NEAR_EDIT, else 0.
 */
enum hd_near hd_near_miss(const char *a, const char *b, unsigned *distance);

/*
 * A name prepared for many comparisons (rules/peers.c compares every name
 * of a run with its neighbours): folded, stripped, with a digest of its
 * digits and letters that rejects most distinct pairs before the distance.
 */
struct hd_near_key {
	uint32_t cp[HD_NEAR_MAX_LEN];   /* folded code points, blanks and punctuation removed */
	size_t n;
	int too_long;
	uint64_t digits;                /* hash of the digit sequence */
	uint8_t hist[32];               /* code points by their low 5 bits (saturating) */
};

void hd_near_key_make(const char *s, struct hd_near_key *k);

/* hd_near_miss over names a and b whose keys were made with hd_near_key_make. */
enum hd_near hd_near_miss_keys(const char *a, const struct hd_near_key *ka, const char *b,
                               const struct hd_near_key *kb, unsigned *distance);

/* "same", "case_only", "blanks_punctuation", "edit", "distinct". */
const char *hd_near_label(enum hd_near n);

#endif
