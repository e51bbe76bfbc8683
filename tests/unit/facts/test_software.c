/*
 * test_software.c - the SOFTWARE hive's facts: the Q158530 build table, the
 * install drive, the derived Exchange version, collection from the sample
 * SOFTWARE hives (found / absent for each value, every regval marked
 * SOFTWARE) and the timeline built over a SYSTEM + SOFTWARE pair.
 */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts/facts.h"
#include "facts/read.h"
#include "hive/controlset.h"
#include "hive/hive.h"

TestSuite(software);

/* Q158530's five builds, and nothing else. */
Test(software, build_table)
{
	cr_assert_eq(hd_exchange_sp_of_build(1960), 0);
	cr_assert_eq(hd_exchange_sp_of_build(2232), 1);
	cr_assert_eq(hd_exchange_sp_of_build(2448), 2);
	cr_assert_eq(hd_exchange_sp_of_build(2650), 3);
	cr_assert_eq(hd_exchange_sp_of_build(2653), HD_EXCH_SP4);
	cr_assert_eq(hd_exchange_sp_of_build(2652), HD_EXCH_SP_UNKNOWN);
	cr_assert_eq(hd_exchange_sp_of_build(2658), HD_EXCH_SP_UNKNOWN);
	cr_assert_eq(hd_exchange_sp_of_build(0), HD_EXCH_SP_UNKNOWN);
	cr_assert_str_eq(hd_exchange_version_of_build(2653), "5.5 SP4");
	cr_assert_str_eq(hd_exchange_version_of_build(1960), "5.5 RTM");
	cr_assert_null(hd_exchange_version_of_build(2658));
}

Test(software, path_drive)
{
	cr_assert_eq(hd_path_drive("C:\\exchsrvr"), 'C');
	cr_assert_eq(hd_path_drive("d:\\exchsrvr\\mtadata"), 'D');
	cr_assert_eq(hd_path_drive("E:/x"), 'E');
	cr_assert_eq(hd_path_drive("C:exchsrvr"), 0, "drive-relative: no drive claimed");
	cr_assert_eq(hd_path_drive("\\\\server\\share"), 0);
	cr_assert_eq(hd_path_drive("exchsrvr"), 0);
	cr_assert_eq(hd_path_drive(""), 0);
	cr_assert_eq(hd_path_drive(NULL), 0);
}

/* ServicePackBuild names the service pack; NewestBuild only when it is missing. */
Test(software, assess_prefers_service_pack_build)
{
	struct hd_software_facts sw;

	memset(&sw, 0, sizeof sw);
	sw.sp_build.rv.status = HD_FOUND;
	sw.sp_build.rv.name = "ServicePackBuild";
	sw.sp_build.decode = HD_DECODE_OK;
	sw.sp_build.value = 2653;
	sw.newest_build.rv.status = HD_FOUND;
	sw.newest_build.decode = HD_DECODE_OK;
	sw.newest_build.value = 2658;          /* a hotfix after SP4 */
	hd_software_assess(&sw);
	cr_assert_eq(sw.build, 2653);
	cr_assert_eq(sw.service_pack, HD_EXCH_SP4);
	cr_assert_eq(sw.build_source, &sw.sp_build);
	sw.sp_build.rv.status = HD_ABSENT;
	hd_software_assess(&sw);
	cr_assert_eq(sw.build, 2658);
	cr_assert_eq(sw.service_pack, HD_EXCH_SP_UNKNOWN);
	cr_assert_null(sw.version);
	sw.newest_build.decode = HD_DECODE_BADTYPE;     /* e.g. REG_BINARY: not guessed */
	hd_software_assess(&sw);
	cr_assert_null(sw.build_source);
	cr_assert_eq(sw.build, 0);
}

static struct hd_hive *open_sample(const char *name)
{
	const char *dir = getenv("HD_SAMPLES") ? getenv("HD_SAMPLES") : "build/samples";
	char path[1024];
	struct hd_hive *h;

	snprintf(path, sizeof path, "%s/%s.hive", dir, name);
	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("%s not built (run make)", path);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "open %s", path);
	return h;
}

static struct hd_hive *collect_software(const char *name, struct hd_software_facts *sw)
{
	struct hd_hive *h = open_sample(name);
	struct hd_reader r = { .hive = h, .controlset_name = "", .hive_label = "SOFTWARE" };

	r.root = r.controlset = hd_hive_root(h);
	cr_assert_eq(hd_software_collect(&r, sw), 0);
	cr_assert_eq(r.lookup_errors, 0);
	return h;
}

Test(software, collect_sp4_sample)
{
	struct hd_software_facts sw;
	struct hd_hive *h = collect_software("software-sp4", &sw);

	cr_assert(sw.given);
	cr_assert_eq(sw.setup.status, HD_FOUND);
	cr_assert_str_eq(sw.setup.key, "Microsoft\\Exchange\\Setup");
	cr_assert_str_eq(sw.setup.hive, "SOFTWARE");
	cr_assert_str_eq(sw.install_path.text, "C:\\exchsrvr");
	cr_assert_eq(sw.install_drive, 'C');
	cr_assert_eq(sw.build, 2653);
	cr_assert_str_eq(sw.version, "5.5 SP4");
	cr_assert_str_eq(sw.current_build_number.text, "1381");
	cr_assert_eq(sw.product_name.rv.status, HD_ABSENT, "NT 4.0 has no ProductName");
	cr_assert_str_eq(sw.rpc_client.ncacn_ip_tcp.text, "rpcltc3.dll");
	cr_assert_str_eq(sw.rpc_server.ncacn_ip_tcp.text, "rpclts3.dll");
	cr_assert_eq(sw.n_netcards, 1);
	cr_assert_str_eq(sw.netcards[0].number, "1");
	cr_assert_not_null(hd_software_netcard(&sw, "el90X1"), "adapter names fold case");
	cr_assert_null(hd_software_netcard(&sw, "NdisWan4"));
	/* The setup key's own time, set by the sample's !time= line. */
	cr_assert_eq(sw.setup.key_time, (1014976800ull + 11644473600ull) * 10000000ull);
	hd_software_facts_clear(&sw);
	hd_hive_close(h);
}

/* Absent values stay absent: no ncacn_ip_tcp, no ServicePackBuild. */
Test(software, collect_absent_values)
{
	struct hd_software_facts sw;
	struct hd_hive *h = collect_software("software-no-tcp", &sw);

	cr_assert_eq(sw.rpc_server.key.status, HD_FOUND);
	cr_assert_eq(sw.rpc_server.ncacn_ip_tcp.rv.status, HD_ABSENT);
	cr_assert_eq(sw.rpc_client.ncacn_ip_tcp.rv.status, HD_FOUND);
	hd_software_facts_clear(&sw);
	hd_hive_close(h);
	h = collect_software("software-unknown-build", &sw);
	cr_assert_eq(sw.sp_build.rv.status, HD_ABSENT);
	cr_assert_eq(sw.newest_build.rv.status, HD_FOUND);
	cr_assert_eq(sw.build, 2658);
	cr_assert_eq(sw.service_pack, HD_EXCH_SP_UNKNOWN);
	hd_software_facts_clear(&sw);
	hd_hive_close(h);
}

/* A SYSTEM hive read as SOFTWARE: every key absent, nothing invented. */
Test(software, collect_from_a_system_hive_finds_nothing)
{
	struct hd_software_facts sw;
	struct hd_hive *h = collect_software("healthy-nt4", &sw);

	cr_assert_eq(sw.setup.status, HD_ABSENT);
	cr_assert_null(sw.build_source);
	cr_assert_eq(sw.service_pack, HD_EXCH_SP_UNKNOWN);
	cr_assert_eq(sw.rpc_client.key.status, HD_ABSENT);
	cr_assert_eq(sw.n_netcards, 0);
	hd_software_facts_clear(&sw);
	hd_hive_close(h);
}

/* SYSTEM + SOFTWARE: the timeline is sorted, holds keys of both hives, ends with the SP4 setup key then Linkage. */
Test(software, timeline_of_a_pair)
{
	struct hd_facts f;
	struct hd_controlset cs;
	struct hd_hive *sys = open_sample("pair-sp4-damaged"), *soft;
	struct hd_reader r = { .hive = sys };
	struct hd_reader rs = { .controlset_name = "", .hive_label = "SOFTWARE" };
	const struct hd_timeline *t;

	memset(&cs, 0, sizeof cs);
	cr_assert_eq(hd_controlset_resolve(sys, 0, &cs), 1);
	r.root = hd_hive_root(sys);
	r.controlset_name = cs.analyzed_name;
	cr_assert_eq(hd_key_lookup(sys, r.root, cs.analyzed_name, &r.controlset), HD_FOUND);
	cr_assert_eq(hd_facts_collect(&r, &f), 0);
	soft = open_sample("software-sp4");
	rs.hive = soft;
	rs.root = rs.controlset = hd_hive_root(soft);
	cr_assert_eq(hd_software_collect(&rs, &f.software), 0);
	cr_assert_eq(hd_timeline_build(&f, &f.timeline), 0);
	t = &f.timeline;
	cr_assert_geq(t->n, 10);
	for (size_t i = 1; i < t->n; i++)
		cr_assert_leq(t->v[i - 1].time, t->v[i].time, "sorted at %zu", i);
	cr_assert_str_eq(t->v[t->n - 2].hive, "SOFTWARE");
	cr_assert_str_eq(t->v[t->n - 2].rv->key, "Microsoft\\Exchange\\Setup");
	cr_assert_str_eq(t->v[t->n - 1].hive, "SYSTEM");
	cr_assert_str_eq(t->v[t->n - 1].rv->key, "ControlSet001\\Services\\Tcpip\\Linkage");
	cr_assert(hd_timeline_cites(&t->v[t->n - 1], &f.network.bind.rv), "Bind's key is Linkage");
	cr_assert_not(hd_timeline_cites(&t->v[t->n - 1], &f.software.setup));
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(soft);
	hd_hive_close(sys);
}
