/*
 * report_html.c - the case report as one HTML page (issue 25): the page's
 * head and style, then per hive what was analyzed, the verdicts, and the
 * findings with their evidence as read and their fix.  The timeline and
 * the comparisons: html_timeline.c; escaping: html_text.c.  See report_html.h for the escaping.
 */
#include "report/report_html.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts/software.h"
#include "fleet/fleet.h"
#include "report/html_text.h"
#include "report/html_timeline.h"
#include "report/report_scope.h"
#include "report/text_wrap.h"
#include "util/strbuf.h"
#include "util/textutil.h"

/*
 * No script can run even if a string escaped this module's escaping: the
 * policy allows inline style and nothing else (no script, image, font,
 * frame or connection; a form could not submit anywhere).
 */
static const char page_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'\">\n"
	"<meta name=\"generator\" content=\"hivediag " HD_VERSION "\">\n"
	"<title>hivediag case report</title>\n<style>\n"
	"body{font:14px/1.4 sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#111;box-sizing:border-box}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:2px solid #333}\n"
	"h3{font-size:1.05em;margin:1.2em 0 .4em}h4{font-size:1em;margin:.2em 0}\n"
	"table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #bbb;padding:.15em .4em;"
	"text-align:left;vertical-align:top}\n"
	"code{font-family:monospace}td,h2{overflow-wrap:break-word}.t,.kb{white-space:nowrap}\n"
	"table.about th{background:#eee;white-space:nowrap}\n"
	".status{font-weight:bold;white-space:nowrap}\n"
	".likely{background:#f8d0d0}.possible{background:#fbe7bf}.unlikely{background:#d6efd6}"
	".not_installed,.unknown{background:#e6e6e6}\n"
	".finding{border-left:4px solid #999;padding:.2em .6em;margin:.6em 0}\n"
	".sev-error{border-color:#c00}.sev-warning{border-color:#d80}.sev-info{border-color:#999}\n"
	".sev{text-transform:uppercase;font-size:.85em}\n"
	".error{color:#900;font-weight:bold}.note{color:#555;font-size:.9em}\n"
	"svg{max-width:100%;height:auto;border:1px solid #ccc;background:#fff}\n"
	"@media print{body{font-size:10pt;max-width:none;margin:0}section.hive{break-before:page}"
	"section.hive:first-of-type{break-before:auto}.finding,tr,svg{break-inside:avoid}"
	"h2,h3,h4{break-after:avoid}}\n"
	"</style>\n</head>\n<body>\n"
	"<h1>hivediag case report</h1>\n"
	"<p class=\"note\">hivediag " HD_VERSION ": offline analysis of Windows registry hives for the "
	"Exchange 5.5 start failures of KB Q298565 (Internet Mail Service) and KB Q320200 (MTA). "
	"A key's time is its last write, not its creation.</p>\n";

static const char page_end[] = "</body>\n</html>\n";

/* <tr><th>name</th><td>value</td></tr>, value escaped. */
static void about_row(FILE *f, const char *name, const char *value)
{
	fprintf(f, "<tr><th>%s</th><td>", name);
	hd_html_text(f, value);
	fputs("</td></tr>\n", f);
}

static void state_row(FILE *f, const struct hd_result *res)
{
	const struct hd_recovery *rec = &res->replay.recovery;
	struct hd_strbuf b = { 0 };

	if (!res->file.header.dirty)
		hd_strbuf_addf(&b, "clean (sequence numbers match)");
	else if (res->replay.state == HD_REPLAY_SKIPPED)
		hd_strbuf_addf(&b, "DIRTY, logs not applied (--no-replay): findings may describe an older state");
	else if (res->alt.used)
		hd_strbuf_addf(&b, "DIRTY, no transaction log beside it: analyzed from its consistent mirror %s "
		               "(Q151247)", res->alt.name);
	else if (rec->applied)
		hd_strbuf_addf(&b, "dirty, recovered: %lu log entries replayed in memory (%s format)",
		               (unsigned long)rec->entries_applied, rec->format ? rec->format : "?");
	else
		hd_strbuf_addf(&b, "DIRTY, not recovered: %s; findings may describe an older state",
		               rec->refused_reason[0] ? rec->refused_reason : "no transaction log found beside it");
	about_row(f, "state", hd_strbuf_str(&b));
	hd_strbuf_clear(&b);
}

static void kind_row(FILE *f, const struct hd_result *res)
{
	const struct hd_fileinfo *fi = &res->file;
	struct hd_strbuf b = { 0 };

	hd_strbuf_addf(&b, "%s", fi->kind ? fi->kind : "(not read)");
	if (fi->have_size)
		hd_strbuf_addf(&b, ", %llu bytes", (unsigned long long)fi->size);
	if (res->expanded.format)
		hd_strbuf_addf(&b, ", a compressed copy (%s) expanded in memory", res->expanded.format);
	/* A registry export (issue 22): no time, no sequence number is shown, and none may be assumed. */
	if (res->rebuilt.from)
		hd_strbuf_addf(&b, ", a reconstruction from a registry export (%s, %s): key last-write times "
		               "unknown, no sequence numbers (neither clean nor dirty); the SHA-256 is the export "
		               "file's", res->rebuilt.format, res->rebuilt.root_key);
	if (res->unsafe)
		hd_strbuf_addf(&b, ", read in hivex's tolerant mode (--unsafe)");
	about_row(f, "kind", hd_strbuf_str(&b));
	hd_strbuf_clear(&b);
}

static void controlset_row(FILE *f, const struct hd_result *res)
{
	struct hd_strbuf b = { 0 };

	if (!res->have_controlset || !res->cs.analyzed)
		return;
	if (res->cs.fallback_reason)
		hd_strbuf_addf(&b, "%s, because %s", res->cs.analyzed_name, res->cs.fallback_reason);
	else
		hd_strbuf_addf(&b, "%s (Select\\Current%s)", res->cs.analyzed_name,
		               res->cs.wrong_type ? ", a REG_BINARY read as a number" : ", as Windows would boot");
	about_row(f, "analyzed", hd_strbuf_str(&b));
	hd_strbuf_clear(&b);
}

static void root_row(FILE *f, const struct hd_root_info *ri)
{
	fputs("<tr><th>installation</th><td>", f);
	hd_html_path(f, ri->dir);
	fputs(", SystemRoot ", f);
	hd_html_text(f, ri->systemroot[0] ? ri->systemroot : "(the folder itself)");
	fprintf(f, "%s<br>", ri->from_bootini ? " (named by BOOT.INI)" : "");
	for (size_t i = 0; i < ri->n_files; i++) {
		fputs("<code>", f);
		hd_html_path(f, ri->files[i].path);
		fputs("</code> (", f);
		hd_html_text(f, ri->files[i].role);
		fputs(i + 1 < ri->n_files ? ")<br>" : ")", f);
	}
	fputs("</td></tr>\n", f);
}

/* Which peers judged the names (issue 23), as the text report says it. */
static void peers_row(FILE *f, const struct hd_result *res)
{
	struct hd_report_scope s;
	char buf[512];

	if (!hd_report_scope(res, &s))
		return;
	hd_report_scope_text(&s, buf, sizeof buf);
	about_row(f, "peers", buf);
}

static void about(FILE *f, const struct hd_result *res)
{
	const struct hd_fileinfo *img = res->expanded.format ? &res->expanded.image : &res->file;
	char when[HD_ISOTIME_LEN];

	fputs("<table class=\"about\">\n", f);
	if (res->role)
		about_row(f, "role", res->role);
	about_row(f, "sha256", res->file.have_sha256 ? res->file.sha256 : "(not computed)");
	kind_row(f, res);
	if (img->have_header)
		about_row(f, "last written", hd_html_time(img->header.last_written, when));
	controlset_row(f, res);
	if (res->file.have_header)
		state_row(f, res);
	if (res->software.path) {
		fputs("<tr><th>software</th><td>", f);
		hd_html_path(f, res->software.path);
		fputs(", sha256 ", f);
		hd_html_text(f, res->software.file.have_sha256 ? res->software.file.sha256 : "(not computed)");
		fputs("</td></tr>\n", f);
	}
	if (res->root)
		root_row(f, res->root);
	if (res->saved_to)
		about_row(f, "saved", res->saved_to);
	peers_row(f, res);
	fputs("</table>\n", f);
}

static void verdict_row(FILE *f, const struct hd_result *res, const char *id, const char *label,
                        const char *kb, const struct hd_verdict *v)
{
	int analyzed = res->error_code == NULL;
	const char *status = analyzed ? hd_verdict_status_name(v->status) : "unknown";

	fprintf(f, "<tr class=\"verdict\" data-service=\"%s\" data-status=\"%s\"><th>%s</th>"
	        "<td class=\"status %s\">%s</td><td class=\"kb\">KB %s</td><td>", id, status, label, status, status, kb);
	hd_html_text(f, analyzed ? v->reason : "The hive could not be analyzed.");
	for (size_t i = 0; analyzed && i < v->n_findings && v->finding_idx[i] < res->findings.n; i++)
		fprintf(f, "%s%s", i == 0 ? " <span class=\"note\">Findings: " : ", ",
		        res->findings.v[v->finding_idx[i]].rule->id);
	fputs(analyzed && v->n_findings ? "</span></td></tr>\n" : "</td></tr>\n", f);
}

/* What the SOFTWARE hive says of the Exchange build (Q158530) and of Windows. */
static void software_row(FILE *f, const struct hd_software_facts *sw)
{
	struct hd_strbuf b = { 0 };

	if (sw->version)
		hd_strbuf_addf(&b, "Exchange %s (build %lu, from %s)", sw->version, (unsigned long)sw->build,
		               sw->build_source && sw->build_source->rv.name ? sw->build_source->rv.name : "?");
	else if (sw->build)
		hd_strbuf_addf(&b, "Exchange build %lu, not a build Q158530 lists", (unsigned long)sw->build);
	else
		hd_strbuf_addf(&b, "no Exchange build found in Microsoft\\Exchange\\Setup");
	if (hd_str_fact_present(&sw->current_version))
		hd_strbuf_addf(&b, "; Windows NT %s", sw->current_version.text);
	if (hd_str_fact_present(&sw->csd_version))
		hd_strbuf_addf(&b, " %s", sw->csd_version.text);
	if (hd_str_fact_present(&sw->current_build_number))
		hd_strbuf_addf(&b, " (build %s)", sw->current_build_number.text);
	fputs("<tr class=\"software\"><th>Software</th><td class=\"status\">read</td><td class=\"kb\">KB Q158530</td><td>", f);
	hd_html_text(f, hd_strbuf_str(&b));
	fputs("</td></tr>\n", f);
	hd_strbuf_clear(&b);
}

static void verdicts(FILE *f, const struct hd_result *res)
{
	fputs("<h3>Verdicts</h3>\n<table class=\"verdicts\">\n", f);
	verdict_row(f, res, "imc", "IMC", "Q298565", &res->imc);
	verdict_row(f, res, "mta", "MTA", "Q320200", &res->mta);
	if (res->error_code == NULL && res->have_facts && res->facts.software.given)
		software_row(f, &res->facts.software);
	fputs("</table>\n", f);
}

static void evidence_row(FILE *f, const struct hd_regval *rv)
{
	char *data = rv->name ? hd_tw_value_text(rv) : NULL;
	char when[HD_ISOTIME_LEN];

	fputs("<tr><td>", f);
	hd_html_text(f, rv->hive ? rv->hive : "SYSTEM");
	fputs("</td><td><code>", f);
	hd_html_path(f, rv->key ? rv->key : "?");
	fputs("</code></td><td><code>", f);
	hd_html_text(f, rv->name == NULL ? "(key)" : rv->name[0] ? rv->name : "(default)");
	fputs("</code></td><td><code>", f);
	hd_html_path(f, rv->name == NULL ? (rv->status == HD_FOUND ? "present" : rv->status == HD_ABSENT
	                                    ? "absent" : "unreadable")
	                : data ? data : "(out of memory)");
	fputs("</code></td><td class=\"t\">", f);
	hd_html_text(f, rv->key_found ? hd_html_time(rv->key_time, when) : "unknown");
	fputs("</td></tr>\n", f);
	free(data);
}

static void evidence(FILE *f, const struct hd_finding *fd)
{
	if (fd->n_evidence == 0)
		return;
	fputs("<table class=\"evidence\"><tr><th>hive</th><th>key</th><th>value</th><th>data as read</th>"
	      "<th>key last written</th></tr>\n", f);
	for (size_t i = 0; i < fd->n_evidence; i++)
		evidence_row(f, fd->evidence[i]);
	fputs("</table>\n", f);
}

static void peers(FILE *f, const struct hd_finding *fd)
{
	if (fd->n_peers == 0)
		return;
	fputs("<p>Peers (standing in for the directory):</p>\n<ul>\n", f);
	for (size_t i = 0; i < fd->n_peers; i++) {
		const struct hd_peer_entry *e = fd->peers[i];
		fprintf(f, "<li>%lu server(s), %lu hive(s), organization &quot;", e->count, e->hives);
		hd_html_text(f, e->org);
		if (e->site) {
			fputs("&quot;, site &quot;", f);
			hd_html_text(f, e->site);
		}
		fputs("&quot;:", f);
		for (size_t k = 0; k < e->n_paths; k++) {
			fputs(k ? ", <code>" : " <code>", f);
			hd_html_path(f, e->paths[k]);
			fputs("</code>", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

/* A remedy that numbers its own steps (KB Q320200's: " 1. ", " 2. "...): its intro, then a list. */
static void numbered_steps(FILE *f, const char *remedy, const char *first)
{
	char *intro = strndup(remedy, (size_t)(first - remedy)), mark[16];
	const char *p, *next;
	int n = 1;

	fputs("<p>", f);
	hd_html_text(f, intro ? intro : "(out of memory)");
	fputs("</p>\n<ol>\n", f);
	free(intro);
	for (p = first + 4; p != NULL; p = next ? next + strlen(mark) : NULL) {
		size_t len;
		char *step;

		snprintf(mark, sizeof mark, " %d. ", ++n);
		next = strstr(p, mark);
		len = next ? (size_t)(next - p) : strlen(p);
		while (len > 0 && (p[len - 1] == ';' || p[len - 1] == ' '))
			len--;          /* "1. record it; 2. ..." as the text report shows it */
		step = strndup(p, len);
		fputs("<li>", f);
		hd_html_text(f, step ? step : "(out of memory)");
		fputs("</li>\n", f);
		free(step);
	}
	fputs("</ol>\n", f);
}

/* The remedy (its own numbered steps as a list, else a paragraph), then the registry edit. */
static void fix(FILE *f, const struct hd_finding *fd)
{
	const char *first;

	if (fd->remediation == NULL)
		return;
	fputs("<h4>Fix</h4>\n", f);
	if ((first = strstr(fd->remediation, " 1. ")) != NULL)
		numbered_steps(f, fd->remediation, first);
	else {
		fputs("<p>", f);
		hd_html_text(f, fd->remediation);
		fputs("</p>\n", f);
	}
	if (fd->fix) {
		fputs("<p>Registry edit (<code>--fix-reg FILE</code> writes it as a .reg file): <code>", f);
		hd_html_path(f, fd->fix->key);
		fputs("\\", f);
		hd_html_text(f, fd->fix->name);
		fputs(" = &quot;", f);
		hd_html_text(f, fd->fix->data);
		fputs("&quot;</code></p>\n", f);
	}
}

static void finding(FILE *f, const struct hd_finding *fd)
{
	const char *sev = hd_severity_name(fd->severity);

	fprintf(f, "<div class=\"finding sev-%s\" data-rule=\"%s\"><h4><span class=\"sev\">%s</span> %s: ",
	        sev, fd->rule->id, sev, fd->rule->id);
	hd_html_text(f, fd->rule->title);
	fputs("</h4>\n<p>", f);
	hd_html_text(f, fd->detail);
	fputs("</p>\n", f);
	evidence(f, fd);
	peers(f, fd);
	fix(f, fd);
	fputs("</div>\n", f);
}

/* 1 when fd is shown under service: NULL the hive's, "" another service's than the IMC's and MTA's. */
static int belongs(const struct hd_finding *fd, const char *service)
{
	const char *svc = fd->rule->service;

	if (service == NULL || svc == NULL)
		return service == svc;
	if (service[0] == '\0')
		return strcmp(svc, "MSExchangeIMC") != 0 && strcmp(svc, "MSExchangeMTA") != 0;
	return strcmp(svc, service) == 0;
}

/* Findings by section (the hive, the IMC, the MTA, others), most severe first. */
static void findings(FILE *f, const struct hd_findings *fs, const char *title, const char *service)
{
	int any = 0;

	for (int sev = HD_SEV_ERROR; sev >= HD_SEV_INFO; sev--)
		for (size_t i = 0; i < fs->n; i++) {
			const struct hd_finding *fd = &fs->v[i];
			if ((int)fd->severity != sev || !belongs(fd, service))
				continue;
			if (!any++)
				fprintf(f, "<h3>%s</h3>\n", title);
			finding(f, fd);
		}
}

static void ignored(FILE *f, const struct hd_findings *ig)
{
	if (ig->n == 0)
		return;
	fputs("<p class=\"note\">Set aside with --ignore:", f);
	for (size_t i = 0; i < ig->n; i++)
		fprintf(f, " %s (%s)%s", ig->v[i].rule->id, hd_severity_name(ig->v[i].severity),
		        i + 1 < ig->n ? "," : "");
	fputs("</p>\n", f);
}

/* What the page holds, before the first hive: the verdicts counted as formats.h counts them. */
static void totals(FILE *f, const struct hd_format_counts *c)
{
	unsigned long unlikely = c->tests - c->failures - c->errors - c->skipped;

	if (c->hives == 0) {
		fputs("<p class=\"totals\">No hive was analyzed.</p>\n", f);
		return;
	}
	fprintf(f, "<p class=\"totals\" data-hives=\"%lu\" data-failures=\"%lu\" data-errors=\"%lu\">"
	        "%lu hive report%s; of the %lu verdicts (IMC and MTA of each): <b>%lu likely or possible</b>, "
	        "%lu unlikely, %lu not installed, %lu unknown (the hive not analyzed).</p>\n",
	        c->hives, c->failures, c->errors, c->hives, c->hives == 1 ? "" : "s", c->tests, c->failures,
	        unlikely, c->skipped, c->errors);
}

int hd_report_html_begin(const struct hd_format_run *run, FILE *f)
{
	errno = 0;
	fputs(page_head, f);
	totals(f, &run->counts);
	return ferror(f) ? -1 : 0;
}

int hd_report_html_end(const struct hd_format_run *run, FILE *f)
{
	(void)run;
	errno = 0;
	fputs(page_end, f);
	return ferror(f) ? -1 : 0;
}

int hd_report_html(const struct hd_result *res, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	errno = 0;
	fputs("<section class=\"hive\">\n<h2>", f);
	hd_html_path(f, res->path);
	fputs("</h2>\n", f);
	about(f, res);
	verdicts(f, res);
	if (res->error_code) {
		fprintf(f, "<p class=\"error\">NOT ANALYZED (%s): ", res->error_code);
		hd_html_text(f, res->error_message ? res->error_message : res->error_code);
		fputs("</p>\n", f);
	} else {
		findings(f, &res->findings, "Findings on the hive", NULL);
		findings(f, &res->findings, "Findings on the IMC (MSExchangeIMC)", "MSExchangeIMC");
		findings(f, &res->findings, "Findings on the MTA (MSExchangeMTA)", "MSExchangeMTA");
		findings(f, &res->findings, "Findings on other services", "");
		ignored(f, &res->ignored);
		if (res->have_facts)
			hd_html_timeline(res, f);
		hd_html_changes(res, f);
	}
	if (res->save_error) {
		fputs("<p class=\"error\">--write-recovered: ", f);
		hd_html_text(f, res->save_error);
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
	return ferror(f) ? -1 : 0;
}

int hd_report_html_skipped(const char *path, const char *why, const struct hd_format_style *st, FILE *f)
{
	(void)st;
	errno = 0;
	fputs("<p class=\"note skipped\"><code>", f);
	hd_html_path(f, path);
	fputs("</code>: skipped: ", f);
	hd_html_text(f, why);
	fputs("</p>\n", f);
	return ferror(f) ? -1 : 0;
}
