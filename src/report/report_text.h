/*
 * report_text.h - the reports for a person (issue 15): the text report of
 * one hive, the rule table as a text table, and the .reg file of the
 * registry edits that apply the remedies (--fix-reg).  Built from struct
 * hd_result, not from the JSON; none of this uses json-c.
 */
#ifndef HD_REPORT_TEXT_H
#define HD_REPORT_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "analyze/result.h"

#define HD_TEXT_MIN_WIDTH 40
#define HD_TEXT_MAX_WIDTH 200
#define HD_TEXT_DEFAULT_WIDTH 80

struct hd_text_style {
	unsigned width;         /* columns to wrap at (clamped to 40..200) */
	int color;              /* ANSI colour (only on a terminal: main.c decides) */
};

/*
 * The text report of one hive: a header (path, SHA-256, kind, control set
 * and why, dirty/recovered), then per service the verdict, the decisive
 * findings first with their evidence and numbered fix steps, info last.
 * 0, or -1 with errno from the stream.
 */
int hd_report_text(const struct hd_result *res, const struct hd_text_style *st, FILE *f);

/* What CurrentControlSet of a rebuilt registry export stands for, into buf
 * (returned), or NULL when the export named none (report_source.c). */
const char *hd_report_ccs_meaning(const struct hd_reconstruction *r, char *buf, size_t len);

/* The rule table as text: id, severity, service, KB, title.  0 / -1 errno. */
int hd_report_rules_text(FILE *f);

/* What a .reg file holds. */
struct hd_reg_summary {
	size_t edits;           /* values set */
	size_t without_edit;    /* warning/error remedies with no registry edit known */
};

/*
 * The REGEDIT4 file of every registry edit the findings carry (struct
 * hd_reg_fix), under HKEY_LOCAL_MACHINE\SYSTEM\ControlSetNNN for the set
 * analyzed, each commented with its rule and KB, with CurrentControlSet as
 * a commented alternative; remedies that are not registry edits as
 * comments.  ANSI (Latin-1) as REGEDIT4 is: a value that Latin-1 cannot
 * spell is left out with a comment saying why.  0, or -1 with errno.
 */
int hd_report_reg(const struct hd_result *res, FILE *f, struct hd_reg_summary *sum);

#endif
