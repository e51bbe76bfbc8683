/*
 * fleet_bench.c - the fleet peers table's cost (issue 23), one line per run:
 *
 *   fleet_bench distinct N   N random distinct organization names, each in a
 *                            case folder of its own (every 10th a near-miss
 *                            of an earlier one, in another folder): seconds
 *                            to add, finish and judge every hive, peak RSS.
 *   fleet_bench onescope N   the same names, all in one case folder (one
 *                            scope of N names: the index at work).
 *   fleet_bench near N       N names all within one edit of each other in
 *                            one scope: seconds to judge every one.
 *
 * Built by `make $(BUILD)/fleet_bench`; `make bench` prints its figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fleet/fleet.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static unsigned long state = 88172645463325252ul;

static unsigned rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

/* A pronounceable random organization name: 2 to 4 words. */
static void random_org(char *out, size_t len)
{
	static const char *const syl[] = { "con", "to", "so", "fab", "ri", "kam", "tail", "spin", "wood", "grove",
	                                   "nor", "th", "wind", "lit", "ware", "adv", "en", "ture", "blue", "yon",
	                                   "der", "mar", "gel", "lan", "pro", "sys", "tek", "vo", "ra", "mi" };
	size_t n = 0;

	for (unsigned w = 2 + rnd(3); w > 0 && n + 20 < len; w--) {
		for (unsigned s = 1 + rnd(3); s > 0; s--)
			n += (size_t)snprintf(out + n, len - n, "%s", syl[rnd(sizeof syl / sizeof syl[0])]);
		if (w > 1)
			out[n++] = ' ';
	}
	out[0] = (char)(out[0] - 'a' + 'A');
	out[n] = '\0';
}

static void add(struct hd_fleet_table *t, const char *folder, const char *path, const char *org, const char *server)
{
	struct hd_fleet_names n = {
		.path = (char *)path, .case_folder = (char *)folder, .installation = (char *)path,
		.server = (char *)server, .org = (char *)org, .site = (char *)"Site", .is_system = 1, .read = 1,
	};

	if (hd_fleet_table_add(t, &n) < 0) {
		perror("fleet_bench: add");
		exit(2);
	}
}

/* N names (one scope, or one per folder); the judge of every one; one line of figures. */
static int distinct(unsigned long n, int one_scope)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	char (*orgs)[64] = malloc(n * sizeof *orgs), folder[32], path[48], server[32];
	double t0 = now(), t_add, t_fin, t_judge;
	unsigned long minority = 0;

	if (t == NULL || orgs == NULL)
		return 2;
	for (unsigned long i = 0; i < n; i++) {
		random_org(orgs[i], sizeof orgs[i]);
		if (i % 10 == 9) {      /* a near-miss of an earlier name: a letter doubled */
			size_t at = 1 + rnd((unsigned)strlen(orgs[i / 2]) - 1);

			snprintf(orgs[i], sizeof orgs[i], "%.*s%c%s", (int)at, orgs[i / 2], orgs[i / 2][at], orgs[i / 2] + at);
		}
		snprintf(folder, sizeof folder, one_scope ? "archive" : "case%07lu", i);
		snprintf(path, sizeof path, "case%07lu/srv/SYSTEM", i);
		snprintf(server, sizeof server, "SRV%07lu", i);
		add(t, folder, path, orgs[i], server);
	}
	t_add = now() - t0;
	t0 = now();
	if (hd_fleet_table_finish(t, NULL) < 0) {
		perror("fleet_bench: finish");
		return 2;
	}
	t_fin = now() - t0;
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		struct hd_fleet_scope s;
		struct hd_peer_judgement j;

		snprintf(folder, sizeof folder, one_scope ? "archive" : "case%07lu", i);
		if (hd_fleet_scope_of(t, folder, NULL, &s) && hd_fleet_judge_org(t, &s, orgs[i], &j) == 0 &&
		    j.status != HD_PEER_NONE)
			minority++;
	}
	t_judge = now() - t0;
	printf("fleet_bench %s %lu: add %.2f s, finish %.2f s, judge all %.2f s (%lu near-miss findings), "
	       "peak RSS %ld MB\n", one_scope ? "onescope" : "distinct", n, t_add, t_fin, t_judge, minority,
	       peak_rss_mb());
	hd_fleet_table_free(t);
	free(orgs);
	return 0;
}

/* N names that differ from each other in one letter (a CJK ideograph: no two fold alike). */
static int near(unsigned long n)
{
	struct hd_fleet_table *t = hd_fleet_table_new();
	char org[64], path[48];
	double t0 = now(), t_fin, t_judge;
	struct hd_fleet_scope s;
	unsigned long minority = 0;

	for (unsigned long i = 0; i < n; i++) {
		unsigned cp = 0x4e00 + (unsigned)i;

		snprintf(org, sizeof org, "Contoso Holdings %c%c%c", (char)(0xe0 | cp >> 12),
		         (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)));
		snprintf(path, sizeof path, "archive/srv%06lu/SYSTEM", i);
		add(t, "archive", path, org, path);
		if (i == 0) {   /* the majority: two more servers */
			add(t, "archive", "archive/a/SYSTEM", org, "A");
			add(t, "archive", "archive/b/SYSTEM", org, "B");
		}
	}
	if (hd_fleet_table_finish(t, NULL) < 0 || !hd_fleet_scope_of(t, "archive", NULL, &s))
		return 2;
	t_fin = now() - t0;
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		unsigned cp = 0x4e00 + (unsigned)i;
		struct hd_peer_judgement j;

		snprintf(org, sizeof org, "Contoso Holdings %c%c%c", (char)(0xe0 | cp >> 12),
		         (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)));
		if (hd_fleet_judge_org(t, &s, org, &j) < 0)
			return 2;
		minority += j.status == HD_PEER_MINORITY;
		if (hd_fleet_judge_site(t, &s, org, "Site", &j) < 0)     /* as rule P1 does */
			return 2;
	}
	t_judge = now() - t0;
	printf("fleet_bench near %lu: add+finish %.2f s, judge all (organization and site) %.2f s (%lu minorities), peak RSS %ld MB\n", n,
	       t_fin, t_judge, minority, peak_rss_mb());
	hd_fleet_table_free(t);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n;

	if (argc != 3 || (n = strtoul(argv[2], NULL, 10)) == 0 || n > 20000000) {
		fprintf(stderr, "usage: fleet_bench distinct|onescope|near N\n");
		return 2;
	}
	if (strcmp(argv[1], "distinct") == 0 || strcmp(argv[1], "onescope") == 0)
		return distinct(n, argv[1][0] == 'o');
	if (strcmp(argv[1], "near") == 0)
		return n > 20000 ? 2 : near(n);
	fprintf(stderr, "usage: fleet_bench distinct|onescope|near N\n");
	return 2;
}
