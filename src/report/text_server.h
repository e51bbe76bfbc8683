/*
 * text_server.h - the text report's header lines that name the server and
 * date the hive (text_server.c; issue 25).
 */
#ifndef HD_TEXT_SERVER_H
#define HD_TEXT_SERVER_H

#include "analyze/result.h"
#include "report/text_wrap.h"

/* server (ComputerName), windows (version, service pack, how known), exchange (with --software). */
void hd_text_server_lines(struct hd_tw *w, const struct hd_result *res);

/* written: the base block's last-write time, when the base block was read. */
void hd_text_written_line(struct hd_tw *w, const struct hd_result *res);

#endif
