/*
 * regf_cells.c - find keys and values in a hive held in memory (see
 * regf_cells.h).  Offsets in cells are relative to the first hive bin,
 * which follows the 4096-byte base block.
 */
#include "hive/regf_cells.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "util/textutil.h"

#define ROOT_OFFSET 36u         /* base block: root cell offset */
#define HBINS_SIZE 40u          /* base block: bytes of hive bins after it */
#define NK_FLAGS 0x02u
#define NK_SUBKEY_COUNT 0x14u
#define NK_SUBKEY_LIST 0x1cu
#define NK_VALUE_COUNT 0x24u
#define NK_VALUE_LIST 0x28u
#define NK_NAME_LEN 0x48u
#define NK_NAME 0x4cu
#define NK_COMP_NAME 0x0020u    /* name stored as Latin-1, not UTF-16LE */
#define VK_NAME_LEN 0x02u
#define VK_DATA_SIZE 0x04u
#define VK_DATA 0x08u
#define VK_TYPE 0x0cu
#define VK_FLAGS 0x10u
#define VK_NAME 0x14u
#define VK_COMP_NAME 0x0001u
#define DATA_INLINE 0x80000000u /* data size flag: the data is the offset field itself */
#define MAX_DIRECT_DATA 16344u  /* longer data is a big-data (db) record from regf 1.4 on */
#define MAX_NAME_BYTES 1024u    /* longer names are no name this reader looks for */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/*
 * Where the hive bins end: the base block's hive bins size, or the end of
 * the buffer when the file is shorter (a truncated hive, read only in
 * unsafe mode).  Bytes after the bins are no cells, whatever they hold.
 */
static size_t bins_end(const struct hd_cells *c)
{
	size_t bins;
	uint32_t declared;

	if (c->len < HD_REGF_BASE_BLOCK_SIZE)
		return 0;       /* no base block: no cell anywhere */
	bins = c->len - HD_REGF_BASE_BLOCK_SIZE;
	declared = le32(c->data + HBINS_SIZE);
	return HD_REGF_BASE_BLOCK_SIZE + (declared < bins ? declared : bins);
}

/*
 * The data of the allocated cell at off, when it holds at least need bytes
 * (and sig, if given): its usable size in *avail.  NULL otherwise.
 */
static const uint8_t *cell(const struct hd_cells *c, uint32_t off, size_t need, const char *sig,
                           size_t *avail)
{
	size_t pos = (size_t)HD_REGF_BASE_BLOCK_SIZE + off, end = bins_end(c);
	int32_t size;
	size_t have;

	if (off == 0xffffffffu || pos < off || pos > end || end - pos < 4)
		return NULL;
	size = (int32_t)le32(c->data + pos);
	if (size >= 0 || size == INT32_MIN)
		return NULL;    /* a free cell (or nonsense) is not what an offset may point to */
	have = (size_t)-(int64_t)size;
	if (have < 4 || have - 4 < need || end - pos - 4 < have - 4)
		return NULL;
	if (sig && memcmp(c->data + pos + 4, sig, 2) != 0)
		return NULL;
	*avail = have - 4;
	return c->data + pos + 4;
}

int hd_cells_root(const struct hd_cells *c, uint32_t *nk)
{
	size_t avail;

	if (c->len < HD_REGF_BASE_BLOCK_SIZE)
		return HD_ERROR;
	*nk = le32(c->data + ROOT_OFFSET);
	return cell(c, *nk, NK_NAME, "nk", &avail) ? HD_FOUND : HD_ERROR;
}

/* A stored name (Latin-1 when comp, else UTF-16LE) as UTF-8 (new string); NULL with errno ENOMEM. */
static char *name_utf8(const uint8_t *p, size_t n, int comp)
{
	char *buf;
	size_t o = 0;

	if (!comp)
		return hd_utf16le_to_utf8(p, n, 0);
	if ((buf = malloc(2 * n + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x80) {
			buf[o++] = (char)p[i];
		} else {
			buf[o++] = (char)(0xc0 | p[i] >> 6);
			buf[o++] = (char)(0x80 | (p[i] & 0x3f));
		}
	}
	buf[o] = '\0';
	return buf;
}

/* A stored name equals want (UTF-8)?  1, 0, -1 ENOMEM.  A name holding NUL equals nothing. */
static int name_is(const uint8_t *p, size_t n, int comp, const char *want)
{
	char *u;
	int eq;

	if (n > MAX_NAME_BYTES)
		return 0;
	if ((u = name_utf8(p, n, comp)) == NULL)
		return -1;
	eq = (!comp || memchr(p, 0, n) == NULL) && hd_name_equal(u, want);
	free(u);
	return eq;
}

/* Key nk is named want?  1, 0, or -1 (damaged: HD_ERROR; errno ENOMEM: out of memory). */
static int key_is(const struct hd_cells *c, uint32_t nk, const char *want)
{
	size_t avail;
	const uint8_t *k = cell(c, nk, NK_NAME, "nk", &avail);
	size_t n;

	if (k == NULL)
		return -1;
	n = le16(k + NK_NAME_LEN);
	if (avail - NK_NAME < n)
		return -1;
	return name_is(k + NK_NAME, n, (le16(k + NK_FLAGS) & NK_COMP_NAME) != 0, want);
}

/*
 * The work of one lookup is bounded by the key's own subkey count, as hivex
 * bounds its child list (node.c: the children it reads must number
 * nr_subkeys, at most HIVEX_MAX_SUBKEYS): without it an ri list of 65,535
 * entries that all name one leaf of 2,000 keys costs 130 million name
 * comparisons for one lookup of an absent name (issue 26).  Each leaf entry
 * visited takes one from *left, and no list may hold more entries than
 * are left; a list that would go past it is damage (HD_ERROR), so a lookup
 * visits at most twice the subkey count.  An ri may point only to lf/lh/li lists, never to
 * another ri (hivex refuses the nesting since CVE-2021-3622): depth 1.
 */
#define MAX_SUBKEYS 65536u      /* as HD_MAX_SUBKEYS (hive.h): the analyzer's cap per key */

/* What a list walk does with each key it reaches: HD_ABSENT goes on, anything else ends the walk. */
typedef int (*visit_fn)(const struct hd_cells *c, uint32_t nk, void *ctx);

static int walk_list(const struct hd_cells *c, uint32_t list, int depth, size_t *left, visit_fn visit, void *ctx)
{
	size_t avail, stride, count;
	const uint8_t *l = cell(c, list, 4, NULL, &avail);
	int is_ri;

	if (l == NULL)
		return HD_ERROR;
	is_ri = memcmp(l, "ri", 2) == 0;
	if (memcmp(l, "lf", 2) == 0 || memcmp(l, "lh", 2) == 0)
		stride = 8;
	else if (memcmp(l, "li", 2) == 0 || (is_ri && depth == 0))
		stride = 4;
	else
		return HD_ERROR;
	count = le16(l + 2);
	/* An ri's entries are bounded by *left too (each names a leaf of at
	 * least one key), but only leaf entries take from it. */
	if ((avail - 4) / stride < count || count > *left)
		return HD_ERROR;
	if (!is_ri)
		*left -= count;
	for (size_t i = 0; i < count; i++) {
		uint32_t off = le32(l + 4 + i * stride);
		int rc = is_ri ? walk_list(c, off, 1, left, visit, ctx) : visit(c, off, ctx);

		if (rc != HD_ABSENT)
			return rc;
	}
	return HD_ABSENT;
}

/* Walk the subkeys of nk: HD_ABSENT when every one was visited (or none exist), else the visit's or HD_ERROR. */
static int walk_subkeys(const struct hd_cells *c, uint32_t nk, visit_fn visit, void *ctx)
{
	size_t avail;
	const uint8_t *k = cell(c, nk, NK_NAME, "nk", &avail);
	size_t left;

	if (k == NULL)
		return HD_ERROR;
	if ((left = le32(k + NK_SUBKEY_COUNT)) == 0)
		return HD_ABSENT;
	if (left > MAX_SUBKEYS)
		return HD_ERROR;
	return walk_list(c, le32(k + NK_SUBKEY_LIST), 0, &left, visit, ctx);
}

struct find {
	const char *want;
	uint32_t *out;
};

static int visit_find(const struct hd_cells *c, uint32_t nk, void *ctx)
{
	struct find *f = ctx;
	int rc = key_is(c, nk, f->want);

	if (rc == 0)
		return HD_ABSENT;
	*f->out = nk;
	return rc == 1 ? HD_FOUND : HD_ERROR;
}

static int subkey(const struct hd_cells *c, uint32_t nk, const char *want, uint32_t *out)
{
	struct find f = { want, out };

	return walk_subkeys(c, nk, visit_find, &f);
}

struct names {
	char **v;
	size_t n, cap;
};

static int visit_name(const struct hd_cells *c, uint32_t nk, void *ctx)
{
	struct names *ns = ctx;
	size_t avail, n;
	const uint8_t *k = cell(c, nk, NK_NAME, "nk", &avail);
	char **grown;

	if (k == NULL || avail - NK_NAME < (n = le16(k + NK_NAME_LEN)))
		return HD_ERROR;
	if (ns->n + 1 >= ns->cap) {
		size_t cap = ns->cap ? 2 * ns->cap : 16;
		if ((grown = realloc(ns->v, cap * sizeof *grown)) == NULL)
			return HD_ERROR;
		ns->v = grown;
		ns->cap = cap;
	}
	if ((ns->v[ns->n] = name_utf8(k + NK_NAME, n, (le16(k + NK_FLAGS) & NK_COMP_NAME) != 0)) == NULL)
		return HD_ERROR;
	ns->v[++ns->n] = NULL;
	return HD_ABSENT;
}

int hd_cells_subkey_names(const struct hd_cells *c, uint32_t nk, char ***names, size_t *n)
{
	struct names ns = { NULL, 0, 0 };
	int rc;

	*names = NULL;
	*n = 0;
	errno = 0;
	if ((rc = walk_subkeys(c, nk, visit_name, &ns)) != HD_ABSENT) {
		hd_strv_free(ns.v);
		if (errno != ENOMEM)
			errno = EINVAL;
		return HD_ERROR;
	}
	if (ns.v == NULL && (ns.v = calloc(1, sizeof *ns.v)) == NULL)
		return HD_ERROR;
	*names = ns.v;
	*n = ns.n;
	return HD_FOUND;
}

int hd_cells_key(const struct hd_cells *c, uint32_t nk, const char *path, uint32_t *out)
{
	char part[MAX_NAME_BYTES + 1];
	const char *p = path;

	*out = nk;
	while (*p) {
		size_t n = strcspn(p, "\\");
		int rc;

		if (n == 0 || n > MAX_NAME_BYTES)
			return HD_ABSENT;
		memcpy(part, p, n);
		part[n] = '\0';
		if ((rc = subkey(c, *out, part, out)) != HD_FOUND)
			return rc;
		p += n;
		if (*p == '\\')
			p++;
	}
	return HD_FOUND;
}

/* Copy a value's data out of vk (need VK_NAME bytes available). */
static int value_data(const struct hd_cells *c, const uint8_t *vk, struct hd_raw_value *out)
{
	uint32_t size = le32(vk + VK_DATA_SIZE);
	const uint8_t *src = vk + VK_DATA;
	size_t len = size & ~DATA_INLINE, avail;

	if (size & DATA_INLINE) {
		if (len > 4)
			return HD_ERROR;
	} else {
		if (len > MAX_DIRECT_DATA || (len > 0 && (src = cell(c, le32(vk + VK_DATA), len, NULL, &avail)) == NULL))
			return HD_ERROR;
	}
	if ((out->data = malloc(len ? len : 1)) == NULL)
		return HD_ERROR;
	memcpy(out->data, src, len);
	out->len = len;
	out->type = le32(vk + VK_TYPE);
	return HD_FOUND;
}

int hd_cells_value(const struct hd_cells *c, uint32_t nk, const char *name, struct hd_raw_value *out)
{
	size_t avail, lavail;
	const uint8_t *k = cell(c, nk, NK_NAME, "nk", &avail), *list;
	uint32_t count;

	memset(out, 0, sizeof *out);
	errno = 0;
	if (k == NULL)
		return HD_ERROR;
	if ((count = le32(k + NK_VALUE_COUNT)) == 0)
		return HD_ABSENT;
	list = cell(c, le32(k + NK_VALUE_LIST), 0, NULL, &lavail);
	if (list == NULL || lavail / 4 < count)
		return HD_ERROR;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *vk = cell(c, le32(list + 4 * (size_t)i), VK_NAME, "vk", &avail);
		size_t n;
		int eq;

		if (vk == NULL || avail - VK_NAME < (n = le16(vk + VK_NAME_LEN)))
			return HD_ERROR;
		if ((eq = name_is(vk + VK_NAME, n, (le16(vk + VK_FLAGS) & VK_COMP_NAME) != 0, name)) < 0)
			return HD_ERROR;
		if (eq)
			return value_data(c, vk, out);
	}
	return HD_ABSENT;
}
