/*
 * rules_mta_params.c - rule B11 (DOMAIN.md section 5): the MTA's own service
 * account and parameters, each a documented cause of the same 2140 / 9406 as
 * KB Q320200.  One function and one table row (ids B11a-B11f) per KB
 * article, so every finding cites the article behind it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "facts/facts_mta.h"
#include "facts/software.h"
#include "rules/rules_mta_internal.h"

/* B11a Q185154: the MTA runs as LocalSystem instead of the Exchange service account. */
int hd_rule_mta_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_service_facts *svc = &facts->exchange.svc[HD_EX_MTA];
	const struct hd_str_fact *account = &svc->object_name;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	/* The same test as the IMC's A9: an absent ObjectName is LocalSystem too. */
	if (account->rv.status == HD_ERROR || !hd_account_is_localsystem(account))
		return 0;
	hd_mta_evidence_add(&ev, &account->rv);
	hd_strbuf_addf(&detail, "MSExchangeMTA runs as LocalSystem (ObjectName %s), not as the "
	               "Exchange service account", account->rv.status == HD_FOUND ? "is LocalSystem"
	               : "is absent");
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Set the MTA service to log on as the Exchange "
	                  "service account (Control Panel, Services), as the other Exchange services do.",
	                  &ev, &detail);
}

/* B11b Q260060: the X500 DN the MTA reads at start is missing or empty. */
int hd_rule_mta_x500_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_str_fact *dn = &facts->exchange.names.mta_x500_dn;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!hd_mta_installed(facts) || dn->rv.status == HD_ERROR || hd_str_fact_present(dn))
		return 0;
	hd_mta_evidence_add(&ev, &dn->rv);
	hd_strbuf_addf(&detail, "MSExchangeMTA\\Parameters X500 DN is %s",
	               dn->rv.status == HD_ABSENT ? "missing"
	               : dn->decode != HD_DECODE_OK ? "not a string" : "empty");
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Restore X500 DN as "
	                  "/o=<Organization>/ou=<Site>/cn=Configuration/cn=Servers/cn=<Server>/cn=Microsoft MTA, "
	                  "with the names shown in the Exchange Administrator program.", &ev, &detail);
}

/* Compare one X500 DN part with the SA's name; appends to detail, 1 when they differ. */
static int name_differs(const char *what, const char *from_dn, const struct hd_str_fact *sa,
                        struct hd_strbuf *detail, struct hd_mta_evidence *ev)
{
	if (from_dn == NULL || !hd_str_fact_present(sa) || strcmp(from_dn, sa->text) == 0)
		return 0;
	/* Q299676: the SA names are case sensitive, so a case-only difference counts. */
	hd_strbuf_addf(detail, "%s%s \"%s\" but System Attendant %s \"%s\"%s",
	               detail->len > 0 ? "; " : "", what, from_dn, sa->rv.name, sa->text,
	               hd_name_compare(from_dn, sa->text) == HD_AGREE_CASE_ONLY ? " (letter case only)" : "");
	hd_mta_evidence_add(ev, &sa->rv);
	return 1;
}

/*
 * B11c Q155027: the X500 DN names another organization, site or server than
 * the SA.  Both come from the names the IMC pack collected (facts_exchange.c).
 */
int hd_rule_mta_x500_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_options *opts, struct hd_findings *out)
{
	static const char *const part_label[HD_PART_COUNT] = {
		[HD_PART_ORG] = "o=", [HD_PART_SITE] = "ou=", [HD_PART_SERVER] = "server cn=",
	};
	const struct hd_exchange_names *names = &facts->exchange.names;
	/* Every part is NULL unless hd_dn_parse found it. */
	const struct hd_dn *dn = &names->mta_x500_dn_parsed;
	const char *from_dn[HD_PART_COUNT] = { dn->org, dn->site, dn->server };
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf diffs = { 0 };
	struct hd_strbuf detail = { 0 };
	int differ = 0, rc = 0;

	(void)opts;
	if (!hd_mta_installed(facts) || !hd_str_fact_present(&names->mta_x500_dn))
		return 0;
	hd_mta_evidence_add(&ev, &names->mta_x500_dn.rv);
	for (int p = 0; p < HD_PART_COUNT; p++)
		differ |= name_differs(part_label[p], from_dn[p], &names->sa_name[p], &diffs, &ev);
	if (diffs.failed) {
		errno = ENOMEM;
		rc = -1;
		goto out;
	}
	if (!differ)
		goto out;
	hd_strbuf_addf(&detail, "X500 DN \"%s\" disagrees with the System Attendant: %s",
	               names->mta_x500_dn.text, hd_strbuf_str(&diffs));
	rc = hd_mta_add(out, rule, HD_SEV_WARNING, "Make X500 DN and the System Attendant's "
	                "Enterprise, Site and Server agree with the names shown in the Exchange "
	                "Administrator program, letter case included.", &ev, &detail);
out:
	hd_strbuf_clear(&diffs);
	return rc;
}

/* Why a path value cannot be used, or NULL when it holds a path. */
static const char *path_problem(const struct hd_str_fact *f)
{
	if (f->rv.status == HD_ERROR || hd_str_fact_present(f))
		return NULL;
	if (f->rv.status == HD_ABSENT)
		return "missing";
	return f->decode != HD_DECODE_OK ? "not a string" : "empty";
}

/*
 * B11d, install drive (issue 13): a path on another drive than the one the
 * SOFTWARE hive's Exchange\Setup Services names.  Appends to detail and
 * evidence; 1 when it differs.  Only with --software: the drive is unknown
 * otherwise.
 */
static int path_off_drive(const struct hd_str_fact *f, const struct hd_facts *facts,
                          struct hd_strbuf *detail, struct hd_mta_evidence *ev)
{
	char drive = facts->software.install_drive, d;

	if (drive == 0 || !hd_str_fact_present(f) || (d = hd_path_drive(f->text)) == 0 || d == drive)
		return 0;
	hd_strbuf_addf(detail, "%s%s %s is on drive %c:", detail->len > 0 ? "; " : "", f->rv.name, f->text, d);
	hd_mta_evidence_add(ev, &f->rv);
	hd_mta_evidence_add(ev, &facts->software.install_path.rv);
	return 1;
}

/* B11d Q324026: MTA Database Path or MTA Run Directory missing. */
int hd_rule_mta_paths_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_mta_facts *mta = &facts->exchange.mta;
	const char *db = path_problem(&mta->database_path);
	const char *run = path_problem(&mta->run_directory);
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	int off_drive;

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	off_drive = path_off_drive(&mta->database_path, facts, &detail, &ev) +
	            path_off_drive(&mta->run_directory, facts, &detail, &ev);
	if (off_drive)
		hd_strbuf_addf(&detail, ", not the Exchange install drive %c: (SOFTWARE hive, "
		               "Microsoft\\Exchange\\Setup Services %s)", facts->software.install_drive,
		               facts->software.install_path.text);
	if (db == NULL && run == NULL && !off_drive)
		return 0;
	if (db == NULL && run == NULL)
		return hd_mta_add(out, rule, HD_SEV_WARNING, "Point MTA Database Path and MTA Run "
		                  "Directory at the mtadata folder of the Exchange installation.", &ev, &detail);
	if (off_drive)
		hd_strbuf_addf(&detail, "; ");
	if (db != NULL) {
		hd_mta_evidence_add(&ev, &mta->database_path.rv);
		hd_strbuf_addf(&detail, "MTA Database Path is %s", db);
	}
	if (run != NULL) {
		hd_mta_evidence_add(&ev, &mta->run_directory.rv);
		hd_strbuf_addf(&detail, "%sMTA Run Directory is %s", db != NULL ? "; " : "", run);
	}
	hd_strbuf_addf(&detail, " (the folders themselves cannot be checked offline)");
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Point MTA Database Path and MTA Run Directory "
	                  "at the folder that holds the MTA database (usually exchsrvr\\mtadata).",
	                  &ev, &detail);
}

/* B11e Q271568: XAPI thread values + 3 above 75 (events 3047 and 9406). */
int hd_rule_mta_xapi_threads(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_mta_facts *mta = &facts->exchange.mta;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	uint64_t sum = 3;       /* the MTA's own threads, per Q271568 */

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	for (size_t i = 0; i < HD_XAPI_COUNT; i++) {
		if (!HD_FACT_OK(&mta->xapi[i]))
			continue;       /* an absent value adds nothing */
		sum += mta->xapi[i].value;
		hd_mta_evidence_add(&ev, &mta->xapi[i].rv);
	}
	if (sum <= HD_MTA_XAPI_LIMIT)
		return 0;
	hd_strbuf_addf(&detail, "the four XAPI thread values plus 3 make %llu, above the limit "
	               "of %u", (unsigned long long)sum, HD_MTA_XAPI_LIMIT);
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Lower the XAPI thread values so that their "
	                  "sum plus 3 is 75 or less (or rerun the Performance Optimizer).", &ev, &detail);
}

/* B11f Q168815: TCP/IP or TP4 control blocks below 2. */
int hd_rule_mta_control_blocks(const struct hd_rule *rule, const struct hd_facts *facts,
                               const struct hd_options *opts, struct hd_findings *out)
{
	const struct hd_mta_facts *mta = &facts->exchange.mta;
	const struct hd_dword_fact *blocks[] = { &mta->tcpip_control_blocks, &mta->tp4_control_blocks };
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!hd_mta_installed(facts))
		return 0;
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		if (!HD_FACT_OK(blocks[i]) || blocks[i]->value >= HD_MTA_MIN_CONTROL_BLOCKS)
			continue;
		hd_mta_evidence_add(&ev, &blocks[i]->rv);
		hd_strbuf_addf(&detail, "%s%s is %u", detail.len > 0 ? "; " : "",
		               blocks[i]->rv.name, (unsigned)blocks[i]->value);
	}
	if (ev.n == 0)
		return 0;
	hd_strbuf_addf(&detail, ", below the minimum of %u", HD_MTA_MIN_CONTROL_BLOCKS);
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Set TCP/IP control blocks and TP4 control "
	                  "blocks to 2 or more (the Performance Optimizer sets them).", &ev, &detail);
}
