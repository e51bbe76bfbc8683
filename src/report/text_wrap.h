/*
 * text_wrap.h - writing text for a terminal: words wrapped to a width
 * (counted in display columns, not bytes: issue 25), optional ANSI colour, and every
 * control character from the hive or the command line shown as '?' so
 * that a hostile value cannot drive the terminal.
 */
#ifndef HD_TEXT_WRAP_H
#define HD_TEXT_WRAP_H

#include <stdio.h>

#include "hive/regtypes.h"

/* SGR codes for hd_tw_styled. */
#define HD_SGR_BOLD   "1"
#define HD_SGR_DIM    "2"
#define HD_SGR_RED    "1;31"
#define HD_SGR_GREEN  "32"
#define HD_SGR_YELLOW "1;33"

struct hd_tw {
	FILE *f;
	unsigned width;
	int color;
	unsigned col;           /* display columns on the current line */
	int failed;             /* a write failed: errno kept in err */
	int err;
};

void hd_tw_init(struct hd_tw *w, FILE *f, unsigned width, int color);

/* Text as it is, on the current line (no wrapping). */
void hd_tw_text(struct hd_tw *w, const char *s);

/* The same in colour sgr when colour is on. */
void hd_tw_styled(struct hd_tw *w, const char *sgr, const char *s);

void hd_tw_newline(struct hd_tw *w);

/*
 * A paragraph: prefix (when the line is still empty), then text wrapped at
 * the width, continuation lines indented by hang spaces; ends the line.  A
 * word wider than the line is cut (after a '\\', before a '/' when it can).
 */
void hd_tw_para(struct hd_tw *w, const char *prefix, unsigned hang, const char *text);

/* The same in colour sgr (every line of it) when colour is on. */
void hd_tw_para_styled(struct hd_tw *w, const char *sgr, const char *prefix, unsigned hang,
                       const char *text);

/* "  name      value", the value wrapped under itself (the report's header lines). */
void hd_tw_field(struct hd_tw *w, const char *name, const char *value);

/* The column the next character goes to. */
unsigned hd_tw_column(const struct hd_tw *w);

/* 0, or -1 with errno when any write failed. */
int hd_tw_finish(struct hd_tw *w);

/* A value's data for a person: "\"text\" (REG_SZ)", "0x00000002 (REG_DWORD)"... New string or NULL. */
char *hd_tw_value_text(const struct hd_regval *rv);

#endif
