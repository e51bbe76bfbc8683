/*
 * reduce.c - --reduce NAMES...: the fleet peers table of a spread run
 * (issue 23).  Each operand is a shard's names export (--names: a names
 * record per hive, then a "names" completion record); every record goes
 * into one table (fleet.h), whose canonical form goes to stdout only when
 * every export is complete and the exports are one whole set (shards.h).
 * The table is the same bytes whatever the order of the operands or of
 * the records, so its identity (sha256) names it in every report judged
 * by it (--peers-table).
 */
#include "cli/reduce.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/shards.h"
#include "fleet/fleet.h"

/* A names record holds a path (PATH_MAX) and a few names: far below this. */
#define NAMES_LINE_MAX 65536

/* Each names record into the table; a malformed one stops the run. */
static int add_record(void *ctx, const char *text, size_t kept, size_t len, unsigned long lineno,
                      char *err, size_t errlen)
{
	struct hd_fleet_table *t = ctx;
	struct hd_fleet_names n;
	struct hd_fleet_completion done;
	char why[256];
	int rc;

	if (kept < len) {
		snprintf(err, errlen, "line %lu: %zu bytes, longer than %d (not a names export?)", lineno, len,
		         NAMES_LINE_MAX);
		return -1;
	}
	memset(&n, 0, sizeof n);
	why[0] = '\0';
	rc = hd_fleet_names_parse(text, len, &n, &done, why, sizeof why);
	if (rc == 1 && hd_fleet_table_add(t, &n) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		rc = -1;
	} else if (rc == 1) {
		rc = 0;
	} else {
		/* 0 (a completion record) never reaches here: shards.c takes those. */
		snprintf(err, errlen, "line %lu: not a names record: %s", lineno, why[0] ? why : "malformed");
		rc = -1;
	}
	hd_fleet_names_clear(&n);
	return rc;
}

/* The summary: "reduce: 3 of 3 exports complete, 12 hives (10 named, 9 servers), table sha256:...". */
static void summary(const struct hd_fleet_table *t, size_t n_files)
{
	unsigned long hives, named, servers, unread;

	hd_fleet_table_totals(t, &hives, &named, &servers, &unread);
	fprintf(stderr, "hivediag: reduce: %zu of %zu exports complete, %lu hives (%lu named, %lu servers, "
	        "%lu unread), table %s\n", n_files, n_files, hives, named, servers, unread, hd_fleet_table_id(t));
}

/* Read every export into t; 0 when they are one complete set, else -1 (said). */
static int read_exports(struct hd_shard_file *f, size_t n, struct hd_fleet_table *t)
{
	char err[HD_SHARD_ERR_LEN];
	size_t problems;

	for (size_t i = 0; i < n; i++)
		(void)hd_shard_read(&f[i], "names", NAMES_LINE_MAX, add_record, t, err, sizeof err);
	problems = hd_shard_check_set(f, n, hd_shard_say_stderr, "reduce");
	if (problems == 0)
		return 0;
	fprintf(stderr, "hivediag: reduce: the exports are not one complete set: no table written\n");
	return -1;
}

int hd_reduce_main(char **paths, size_t n, int quiet, const volatile sig_atomic_t *stop)
{
	struct hd_shard_file *f = calloc(n, sizeof *f);
	struct hd_fleet_table *t = hd_fleet_table_new();
	int rc = 2;

	if (f == NULL || t == NULL) {
		hd_shard_say_stderr("reduce", NULL, strerror(ENOMEM));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		f[i].path = paths[i];
	if (read_exports(f, n, t) < 0)
		goto out;
	if (hd_fleet_table_finish(t, stop) < 0) {
		if (errno != EINTR)
			hd_shard_say_stderr("reduce", NULL, strerror(errno));
		rc = errno == EINTR && stop && *stop ? 128 + *stop : 2;
		goto out;
	}
	if (hd_fleet_table_write(t, stdout) < 0 || fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "hivediag: stdout: write error: %s\n", strerror(errno));
		goto out;
	}
	if (!quiet)
		summary(t, n);
	rc = 0;
out:
	hd_fleet_table_free(t);
	free(f);
	return rc;
}

/* All of fd, less than HD_TABLE_MAX_BYTES: a new buffer (*len bytes), or NULL with err. */
static char *read_all(int fd, size_t *len, char *err, size_t errlen)
{
	size_t cap = 1u << 16, n = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t got;

	if (buf == NULL)
		goto nomem;
	for (;;) {
		if (n == cap && cap >= HD_TABLE_MAX_BYTES) {
			snprintf(err, errlen, "%lu bytes or more: not a table --reduce wrote",
			         (unsigned long)HD_TABLE_MAX_BYTES);
			goto fail;
		}
		if (n == cap) {
			if ((bigger = realloc(buf, cap * 2)) == NULL)
				goto nomem;
			buf = bigger;
			cap *= 2;
		}
		if ((got = read(fd, buf + n, cap - n)) == 0)
			break;
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "read error: %s", strerror(errno));
			goto fail;
		}
		n += (size_t)got;
	}
	*len = n;
	return buf;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
fail:
	free(buf);
	return NULL;
}

struct hd_fleet_table *hd_reduce_load(const char *path, char *err, size_t errlen)
{
	struct hd_fleet_table *t = NULL;
	size_t len = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if ((buf = read_all(fd, &len, err, errlen)) != NULL)
		t = hd_fleet_table_read(buf, len, err, errlen);
	free(buf);
	close(fd);
	return t;
}

struct hd_fleet_table *hd_reduce_peers_table(const char *path)
{
	char err[256], text[300];
	struct hd_fleet_table *t = hd_reduce_load(path, err, sizeof err);

	if (t == NULL) {
		snprintf(text, sizeof text, "--peers-table: %s", err);
		hd_shard_say_stderr("--peers-table", path, text);
	}
	return t;
}
