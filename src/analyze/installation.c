/*
 * installation.c - the copies of a Windows installation and how each is
 * analyzed and compared with the current hive (see installation.h).
 *
 * Descriptors (issue 26): every hive is read through the descriptor the
 * volume scan opened (volume.h), and its logs and .ALT looked for in the
 * folder the scan walked, never reopened by name; paths name files in
 * reports only.
 */
#include "analyze/installation.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"

static void describe_volume(struct hd_installation *inst)
{
	static const char *const layouts[] = { "volume", "systemroot", "config" };

	for (size_t i = 0; i < inst->vol.n_files; i++) {
		const struct hd_volume_file *f = &inst->vol.files[i];

		inst->found[i].path = f->path;
		inst->found[i].role = hd_role_name(f->role);
		inst->found[i].hive = f->hive;
		inst->found[i].prov = f->fd >= 0 && f->prov.n_links ? &f->prov : NULL;
	}
	inst->info.dir = inst->dir;
	inst->info.layout = layouts[inst->vol.layout];
	inst->info.systemroot = inst->vol.systemroot ? inst->vol.systemroot : "";
	inst->info.from_bootini = inst->vol.from_bootini;
	inst->info.files = inst->found;
	inst->info.n_files = inst->vol.n_files;
}

/* The length of the folder part of a relative path ("WINNT/repair/system._" -> 12). */
static size_t folder_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* The SOFTWARE copy of the same role in the same folder as sys, or NULL. */
static const struct hd_volume_file *software_of(const struct hd_volume *vol, const struct hd_volume_file *sys)
{
	size_t n = folder_len(sys->path);

	for (size_t i = 0; i < vol->n_files; i++) {
		const struct hd_volume_file *f = &vol->files[i];

		if (f->role == sys->role && strcmp(f->hive, "SOFTWARE") == 0 && folder_len(f->path) == n &&
		    strncmp(f->path, sys->path, n) == 0)
			return f;
	}
	return NULL;
}

static struct hd_opened opened(const struct hd_volume_file *f)
{
	return (struct hd_opened){ f->fd, f->dir, f->name, f->prov.n_links ? &f->prov : NULL };
}

/* One SYSTEM hive of the volume, with its SOFTWARE partner and the names of both. */
static int add_copy(struct hd_installation *inst, const struct hd_volume_file *f)
{
	struct hd_install_copy *c = &inst->copies[inst->n];

	c->sys = f;
	c->sw = software_of(&inst->vol, f);
	c->sys_at = opened(f);
	if (asprintf(&c->path, "%s/%s", inst->dir, f->path) < 0) {
		c->path = NULL;
		return -1;
	}
	inst->n++;
	if (c->sw == NULL)
		return 0;
	c->sw_at = opened(c->sw);
	if (asprintf(&c->sw_path, "%s/%s", inst->dir, c->sw->path) < 0) {
		c->sw_path = NULL;
		return -1;
	}
	return 0;
}

/* Each SYSTEM hive of the volume, current first (volume.c lists it first). */
static int list_copies(struct hd_installation *inst)
{
	for (size_t i = 0; i < inst->vol.n_files; i++) {
		const struct hd_volume_file *f = &inst->vol.files[i];

		if (f->role == HD_ROLE_LOG || strcmp(f->hive, "SYSTEM") != 0)
			continue;
		if (f->role == HD_ROLE_CURRENT && inst->n == 0)
			inst->have_current = 1;
		if (add_copy(inst, f) < 0)
			return -1;
	}
	return 0;
}

int hd_installation_open(struct hd_src_dir *root, const char *dir, struct hd_installation *inst)
{
	int rc;

	memset(inst, 0, sizeof *inst);
	inst->dir = dir;
	if ((rc = hd_volume_scan(root, &inst->vol)) <= 0)
		return rc;
	describe_volume(inst);
	if (list_copies(inst) < 0) {
		errno = ENOMEM;
		return -1;
	}
	return 1;
}

void hd_installation_clear(struct hd_installation *inst)
{
	for (size_t i = 0; i < inst->n; i++) {
		free(inst->copies[i].path);
		free(inst->copies[i].sw_path);
	}
	hd_volume_clear(&inst->vol);
	memset(inst, 0, sizeof *inst);
}

void hd_installation_analyze(const struct hd_installation *inst, size_t i, const struct hd_options *opts,
                             struct hd_result *res)
{
	const struct hd_install_copy *c = &inst->copies[i];

	hd_analyze_pair_at(c->path, &c->sys_at, c->sw_path, c->sw ? &c->sw_at : NULL, opts, res);
	res->role = hd_role_name(c->sys->role);
}

/* The image a copy's verdicts come from: the expanded one for a compressed copy. */
static uint64_t written(const struct hd_result *res)
{
	const struct hd_fileinfo *fi = res->expanded.format ? &res->expanded.image : &res->file;

	return fi->have_header ? fi->header.last_written : 0;
}

int hd_installation_compare(const struct hd_result *cur, struct hd_result *copy)
{
	struct hd_changes_side a, b;

	if (cur == NULL || cur->error_code || copy->error_code)
		return 0;
	a = (struct hd_changes_side){ &cur->trail, cur->imc.status, cur->mta.status, cur->cs.analyzed_name };
	b = (struct hd_changes_side){ &copy->trail, copy->imc.status, copy->mta.status, copy->cs.analyzed_name };
	copy->vs_current.against = copy->role;
	copy->vs_current.current_path = cur->path;
	copy->vs_current.copy_path = copy->path;
	copy->vs_current.copy_written = written(copy);
	return hd_changes_compute(&a, &b, &copy->vs_current);
}
