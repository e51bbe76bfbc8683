/*
 * result.h - what the analysis of one hive produced: the file's evidence,
 * the recovery, the control set, facts, findings, verdicts or an error.  The
 * report reads it; analyze.c fills it.
 */
#ifndef HD_RESULT_H
#define HD_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/changes.h"
#include "analyze/options.h"
#include "facts/facts.h"
#include "facts/trail.h"
#include "hive/controlset.h"
#include "hive/regf.h"
#include "rules/finding.h"
#include "source/source.h"
#include "txlog/txlog.h"
#include "verdict/verdict.h"

#define HD_SHA256_HEX_LEN 65

struct hd_fileinfo {
	int have_size;
	uint64_t size;
	int have_sha256;
	char sha256[HD_SHA256_HEX_LEN];
	int have_header;                /* a complete regf base block was read */
	struct hd_regf_header header;
	const char *kind;               /* "SYSTEM", "SOFTWARE", "other"; NULL before the hive is open */
};

/* A compressed repair copy (hive/expand.h), expanded in memory: the file on
 * disk is the evidence (struct hd_result.file), the image is what was analyzed. */
struct hd_expansion {
	const char *format;             /* "SZDD", "KWAJ", "cabinet"; NULL: the file is a hive itself */
	struct hd_fileinfo image;       /* size, SHA-256 and base block of the expanded hive */
};

/*
 * A hive rebuilt from a registry export (issue 22, source/export.c): the
 * export file is the evidence (struct hd_result.file: its size and
 * SHA-256); the rebuilt image records no key time (hive opened with
 * HD_OPEN_NO_TIMES), no sequence numbers and no base block worth reporting.
 */
struct hd_reconstruction {
	const char *from;               /* "registry_export"; NULL: the file is a hive itself */
	char format[16];                /* "REGEDIT4" or "5.00" */
	char encoding[16];              /* "UTF-16LE", "UTF-8", "windows-1252" */
	char root_key[64];              /* "HKEY_LOCAL_MACHINE\SYSTEM" */
	char current_control_set[16];   /* CurrentControlSet built as this set; "" not exported */
	int control_set_recorded;       /* Select\Current named that set */
	uint64_t values_omitted;        /* too large for the hive: left out */
	struct hd_fileinfo image;       /* the rebuilt image, for the header checks only */
	struct hd_provenance prov;      /* owned: how the file was reached, ending in its "export" link */
};

/* --root: the installation the hive was found in, as the current hive's report shows it. */
struct hd_found_file {
	const char *path;               /* as found on disk, relative to dir */
	const char *role;               /* "current", "repair", "regback", "sav", "alt", "log" */
	const char *hive;               /* "SYSTEM" or "SOFTWARE", from the name */
	const struct hd_provenance *prov; /* how it was reached (borrowed), NULL for a log (only listed) */
};

struct hd_root_info {
	const char *dir;                /* --root DIR */
	const char *layout;             /* "volume", "systemroot", "config" */
	const char *systemroot;         /* relative to dir ("WINNT"), "" when dir is it */
	int from_bootini;
	const struct hd_found_file *files;
	size_t n_files;
};

/* Stable error codes of the report's error.code. */
#define HD_ERR_OPEN          "open_failed"
#define HD_ERR_NOT_FILE      "not_a_regular_file"
#define HD_ERR_READ          "read_failed"
#define HD_ERR_EMPTY         "empty_file"
#define HD_ERR_NOT_HIVE      "not_a_hive"
#define HD_ERR_WIN9X         "win9x_registry"
#define HD_ERR_LOG_FILE      "transaction_log"
#define HD_ERR_TRUNCATED     "truncated"
#define HD_ERR_CHECKSUM      "bad_checksum"
#define HD_ERR_HIVE_OPEN     "hive_unreadable"
#define HD_ERR_NO_CONTROLSET "no_control_set"
#define HD_ERR_NOT_SYSTEM    "not_system_hive"
#define HD_ERR_UNSUPPORTED   "unsupported_format"
#define HD_ERR_NOMEM         "out_of_memory"
#define HD_ERR_EXPAND        "expand_failed"
#define HD_ERR_NO_INSTALL    "no_installation"  /* --root: no Windows installation in DIR */
#define HD_ERR_NO_SYSTEM     "no_current_system" /* --root: no regular SYSTEM in its config folder */
#define HD_ERR_CHANGED       "hive_changed"
#define HD_ERR_NO_SYSTEM_HIVE "no_system_hive"  /* an archive holds no SYSTEM hive (issue 22) */
/* The --software hive: of another kind, or not readable as a hive. */
#define HD_ERR_NOT_SOFTWARE  "not_software_hive"
#define HD_ERR_SOFTWARE      "software_unreadable"
/* Set by the runner (runner.c) for a worker process that did not report. */
#define HD_ERR_CRASHED       "parser_crashed"
#define HD_ERR_TIMEOUT       "timeout"
#define HD_ERR_WORKER        "worker_failed"
#define HD_ERR_LIST_ENTRY    "bad_list_entry"

/* What happened to a dirty hive's transaction logs. */
enum hd_replay {
	HD_REPLAY_NONE,         /* clean hive: nothing to replay */
	HD_REPLAY_SKIPPED,      /* dirty, but --no-replay */
	HD_REPLAY_ATTEMPTED,    /* dirty: logs looked for; recovery says what happened */
};

/* One transaction log as evidence (the report's hive.recovery.logs). */
struct hd_log_evidence {
	char *name;                     /* NULL: slot empty */
	uint64_t size;
	int have_sha256;
	char sha256[HD_SHA256_HEX_LEN];
	int applied;                    /* replayed into the image */
	uint32_t entries_applied;       /* what it contributed: HvLE entries, or old-format dirty pages */
	int have_seq;                   /* new format: the sequence numbers of those entries */
	uint32_t seq_first, seq_last;
	const char *not_read;           /* why it was not read (static text), or NULL */
	int read_errno;
};

#define HD_STARTED_LEN 32

/* A dirty hive's log replay, as evidence (analyze_recover.c): the report's
 * recovery object, for the SYSTEM hive and for the SOFTWARE hive alike. */
struct hd_replay_evidence {
	enum hd_replay state;
	struct hd_recovery recovery;    /* meaningful when state == HD_REPLAY_ATTEMPTED */
	struct hd_log_evidence logs[HD_TXLOG_SLOTS];
	int have_image_sha256;          /* the recovered image handed to hivex */
	char image_sha256[HD_SHA256_HEX_LEN];
};

/*
 * A dirty hive's NAME.ALT mirror (analyze_alt.c, DOMAIN.md 0.15): considered
 * when the primary is dirty with no transaction log beside it; used, and
 * every verdict read from it, when it is consistent.
 */
struct hd_alt_evidence {
	int considered;                 /* the hive qualified and an .ALT was beside it */
	char *name;                     /* as found in the hive's folder */
	uint64_t size;
	int have_sha256;
	char sha256[HD_SHA256_HEX_LEN];
	struct hd_regf_header header;   /* its base block (magic 0 when not read) */
	int used;                       /* hivex read the .ALT instead of the primary */
	const char *not_used;           /* why not (static text), or NULL */
};

/* The SOFTWARE hive analyzed with the SYSTEM hive (--software), as evidence. */
/* Finds the SOFTWARE hive paired with the SYSTEM hive at system_path: 1 with
 * *found a new path, 0 none, -1 error (errno).  See hd_analyze_found_pair. */
typedef int (*hd_software_finder)(const char *system_path, const struct hd_options *opts, char **found);

/*
 * A hive file already open (--root: the volume scan opened it, issue 26):
 * the analysis reads fd and finds the logs beside it as name in dirfd,
 * never reopening the path, which then only names the file in reports.
 */
struct hd_opened {
	int fd;                         /* the file (borrowed; the analysis reads a duplicate) */
	struct hd_src_dir *dir;         /* its folder, of any source backend (borrowed) */
	const char *name;               /* its name in dir */
	const struct hd_provenance *prov; /* how it was reached (borrowed: kept until the report is made), or NULL */
};

struct hd_software_input {
	const char *path;               /* borrowed (or found); NULL when there is no SOFTWARE hive */
	const struct hd_opened *at;     /* the file already open (path only names it), or NULL */
	hd_software_finder find;        /* asked for path once the hive proves a SYSTEM hive, or NULL */
	char *found;                    /* owned: what find returned (path points here) */
	struct hd_fileinfo file;
	struct hd_expansion expanded;   /* a compressed copy (repair/software._), expanded in memory */
	struct hd_reconstruction rebuilt; /* a registry export of SOFTWARE, rebuilt in memory */
	struct hd_replay_evidence replay; /* its logs, when it is dirty */
	struct hd_trail trail;          /* every key and value read in it (root-relative paths) */
};

struct hd_result {
	const char *path;               /* borrowed from the caller */
	const struct hd_options *opts;  /* borrowed: the options that shape the verdict */
	char started[HD_STARTED_LEN];   /* analysis start, ISO-8601 UTC; "" unknown */
	struct hd_fileinfo file;
	const struct hd_provenance *prov; /* how the file was reached (hd_opened's, borrowed); NULL: the operand itself */
	struct hd_expansion expanded;   /* format NULL unless the file was a compressed copy */
	struct hd_reconstruction rebuilt; /* from NULL unless the file was a registry export */
	struct hd_software_input software;
	struct hd_replay_evidence replay;
	struct hd_alt_evidence alt;     /* the .ALT mirror, when the hive qualified */
	const char *saved_to;           /* --write-recovered destination once written */
	char *save_error;               /* why --write-recovered failed, or NULL */
	int have_controlset;
	struct hd_controlset cs;
	int have_facts;
	struct hd_facts facts;
	struct hd_findings findings;    /* what verdicts and the exit status see */
	struct hd_findings ignored;     /* findings of --ignore'd rules, reported apart */
	int ignore_requested;           /* --ignore was given: the report lists ignored_findings */
	int unsafe;                     /* analyzed in hivex's tolerant mode (--unsafe) */
	struct hd_verdict imc, mta;
	struct hd_trail trail;          /* every key and value the collectors read */
	struct hd_trail lkg_trail;      /* the same for the LastKnownGood control set */
	struct hd_changes lkg;          /* analyzed set vs LastKnownGood, when they differ */
	const char *role;               /* --root: "current", "repair", ...; NULL otherwise */
	const struct hd_root_info *root;        /* --root, the current hive's report: what was found */
	struct hd_changes vs_current;   /* --root, a copy: the current hive vs this copy */
	const char *error_code;         /* NULL when analyzed */
	char *error_message;
};

void hd_result_clear(struct hd_result *res);

/* Exit-status contribution: 2 error, 1 a warning/error finding, 0 otherwise. */
int hd_result_exit_status(const struct hd_result *res);

#endif
