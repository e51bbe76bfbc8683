/*
 * html_timeline.c - the case report's picture of time (issue 25): the
 * last-write times of the keys the analysis rests on (facts/timeline.c),
 * one lane per hive, the keys an older copy or LastKnownGood reads
 * differently (both sides' times, joined), and vertical marks for the
 * hives' base-block times, the Exchange Setup key (where setup and each
 * service pack write their build, Q158530) and the copy's own time.  Then
 * the same as tables, and each comparison's differences.
 *
 * Inline SVG only; every string in it goes through hd_html_text.  A key's
 * time is its LAST write: the picture orders writes, never creations.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/timeline.h"
#include "report/html_text.h"
#include "report/html_timeline.h"
#include "report/text_wrap.h"
#include "util/textutil.h"

#define SVG_W 960
#define SVG_LEFT 190            /* lane labels */
#define SVG_RIGHT 30
#define LANE_H 50
#define CHANGE_DY 7             /* a difference: the current side above, the copy below */
#define MARK_LINE 15            /* one marker label per line above the lanes */
#define MAX_LANES 4
#define MAX_MARKS 6
#define FT_DAY 864000000000ull  /* FILETIME ticks in a day */

struct mark {
	uint64_t t;
	char label[96];
};

struct picture {
	const struct hd_result *res;
	const char *lane[MAX_LANES];
	const struct hd_changes *lane_changes[MAX_LANES]; /* NULL: a lane of key writes */
	int n_lanes;
	struct mark marks[MAX_MARKS];
	int n_marks;
	uint64_t lo, hi;        /* the axis */
	int any;                /* at least one time to draw */
};

static void extend(struct picture *p, uint64_t t)
{
	if (t == 0)
		return;
	if (!p->any || t < p->lo)
		p->lo = t;
	if (!p->any || t > p->hi)
		p->hi = t;
	p->any = 1;
}

static void add_mark(struct picture *p, uint64_t t, const char *label)
{
	if (t == 0 || p->n_marks >= MAX_MARKS)
		return;
	p->marks[p->n_marks].t = t;
	snprintf(p->marks[p->n_marks].label, sizeof p->marks[0].label, "%s", label);
	p->n_marks++;
	extend(p, t);
}

static const char *copy_name(const char *against)
{
	return against == NULL ? "older" : strcmp(against, "last_known_good") == 0 ? "LastKnownGood" : against;
}

/* The marks: the hives' own times, Exchange Setup, the copy compared. */
static void collect_marks(struct picture *p)
{
	const struct hd_result *res = p->res;
	const struct hd_fileinfo *img = res->expanded.format ? &res->expanded.image : &res->file;
	const struct hd_software_input *sw = &res->software;
	const struct hd_fileinfo *swimg = sw->expanded.format ? &sw->expanded.image : &sw->file;
	const struct hd_software_facts *sf = &res->facts.software;
	char label[96];

	if (img->have_header)
		add_mark(p, img->header.last_written, res->role && strcmp(res->role, "current") != 0
		         ? "this copy's base block written" : "SYSTEM hive's base block written");
	if (sw->path && swimg->have_header)
		add_mark(p, swimg->header.last_written, "SOFTWARE hive's base block written");
	if (sf->given && sf->setup.key_found) {
		if (sf->version)
			snprintf(label, sizeof label, "Exchange Setup key written (now %s, build %lu)", sf->version,
			         (unsigned long)sf->build);
		else
			snprintf(label, sizeof label, "Exchange Setup key written (setup or a service pack)");
		add_mark(p, sf->setup.key_time, label);
	}
	if (res->vs_current.present) {
		snprintf(label, sizeof label, "the %s copy's base block written", copy_name(res->vs_current.against));
		if (!img->have_header || img->header.last_written != res->vs_current.copy_written)
			add_mark(p, res->vs_current.copy_written, label);
	}
}

static void collect(struct picture *p)
{
	const struct hd_timeline *t = &p->res->facts.timeline;
	const struct hd_changes *c[] = { &p->res->vs_current, &p->res->lkg };
	int have_software = 0;

	p->lane[p->n_lanes++] = "SYSTEM keys";
	for (size_t i = 0; i < t->n; i++) {
		extend(p, t->v[i].time);
		have_software |= strcmp(t->v[i].hive, "SOFTWARE") == 0;
	}
	if (have_software)
		p->lane[p->n_lanes++] = "SOFTWARE keys";
	for (size_t k = 0; k < 2 && p->n_lanes < MAX_LANES; k++) {
		if (!c[k]->present || c[k]->n == 0)
			continue;
		p->lane_changes[p->n_lanes] = c[k];
		p->lane[p->n_lanes++] = k == 0 ? "changed vs the current hive" : "changed vs LastKnownGood";
		for (size_t i = 0; i < c[k]->n; i++) {
			if (c[k]->v[i].current)
				extend(p, c[k]->v[i].current->rv.key_time);
			if (c[k]->v[i].copy)
				extend(p, c[k]->v[i].copy->rv.key_time);
		}
	}
	collect_marks(p);
	if (p->any && p->hi - p->lo < FT_DAY) {
		p->lo = p->lo > FT_DAY / 2 ? p->lo - FT_DAY / 2 : 0;
		p->hi += FT_DAY / 2;
	} else if (p->any) {
		uint64_t pad = (p->hi - p->lo) / 30;
		p->lo -= pad < p->lo ? pad : p->lo;
		p->hi += pad;
	}
}

static double x_of(const struct picture *p, uint64_t t)
{
	return SVG_LEFT + (double)(t - p->lo) / (double)(p->hi - p->lo) * (SVG_W - SVG_LEFT - SVG_RIGHT);
}

static int top(const struct picture *p)
{
	return 10 + MARK_LINE * p->n_marks;
}

static int lane_y(const struct picture *p, int lane)
{
	return top(p) + LANE_H * lane + LANE_H / 2;
}

/* A point, its number above or below (alternating); its <title> (opened by the caller) for a mouse. */
static void point_end(FILE *f, const struct picture *p, uint64_t t, int lane, const char *num, int hollow,
                      int above)
{
	char when[HD_ISOTIME_LEN];
	double x = x_of(p, t);
	int y = lane_y(p, lane) + (p->lane_changes[lane] ? (hollow ? CHANGE_DY : -CHANGE_DY) : 0);

	fprintf(f, ", last written %s</title><circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\" stroke=\"#024\"/>"
	        "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text></g>\n",
	        hd_html_time(t, when), x, y,
	        hollow ? "#fff" : p->lane_changes[lane] ? "#a33" : lane == 0 ? "#2a6fb0" : "#7a3fa0",
	        x, above ? y - 9 : y + 16, num);
}

static void title_key(FILE *f, const char *hive, const char *key, const char *what)
{
	hd_html_text(f, hive);
	fputs(" ", f);
	hd_html_text(f, key);
	fputs(": ", f);
	hd_html_text(f, what);
}

/* The key writes: keys of one hive written at the same time are one point, numbered "4-12". */
static void key_points(FILE *f, const struct picture *p)
{
	const struct hd_timeline *t = &p->res->facts.timeline;
	char num[48];
	int row = 0;

	for (size_t i = 0, j; i < t->n; i = j, row++) {
		const struct hd_timeline_entry *e = &t->v[i];
		for (j = i + 1; j < t->n && t->v[j].time == e->time && strcmp(t->v[j].hive, e->hive) == 0; j++)
			;
		if (j - i == 1)
			snprintf(num, sizeof num, "%zu", i + 1);
		else
			snprintf(num, sizeof num, "%zu-%zu", i + 1, j);
		fprintf(f, "<g><title>%s ", num);
		for (size_t k = i; k < j; k++) {
			fputs(k > i ? "; " : "", f);
			title_key(f, t->v[k].hive, t->v[k].rv->key, t->v[k].what);
		}
		point_end(f, p, e->time, strcmp(e->hive, "SOFTWARE") == 0 ? 1 : 0, num, 0, row % 2 == 0);
	}
}

/* Each difference: the current hive's key time (filled), the copy's (hollow), joined. */
static void change_points(FILE *f, const struct picture *p, int lane)
{
	const struct hd_changes *c = p->lane_changes[lane];
	int y = lane_y(p, lane);
	char num[24];

	for (size_t i = 0; i < c->n; i++) {
		const struct hd_trail_entry *cur = c->v[i].current, *cp = c->v[i].copy;
		uint64_t tc = cur ? cur->rv.key_time : 0, tp = cp ? cp->rv.key_time : 0;
		const char *key = cur ? cur->relpath : cp->relpath;

		snprintf(num, sizeof num, "C%zu", i + 1);
		if (tc && tp)
			fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#a33\"/>\n",
			        x_of(p, tc), y - CHANGE_DY, x_of(p, tp), y + CHANGE_DY);
		if (tc) {
			fprintf(f, "<g><title>%s ", num);
			title_key(f, c == &p->res->lkg ? "analyzed set" : "current hive", key, "as it reads it");
			point_end(f, p, tc, lane, num, 0, 1);
		}
		if (tp) {
			fprintf(f, "<g><title>%s ", num);
			title_key(f, copy_name(c->against), key, "as the copy reads it");
			point_end(f, p, tp, lane, num, 1, 0);
		}
	}
}

static void marks(FILE *f, const struct picture *p)
{
	int bottom = top(p) + LANE_H * p->n_lanes;
	char when[HD_ISOTIME_LEN];

	for (int i = 0; i < p->n_marks; i++) {
		double x = x_of(p, p->marks[i].t);
		int ly = 10 + MARK_LINE * i + 10;
		fprintf(f, "<g><title>%s</title><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c60\" "
		        "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#840\" "
		        "text-anchor=\"%s\">", hd_html_time(p->marks[i].t, when), x, ly + 2, x, bottom,
		        x > SVG_W / 2 ? x - 4 : x + 4, ly, x > SVG_W / 2 ? "end" : "start");
		hd_html_text(f, p->marks[i].label);
		fputs("</text></g>\n", f);
	}
}

/* Lanes, their labels and the time axis with five dated ticks. */
static void axes(FILE *f, const struct picture *p)
{
	int bottom = top(p) + LANE_H * p->n_lanes;
	char when[HD_ISOTIME_LEN];

	for (int l = 0; l < p->n_lanes; l++) {
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", SVG_LEFT,
		        top(p) + LANE_H * l, SVG_W - SVG_LEFT - SVG_RIGHT, LANE_H, l % 2 ? "#f4f4f4" : "#fafafa");
		fprintf(f, "<text x=\"6\" y=\"%d\" font-size=\"12\">", lane_y(p, l) + 4);
		hd_html_text(f, p->lane[l]);
		fputs("</text>\n", f);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", SVG_LEFT, bottom,
	        SVG_W - SVG_RIGHT, bottom);
	for (int i = 0; i <= 4; i++) {
		uint64_t t = p->lo + (p->hi - p->lo) / 4 * (uint64_t)i;
		double x = x_of(p, t);
		hd_html_time(t, when);
		when[p->hi - p->lo < 4 * FT_DAY ? 16 : 10] = '\0';   /* the day, or the minute */
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
		        "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">%s</text>\n", x, bottom, x,
		        bottom + 5, x, bottom + 18, i == 0 ? "start" : i == 4 ? "end" : "middle", when);
	}
}

static void picture(FILE *f, const struct picture *p)
{
	int h = top(p) + LANE_H * p->n_lanes + 28;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\"><title>Key writes over time"
	        "</title>\n", SVG_W, h, SVG_W, h);
	axes(f, p);
	marks(f, p);
	key_points(f, p);
	for (int l = 0; l < p->n_lanes; l++)
		if (p->lane_changes[l])
			change_points(f, p, l);
	fputs("</svg>\n", f);
}

/* The ids of the findings whose evidence names the entry's key. */
static void citing(FILE *f, const struct hd_timeline_entry *e, const struct hd_findings *fs)
{
	int n = 0;

	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < fs->v[i].n_evidence; k++)
			if (hd_timeline_cites(e, fs->v[i].evidence[k])) {
				fprintf(f, "%s%s", n++ ? ", " : "", fs->v[i].rule->id);
				break;
			}
}

static void key_table(FILE *f, const struct hd_result *res)
{
	const struct hd_timeline *t = &res->facts.timeline;
	char when[HD_ISOTIME_LEN];

	if (t->n == 0)
		return;
	fputs("<table class=\"keys\"><tr><th>#</th><th>last written</th><th>hive</th><th>key</th><th>what</th>"
	      "<th>cited by</th></tr>\n", f);
	for (size_t i = 0; i < t->n; i++) {
		fprintf(f, "<tr><td>%zu</td><td class=\"t\">%s</td><td>", i + 1, hd_html_time(t->v[i].time, when));
		hd_html_text(f, t->v[i].hive);
		fputs("</td><td><code>", f);
		hd_html_path(f, t->v[i].rv->key);
		fputs("</code></td><td>", f);
		hd_html_text(f, t->v[i].what);
		fputs("</td><td>", f);
		citing(f, &t->v[i], &res->findings);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

void hd_html_timeline(const struct hd_result *res, FILE *f)
{
	struct picture p = { .res = res };

	collect(&p);
	fputs("<h3>Timeline</h3>\n", f);
	if (!p.any) {
		fputs("<p class=\"note\">No key or file time is known (a hive built from an export carries none).</p>\n", f);
		return;
	}
	fputs("<p class=\"note\">Each point is a key's last write (numbered as in the table below); dashed lines "
	      "mark the files' own times and the Exchange Setup key; C points are the keys a copy reads "
	      "differently: filled and above the current side, hollow and below the copy.</p>\n", f);
	picture(f, &p);
	key_table(f, res);
}

/* A trail entry's data as read, for the table of differences. */
static void side_cells(FILE *f, const struct hd_trail_entry *e)
{
	char when[HD_ISOTIME_LEN];
	char *data;

	if (e == NULL) {
		fputs("<td>(not read)</td><td></td>", f);
		return;
	}
	data = e->rv.name ? hd_tw_value_text(&e->rv) : NULL;
	fputs("<td><code>", f);
	hd_html_path(f, e->rv.name ? (data ? data : "(out of memory)")
	                : e->rv.status == HD_FOUND ? "key present" : e->rv.status == HD_ABSENT ? "key absent"
	                : "key unreadable");
	/* Seven columns: the times may break between the day and the hour. */
	if (e->rv.key_found && e->rv.key_time && hd_filetime_iso(e->rv.key_time, when) == 0)
		fprintf(f, "</code></td><td>%.10s<wbr>%s</td>", when, when + 10);
	else
		fputs("</code></td><td>unknown</td>", f);
	free(data);
}

static void changes_table(FILE *f, const struct hd_changes *c)
{
	int lkg = c->against && strcmp(c->against, "last_known_good") == 0;

	fprintf(f, "<h4>Compared with %s</h4>\n<p>", lkg ? "the LastKnownGood control set" : "an older copy");
	hd_html_text(f, c->summary);
	fputs("</p>\n", f);
	if (c->n == 0)
		return;
	fprintf(f, "<table class=\"changes\"><tr><th>#</th><th>key</th><th>value</th><th>%s</th><th>written</th>"
	        "<th>%s</th><th>written</th></tr>\n", lkg ? "analyzed set" : "current hive",
	        lkg ? "LastKnownGood" : "copy");
	for (size_t i = 0; i < c->n; i++) {
		const struct hd_trail_entry *any = c->v[i].current ? c->v[i].current : c->v[i].copy;
		fprintf(f, "<tr><td>C%zu</td><td><code>", i + 1);
		hd_html_path(f, any->relpath[0] ? any->relpath : "(the control set)");
		fputs("</code></td><td><code>", f);
		hd_html_text(f, any->rv.name == NULL ? "(key)" : any->rv.name[0] ? any->rv.name : "(default)");
		fputs("</code></td>", f);
		side_cells(f, c->v[i].current);
		side_cells(f, c->v[i].copy);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (c->omitted)
		fprintf(f, "<p class=\"note\">%zu more differences not listed.</p>\n", c->omitted);
}

void hd_html_changes(const struct hd_result *res, FILE *f)
{
	const struct hd_changes *c[] = { &res->vs_current, &res->lkg };
	int any = 0;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (!c[i]->present)
			continue;
		if (!any++)
			fputs("<h3>Compared</h3>\n", f);
		changes_table(f, c[i]);
	}
}
