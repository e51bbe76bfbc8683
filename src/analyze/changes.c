/*
 * changes.c - compare the registry the rules read in two analyses (see
 * changes.h), and say in one sentence what the copy would change:
 * "the repair copy made 2002-02-11 has SiteDN "/o=Contoso/ou=Redmond"
 * (current: "/o=Contoso/ou=Seattle"): with it the IMC verdict would be
 * unlikely (current: likely, KB Q298565)".
 */
#include "analyze/changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regval.h"
#include "util/strbuf.h"
#include "util/textutil.h"

/* Values named in the summary sentence; the section lists them all. */
#define SUMMARY_VALUES 3
/* Bytes of one value quoted in the sentence, cut on a character boundary
 * (issue 26: a cut inside a character made the sentence invalid UTF-8). */
#define SUMMARY_VALUE_BYTES 120

/* Whether a lookup that only one side made shows something: a found key or value. */
static int shows_something(const struct hd_trail_entry *e)
{
	return e != NULL && e->rv.status == HD_FOUND;
}

static int entries_differ(const struct hd_trail_entry *a, const struct hd_trail_entry *b)
{
	if (a == NULL || b == NULL)
		return shows_something(a ? a : b);
	if (a->rv.status != b->rv.status)
		return 1;
	if (a->rv.name == NULL || a->rv.status != HD_FOUND)
		return 0;   /* a key present on both sides: its values are compared one by one */
	return a->rv.raw.type != b->rv.raw.type || a->rv.raw.len != b->rv.raw.len ||
	       (a->rv.raw.len > 0 && memcmp(a->rv.raw.data, b->rv.raw.data, a->rv.raw.len) != 0);
}

static int add_change(struct hd_changes *c, const struct hd_trail_entry *cur, const struct hd_trail_entry *copy)
{
	if (c->n == HD_CHANGES_MAX) {
		c->omitted++;
		return 0;
	}
	if (c->v == NULL && (c->v = calloc(HD_CHANGES_MAX, sizeof *c->v)) == NULL)
		return -1;
	c->v[c->n].current = cur;
	c->v[c->n].copy = copy;
	c->n++;
	return 0;
}

static int diff_trails(const struct hd_trail *cur, const struct hd_trail *copy, struct hd_changes *c)
{
	for (size_t i = 0; i < cur->n; i++) {
		const struct hd_trail_entry *a = &cur->v[i];
		const struct hd_trail_entry *b = hd_trail_find(copy, a->relpath, a->rv.name);

		if (entries_differ(a, b) && add_change(c, a, b) < 0)
			return -1;
	}
	for (size_t i = 0; i < copy->n; i++) {
		const struct hd_trail_entry *b = &copy->v[i];

		if (hd_trail_find(cur, b->relpath, b->rv.name) == NULL && entries_differ(NULL, b) &&
		    add_change(c, NULL, b) < 0)
			return -1;
	}
	return 0;
}

/* A value's data as a short text for the sentence (new string), or NULL. */
static char *value_text(const struct hd_trail_entry *e)
{
	char *s = NULL, **items = NULL, *out = NULL;
	size_t n = 0;
	uint32_t d;

	if (e == NULL || e->rv.status != HD_FOUND)
		return strdup("absent");
	if (hd_decode_string(&e->rv.raw, &s) == HD_DECODE_OK) {
		if (asprintf(&out, "\"%.*s\"", (int)hd_utf8_prefix(s, SUMMARY_VALUE_BYTES), s) < 0)
			out = NULL;
	} else if (hd_decode_dword(&e->rv.raw, &d) == HD_DECODE_OK) {
		if (asprintf(&out, "%u", d) < 0)
			out = NULL;
	} else if (hd_decode_multi(&e->rv.raw, &items, &n) == HD_DECODE_OK) {
		if (asprintf(&out, "a list of %zu", n) < 0)
			out = NULL;
	} else if (asprintf(&out, "%zu bytes of type %u", e->rv.raw.len, e->rv.raw.type) < 0) {
		out = NULL;
	}
	free(s);
	hd_strv_free(items);
	return out;
}

/* A value found on both sides with other data: what most likely explains a verdict. */
static int modified_value(const struct hd_change *ch)
{
	return ch->current && ch->copy && ch->current->rv.name && ch->current->rv.status == HD_FOUND &&
	       ch->copy->rv.status == HD_FOUND;
}

/* "SiteDN "/o=A/ou=B" (current: "/o=A/ou=C")", or "no SiteDN (current: ...)". */
static int describe_one(const struct hd_change *ch, struct hd_strbuf *t, const char *lead, const char *label)
{
	const struct hd_trail_entry *any = ch->copy ? ch->copy : ch->current;
	const char *name = any->rv.name;
	char *now = value_text(ch->current), *then = value_text(ch->copy);
	int ok = name != NULL && now != NULL && then != NULL;

	if (ok && ch->copy && ch->copy->rv.status == HD_FOUND)
		hd_strbuf_addf(t, "%s%s %s (%s: %s)", lead, name[0] ? name : "(default)", then, label, now);
	else if (ok)
		hd_strbuf_addf(t, "%sno %s (%s: %s)", lead, name[0] ? name : "(default)", label, now);
	free(now);
	free(then);
	return ok;
}

/* What the current side is called: the analyzed control set against LastKnownGood. */
static const char *current_label(const struct hd_changes *c)
{
	return strcmp(c->against, "last_known_good") == 0 ? c->current_controlset : "current";
}

/* The first few changed values, values changed on both sides first. */
static void describe_values(const struct hd_changes *c, struct hd_strbuf *t)
{
	size_t shown = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->n && shown < SUMMARY_VALUES; i++)
			if (modified_value(&c->v[i]) == (pass == 0) &&
			    describe_one(&c->v[i], t, shown ? ", " : " has ", current_label(c)))
				shown++;
	if (shown == 0)
		hd_strbuf_addf(t, " differs in %zu key(s)", c->n);
	else if (c->n + c->omitted > shown)
		hd_strbuf_addf(t, " and %zu more difference(s)", c->n + c->omitted - shown);
}

static void describe_verdict(struct hd_strbuf *t, int *said, const char *what, const char *kb,
                             enum hd_verdict_status now, enum hd_verdict_status then, const char *label)
{
	if (now == then)
		return;
	hd_strbuf_addf(t, "%s the %s verdict would be %s (%s: %s, KB %s)", *said ? ";" : ": with it",
	               what, hd_verdict_status_name(then), label, hd_verdict_status_name(now), kb);
	*said = 1;
}

static char *summarize(const struct hd_changes *c)
{
	struct hd_strbuf t = { 0 };
	char when[HD_ISOTIME_LEN];
	int said = 0;

	if (strcmp(c->against, "last_known_good") == 0)
		hd_strbuf_addf(&t, "The LastKnownGood control set (%s)", c->copy_controlset);
	else if (c->copy_written && hd_filetime_iso(c->copy_written, when) == 0)
		hd_strbuf_addf(&t, "The %s copy made %.10s", c->against, when);
	else
		hd_strbuf_addf(&t, "The %s copy", c->against);
	if (c->n == 0) {
		hd_strbuf_addf(&t, " reads the same as the current %s in every key and value the rules read.",
		               strcmp(c->against, "last_known_good") == 0 ? "control set" : "hive");
		return hd_strbuf_take(&t);
	}
	describe_values(c, &t);
	describe_verdict(&t, &said, "IMC", "Q298565", c->imc_current, c->imc_copy, current_label(c));
	describe_verdict(&t, &said, "MTA", "Q320200", c->mta_current, c->mta_copy, current_label(c));
	if (!said)
		hd_strbuf_addf(&t, "; the verdicts would be the same");
	hd_strbuf_addf(&t, ".");
	return hd_strbuf_take(&t);
}

int hd_changes_compute(const struct hd_changes_side *current, const struct hd_changes_side *copy,
                       struct hd_changes *out)
{
	out->present = 1;
	snprintf(out->current_controlset, sizeof out->current_controlset, "%s", current->controlset);
	snprintf(out->copy_controlset, sizeof out->copy_controlset, "%s", copy->controlset);
	out->imc_current = current->imc;
	out->mta_current = current->mta;
	out->imc_copy = copy->imc;
	out->mta_copy = copy->mta;
	if (diff_trails(current->trail, copy->trail, out) < 0 || (out->summary = summarize(out)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void hd_changes_clear(struct hd_changes *c)
{
	free(c->v);
	free(c->summary);
	memset(c, 0, sizeof *c);
}
