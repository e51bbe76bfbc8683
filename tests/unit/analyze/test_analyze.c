/*
 * test_analyze.c - analyze/analyze.c's pairing by a finder
 * (hd_analyze_found_pair): the finder is asked only once the hive has
 * proved a SYSTEM hive, what it finds is read as the SOFTWARE hive, and
 * "none" leaves the SYSTEM hive alone.
 */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"

TestSuite(analyze);

static const char *samples_dir(void)
{
	const char *dir = getenv("HD_SAMPLES");

	return dir ? dir : "build/samples";
}

static char *sample(const char *name)
{
	char *path = NULL;

	cr_assert_geq(asprintf(&path, "%s/%s", samples_dir(), name), 0);
	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("%s not built (run make)", path);
	return path;
}

/* What the finders below were asked, and what they answer. */
static int calls;
static char asked[1024];
static const char *answer;      /* NULL: none */

static int finder(const char *system_path, const struct hd_options *opts, char **found)
{
	(void)opts;
	calls++;
	snprintf(asked, sizeof asked, "%s", system_path);
	if (answer == NULL)
		return 0;
	*found = strdup(answer);
	return *found ? 1 : -1;
}

static void reset(const char *with)
{
	calls = 0;
	asked[0] = '\0';
	answer = with;
}

/* A SYSTEM hive: the finder is asked once, for its path, and the SOFTWARE hive it names is read. */
Test(analyze, finder_names_the_software_hive)
{
	static const struct hd_options opts;
	char *system = sample("mta-healthy.hive"), *software = sample("software-sp4.hive");
	struct hd_result res;

	reset(software);
	cr_assert_eq(hd_analyze_found_pair(system, finder, &opts, &res), 0, "%s", res.error_message);
	cr_assert_eq(calls, 1);
	cr_assert_str_eq(asked, system);
	cr_assert_str_eq(res.software.path, software);
	cr_assert(res.facts.software.given);
	cr_assert_eq(res.facts.software.service_pack, 4);
	hd_result_clear(&res);
	free(system);
	free(software);
}

/* The finder finds nothing: the SYSTEM hive is analyzed alone, as without a SOFTWARE hive. */
Test(analyze, finder_without_answer_leaves_the_hive_alone)
{
	static const struct hd_options opts;
	char *system = sample("mta-healthy.hive");
	struct hd_result res, alone;

	reset(NULL);
	cr_assert_eq(hd_analyze_found_pair(system, finder, &opts, &res), 0);
	cr_assert_eq(calls, 1);
	cr_assert_null(res.software.path);
	cr_assert_not(res.facts.software.given);
	cr_assert_eq(hd_analyze_pair(system, NULL, &opts, &alone), 0);
	cr_assert_eq(res.imc.status, alone.imc.status);
	cr_assert_eq(res.mta.status, alone.mta.status);
	cr_assert_eq(res.findings.n, alone.findings.n);
	hd_result_clear(&res);
	hd_result_clear(&alone);
	free(system);
}

/* A SOFTWARE hive, or a file that is no hive, as the operand: never a reason to look for a partner. */
Test(analyze, finder_not_asked_for_other_hives)
{
	static const struct hd_options opts;
	char *software = sample("software-sp3.hive");
	char junk[] = "/tmp/hd-analyze-XXXXXX";
	int fd = mkstemp(junk);
	struct hd_result res;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "not a hive", 10), 10);
	close(fd);
	reset("/nonexistent");
	cr_assert_eq(hd_analyze_found_pair(software, finder, &opts, &res), -1);
	cr_assert_str_eq(res.error_code, HD_ERR_NOT_SYSTEM);
	hd_result_clear(&res);
	cr_assert_eq(hd_analyze_found_pair(junk, finder, &opts, &res), -1);
	cr_assert_not_null(res.error_code);
	hd_result_clear(&res);
	cr_assert_eq(calls, 0, "the finder was asked %d times", calls);
	unlink(junk);
	free(software);
}
