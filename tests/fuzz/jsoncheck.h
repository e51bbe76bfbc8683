/*
 * jsoncheck.h - a strict JSON checker for the fuzz harnesses' report oracle.
 *
 * fuzz_analyze used to parse every report back with json-c (strict, UTF-8
 * validated) and free the tree again: a third of the harness's time, for
 * a yes or no.  This checker answers the same question in one pass with no
 * allocation: RFC 8259 grammar, strings of well-formed UTF-8 (Unicode
 * table 3-7: no overlong form, no surrogate, nothing past U+10FFFF) with
 * no raw control character, at most JSON_CHECK_DEPTH levels (json-c's
 * default depth), nothing after the value but white space.  The harness
 * still runs json-c on every 64th report and aborts if the two disagree.
 */
#ifndef HD_FUZZ_JSONCHECK_H
#define HD_FUZZ_JSONCHECK_H

#include <stddef.h>

#define JSON_CHECK_DEPTH 32

struct json_check {
	int is_object;          /* the value is an object */
	int has_error;          /* ... with a member "error" */
};

/* 0 when text[0..len) is one JSON value as above (out filled), else -1. */
int json_check(const char *text, size_t len, struct json_check *out);

/* Known good and bad texts through json_check: 0 when every answer is right. */
int json_check_selftest(void);

#endif
