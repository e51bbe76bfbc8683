/*
 * dn.c - lenient parser of Exchange 5.5 slash-form DNs (see dn.h).
 * Hand-written: no Debian library parses this X.500 slash notation, and an
 * LDAP DN parser (RFC 4514) would reject "/o=..." outright.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/dn.h"

/* More components than any Exchange DN has; the rest are counted as ignored. */
#define DN_MAX_COMPONENTS 32

struct span {
	const char *p;
	size_t len;
};

struct component {
	struct span attr, value;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_attr_char(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '-';
}

static struct span trim(const char *p, size_t len)
{
	struct span s = { p, len };

	while (s.len > 0 && is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* 1 when p starts with blanks, an attribute name, blanks and "=", or is blank to the end. */
static int starts_attribute(const char *p)
{
	while (is_blank(*p))
		p++;
	if (*p == '\0')
		return 1;       /* a trailing separator ends the last component */
	if (!is_alpha(*p))
		return 0;
	while (is_attr_char(*p))
		p++;
	while (is_blank(*p))
		p++;
	return *p == '=';
}

/* Length of the component at p: up to a separator followed by an attr= or the end. */
static size_t component_length(const char *p)
{
	size_t i;

	for (i = 0; p[i] != '\0'; i++) {
		if ((p[i] == '/' || p[i] == ',') && starts_attribute(p + i + 1))
			break;
	}
	return i;
}

static int attr_is(const struct component *c, const char *name)
{
	return c->attr.len == strlen(name) && strncasecmp(c->attr.p, name, c->attr.len) == 0;
}

static int value_is(const struct component *c, const char *value)
{
	return c->value.len == strlen(value) && strncasecmp(c->value.p, value, c->value.len) == 0;
}

/* Split raw into attr=value components; returns how many were stored. */
static size_t split_components(const char *raw, struct component *out, struct hd_dn *dn)
{
	const char *p = raw;
	size_t n = 0;

	while (is_blank(*p))
		p++;
	if (*p == '/')
		p++;
	while (*p != '\0') {
		size_t len = component_length(p);
		struct span whole = trim(p, len);
		const char *eq = whole.len > 0 ? memchr(whole.p, '=', whole.len) : NULL;

		if (eq != NULL && n < DN_MAX_COMPONENTS) {
			out[n].attr = trim(whole.p, (size_t)(eq - whole.p));
			out[n].value = trim(eq + 1, whole.len - (size_t)(eq - whole.p) - 1);
			n++;
		} else if (whole.len > 0) {
			dn->n_ignored++;
		}
		p += len;
		if (*p != '\0')
			p++;    /* the separator */
	}
	return n;
}

/*
 * LDAP writes the most specific component first ("cn=X,ou=Site,o=Org");
 * Exchange's slash form writes o= first.  Reverse when o= comes after ou=,
 * or is last with no ou= at all.
 */
static void normalize_order(struct component *c, size_t n)
{
	size_t i, o_idx = n, ou_idx = n;

	for (i = 0; i < n; i++) {
		if (o_idx == n && attr_is(&c[i], "o"))
			o_idx = i;
		if (ou_idx == n && attr_is(&c[i], "ou"))
			ou_idx = i;
	}
	if (o_idx == n || n < 2)
		return;
	if ((ou_idx < n && o_idx > ou_idx) || (ou_idx == n && o_idx == n - 1)) {
		for (i = 0; i < n / 2; i++) {
			struct component t = c[i];

			c[i] = c[n - 1 - i];
			c[n - 1 - i] = t;
		}
	}
}

/* Keep the first non-empty value of a slot; an empty or repeated one is ignored. */
static int keep_value(char **slot, const struct span *v, struct hd_dn *dn)
{
	if (*slot != NULL || v->len == 0) {
		dn->n_ignored++;
		return 0;
	}
	*slot = strndup(v->p, v->len);
	return *slot == NULL ? -1 : 0;
}

int hd_dn_parse(const char *raw, struct hd_dn *dn)
{
	struct component comp[DN_MAX_COMPONENTS];
	size_t i, n;
	int rc = -1;

	memset(dn, 0, sizeof(*dn));
	if (raw == NULL)
		return 0;
	n = split_components(raw, comp, dn);
	normalize_order(comp, n);
	dn->n_components = n;
	for (i = 0; i < n; i++) {
		char **slot = NULL;

		if (attr_is(&comp[i], "o"))
			slot = &dn->org;
		else if (attr_is(&comp[i], "ou"))
			slot = &dn->site;
		else if (attr_is(&comp[i], "cn") && i > 0 && attr_is(&comp[i - 1], "cn")
		         && value_is(&comp[i - 1], "Servers"))
			slot = &dn->server;
		if (slot != NULL && keep_value(slot, &comp[i].value, dn) < 0)
			goto out;
	}
	rc = (dn->org != NULL || dn->site != NULL || dn->server != NULL) ? 1 : 0;
out:
	if (rc < 0) {
		int saved = errno;

		hd_dn_clear(dn);
		errno = saved;
	}
	return rc;
}

void hd_dn_clear(struct hd_dn *dn)
{
	free(dn->org);
	free(dn->site);
	free(dn->server);
	memset(dn, 0, sizeof(*dn));
}
