/*
 * progress.c - the progress line and the closing summary (see progress.h).
 */
#include "cli/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void hd_tally_add(struct hd_tally *t, int exit_status, int imc, int mta)
{
	t->hives++;
	if (exit_status >= 2)
		t->errors++;
	else if (exit_status == 1)
		t->findings++;
	else
		t->clean++;
	if (imc >= 0 && imc < HD_VERDICT_STATUS_COUNT)
		t->imc[imc]++;
	if (mta >= 0 && mta < HD_VERDICT_STATUS_COUNT)
		t->mta[mta]++;
}

void hd_tally_merge(struct hd_tally *t, const struct hd_tally *part)
{
	t->hives += part->hives;
	t->clean += part->clean;
	t->findings += part->findings;
	t->errors += part->errors;
	t->archives += part->archives;
	for (int i = 0; i < HD_SKIP_COUNT; i++)
		t->skipped[i] += part->skipped[i];
	for (int i = 0; i < HD_VERDICT_STATUS_COUNT; i++) {
		t->imc[i] += part->imc[i];
		t->mta[i] += part->mta[i];
	}
}

/* Append to buf[len] at *used, never past the end (a cut line is still a line). */
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used = *used + (size_t)n < len ? *used + (size_t)n : len - 1;
}

static double rate(unsigned long n, double elapsed)
{
	return elapsed > 0 ? (double)n / elapsed : 0.0;
}

char *hd_progress_line(char *buf, size_t len, unsigned long done, long total,
                       unsigned long seen, double elapsed)
{
	double per_s = rate(done, elapsed);
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (total < 0)
		append(buf, len, &used, "hivediag: %lu/%lu+ hives, %.1f hives/s", done, seen, per_s);
	else
		append(buf, len, &used, "hivediag: %lu/%ld hives, %.1f hives/s", done, total, per_s);
	if (total >= 0 && per_s > 0 && (unsigned long)total >= done) {
		unsigned long eta = (unsigned long)((double)((unsigned long)total - done) / per_s + 0.5);
		append(buf, len, &used, ", ETA %lu:%02lu", eta / 60, eta % 60);
	}
	return buf;
}

static void append_verdicts(char *buf, size_t len, size_t *used, const char *name, const unsigned long *n)
{
	/* Most decisive first: what a reader scans for. */
	static const enum hd_verdict_status order[] = {
		HD_VERDICT_LIKELY, HD_VERDICT_POSSIBLE, HD_VERDICT_UNLIKELY,
		HD_VERDICT_NOT_INSTALLED, HD_VERDICT_UNKNOWN,
	};
	const char *sep = ": ";

	append(buf, len, used, "; %s", name);
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (n[order[i]] == 0)
			continue;
		append(buf, len, used, "%s%lu %s", sep, n[order[i]], hd_verdict_status_name(order[i]));
		sep = ", ";
	}
	if (strcmp(sep, ": ") == 0)
		append(buf, len, used, ": none");
}

/* "; passed over: 2 transaction logs, 5 not hives" (nothing when none). */
static void append_passed(char *buf, size_t len, size_t *used, const struct hd_tally *t)
{
	static const struct {
		enum hd_skip why;
		const char *one, *many;
	} names[] = {
		{ HD_SKIP_PAIRED, "SOFTWARE hive read with its SYSTEM hive", "SOFTWARE hives read with their SYSTEM hive" },
		{ HD_SKIP_LOG, "transaction log", "transaction logs" },
		{ HD_SKIP_NOT_HIVE, "not a hive", "not hives" },
		{ HD_SKIP_SPECIAL, "not a regular file", "not regular files" },
		{ HD_SKIP_NO_SYSTEM, "archive without a SYSTEM hive", "archives without a SYSTEM hive" },
	};
	const char *sep = "; passed over: ";

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		unsigned long n = t->skipped[names[i].why];
		if (n == 0)
			continue;
		append(buf, len, used, "%s%lu %s", sep, n, n == 1 ? names[i].one : names[i].many);
		sep = ", ";
	}
}

char *hd_summary_line(char *buf, size_t len, const struct hd_tally *t, double elapsed)
{
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	append(buf, len, &used, "hivediag: %lu hive%s in %.1f s (%.1f hives/s): %lu clean, "
	       "%lu with findings, %lu error%s", t->hives, t->hives == 1 ? "" : "s", elapsed,
	       rate(t->hives, elapsed), t->clean, t->findings, t->errors, t->errors == 1 ? "" : "s");
	if (t->archives)
		append(buf, len, &used, "; %lu archive%s read", t->archives, t->archives == 1 ? "" : "s");
	if (t->skipped[HD_SKIP_KIND])
		append(buf, len, &used, "; %lu skipped: other hive kinds", t->skipped[HD_SKIP_KIND]);
	append_passed(buf, len, &used, t);
	append_verdicts(buf, len, &used, "imc", t->imc);
	append_verdicts(buf, len, &used, "mta", t->mta);
	return buf;
}
