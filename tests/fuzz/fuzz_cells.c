/*
 * fuzz_cells.c - libFuzzer harness for the second hive parser,
 * hive/regf_cells.c (issue 26 item 9): the cell reader the peers pass
 * (analyze/analyze_names.c) runs over every hive of a fleet before the
 * analysis proper.  fuzz_analyze.c never reaches it: it analyzes one hive,
 * and the peers pass needs several.
 *
 * Each input is a whole hive file held in memory, read as the peers pass
 * reads it: the root from the base block, the root's subkey names and the
 * hive's kind (as the names pass notes each file for the -r pairing,
 * source/pairindex.h), Select\Current, the control set
 * it names (ControlSet001 when none), then the Exchange keys and values the
 * pass reads.  Under every key found a name no hive holds is looked up too,
 * so that every subkey list is walked to its end (the work item 9 bounds).
 *
 * Oracles beyond the sanitizers: every lookup answers HD_FOUND, HD_ABSENT or
 * HD_ERROR; a listing is a vector of as many names as it says, at most the
 * subkey cap, or an error with none; a key found is an offset inside the hive bins; a value found has
 * data (a buffer even when empty) no longer than a direct (non-db) cell
 * holds; libFuzzer's -timeout catches a walk that is not bounded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hive/regf.h"
#include "hive/hivekind.h"
#include "hive/regf_cells.h"
#include "util/textutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DIRECT_DATA 16344u  /* as regf_cells.c: longer data is big data, not read */
#define HD_MAX_LIST 65536u      /* as regf_cells.c MAX_SUBKEYS: the names one key may list */

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_cells: oracle failed: %s\n", what);
	abort();
}

static void check_rc(int rc)
{
	if (rc != HD_FOUND && rc != HD_ABSENT && rc != HD_ERROR)
		fail("a lookup answered neither found, absent nor error");
}

static void read_value(const struct hd_cells *c, uint32_t nk, const char *name)
{
	struct hd_raw_value v;
	int rc = hd_cells_value(c, nk, name, &v);

	check_rc(rc);
	if (rc == HD_FOUND && (v.data == NULL || v.len > MAX_DIRECT_DATA))
		fail("a value found has no buffer or more data than a cell holds");
	if (rc != HD_FOUND && v.data != NULL)
		fail("a value not found left a buffer");
	free(v.data);
}

/* Look up path below nk; on HD_FOUND also an absent name below it. */
static int key(const struct hd_cells *c, uint32_t nk, const char *path, uint32_t *out)
{
	uint32_t none = 0;
	int rc = hd_cells_key(c, nk, path, out);

	check_rc(rc);
	if (rc != HD_FOUND)
		return rc;
	if (*out > c->len - HD_REGF_BASE_BLOCK_SIZE)
		fail("a key found lies past the end of the hive");
	check_rc(hd_cells_key(c, *out, "no such key \xc3\xa9", &none));
	return rc;
}

/* The keys and values analyze_names.c reads under a control set. */
static void read_controlset(const struct hd_cells *c, uint32_t cs)
{
	static const char *const paths[] = {
		"Services\\MSExchangeIMC\\Parameters", "Services\\MSExchangeSA\\Parameters",
		"Services\\MSExchangeMTA\\Parameters",
	};
	static const char *const values[] = { "SiteDN", "Enterprise", "X500 DN" };
	uint32_t k;

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (key(c, cs, paths[i], &k) == HD_FOUND) {
			read_value(c, k, values[i]);
			read_value(c, k, "");
		}
}

/* The root's subkey names (the -r pairing's kind, hd_cells_kind): a vector of n names, or an error and none. */
static void list_root(const struct hd_cells *c, uint32_t root)
{
	enum hd_hive_kind kind = HD_KIND_OTHER;
	char **names = (char **)1;
	size_t n = 1, i = 0;
	int rc = hd_cells_subkey_names(c, root, &names, &n);

	if (rc == HD_FOUND) {
		for (; names != NULL && names[i] != NULL; i++)
			;
		if (names == NULL || i != n || n > HD_MAX_LIST)
			fail("the subkey names are not a vector of n names");
	} else if (rc != HD_ERROR || names != NULL || n != 0) {
		fail("a listing that failed left names");
	}
	hd_strv_free(rc == HD_FOUND ? names : NULL);
	rc = hd_cells_kind(c, &kind);
	if (rc != HD_FOUND && rc != HD_ERROR)
		fail("hd_cells_kind answered neither found nor error");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_cells c = { .data = data, .len = size };
	struct hd_raw_value v;
	uint32_t root, sel, cs;
	char name[32] = "ControlSet001";

	if (hd_cells_root(&c, &root) != HD_FOUND)
		return 0;
	list_root(&c, root);
	if (key(&c, root, "Select", &sel) == HD_FOUND && hd_cells_value(&c, sel, "Current", &v) == HD_FOUND) {
		if (v.len == 4)
			snprintf(name, sizeof name, "ControlSet%03u",
			         (unsigned)(v.data[0] | v.data[1] << 8 | v.data[2] << 16) % 1000u);
		free(v.data);
	}
	if (key(&c, root, name, &cs) == HD_FOUND)
		read_controlset(&c, cs);
	return 0;
}
