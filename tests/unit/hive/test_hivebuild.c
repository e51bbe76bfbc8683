/*
 * test_hivebuild.c - parsed text written as a hive and read back through
 * the analyzer's own hive.c: keys, values, types, times, stability.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/hive.h"
#include "util/textutil.h"
#include "hive/blankhive.h"
#include "hive/hivebuild.h"
#include "hive/regtext.h"

/* A key's last-write time, asserting that it could be read. */
static uint64_t key_time_of(struct hd_hive *h, hd_key k)
{
	uint64_t t = 0;

	cr_assert_eq(hd_key_time(h, k, &t), HD_FOUND);
	return t;
}

TestSuite(hivebuild);

static char dir[] = "/tmp/hd-hivebuild-XXXXXX";
static char out[sizeof dir + 32];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.hive", dir);
}

static void teardown(void)
{
	unlink(out);
	rmdir(dir);
}

static const char sample[] =
	"REGEDIT4\n"
	"[Select]\n\"Current\"=dword:00000001\n"
	"[ControlSet001\\Services\\MSExchangeIMC\\Parameters]\n"
	"\"SiteDN\"=\"/o=Contoso/ou=Redmond\"\n@=\"default\"\n"
	"\"Odd\"=hex(4):01,00\n\"Empty\"=hex:\n\"List\"=multi:\"Tcpip\",\"\",\"\"\n"
	"[controlset001\\SERVICES\\Tcpip\\Linkage]\n"
	"[ControlSet001\\Services\\\xc3\x9c\xc3\xb1\xc3\xaf]\n\"\xc3\xa9\"=\"\xe6\x97\xa5\"\n";

static void parse(const char *text, struct hd_regtext *doc)
{
	struct hd_regtext_error err;

	cr_assert_eq(hd_regtext_parse(text, strlen(text), doc, &err), 0, "%u: %s", err.line, err.message);
}

static void build(const struct hd_regtext *doc)
{
	struct hd_hivebuild_failure fail;

	cr_assert_eq(hd_hivebuild_write(doc, out, "SYSTEM", &fail), 0, "%s: %s", fail.what, strerror(errno));
}

/* Every value reads back with the type and bytes the text gave, keys at the fixed time. */
Test(hivebuild, values_round_trip, .init = setup, .fini = teardown)
{
	struct hd_regtext doc;
	struct hd_hive *h;
	hd_key key;

	parse(sample, &doc);
	build(&doc);
	h = hd_hive_open(out, 0, NULL);
	cr_assert_not_null(h);
	for (size_t i = 0; i < doc.n_keys; i++) {
		const struct hd_regtext_key *k = &doc.keys[i];

		cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), k->path, &key), HD_FOUND, "%s", k->path);
		cr_assert_eq(key_time_of(h, key), HD_MKHIVE_FILETIME, "%s", k->path);
		for (size_t j = 0; j < k->n_values; j++) {
			struct hd_raw_value raw = {0};

			cr_assert_eq(hd_value_read(h, key, k->values[j].name, &raw), HD_FOUND, "%s", k->values[j].name);
			cr_assert_eq(raw.type, k->values[j].type);
			cr_assert_eq(raw.len, k->values[j].len);
			if (raw.len > 0)
				cr_assert_eq(memcmp(raw.data, k->values[j].data, raw.len), 0);
			hd_raw_value_clear(&raw);
		}
	}
	hd_hive_close(h);
	hd_regtext_clear(&doc);
}

/* Parents are created (at the fixed time) and keys written in another case are one key. */
Test(hivebuild, parents_created_and_case_merged, .init = setup, .fini = teardown)
{
	struct hd_regtext doc;
	struct hd_hive *h;
	hd_key key;
	char **names = NULL;
	size_t count = 0;

	parse(sample, &doc);
	build(&doc);
	h = hd_hive_open(out, 0, NULL);
	cr_assert_not_null(h);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "ControlSet001\\Services", &key), HD_FOUND);
	cr_assert_eq(key_time_of(h, key), HD_MKHIVE_FILETIME);
	cr_assert_eq(hd_key_subkey_names(h, key, &names, &count), HD_FOUND);
	cr_assert_eq(count, 3, "MSExchangeIMC, Tcpip and the Unicode key, nothing doubled");
	hd_strv_free(names);
	cr_assert_eq(hd_key_subkey_names(h, hd_hive_root(h), &names, &count), HD_FOUND);
	cr_assert_eq(count, 2, "Select and ControlSet001: controlset001 is the same key");
	cr_assert_str_eq(names[0], "ControlSet001", "the first spelling is kept");
	cr_assert_str_eq(names[1], "Select");
	hd_strv_free(names);
	hd_hive_close(h);
	hd_regtext_clear(&doc);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The same text gives the same bytes, and the hive is clean (sequence numbers equal). */
Test(hivebuild, byte_stable_and_clean, .init = setup, .fini = teardown)
{
	struct hd_regtext doc;
	size_t len1, len2;
	char *first, *second;

	parse(sample, &doc);
	build(&doc);
	first = slurp(out, &len1);
	build(&doc);
	second = slurp(out, &len2);
	cr_assert_eq(len1, len2);
	cr_assert_eq(memcmp(first, second, len1), 0);
	cr_assert_eq(memcmp(first + 4, first + 8, 4), 0, "primary == secondary sequence");
	free(first);
	free(second);
	hd_regtext_clear(&doc);
}

/* A write into a missing directory fails with errno and leaves nothing behind. */
Test(hivebuild, failed_write_leaves_nothing, .init = setup, .fini = teardown)
{
	struct hd_regtext doc;
	struct hd_hivebuild_failure fail;
	char missing[sizeof out + 16];
	struct stat st;

	snprintf(missing, sizeof missing, "%s/no/out.hive", dir);
	parse(sample, &doc);
	cr_assert_eq(hd_hivebuild_write(&doc, missing, "SYSTEM", &fail), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_not_null(fail.what);
	cr_assert_eq(stat(missing, &st), -1);
	hd_regtext_clear(&doc);
}

/* A bad base-block name is refused before any file is created. */
Test(hivebuild, bad_name_refused, .init = setup, .fini = teardown)
{
	struct hd_regtext doc;
	struct hd_hivebuild_failure fail;
	struct stat st;

	parse(sample, &doc);
	cr_assert_eq(hd_hivebuild_write(&doc, out, "", &fail), -1);
	cr_assert_eq(stat(out, &st), -1);
	hd_regtext_clear(&doc);
}

/* A !time= key reads back with that time; its parent and siblings keep the fixed time. */
Test(hivebuild, key_times_set, .init = setup, .fini = teardown)
{
	static const char text[] =
		"REGEDIT4\n[Microsoft\\Exchange\\Setup]\n!time=2002-03-01T10:00:00Z\n\"Services\"=\"C:\\\\exchsrvr\"\n"
		"[Microsoft\\Rpc]\n[Microsoft\\Exchange]\n!time=1999-07-15T14:00:00Z\n";
	struct hd_regtext doc;
	struct hd_hive *h;
	hd_key k = 0;

	parse(text, &doc);
	build(&doc);
	h = hd_hive_open(out, 0, NULL);
	cr_assert_not_null(h);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Microsoft\\Exchange\\Setup", &k), HD_FOUND);
	cr_assert_eq(key_time_of(h, k), (1014976800ull + 11644473600ull) * 10000000ull);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Microsoft\\Exchange", &k), HD_FOUND);
	cr_assert_eq(key_time_of(h, k), (932047200ull + 11644473600ull) * 10000000ull);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Microsoft\\Rpc", &k), HD_FOUND);
	cr_assert_eq(key_time_of(h, k), HD_MKHIVE_FILETIME);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Microsoft", &k), HD_FOUND);
	cr_assert_eq(key_time_of(h, k), HD_MKHIVE_FILETIME);
	hd_hive_close(h);
	hd_regtext_clear(&doc);
}

/*
 * hd_hivebuild_memfd (issue 22): the hive reads back, every key and the base
 * block carry the FILETIME 0 (no time is invented), the memfd is sealed
 * against writes and resizing, and HD_OPEN_NO_TIMES makes hd_key_time say
 * absent rather than hand out the zero.
 */
Test(hivebuild, memfd_sealed_and_timeless)
{
	struct hd_regtext doc;
	struct hd_hivebuild_failure fail;
	struct hd_raw_value v = { 0 };
	struct hd_hive *h;
	char path[32];
	uint8_t base[4096];
	hd_key key;
	uint64_t t = 1;
	int fd = -1;

	parse(sample, &doc);
	cr_assert_eq(hd_hivebuild_memfd(&doc, "SYSTEM", &fd, &fail), 0, "%s: %s", fail.what, strerror(errno));
	cr_assert_geq(fd, 0);
	cr_assert_eq(fcntl(fd, F_GET_SEALS) & (F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL),
	             F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
	cr_assert_eq(pwrite(fd, "x", 1, 0), -1, "a sealed hive cannot be written");
	cr_assert_eq(pread(fd, base, sizeof base, 0), (ssize_t)sizeof base);
	cr_assert_eq(memcmp(base + 12, "\0\0\0\0\0\0\0\0", 8), 0, "base block time 0");
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "ControlSet001\\Services\\MSExchangeIMC\\Parameters", &key),
	             HD_FOUND);
	cr_assert_eq(hd_value_read(h, key, "SiteDN", &v), HD_FOUND);
	hd_raw_value_clear(&v);
	cr_assert_eq(hd_key_time(h, key, &t), HD_FOUND);
	cr_assert_eq(t, 0, "every key's time is 0");
	hd_hive_close(h);
	h = hd_hive_open(path, HD_OPEN_NO_TIMES, NULL);
	cr_assert_not_null(h);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "Select", &key), HD_FOUND);
	t = 1;
	cr_assert_eq(hd_key_time(h, key, &t), HD_ABSENT, "no time is read from a reconstruction");
	cr_assert_eq(t, 0);
	hd_hive_close(h);
	close(fd);
	hd_regtext_clear(&doc);
}
