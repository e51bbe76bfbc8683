/*
 * test_spool.c - the names pass's spool of inputs (cli/spool.c) and the
 * names job's reply (cli/names_job.c): what goes in comes back, in order,
 * byte for byte; a malformed reply is refused, never half-read.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli/names_job.h"
#include "cli/spool.h"

TestSuite(spool);

/* Every field of every record, NULL strings included, in order; then the end. */
Test(spool, round_trip)
{
	struct hd_spool s;
	struct hd_input in[3] = {
		{ .path = "a/b/SYSTEM", .root = "a", .no_follow = 1 },
		{ .path = "x", .entry_error = "empty entry in the list of hives" },
		{ .path = "a/c", .root = "a", .no_follow = 1, .pass = HD_PASS_LOG, .walk_errno = 13 },
	};
	struct hd_input out;

	cr_assert_eq(hd_spool_open(&s), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(hd_spool_add(&s, &in[i]), 0);
	cr_assert_eq(s.n, 3);
	cr_assert_eq(hd_spool_rewind(&s), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(hd_spool_next(&s, &out), 1);
		cr_expect_str_eq(out.path, in[i].path);
		cr_expect(in[i].root ? out.root && strcmp(out.root, in[i].root) == 0 : out.root == NULL);
		cr_expect(in[i].entry_error ? out.entry_error && strcmp(out.entry_error, in[i].entry_error) == 0
		                            : out.entry_error == NULL);
		cr_expect_eq(out.no_follow, in[i].no_follow);
		cr_expect_eq(out.pass, in[i].pass);
		cr_expect_eq(out.walk_errno, in[i].walk_errno);
	}
	cr_assert_eq(hd_spool_next(&s, &out), 0);
	hd_spool_close(&s);
}

/* A names reply decodes to the record it was; a cut or altered one is refused. */
Test(spool, names_reply)
{
	static const char ok[] = "R\3-\0+c\0+c/i\0+EXCH01\0+contoso.com\0+Contoso\0+Redmond\0-\0";
	static const char passed[] = "P\1";
	struct hd_fleet_names *n;
	struct hd_pair_note note;
	int pass, noted;

	cr_assert_eq(hd_names_job_decode(ok, sizeof ok - 1, "c/i/SYSTEM", &pass, &n, &note, &noted), 0);
	cr_expect_eq(noted, 0);
	cr_assert_not_null(n);
	cr_expect_eq(pass, HD_PASS_NONE);
	cr_expect(n->read && n->is_system);
	cr_expect_null(n->sha256);
	cr_expect_str_eq(n->path, "c/i/SYSTEM");
	cr_expect_str_eq(n->installation, "c/i");
	cr_expect_str_eq(n->domain, "contoso.com");
	cr_expect_str_eq(n->site, "Redmond");
	cr_expect_null(n->error);
	hd_fleet_names_clear(n);
	free(n);
	cr_assert_eq(hd_names_job_decode(passed, 2, "x", &pass, &n, &note, &noted), 0);
	cr_expect_eq(pass, HD_PASS_LOG);
	cr_expect_null(n);
	cr_expect_eq(noted, 0);
	for (size_t cut = 0; cut < sizeof ok - 1; cut++)
		cr_expect_eq(hd_names_job_decode(ok, cut, "x", &pass, &n, &note, &noted), -1, "cut at %zu", cut);
	cr_expect_eq(hd_names_job_decode("Q\1", 2, "x", &pass, &n, &note, &noted), -1);
	cr_expect_eq(hd_names_job_decode("P\7", 2, "x", &pass, &n, &note, &noted), -1);
	cr_expect_eq(hd_names_job_decode("R\13", 2, "x", &pass, &n, &note, &noted), -1, "an unknown flag");
}

/* A reply with the pairing's note (-r): the note comes back as sent, with the record or the pass. */
Test(spool, names_reply_with_note)
{
	static const char fields[] = "-\0+c\0+c/i\0+EXCH01\0+contoso.com\0+Contoso\0+Redmond\0-\0";
	struct hd_pair_note sent = { .dev = 2049, .ino = 77, .size = 4096, .mtime_ns = 5, .ctime_ns = 6,
	                             .flags = HD_PAIR_KNOWN | HD_PAIR_PRIMARY | HD_PAIR_SYSTEM }, got;
	char buf[2 + sizeof sent + sizeof fields];
	struct hd_fleet_names *n;
	int pass, noted;

	buf[0] = 'R';
	buf[1] = 3 | 4;
	memcpy(buf + 2, &sent, sizeof sent);
	memcpy(buf + 2 + sizeof sent, fields, sizeof fields - 1);
	cr_assert_eq(hd_names_job_decode(buf, sizeof buf - 1, "c/i/SYSTEM", &pass, &n, &got, &noted), 0);
	cr_assert_not_null(n);
	cr_expect_eq(noted, 1);
	cr_expect_eq(memcmp(&got, &sent, sizeof sent), 0);
	cr_expect_str_eq(n->server, "EXCH01");
	hd_fleet_names_clear(n);
	free(n);
	for (size_t cut = 0; cut < sizeof buf - 1; cut++)
		cr_expect_eq(hd_names_job_decode(buf, cut, "x", &pass, &n, &got, &noted), -1, "cut at %zu", cut);
	buf[0] = 'P';
	buf[1] = HD_PASS_NOT_HIVE;
	memset(&got, 0, sizeof got);
	cr_assert_eq(hd_names_job_decode(buf, 2 + sizeof sent, "x", &pass, &n, &got, &noted), 0);
	cr_expect_eq(pass, HD_PASS_NOT_HIVE);
	cr_expect_eq(noted, 1);
	cr_expect_eq(memcmp(&got, &sent, sizeof sent), 0);
	cr_expect_eq(hd_names_job_decode(buf, 3, "x", &pass, &n, &got, &noted), -1, "a pass with part of a note");
	/* A notes-only job's reply: no record, the note. */
	buf[0] = 'N';
	buf[1] = HD_PASS_NONE;
	memset(&got, 0, sizeof got);
	cr_assert_eq(hd_names_job_decode(buf, 2 + sizeof sent, "x", &pass, &n, &got, &noted), 0);
	cr_expect_eq(pass, HD_PASS_NONE);
	cr_expect_null(n);
	cr_expect_eq(noted, 1);
	cr_expect_eq(memcmp(&got, &sent, sizeof sent), 0);
	cr_expect_eq(hd_names_job_decode("N\1", 2, "x", &pass, &n, &got, &noted), -1, "N with a pass");
}
