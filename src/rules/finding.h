/*
 * finding.h - what a rule concludes: a finding (severity, detail, remedy,
 * borrowed evidence), the rule descriptor it points to, and the options
 * rules read (struct hd_rule_options).  The rule packs depend on this file, not on the table.
 */
#ifndef HD_FINDING_H
#define HD_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "facts/facts.h"
#include "hive/regtypes.h"

enum hd_severity { HD_SEV_INFO, HD_SEV_WARNING, HD_SEV_ERROR };

struct hd_fleet_table;          /* fleet/fleet.h */
struct hd_peer_entry;

/*
 * What the rules read (issue 25: the rules see names and the peer table,
 * never how the hive was found or opened; analyze/options.h holds those,
 * with this struct as its member .rules).
 */
struct hd_rule_options {
	const char *org, *site, *server;/* names from the Exchange Administrator program, or NULL */
	const char *const *ignore;      /* --ignore: rule ids whose findings are set aside */
	size_t n_ignore;
	/* Rule P1 (issue 23): the fleet peers table, or NULL: no peers; and this
	 * hive's case folder (hd_fleet_case_folder), which with its DNS domain
	 * (from the facts) names the scope whose servers judge its names. */
	const struct hd_fleet_table *peers;
	const char *peer_case;
};

struct hd_findings;
struct hd_rule;

typedef int (*hd_rule_fn)(const struct hd_rule *rule, const struct hd_facts *facts,
                          const struct hd_rule_options *opts, struct hd_findings *out);

#define HD_RULE_MAX_KB 4

/* A rule descriptor: one row of the rule table. */
struct hd_rule {
	const char *id;                         /* "A1", "B2", "H1" ... */
	const char *severities;                 /* what its findings can be: "warning", "info to error" */
	const char *kb[HD_RULE_MAX_KB];         /* "Q298565" ..., NULL-terminated */
	const char *service;                    /* "MSExchangeIMC", or NULL for the hive */
	const char *title;
	hd_rule_fn check;
};

#define HD_FINDING_MAX_EVIDENCE 8
#define HD_FINDING_MAX_PEERS 4

/*
 * The registry part of a remedy, when it is one value to set (issue 15:
 * --fix-reg writes it as a .reg file; never parsed out of the prose).
 */
struct hd_reg_fix {
	char *key;                              /* hive-relative: ControlSet001\Services\... */
	char *name;                             /* value name */
	uint32_t type;                          /* HD_REG_SZ */
	char *data;                             /* the string to set (UTF-8) */
};

struct hd_finding {
	const struct hd_rule *rule;
	enum hd_severity severity;
	char *detail;
	char *remediation;                      /* may be NULL */
	const struct hd_regval *evidence[HD_FINDING_MAX_EVIDENCE]; /* borrowed from facts */
	size_t n_evidence;
	/* Rule P1: the other hives of the scope carrying the name this hive's is
	 * judged against (borrowed from opts->peers, which outlives findings). */
	const struct hd_peer_entry *peers[HD_FINDING_MAX_PEERS];
	size_t n_peers;
	struct hd_reg_fix *fix;                 /* may be NULL: no registry edit known */
};

struct hd_findings {
	struct hd_finding *v;
	size_t n, cap;
};

/*
 * Append a finding.  evidence is a NULL-terminated list of borrowed regvals
 * (or NULL for none); at most HD_FINDING_MAX_EVIDENCE are kept.  detail is
 * printf-style.  0 ok, -1 ENOMEM.
 */
int hd_finding_add(struct hd_findings *fs, const struct hd_rule *rule,
                   enum hd_severity sev, const char *remediation,
                   const struct hd_regval *const *evidence,
                   const char *detail_fmt, ...)
	__attribute__((format(printf, 6, 7)));
void hd_findings_clear(struct hd_findings *fs);

/*
 * Attach a registry edit (a REG_SZ value) to the last finding added.
 * 0 ok, -1 ENOMEM (the finding stays, without a fix).
 */
int hd_finding_set_fix(struct hd_findings *fs, const char *key, const char *name, const char *data);

/* 1 when a finding of this rule id is among fs. */
int hd_findings_has(const struct hd_findings *fs, const char *rule_id);

struct hd_strbuf;

/*
 * When names a and b differ only in Unicode normalization (hd_nfd_equal:
 * one composed, NFC, the other decomposed, NFD), append to d a sentence that
 * says so with the code points of each, since a terminal shows the two
 * alike (issue 24).  Nothing otherwise.  label_a and label_b name the copies.
 */
void hd_note_normalization(struct hd_strbuf *d, const char *label_a, const char *a,
                           const char *label_b, const char *b);

/*
 * The analyzed control set as remedies name it: "ControlSet002", or
 * "CurrentControlSet" when unknown (hand-built facts).
 */
const char *hd_analyzed_set(const struct hd_facts *facts);

/* The sentence remedies append after a path in hd_analyzed_set(). */
#define HD_SET_NOTE " (on the running server that set is HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet when Select\\Current names it)"

/*
 * Rules A13 and B12 (DOMAIN.md 0.13): a finding (warning) when the Exchange
 * service svc is itself disabled (Start = 4), which the service control
 * manager refuses to start with the documented Win32 error 1058.  0 (a
 * finding or none), -1 ENOMEM.
 */
int hd_finding_service_disabled(struct hd_findings *fs, const struct hd_rule *rule,
                                const struct hd_facts *facts, const struct hd_service_facts *svc,
                                const char *display);

/* "info", "warning", "error". */
const char *hd_severity_name(enum hd_severity s);

#endif
