/*
 * report_text.c - the text report for a person at a console (issue 15):
 * what was analyzed, then per service the verdict and the findings that
 * decide it, most severe first, each with its evidence and fix steps.
 * Wrapping and colour: text_wrap.c.
 */
#include "report/report_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"
#include "report/report_scope.h"
#include "report/text_server.h"
#include "report/text_wrap.h"
#include "rules/rules.h"
#include "util/strbuf.h"
#include "util/textutil.h"

struct service_block {
	const char *label;      /* "IMC" */
	const char *service;    /* the rules' service name */
	const char *what;       /* what the KB article is about */
	const struct hd_verdict *verdict;
};

static const char *verdict_color(enum hd_verdict_status s)
{
	return s == HD_VERDICT_LIKELY ? HD_SGR_RED : s == HD_VERDICT_POSSIBLE ? HD_SGR_YELLOW
	     : s == HD_VERDICT_UNLIKELY ? HD_SGR_GREEN : HD_SGR_DIM;
}

static const char *severity_color(enum hd_severity s)
{
	return s == HD_SEV_ERROR ? HD_SGR_RED : s == HD_SEV_WARNING ? HD_SGR_YELLOW : HD_SGR_DIM;
}

static void state_line(struct hd_tw *w, const struct hd_result *res)
{
	const struct hd_recovery *rec = &res->replay.recovery;
	char buf[512];

	if (!res->file.have_header || !res->file.header.dirty)
		snprintf(buf, sizeof buf, "clean (sequence numbers match)");
	else if (res->replay.state == HD_REPLAY_SKIPPED)
		snprintf(buf, sizeof buf, "DIRTY, logs not applied (--no-replay): findings may describe an "
		         "older state");
	else if (res->alt.used)
		snprintf(buf, sizeof buf, "DIRTY, no transaction log beside it: analyzed from its consistent "
		         "mirror %s, which the loader boots instead (Q151247)", res->alt.name);
	else if (rec->applied)
		snprintf(buf, sizeof buf, "dirty, recovered: %lu log entr%s replayed in memory (%s format)",
		         (unsigned long)rec->entries_applied, rec->entries_applied == 1 ? "y" : "ies",
		         rec->format ? rec->format : "?");
	else
		snprintf(buf, sizeof buf, "DIRTY, not recovered: %s; findings may describe an older state",
		         rec->refused_reason[0] ? rec->refused_reason : "no transaction log found beside it");
	hd_tw_field(w, "state", buf);
}

/* A registry export rebuilt in memory (issue 22): what the reader must not
 * take from it.  Every key time of the report then reads "unknown". */
static void rebuilt_line(struct hd_tw *w, const char *label, const struct hd_reconstruction *r)
{
	char buf[512];

	snprintf(buf, sizeof buf, "a reconstruction from a registry export (%s, %s, %s): key last-write "
	         "times unknown, no sequence numbers (neither clean nor dirty); the SHA-256 is the export "
	         "file's%s", r->format, r->encoding, r->root_key[0] ? r->root_key : "?",
	         r->values_omitted ? "; values too large for a hive were left out" : "");
	hd_tw_field(w, label, buf);
}

/* The SOFTWARE hive given with --software: path, SHA-256, dirty or not. */
static void software_line(struct hd_tw *w, const struct hd_software_input *sw)
{
	const struct hd_fileinfo *fi = &sw->file;
	struct hd_strbuf b = { 0 };
	const char *text;

	hd_strbuf_addf(&b, "%s, sha256 %s", sw->path, fi->have_sha256 ? fi->sha256 : "(not computed)");
	if (fi->have_header && fi->header.dirty && sw->replay.recovery.applied)
		hd_strbuf_addf(&b, ", dirty, recovered from its logs (%lu entr%s applied)",
		               (unsigned long)sw->replay.recovery.entries_applied,
		               sw->replay.recovery.entries_applied == 1 ? "y" : "ies");
	else if (fi->have_header && fi->header.dirty)
		hd_strbuf_addf(&b, ", DIRTY, logs not applied (%s): it may describe an older state",
		               sw->replay.state == HD_REPLAY_SKIPPED ? "--no-replay"
		               : sw->replay.recovery.refused_reason[0] ? sw->replay.recovery.refused_reason
		               : "no transaction log beside it");
	text = hd_strbuf_str(&b);
	hd_tw_field(w, "software", text ? text : "(out of memory)");
	hd_strbuf_clear(&b);
	if (sw->rebuilt.from)
		rebuilt_line(w, "", &sw->rebuilt);
}

/* --root: what this file is to the installation (issue 14). */
static const char *role_text(const char *role)
{
	return strcmp(role, "current") == 0 ? "the current SYSTEM hive of the installation"
	     : strcmp(role, "repair") == 0 ? "an older copy: the repair copy (RDISK), compared with the current hive below"
	     : strcmp(role, "regback") == 0 ? "an older copy: the RegBack backup, compared with the current hive below"
	     : strcmp(role, "sav") == 0 ? "an older copy: the .SAV copy setup made, compared with the current hive below"
	     : strcmp(role, "alt") == 0 ? "the .ALT mirror of the current hive, compared with it below"
	     : role;
}

static void root_line(struct hd_tw *w, const struct hd_root_info *ri)
{
	char buf[512];

	snprintf(buf, sizeof buf, "%s, SystemRoot %s%s; %zu file%s found (hives, copies, logs)", ri->dir,
	         ri->systemroot[0] ? ri->systemroot : "(the folder itself)",
	         ri->from_bootini ? " (named by BOOT.INI)" : "", ri->n_files, ri->n_files == 1 ? "" : "s");
	hd_tw_field(w, "install", buf);
}

/* Which peers judged the names (issue 23): the hive's scope and the table. */
static void peers_line(struct hd_tw *w, const struct hd_result *res)
{
	struct hd_report_scope s;
	char buf[512];

	if (!hd_report_scope(res, &s))
		return;
	hd_report_scope_text(&s, buf, sizeof buf);
	hd_tw_field(w, "peers", buf);
}

static void header(struct hd_tw *w, const struct hd_result *res)
{
	const struct hd_fileinfo *fi = &res->file;
	char buf[256];

	hd_tw_styled(w, HD_SGR_BOLD, "hivediag report: ");
	hd_tw_para_styled(w, HD_SGR_BOLD, "", 2, res->path);
	hd_text_server_lines(w, res);
	hd_tw_field(w, "sha256", fi->have_sha256 ? fi->sha256 : "(not computed)");
	snprintf(buf, sizeof buf, "%s%s", fi->kind ? fi->kind : "(not read)", res->unsafe
	         ? ", read in hivex's tolerant mode (--unsafe)" : "");
	if (fi->have_size)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ", %llu bytes",
		         (unsigned long long)fi->size);
	hd_tw_field(w, "kind", buf);
	hd_text_written_line(w, res);
	if (res->rebuilt.from)
		rebuilt_line(w, "source", &res->rebuilt);
	if (res->have_controlset && res->cs.analyzed) {
		char ccs[128];

		if (hd_report_ccs_meaning(&res->rebuilt, ccs, sizeof ccs) &&
		    strcmp(res->rebuilt.current_control_set, res->cs.analyzed_name) == 0)
			snprintf(buf, sizeof buf, "%s (%s)", res->cs.analyzed_name, ccs);
		else if (res->cs.fallback_reason)
			snprintf(buf, sizeof buf, "%s, because %s", res->cs.analyzed_name, res->cs.fallback_reason);
		else if (res->cs.wrong_type)
			snprintf(buf, sizeof buf, "%s (Select\\Current, a REG_BINARY read as a number)",
			         res->cs.analyzed_name);
		else
			snprintf(buf, sizeof buf, "%s (Select\\Current, as Windows would boot)", res->cs.analyzed_name);
		hd_tw_field(w, "analyzed", buf);
	}
	if (res->role)
		hd_tw_field(w, "role", role_text(res->role));
	if (res->root)
		root_line(w, res->root);
	if (fi->have_header)
		state_line(w, res);
	if (res->software.path)
		software_line(w, &res->software);
	if (res->saved_to)
		hd_tw_field(w, "saved", res->saved_to);
	peers_line(w, res);
}

static void evidence_line(struct hd_tw *w, const struct hd_regval *rv)
{
	char *data = hd_tw_value_text(rv);
	char when[HD_ISOTIME_LEN];
	struct hd_strbuf b = { 0 };
	const char *text;

	if (!rv->key_found || hd_filetime_iso(rv->key_time, when) != 0)
		snprintf(when, sizeof when, "unknown");
	if (rv->name == NULL)
		hd_strbuf_addf(&b, "%s: key %s (last written %s)", rv->key ? rv->key : "?",
		               rv->status == HD_FOUND ? "present" : rv->status == HD_ABSENT ? "absent"
		               : "unreadable", when);
	else
		hd_strbuf_addf(&b, "%s\\%s = %s (key last written %s)", rv->key ? rv->key : "?",
		               rv->name[0] ? rv->name : "(default)", data ? data : "(out of memory)", when);
	text = hd_strbuf_str(&b);
	hd_tw_para(w, "       - ", 9, text ? text : "(out of memory)");
	hd_strbuf_clear(&b);
	free(data);
}

/* Rule P1's peers: the servers carrying the name judged against (issue 17), and their hives. */
static void peer_line(struct hd_tw *w, const struct hd_peer_entry *e)
{
	struct hd_strbuf b = { 0 };
	const char *text;

	hd_strbuf_addf(&b, "%lu server%s (%lu hive%s) with organization \"%s\"", e->count, e->count == 1 ? "" : "s",
	               e->hives, e->hives == 1 ? "" : "s", e->org);
	if (e->site)
		hd_strbuf_addf(&b, ", site \"%s\"", e->site);
	hd_strbuf_addf(&b, ": ");
	hd_strbuf_join(&b, e->paths, e->n_paths, ", ");
	if (e->hives > e->n_paths)
		hd_strbuf_addf(&b, ", ...");
	text = hd_strbuf_str(&b);
	hd_tw_para(w, "       - ", 9, text ? text : "(out of memory)");
	hd_strbuf_clear(&b);
}

/* Where " n. " starts in s, or NULL. */
static const char *step_mark(const char *s, int n)
{
	char mark[16];

	snprintf(mark, sizeof mark, " %d. ", n);
	return strstr(s, mark);
}

static void step(struct hd_tw *w, int n, const char *text, size_t len)
{
	char num[32], *copy;

	while (len > 0 && (text[len - 1] == ';' || text[len - 1] == ' '))
		len--;
	if ((copy = strndup(text, len)) == NULL)
		return;
	snprintf(num, sizeof num, "       %d. ", n);
	hd_tw_para(w, num, 10, copy);
	free(copy);
}

/* A remedy that numbers its own steps (KB Q320200's): its intro, then each step. */
static void numbered_steps(struct hd_tw *w, const char *remedy, const char *first)
{
	const char *p = first, *next;
	char *intro = strndup(remedy, (size_t)(first - remedy));
	int n = 1;

	if (intro != NULL && intro[0] != '\0')
		hd_tw_para(w, "       ", 7, intro);
	free(intro);
	for (; p != NULL; p = next, n++) {
		const char *body = strchr(p + 1, ' ') + 1;
		next = step_mark(body, n + 1);
		step(w, n, body, next ? (size_t)(next - body) : strlen(body));
	}
}

/* The remedy as numbered steps: its own numbers, else one step per sentence. */
static void fix_steps(struct hd_tw *w, const char *remedy)
{
	const char *first = step_mark(remedy, 1), *p = remedy, *end;
	int n = 0;

	if (first != NULL) {
		numbered_steps(w, remedy, first);
		return;
	}
	while (*p) {
		/* A sentence ends at ". " before a capital letter (not "e.g. x"). */
		for (end = p; *end && !(end[0] == '.' && end[1] == ' ' && end[2] >= 'A' && end[2] <= 'Z'); end++)
			;
		if (*end)
			end++;
		step(w, ++n, p, (size_t)(end - p));
		p = end + strspn(end, " ");
	}
}

/* The structured registry edit, in the control set analyzed. */
static void fix_edit(struct hd_tw *w, const struct hd_reg_fix *fix)
{
	struct hd_strbuf b = { 0 };
	const char *text;

	hd_strbuf_addf(&b, "%s\\%s = \"%s\"", fix->key, fix->name, fix->data);
	hd_tw_para(w, "     ", 5, "Registry edit (--fix-reg FILE writes it as a .reg file):");
	if ((text = hd_strbuf_str(&b)) != NULL)
		hd_tw_para(w, "       ", 9, text);
	hd_strbuf_clear(&b);
}

/* 1 when the finding's detail is the verdict's reason, already printed above it. */
static int said_above(const struct hd_finding *f, const char *reason)
{
	return reason != NULL && f->detail != NULL && strcmp(f->detail, reason) == 0;
}

static void finding_full(struct hd_tw *w, const struct hd_finding *f, const char *reason)
{
	char head[64];

	hd_tw_text(w, "  ");
	hd_tw_styled(w, severity_color(f->severity), hd_severity_name(f->severity));
	snprintf(head, sizeof head, " %s: ", f->rule->id);
	hd_tw_styled(w, HD_SGR_BOLD, head);
	/* The title wraps like the rest, under its own first word (issue 25). */
	hd_tw_para_styled(w, HD_SGR_BOLD, "", hd_tw_column(w), f->rule->title);
	if (!said_above(f, reason))
		hd_tw_para(w, "     ", 5, f->detail);
	if (f->n_evidence > 0)
		hd_tw_para(w, "     ", 5, "Evidence:");
	for (size_t i = 0; i < f->n_evidence; i++)
		evidence_line(w, f->evidence[i]);
	if (f->n_peers > 0)
		hd_tw_para(w, "     ", 5, "Peers (standing in for the directory):");
	for (size_t i = 0; i < f->n_peers; i++)
		peer_line(w, f->peers[i]);
	if (f->remediation) {
		hd_tw_para(w, "     ", 5, "Fix:");
		fix_steps(w, f->remediation);
	}
	if (f->fix)
		fix_edit(w, f->fix);
}

/*
 * An info finding on one line.  One whose detail is the verdict's reason,
 * printed just above, says so and what to do next (its remediation): the
 * rule's title there read as a rule description, not a finding (issue 25).
 */
static void finding_short(struct hd_tw *w, const struct hd_finding *f, const char *reason)
{
	struct hd_strbuf b = { 0 };
	const char *text;
	char head[64];

	snprintf(head, sizeof head, "  info %s: ", f->rule->id);
	if (!said_above(f, reason)) {
		hd_tw_para(w, head, 4, f->detail);
		return;
	}
	hd_strbuf_addf(&b, "the reason above.%s%s", f->remediation ? " Next: " : "",
	               f->remediation ? f->remediation : "");
	text = hd_strbuf_str(&b);
	hd_tw_para(w, head, 4, text ? text : "(out of memory)");
	hd_strbuf_clear(&b);
}

static int belongs(const struct hd_finding *f, const char *service)
{
	return service == NULL ? f->rule->service == NULL
	     : f->rule->service != NULL && strcmp(f->rule->service, service) == 0;
}

/*
 * Findings of a service, most severe first (then in rule order); info ones
 * short.  A detail that is the verdict's reason (printed above) is not repeated.
 */
static void findings_of(struct hd_tw *w, const struct hd_findings *fs, const char *service,
                        const char *reason)
{
	for (int sev = HD_SEV_ERROR; sev >= HD_SEV_INFO; sev--)
		for (size_t i = 0; i < fs->n; i++) {
			const struct hd_finding *f = &fs->v[i];
			if ((int)f->severity != sev || !belongs(f, service))
				continue;
			if (sev == HD_SEV_INFO)
				finding_short(w, f, reason);
			else
				finding_full(w, f, reason);
		}
}

/* Where a finding is shown in full: "IMC", "MTA" or "Hive". */
static const char *section_of(const struct hd_finding *f)
{
	if (f->rule->service == NULL)
		return "Hive";
	return strcmp(f->rule->service, "MSExchangeIMC") == 0 ? "IMC"
	     : strcmp(f->rule->service, "MSExchangeMTA") == 0 ? "MTA" : f->rule->service;
}

/*
 * Findings of another section that this verdict rests on (the IMC depends on
 * TCP/IP, so B3 decides both): named here, shown in full in their section.
 */
static void borrowed_findings(struct hd_tw *w, const struct hd_result *res, const struct service_block *b)
{
	const struct hd_verdict *v = b->verdict;
	char line[256];

	for (size_t i = 0; i < v->n_findings && v->finding_idx[i] < res->findings.n; i++) {
		const struct hd_finding *f = &res->findings.v[v->finding_idx[i]];
		if (belongs(f, b->service))
			continue;
		snprintf(line, sizeof line, "%s: %s (in full under %s)", f->rule->id, f->rule->title,
		         section_of(f));
		hd_tw_text(w, "  ");
		hd_tw_styled(w, severity_color(f->severity), hd_severity_name(f->severity));
		hd_tw_text(w, " ");
		hd_tw_para(w, "", 4, line);
	}
}

/* "LIKELY", "NOT INSTALLED": the verdict as the header shows it. */
static void verdict_word(enum hd_verdict_status st, char *buf, size_t len)
{
	const char *s = hd_verdict_status_name(st);
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = s[i] == '_' ? ' ' : s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	buf[i] = '\0';
}

static void service_section(struct hd_tw *w, const struct hd_result *res, const struct service_block *b)
{
	const struct hd_verdict *v = b->verdict;
	char word[32], tail[160];

	verdict_word(v->status, word, sizeof word);
	snprintf(tail, sizeof tail, "(KB %s: %s)", v->kb ? v->kb : "?", b->what);
	hd_tw_newline(w);
	hd_tw_styled(w, HD_SGR_BOLD, b->label);
	hd_tw_text(w, ": ");
	hd_tw_styled(w, verdict_color(v->status), word);
	hd_tw_text(w, " ");
	hd_tw_para(w, "", 2, tail);
	if (v->reason)
		hd_tw_para(w, "  ", 2, v->reason);
	borrowed_findings(w, res, b);
	findings_of(w, &res->findings, b->service, v->reason);
}

static void ignored_line(struct hd_tw *w, const struct hd_findings *ig)
{
	char buf[512];
	size_t used = 0;

	if (ig->n == 0)
		return;
	used += (size_t)snprintf(buf, sizeof buf, "Set aside with --ignore:");
	for (size_t i = 0; i < ig->n && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " %s (%s)%s", ig->v[i].rule->id,
		                         hd_severity_name(ig->v[i].severity), i + 1 < ig->n ? "," : "");
	hd_tw_newline(w);
	hd_tw_para(w, "", 2, buf);
}

/* The comparisons with the current hive (--root) and with LastKnownGood:
 * each one's sentence; the JSON report lists every difference. */
static void compared_section(struct hd_tw *w, const struct hd_result *res)
{
	const struct hd_changes *c[] = { &res->vs_current, &res->lkg };
	int any = 0;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (!c[i]->present || c[i]->summary == NULL)
			continue;
		if (!any) {
			hd_tw_newline(w);
			hd_tw_styled(w, HD_SGR_BOLD, "Compared:");
			hd_tw_newline(w);
			any = 1;
		}
		hd_tw_para(w, "  - ", 4, c[i]->summary);
	}
}

static void analyzed_body(struct hd_tw *w, const struct hd_result *res)
{
	const struct service_block blocks[] = {
		{ "IMC", "MSExchangeIMC", "the Internet Mail Service does not start", &res->imc },
		{ "MTA", "MSExchangeMTA", "the MTA does not start after Exchange 5.5 SP4", &res->mta },
	};

	for (size_t i = 0; i < res->findings.n; i++)
		if (res->findings.v[i].rule->service == NULL) {
			hd_tw_newline(w);
			hd_tw_styled(w, HD_SGR_BOLD, "Hive:");
			hd_tw_newline(w);
			findings_of(w, &res->findings, NULL, NULL);
			break;
		}
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		service_section(w, res, &blocks[i]);
	ignored_line(w, &res->ignored);
	compared_section(w, res);
}

int hd_report_text(const struct hd_result *res, const struct hd_text_style *st, FILE *f)
{
	struct hd_tw w;

	hd_tw_init(&w, f, st->width, st->color);
	header(&w, res);
	if (res->error_code) {
		char buf[64];
		snprintf(buf, sizeof buf, "NOT ANALYZED (%s): ", res->error_code);
		hd_tw_newline(&w);
		hd_tw_styled(&w, HD_SGR_RED, buf);
		hd_tw_para(&w, "", 2, res->error_message ? res->error_message : res->error_code);
	} else {
		analyzed_body(&w, res);
	}
	if (res->save_error) {
		hd_tw_newline(&w);
		hd_tw_para(&w, "--write-recovered: ", 2, res->save_error);
	}
	return hd_tw_finish(&w);
}

/* Columns of --list-rules -o text: titles wrap under the TITLE column's first
 * word's line, continuation lines indented past the id (issue 25: 80 columns
 * everywhere; the table had 38 rows of up to 120). */
#define RULES_TEXT_WIDTH 80u
#define RULES_TEXT_HANG 6u

int hd_report_rules_text(FILE *f)
{
	struct hd_tw w;
	char row[160];

	errno = 0;
	hd_tw_init(&w, f, RULES_TEXT_WIDTH, 0);
	snprintf(row, sizeof row, "%-5s %-15s %-13s %-26s ", "ID", "SEVERITY", "SERVICE", "KB");
	hd_tw_para(&w, row, RULES_TEXT_HANG, "TITLE");
	for (size_t i = 0; i < hd_rules_count; i++) {
		const struct hd_rule *r = &hd_rules[i];
		char kb[64] = "";
		size_t used = 0;

		for (size_t k = 0; k < HD_RULE_MAX_KB && r->kb[k] && used < sizeof kb; k++)
			used += (size_t)snprintf(kb + used, sizeof kb - used, "%s%s", k ? "," : "", r->kb[k]);
		snprintf(row, sizeof row, "%-5s %-15s %-13s %-26s ", r->id, r->severities,
		         r->service ? r->service : "(hive)", kb[0] ? kb : "-");
		hd_tw_para(&w, row, RULES_TEXT_HANG, r->title);
	}
	return hd_tw_finish(&w);
}
