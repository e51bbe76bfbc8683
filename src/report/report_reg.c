/*
 * report_reg.c - the .reg file of --fix-reg (issue 15): the registry edits
 * the findings carry (struct hd_reg_fix), ready for `hivexregedit --merge
 * --prefix 'HKEY_LOCAL_MACHINE\SYSTEM'` on a copy of the hive, or for
 * regedit on the running server (the commented CurrentControlSet lines).
 *
 * REGEDIT4 files are ANSI: text is written as Latin-1 (which Windows' code
 * page 1252 and hivexregedit, reading bytes, both take), lines end in CRLF.
 * A value whose text Latin-1 cannot spell (Greek, CJK...) is written as
 * hex(1): its UTF-16LE bytes and a terminating NUL, a REG_SZ that regedit
 * and hivexregedit --merge both read byte for byte (DOMAIN.md 0.17), never
 * as mojibake.  A key or value name Latin-1 cannot spell is not written (a
 * wrong key would be worse than none): a comment says to set it by hand,
 * and it counts as a remedy without an edit, never as "nothing to fix".
 */
#include "report/report_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

#define COMMENT_WIDTH 76
#define EOL "\r\n"

/*
 * The code point of the UTF-8 sequence at *p, advancing *p past it; -1 for a
 * byte that starts no valid sequence (advanced by one).  Overlong forms,
 * surrogates and values beyond U+10FFFF are invalid.
 */
static long utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned n = s[0] < 0x80 ? 0 : (s[0] & 0xe0) == 0xc0 ? 1 : (s[0] & 0xf0) == 0xe0 ? 2
	           : (s[0] & 0xf8) == 0xf0 ? 3 : 4;
	static const long min[4] = { 0, 0x80, 0x800, 0x10000 };
	long c;

	*p = s + 1;
	if (n == 4)
		return -1;
	c = n == 0 ? s[0] : s[0] & (0x3f >> n);
	for (unsigned i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*p = s + n + 1;
	return c;
}

/* A control character (C0, DEL, C1): never written raw into the file. */
static int is_control(long c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

/* UTF-8 to Latin-1 (new string); NULL with errno EILSEQ when a character does not fit. */
static char *to_latin1(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(strlen(s) + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (*p) {
		long c = utf8_next(&p);
		/* Printable Latin-1 only: not C0/C1 controls, not beyond U+00FF. */
		if (c < 0 || is_control(c) || c > 0xff) {
			free(out);
			errno = EILSEQ;
			return NULL;
		}
		*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

/*
 * "hex(1):" and the UTF-16LE bytes of s with a terminating NUL, 24 bytes to
 * a line; a continuation line starts with prefix, so a commented edit stays
 * a comment.  -1 (EILSEQ) when s is no valid UTF-8 or holds a control
 * character: such data is not what a rule means to write.
 */
static int hex_utf16(struct hd_strbuf *b, const char *prefix, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct hd_strbuf line = { 0 };
	size_t n = 0;
	int rc = -1;

	hd_strbuf_addf(&line, "hex(1):");
	for (;;) {
		long c = *p ? utf8_next(&p) : 0;
		unsigned u[2] = { (unsigned)c, 0 };
		size_t units = 1;

		if (c < 0 || (c != 0 && is_control(c))) {
			errno = EILSEQ;
			goto out;
		}
		if (c > 0xffff) {
			u[0] = 0xd800u + (((unsigned)c - 0x10000u) >> 10);
			u[1] = 0xdc00u + (((unsigned)c - 0x10000u) & 0x3ffu);
			units = 2;
		}
		for (size_t k = 0; k < units; k++, n += 2)
			hd_strbuf_addf(&line, "%s%s%s%02x,%02x", n == 0 ? "" : n % 24 == 0 ? ",\\" EOL : ",",
			               n && n % 24 == 0 ? prefix : "", n && n % 24 == 0 ? "  " : "",
			               u[k] & 0xffu, u[k] >> 8);
		if (c == 0)
			break;
	}
	if (hd_strbuf_str(&line) == NULL) {
		errno = ENOMEM;
		goto out;
	}
	hd_strbuf_addf(b, "%s", hd_strbuf_str(&line));
	rc = 0;
out:
	hd_strbuf_clear(&line);
	return rc;
}

/* Latin-1 for comments: <U+XXXX> for a character beyond it, '?' for a control or an invalid byte. */
static void put_comment_text(struct hd_strbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		long c = utf8_next(&p);
		if (c > 0xff)
			hd_strbuf_addf(b, "<U+%04lX>", (unsigned long)c);
		else
			hd_strbuf_addf(b, "%c", c < 0 || is_control(c) ? '?' : (char)c);
	}
}

/* text as ";"-comment lines wrapped at COMMENT_WIDTH. */
static void comment(struct hd_strbuf *b, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strlen(p), cut = n;
		char *chunk;
		if (n > COMMENT_WIDTH) {
			for (cut = COMMENT_WIDTH; cut > 0 && p[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = COMMENT_WIDTH;
		}
		if ((chunk = strndup(p, cut)) == NULL)
			return;
		hd_strbuf_addf(b, "; ");
		put_comment_text(b, chunk);
		hd_strbuf_addf(b, EOL);
		free(chunk);
		p += cut;
		p += strspn(p, " ");
	}
}

/* "..." with \ and " escaped, as regedit and hivexregedit read it. */
static void quoted(struct hd_strbuf *b, const char *latin1)
{
	hd_strbuf_addf(b, "\"");
	for (const char *p = latin1; *p; p++)
		hd_strbuf_addf(b, *p == '\\' || *p == '"' ? "\\%c" : "%c", *p);
	hd_strbuf_addf(b, "\"");
}

/* The key under CurrentControlSet when it is under a ControlSetNNN (else NULL). */
static const char *after_controlset(const char *key)
{
	const char *sep = strchr(key, '\\');

	if (sep == NULL || strncasecmp(key, "ControlSet", 10) != 0)
		return NULL;
	return sep;
}

/* "name"=data: data quoted in Latin-1 when it fits (latin1 != NULL), else hex(1). */
static int value_line(struct hd_strbuf *b, const char *prefix, const char *name, const char *latin1,
                      const char *utf8)
{
	hd_strbuf_addf(b, "%s", prefix);
	quoted(b, name);
	hd_strbuf_addf(b, "=");
	if (latin1 != NULL)
		quoted(b, latin1);
	else if (hex_utf16(b, prefix, utf8) < 0)
		return -1;
	hd_strbuf_addf(b, EOL);
	return 0;
}

static int same_value(const struct hd_reg_fix *a, const struct hd_reg_fix *b)
{
	return strcasecmp(a->key, b->key) == 0 && strcasecmp(a->name, b->name) == 0;
}

/* "A2 (KB Q298565): title", every KB article of the rule. */
static void rule_comment(struct hd_strbuf *b, const struct hd_finding *f)
{
	struct hd_strbuf line = { 0 };
	const char *text;

	hd_strbuf_addf(&line, "%s (KB", f->rule->id);
	for (size_t k = 0; k < HD_RULE_MAX_KB && f->rule->kb[k]; k++)
		hd_strbuf_addf(&line, "%s %s", k ? "," : "", f->rule->kb[k]);
	hd_strbuf_addf(&line, "%s): %s", f->rule->kb[0] ? "" : " none", f->rule->title);
	if ((text = hd_strbuf_str(&line)) != NULL)
		comment(b, text);
	hd_strbuf_clear(&line);
}

/* One value to set: the rules that want it, the edit, the running-server form. */
static int write_edit(struct hd_strbuf *b, const struct hd_findings *fs, size_t i)
{
	const struct hd_reg_fix *fix = fs->v[i].fix;
	char *key = to_latin1(fix->key), *name = to_latin1(fix->name), *data = to_latin1(fix->data);
	struct hd_strbuf edit = { 0 };
	const char *tail;
	int written = 0;

	hd_strbuf_addf(b, EOL);
	for (size_t k = i; k < fs->n; k++)
		if (fs->v[k].fix && same_value(fs->v[k].fix, fix) && strcmp(fs->v[k].fix->data, fix->data) == 0)
			rule_comment(b, &fs->v[k]);
	if (key != NULL && name != NULL) {
		if (data == NULL)
			comment(&edit, "The value is written as hex(1), its UTF-16LE text: REGEDIT4 (ANSI) "
			        "text cannot spell it.  It reads (<U+XXXX>: a character Latin-1 has not):");
		if (data == NULL)
			comment(&edit, fix->data);
		hd_strbuf_addf(&edit, "[HKEY_LOCAL_MACHINE\\SYSTEM\\%s]" EOL, key);
		written = value_line(&edit, "", name, data, fix->data) == 0;
		if (written && (tail = after_controlset(key)) != NULL) {
			comment(&edit, "On the running server (regedit), the same edit is:");
			hd_strbuf_addf(&edit, ";   [HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet%s]" EOL, tail);
			written = value_line(&edit, ";   ", name, data, fix->data) == 0;
		}
	}
	if (written && hd_strbuf_str(&edit) != NULL) {
		hd_strbuf_addf(b, "%s", hd_strbuf_str(&edit));
	} else {
		written = 0;
		comment(b, "Not written: the value cannot be spelled in a REGEDIT4 (ANSI) file. Set it by hand:");
		comment(b, fix->key);
		comment(b, fix->name);
		comment(b, fix->data);
	}
	hd_strbuf_clear(&edit);
	free(key);
	free(name);
	free(data);
	return written;
}

/* 1 when an earlier finding already set the same value. */
static int seen_before(const struct hd_findings *fs, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (fs->v[k].fix && same_value(fs->v[k].fix, fs->v[i].fix))
			return 1;
	return 0;
}

static int is_sitedn_rule(const char *id)
{
	return id[0] == 'A' && strchr("12345", id[1]) != NULL && id[2] == '\0';
}

/* Remedies that are no registry edit, as comments. */
static size_t write_manual(struct hd_strbuf *b, const struct hd_findings *fs)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++) {
		const struct hd_finding *f = &fs->v[i];
		if (f->fix || f->severity == HD_SEV_INFO || f->remediation == NULL)
			continue;
		if (n++ == 0) {
			hd_strbuf_addf(b, EOL);
			comment(b, "Remedies that are no registry edit (hivediag writes none for them):");
		}
		hd_strbuf_addf(b, ";" EOL);
		rule_comment(b, f);
		if (is_sitedn_rule(f->rule->id))
			comment(b, "No SiteDN written: the organization and site to set are not known (the "
			        "registry's copies disagree with no majority). Run hivediag again with --org "
			        "and --site, the names the Exchange Administrator program shows.");
		comment(b, f->remediation);
	}
	return n;
}

static void preamble(struct hd_strbuf *b, const struct hd_result *res)
{
	char line[512];

	hd_strbuf_addf(b, "REGEDIT4" EOL EOL);
	snprintf(line, sizeof line, "hivediag %s: registry edits for %s", HD_VERSION, res->path);
	comment(b, line);
	if (res->file.have_sha256) {
		snprintf(line, sizeof line, "SHA-256 %s", res->file.sha256);
		comment(b, line);
	}
	if (!res->have_controlset || !res->cs.analyzed)
		return;
	snprintf(line, sizeof line, "Control set analyzed: %s. Apply to a copy of the hive with",
	         res->cs.analyzed_name);
	comment(b, line);
	comment(b, "  hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\\SYSTEM' COPY THIS.reg");
	comment(b, "or, on the running server, import the commented CurrentControlSet lines.");
}

int hd_report_reg(const struct hd_result *res, FILE *f, struct hd_reg_summary *sum)
{
	struct hd_strbuf b = { 0 };
	const struct hd_findings *fs = &res->findings;
	const char *text;
	size_t unwritten = 0;
	int rc = -1;

	memset(sum, 0, sizeof *sum);
	preamble(&b, res);
	if (res->error_code) {
		hd_strbuf_addf(&b, EOL);
		comment(&b, "Nothing to fix: the hive could not be analyzed.");
	}
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].fix && !seen_before(fs, i)) {
			if (write_edit(&b, fs, i))
				sum->edits++;
			else
				unwritten++;    /* a remedy all the same: never "nothing to fix" */
		}
	sum->without_edit = write_manual(&b, fs) + unwritten;
	if (!res->error_code && sum->edits == 0 && sum->without_edit == 0) {
		hd_strbuf_addf(&b, EOL);
		comment(&b, "Nothing to fix: no warning or error finding.");
	}
	if ((text = hd_strbuf_str(&b)) == NULL) {
		errno = ENOMEM;
		goto out;
	}
	errno = 0;
	rc = fputs(text, f) == EOF ? -1 : 0;
out:
	hd_strbuf_clear(&b);
	return rc;
}
