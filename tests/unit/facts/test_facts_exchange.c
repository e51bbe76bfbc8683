/* test_facts_exchange.c - the Exchange names, their comparison and dependency facts. */
#include <criterion/criterion.h>

#include "skip_missing.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/controlset.h"
#include "facts/facts.h"
#include "facts/read.h"
#include "hive_text.h"
#include "util/textutil.h"

TestSuite(facts_exchange);

Test(facts_exchange, name_compare)
{
	/* Exact, case-only (also beyond ASCII) and real differences. */
	cr_expect_eq(hd_name_compare("Contoso", "Contoso"), HD_AGREE_EXACT);
	cr_expect_eq(hd_name_compare("Contoso", "CONTOSO"), HD_AGREE_CASE_ONLY);
	cr_expect_eq(hd_name_compare("M\xc3\xbcller AG", "M\xc3\x9cLLER AG"), HD_AGREE_CASE_ONLY);
	cr_expect_eq(hd_name_compare("M\xc3\xbcller AG", "Mueller AG"), HD_AGREE_DIFFER);
	cr_expect_eq(hd_name_compare("Contoso", "Contoso "), HD_AGREE_DIFFER);
}

Test(facts_exchange, labels)
{
	/* The report's labels are stable words. */
	cr_expect_str_eq(hd_name_part_label(HD_PART_SERVER), "server");
	cr_expect_str_eq(hd_name_source_label(HD_NSRC_SITEDN), "imc_site_dn");
	cr_expect_str_eq(hd_name_source_label(HD_NSRC_EXPECTED), "expected");
	cr_expect_str_eq(hd_agreement_label(HD_AGREE_CASE_ONLY), "case_only");
	cr_expect_str_eq(hd_agreement_label(HD_AGREE_NONE), "not_comparable");
}

static void text_fact(struct hd_str_fact *f, const char *text)
{
	f->rv.status = text ? HD_FOUND : HD_ABSENT;
	f->rv.key_found = 1;
	f->decode = text ? HD_DECODE_OK : 0;
	f->text = text ? strdup(text) : NULL;
}

Test(facts_exchange, table_over_hand_built_facts)
{
	/* Cells borrow the parsed values; agreement ignores missing sources; expected joins "all" only. */
	struct hd_facts f;
	struct hd_name_table t;
	const char *expected[HD_PART_COUNT] = { "Fabrikam", NULL, NULL };

	memset(&f, 0, sizeof f);
	text_fact(&f.exchange.names.sa_name[HD_PART_ORG], "Contoso");
	text_fact(&f.exchange.names.sa_name[HD_PART_SERVER], "EXCH01");
	text_fact(&f.system.computer_name, "exch01");
	f.exchange.names.site_dn_parsed_ok = hd_dn_parse("/o=Contoso/ou=Redmond", &f.exchange.names.site_dn_parsed) == 1;
	hd_name_table_build(&f, expected, &t);
	cr_expect_str_eq(t.row[HD_PART_ORG].cell[HD_NSRC_SITEDN].value, "Contoso");
	cr_expect_null(t.row[HD_PART_ORG].cell[HD_NSRC_MTA].value);
	cr_expect_null(t.row[HD_PART_ORG].cell[HD_NSRC_COMPUTER].value);
	cr_expect_eq(t.row[HD_PART_ORG].registry, HD_AGREE_EXACT);
	cr_expect_eq(t.row[HD_PART_ORG].all, HD_AGREE_DIFFER);
	cr_expect_eq(t.row[HD_PART_SITE].registry, HD_AGREE_NONE);
	cr_expect_eq(t.row[HD_PART_SERVER].registry, HD_AGREE_CASE_ONLY);
	cr_expect_eq(t.row[HD_PART_SERVER].cell[HD_NSRC_COMPUTER].evidence, &f.system.computer_name.rv);
	cr_expect_null(t.row[HD_PART_ORG].cell[HD_NSRC_EXPECTED].evidence);
	hd_facts_clear(&f);
}

Test(facts_exchange, localsystem_accounts)
{
	/* Absent ObjectName and the LocalSystem spellings count as LocalSystem; an account does not. */
	struct hd_str_fact f;

	memset(&f, 0, sizeof f);
	f.rv.status = HD_ABSENT;
	cr_expect(hd_account_is_localsystem(&f));
	text_fact(&f, "localsystem");
	cr_expect(hd_account_is_localsystem(&f));
	free(f.text);
	text_fact(&f, "CONTOSO\\ExchangeService");
	cr_expect_not(hd_account_is_localsystem(&f));
	free(f.text);
}

Test(facts_exchange, expect_copies_names)
{
	/* The user's names are copied, replaced on a second call, and NULL stays NULL. */
	struct hd_exchange_names n;
	char org[] = "Contoso";

	memset(&n, 0, sizeof n);
	cr_assert_eq(hd_exchange_expect(&n, org, NULL, "EXCH01"), 0);
	org[0] = 'X';
	cr_expect_str_eq(n.expected[HD_PART_ORG], "Contoso");
	cr_expect_null(n.expected[HD_PART_SITE]);
	cr_assert_eq(hd_exchange_expect(&n, NULL, "Redmond", NULL), 0);
	cr_expect_null(n.expected[HD_PART_ORG]);
	cr_expect_str_eq(n.expected[HD_PART_SITE], "Redmond");
	hd_exchange_names_clear(&n);
}

/* Collect the facts of build/samples/NAME.hive; skips when samples are not built. */
static struct hd_hive *collect_sample(const char *name, struct hd_controlset *cs, struct hd_facts *f)
{
	const char *dir = getenv("HD_SAMPLES");
	char path[512];
	struct hd_hive *h;
	struct hd_reader r;

	snprintf(path, sizeof path, "%s/%s.hive", dir ? dir : "build/samples", name);
	if (access(path, R_OK) != 0)
		HD_SKIP_MISSING("%s not built (run make)", path);
	h = hd_hive_open(path, 0, NULL);
	cr_assert_not_null(h, "open %s", path);
	memset(cs, 0, sizeof *cs);
	cr_assert_eq(hd_controlset_resolve(h, 0, cs), 1);
	memset(&r, 0, sizeof r);
	r.hive = h;
	r.root = hd_hive_root(h);
	r.controlset_name = cs->analyzed_name;
	cr_assert_eq(hd_key_lookup(h, r.root, cs->analyzed_name, &r.controlset), HD_FOUND);
	cr_assert_eq(hd_facts_collect(&r, f), 0);
	return h;
}

Test(facts_exchange, sample_unicode_names_are_the_hive_data)
{
	/* "Müller AG" reads back as valid UTF-8 and its raw bytes are the UTF-16LE in the hive. */
	static const uint8_t utf16[] = { 'M', 0, 0xfc, 0, 'l', 0, 'l', 0, 'e', 0, 'r', 0, ' ', 0,
	                                 'A', 0, 'G', 0, 0, 0 };
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("imc-unicode-agree", &cs, &f);
	const struct hd_exchange_names *n = &f.exchange.names;

	cr_assert(HD_FACT_OK(&n->sa_name[HD_PART_ORG]));
	cr_expect_str_eq(n->sa_name[HD_PART_ORG].text, "M\xc3\xbcller AG");
	cr_expect(hd_utf8_valid(n->site_dn.text));
	cr_expect_eq(n->sa_name[HD_PART_ORG].rv.raw.len, sizeof utf16);
	cr_expect_arr_eq(n->sa_name[HD_PART_ORG].rv.raw.data, utf16, sizeof utf16);
	cr_expect_str_eq(n->site_dn.text, "/o=M\xc3\xbcller AG/ou=K\xc3\xb6ln");
	cr_assert(n->site_dn_parsed_ok);
	cr_expect_str_eq(n->site_dn_parsed.site, "K\xc3\xb6ln");
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

Test(facts_exchange, sample_mta_x500_dn)
{
	/* The MTA sample's X500 DN is read and parsed, and the SA names beside it (B11b, B11c). */
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("mta-healthy", &cs, &f);
	const struct hd_exchange_names *n = &f.exchange.names;

	cr_assert(HD_FACT_OK(&n->mta_x500_dn));
	cr_assert(n->mta_x500_dn_parsed_ok);
	cr_expect_str_eq(n->mta_x500_dn_parsed.org, "Contoso");
	cr_expect_str_eq(n->mta_x500_dn_parsed.site, "Redmond");
	cr_expect_str_eq(n->mta_x500_dn_parsed.server, "EXCH01");
	cr_expect_str_eq(n->sa_name[HD_PART_SERVER].text, "EXCH01");
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

Test(facts_exchange, sample_controlset2_reads_current_set)
{
	/* Select\Current = 2: SiteDN comes from ControlSet002, not ControlSet001. */
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("imc-controlset2", &cs, &f);

	cr_expect_str_eq(cs.analyzed_name, "ControlSet002");
	cr_expect_str_eq(f.exchange.names.site_dn.text, "/o=Contoso/ou=Seattle");
	cr_expect(strncmp(f.exchange.names.site_dn.rv.key, "ControlSet002\\", 14) == 0);
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

Test(facts_exchange, sample_expand_sz_site_dn)
{
	/* A REG_EXPAND_SZ SiteDN is read as a string and keeps its type as evidence. */
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("imc-sitedn-expand", &cs, &f);

	cr_expect_eq(f.exchange.names.site_dn.rv.raw.type, HD_REG_EXPAND_SZ);
	cr_expect(f.exchange.names.site_dn_parsed_ok);
	cr_expect_str_eq(f.exchange.names.site_dn_parsed.org, "Contoso");
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

Test(facts_exchange, sample_dependencies)
{
	/* The IMC's DependOnService entries are probed; all three required ones exist. */
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("healthy-nt4", &cs, &f);
	const struct hd_service_deps *d = &f.exchange.deps[HD_EX_IMC];

	cr_assert_eq(d->n, 3);
	for (size_t i = 0; i < d->n; i++) {
		cr_expect(d->v[i].listed && d->v[i].required, "%s", d->v[i].name);
		cr_expect_eq(d->v[i].key.status, HD_FOUND, "%s", d->v[i].name);
	}
	cr_expect_str_eq(d->v[2].name, "Tcpip");
	cr_expect_eq(d->v[2].start.value, 1);
	cr_expect_eq(f.exchange.deps[HD_EX_SA].n, 6);
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

Test(facts_exchange, sample_sitedn_missing)
{
	/* A missing SiteDN is absent with its key found, so A1 can say which. */
	struct hd_controlset cs;
	struct hd_facts f;
	struct hd_hive *h = collect_sample("imc-sitedn-missing", &cs, &f);

	cr_expect_eq(f.exchange.names.site_dn.rv.status, HD_ABSENT);
	cr_expect(f.exchange.names.site_dn.rv.key_found);
	cr_expect_not(f.exchange.names.site_dn_parsed_ok);
	hd_facts_clear(&f);
	hd_controlset_clear(&cs);
	hd_hive_close(h);
}

/*
 * Issue 26: a DependOnService entry is one service name, never a path.
 * "Tcpip\Linkage" pasted into Services\%s reached the Linkage key (and a
 * Start value planted there) and left it on the trail as found, though the
 * dependency was then called absent; now nothing is found under that name.
 */
static const char deps_walk[] =
	"REGEDIT4\n"
	"[Select]\n\"Current\"=dword:00000001\n"
	"[ControlSet001\\Services\\MSExchangeIS]\n\"Start\"=dword:00000002\n"
	"[ControlSet001\\Services\\MSExchangeIMC]\n\"Start\"=dword:00000002\n"
	"\"DependOnService\"=multi:\"Tcpip\\\\Linkage\",\"MSExchangeIS\"\n"
	"[ControlSet001\\Services\\Tcpip\\Linkage]\n\"Start\"=dword:00000002\n";

Test(facts_exchange, dependency_with_backslash_is_no_key)
{
	struct hd_test_hive t;
	struct hd_facts *f = calloc(1, sizeof *f);
	const struct hd_service_deps *d;
	const struct hd_trail_entry *e;

	cr_assert_not_null(f);
	hd_test_hive_open(deps_walk, &t);
	cr_assert_eq(hd_facts_collect(&t.r, f), 0);
	d = &f->exchange.deps[HD_EX_IMC];
	cr_assert_geq(d->n, 2);
	cr_assert_str_eq(d->v[0].name, "Tcpip\\Linkage");
	cr_expect_eq(d->v[0].key.status, HD_ABSENT);
	cr_expect_eq(d->v[0].key.key_found, 0, "the Linkage key was reached");
	cr_expect_eq(d->v[0].start.rv.status, HD_ABSENT);
	cr_expect_str_eq(d->v[0].key.key, "ControlSet001\\Services\\Tcpip\\Linkage");
	e = hd_trail_find(&t.trail, "Services\\Tcpip\\Linkage", "Start");
	cr_expect(e == NULL || e->rv.status == HD_ABSENT, "the trail holds the Linkage key's Start");
	cr_expect_str_eq(d->v[1].name, "MSExchangeIS");
	cr_expect_eq(d->v[1].key.status, HD_FOUND);
	cr_expect_eq(d->v[1].start.value, 2);
	cr_expect_eq(f->lookup_errors, 0);
	hd_facts_clear(f);
	free(f);
	hd_test_hive_close(&t);
}
