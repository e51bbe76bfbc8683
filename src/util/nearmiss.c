/*
 * nearmiss.c - near-miss names (see nearmiss.h).
 */
#include "util/nearmiss.h"

#include <stdint.h>
#include <string.h>

#include "util/textutil.h"

#define MIN_EDIT_LEN 5          /* shorter names: no edit counts as a typing error */
#define TWO_EDITS_LEN 9         /* from here on two edits do */

/* Blanks and punctuation: what a name may gain or lose without being another name. */
static int is_filler(uint32_t cp)
{
	if (cp == 0xa0)
		return 1;       /* no-break space */
	if (cp >= 0x80)
		return 0;
	return cp == ' ' || cp == '\t' || (cp > 0x20 && cp < 0x7f &&
	       !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')));
}

void hd_near_key_make(const char *s, struct hd_near_key *k)
{
	uint32_t folded[HD_NEAR_MAX_LEN];
	size_t n = hd_name_fold(s, folded, HD_NEAR_MAX_LEN);
	uint64_t h = 14695981039346656037u;

	memset(k, 0, sizeof *k);
	k->too_long = n > HD_NEAR_MAX_LEN;
	for (size_t i = 0; i < n && i < HD_NEAR_MAX_LEN; i++) {
		uint32_t cp = folded[i];

		if (is_filler(cp))
			continue;
		k->cp[k->n++] = cp;
		if (k->hist[cp & 31u] < 255)
			k->hist[cp & 31u]++;
		if (cp >= '0' && cp <= '9')
			h = (h ^ cp) * 1099511628211u;
	}
	k->digits = h;
}

static int same_key(const struct hd_near_key *a, const struct hd_near_key *b)
{
	return a->n == b->n && memcmp(a->cp, b->cp, a->n * sizeof a->cp[0]) == 0;
}

/* 1 when the two keys hold the same digits in the same order. */
static int same_digits(const struct hd_near_key *a, const struct hd_near_key *b)
{
	size_t i = 0, j = 0;

	if (a->digits != b->digits)
		return 0;
	for (;;) {
		while (i < a->n && (a->cp[i] < '0' || a->cp[i] > '9'))
			i++;
		while (j < b->n && (b->cp[j] < '0' || b->cp[j] > '9'))
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (a->cp[i++] != b->cp[j++])
			return 0;
	}
}

/* Each edit moves at most 2 code points between the letter-count bins. */
static unsigned hist_distance(const struct hd_near_key *a, const struct hd_near_key *b)
{
	unsigned d = 0;

	for (size_t i = 0; i < sizeof a->hist; i++)
		d += (unsigned)(a->hist[i] > b->hist[i] ? a->hist[i] - b->hist[i] : b->hist[i] - a->hist[i]);
	return d;
}

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
static unsigned osa_distance(const struct hd_near_key *a, const struct hd_near_key *b)
{
	unsigned rows[3][HD_NEAR_MAX_LEN + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	for (size_t j = 0; j <= b->n; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= a->n; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= b->n; j++) {
			unsigned cost = a->cp[i - 1] != b->cp[j - 1];
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a->cp[i - 1] == b->cp[j - 2] && a->cp[i - 2] == b->cp[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[b->n];
}

enum hd_near hd_near_miss_keys(const char *a, const struct hd_near_key *ka, const char *b,
                               const struct hd_near_key *kb, unsigned *distance)
{
	size_t shorter;
	unsigned allowed, d;

	if (distance)
		*distance = 0;
	if (strcmp(a, b) == 0)
		return HD_NEAR_SAME;
	/* Equal when folded implies equal keys: the cheap test first. */
	if (ka->too_long || kb->too_long || same_key(ka, kb)) {
		if (hd_name_equal(a, b))
			return HD_NEAR_CASE;
		return !ka->too_long && !kb->too_long && ka->n > 0 ? HD_NEAR_BLANKS : HD_NEAR_DISTINCT;
	}
	shorter = ka->n < kb->n ? ka->n : kb->n;
	allowed = shorter < MIN_EDIT_LEN ? 0 : shorter < TWO_EDITS_LEN ? 1 : 2;
	if (allowed == 0 || ka->n > kb->n + allowed || kb->n > ka->n + allowed ||
	    hist_distance(ka, kb) > 2 * allowed || !same_digits(ka, kb))
		return HD_NEAR_DISTINCT;
	d = osa_distance(ka, kb);
	if (d > allowed)
		return HD_NEAR_DISTINCT;
	if (distance)
		*distance = d;
	return HD_NEAR_EDIT;
}

enum hd_near hd_near_miss(const char *a, const char *b, unsigned *distance)
{
	struct hd_near_key ka, kb;

	hd_near_key_make(a, &ka);
	hd_near_key_make(b, &kb);
	return hd_near_miss_keys(a, &ka, b, &kb, distance);
}

const char *hd_near_label(enum hd_near n)
{
	static const char *const label[] = { "distinct", "same", "case_only", "blanks_punctuation", "edit" };

	return (unsigned)n <= HD_NEAR_EDIT ? label[n] : "?";
}
