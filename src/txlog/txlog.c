/*
 * txlog.c - decide which transaction logs apply to a dirty hive, in which
 * order, and build the recovered image (pure: byte buffers in, a new buffer
 * out).  See txlog.h for the references [SPEC], [YARP], [LIBREGF].
 *
 * Policy, from [SPEC] "Dirty state of a hive" and "Multiple transaction log
 * files", checked against [YARP]'s recover_auto():
 *  - a hive is dirty when its base block checksum is wrong or its two
 *    sequence numbers differ; a clean hive is never replayed;
 *  - NAME.LOG1/NAME.LOG2 (dual logging) win over NAME.LOG, which is then a
 *    leftover of the installation image; NAME.LOG alone is single logging;
 *  - every non-empty candidate log must have a valid base block, and all of
 *    them one format: otherwise recovery is refused whole;
 *  - new format: the log with the earlier entries first, starting at the
 *    primary's secondary sequence number or later, then the other log if it
 *    continues the sequence; with a broken primary base block only the log
 *    with the latest entries is used (and its base block);
 *  - old format: one log only, the one written last (NAME.LOG1 on a tie),
 *    not older than the primary;
 *  - after replay every hive bin must be sound, or the replay is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "txlog/txlog_internal.h"

#define HBIN_SIGNATURE     "hbin"
#define HBIN_OFFSET        4u
#define HBIN_SIZE          8u

/* The primary's base block, as far as recovery needs it. */
struct primary_info {
	const uint8_t *data;
	size_t len;
	int valid;              /* checksum right: trust its fields */
	uint32_t seq1, seq2;
	uint64_t last_written;
};

/* After replay every hive bin from 4096 to 4096 + hbins must be sound
 * ([SPEC] "Dirty pages": signature, size of 4096 or more, matching offset). */
static int verify_hbins(const uint8_t *image, uint32_t hbins, char *reason)
{
	uint32_t pos = 0;

	while (pos < hbins) {
		const uint8_t *bin = image + HD_TXLOG_BASE_BLOCK + pos;
		uint32_t size = hd_le32(bin + HBIN_SIZE);

		if (memcmp(bin, HBIN_SIGNATURE, 4) != 0 || hd_le32(bin + HBIN_OFFSET) != pos ||
		    size < HD_TXLOG_BIN_ALIGN || size % HD_TXLOG_BIN_ALIGN != 0 ||
		    size > hbins - pos) {
			hd_txlog_refuse(reason, NULL, "after replay, the hive bin at offset 0x%x "
			                "is invalid", pos);
			return 0;
		}
		pos += size;
	}
	return 1;
}

/* A copy of the primary, grown with zeros to need bytes. */
static uint8_t *image_new(const struct primary_info *p, uint64_t need, size_t *len)
{
	size_t n = p->len > need ? p->len : (size_t)need;
	uint8_t *img = malloc(n);

	if (img == NULL)
		return NULL;
	memcpy(img, p->data, p->len);
	memset(img + p->len, 0, n - p->len);
	*len = n;
	return img;
}

/*
 * Write the recovered base block: src (the primary's, or a log's first
 * sector when the primary's is broken [SPEC] note 4 / note 6), equal
 * sequence numbers, file type 0, the final hive bins size, a new checksum.
 */
static void finish_base_block(uint8_t *img, const uint8_t *src, uint32_t seq,
                              uint32_t hbins, const uint32_t *entry_flags)
{
	if (src != img) {
		memset(img, 0, HD_TXLOG_BASE_BLOCK);
		memcpy(img, src, HD_TXLOG_SECTOR);
	}
	hd_put_le32(img + HD_BB_SEQ1, seq);
	hd_put_le32(img + HD_BB_SEQ2, seq);
	hd_put_le32(img + HD_BB_TYPE, HD_TXLOG_TYPE_PRIMARY);
	hd_put_le32(img + HD_BB_HBINS_SIZE, hbins);
	/* [SPEC] "Log entries" note 11: only bit 0 of Flags travels in entries. */
	if (entry_flags != NULL)
		hd_put_le32(img + HD_BB_FLAGS,
		            (hd_le32(img + HD_BB_FLAGS) & ~1u) | (*entry_flags & 1u));
	hd_put_le32(img + HD_REGF_CHECKSUM_OFFSET, hd_regf_checksum(img));
}

/* Verify the built image; on success hand it to the caller. */
static int image_done(uint8_t *img, size_t len, uint32_t hbins, struct hd_recovery *rec,
                      uint8_t **image, size_t *image_len)
{
	if (!verify_hbins(img, hbins, rec->refused_reason)) {
		free(img);
		return 0;
	}
	rec->applied = 1;
	rec->hbins_size_after = hbins;
	*image = img;
	*image_len = len;
	return 1;
}

/*
 * A log whose entries declare a hive larger than the primary plus every
 * byte of the logs is refused (issue 12: a 5 KiB crafted log claimed a
 * 1 GiB hive, and got a 1 GiB image): every byte past the primary's end
 * must come from a log, so a larger image could only be zeros.
 */
static int growth_ok(const struct primary_info *p, const struct hd_txlog_file *const *logs,
                     size_t n, uint64_t need, const char *name, char *reason)
{
	uint64_t bound = p->len;

	for (size_t i = 0; i < n; i++)
		bound += logs[i]->len;
	if (need <= bound)
		return 1;
	hd_txlog_refuse(reason, name, "declares a hive of %llu bytes, more than the primary "
	                "and the logs (%llu bytes together) can hold", (unsigned long long)need,
	                (unsigned long long)bound);
	return 0;
}

/* Record that log was replayed, and what it contributed (plan). */
static int add_applied(struct hd_recovery *rec, const struct hd_txlog_plan *plan, int new_format)
{
	char *name = strdup(plan->log->name);
	struct hd_txlog_taken *t = &rec->taken[rec->n_logs_applied];

	if (name == NULL)
		return -1;
	t->entries = new_format ? plan->entries : plan->dirty_pages;
	t->have_seq = new_format;
	t->first_seq = new_format ? plan->first_seq : 0;
	t->last_seq = new_format ? plan->last_seq : 0;
	rec->logs_applied[rec->n_logs_applied++] = name;
	return 0;
}

static int recover_old(const struct primary_info *p, const struct hd_txlog_file *const *logs,
                       const struct hd_txlog_base *bases, size_t n, struct hd_recovery *rec,
                       uint8_t **image, size_t *image_len)
{
	struct hd_txlog_plan plan;
	size_t pick = 0, len = 0;
	uint8_t *img = NULL;

	/* The log written last holds the cumulative dirty data ([SPEC] old
	 * format of "Multiple transaction log files"; [YARP] likewise). */
	for (size_t i = 1; i < n; i++)
		if (bases[i].last_written > bases[pick].last_written)
			pick = i;
	if (p->valid && bases[pick].last_written < p->last_written) {
		hd_txlog_refuse(rec->refused_reason, logs[pick]->name,
		                "written before the primary: it cannot hold its latest changes");
		return 0;
	}
	if (!hd_txlog_old_plan(logs[pick], &bases[pick], &plan, rec->refused_reason) ||
	    !growth_ok(p, logs, n, (uint64_t)HD_TXLOG_BASE_BLOCK + plan.final_hbins,
	               logs[pick]->name, rec->refused_reason))
		return 0;
	img = image_new(p, (uint64_t)HD_TXLOG_BASE_BLOCK + plan.final_hbins, &len);
	if (img == NULL || add_applied(rec, &plan, 0) < 0) {
		free(img);
		return -1;
	}
	hd_txlog_old_apply(&plan, img);
	rec->entries_applied = plan.dirty_pages;
	/* The write the crash interrupted is the primary's sequence number. */
	rec->sequence_after = p->valid ? p->seq1 : plan.base.seq1;
	finish_base_block(img, p->valid ? img : logs[pick]->data, rec->sequence_after,
	                  plan.final_hbins, NULL);
	return image_done(img, len, plan.final_hbins, rec, image, image_len);
}

/* Which new-format logs apply, in order; returns how many plans were made,
 * 0 when none applies or one was refused (reason set either way), -1 never. */
static size_t plan_new(const struct primary_info *p, const struct hd_txlog_file *const *logs,
                       const struct hd_txlog_base *bases, size_t n,
                       struct hd_txlog_plan plans[2], char *reason)
{
	size_t order[2] = { 0, 1 }, nplans = 0;

	/* LOG1 is not guaranteed to hold the earlier entries: order by number. */
	if (n == 2 && hd_seq_before(bases[1].seq1, bases[0].seq1)) {
		order[0] = 1;
		order[1] = 0;
	}
	if (!p->valid) {
		/* A broken primary base block: only the log with the latest entries. */
		order[0] = order[n - 1];
		n = 1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = order[i];

		/* Entries before the primary's secondary number are already in it. */
		if (nplans == 0 && p->valid && hd_seq_before(bases[k].seq1, p->seq2))
			continue;
		/* The next log must continue the sequence, or replay stops. */
		if (nplans > 0 && bases[k].seq1 != plans[nplans - 1].last_seq + 1)
			break;
		if (!hd_txlog_new_plan(logs[k], &bases[k], &plans[nplans], reason))
			return 0;
		nplans++;
	}
	if (nplans == 0)
		hd_txlog_refuse(reason, NULL, "no log holds entries from sequence %u on: "
		                "the logs are older than the hive", p->seq2);
	return nplans;
}

static int recover_new(const struct primary_info *p, const struct hd_txlog_file *const *logs,
                       const struct hd_txlog_base *bases, size_t n, struct hd_recovery *rec,
                       uint8_t **image, size_t *image_len)
{
	struct hd_txlog_plan plans[2];
	size_t nplans = plan_new(p, logs, bases, n, plans, rec->refused_reason), len = 0;
	uint32_t max_hbins = 0;
	uint8_t *img = NULL;
	const struct hd_txlog_plan *last;

	if (nplans == 0)
		return 0;
	for (size_t i = 0; i < nplans; i++)
		if (plans[i].max_hbins > max_hbins)
			max_hbins = plans[i].max_hbins;
	if (!growth_ok(p, logs, n, (uint64_t)HD_TXLOG_BASE_BLOCK + max_hbins,
	               plans[nplans - 1].log->name, rec->refused_reason))
		return 0;
	img = image_new(p, (uint64_t)HD_TXLOG_BASE_BLOCK + max_hbins, &len);
	if (img == NULL)
		return -1;
	for (size_t i = 0; i < nplans; i++) {
		if (add_applied(rec, &plans[i], 1) < 0) {
			free(img);
			return -1;
		}
		hd_txlog_new_apply(&plans[i], img);
		rec->entries_applied += plans[i].entries;
	}
	last = &plans[nplans - 1];
	rec->sequence_after = last->last_seq;
	finish_base_block(img, p->valid ? img : plans[0].log->data, last->last_seq,
	                  last->final_hbins, &last->final_flags);
	return image_done(img, len, last->final_hbins, rec, image, image_len);
}

/* Copy the names of the files found into rec (empty logs too). */
static int record_found(const struct hd_txlog_set *set, struct hd_recovery *rec)
{
	for (size_t i = 0; i < HD_TXLOG_SLOTS; i++) {
		if (set->log[i].name == NULL)
			continue;
		rec->logs_found[rec->n_logs_found] = strdup(set->log[i].name);
		if (rec->logs_found[rec->n_logs_found] == NULL)
			return -1;
		rec->n_logs_found++;
	}
	if (set->alt_path != NULL) {
		rec->alt_found = 1;
		rec->alt_path = strdup(set->alt_path);
		if (rec->alt_path == NULL)
			return -1;
	}
	return 0;
}

/* 1 when the primary has a regf base block (valid or not), else 0: a file
 * that is no hive at all is the analyzer's to report, not recovery's. */
static int primary_parse(const uint8_t *data, size_t len, struct primary_info *p)
{
	memset(p, 0, sizeof *p);
	p->data = data;
	p->len = len;
	if (len < HD_TXLOG_BASE_BLOCK || memcmp(data, "regf", 4) != 0)
		return 0;
	p->valid = hd_le32(data + HD_REGF_CHECKSUM_OFFSET) == hd_regf_checksum(data);
	p->seq1 = hd_le32(data + HD_BB_SEQ1);
	p->seq2 = hd_le32(data + HD_BB_SEQ2);
	p->last_written = hd_le64(data + HD_BB_WRITTEN);
	return 1;
}

static int has_content(const struct hd_txlog_file *f)
{
	return f->name != NULL && (f->len > 0 || f->size > 0 || f->read_errno != 0 || f->not_read);
}

int hd_txlog_set_empty(const struct hd_txlog_set *set)
{
	for (size_t i = 0; i < HD_TXLOG_SLOTS; i++)
		if (has_content(&set->log[i]))
			return 0;
	return 1;
}

/*
 * The candidate logs: LOG1 and LOG2 when either has content (dual logging),
 * else LOG.  Each must be readable with a valid base block, all of one
 * format.  Returns how many (0: none, or refused with reason set).
 */
static size_t pick_candidates(const struct hd_txlog_set *set,
                              const struct hd_txlog_file *logs[2],
                              struct hd_txlog_base bases[2], char *reason)
{
	static const enum hd_txlog_slot dual[] = { HD_TXLOG_LOG1, HD_TXLOG_LOG2 };
	size_t n = 0;

	for (size_t i = 0; i < 2; i++)
		if (has_content(&set->log[dual[i]]))
			logs[n++] = &set->log[dual[i]];
	if (n == 0 && has_content(&set->log[HD_TXLOG_LOG]))
		logs[n++] = &set->log[HD_TXLOG_LOG];
	for (size_t i = 0; i < n; i++) {
		const struct hd_txlog_file *f = logs[i];

		if (f->not_read != NULL) {
			hd_txlog_refuse(reason, f->name, "not read: it %s", f->not_read);
			return 0;
		}
		if (f->read_errno != 0 || f->data == NULL) {
			hd_txlog_refuse(reason, f->name, "not read: %s", f->read_errno != 0 ?
			                strerror(f->read_errno) : "larger than the size limit");
			return 0;
		}
		if (!hd_txlog_base_parse(f, &bases[i], reason))
			return 0;
	}
	if (n == 2 && (bases[0].file_type == HD_TXLOG_TYPE_NEW_LOG) !=
	              (bases[1].file_type == HD_TXLOG_TYPE_NEW_LOG)) {
		hd_txlog_refuse(reason, NULL, "%s and %s mix the old and new log formats",
		                logs[0]->name, logs[1]->name);
		return 0;
	}
	if (n == 0)
		hd_txlog_refuse(reason, NULL, "dirty, and no non-empty transaction log beside it");
	return n;
}

int hd_txlog_recover(const uint8_t *primary, size_t primary_len,
                     const struct hd_txlog_set *set, struct hd_recovery *rec,
                     uint8_t **image, size_t *image_len)
{
	struct primary_info p;
	const struct hd_txlog_file *logs[2] = { NULL, NULL };
	struct hd_txlog_base bases[2];
	size_t n;

	memset(rec, 0, sizeof *rec);
	*image = NULL;
	*image_len = 0;
	if (record_found(set, rec) < 0)
		goto nomem;
	if (!primary_parse(primary, primary_len, &p))
		return 0;
	rec->dirty = !p.valid || p.seq1 != p.seq2;
	if (!rec->dirty)
		return 0;   /* [SPEC] "Dirty state": logs of a clean hive are ignored */
	if (primary_len > HD_TXLOG_MAX_HIVE_BYTES) {
		hd_txlog_refuse(rec->refused_reason, NULL, "larger than the %u-byte limit of "
		                "recovery", HD_TXLOG_MAX_HIVE_BYTES);
		return 0;
	}
	n = pick_candidates(set, logs, bases, rec->refused_reason);
	if (n == 0)
		return 0;
	rec->format = bases[0].file_type == HD_TXLOG_TYPE_NEW_LOG ? "new" : "old";
	if (rec->format[0] == 'n') {
		if (recover_new(&p, logs, bases, n, rec, image, image_len) >= 0)
			return rec->applied;
	} else if (recover_old(&p, logs, bases, n, rec, image, image_len) >= 0) {
		return rec->applied;
	}
nomem:
	errno = ENOMEM;
	return -1;
}

void hd_recovery_clear(struct hd_recovery *rec)
{
	for (size_t i = 0; i < rec->n_logs_found; i++)
		free(rec->logs_found[i]);
	for (size_t i = 0; i < rec->n_logs_applied; i++)
		free(rec->logs_applied[i]);
	free(rec->alt_path);
	memset(rec, 0, sizeof *rec);
}
