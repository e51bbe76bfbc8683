/*
 * rules_mta_params.c - rule B11 (DOMAIN.md section 5): the MTA's own service
 * account and parameters, each a documented cause of the same 2140 / 9406 as
 * KB Q320200.  One function and one table row (ids B11a-B11f) per KB
 * article, so every finding cites the article behind it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "facts/facts_mta.h"
#include "facts/software.h"
#include "rules/rules_mta_internal.h"
#include "util/textutil.h"

/* The account of a service: ObjectName text, "LocalSystem" when that is what it means. */
static const char *account_text(const struct hd_str_fact *f)
{
	if (hd_account_is_localsystem(f))
		return "LocalSystem";
	return HD_FACT_OK(f) ? f->text : NULL;
}

/*
 * B11a Q162384 step 3: the MTA must run as the site service account, the
 * System Attendant's; LocalSystem is never it.  NT account names compare
 * without regard to case.
 */
int hd_rule_mta_localsystem(const struct hd_rule *rule, const struct hd_facts *facts,
                            const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_service_facts *mta = &facts->exchange.svc[HD_EX_MTA];
	const struct hd_service_facts *sa = &facts->exchange.svc[HD_EX_SA];
	const char *acct = account_text(&mta->object_name), *sa_acct = NULL;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };

	(void)opts;
	if (!hd_mta_installed(facts) || mta->object_name.rv.status == HD_ERROR || acct == NULL)
		return 0;
	if (sa->key.status == HD_FOUND && sa->object_name.rv.status != HD_ERROR)
		sa_acct = account_text(&sa->object_name);
	hd_mta_evidence_add(&ev, &mta->object_name.rv);
	if (hd_account_is_localsystem(&mta->object_name)) {
		hd_strbuf_addf(&detail, "MSExchangeMTA runs as LocalSystem (ObjectName %s), not as the "
		               "site service account (Q162384 step 3)",
		               mta->object_name.rv.status == HD_FOUND ? "is LocalSystem" : "is absent");
	} else if (sa_acct != NULL && !hd_account_is_localsystem(&sa->object_name) &&
	           !hd_name_equal(acct, sa_acct)) {
		hd_mta_evidence_add(&ev, &sa->object_name.rv);
		hd_strbuf_addf(&detail, "MSExchangeMTA logs on as \"%s\" but the System Attendant as "
		               "\"%s\": the MTA must run as the site service account (Q162384 step 3)",
		               acct, sa_acct);
	} else {
		return 0;
	}
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Set the Microsoft Exchange Message Transfer "
	                  "Agent service to log on as the site service account (the System "
	                  "Attendant's) with its password (Control Panel, Services; Q162384).",
	                  &ev, &detail);
}

/* The X500 DN the names say it should be, for remedies: into buf. */
static const char *x500_should_be(const struct hd_facts *facts, const struct hd_rule_options *opts,
                                  char *buf, size_t len)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const char *given[HD_PART_COUNT] = { opts ? opts->org : NULL, opts ? opts->site : NULL,
	                                     opts ? opts->server : NULL };
	const char *name[HD_PART_COUNT];

	for (int p = 0; p < HD_PART_COUNT; p++) {
		name[p] = given[p] != NULL ? given[p] : hd_str_fact_present(&n->sa_name[p]) ?
		          n->sa_name[p].text : NULL;
		if (name[p] == NULL)
			name[p] = p == HD_PART_ORG ? "<Organization>" : p == HD_PART_SITE ? "<Site>" : "<Server>";
	}
	snprintf(buf, len, "/o=%s/ou=%s/cn=Configuration/cn=Servers/cn=%s/cn=Microsoft MTA",
	         name[HD_PART_ORG], name[HD_PART_SITE], name[HD_PART_SERVER]);
	return buf;
}

/* The remedy that sets X500 DN in the analyzed control set. New string or NULL. */
static char *x500_remedy(const struct hd_facts *facts, const struct hd_rule_options *opts)
{
	char dn[512], *fix = NULL;

	if (asprintf(&fix, "Set %s\\Services\\MSExchangeMTA\\Parameters\\X500 DN (REG_SZ) to \"%s\" "
	             "with the names the Exchange Administrator program shows%s (Q155027).",
	             hd_analyzed_set(facts), x500_should_be(facts, opts, dn, sizeof dn), HD_SET_NOTE) < 0)
		return NULL;
	return fix;
}

/*
 * B11b Q155027: the X500 DN is missing, or not of its one legal shape
 * (/o=/ou=/cn=Configuration/cn=Servers/cn=<Server>/cn=Microsoft MTA): the MTA
 * checks it against its directory object at start.
 */
int hd_rule_mta_x500_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_str_fact *dn = &facts->exchange.names.mta_x500_dn;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	struct hd_dn_check c;
	char *fix;
	int rc;

	if (!hd_mta_installed(facts) || dn->rv.status == HD_ERROR)
		return 0;
	if (hd_str_fact_present(dn)) {
		hd_dn_check_x500(dn->text, &c);
		if (c.form == HD_DN_FORM_OK)
			return 0;
		hd_strbuf_addf(&detail, "MSExchangeMTA\\Parameters X500 DN \"%s\" %s%s%s%s; the MTA "
		               "checks it against its directory object at start and fails with 2140 "
		               "(events 137/2245, Q155027)", dn->text, c.why,
		               c.offending[0] ? " (component \"" : "", c.offending,
		               c.offending[0] ? "\")" : "");
	} else {
		hd_strbuf_addf(&detail, "MSExchangeMTA\\Parameters X500 DN is %s; the MTA checks this "
		               "value against its directory object at start (Q155027). Q260060, often "
		               "cited here, documents System Attendant event 5000 during routing "
		               "recalculation, not an MTA start failure",
		               dn->rv.status == HD_ABSENT ? "missing"
		               : dn->decode != HD_DECODE_OK ? "not a string" : "empty");
	}
	hd_mta_evidence_add(&ev, &dn->rv);
	if ((fix = x500_remedy(facts, opts)) == NULL) {
		hd_strbuf_clear(&detail);
		return -1;
	}
	rc = hd_mta_add(out, rule, HD_SEV_WARNING, fix, &ev, &detail);
	free(fix);
	return rc;
}

/* Compare one X500 DN part with another copy; appends to detail, 1 when they differ. */
static int name_differs(const char *what, const char *from_dn, const char *source,
                        const char *other, struct hd_strbuf *detail)
{
	if (from_dn == NULL || other == NULL || strcmp(from_dn, other) == 0)
		return 0;
	/* Q298565 asks for names that exactly match, so a case-only difference is reported. */
	hd_strbuf_addf(detail, "%s%s \"%s\" but %s \"%s\"%s", detail->len > 0 ? "; " : "",
	               what, from_dn, source, other,
	               hd_name_compare(from_dn, other) == HD_AGREE_CASE_ONLY ? " (letter case only)" : "");
	return 1;
}

/* The X500 DN's names against the SA's and the user's; 1 when any differ. */
static int x500_differences(const struct hd_exchange_names *names, const struct hd_rule_options *opts,
                            struct hd_strbuf *diffs, struct hd_mta_evidence *ev)
{
	static const char *const part_label[HD_PART_COUNT] = {
		[HD_PART_ORG] = "o=", [HD_PART_SITE] = "ou=", [HD_PART_SERVER] = "server cn=",
	};
	static const char *const option[HD_PART_COUNT] = { "--org", "--site", "--server" };
	/* Every part is NULL unless hd_dn_parse found it. */
	const struct hd_dn *dn = &names->mta_x500_dn_parsed;
	const char *from_dn[HD_PART_COUNT] = { dn->org, dn->site, dn->server };
	const char *given[HD_PART_COUNT] = { opts ? opts->org : NULL, opts ? opts->site : NULL,
	                                     opts ? opts->server : NULL };
	int differ = 0;

	for (int p = 0; p < HD_PART_COUNT; p++) {
		const struct hd_str_fact *sa = &names->sa_name[p];
		char source[64];

		snprintf(source, sizeof source, "System Attendant %s", sa->rv.name ? sa->rv.name : "?");
		if (hd_str_fact_present(sa) &&
		    name_differs(part_label[p], from_dn[p], source, sa->text, diffs)) {
			hd_mta_evidence_add(ev, &sa->rv);
			differ = 1;
		}
		differ |= name_differs(part_label[p], from_dn[p], option[p], given[p], diffs);
	}
	return differ;
}

/*
 * B11c Q155027: the X500 DN names another organization, site or server than
 * the System Attendant, or than --org/--site/--server (the directory's names).
 */
int hd_rule_mta_x500_mismatch(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_exchange_names *names = &facts->exchange.names;
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf diffs = { 0 };
	struct hd_strbuf detail = { 0 };
	char *fix = NULL;
	int rc = 0;

	if (!hd_mta_installed(facts) || !hd_str_fact_present(&names->mta_x500_dn))
		return 0;
	hd_mta_evidence_add(&ev, &names->mta_x500_dn.rv);
	if (!x500_differences(names, opts, &diffs, &ev) && !diffs.failed)
		goto out;
	if (diffs.failed || (fix = x500_remedy(facts, opts)) == NULL) {
		errno = ENOMEM;
		rc = -1;
		goto out;
	}
	hd_strbuf_addf(&detail, "X500 DN \"%s\" disagrees: %s; the MTA checks its X500 DN against "
	               "its directory object at start, and a wrong name (as after a reinstall with "
	               "other names) stops it with 2140 (Q155027)", names->mta_x500_dn.text,
	               hd_strbuf_str(&diffs));
	rc = hd_mta_add(out, rule, HD_SEV_WARNING, fix, &ev, &detail);
out:
	free(fix);
	hd_strbuf_clear(&diffs);
	return rc;
}

/* 1 when s is an absolute local path: a drive letter, ':' and '\\'. */
static int local_absolute(const char *s)
{
	return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
	       s[1] == ':' && s[2] == '\\';
}

/* Why a path value cannot be used, or NULL when it holds a plausible path. */
static const char *path_problem(const struct hd_str_fact *f)
{
	if (f->rv.status == HD_ERROR)
		return NULL;
	if (f->rv.status == HD_ABSENT)
		return "missing";
	if (!hd_str_fact_present(f))
		return f->decode != HD_DECODE_OK ? "not a string" : "empty";
	if (f->text[0] == '\\' && f->text[1] == '\\')
		return "a network (UNC) path, not a local one";
	return local_absolute(f->text) ? NULL : "not an absolute local path (drive letter, ':' and '\\')";
}

/* Append "NAME is PROBLEM" and, when the value has text, the text itself. */
static void describe_path(struct hd_strbuf *d, const char *name, const struct hd_str_fact *f,
                          const char *problem)
{
	hd_strbuf_addf(d, "%s%s is %s", d->len > 0 ? "; " : "", name, problem);
	if (hd_str_fact_present(f))
		hd_strbuf_addf(d, " (\"%s\")", f->text);
}

/*
 * B11d Q324026: MTA Database Path or MTA Run Directory missing or incorrect:
 * not an absolute local path.  Another drive than the Exchange install is
 * no finding: the Performance Optimizer moves the MTA directory to other
 * drives (Q192168; Q272516 names these two values; DOMAIN.md 0.10).  The
 * folders themselves cannot be checked offline.
 */
int hd_rule_mta_paths_missing(const struct hd_rule *rule, const struct hd_facts *facts,
                              const struct hd_rule_options *opts, struct hd_findings *out)
{
	const struct hd_mta_facts *mta = &facts->exchange.mta;
	const char *db = path_problem(&mta->database_path);
	const char *run = path_problem(&mta->run_directory);
	struct hd_mta_evidence ev = { .n = 0 };
	struct hd_strbuf detail = { 0 };
	char *fix = NULL, drive[16] = "<drive>:";
	int rc;

	(void)opts;
	if (!hd_mta_installed(facts) || (db == NULL && run == NULL))
		return 0;
	if (db != NULL) {
		hd_mta_evidence_add(&ev, &mta->database_path.rv);
		describe_path(&detail, "MTA Database Path", &mta->database_path, db);
	}
	if (run != NULL) {
		hd_mta_evidence_add(&ev, &mta->run_directory.rv);
		describe_path(&detail, "MTA Run Directory", &mta->run_directory, run);
	}
	hd_strbuf_addf(&detail, " (Q324026; the folders themselves cannot be checked offline)");
	if (facts->software.install_drive != 0)
		snprintf(drive, sizeof drive, "%c:", facts->software.install_drive);
	if (asprintf(&fix, "Set %s\\Services\\MSExchangeMTA\\Parameters \"MTA Database Path\" and "
	             "\"MTA Run Directory\" (REG_SZ) to the local folder that holds the MTA database, "
	             "usually %s\\exchsrvr\\mtadata%s (Q324026).", hd_analyzed_set(facts), drive,
	             HD_SET_NOTE) < 0) {
		hd_strbuf_clear(&detail);
		return -1;
	}
	rc = hd_mta_add(out, rule, HD_SEV_WARNING, fix, &ev, &detail);
	free(fix);
	return rc;
}

/* B11e Q271568: XAPI thread values + 3 above 75 (events 3047 and 9406). */
int hd_rule_mta_xapi_threads(const struct hd_rule *rule, const struct hd_facts *facts,
                             const struct hd_rule_options *opts, struct hd_findings *out)
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
                               const struct hd_rule_options *opts, struct hd_findings *out)
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
	hd_strbuf_addf(&detail, ", below the minimum of %u (Q168815, an Exchange 4.0/5.0 article; "
	               "that it holds for 5.5 is inferred)", HD_MTA_MIN_CONTROL_BLOCKS);
	return hd_mta_add(out, rule, HD_SEV_WARNING, "Set TCP/IP control blocks and TP4 control "
	                  "blocks to 2 or more (the Performance Optimizer sets them).", &ev, &detail);
}
