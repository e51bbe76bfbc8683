/* test_reorder.c - the runner's reorder window: input order out, bounded size. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/reorder.h"

TestSuite(reorder);

static void finish(struct hd_reorder *r, uint64_t seq)
{
	struct hd_slot *s = hd_reorder_at(r, seq);

	cr_assert_not_null(s);
	s->state = HD_SLOT_DONE;
}

/* Hives finishing out of order leave in input order, each as soon as it can. */
Test(reorder, releases_in_input_order)
{
	struct hd_reorder r;
	const char *names[] = { "h0", "h1", "h2", "h3" };
	uint64_t seq;

	cr_assert_eq(hd_reorder_init(&r, 4), 0);
	for (uint64_t i = 0; i < 4; i++) {
		cr_assert_not_null(hd_reorder_push(&r, names[i], &seq));
		cr_assert_eq(seq, i);
	}
	finish(&r, 2);
	finish(&r, 1);
	cr_assert_null(hd_reorder_ready(&r), "h0 still running: nothing printable");
	finish(&r, 0);
	for (int i = 0; i < 3; i++) {
		struct hd_slot *s = hd_reorder_ready(&r);
		cr_assert_not_null(s);
		cr_assert_str_eq(s->path, names[i]);
		hd_reorder_pop(&r);
	}
	cr_assert_null(hd_reorder_ready(&r), "h3 not done");
	finish(&r, 3);
	cr_assert_str_eq(hd_reorder_ready(&r)->path, "h3");
	hd_reorder_pop(&r);
	cr_assert(hd_reorder_empty(&r));
	hd_reorder_free(&r);
}

/* The window holds at most cap hives; releasing one makes room, slots are reused. */
Test(reorder, bounded)
{
	struct hd_reorder r;
	uint64_t seq;

	cr_assert_eq(hd_reorder_init(&r, 2), 0);
	cr_assert_not_null(hd_reorder_push(&r, "a", &seq));
	cr_assert_not_null(hd_reorder_push(&r, "b", &seq));
	cr_assert(hd_reorder_full(&r));
	cr_assert_null(hd_reorder_push(&r, "c", &seq));
	finish(&r, 0);
	hd_reorder_pop(&r);
	cr_assert_not_null(hd_reorder_push(&r, "c", &seq));
	cr_assert_eq(seq, 2);
	cr_assert_str_eq(hd_reorder_at(&r, 2)->path, "c");
	cr_assert_null(hd_reorder_at(&r, 0), "released sequence numbers are gone");
	cr_assert_null(hd_reorder_at(&r, 3), "future sequence numbers are not in the window");
	hd_reorder_free(&r);
}
