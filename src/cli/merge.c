/*
 * merge.c - --merge OUT...: the reports of a spread run's shards as one
 * output (issue 23).  Each OUT is a shard's -o ndjson output, ending with
 * its "reports" completion record; the outputs must be one whole set
 * (shards.h).  Only then are the report lines written, shard by shard in
 * shard order, without the completion records; the exit status is the
 * worst shard's.  An incomplete, missing or duplicated shard writes
 * nothing and exits 2, naming the file: a job killed by a signal (no
 * completion record) is never a success.
 */
#include "cli/merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/say.h"
#include "cli/shards.h"

/* A completion record is small; report lines are streamed, never held (only their start is looked at). */
#define MERGE_LINE_KEPT 4096
#define COPY_CHUNK 65536

/* A report line is a JSON object: "{" first (a JSON array, -o json, is refused). */
static int report_line(void *ctx, const char *text, size_t kept, size_t len, unsigned long lineno,
                       char *err, size_t errlen)
{
	(void)ctx;
	(void)len;
	if (kept >= 2 && text[0] == '{' && text[1] == '"')
		return 0;
	snprintf(err, errlen, "line %lu is no report (--merge reads the output of -o ndjson)", lineno);
	return -1;
}

/* Read and judge every output (what is wrong with one is in its problem, said with the set's). */
static void check_outputs(struct hd_shard_file *f, size_t n)
{
	char err[HD_SHARD_ERR_LEN];

	for (size_t i = 0; i < n; i++)
		(void)hd_shard_read(&f[i], "reports", MERGE_LINE_KEPT, report_line, NULL, err, sizeof err);
}

/* The first body_bytes of an output, unchanged since it was checked, to stdout.  0, or -1 (said). */
static int copy_body(const struct hd_shard_file *f)
{
	char buf[COPY_CHUNK];
	struct stat st;
	off_t left = f->body_bytes;
	ssize_t n;
	int fd = open(f->path, O_RDONLY | O_NOCTTY | O_CLOEXEC), rc = -1;

	if (fd < 0 || fstat(fd, &st) < 0) {
		hd_shard_say_stderr("merge", f->path, strerror(errno));
	} else if (st.st_dev != f->st.st_dev || st.st_ino != f->st.st_ino || st.st_size != f->st.st_size ||
	           st.st_mtim.tv_sec != f->st.st_mtim.tv_sec || st.st_mtim.tv_nsec != f->st.st_mtim.tv_nsec) {
		hd_shard_say_stderr("merge", f->path, "changed while it was merged: merge again");
	} else {
		while (left > 0 && (n = read(fd, buf, left < COPY_CHUNK ? (size_t)left : COPY_CHUNK)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 || fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
				break;
			left -= n;
		}
		rc = left == 0 ? 0 : -1;
		if (rc < 0 && !ferror(stdout))
			hd_shard_say_stderr("merge", f->path, "read error while merging");
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The worst status of the shards and their reports. */
static int worst_of(const struct hd_shard_file *f, size_t n, unsigned long *reports)
{
	int worst = 0;

	*reports = 0;
	for (size_t i = 0; i < n; i++) {
		*reports += f[i].done.hives;
		if (f[i].done.worst > worst)
			worst = f[i].done.worst;
	}
	return worst;
}

/* "7 of 8 shards complete" for the summary: distinct shards (f sorted by hd_shard_check_set). */
static size_t count_complete(const struct hd_shard_file *f, size_t n, unsigned *of)
{
	size_t done = 0;

	*of = 0;
	for (size_t i = 0; i < n && f[i].complete; i++) {
		if (i == 0 || f[i].done.shard != f[i - 1].done.shard || f[i].done.shards != f[i - 1].done.shards)
			done++;
		if (f[i].done.shards > *of)
			*of = f[i].done.shards;
	}
	if (*of == 0)           /* no sharded output complete: the operands are the shards */
		*of = (unsigned)(n > done ? n : done);
	return done;
}

int hd_merge_completion(FILE *f, unsigned k, unsigned n, unsigned long hives, int worst)
{
	struct hd_fleet_completion c = { .shard = k, .shards = n, .hives = hives, .worst = worst,
	                                 .kind = "reports" };
	char *line = hd_fleet_completion_json(&c);
	int rc;

	if (line == NULL)
		return -1;
	errno = 0;
	rc = fputs(line, f) == EOF || fputc('\n', f) == EOF ? -1 : 0;
	free(line);
	return rc;
}

int hd_merge_main(char **paths, size_t n, int quiet, int no_fail_on_findings)
{
	struct hd_shard_file *f = calloc(n, sizeof *f);
	unsigned long reports = 0;
	unsigned of = 0;
	size_t done, problems;
	int worst, rc = 2;

	if (f == NULL) {
		hd_shard_say_stderr("merge", NULL, strerror(errno));
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		f[i].path = paths[i];
	check_outputs(f, n);
	problems = hd_shard_check_set(f, n, hd_shard_say_stderr, "merge");
	done = count_complete(f, n, &of);
	worst = worst_of(f, n, &reports);
	if (problems) {
		fprintf(stderr, "hivediag: merge: %zu of %u shards complete: nothing written\n", done, of);
		goto out;
	}
	if (reports == 0) {     /* as a single run that analyzed nothing: never a pass */
		fprintf(stderr, "hivediag: merge: no reports: the shards held no hive\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (copy_body(&f[i]) < 0)
			goto flush;
	rc = no_fail_on_findings && worst == 1 ? 0 : worst;
flush:
	if (hd_say_stdout_flush() < 0)
		rc = 2;
	if (rc != 2 && !quiet)
		fprintf(stderr, "hivediag: merge: %zu of %u shards complete, %lu reports, worst status %d\n", done,
		        of, reports, worst);
out:
	free(f);
	return rc;
}
