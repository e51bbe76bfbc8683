/* skip_missing.h - the one way a Criterion test skips (unit and corpus tests).
 *
 * A test skips only for what this machine lacks: a tool (xz, mscompress,
 * gcab), the sample hives of a `make` not yet run, ../shared/corpus.  CI
 * installs every tool and has the corpus beside the clone, so there
 * (.ci/run exports HIVEDIAG_NO_SKIP=1) a skip is a missing install step and
 * fails the test instead (tests/cli/lib.sh's skip_part does the same for the
 * CLI tests). */
#ifndef HD_TESTS_SKIP_MISSING_H
#define HD_TESTS_SKIP_MISSING_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static inline int hd_no_skip(void)
{
	const char *v = getenv("HIVEDIAG_NO_SKIP");

	return v != NULL && strcmp(v, "1") == 0;
}

#define HD_SKIP_MISSING(...)                                                    \
	do {                                                                    \
		if (hd_no_skip())                                               \
			cr_assert_fail("HIVEDIAG_NO_SKIP=1, yet the test would skip: " \
			         __VA_ARGS__);                                  \
		cr_skip_test(__VA_ARGS__);                                      \
	} while (0)

#endif
