/* test_names.c - the names record and the completion record, written and read back (fleet/names.c). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"

TestSuite(names);

static struct hd_fleet_names sample(void)
{
	struct hd_fleet_names n = {
		.path = strdup("cases/c1/exch01/SYSTEM"), .sha256 = strdup("ab12"),
		.case_folder = strdup("cases/c1"), .installation = strdup("cases/c1/exch01"),
		.server = strdup("EXCH01"), .domain = strdup("contoso.com"), .org = strdup("Contoso \"Ltd\""),
		.site = strdup("Redmond/Ü"), .is_system = 1, .read = 1, .error = NULL,
	};
	return n;
}

/* Every member survives the round trip, NULLs included. */
Test(names, round_trip)
{
	struct hd_fleet_names a = sample(), b;
	char err[128] = "";
	char *line = hd_fleet_names_json(&a), *again;

	cr_assert_not_null(line);
	cr_assert_null(strchr(line, '\n'));
	cr_assert_eq(strncmp(line, "{\"names\":{\"path\":\"cases/c1/exch01/SYSTEM\"", 40), 0, "%s", line);
	cr_assert_eq(hd_fleet_names_parse(line, strlen(line), &b, NULL, err, sizeof err), 1, "%s", err);
	cr_assert_str_eq(b.path, a.path);
	cr_assert_str_eq(b.org, a.org);
	cr_assert_str_eq(b.site, a.site);
	cr_assert_str_eq(b.domain, a.domain);
	cr_assert_null(b.error);
	cr_assert_eq(b.is_system, 1);
	again = hd_fleet_names_json(&b);
	cr_assert_str_eq(again, line);
	free(again);
	hd_fleet_names_clear(&b);
	free(a.sha256);
	a.sha256 = NULL;
	free(a.org);
	a.org = NULL;
	a.read = 0;
	a.error = strdup("not a hive");
	free(line);
	line = hd_fleet_names_json(&a);
	cr_assert_eq(hd_fleet_names_parse(line, strlen(line), &b, NULL, err, sizeof err), 1, "%s", err);
	cr_assert_null(b.sha256);
	cr_assert_null(b.org);
	cr_assert_eq(b.read, 0);
	cr_assert_str_eq(b.error, "not a hive");
	hd_fleet_names_clear(&b);
	hd_fleet_names_clear(&a);
	free(line);
}

/* Completion records: sharded and not, and what names_parse makes of them. */
Test(names, completion)
{
	struct hd_fleet_completion c = { .shard = 2, .shards = 8, .hives = 1234, .worst = 1 }, d;
	struct hd_fleet_names n;
	char err[128];
	char *line;

	strcpy(c.kind, "names");
	line = hd_fleet_completion_json(&c);
	cr_assert_str_eq(line, "{\"completion\":{\"kind\":\"names\",\"shard\":\"2/8\",\"hives\":1234,\"worst_status\":1}}");
	cr_assert_eq(hd_fleet_completion_parse(line, strlen(line), &d), 0);
	cr_assert_eq(d.shard, 2);
	cr_assert_eq(d.shards, 8);
	cr_assert_eq(d.hives, 1234);
	cr_assert_eq(d.worst, 1);
	memset(&d, 0, sizeof d);
	cr_assert_eq(hd_fleet_names_parse(line, strlen(line), &n, &d, err, sizeof err), 0);
	cr_assert_str_eq(d.kind, "names");
	free(line);
	c.shard = c.shards = 0;
	strcpy(c.kind, "reports");
	line = hd_fleet_completion_json(&c);
	cr_assert_str_eq(line, "{\"completion\":{\"kind\":\"reports\",\"shard\":null,\"hives\":1234,\"worst_status\":1}}");
	cr_assert_eq(hd_fleet_completion_parse(line, strlen(line), &d), 0);
	cr_assert_eq(d.shards, 0);
	free(line);
}

/* Malformed lines are refused with a reason; nothing is left allocated. */
Test(names, malformed)
{
	static const char *const bad[] = {
		"", "{", "[]", "{\"names\":1}", "{\"other\":{}}",
		"{\"names\":{\"path\":\"p\"}}",
		"{\"names\":{\"path\":1,\"sha256\":null,\"case\":\"c\",\"installation\":\"i\",\"server\":null,\"domain\":null,"
		"\"organization\":null,\"site\":null,\"system\":true,\"read\":true,\"error\":null}}",
		"{\"names\":{\"path\":\"p\\u0000q\",\"sha256\":null,\"case\":\"c\",\"installation\":\"i\",\"server\":null,"
		"\"domain\":null,\"organization\":null,\"site\":null,\"system\":true,\"read\":true,\"error\":null}}",
		"{\"names\":{\"path\":\"p\",\"sha256\":null,\"case\":null,\"installation\":\"i\",\"server\":null,\"domain\":null,"
		"\"organization\":null,\"site\":null,\"system\":true,\"read\":true,\"error\":null}}",
		"{\"names\":{\"path\":\"p\",\"sha256\":null,\"case\":\"c\",\"installation\":\"i\",\"server\":null,\"domain\":null,"
		"\"organization\":null,\"site\":null,\"system\":1,\"read\":true,\"error\":null}}",
		"{\"completion\":{\"kind\":\"names\",\"shard\":\"9/8\",\"hives\":1,\"worst_status\":0}}",
		"{\"completion\":{\"kind\":\"names\",\"shard\":null,\"hives\":-1,\"worst_status\":0}}",
		"{\"completion\":{\"kind\":\"names\",\"shard\":null,\"hives\":1,\"worst_status\":3}}",
		"{\"completion\":{\"kind\":\"other\",\"shard\":null,\"hives\":1,\"worst_status\":0}}",
		"{\"names\":{}} {}",
	};
	struct hd_fleet_names n;
	char err[128];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		cr_assert_eq(hd_fleet_names_parse(bad[i], strlen(bad[i]), &n, NULL, err, sizeof err), -1, "%s", bad[i]);
		cr_assert_neq(err[0], '\0', "a reason for %s", bad[i]);
	}
	cr_assert_eq(hd_fleet_completion_parse("{\"names\":{}}", 12, &(struct hd_fleet_completion){ 0 }), -1);
}
