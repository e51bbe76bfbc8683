/*
 * regtext.c - REGEDIT4-style text to keys and values: lines, [sections],
 * continuation lines, repeated sections.  The data after '=' is regdata.c's.
 *
 * Stricter than regedit where leniency would hide a typo in a sample: an
 * unknown string escape, a value set twice and a deletion line are errors.
 *
 * One line is not REGEDIT4: "!time=2002-03-01T10:00:00Z" sets the last-write
 * time of the current section's key (the samples' timelines need one per
 * key; regedit has no way to say it).  Setting it twice is an error.
 *
 * The export dialect (regtext.h) reads what regedit writes, from files a
 * customer sent: the first line may be version 5's, paths are full, !time=
 * is refused, and a statement never grows past HD_REGTEXT_MAX_STATEMENT
 * (its continuation lines are read and dropped, its value left out).
 */
#include "hive/regtext.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hive/regtext_index.h"
#include "util/textutil.h"

#define NO_SECTION SIZE_MAX

struct parser {
	const char *p, *end;            /* input not read yet */
	unsigned line;                  /* number of the last physical line read */
	struct hd_regtext *doc;
	size_t cur;                     /* key of the current section, or NO_SECTION */
	struct hd_regtext_error *err;
	int export;                     /* HD_REGTEXT_EXPORT */
	int overlong;                   /* the statement read last was cut at the bound */
	struct hd_name_index keys;      /* key paths: ids index doc->keys */
	struct hd_name_index values;    /* value names: ids index refs */
	struct value_ref { size_t key, value; } *refs;
	size_t n_refs, cap_refs;
};

/* What a lookup compares a stored id with (the index's same() callback). */
struct probe {
	struct parser *ps;
	const char *name;
	size_t key;
};

static int same_key(void *ctx, size_t id)
{
	const struct probe *pr = ctx;

	return hd_name_equal(pr->ps->doc->keys[id].path, pr->name);
}

static int same_value(void *ctx, size_t id)
{
	const struct probe *pr = ctx;
	const struct value_ref *r = &pr->ps->refs[id];

	return r->key == pr->key && hd_name_equal(pr->ps->doc->keys[r->key].values[r->value].name, pr->name);
}

static int fail(struct parser *ps, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;

	ps->err->line = line;
	va_start(ap, fmt);
	/* A message cut at 255 bytes still says what is wrong. */
	(void)vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

/* Next physical line without "\n", "\r\n" or trailing blanks; 0 at the end. */
static int next_line(struct parser *ps, const char **start, size_t *len)
{
	const char *nl;

	if (ps->p >= ps->end)
		return 0;
	nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	*start = ps->p;
	*len = (size_t)((nl ? nl : ps->end) - ps->p);
	ps->p = nl ? nl + 1 : ps->end;
	ps->line++;
	while (*len > 0 && strchr(" \t\r", (*start)[*len - 1]) != NULL)
		(*len)--;
	return 1;
}

/* 1 when a value line ends in a backslash that is not inside a string. */
static int continues(const char *s, size_t len)
{
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		if (quoted && s[i] == '\\')
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
	}
	return !quoted && len > 0 && s[len - 1] == '\\';
}

/* Append n bytes, or as many as fit HD_REGTEXT_MAX_STATEMENT (ps->overlong set). */
static int append(struct parser *ps, char **buf, size_t *used, const char *s, size_t n)
{
	char *p;

	if (n > HD_REGTEXT_MAX_STATEMENT - *used) {
		ps->overlong = 1;
		n = HD_REGTEXT_MAX_STATEMENT - *used;
	}
	p = realloc(*buf, *used + n + 1);
	if (p == NULL)
		return -1;
	memcpy(p + *used, s, n);
	*used += n;
	p[*used] = '\0';
	*buf = p;
	return 0;
}

/*
 * Next statement as a new string without leading blanks, a value line
 * joined with its continuation lines; *first_line is where it starts.
 * Returns 1, 0 at the end of input, -1 on error.
 */
static int read_statement(struct parser *ps, char **out, unsigned *first_line)
{
	const char *s;
	size_t len, used = 0;
	char *buf = NULL;

	*out = NULL;
	ps->overlong = 0;
	if (!next_line(ps, &s, &len))
		return 0;
	*first_line = ps->line;
	for (;;) {
		while (len > 0 && (*s == ' ' || *s == '\t'))
			s++, len--;
		/* Past the bound, only whether the line goes on is looked at. */
		if (ps->overlong ? 0 : append(ps, &buf, &used, s, len) != 0)
			goto fail;
		if ((buf[0] != '"' && buf[0] != '@') ||
		    !(ps->overlong ? len > 0 && s[len - 1] == '\\' : continues(buf, used)))
			break;
		if (!ps->overlong)
			buf[--used] = '\0';     /* the backslash */
		if (!next_line(ps, &s, &len)) {
			fail(ps, ps->line, "the last line ends in a backslash");
			goto fail;
		}
	}
	*out = buf;
	return 1;
fail:
	free(buf);
	return -1;
}

/* Length of a name in UTF-16 units, as Windows limits it; -1 if not UTF-8. */
static long utf16_units(const char *name)
{
	uint8_t *u = NULL;
	size_t n = 0;

	if (hd_regdata_utf16le(name, &u, &n) != 0)
		return -1;
	free(u);
	return (long)(n / 2);
}

static int check_path(struct parser *ps, const char *path, unsigned line)
{
	char *copy = strdup(path), *name, *save = NULL;
	unsigned depth = 0;
	long units;
	int rc = -1;

	if (copy == NULL)
		return -1;
	if (!ps->export && strncasecmp(path, "HKEY_", 5) == 0) {
		fail(ps, line, "key paths start below the hive root: drop \"%.*s\"",
		     (int)strcspn(path, "\\"), path);
		goto done;
	}
	if (*path == '\0' || *path == '\\' || path[strlen(path) - 1] == '\\' || strstr(path, "\\\\")) {
		fail(ps, line, "empty key name in [%s]", path);
		goto done;
	}
	for (name = strtok_r(copy, "\\", &save); name; name = strtok_r(NULL, "\\", &save)) {
		units = utf16_units(name);
		if (units < 0 && errno != EILSEQ)
			goto done;
		if (units < 0) {
			fail(ps, line, "key name is not valid UTF-8 in [%s]", path);
			goto done;
		}
		if (units > (long)HD_REGTEXT_MAX_KEY_NAME) {
			fail(ps, line, "key name longer than 255 characters in [%s]", path);
			goto done;
		}
		if (++depth > HD_REGTEXT_MAX_DEPTH) {
			fail(ps, line, "key path deeper than 512 levels");
			goto done;
		}
	}
	rc = 0;
done:
	free(copy);
	return rc;
}

/* The key a [section] names: an earlier one with the same path (Windows
 * compares names case-insensitively), or a new one. */
static int enter_section(struct parser *ps, const char *path, unsigned line)
{
	struct hd_regtext *doc = ps->doc;
	struct hd_regtext_key *keys;
	struct probe pr = { ps, path, 0 };
	uint64_t hash;
	size_t cap, id;
	int found;

	if (hd_name_hash(path, SIZE_MAX, &hash) != 0 ||
	    (found = hd_name_index_find_or_add(&ps->keys, hash, same_key, &pr, doc->n_keys, &id)) < 0)
		return -1;
	if (found) {
		ps->cur = id;
		return 0;
	}
	if (doc->n_keys == doc->cap_keys) {
		cap = doc->cap_keys ? 2 * doc->cap_keys : 16;
		keys = realloc(doc->keys, cap * sizeof *keys);
		if (keys == NULL)
			return -1;
		doc->keys = keys;
		doc->cap_keys = cap;
	}
	memset(&doc->keys[doc->n_keys], 0, sizeof *doc->keys);
	doc->keys[doc->n_keys].path = strdup(path);
	if (doc->keys[doc->n_keys].path == NULL)
		return -1;
	doc->keys[doc->n_keys].line = line;
	ps->cur = doc->n_keys++;
	return 0;
}

static int parse_section(struct parser *ps, char *s, unsigned line)
{
	size_t len = strlen(s);

	if (s[len - 1] != ']')
		return fail(ps, line, "a [key] line must end with ']'");
	if (s[1] == '-')
		return fail(ps, line, "deleting a key is not supported");
	s[--len] = '\0';
	/* hivexregedit --export writes the root as [HKEY_LOCAL_MACHINE\SYSTEM\]. */
	if (ps->export && len > 2 && s[len - 1] == '\\' && s[len - 2] != '\\')
		s[--len] = '\0';
	if (check_path(ps, s + 1, line) != 0)
		return -1;
	return enter_section(ps, s + 1, line);
}

/* The value's name: "" for @, else a quoted name; *s moves past it. */
static int parse_value_name(struct parser *ps, const char **s, char **name, unsigned line)
{
	const char *why = NULL;
	long units;

	if (**s == '@') {
		(*s)++;
		*name = strdup("");
		return *name ? 0 : -1;
	}
	if (hd_regdata_unquote(s, name, &why) != 0)
		return errno == EINVAL ? fail(ps, line, "value name: %s", why) : -1;
	if (**name == '\0')
		return fail(ps, line, "write the default value as @=, not \"\"=");
	units = utf16_units(*name);
	if (units < 0)
		return errno == EILSEQ ? fail(ps, line, "value name is not valid UTF-8") : -1;
	if (units > (long)HD_REGTEXT_MAX_VALUE_NAME)
		return fail(ps, line, "value name longer than 16383 characters");
	return 0;
}

/* Room for one more value reference. */
static int add_ref(struct parser *ps)
{
	struct value_ref *r;
	size_t cap;

	if (ps->n_refs < ps->cap_refs)
		return 0;
	cap = ps->cap_refs ? 2 * ps->cap_refs : 64;
	r = realloc(ps->refs, cap * sizeof *r);
	if (r == NULL)
		return -1;
	ps->refs = r;
	ps->cap_refs = cap;
	return 0;
}

static int add_value(struct parser *ps, struct hd_regtext_value *v)
{
	struct hd_regtext_key *k = &ps->doc->keys[ps->cur];
	struct hd_regtext_value *values;
	struct probe pr = { ps, v->name, ps->cur };
	uint64_t hash;
	size_t cap, id;
	int found;

	if (add_ref(ps) != 0 || hd_name_hash(v->name, ps->cur, &hash) != 0 ||
	    (found = hd_name_index_find_or_add(&ps->values, hash, same_value, &pr, ps->n_refs, &id)) < 0)
		return -1;
	if (found)
		return fail(ps, v->line, "value \"%s\" is set twice in [%s] (first on line %u)",
		            v->name, k->path, k->values[ps->refs[id].value].line);
	ps->refs[ps->n_refs].key = ps->cur;
	ps->refs[ps->n_refs++].value = k->n_values;
	if (k->n_values == k->cap_values) {
		cap = k->cap_values ? 2 * k->cap_values : 8;
		values = realloc(k->values, cap * sizeof *values);
		if (values == NULL)
			return -1;
		k->values = values;
		k->cap_values = cap;
	}
	k->values[k->n_values++] = *v;
	return 0;
}

/*
 * An export's value too large for the hive (hivex writes no big-data
 * records) or for the statement bound: left out and counted, so the report
 * can say the reconstruction lacks it; a value is never cut short.
 */
static int omit_value(struct parser *ps, unsigned line)
{
	if (ps->doc->n_omitted++ == 0)
		ps->doc->first_omitted_line = line;
	return 0;
}

static int parse_value(struct parser *ps, const char *s, unsigned line)
{
	struct hd_regtext_value v = {.line = line};
	const char *why = NULL;
	int rc = -1;

	if (ps->cur == NO_SECTION)
		return fail(ps, line, "a value before the first [key] line");
	if (parse_value_name(ps, &s, &v.name, line) != 0)
		goto done;
	if (*s != '=') {
		fail(ps, line, "expected '=' after the value name");
		goto done;
	}
	if (ps->overlong || hd_regdata_parse(s + 1, &v, &why) != 0) {
		if (ps->export && (ps->overlong || why == hd_regdata_too_large)) {
			rc = omit_value(ps, line);
			goto done;
		}
		if (ps->overlong)
			fail(ps, line, "value \"%s\": longer than %u bytes of text", v.name,
			     HD_REGTEXT_MAX_STATEMENT);
		else if (errno == EINVAL)
			fail(ps, line, "value \"%s\": %s", v.name, why);
		goto done;
	}
	if (add_value(ps, &v) != 0)
		goto done;
	v.name = NULL;          /* now owned by the key */
	v.data = NULL;
	rc = 0;
done:
	free(v.name);
	free(v.data);
	return rc;
}

/* "!time=..." inside a section: the key's last-write time. */
static int parse_directive(struct parser *ps, const char *s, unsigned line)
{
	struct hd_regtext_key *k;
	uint64_t ft;

	if (ps->export)
		return fail(ps, line, "not regedit syntax (an export records no key time; !time= is "
		            "for samples)");
	if (strncmp(s, "!time=", 6) != 0)
		return fail(ps, line, "unknown directive (the only one is !time=YYYY-MM-DDTHH:MM:SSZ)");
	if (ps->cur == NO_SECTION)
		return fail(ps, line, "!time= before the first [key] line");
	k = &ps->doc->keys[ps->cur];
	if (k->time_line != 0)
		return fail(ps, line, "!time= is set twice for [%s] (first on line %u)", k->path, k->time_line);
	if (hd_regdata_time(s + 6, &ft) != 0)
		return fail(ps, line, "!time= takes YYYY-MM-DDTHH:MM:SSZ (UTC), not \"%s\"", s + 6);
	k->time = ft;
	k->time_line = line;
	return 0;
}

static int parse_statement(struct parser *ps, char *s, unsigned line)
{
	if (ps->overlong && *s != '"' && *s != '@')
		return fail(ps, line, "line longer than %u bytes", HD_REGTEXT_MAX_STATEMENT);
	switch (*s) {
	case '\0':
	case ';':
		return 0;
	case '[':
		return parse_section(ps, s, line);
	case '"':
	case '@':
		return parse_value(ps, s, line);
	case '!':
		return parse_directive(ps, s, line);
	default:
		return fail(ps, line, "expected a [key] line, a value line, a !time= line or a ; comment");
	}
}

/*
 * Refuse what is not UTF-8 text before reading lines: a UTF-16 file (what
 * regedit 5 exports) by its byte-order mark, and any NUL byte, which would
 * silently end a C string, by its line.
 */
static int check_encoding(struct parser *ps)
{
	const char *nul;
	unsigned line = 1;

	if (ps->end - ps->p >= 2 && (memcmp(ps->p, "\xff\xfe", 2) == 0 || memcmp(ps->p, "\xfe\xff", 2) == 0))
		return fail(ps, 1, "the file is UTF-16 (a regedit 5 export?): save it as UTF-8 with REGEDIT4 first");
	nul = memchr(ps->p, '\0', (size_t)(ps->end - ps->p));
	if (nul == NULL)
		return 0;
	for (const char *q = ps->p; q < nul; q++)
		line += *q == '\n';
	return fail(ps, line, "NUL byte in the input (the file must be UTF-8 text)");
}

#define V5_SIGNATURE "Windows Registry Editor Version 5.00"

/* The first line: REGEDIT4 (or an export's version 5 line), after an optional UTF-8 byte-order mark. */
static int parse_signature(struct parser *ps)
{
	const char *s;
	size_t len;

	if (ps->end - ps->p >= 3 && memcmp(ps->p, "\xef\xbb\xbf", 3) == 0)
		ps->p += 3;
	if (!next_line(ps, &s, &len))
		len = 0;
	if (len == 8 && memcmp(s, "REGEDIT4", 8) == 0) {
		ps->doc->format = "REGEDIT4";
		return 0;
	}
	if (ps->export && len == sizeof V5_SIGNATURE - 1 && memcmp(s, V5_SIGNATURE, len) == 0) {
		ps->doc->format = "5.00";
		return 0;
	}
	return fail(ps, 1, ps->export ? "the first line must be REGEDIT4 or " V5_SIGNATURE
	            : "the first line must be REGEDIT4");
}

int hd_regtext_parse(const char *text, size_t len, struct hd_regtext *doc,
                     struct hd_regtext_error *err)
{
	static const struct hd_regtext_opts sample = { HD_REGTEXT_SAMPLE };

	return hd_regtext_parse_opts(text, len, &sample, doc, err);
}

int hd_regtext_parse_opts(const char *text, size_t len, const struct hd_regtext_opts *opts,
                          struct hd_regtext *doc, struct hd_regtext_error *err)
{
	struct parser ps = {text, text + len, 0, doc, NO_SECTION, err,
	                    opts->dialect == HD_REGTEXT_EXPORT, 0, {0}, {0}, NULL, 0, 0};
	char *stmt = NULL;
	unsigned line = 0;
	int r = -1, saved;

	memset(doc, 0, sizeof *doc);
	memset(err, 0, sizeof *err);
	if (check_encoding(&ps) != 0 || parse_signature(&ps) != 0)
		goto done;
	while ((r = read_statement(&ps, &stmt, &line)) > 0) {
		r = parse_statement(&ps, stmt, line);
		free(stmt);
		stmt = NULL;
		if (r != 0)
			break;
	}
done:
	saved = errno;
	if (r != 0)
		hd_regtext_clear(doc);
	hd_name_index_clear(&ps.keys);
	hd_name_index_clear(&ps.values);
	free(ps.refs);
	errno = saved;
	return r == 0 ? 0 : -1;
}

void hd_regtext_clear(struct hd_regtext *doc)
{
	for (size_t i = 0; i < doc->n_keys; i++) {
		struct hd_regtext_key *k = &doc->keys[i];

		for (size_t j = 0; j < k->n_values; j++) {
			free(k->values[j].name);
			free(k->values[j].data);
		}
		free(k->values);
		free(k->path);
	}
	free(doc->keys);
	memset(doc, 0, sizeof *doc);
}
