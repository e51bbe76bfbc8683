/*
 * format_junit.c - -o junit: JUnit XML as the test reporters of GitLab,
 * Jenkins and GitHub read it (issue 25), so that a CI dashboard shows
 * hivediag's verdicts without a script of its own.
 *
 * One <testsuite> per run (the prefix, written last-but-first with the
 * run's counts: cli/document.h); per hive two <testcase>s, the IMC's (KB
 * Q298565) and the MTA's (KB Q320200).  Both carry the hive's path as
 * classname, so a dashboard groups them under the hive (Jenkins takes the
 * part of a classname after its last dot for the class: both cases still
 * share it).  A case fails when its verdict is likely or possible
 * (<failure>: message the verdict's reason, the text the findings it
 * rests on with their evidence), is an <error> when the hive could not be
 * analyzed or the verdict is unknown, and <skipped> when the service is
 * not installed; unlikely passes.  -r's files of another kind have no case
 * (an empty piece): they are no Exchange server's SYSTEM hive.
 *
 * Every string from a hive or a file name goes through hd_markup_text
 * (markup.h): the document stays well-formed XML 1.0 whatever the hive holds.
 */
#include <stdlib.h>
#include <string.h>

#include "report/formats_internal.h"
#include "report/markup.h"
#include "report/text_wrap.h"
#include "util/textutil.h"
#include "verdict/verdict.h"

struct service {
	const char *label;      /* "IMC" */
	const char *name;       /* the service, as the rules name it */
	const char *kb;         /* the KB article its verdict answers */
};

static const struct service services[] = {
	{ "IMC", "MSExchangeIMC", "Q298565" },
	{ "MTA", "MSExchangeMTA", "Q320200" },
};

/* 0, or -1 when the stream failed. */
static int put(FILE *f, const char *s)
{
	return fputs(s, f) == EOF ? -1 : 0;
}

/* lead, s escaped, tail. */
static int put_text(FILE *f, const char *lead, const char *s, const char *tail)
{
	return put(f, lead) < 0 || hd_markup_text(f, s) < 0 || put(f, tail) < 0 ? -1 : 0;
}

/* <testcase classname="PATH" name="IMC (MSExchangeIMC, KB Q298565)" file="PATH">; --root's older copies say which. */
static int case_open(FILE *f, const struct hd_result *res, const struct service *s)
{
	int copy = res->role != NULL && strcmp(res->role, "current") != 0;

	return put_text(f, "    <testcase classname=\"", res->path, "\"") < 0 ||
	       fprintf(f, " name=\"%s (%s, KB %s)", s->label, s->name, s->kb) < 0 ||
	       (copy && put_text(f, ", older copy: ", res->role, "") < 0) ||
	       put_text(f, "\" file=\"", res->path, "\">\n") < 0 ? -1 : 0;
}

/* "KEY\NAME = DATA (key last written TIME)", as the text report shows evidence. */
static int evidence(FILE *f, const struct hd_regval *rv)
{
	char *data = hd_tw_value_text(rv);
	char when[HD_ISOTIME_LEN];
	int rc;

	if (!rv->key_found || hd_filetime_iso(rv->key_time, when) != 0)
		strcpy(when, "unknown");
	rc = put_text(f, "- ", rv->key ? rv->key : "?", "") < 0 ||
	     (rv->name && put_text(f, "\\", rv->name[0] ? rv->name : "(default)", "") < 0) ||
	     (rv->name ? put_text(f, " = ", data ? data : "(out of memory)", "")
	               : put(f, rv->status == HD_FOUND ? ": key present" : rv->status == HD_ABSENT
	                        ? ": key absent" : ": key unreadable")) < 0 ||
	     fprintf(f, " (key last written %s)\n", when) < 0 ? -1 : 0;
	free(data);
	return rc;
}

/*
 * One finding the verdict rests on: id, severity, title, KB, detail (unless
 * it is the reason, said above it), evidence, fix.
 */
static int finding(FILE *f, const struct hd_finding *fd, const char *reason)
{
	const struct hd_rule *r = fd->rule;
	int rc = fprintf(f, "\n%s (%s): ", r->id, hd_severity_name(fd->severity)) < 0 ||
	         put_text(f, "", r->title, "\nKB") < 0 ? -1 : 0;

	for (size_t k = 0; rc == 0 && k < HD_RULE_MAX_KB && r->kb[k]; k++)
		rc = fprintf(f, " %s", r->kb[k]) < 0 ? -1 : 0;
	if (rc == 0)
		rc = put(f, "\n");
	if (rc == 0 && fd->detail && !(reason && strcmp(fd->detail, reason) == 0))
		rc = put_text(f, "", fd->detail, "\n");
	if (rc == 0 && fd->n_evidence > 0)
		rc = put(f, "Evidence:\n");
	for (size_t i = 0; rc == 0 && i < fd->n_evidence; i++)
		rc = evidence(f, fd->evidence[i]);
	if (rc == 0 && fd->remediation)
		rc = put_text(f, "Fix: ", fd->remediation, "\n");
	if (rc == 0 && fd->fix)
		rc = put_text(f, "Registry edit: ", fd->fix->key, "\\") < 0 ||
		     put_text(f, "", fd->fix->name, " = \"") < 0 || put_text(f, "", fd->fix->data, "\"\n") < 0
		     ? -1 : 0;
	return rc;
}

/* <failure>: the verdict's reason, then every finding it cites. */
static int failure(FILE *f, const struct hd_result *res, const struct hd_verdict *v)
{
	int rc = put_text(f, "      <failure message=\"", v->reason, "\"") < 0 ||
	         fprintf(f, " type=\"%s\">", hd_verdict_status_name(v->status)) < 0 ||
	         put_text(f, "Verdict ", hd_verdict_status_name(v->status), ": ") < 0 ||
	         put_text(f, "", v->reason, "\n") < 0 ? -1 : 0;

	for (size_t i = 0; rc == 0 && i < v->n_findings; i++)
		if (v->finding_idx[i] < res->findings.n)
			rc = finding(f, &res->findings.v[v->finding_idx[i]], v->reason);
	return rc == 0 ? put(f, "</failure>\n") : -1;
}

/* What the verdict makes of the case: failure, error, skipped, or a pass with its reason. */
static int verdict(FILE *f, const struct hd_result *res, const struct hd_verdict *v)
{
	const char *status = hd_verdict_status_name(v->status);

	switch (v->status) {
	case HD_VERDICT_LIKELY:
	case HD_VERDICT_POSSIBLE:
		return failure(f, res, v);
	case HD_VERDICT_NOT_INSTALLED:
		return put_text(f, "      <skipped message=\"", v->reason, "\"/>\n");
	case HD_VERDICT_UNKNOWN:
		return put_text(f, "      <error message=\"", v->reason, "\" type=\"unknown\"/>\n");
	case HD_VERDICT_UNLIKELY:
		break;
	}
	return fprintf(f, "      <system-out>Verdict %s: ", status) < 0 ||
	       put_text(f, "", v->reason, "</system-out>\n") < 0 ? -1 : 0;
}

/* A hive that was not analyzed: each service's case is an error naming why. */
static int not_analyzed(FILE *f, const struct hd_result *res)
{
	const char *why = res->error_message ? res->error_message : res->error_code;

	return put_text(f, "      <error message=\"", why, "\"") < 0 ||
	       put_text(f, " type=\"", res->error_code, "\">") < 0 ||
	       put_text(f, "The hive was not analyzed (", res->error_code, "): ") < 0 ||
	       put_text(f, "", why, "</error>\n") < 0 ? -1 : 0;
}

int hd_junit_hive(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	const struct hd_verdict *v[] = { &res->imc, &res->mta };

	(void)st;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (case_open(f, res, &services[i]) < 0 ||
		    (res->error_code ? not_analyzed(f, res) : verdict(f, res, v[i])) < 0 ||
		    put(f, "    </testcase>\n") < 0)
			return -1;
	return 0;
}

int hd_junit_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	(void)path, (void)why, (void)st, (void)f;
	return 0;
}

/* The counts of the run, as both <testsuites> and <testsuite> carry them. */
static int counts(FILE *f, const struct hd_format_counts *c)
{
	return fprintf(f, " tests=\"%lu\" failures=\"%lu\" errors=\"%lu\" skipped=\"%lu\"", c->tests,
	               c->failures, c->errors, c->skipped) < 0 ? -1 : 0;
}

int hd_junit_prefix(const struct hd_format_run *run, FILE *f)
{
	return put(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hivediag\"") < 0 ||
	       counts(f, &run->counts) < 0 ||
	       put(f, ">\n  <testsuite name=\"hivediag: Exchange 5.5 start failures (KB Q298565, KB Q320200)\"") < 0 ||
	       counts(f, &run->counts) < 0 || put(f, ">\n") < 0 ? -1 : 0;
}

int hd_junit_suffix(const struct hd_format_run *run, FILE *f)
{
	(void)run;
	return put(f, "  </testsuite>\n</testsuites>\n");
}
