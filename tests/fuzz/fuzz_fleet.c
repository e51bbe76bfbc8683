/*
 * fuzz_fleet.c - libFuzzer harness for the fleet's two input files (issue
 * 23): a peers table (--peers-table FILE, hd_fleet_table_read) and a names
 * export (--reduce, --merge: one record per line, hd_fleet_names_parse).
 * Both come from other hosts of a spread run, so both are hostile input.
 *
 * Each input is read both ways.  As a table: refused with a reason, or
 * accepted; an accepted table is written back (hd_fleet_table_write) and
 * must be the input byte for byte (the reader accepts only the canonical
 * form), and every organization and site entry is judged against its scope
 * (the near-miss index of a table read from a file).  As an export, line
 * by line: a names record, a completion record or a refusal with a reason;
 * a record accepted is written again (hd_fleet_names_json) and must read
 * back to the same fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"
#include "fleet/table_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_fleet: oracle failed: %s\n", what);
	abort();
}

static int same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void judge_entries(const struct hd_fleet_table *t)
{
	struct hd_peer_judgement j;

	for (size_t i = 0; i < t->n_scopes; i++) {
		const struct hd_scope_rec *s = &t->scopes[i];
		struct hd_fleet_scope sc;
		const char *cs = s->n_cases ? s->cases[0] : NULL, *dom = s->n_domains ? s->domains[0] : NULL;

		if (hd_fleet_scope_of(t, cs, dom, &sc) != 1)
			fail("a scope of the table is not found by its own case folder or domain");
		for (size_t k = 0; k < s->n_orgs; k++)
			if (hd_fleet_judge_org(t, &sc, t->orgs[s->first_org + k].org, &j) < 0)
				fail("judging an organization of the table failed");
		for (size_t k = 0; k < s->n_sites; k++) {
			const struct hd_peer_entry *e = &t->sites[s->first_site + k];
			if (hd_fleet_judge_site(t, &sc, e->org, e->site, &j) < 0)
				fail("judging a site of the table failed");
		}
	}
}

static void as_table(const uint8_t *data, size_t size)
{
	char err[256] = "", *out = NULL;
	size_t out_len = 0;
	struct hd_fleet_table *t = hd_fleet_table_read((const char *)data, size, err, sizeof err);
	FILE *f;

	if (t == NULL) {
		if (err[0] == '\0')
			fail("a table refused without a reason");
		return;
	}
	if (hd_fleet_table_id(t) == NULL)
		fail("a table read has no identity");
	if ((f = open_memstream(&out, &out_len)) == NULL)
		abort();
	if (hd_fleet_table_write(t, f) < 0)
		fail("a table read cannot be written");
	fclose(f);
	if (out_len != size || memcmp(out, data, size) != 0)
		fail("a table read is not written back as its input");
	free(out);
	judge_entries(t);
	hd_fleet_table_free(t);
}

static void round_trip(const struct hd_fleet_names *n)
{
	struct hd_fleet_names back;
	char err[256];
	char *line = hd_fleet_names_json(n);

	if (line == NULL)
		abort();
	if (hd_fleet_names_parse(line, strlen(line), &back, NULL, err, sizeof err) != 1)
		fail("a names record written again does not read back");
	if (!same_str(n->path, back.path) || !same_str(n->sha256, back.sha256) ||
	    !same_str(n->case_folder, back.case_folder) || !same_str(n->installation, back.installation) ||
	    !same_str(n->server, back.server) || !same_str(n->domain, back.domain) || !same_str(n->org, back.org) ||
	    !same_str(n->site, back.site) || n->is_system != back.is_system || n->read != back.read ||
	    !same_str(n->error, back.error))
		fail("a names record written again reads back different");
	hd_fleet_names_clear(&back);
	free(line);
}

static void as_export(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct hd_fleet_names n;
		struct hd_fleet_completion done;
		char err[256] = "";
		int rc = hd_fleet_names_parse(p, len, &n, &done, err, sizeof err);

		if (rc == 1) {
			round_trip(&n);
			hd_fleet_names_clear(&n);
		} else if (rc == 0) {
			if (done.worst < 0 || done.worst > 2 || done.shard > done.shards)
				fail("a completion record accepted out of bounds");
		} else if (rc != -1 || err[0] == '\0') {
			fail("a line refused without a reason, or an answer outside 1, 0, -1");
		}
		p += len + (nl != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_table(data, size);
	as_export(data, size);
	return 0;
}
