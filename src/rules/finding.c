/*
 * finding.c - findings: what one rule concluded, with its evidence.
 */
#include "rules/finding.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/textutil.h"

int hd_finding_add(struct hd_findings *fs, const struct hd_rule *rule,
                   enum hd_severity sev, const char *remediation,
                   const struct hd_regval *const *evidence,
                   const char *detail_fmt, ...)
{
	struct hd_finding f = { .rule = rule, .severity = sev };
	va_list ap;
	int n;

	va_start(ap, detail_fmt);
	n = vasprintf(&f.detail, detail_fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (remediation && (f.remediation = strdup(remediation)) == NULL)
		goto fail;
	for (size_t i = 0; evidence && evidence[i] && f.n_evidence < HD_FINDING_MAX_EVIDENCE; i++)
		f.evidence[f.n_evidence++] = evidence[i];
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 8;
		struct hd_finding *v = realloc(fs->v, cap * sizeof *v);
		if (v == NULL)
			goto fail;
		fs->v = v;
		fs->cap = cap;
	}
	fs->v[fs->n++] = f;
	return 0;
fail:
	free(f.detail);
	free(f.remediation);
	errno = ENOMEM;
	return -1;
}

static void reg_fix_free(struct hd_reg_fix *fix)
{
	if (fix == NULL)
		return;
	free(fix->key);
	free(fix->name);
	free(fix->data);
	free(fix);
}

int hd_finding_set_fix(struct hd_findings *fs, const char *key, const char *name, const char *data)
{
	struct hd_reg_fix *fix;

	if (fs->n == 0 || key == NULL || name == NULL || data == NULL) {
		errno = EINVAL;
		return -1;
	}
	fix = calloc(1, sizeof *fix);
	if (fix == NULL || (fix->key = strdup(key)) == NULL || (fix->name = strdup(name)) == NULL ||
	    (fix->data = strdup(data)) == NULL) {
		reg_fix_free(fix);
		errno = ENOMEM;
		return -1;
	}
	fix->type = HD_REG_SZ;
	reg_fix_free(fs->v[fs->n - 1].fix);
	fs->v[fs->n - 1].fix = fix;
	return 0;
}

void hd_findings_clear(struct hd_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].detail);
		free(fs->v[i].remediation);
		reg_fix_free(fs->v[i].fix);
	}
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

int hd_findings_has(const struct hd_findings *fs, const char *rule_id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule->id, rule_id) == 0)
			return 1;
	return 0;
}

const char *hd_analyzed_set(const struct hd_facts *facts)
{
	return facts->system.controlset[0] != '\0' ? facts->system.controlset : "CurrentControlSet";
}

const char *hd_severity_name(enum hd_severity s)
{
	switch (s) {
	case HD_SEV_ERROR: return "error";
	case HD_SEV_WARNING: return "warning";
	case HD_SEV_INFO: break;
	}
	return "info";
}

#define NOTE_MAX_CP 48          /* code points shown per name */

static void add_codepoints(struct hd_strbuf *d, const char *s)
{
	uint32_t cp[NOTE_MAX_CP];
	size_t n = hd_codepoints(s, cp, NOTE_MAX_CP);

	for (size_t i = 0; i < n && i < NOTE_MAX_CP; i++)
		hd_strbuf_addf(d, "%sU+%04X", i ? " " : "", (unsigned)cp[i]);
	if (n > NOTE_MAX_CP)
		hd_strbuf_addf(d, " ...");
}

void hd_note_normalization(struct hd_strbuf *d, const char *label_a, const char *a,
                           const char *label_b, const char *b)
{
	size_t na, nb;

	if (a == NULL || b == NULL || !hd_nfd_equal(a, b))
		return;
	na = hd_codepoints(a, NULL, 0);
	nb = hd_codepoints(b, NULL, 0);
	hd_strbuf_addf(d, " %s \"%s\" and %s \"%s\" look alike but differ in Unicode normalization: "
	               "%s is ", label_a, a, label_b, b, label_a);
	add_codepoints(d, a);
	hd_strbuf_addf(d, " (%s), %s is ", na < nb ? "composed, NFC" : "decomposed, NFD", label_b);
	add_codepoints(d, b);
	hd_strbuf_addf(d, " (%s).", na < nb ? "decomposed, NFD" : "composed, NFC");
}

/*
 * A service that is itself disabled (Start = 4) cannot start: the service
 * control manager refuses it with error 1058, ERROR_SERVICE_DISABLED (Win32
 * system error codes).  A cause of its own beside the KB article's, so it is
 * a warning and the verdicts name it as the alternative (DOMAIN.md 0.13).
 */
int hd_finding_service_disabled(struct hd_findings *fs, const struct hd_rule *rule,
                                const struct hd_facts *facts, const struct hd_service_facts *svc,
                                const char *display)
{
	const struct hd_regval *ev[] = { &svc->start.rv, NULL };
	char *fix = NULL;
	int rc;

	if (svc->key.status != HD_FOUND || !HD_FACT_OK(&svc->start) || svc->start.value != 4)
		return 0;
	if (asprintf(&fix, "If it was not disabled on purpose, set the %s service to start "
	             "automatically (Control Panel > Services, Startup Type Automatic; or %s\\Services\\%s "
	             "Start = 2)%s, then start it.", display, hd_analyzed_set(facts), svc->name,
	             HD_SET_NOTE) < 0)
		return -1;
	rc = hd_finding_add(fs, rule, HD_SEV_WARNING, fix, ev,
	                    "%s is disabled (Start = 4): the service control manager does not start "
	                    "a disabled service and reports error 1058 (ERROR_SERVICE_DISABLED, \"The "
	                    "service cannot be started, either because it is disabled or because it "
	                    "has no enabled devices associated with it.\"), whatever else its "
	                    "configuration holds.", svc->name);
	free(fix);
	return rc;
}
