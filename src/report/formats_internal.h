/*
 * formats_internal.h - the functions of the rows of the format table
 * (formats.c) that live in files of their own (report/format_NAME.c),
 * grouped by the file that defines them.  Only formats.c and those files
 * include it; the rest of the program sees the table (formats.h).
 */
#ifndef HD_FORMATS_INTERNAL_H
#define HD_FORMATS_INTERNAL_H

#include <stdio.h>

#include "report/formats.h"
#include "report/report_html.h"     /* -o html: hd_report_html_begin, hd_report_html ... */

#endif
