/*
 * regtext.h - the REGEDIT4-style text that sample hives are written in, and
 * its parser (regtext.c: lines and sections; regdata.c: value data).
 *
 *   REGEDIT4                                    required first line
 *   ; comment
 *   [ControlSet001\Services\Tcpip\Linkage]      path below the hive root
 *   "Name"="text"   @="default"   "N"=dword:00000002   "B"=hex:01,02,\
 *     03            "T"=hex(4):01,00   "E"=expand:"%SystemRoot%"
 *   "M"=multi:"Tcpip","",""
 *   !time=2002-03-01T10:00:00Z                  the key's last-write time (UTC)
 *
 * The parser turns the text into keys with values already encoded as the
 * hive stores them (UTF-16LE strings with their terminators), so writing
 * the hive is a plain copy.  It never prints; errors carry a line number.
 *
 * Two dialects (struct hd_regtext_opts): the samples' (above), and what
 * regedit and `reg export` write (issue 22, read by source/export.c once
 * decoded to UTF-8): a "REGEDIT4" or "Windows Registry Editor Version 5.00"
 * first line, full paths ([HKEY_LOCAL_MACHINE\SYSTEM\Select]), no !time=
 * (an export records no key time, and none may be invented); the samples'
 * expand: and multi: forms are read as well (a sample turned into an export
 * by a sed line, README).  The export
 * dialect is read from hostile files: a statement is bounded
 * (HD_REGTEXT_MAX_STATEMENT), and a value too large for the hive (or for
 * that bound) is left out and counted, never truncated.
 */
#ifndef HD_REGTEXT_H
#define HD_REGTEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * hivex writes value data in one cell; format 1.4 and later require big-data
 * (db) records above 16344 bytes (regf spec, "Big data"), which hivex does
 * not write.  Samples need far less, so larger data is refused.
 */
#define HD_REGTEXT_MAX_DATA 16344u
/* Windows limits (MSDN "Registry Element Size Limits"), in UTF-16 units. */
#define HD_REGTEXT_MAX_KEY_NAME 255u
#define HD_REGTEXT_MAX_VALUE_NAME 16383u
#define HD_REGTEXT_MAX_DEPTH 512u
/* Sample files are a few kB; this only stops a runaway input. */
#define HD_REGTEXT_MAX_INPUT (16u * 1024u * 1024u)
/* One statement (a line and its continuation lines): a value of
 * HD_REGTEXT_MAX_DATA bytes as regedit writes it (hex(N): "xx," per byte,
 * wrapped near 80 columns by a backslash and a two-blank indent) is about
 * 52 KiB of text. */
#define HD_REGTEXT_MAX_STATEMENT (256u * 1024u)

enum hd_regtext_dialect {
	HD_REGTEXT_SAMPLE,      /* mkhive's samples: REGEDIT4, paths below the root, !time= */
	HD_REGTEXT_EXPORT,      /* regedit / reg export, decoded to UTF-8 */
};

struct hd_regtext_opts {
	enum hd_regtext_dialect dialect;
};

struct hd_regtext_value {
	char *name;             /* UTF-8; "" is the default value (@) */
	uint32_t type;          /* any number: wrong types are crafted on purpose */
	uint8_t *data;          /* as stored in the hive; NULL when len is 0 */
	size_t len;
	unsigned line;
	int hex_form;           /* written as hex: or hex(N): bytes (a REGEDIT4 export's
	                           hex(2) and hex(7) hold ANSI text: source/export.c converts them) */
};

/* One key: every [section] naming it (in any letter case) merged into one. */
struct hd_regtext_key {
	char *path;             /* as first written, e.g. "ControlSet001\\Services" */
	unsigned line;          /* of its first section */
	struct hd_regtext_value *values;
	size_t n_values, cap_values;
	uint64_t time;          /* FILETIME of a !time= line, 0 = the builder's fixed time */
	unsigned time_line;     /* line of that !time= line, 0 when none */
};

struct hd_regtext {
	struct hd_regtext_key *keys;    /* in order of first appearance */
	size_t n_keys, cap_keys;
	const char *format;             /* the first line: "REGEDIT4" or "5.00" (static) */
	size_t n_omitted;               /* export dialect: values too large, left out */
	unsigned first_omitted_line;    /* the first of them, 0 when none */
};

struct hd_regtext_error {
	unsigned line;          /* 0 when the error is not tied to a line */
	char message[256];
};

/*
 * Parse len bytes of UTF-8 text into doc (zeroed first).  Returns 0, or -1
 * with errno EINVAL (err says where and why) or ENOMEM; doc is then empty.
 */
int hd_regtext_parse(const char *text, size_t len, struct hd_regtext *doc,
                     struct hd_regtext_error *err);
/* The same in the dialect opts names (hd_regtext_parse: the samples'). */
int hd_regtext_parse_opts(const char *text, size_t len, const struct hd_regtext_opts *opts,
                          struct hd_regtext *doc, struct hd_regtext_error *err);
void hd_regtext_clear(struct hd_regtext *doc);

/*
 * Decode the data part of a value line, after the '=' (e.g. "dword:00000002"),
 * into v->type, v->data and v->len.  Returns 0, or -1 with errno EINVAL
 * (*why says what is wrong) or ENOMEM.  (regdata.c)
 */
int hd_regdata_parse(const char *text, struct hd_regtext_value *v, const char **why);
/* *why of hd_regdata_parse for data longer than HD_REGTEXT_MAX_DATA. */
extern const char hd_regdata_too_large[];

/*
 * Decode "YYYY-MM-DDTHH:MM:SSZ" (UTC, 1601 to 9999) into a FILETIME (100 ns
 * since 1601-01-01).  0, or -1 with errno EINVAL.  (regdata.c)
 */
int hd_regdata_time(const char *text, uint64_t *filetime);

/*
 * Read a quoted string at *p ("..." where only \" and \\ are escapes) into a
 * new UTF-8 string; *p moves past the closing quote.  0, or -1 as above.
 */
int hd_regdata_unquote(const char **p, char **out, const char **why);

/*
 * UTF-8 to UTF-16LE without a terminator, as a new buffer (never NULL on
 * success, even for "").  -1 with errno EILSEQ for invalid UTF-8, or ENOMEM.
 */
int hd_regdata_utf16le(const char *s, uint8_t **out, size_t *len);

#endif
