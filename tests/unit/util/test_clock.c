/* test_clock.c - the monotonic clock (util/clock.c). */
#include <criterion/criterion.h>
#include <time.h>

#include "util/clock.h"

TestSuite(clock);

/* It never goes back, and a 20 ms sleep shows as at least 20 ms. */
Test(clock, monotonic_and_in_seconds)
{
	struct timespec d = { 0, 20 * 1000 * 1000 };
	double a = hd_now(), b;

	cr_assert_gt(a, 0.0);
	nanosleep(&d, NULL);
	b = hd_now();
	cr_expect_geq(b - a, 0.019, "slept %f s", b - a);
	cr_expect_lt(b - a, 5.0);
}
