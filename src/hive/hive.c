/*
 * hive.c - the analyzer's only window onto hivex.
 *
 * hivex is opened without HIVEX_OPEN_WRITE, so it maps the file PROT_READ
 * and never writes it.  hivex returns 0 both for "not found" and for an
 * error, so every call below clears errno first and tests it after.
 */
#include "hive/hive.h"

#include <errno.h>
#include <hivex.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

struct hd_hive {
	hive_h *h;
};

struct hd_hive *hd_hive_open(const char *path, int flags, const char **why)
{
	struct hd_hive *hv = calloc(1, sizeof *hv);
	int hflags = (flags & HD_OPEN_UNSAFE) ? HIVEX_OPEN_UNSAFE : 0;
	int err;

	if (why)
		*why = NULL;
	if (hv == NULL)
		return NULL;
	errno = 0;
	hv->h = hivex_open(path, hflags);
	if (hv->h == NULL) {
		err = errno ? errno : EINVAL;
		free(hv);
		if (why)
			*why = err == ENOTSUP ? "unsupported or corrupt hive structure"
			     : err == EINVAL ? "invalid hive header"
			     : err == ELOOP ? "loop in the hive structure"
			     : NULL;
		errno = err;
		return NULL;
	}
	return hv;
}

void hd_hive_close(struct hd_hive *hv)
{
	int err = errno;

	if (hv == NULL)
		return;
	hivex_close(hv->h);
	free(hv);
	errno = err;
}

hd_key hd_hive_root(struct hd_hive *hv)
{
	errno = 0;
	return hivex_root(hv->h);
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Find one child by a name that may hold non-ASCII letters: hivex folds ASCII only. */
static int child_unicode(struct hd_hive *hv, hd_key parent, const char *name, hd_key *out)
{
	hive_node_h *kids;
	int rc = HD_ABSENT;

	errno = 0;
	kids = hivex_node_children(hv->h, parent);
	if (kids == NULL)
		return HD_ERROR;
	for (size_t i = 0; kids[i] != 0 && rc == HD_ABSENT; i++) {
		if (i == HD_MAX_SUBKEYS) {
			errno = E2BIG;
			rc = HD_ERROR;
			break;
		}
		char *kn = hivex_node_name(hv->h, kids[i]);
		if (kn == NULL) {
			rc = HD_ERROR;
			break;
		}
		if (hd_name_equal(kn, name)) {
			*out = kids[i];
			rc = HD_FOUND;
		}
		free(kn);
	}
	free(kids);
	return rc;
}

static int child(struct hd_hive *hv, hd_key parent, const char *name, hd_key *out)
{
	hive_node_h k;

	if (!is_ascii(name))
		return child_unicode(hv, parent, name, out);
	errno = 0;
	k = hivex_node_get_child(hv->h, parent, name);
	if (k == 0)
		return errno ? HD_ERROR : HD_ABSENT;
	*out = k;
	return HD_FOUND;
}

int hd_key_lookup(struct hd_hive *hv, hd_key parent, const char *path, hd_key *out)
{
	char buf[HD_MAX_PATH_LEN];
	char *save = NULL, *part;
	hd_key cur = parent;
	size_t n = strlen(path), depth = 0;

	if (n >= sizeof buf) {
		errno = ENAMETOOLONG;
		return HD_ERROR;
	}
	memcpy(buf, path, n + 1);
	for (size_t i = 0; i < n; i++)
		depth += path[i] == '\\';
	if (depth >= HD_MAX_KEY_DEPTH) {
		errno = ENAMETOOLONG;
		return HD_ERROR;
	}
	for (part = strtok_r(buf, "\\", &save); part; part = strtok_r(NULL, "\\", &save)) {
		int rc = child(hv, cur, part, &cur);
		if (rc != HD_FOUND)
			return rc;
	}
	*out = cur;
	return HD_FOUND;
}

char *hd_key_name(struct hd_hive *hv, hd_key key)
{
	errno = 0;
	return hivex_node_name(hv->h, key);
}

uint64_t hd_key_time(struct hd_hive *hv, hd_key key)
{
	int64_t t;

	errno = 0;
	t = hivex_node_timestamp(hv->h, key);
	return t < 0 ? 0 : (uint64_t)t;
}

int hd_key_subkey_names(struct hd_hive *hv, hd_key key, char ***names, size_t *count)
{
	hive_node_h *kids = NULL;
	char **v = NULL;
	size_t n = 0;
	int rc = HD_ERROR;

	errno = 0;
	kids = hivex_node_children(hv->h, key);
	if (kids == NULL)
		goto out;
	while (kids[n])
		n++;
	if (n > HD_MAX_SUBKEYS) {
		errno = E2BIG;
		goto out;
	}
	v = calloc(n + 1, sizeof *v);
	if (v == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((v[i] = hivex_node_name(hv->h, kids[i])) == NULL)
			goto out;
	*names = v;
	*count = n;
	v = NULL;
	rc = HD_FOUND;
out:
	free(kids);
	hd_strv_free(v);
	return rc;
}

static int find_value(struct hd_hive *hv, hd_key key, const char *name, hive_value_h *out)
{
	hive_value_h *vals;
	int rc = HD_ABSENT;

	errno = 0;
	if (is_ascii(name)) {
		*out = hivex_node_get_value(hv->h, key, name);
		return *out ? HD_FOUND : errno ? HD_ERROR : HD_ABSENT;
	}
	vals = hivex_node_values(hv->h, key);
	if (vals == NULL)
		return HD_ERROR;
	for (size_t i = 0; vals[i] != 0 && rc == HD_ABSENT; i++) {
		char *vn;
		if (i == HD_MAX_VALUES) {
			errno = E2BIG;
			rc = HD_ERROR;
			break;
		}
		vn = hivex_value_key(hv->h, vals[i]);
		if (vn == NULL) {
			rc = HD_ERROR;
			break;
		}
		if (hd_name_equal(vn, name)) {
			*out = vals[i];
			rc = HD_FOUND;
		}
		free(vn);
	}
	free(vals);
	return rc;
}

int hd_value_read(struct hd_hive *hv, hd_key key, const char *name, struct hd_raw_value *out)
{
	hive_value_h val = 0;
	hive_type t;
	size_t len = 0;
	char *data;
	int rc = find_value(hv, key, name, &val);

	memset(out, 0, sizeof *out);
	if (rc != HD_FOUND)
		return rc;
	errno = 0;
	if (hivex_value_type(hv->h, val, &t, &len) < 0)
		return HD_ERROR;
	if (len > HD_MAX_VALUE_BYTES) {
		errno = EFBIG;
		return HD_ERROR;
	}
	errno = 0;
	data = hivex_value_value(hv->h, val, &t, &len);
	if (data == NULL && (errno != 0 || len != 0))
		return HD_ERROR;
	out->type = (uint32_t)t;
	out->data = (uint8_t *)data;
	out->len = len;
	return HD_FOUND;
}

void hd_raw_value_clear(struct hd_raw_value *v)
{
	free(v->data);
	memset(v, 0, sizeof *v);
}
