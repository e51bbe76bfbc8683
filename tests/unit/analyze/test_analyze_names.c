/*
 * test_analyze_names.c - the names pass's cheap read (analyze/analyze_names.c
 * over hive/regf_cells.c) gives, for every sample hive, exactly the names the
 * full analysis agrees on, and the SHA-256 the analysis reports; a file that
 * is no hive gets a record that says why; damaged copies of a hive never
 * crash it.
 */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "analyze/names.h"
#include "hive/regf_cells.h"
#include "fleet/agreed.h"

TestSuite(analyze_names);

static const char *samples_dir(void)
{
	const char *dir = getenv("HD_SAMPLES");

	return dir ? dir : "build/samples";
}

static int same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Every sample: the cheap read's names equal the ones the analysis's facts agree on. */
Test(analyze_names, equals_full_analysis_on_every_sample)
{
	DIR *d = opendir(samples_dir());
	struct dirent *e;
	int n = 0, named = 0;

	if (d == NULL)
		HD_SKIP_MISSING("%s not built (run make)", samples_dir());
	while ((e = readdir(d)) != NULL) {
		static const struct hd_options opts;
		struct hd_result res;
		struct hd_fleet_names names;
		struct hd_name_table t;
		char path[1024];

		if (strstr(e->d_name, ".hive") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", samples_dir(), e->d_name);
		cr_assert_eq(hd_analyze_names(path, NULL, &opts, 1, &names), 0, "%s", path);
		cr_expect_eq(names.read, 1, "%s: %s", path, names.error ? names.error : "");
		cr_expect_str_eq(names.path, path);
		cr_expect_str_eq(names.installation, samples_dir(), "%s: installation", path);
		if (hd_analyze(path, &opts, &res) < 0) {
			/* A SOFTWARE sample (not a SYSTEM hive): no names either way. */
			cr_expect_null(names.org, "%s: %s", path, res.error_code);
			cr_expect_eq(names.is_system, 0, "%s: a SOFTWARE hive is no server's witness", path);
			hd_fleet_names_clear(&names);
			hd_result_clear(&res);
			continue;
		}
		cr_expect(res.file.have_sha256 && names.sha256 && strcmp(names.sha256, res.file.sha256) == 0,
		          "%s: sha256", path);
		hd_name_table_build(&res.facts, NULL, &t);
		cr_expect(same(names.org, hd_peer_agreed(&t.row[HD_PART_ORG])), "%s: org %s", path,
		          names.org ? names.org : "(none)");
		cr_expect(same(names.site, hd_peer_agreed(&t.row[HD_PART_SITE])), "%s: site", path);
		cr_expect_eq(names.is_system, 1, "%s", path);
		/* The server's identity: ComputerName (EXCH01 in every sample), or on the cluster
		 * sample the Exchange server name (EXCH01, not the node NODE1); only with names. */
		if (names.org != NULL)
			cr_expect(same(names.server, strcmp(e->d_name, "server-computer-renamed.hive") == 0 ? "EXCH02" : "EXCH01"),
			          "%s: server %s", path, names.server ? names.server : "(none)");
		named += names.org != NULL;
		n++;
		hd_fleet_names_clear(&names);
		hd_result_clear(&res);
	}
	closedir(d);
	cr_assert_gt(n, 10, "samples read");
	cr_assert_gt(named, 5, "samples with an agreed organization");
}

/* Not a hive, an absent file: a record that was not read, and why; never -1. */
Test(analyze_names, refuses_what_is_no_hive)
{
	static const struct hd_options opts;
	struct hd_fleet_names names;
	char path[] = "/tmp/hd-names-XXXXXX";
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "not a hive at all", 17), 17);
	close(fd);
	cr_assert_eq(hd_analyze_names(path, NULL, &opts, 0, &names), 0);
	cr_assert_eq(names.read, 0);
	cr_assert_null(names.org);
	cr_assert_not_null(names.error);
	cr_assert_not_null(names.case_folder);
	hd_fleet_names_clear(&names);
	cr_assert_eq(hd_analyze_names("/nonexistent/SYSTEM", NULL, &opts, 0, &names), 0);
	cr_assert_eq(names.read, 0);
	cr_expect(strstr(names.error, "No such file") != NULL, "%s", names.error);
	cr_expect_str_eq(names.installation, "/nonexistent");
	hd_fleet_names_clear(&names);
	unlink(path);
}

/* Read a sample into memory. */
static uint8_t *load(const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s.hive", samples_dir(), name);
	if ((f = fopen(path, "rb")) == NULL)
		HD_SKIP_MISSING("%s not built (run make)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Walk to MSExchangeSA\Parameters and read Enterprise; the outcome only. */
static int lookup(const struct hd_cells *c)
{
	struct hd_raw_value v;
	uint32_t root, key;
	int rc;

	if (hd_cells_root(c, &root) != HD_FOUND)
		return HD_ERROR;
	rc = hd_cells_key(c, root, "ControlSet001\\Services\\MSExchangeSA\\Parameters", &key);
	if (rc != HD_FOUND)
		return rc;
	rc = hd_cells_value(c, key, "Enterprise", &v);
	free(v.data);
	return rc;
}

/* The cell reader: found, absent, and any single damaged byte or a cut never crashes it. */
Test(analyze_names, cell_reader_survives_damage)
{
	size_t len;
	uint8_t *buf = load("healthy-nt4", &len);
	struct hd_cells c = { .data = buf, .len = len };
	uint32_t root, key;
	struct hd_raw_value v;

	cr_assert_eq(lookup(&c), HD_FOUND);
	cr_assert_eq(hd_cells_root(&c, &root), HD_FOUND);
	cr_assert_eq(hd_cells_key(&c, root, "controlset001\\SERVICES\\msexchangesa", &key), HD_FOUND,
	             "names compare without case");
	cr_assert_eq(hd_cells_key(&c, root, "ControlSet001\\Services\\NoSuchService", &key), HD_ABSENT);
	cr_assert_eq(hd_cells_value(&c, key, "NoSuchValue", &v), HD_ABSENT);
	srand(17);
	for (int i = 0; i < 3000; i++) {
		size_t at = 4096 + (size_t)rand() % (len - 4096);
		uint8_t old = buf[at];

		buf[at] = (uint8_t)rand();
		(void)lookup(&c);       /* any outcome, but no crash and no leak */
		buf[at] = old;
	}
	for (size_t cut = 0; cut < len; cut += 509) {
		c.len = cut;
		(void)lookup(&c);
	}
	c.len = 100;
	cr_assert_eq(hd_cells_root(&c, &root), HD_ERROR);
	free(buf);
}
