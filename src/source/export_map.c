/*
 * export_map.c - an export's full key paths onto the hive they came from
 * (issue 22).  [HKEY_LOCAL_MACHINE\SYSTEM\Select] is the key Select of a
 * SYSTEM hive; every key of one export must share that root.
 *
 * An export taken on the running server names CurrentControlSet, the link
 * the kernel makes to the set Select\Current names (Q102984): an offline
 * hive has no such key, so it is built as a control set.  With Select in
 * the export, it is the set Current names (and when that set is exported
 * too, regedit followed the link and wrote the same keys twice: the copy is
 * dropped).  Without Select no number is recorded: the first free number is
 * used, and the provenance says it was chosen (control_set_recorded 0).
 */
#include "source/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hive/controlset.h"
#include "hive/regtypes.h"

#define HKLM "HKEY_LOCAL_MACHINE\\"
#define CCS "CurrentControlSet"

/* The root of path ("SYSTEM" of HKLM\SYSTEM\X): its length, 0 when path is not under HKLM. */
static size_t root_len(const char *path)
{
	if (strncasecmp(path, HKLM, sizeof HKLM - 1) != 0)
		return 0;
	return strcspn(path + sizeof HKLM - 1, "\\");
}

static int set_root(const char *path, struct hd_export_map *map, struct hd_src_error *e)
{
	size_t n = root_len(path), full = sizeof HKLM - 1 + n;
	const char *root = path + sizeof HKLM - 1;

	if (n == 6 && strncasecmp(root, "SYSTEM", 6) == 0)
		map->hive_name = "SYSTEM";
	else if (n == 8 && strncasecmp(root, "SOFTWARE", 8) == 0)
		map->hive_name = "SOFTWARE";
	else {
		hd_src_error_set(e, "export_root", EINVAL, "the export's first key [%.200s] is not in "
		                 "HKEY_LOCAL_MACHINE\\SYSTEM or HKEY_LOCAL_MACHINE\\SOFTWARE", path);
		return -1;
	}
	snprintf(map->root_key, sizeof map->root_key, "%.*s", (int)full, path);
	return 0;
}

/* Replace key k's path by its part below the root; -1 when k is of another root. */
static int strip_root(struct hd_regtext_key *k, const struct hd_export_map *map, struct hd_src_error *e)
{
	size_t full = strlen(map->root_key);
	const char *rest = k->path + full;
	char *below;

	if (strncasecmp(k->path, map->root_key, full) != 0 || (*rest != '\0' && *rest != '\\')) {
		hd_src_error_set(e, "export_root", EINVAL, "line %u: key [%.200s] is not in %s, the "
		                 "export's first key's hive: one hive per export", k->line, k->path, map->root_key);
		return -1;
	}
	below = strdup(*rest ? rest + 1 : rest);
	if (below == NULL) {
		hd_src_error_set(e, "out_of_memory", ENOMEM, "out of memory");
		return -1;
	}
	free(k->path);
	k->path = below;
	return 0;
}

/* Length of CurrentControlSet at the start of path (the whole first component), else 0. */
static size_t ccs_prefix(const char *path)
{
	size_t n = sizeof CCS - 1;

	return strncasecmp(path, CCS, n) == 0 && (path[n] == '\0' || path[n] == '\\') ? n : 0;
}

/* 1 when a key ControlSet<num> (or one below it) is in doc. */
static int has_set(const struct hd_regtext *doc, unsigned num)
{
	for (size_t i = 0; i < doc->n_keys; i++) {
		size_t n = strcspn(doc->keys[i].path, "\\");
		char first[HD_CONTROLSET_NAME_LEN];
		unsigned got;

		if (n < sizeof first) {
			memcpy(first, doc->keys[i].path, n);
			first[n] = '\0';
			if (hd_controlset_parse_name(first, &got) && got == num)
				return 1;
		}
	}
	return 0;
}

/* Select\Current as a REG_DWORD naming a set (1 to 999), else 0. */
static unsigned select_current(const struct hd_regtext *doc)
{
	for (size_t i = 0; i < doc->n_keys; i++) {
		const struct hd_regtext_key *k = &doc->keys[i];

		if (strcasecmp(k->path, "Select") != 0)
			continue;
		for (size_t j = 0; j < k->n_values; j++) {
			const struct hd_regtext_value *v = &k->values[j];
			uint32_t n;

			if (strcasecmp(v->name, "Current") != 0 || v->type != HD_REG_DWORD || v->len != 4)
				continue;
			n = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 | (uint32_t)v->data[2] << 16 |
			    (uint32_t)v->data[3] << 24;
			return n >= 1 && n <= HD_CONTROLSET_MAX ? n : 0;
		}
	}
	return 0;
}

static void key_free(struct hd_regtext_key *k)
{
	for (size_t j = 0; j < k->n_values; j++) {
		free(k->values[j].name);
		free(k->values[j].data);
	}
	free(k->values);
	free(k->path);
}

/* Rename (or, when drop, remove) every CurrentControlSet key to map->ccs_as. */
static int rewrite_ccs(struct hd_regtext *doc, const struct hd_export_map *map, int drop)
{
	size_t kept = 0;

	for (size_t i = 0; i < doc->n_keys; i++) {
		struct hd_regtext_key *k = &doc->keys[i];
		size_t n = ccs_prefix(k->path);
		char *renamed = NULL;

		if (n > 0 && drop) {
			key_free(k);
			continue;
		}
		if (n > 0) {
			if (asprintf(&renamed, "%s%s", map->ccs_as, k->path + n) < 0)
				return -1;
			free(k->path);
			k->path = renamed;
		}
		doc->keys[kept++] = *k;
	}
	doc->n_keys = kept;
	return 0;
}

static int map_ccs(struct hd_regtext *doc, struct hd_export_map *map)
{
	unsigned num = select_current(doc);
	int any = 0;

	for (size_t i = 0; i < doc->n_keys && !any; i++)
		any = ccs_prefix(doc->keys[i].path) > 0;
	if (!any)
		return 0;
	map->ccs_recorded = num != 0;
	if (num != 0)
		map->ccs_dropped = has_set(doc, num);
	for (unsigned n = 1; num == 0 && n <= HD_CONTROLSET_MAX; n++)
		if (!has_set(doc, n))
			num = n;
	if (num == 0) {
		errno = ENOSPC;         /* 999 sets exported, and a link besides */
		return -1;
	}
	snprintf(map->ccs_as, sizeof map->ccs_as, "ControlSet%03u", num);
	return rewrite_ccs(doc, map, map->ccs_dropped);
}

int hd_export_map(struct hd_regtext *doc, struct hd_export_map *map, struct hd_src_error *e)
{
	memset(map, 0, sizeof *map);
	if (doc->n_keys == 0) {
		hd_src_error_set(e, "export_root", EINVAL, "the export holds no key");
		return -1;
	}
	if (set_root(doc->keys[0].path, map, e) < 0)
		return -1;
	for (size_t i = 0; i < doc->n_keys; i++)
		if (strip_root(&doc->keys[i], map, e) < 0)
			return -1;
	if (strcmp(map->hive_name, "SYSTEM") == 0 && map_ccs(doc, map) < 0) {
		hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_root", errno,
		                 "cannot build CurrentControlSet as a control set: %s", strerror(errno));
		return -1;
	}
	return 0;
}
