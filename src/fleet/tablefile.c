/*
 * tablefile.c - the canonical form of the fleet peers table (fleet.h):
 * written by hand so its bytes depend on the table alone (sorted scopes,
 * case folders, domains, entries and paths; fixed member order; one scope
 * per line), and read back strictly: a file that is not exactly what
 * hd_fleet_table_write would write for the table it describes is refused,
 * since its SHA-256 is the identity every report records (issue 23).
 *
 * {"hivediag_peers_table":1,"totals":{"hives":7,"named":7,"servers":7,"unread":0},"scopes":[
 * {"id":"case:redmond","cases":["redmond"],"domains":["contoso.com"],"servers":7,"hives":7,
 *  "organizations":[{"name":"Contoso","servers":4,"hives":4,"paths":[...]}],
 *  "sites":[{"organization":"Contoso","name":"Redmond","servers":4,"hives":4,"paths":[...]}]}
 * ]}
 */
#include "fleet/table_internal.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string: '"' and '\\' escaped, control bytes as \u00XX, other bytes as they are. */
static void put_str(FILE *f, const char *s)
{
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			putc(*p, f);
	}
	putc('"', f);
}

static void put_strv(FILE *f, char *const *v, size_t n)
{
	putc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		put_str(f, v[i]);
	}
	putc(']', f);
}

static void put_entry(FILE *f, const struct hd_peer_entry *e)
{
	if (e->site) {
		fputs("{\"organization\":", f);
		put_str(f, e->org);
		fputs(",\"name\":", f);
		put_str(f, e->site);
	} else {
		fputs("{\"name\":", f);
		put_str(f, e->org);
	}
	fprintf(f, ",\"servers\":%lu,\"hives\":%lu,\"paths\":", e->count, e->hives);
	put_strv(f, e->paths, e->n_paths);
	putc('}', f);
}

static void put_scope(FILE *f, const struct hd_fleet_table *t, const struct hd_scope_rec *s)
{
	fputs("{\"id\":", f);
	put_str(f, s->id);
	fputs(",\"cases\":", f);
	put_strv(f, s->cases, s->n_cases);
	fputs(",\"domains\":", f);
	put_strv(f, s->domains, s->n_domains);
	fprintf(f, ",\"servers\":%lu,\"hives\":%lu,\"organizations\":[", s->servers, s->hives);
	for (size_t i = 0; i < s->n_orgs; i++) {
		if (i)
			putc(',', f);
		put_entry(f, &t->orgs[s->first_org + i]);
	}
	fputs("],\"sites\":[", f);
	for (size_t i = 0; i < s->n_sites; i++) {
		if (i)
			putc(',', f);
		put_entry(f, &t->sites[s->first_site + i]);
	}
	fputs("]}", f);
}

static void put_table(FILE *f, const struct hd_fleet_table *t)
{
	fprintf(f, "{\"hivediag_peers_table\":1,\"totals\":{\"hives\":%lu,\"named\":%lu,\"servers\":%lu,\"unread\":%lu},"
	        "\"scopes\":[", t->hives, t->named, t->servers, t->unread);
	for (size_t i = 0; i < t->n_scopes; i++) {
		fputs(i ? ",\n" : "\n", f);
		put_scope(f, t, &t->scopes[i]);
	}
	fputs("\n]}\n", f);
}

/* What the canonical form is streamed into: its SHA-256, and how far it matches a given text. */
struct sink {
	struct sha256_ctx ctx;
	const char *expect;             /* NULL: nothing to compare */
	size_t expect_len, at;
	int differs;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
	struct sink *k = cookie;

	sha256_update(&k->ctx, size, (const uint8_t *)buf);
	if (k->expect != NULL && !k->differs &&
	    (k->at + size > k->expect_len || memcmp(k->expect + k->at, buf, size) != 0))
		k->differs = 1;
	k->at += size;
	return (ssize_t)size;
}

int hd_fleet_table_digest(const struct hd_fleet_table *t, const char *expect, size_t expect_len,
                          uint8_t digest[32], int *differs)
{
	struct sink k = { .expect = expect, .expect_len = expect_len };
	cookie_io_functions_t io = { .write = sink_write };
	FILE *f;

	sha256_init(&k.ctx);
	if ((f = fopencookie(&k, "w", io)) == NULL)
		return -1;
	put_table(f, t);
	if (fclose(f) != 0) {
		errno = ENOMEM;
		return -1;
	}
	sha256_digest(&k.ctx, SHA256_DIGEST_SIZE, digest);
	if (differs != NULL)
		*differs = k.differs || k.at != expect_len;
	return 0;
}

int hd_fleet_table_write(const struct hd_fleet_table *t, FILE *f)
{
	if (!t->finished) {
		errno = EINVAL;
		return -1;
	}
	put_table(f, t);
	if (ferror(f)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
