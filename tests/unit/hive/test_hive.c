/* test_hive.c - the hive access layer over real hives from ../shared/corpus
 * (yarp's odd hives: Unicode, upper-case folding, Latin-1 names, multi-strings). */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/regval.h"
#include "util/textutil.h"

static struct hd_hive *open_corpus_flags(const char *name, int flags)
{
	const char *dir = getenv("HD_CORPUS") ? getenv("HD_CORPUS") : "../shared/corpus";
	char path[1024];
	struct hd_hive *h;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("corpus file %s absent", path);
	h = hd_hive_open(path, flags, NULL);
	cr_assert_not_null(h, "%s: %s", path, strerror(errno));
	return h;
}

static struct hd_hive *open_corpus(const char *name)
{
	return open_corpus_flags(name, 0);
}

TestSuite(hive);

/* Cyrillic names match in any case (hivex folds ASCII only). */
Test(hive, unicode_names_fold)
{
	struct hd_hive *h = open_corpus("odd/yarp-UnicodeHive.hive");
	hd_key k = 0;

	/* "привет\КЛЮЧ" against the stored "Привет\Ключ" */
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"
	             "\\\xd0\x9a\xd0\x9b\xd0\xae\xd0\xa7", &k), HD_FOUND);
	cr_assert_neq(k, 0);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "\xd0\xbf\xd1\x80\xd0\xb8\\nope", &k), HD_ABSENT);
	hd_hive_close(h);
}

/* ASCII folding: ss1 answers to SS1; sharp s has no one-letter capital, so ß2 is not SS2. */
Test(hive, upcase_rules)
{
	struct hd_hive *h = open_corpus("odd/yarp-UpcaseHive.hive");
	hd_key root = hd_hive_root(h), k;

	cr_assert_eq(hd_key_lookup(h, root, "SS1", &k), HD_FOUND);
	cr_assert_eq(hd_key_lookup(h, root, "ss3", &k), HD_FOUND);
	cr_assert_eq(hd_key_lookup(h, root, "\xc3\x9f" "2", &k), HD_FOUND);
	cr_assert_eq(hd_key_lookup(h, root, "SS2", &k), HD_ABSENT);
	hd_hive_close(h);
}

/* A Latin-1 (compressed) key name and value name read as UTF-8, any case. */
Test(hive, latin1_names_and_value)
{
	struct hd_hive *h = open_corpus("odd/yarp-ExtendedASCIIHive.hive");
	struct hd_raw_value v;
	hd_key k;
	char *s = NULL;

	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "\xc3\x8bIGENAARDIG", &k), HD_FOUND);
	cr_assert_eq(hd_value_read(h, k, "\xc3\xabigenaardig", &v), HD_FOUND);
	cr_assert_eq(v.type, HD_REG_SZ);
	cr_assert_eq(hd_decode_string(&v, &s), HD_DECODE_OK);
	cr_assert_str_eq(s, "\xc3\xabigenaardig");
	free(s);
	hd_raw_value_clear(&v);
	cr_assert_eq(hd_value_read(h, k, "missing", &v), HD_ABSENT);
	hd_hive_close(h);
}

/* REG_MULTI_SZ read raw from the hive decodes to its strings, terminator dropped. */
Test(hive, multi_sz_from_hive)
{
	struct hd_hive *h = open_corpus("odd/yarp-MultiSzHive.hive");
	struct hd_raw_value v;
	char **items = NULL;
	size_t n = 0;
	hd_key k;

	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "KEY", &k), HD_FOUND);
	cr_assert_eq(hd_value_read(h, k, "2", &v), HD_FOUND);
	cr_assert_eq(hd_decode_multi(&v, &items, &n), HD_DECODE_OK);
	cr_assert_eq(n, 2, "got %zu", n);
	cr_assert_str_eq(items[1], "\xd0\xba\xd0\xb0\xd0\xba \xd0\xb4\xd0\xb5\xd0\xbb\xd0\xb0?");
	hd_strv_free(items);
	hd_raw_value_clear(&v);
	hd_hive_close(h);
}

/* Subkey names are listed; a missing file fails with errno, never a crash. */
Test(hive, subkeys_and_open_errors)
{
	struct hd_hive *h = open_corpus("odd/yarp-UpcaseHive.hive");
	char **names = NULL;
	size_t n = 0;

	cr_assert_eq(hd_key_subkey_names(h, hd_hive_root(h), &names, &n), HD_FOUND);
	cr_assert_eq(n, 3);
	hd_strv_free(names);
	hd_hive_close(h);
	errno = 0;
	cr_assert_null(hd_hive_open("/nonexistent/hive", 0, NULL));
	cr_assert_eq(errno, ENOENT);
}

static struct hd_hive *open_sample(const char *name)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[1024];
	struct hd_hive *h;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "%s: %s", path, strerror(errno));
	return h;
}

/* A path of n components "x\x\...": HD_MAX_KEY_DEPTH is looked up, one more refused. */
static int lookup_depth(struct hd_hive *h, size_t n)
{
	char *path = malloc(2 * n);
	hd_key k = 0;
	int rc;

	cr_assert_not_null(path);
	for (size_t i = 0; i < n; i++) {
		path[2 * i] = 'x';
		path[2 * i + 1] = i + 1 < n ? '\\' : '\0';
	}
	errno = 0;
	rc = hd_key_lookup(h, hd_hive_root(h), path, &k);
	free(path);
	return rc;
}

/* Hard limits: key depth and path length fail the lookup with ENAMETOOLONG, before any walk. */
Test(hive, lookup_limits)
{
	struct hd_hive *h = open_sample("healthy-nt4.hive");
	char *longpath = malloc(HD_MAX_PATH_LEN + 1);
	hd_key k = 0;

	cr_assert_eq(lookup_depth(h, HD_MAX_KEY_DEPTH), HD_ABSENT);
	cr_assert_eq(lookup_depth(h, HD_MAX_KEY_DEPTH + 1), HD_ERROR);
	cr_assert_eq(errno, ENAMETOOLONG);
	cr_assert_not_null(longpath);
	memset(longpath, 'x', HD_MAX_PATH_LEN);
	longpath[HD_MAX_PATH_LEN] = '\0';
	errno = 0;
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), longpath, &k), HD_ERROR);
	cr_assert_eq(errno, ENAMETOOLONG);
	longpath[HD_MAX_PATH_LEN - 1] = '\0';
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), longpath, &k), HD_ABSENT);
	free(longpath);
	hd_hive_close(h);
}

/*
 * The subkey index (hive.c) answers every lookup as hivex's own search does:
 * each child's name in its own case, upper and lower case, and a name that
 * is absent, looked up twice under every key of the hive (the index is
 * built on a key's second lookup), against a handle that never indexes.
 */
static void lower_upper(const char *s, char *lo, char *up, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++) {
		char c = s[i];
		lo[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		up[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
	}
	lo[i] = up[i] = '\0';
}

static void same_lookup(struct hd_hive *ix, struct hd_hive *plain, hd_key parent, const char *name,
                        size_t *checked)
{
	hd_key a = 0, b = 0;
	int ra, rb;

	for (int round = 0; round < 2; round++) {
		errno = 0;
		ra = hd_key_lookup(ix, parent, name, &a);
		errno = 0;
		rb = hd_key_lookup(plain, parent, name, &b);
		cr_expect_eq(ra, rb, "\"%s\": %d with the index, %d without", name, ra, rb);
		if (ra == HD_FOUND && rb == HD_FOUND)
			cr_expect_eq(a, b, "\"%s\": node %zu with the index, %zu without", name, a, b);
		(*checked)++;
	}
}

static void compare_tree(struct hd_hive *ix, struct hd_hive *plain, hd_key key, int depth,
                         size_t stride, size_t *checked)
{
	char **names = NULL;
	size_t n = 0;

	if (depth > 4 || hd_key_subkey_names(plain, key, &names, &n) != HD_FOUND)
		return;
	for (size_t i = 0; i < n; i += stride) {
		char lo[512], up[512];
		hd_key child = 0;

		if (strchr(names[i], '\\') != NULL || strlen(names[i]) >= sizeof lo)
			continue;   /* not reachable by a path: hd_key_lookup splits on '\' */
		lower_upper(names[i], lo, up, sizeof lo);
		same_lookup(ix, plain, key, names[i], checked);
		same_lookup(ix, plain, key, lo, checked);
		same_lookup(ix, plain, key, up, checked);
		if (i < 64 && hd_key_lookup(plain, key, names[i], &child) == HD_FOUND)
			compare_tree(ix, plain, child, depth + 1, stride, checked);
	}
	same_lookup(ix, plain, key, "no such key here", checked);
	hd_strv_free(names);
}

/* Every stride-th subkey (without the index, each lookup scans the list). */
static void index_agrees(struct hd_hive *ix, struct hd_hive *plain, size_t stride, size_t at_least)
{
	size_t checked = 0;

	cr_assert(ix != NULL && plain != NULL);
	compare_tree(ix, plain, hd_hive_root(ix), 0, stride, &checked);
	cr_expect_geq(checked, at_least, "only %zu lookups compared", checked);
	hd_hive_close(ix);
	hd_hive_close(plain);
}


/* Two subkeys named 4500 among 5,000 (the 3,892nd and 3,893rd): the first in
 * hivex's order wins, as in hivex. */
Test(hive, index_agrees_on_duplicate_subkeys)
{
	struct hd_hive *ix = open_corpus_flags("odd/yarp-DuplicateSubkeysHive.hive", 0);
	struct hd_hive *plain = open_corpus_flags("odd/yarp-DuplicateSubkeysHive.hive", HD_OPEN_NO_INDEX);
	hd_key parent = 0;
	size_t checked = 0;

	cr_assert_eq(hd_key_lookup(plain, hd_hive_root(plain), "key_with_many_subkeys", &parent), HD_FOUND);
	same_lookup(ix, plain, parent, "4500", &checked);
	same_lookup(ix, plain, parent, "4499", &checked);
	same_lookup(ix, plain, parent, "4501", &checked);
	cr_expect_eq(checked, 6u);
	index_agrees(ix, plain, 97, 300);
}

/* 5,000 subkeys under one key. */
Test(hive, index_agrees_on_many_subkeys)
{
	index_agrees(open_corpus_flags("odd/yarp-ManySubkeysHive.hive", 0),
	             open_corpus_flags("odd/yarp-ManySubkeysHive.hive", HD_OPEN_NO_INDEX), 97, 300);
}

/* Names hivex decodes from Latin-1 and UTF-16, and bogus ones. */
Test(hive, index_agrees_on_odd_names)
{
	index_agrees(open_corpus_flags("odd/yarp-BogusKeyNamesHive.hive", 0),
	             open_corpus_flags("odd/yarp-BogusKeyNamesHive.hive", HD_OPEN_NO_INDEX), 1, 8);
	index_agrees(open_corpus_flags("odd/yarp-ExtendedASCIIHive.hive", 0),
	             open_corpus_flags("odd/yarp-ExtendedASCIIHive.hive", HD_OPEN_NO_INDEX), 1, 8);
}

/* A whole SYSTEM hive: the control sets and Services (about 100 keys). */
Test(hive, index_agrees_on_a_system_hive)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[1024];

	snprintf(path, sizeof path, "%s/healthy-nt4.hive", dir);
	index_agrees(hd_hive_open(path, 0, NULL), hd_hive_open(path, HD_OPEN_NO_INDEX, NULL), 1, 200);
}

/* A key's time is read (HD_FOUND, the stored FILETIME) or not (HD_ERROR):
 * a handle that is no key is an error, never a zero time. */
Test(hive, key_time_read_or_error)
{
	struct hd_hive *h = open_sample("healthy-nt4.hive");
	uint64_t t = 1;

	cr_expect_eq(hd_key_time(h, hd_hive_root(h), &t), HD_FOUND);
	cr_expect_neq(t, 0u);
	errno = 0;
	cr_expect_eq(hd_key_time(h, hd_hive_root(h) + 8, &t), HD_ERROR, "not a key cell");
	cr_expect_neq(errno, 0);
	cr_expect_eq(t, 0u);
	hd_hive_close(h);
}

/* hd_key_child finds one child by name, in any case; a name holding '\'
 * (which hd_key_lookup would split into a path) or an empty one is absent. */
Test(hive, key_child_is_one_name)
{
	struct hd_hive *h = open_sample("healthy-nt4.hive");
	hd_key cs = 0, svc = 0, k = 0, via_path = 0;

	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), "ControlSet001", &cs), HD_FOUND);
	cr_assert_eq(hd_key_child(h, cs, "services", &svc), HD_FOUND);
	cr_assert_eq(hd_key_lookup(h, cs, "Services\\Tcpip\\Linkage", &via_path), HD_FOUND);
	cr_expect_eq(hd_key_child(h, svc, "TCPIP", &k), HD_FOUND);
	cr_expect_eq(hd_key_child(h, svc, "Tcpip\\Linkage", &k), HD_ABSENT);
	cr_expect_eq(hd_key_child(h, svc, "\\Tcpip", &k), HD_ABSENT);
	cr_expect_eq(hd_key_child(h, svc, "", &k), HD_ABSENT);
	cr_expect_eq(hd_key_child(h, svc, "NoSuchService", &k), HD_ABSENT);
	hd_hive_close(h);
}
