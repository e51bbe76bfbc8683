/*
 * fuzz_analyze.c - libFuzzer harness over the whole pipeline: base block
 * check, hive open, control set, facts, rules, verdicts, report.
 *
 * hivex opens hives by path only, so each input is written to a memfd and
 * handed to hd_analyze as /proc/self/fd/N.
 *
 * Every input is analyzed up to three ways:
 *   1. as it is, strict (most mutations of the base block end here, at the
 *      checksum test);
 *   2. "repaired", when that changes it: hive bins size clamped to what the
 *      file holds and the base block checksum recomputed, strict, so that
 *      mutations of header fields and inputs cut short by -max_len reach
 *      hivex;
 *   3. the repaired copy in hivex's tolerant (unsafe) mode, when the strict
 *      run was refused as truncated or unreadable: only then can unsafe mode
 *      take another path (a full analysis costs ~4,600 allocations, so
 *      running it needlessly would halve the executions per second).
 *
 * Oracles, beyond the sanitizers: the exit status is 0, 1 or 2; an error
 * code is set exactly when hd_analyze fails; the report serializes to
 * JSON with valid UTF-8 (jsoncheck.c; json-c, strict and UTF-8 validated,
 * on every 64th report, and the two must agree); the text report (colour
 * on) sends the terminal no control character but newlines and our own SGR
 * sequences, and the --fix-reg text is REGEDIT4 with CRLF lines and no
 * other control character (issue 15: a hostile value must not reach a
 * terminal or a .reg file as anything but text).
 *
 * Build and run: make fuzz FUZZ_SECONDS=N (see the Makefile).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "hive/regf.h"
#include "report/report.h"
#include "report/report_text.h"
#include "util/fdio.h"
#include "jsoncheck.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Die loudly: libFuzzer records the input as a crash. */
static void fail(const char *what)
{
	fprintf(stderr, "fuzz_analyze: oracle failed: %s\n", what);
	abort();
}

/* json-c's verdict on a report: is it an object, with "error"?  -1: not JSON. */
static int json_c_check(const char *text, size_t len, struct json_check *out)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *back = NULL;

	if (tok == NULL)
		fail("json_tokener_new");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	back = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (back == NULL)
		return -1;
	out->is_object = json_object_is_type(back, json_type_object);
	out->has_error = out->is_object && json_object_object_get_ex(back, "error", NULL);
	json_object_put(back);
	return 0;
}

/* The report must be JSON (UTF-8 checked) that is an object.  jsoncheck.c
 * says so without building a tree; every 64th report json-c parses it too,
 * and the two must agree. */
static void check_report(const struct hd_result *res)
{
	static unsigned long n_reports;
	struct hd_report *r = hd_report_build(res);
	char *text = NULL;
	size_t len = 0;
	FILE *f = NULL;
	struct json_check mine, theirs;
	int ok;

	if (r == NULL)
		fail("hd_report_build returned NULL");
	f = open_memstream(&text, &len);
	if (f == NULL)
		fail("open_memstream");
	if (hd_report_write(r, f, HD_REPORT_COMPACT) < 0)
		fail("hd_report_write");
	fclose(f);
	ok = json_check(text, len, &mine) == 0;
	if (n_reports++ % 64 == 0 &&
	    (ok != (json_c_check(text, len, &theirs) == 0) ||
	     (ok && (mine.is_object != theirs.is_object || mine.has_error != theirs.has_error))))
		fail("jsoncheck.c and json-c disagree on a report");
	if (!ok || !mine.is_object)
		fail("the report is not a JSON object");
	if ((res->error_code != NULL) != mine.has_error)
		fail("error object present iff error_code");
	free(text);
	hd_report_free(r);
}

/* Text: only \n and "ESC [ digits ; m" as controls.  .reg: only CR LF pairs. */
static void check_controls(const char *t, size_t len, int reg)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (reg && c == '\r' && i + 1 < len && t[i + 1] == '\n') {
			i++;
			continue;
		}
		if (!reg && c == '\033' && i + 1 < len && t[i + 1] == '[') {
			for (i += 2; i < len && ((t[i] >= '0' && t[i] <= '9') || t[i] == ';'); i++)
				;
			if (i == len || t[i] != 'm')
				fail("an escape sequence that is not SGR");
			continue;
		}
		if ((c < 0x20 && (reg || c != '\n')) || c == 0x7f)
			fail(reg ? "a control character in the .reg text" : "a control character in the text report");
	}
}

static void check_text(const struct hd_result *res)
{
	struct hd_text_style st = { .width = 40, .color = 1 };
	struct hd_reg_summary sum;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL || hd_report_text(res, &st, f) < 0 || fclose(f) != 0)
		fail("hd_report_text");
	check_controls(text, len, 0);
	free(text);
	text = NULL;
	if ((f = open_memstream(&text, &len)) == NULL || hd_report_reg(res, f, &sum) < 0 || fclose(f) != 0)
		fail("hd_report_reg");
	if (len < 10 || memcmp(text, "REGEDIT4\r\n", 10) != 0)
		fail("the .reg text does not start with REGEDIT4");
	check_controls(text, len, 1);
	free(text);
}

/* One memfd for the whole run, refilled per input: creating one per input
 * cost a fifth of the fuzzer's time. */
static int hive_fd = -1;

/* Analyze one buffer; returns 1 when a strict run was refused in a way
 * that unsafe mode would not refuse. */
static int analyze_buffer(const uint8_t *data, size_t size, int unsafe)
{
	struct hd_options opts = { .unsafe = unsafe };
	struct hd_result res;
	char path[64];
	int rc, status, unsafe_differs;

	if (hive_fd < 0 && (hive_fd = memfd_create("fuzz-hive", MFD_CLOEXEC)) < 0)
		fail("memfd_create");
	if (ftruncate(hive_fd, 0) < 0 || lseek(hive_fd, 0, SEEK_SET) < 0 ||
	    hd_write_all(hive_fd, data, size) < 0)
		fail("memfd write");
	snprintf(path, sizeof path, "/proc/self/fd/%d", hive_fd);
	rc = hd_analyze(path, &opts, &res);
	if ((rc < 0) != (res.error_code != NULL))
		fail("hd_analyze return value disagrees with error_code");
	status = hd_result_exit_status(&res);
	if (status < 0 || status > 2)
		fail("exit status outside 0..2");
	check_report(&res);
	check_text(&res);
	unsafe_differs = !unsafe && res.error_code != NULL &&
	                 (strcmp(res.error_code, HD_ERR_TRUNCATED) == 0 ||
	                  strcmp(res.error_code, HD_ERR_HIVE_OPEN) == 0);
	hd_result_clear(&res);
	return unsafe_differs;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Clamp the hive bins size (offset 40) to whole 4 KiB pages present, fix the checksum. */
static void repair_base_block(uint8_t *hive, size_t size)
{
	uint64_t room = (size - HD_REGF_BASE_BLOCK_SIZE) & ~(uint64_t)0xfff;

	if (get_le32(hive + 40) > room)
		put_le32(hive + 40, (uint32_t)room);
	put_le32(hive + HD_REGF_CHECKSUM_OFFSET, hd_regf_checksum(hive));
}

/* The report oracle's checker must know good JSON from bad before it judges. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (json_check_selftest() != 0)
		fail("jsoncheck.c's self-test");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fixed = NULL;
	int try_unsafe = analyze_buffer(data, size, 0);

	if (size < HD_REGF_BASE_BLOCK_SIZE || memcmp(data, "regf", 4) != 0)
		return 0;
	fixed = malloc(size);
	if (fixed == NULL)
		return 0;
	memcpy(fixed, data, size);
	repair_base_block(fixed, size);
	if (memcmp(fixed, data, HD_REGF_BASE_BLOCK_SIZE) != 0)
		try_unsafe = analyze_buffer(fixed, size, 0);
	if (try_unsafe)
		analyze_buffer(fixed, size, 1);
	free(fixed);
	return 0;
}
