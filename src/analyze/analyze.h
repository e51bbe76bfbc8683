/*
 * analyze.h - one hive through the whole pipeline:
 * file (size, hash, base block) -> hive -> control set -> facts -> findings
 * -> verdicts.  The result is plain data for the report module.
 */
#ifndef HD_ANALYZE_H
#define HD_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "hive/controlset.h"
#include "facts/facts.h"
#include "hive/regf.h"
#include "rules/rules.h"
#include "txlog/txlog.h"

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
/* Set by the runner (runner.c) for a worker process that did not report. */
#define HD_ERR_CRASHED       "parser_crashed"
#define HD_ERR_TIMEOUT       "timeout"
#define HD_ERR_WORKER        "worker_failed"

/* What happened to a dirty hive's transaction logs. */
enum hd_replay {
	HD_REPLAY_NONE,         /* clean hive: nothing to replay */
	HD_REPLAY_SKIPPED,      /* dirty, but --no-replay */
	HD_REPLAY_ATTEMPTED,    /* dirty: logs looked for; recovery says what happened */
};

struct hd_result {
	const char *path;               /* borrowed from the caller */
	struct hd_fileinfo file;
	enum hd_replay replay;
	struct hd_recovery recovery;    /* meaningful when replay == HD_REPLAY_ATTEMPTED */
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
	const char *error_code;         /* NULL when analyzed */
	char *error_message;
};

/*
 * Analyze one hive.  Returns 0 when analyzed, -1 when not (res->error_code
 * and error_message say why; res holds what was gathered before).
 */
int hd_analyze(const char *path, const struct hd_options *opts, struct hd_result *res);
void hd_result_clear(struct hd_result *res);

/* Exit-status contribution: 2 error, 1 a warning/error finding, 0 otherwise. */
int hd_result_exit_status(const struct hd_result *res);

/*
 * Replay a dirty hive's transaction logs (analyze_recover.c).  When logs were
 * applied, *fd is a sealed memfd holding the recovered image and open_path
 * its "/proc/self/fd/N" name; otherwise *fd is -1 and open_path is path.
 * Returns 0, or -1 with errno = ENOMEM.
 */
int hd_analyze_recover(const char *path, const struct hd_options *opts, struct hd_result *res,
                       int *fd, char *open_path, size_t open_path_len);

/*
 * The file as evidence (fileinfo.c).  hd_fileinfo_open reads size and base
 * block and leaves *fd open for the hash; hd_fileinfo_hash_start hashes it
 * on a second thread (taking fd); hd_fileinfo_hash_finish waits, checks the
 * whole file was read, and sets fi->sha256.  hd_fileinfo_read does all three.
 * Each returns 0, or -1 with *code and a new *message.
 */
struct hd_hashjob;
int hd_fileinfo_open(const char *path, struct hd_fileinfo *fi, int *fd,
                     const char **code, char **message);
struct hd_hashjob *hd_fileinfo_hash_start(int fd);
int hd_fileinfo_hash_finish(struct hd_hashjob *job, struct hd_fileinfo *fi,
                            const char **code, char **message);
int hd_fileinfo_read(const char *path, struct hd_fileinfo *fi, const char **code, char **message);

#endif
