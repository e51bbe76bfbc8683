/*
 * test_rules_software.c - rules B1 and B10 over hand-built facts (an MTA
 * installed, a SOFTWARE hive read), and what they do to the Q320200 verdict
 * (verdict_software.c).  The facts borrow static strings and are never cleared.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/rules_software.h"
#include "util/strbuf.h"
#include "verdict/verdict.h"
#include "verdict/verdict_software.h"

/* 2002-03-01T10:00:00Z and a day later, as FILETIMEs. */
#define T_SETUP ((1014976800ull + 11644473600ull) * 10000000ull)
#define T_LATER (T_SETUP + 86400ull * 10000000ull)

static struct hd_facts facts;
static struct hd_findings fs;

static const struct hd_rule *rule(const char *id)
{
	for (size_t i = 0; i < hd_rules_count; i++)
		if (strcmp(hd_rules[i].id, id) == 0)
			return &hd_rules[i];
	cr_assert_fail("no rule %s", id);
	return NULL;
}

static void key(struct hd_regval *rv, const char *path, uint64_t t)
{
	rv->status = HD_FOUND;
	rv->key_found = 1;
	rv->key = (char *)path;
	rv->key_time = t;
}

static void str(struct hd_str_fact *f, const char *path, const char *name, const char *text)
{
	key(&f->rv, path, T_SETUP);
	f->rv.name = (char *)name;
	f->rv.raw.type = HD_REG_SZ;
	f->decode = HD_DECODE_OK;
	f->text = (char *)text;
}

/* SP4, RPC over TCP/IP registered, the MTA installed, Linkage last written before setup. */
static void setup(void)
{
	struct hd_software_facts *sw = &facts.software;

	memset(&facts, 0, sizeof facts);
	memset(&fs, 0, sizeof fs);
	key(&facts.exchange.svc[HD_EX_MTA].key, "ControlSet001\\Services\\MSExchangeMTA", T_SETUP);
	key(&facts.network.linkage, "ControlSet001\\Services\\Tcpip\\Linkage", T_SETUP - 1);
	sw->given = 1;
	key(&sw->setup, "Microsoft\\Exchange\\Setup", T_SETUP);
	key(&sw->sp_build.rv, "Microsoft\\Exchange\\Setup", T_SETUP);
	sw->sp_build.rv.name = "ServicePackBuild";
	sw->sp_build.decode = HD_DECODE_OK;
	sw->sp_build.value = 2653;
	str(&sw->install_path, "Microsoft\\Exchange\\Setup", "Services", "C:\\exchsrvr");
	key(&sw->rpc_client.key, "Microsoft\\Rpc\\ClientProtocols", T_SETUP);
	str(&sw->rpc_client.ncacn_ip_tcp, "Microsoft\\Rpc\\ClientProtocols", "ncacn_ip_tcp", "rpcltc3.dll");
	key(&sw->rpc_server.key, "Microsoft\\Rpc\\ServerProtocols", T_SETUP);
	str(&sw->rpc_server.ncacn_ip_tcp, "Microsoft\\Rpc\\ServerProtocols", "ncacn_ip_tcp", "rpclts3.dll");
	hd_software_assess(sw);
}

static void teardown(void)
{
	hd_findings_clear(&fs);
}

static void run(const char *id)
{
	cr_assert_eq(rule(id)->check(rule(id), &facts, NULL, &fs), 0);
}

TestSuite(rules_software, .init = setup, .fini = teardown);

/* B1 with SP4: info, the trigger holds, the build as evidence; no order claim when Linkage is older. */
Test(rules_software, b1_sp4)
{
	run("B1");
	cr_assert_eq(fs.n, 1);
	cr_assert_eq(fs.v[0].severity, HD_SEV_INFO);
	cr_assert_not_null(strstr(fs.v[0].detail, "5.5 SP4 (ServicePackBuild 2653)"));
	cr_assert_not_null(strstr(fs.v[0].detail, "holds"));
	cr_assert_null(strstr(fs.v[0].detail, "after the Exchange setup key"));
	cr_assert_eq(fs.v[0].evidence[0], &facts.software.sp_build.rv);
}

/* B1 with SP4 and Linkage written later: the order, with the last-write caveat, and Linkage as evidence. */
Test(rules_software, b1_sp4_order)
{
	facts.network.linkage.key_time = T_LATER;
	run("B1");
	cr_assert_not_null(strstr(fs.v[0].detail, "was last written 2002-03-02"));
	cr_assert_not_null(strstr(fs.v[0].detail, "last write, not its first"));
	cr_assert_eq(fs.v[0].n_evidence, 2);
	cr_assert_eq(fs.v[0].evidence[1], &facts.network.linkage);
}

/* B1 with SP3: the trigger is absent, and a damaged TCP/IP still fails the MTA (an inference). */
Test(rules_software, b1_sp3)
{
	facts.software.sp_build.value = 2650;
	hd_software_assess(&facts.software);
	run("B1");
	cr_assert_not_null(strstr(fs.v[0].detail, "5.5 SP3"));
	cr_assert_not_null(strstr(fs.v[0].detail, "is absent"));
	cr_assert_not_null(strstr(fs.v[0].detail, "inference"));
}

/* An unlisted build is unknown, never the nearest service pack. */
Test(rules_software, b1_unknown_build)
{
	facts.software.sp_build.value = 2655;
	hd_software_assess(&facts.software);
	run("B1");
	cr_assert_not_null(strstr(fs.v[0].detail, "2655 is not a build Q158530 lists"));
	cr_assert_null(strstr(fs.v[0].detail, "SP4 ("));
}

/* Setup key absent: said so; unreadable (error): no finding; no SOFTWARE hive or no MTA: nothing. */
Test(rules_software, b1_not_applicable_or_absent)
{
	facts.software.setup.status = HD_ABSENT;
	facts.software.sp_build.rv.status = HD_ABSENT;
	hd_software_assess(&facts.software);
	run("B1");
	cr_assert_eq(fs.n, 1);
	cr_assert_not_null(strstr(fs.v[0].detail, "absent from the SOFTWARE hive"));
	facts.software.setup.status = HD_ERROR;
	run("B1");
	cr_assert_eq(fs.n, 1);
	facts.software.setup.status = HD_FOUND;
	facts.software.given = 0;
	run("B1");
	run("B10");
	facts.software.given = 1;
	facts.exchange.svc[HD_EX_MTA].key.status = HD_ABSENT;
	run("B1");
	run("B10");
	cr_assert_eq(fs.n, 1);
}

/* B10: both lists map ncacn_ip_tcp: nothing; a missing value or key: error citing Q165324. */
Test(rules_software, b10)
{
	run("B10");
	cr_assert_eq(fs.n, 0);
	facts.software.rpc_server.ncacn_ip_tcp.rv.status = HD_ABSENT;
	run("B10");
	cr_assert_eq(fs.n, 1);
	cr_assert_eq(fs.v[0].severity, HD_SEV_ERROR);
	cr_assert_str_eq(fs.v[0].rule->kb[0], "Q165324");
	cr_assert_not_null(strstr(fs.v[0].detail, "ServerProtocols: it has no ncacn_ip_tcp value"));
	cr_assert_null(strstr(fs.v[0].detail, "ClientProtocols"));
	facts.software.rpc_client.key.status = HD_ABSENT;          /* and with it its value */
	facts.software.rpc_client.ncacn_ip_tcp.rv.status = HD_ABSENT;
	facts.software.rpc_client.ncacn_ip_tcp.rv.key_found = 0;
	run("B10");
	cr_assert_eq(fs.n, 2);
	cr_assert_not_null(strstr(fs.v[1].detail, "ClientProtocols: the key is missing"));
	cr_assert_eq(fs.v[1].n_evidence, 2);
}

/* An empty or unreadable ncacn_ip_tcp: empty is a finding, a read error is not a guess. */
Test(rules_software, b10_empty_and_error)
{
	facts.software.rpc_client.ncacn_ip_tcp.text = "";
	run("B10");
	cr_assert_eq(fs.n, 1);
	cr_assert_not_null(strstr(fs.v[0].detail, "empty"));
	facts.software.rpc_client.ncacn_ip_tcp.rv.status = HD_ERROR;
	run("B10");
	cr_assert_eq(fs.n, 1);
}

/* Run B1 and B10, then weigh them into a verdict that starts at status st. */
static void weigh(enum hd_verdict_status st, const char *base, struct hd_verdict *v, char **reason)
{
	struct hd_strbuf t = { 0 };

	run("B1");
	run("B10");
	memset(v, 0, sizeof *v);
	v->status = st;
	hd_strbuf_addf(&t, "%s", base);
	hd_verdict_mta_software(&facts, &fs, v, &t);
	*reason = hd_strbuf_take(&t);
	hd_strbuf_clear(&t);
	cr_assert_not_null(*reason);
}

/* SP4 keeps likely and says the trigger holds; B1 is cited. */
Test(rules_software, verdict_sp4)
{
	struct hd_verdict v;
	char *reason;

	weigh(HD_VERDICT_LIKELY, "Damaged.", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_LIKELY);
	cr_assert_not_null(strstr(reason, "trigger holds"));
	cr_assert_eq(v.n_findings, 1);
	cr_assert_str_eq(fs.v[v.finding_idx[0]].rule->id, "B1");
	free(reason);
}

/* SP3 lowers likely to possible, and says why. */
Test(rules_software, verdict_sp3_lowers)
{
	struct hd_verdict v;
	char *reason;

	facts.software.sp_build.value = 2650;
	hd_software_assess(&facts.software);
	weigh(HD_VERDICT_LIKELY, "Damaged.", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_POSSIBLE);
	cr_assert_not_null(strstr(reason, "trigger is absent"));
	cr_assert_not_null(strstr(reason, "still fails the MTA"));
	free(reason);
}

/* B10 with SP4 raises unlikely to likely and replaces the "intact" reason; without SP4 to possible. */
Test(rules_software, verdict_b10)
{
	struct hd_verdict v;
	char *reason;

	facts.software.rpc_server.ncacn_ip_tcp.rv.status = HD_ABSENT;
	weigh(HD_VERDICT_UNLIKELY, "The registry shows an intact TCP/IP installation.", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_LIKELY);
	cr_assert_null(strstr(reason, "intact TCP/IP installation"));
	cr_assert_not_null(strstr(reason, "B10"));
	cr_assert_eq(v.n_findings, 2);
	free(reason);
	hd_findings_clear(&fs);
	facts.software.sp_build.value = 2448;
	hd_software_assess(&facts.software);
	weigh(HD_VERDICT_UNLIKELY, "Intact.", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_POSSIBLE);
	free(reason);
}

/* Without a SOFTWARE hive the verdict is untouched. */
Test(rules_software, verdict_without_software)
{
	struct hd_verdict v;
	char *reason;

	facts.software.given = 0;
	weigh(HD_VERDICT_LIKELY, "Damaged.", &v, &reason);
	cr_assert_eq(v.status, HD_VERDICT_LIKELY);
	cr_assert_str_eq(reason, "Damaged.");
	cr_assert_eq(v.n_findings, 0);
	free(reason);
}

/* A dirty SOFTWARE hive (read without its logs): B1 and B10 say they may describe an older state. */
Test(rules_software, dirty_software_hive_is_stale)
{
	facts.software.dirty = 1;
	facts.software.rpc_server.ncacn_ip_tcp.rv.status = HD_ABSENT;
	run("B1");
	run("B10");
	cr_assert_eq(fs.n, 2);
	cr_assert_not_null(strstr(fs.v[0].detail, "logs were not replayed"));
	cr_assert_not_null(strstr(fs.v[1].detail, "logs were not replayed"));
}
