/*
 * dn_form.c - strict form checks of SiteDN and X500 DN (see dn_form.h).
 * The lenient parser (dn.c) stays for comparing names; these checks say
 * whether the raw string is one Exchange can use as it is.
 */
#include "facts/dn_form.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/textutil.h"

#define MAX_PARTS 16

struct part {
	const char *p;          /* start of "attr=value" in the raw string */
	size_t len;
	size_t attr_len;        /* up to '=', or len when there is none */
};

struct split {
	struct part part[MAX_PARTS];
	size_t n;
	int leading_slash;
	int too_many;
};

static void split_raw(const char *raw, struct split *s)
{
	const char *p = raw;

	memset(s, 0, sizeof *s);
	if (*p == '/') {
		s->leading_slash = 1;
		p++;
	}
	for (;;) {
		size_t len = strcspn(p, "/");
		const char *eq = memchr(p, '=', len);

		if (s->n == MAX_PARTS) {
			s->too_many = 1;
			return;
		}
		s->part[s->n].p = p;
		s->part[s->n].len = len;
		s->part[s->n].attr_len = eq ? (size_t)(eq - p) : len;
		s->n++;
		if (p[len] == '\0')
			return;
		p += len + 1;
	}
}

static int attr_is(const struct part *c, const char *attr)
{
	return c->attr_len < c->len && c->attr_len == strlen(attr) &&
	       strncasecmp(c->p, attr, c->attr_len) == 0;
}

static const char *value_of(const struct part *c, size_t *len)
{
	*len = c->len - c->attr_len - 1;
	return c->p + c->attr_len + 1;
}

static int value_is(const struct part *c, const char *want)
{
	size_t len;
	const char *v = value_of(c, &len);

	return len == strlen(want) && strncasecmp(v, want, len) == 0;
}

/* 1 when the value of c (an attr=value part) names server, ignoring case. */
static int value_names(const struct part *c, const char *server)
{
	char buf[256];
	size_t len;
	const char *v = value_of(c, &len);

	if (server == NULL || len >= sizeof buf)
		return 0;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return hd_name_equal(buf, server);
}

static void set(struct hd_dn_check *out, enum hd_dn_form form, const char *why, const struct part *c)
{
	size_t n = 0;

	out->form = form;
	out->why = why;
	if (c != NULL) {
		n = c->len < sizeof out->offending - 1 ? c->len : sizeof out->offending - 1;
		memcpy(out->offending, c->p, n);
	}
	out->offending[n] = '\0';
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* A part's own defect (empty, no '=', blanks, ',' form, unknown attribute); 1 when one was set. */
static int part_defect(const struct split *s, size_t i, struct hd_dn_check *out)
{
	const struct part *c = &s->part[i];
	size_t vlen;
	const char *v;

	if (c->len == 0) {
		set(out, HD_DN_FORM_WRONG, i + 1 == s->n ? "ends with a trailing \"/\""
		    : "has an empty component (\"//\")", NULL);
		return 1;
	}
	/* No '=' at all, or nothing before it ("/=Contoso": found by fuzz_txlog;
	 * the blank test below reads the attribute's last byte). */
	if (c->attr_len == c->len || c->attr_len == 0) {
		set(out, HD_DN_FORM_WRONG, "has a component that is not attribute=value", c);
		return 1;
	}
	v = value_of(c, &vlen);
	if (vlen == 0 || is_blank(c->p[0]) || is_blank(c->p[c->attr_len - 1]) ||
	    is_blank(v[0]) || is_blank(v[vlen - 1])) {
		set(out, HD_DN_FORM_WRONG, "has an empty value or blanks around a component", c);
		return 1;
	}
	if (memchr(v, ',', vlen) != NULL && memchr(v, '=', vlen) != NULL) {
		set(out, HD_DN_FORM_WRONG, "uses \",\" between components (LDAP form), not \"/\"", c);
		return 1;
	}
	if (!attr_is(c, "o") && !attr_is(c, "ou") && !attr_is(c, "cn")) {
		set(out, HD_DN_FORM_WRONG, "has an attribute other than o=, ou= and cn=", c);
		return 1;
	}
	return 0;
}

static int any_defect(const struct split *s, struct hd_dn_check *out)
{
	if (s->too_many) {
		set(out, HD_DN_FORM_WRONG, "has far more components than a DN of Exchange 5.5", NULL);
		return 1;
	}
	for (size_t i = 0; i < s->n; i++)
		if (part_defect(s, i, out))
			return 1;
	return 0;
}

/* o= then ou= at the start; 1 when not (out set). */
static int org_site_defect(const struct split *s, struct hd_dn_check *out)
{
	if (!attr_is(&s->part[0], "o")) {
		int later_o = 0;

		for (size_t i = 1; i < s->n; i++)
			later_o |= attr_is(&s->part[i], "o");
		set(out, HD_DN_FORM_WRONG, later_o ? "is reordered: o= must come first"
		    : "does not start with o=<Organization>", &s->part[0]);
		return 1;
	}
	if (s->n < 2 || !attr_is(&s->part[1], "ou")) {
		set(out, HD_DN_FORM_WRONG, "has no ou=<Site> right after o=",
		    s->n < 2 ? NULL : &s->part[1]);
		return 1;
	}
	return 0;
}

/* The first part after /o=/ou= of a SiteDN that is not the tolerated server tail. */
static void sitedn_extra(const struct split *s, const char *server, struct hd_dn_check *out)
{
	const struct part *c = &s->part[2];

	if (s->n == 5 && value_is(c, "Configuration") && attr_is(c, "cn") &&
	    attr_is(&s->part[3], "cn") && value_is(&s->part[3], "Servers") &&
	    attr_is(&s->part[4], "cn")) {
		if (value_names(&s->part[4], server))
			set(out, HD_DN_FORM_TOLERATED, "ends with this server's own object, which is "
			    "tolerated", NULL);
		else
			set(out, HD_DN_FORM_ELSEWHERE, "names another server", &s->part[4]);
		return;
	}
	if (attr_is(c, "ou"))
		set(out, HD_DN_FORM_ELSEWHERE, "adds a second ou=, which names another site", c);
	else if (attr_is(c, "o"))
		set(out, HD_DN_FORM_ELSEWHERE, "repeats o=, which names another organization", c);
	else if (!value_is(c, "Configuration") && !value_names(c, server))
		set(out, HD_DN_FORM_ELSEWHERE, "adds a cn= that names another server", c);
	else
		set(out, HD_DN_FORM_WRONG, "has components after o=<Organization>/ou=<Site>", c);
}

void hd_dn_check_sitedn(const char *raw, const char *server, struct hd_dn_check *out)
{
	struct split s;

	set(out, HD_DN_FORM_OK, NULL, NULL);
	if (raw == NULL)
		return;
	split_raw(raw, &s);
	if (any_defect(&s, out) || org_site_defect(&s, out))
		return;
	if (s.n > 2)
		sitedn_extra(&s, server, out);
	if (out->form == HD_DN_FORM_OK && !s.leading_slash)
		set(out, HD_DN_FORM_TOLERATED, "has no leading \"/\", which is tolerated", NULL);
}

void hd_dn_check_x500(const char *raw, struct hd_dn_check *out)
{
	static const char *const fixed[6] = { NULL, NULL, "Configuration", "Servers", NULL, "Microsoft MTA" };
	struct split s;

	set(out, HD_DN_FORM_OK, NULL, NULL);
	if (raw == NULL)
		return;
	split_raw(raw, &s);
	if (any_defect(&s, out) || org_site_defect(&s, out))
		return;
	for (size_t i = 2; i < s.n && i < 6; i++) {
		if (!attr_is(&s.part[i], "cn") || (fixed[i] != NULL && !value_is(&s.part[i], fixed[i]))) {
			set(out, HD_DN_FORM_WRONG, i == 4 ? "has no server cn= after cn=Servers"
			    : "differs from /o=/ou=/cn=Configuration/cn=Servers/cn=<Server>/cn=Microsoft MTA",
			    &s.part[i]);
			return;
		}
	}
	if (s.n == 5)
		set(out, HD_DN_FORM_WRONG, "ends at the server object: /cn=Microsoft MTA is missing",
		    &s.part[4]);
	else if (s.n < 5)
		set(out, HD_DN_FORM_WRONG, "stops before the server object", &s.part[s.n - 1]);
	else if (s.n > 6)
		set(out, HD_DN_FORM_WRONG, "has components after cn=Microsoft MTA", &s.part[6]);
}

const char *hd_dn_form_label(enum hd_dn_form f)
{
	static const char *const label[] = { "ok", "tolerated", "wrong", "elsewhere" };

	return (unsigned)f <= HD_DN_FORM_ELSEWHERE ? label[f] : "?";
}
