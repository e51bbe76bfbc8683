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
#include <strings.h>

#include "util/textutil.h"

/*
 * A name index of one key's subkeys.  hivex finds a child by decoding every
 * sibling's name (iconv) and comparing them in turn; the analysis looks up
 * about a hundred names under Services (and under ControlSet00N) of each
 * control set it reads, so on a Windows 7 hive a fifth of all cycles went to
 * those decodes.  From the second lookup under a key, its children's names
 * are decoded once, folded as hivex compares them (ASCII only, strcasecmp)
 * and sorted; lookups then search that array.  The answer is the one hivex
 * would give: among equal names the first child in hivex's order wins, and
 * a key whose children cannot all be listed and named is never indexed (its
 * lookups keep going through hivex, errors and all).
 */
struct child_entry {
	char *folded;           /* ASCII-lowercased UTF-8 name */
	size_t order;           /* position in hivex's child list */
	hd_key node;
};

struct child_index {
	hd_key parent;
	unsigned lookups;       /* lookups seen under parent */
	int state;              /* 0 not built, 1 built, -1 not indexable */
	struct child_entry *e;
	size_t n;
};

/* Keys indexed per hive, and the least children that make an index pay. */
#define INDEX_SLOTS 64
#define INDEX_MIN_CHILDREN 8

struct hd_hive {
	hive_h *h;
	int no_index;           /* HD_OPEN_NO_INDEX */
	int no_times;           /* HD_OPEN_NO_TIMES */
	struct child_index idx[INDEX_SLOTS];
	size_t n_idx;           /* slots used */
	size_t next_slot;       /* the next slot a key seen once may take */
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
	hv->no_index = (flags & HD_OPEN_NO_INDEX) != 0;
	hv->no_times = (flags & HD_OPEN_NO_TIMES) != 0;
	return hv;
}

static void index_free(struct child_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->e[i].folded);
	free(ix->e);
	ix->e = NULL;
	ix->n = 0;
}

static void fold_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct child_entry *a = pa, *b = pb;
	int c = strcmp(a->folded, b->folded);

	return c != 0 ? c : a->order < b->order ? -1 : a->order > b->order;
}

/* Decode and sort parent's children; 1 built, 0 not indexable, -1 no memory. */
static int index_build(struct hd_hive *hv, struct child_index *ix)
{
	hive_node_h *kids;
	size_t n = 0;

	errno = 0;
	kids = hivex_node_children(hv->h, ix->parent);
	if (kids == NULL)
		return 0;
	while (kids[n] != 0 && n <= HD_MAX_SUBKEYS)
		n++;
	if (n < INDEX_MIN_CHILDREN || n > HD_MAX_SUBKEYS ||
	    (ix->e = calloc(n, sizeof *ix->e)) == NULL) {
		free(kids);
		return n >= INDEX_MIN_CHILDREN && n <= HD_MAX_SUBKEYS ? -1 : 0;
	}
	for (ix->n = 0; ix->n < n; ix->n++) {
		struct child_entry *e = &ix->e[ix->n];

		errno = 0;
		if ((e->folded = hivex_node_name(hv->h, kids[ix->n])) == NULL) {
			int err = errno;

			index_free(ix);
			free(kids);
			return err == ENOMEM ? -1 : 0;
		}
		fold_ascii(e->folded);
		e->order = ix->n;
		e->node = kids[ix->n];
	}
	free(kids);
	qsort(ix->e, ix->n, sizeof *ix->e, entry_cmp);
	return 1;
}

/* The index of parent when it has one (building it on its second lookup). */
static const struct child_index *index_for(struct hd_hive *hv, hd_key parent)
{
	struct child_index *ix = NULL;
	int rc;

	if (hv->no_index)
		return NULL;

	for (size_t i = 0; i < hv->n_idx && ix == NULL; i++)
		if (hv->idx[i].parent == parent)
			ix = &hv->idx[i];
	if (ix == NULL) {
		/* A key seen once takes a free slot, or the slot of another key
		 * seen only once (in turn); built indexes stay. */
		for (size_t tries = 0; tries < INDEX_SLOTS && ix == NULL; tries++) {
			size_t i = hv->n_idx < INDEX_SLOTS ? hv->n_idx++ : hv->next_slot++ % INDEX_SLOTS;

			if (hv->idx[i].state == 0)
				ix = &hv->idx[i];
		}
		if (ix != NULL)
			*ix = (struct child_index){ .parent = parent, .lookups = 1 };
		return NULL;
	}
	if (ix->state == 0 && ++ix->lookups >= 2) {
		rc = index_build(hv, ix);
		ix->state = rc == 1 ? 1 : -1;
	}
	return ix->state == 1 ? ix : NULL;
}

/* hivex_node_get_child's answer, from the index: the first child in hivex's
 * order whose name equals name under ASCII case folding (key is name,
 * already folded). */
static int index_find(const struct child_index *ix, const char *key, hd_key *out)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {               /* the first entry not below key */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->e[mid].folded, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->n || strcmp(ix->e[lo].folded, key) != 0)
		return HD_ABSENT;
	*out = ix->e[lo].node;
	return HD_FOUND;
}

void hd_hive_close(struct hd_hive *hv)
{
	int err = errno;

	if (hv == NULL)
		return;
	for (size_t i = 0; i < hv->n_idx; i++)
		index_free(&hv->idx[i]);
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

	const struct child_index *ix;
	char key[256];
	size_t len = strlen(name);

	if (!is_ascii(name))
		return child_unicode(hv, parent, name, out);
	/* Names longer than any Windows writes (255) go to hivex as they are. */
	if (len < sizeof key && (ix = index_for(hv, parent)) != NULL) {
		memcpy(key, name, len + 1);
		fold_ascii(key);
		errno = 0;
		return index_find(ix, key, out);
	}
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

int hd_key_child(struct hd_hive *hv, hd_key parent, const char *name, hd_key *out)
{
	errno = 0;
	if (name[0] == '\0' || strchr(name, '\\') != NULL)
		return HD_ABSENT;
	return child(hv, parent, name, out);
}

char *hd_key_name(struct hd_hive *hv, hd_key key)
{
	errno = 0;
	return hivex_node_name(hv->h, key);
}

int hd_key_time(struct hd_hive *hv, hd_key key, uint64_t *out)
{
	int64_t t;

	errno = 0;
	*out = 0;
	if (hv->no_times)
		return HD_ABSENT;       /* a reconstruction: the hive's zeros are no times */
	t = hivex_node_timestamp(hv->h, key);
	*out = t < 0 ? 0 : (uint64_t)t;
	if (t >= 0)
		return HD_FOUND;
	if (errno == 0)
		errno = EINVAL;
	return HD_ERROR;
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
