/*
 * test_report_recovery.c - the recovery object (report_recovery.c) the
 * SYSTEM and the SOFTWARE hive share: null for a clean hive, "not
 * attempted" with --no-replay, and each log with what it contributed.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <string.h>

#include "report/report_internal.h"

TestSuite(report_recovery);

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	cr_assert(json_object_object_get_ex(o, key, &v), "no member %s", key);
	return v;
}

Test(report_recovery, clean_hive_is_null)
{
	struct hd_replay_evidence ev = { .state = HD_REPLAY_NONE };

	cr_expect_null(hd_json_recovery(&ev, NULL));
}

Test(report_recovery, no_replay_says_not_attempted)
{
	struct hd_replay_evidence ev = { .state = HD_REPLAY_SKIPPED };
	json_object *o = hd_json_recovery(&ev, NULL);

	cr_assert_not_null(o);
	cr_expect_eq(json_object_get_boolean(member(o, "attempted")), 0);
	cr_expect_str_eq(json_object_get_string(member(o, "refused_reason")), "not attempted: --no-replay");
	cr_expect_null(member(o, "image_sha256"));
	cr_expect_eq(json_object_array_length(member(o, "logs")), 0u);
	json_object_put(o);
}

/* A new-format log applied: its entries and their sequence numbers; the
 * other log, a FIFO, not read; the saved file named only when given. */
Test(report_recovery, applied_logs_and_what_they_gave)
{
	struct hd_replay_evidence ev = { .state = HD_REPLAY_ATTEMPTED, .have_image_sha256 = 1 };
	json_object *o, *log;

	ev.recovery.applied = 1;
	ev.recovery.entries_applied = 3;
	ev.recovery.sequence_after = 12;
	ev.logs[HD_TXLOG_LOG1] = (struct hd_log_evidence){ .name = (char *)"S.LOG1", .size = 8192,
	                                                   .applied = 1, .entries_applied = 3,
	                                                   .have_seq = 1, .seq_first = 10, .seq_last = 12 };
	ev.logs[HD_TXLOG_LOG2] = (struct hd_log_evidence){ .name = (char *)"S.LOG2",
	                                                   .not_read = "is a FIFO, not a regular file" };
	memset(ev.image_sha256, 'c', 64);
	o = hd_json_recovery(&ev, "/tmp/out.hive");
	cr_assert_not_null(o);
	cr_expect_str_eq(json_object_get_string(member(o, "saved_to")), "/tmp/out.hive");
	cr_expect_eq(json_object_get_int64(member(o, "sequence_after")), 12);
	cr_assert_eq(json_object_array_length(member(o, "logs")), 2u);
	log = json_object_array_get_idx(member(o, "logs"), 0);
	cr_expect_eq(json_object_get_int64(member(log, "entries_applied")), 3);
	cr_expect_eq(json_object_get_int64(member(log, "sequence_first")), 10);
	cr_expect_eq(json_object_get_int64(member(log, "sequence_last")), 12);
	log = json_object_array_get_idx(member(o, "logs"), 1);
	cr_expect_eq(json_object_get_boolean(member(log, "applied")), 0);
	cr_expect_null(member(log, "size"), "a log not read has no size");
	cr_expect_null(member(log, "sequence_first"));
	cr_expect_str_eq(json_object_get_string(member(log, "not_read")), "is a FIFO, not a regular file");
	json_object_put(o);
}
