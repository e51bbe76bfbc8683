/* test_regf_cells.c - the peers pass's cell reader over hand-built hives in
 * memory: well-formed subkey lists, and the hostile ones of issue 26 item 9
 * (an ri list that repeats one leaf, an ri inside an ri, a list longer than
 * the key's subkey count, a cell past the hive bins). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"
#include "hive/regf_cells.h"
#include "util/textutil.h"

/* A hive being built: base block, one hbin, cells appended in order. */
struct img {
	uint8_t *b;
	size_t len, used;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void img_init(struct img *m, size_t bins)
{
	m->len = HD_REGF_BASE_BLOCK_SIZE + bins;
	m->b = calloc(1, m->len);
	cr_assert_not_null(m->b);
	memcpy(m->b, "regf", 4);
	put32(m->b + 40, (uint32_t)bins);               /* hive bins size */
	memcpy(m->b + HD_REGF_BASE_BLOCK_SIZE, "hbin", 4);
	put32(m->b + HD_REGF_BASE_BLOCK_SIZE + 8, (uint32_t)bins);
	m->used = 32;                                   /* the hbin header */
}

/* A new allocated cell of n data bytes; returns its offset (relative to the bins). */
static uint32_t cell_new(struct img *m, size_t n, uint8_t **data)
{
	size_t size = (n + 4 + 7) & ~(size_t)7;
	uint32_t off = (uint32_t)m->used;

	cr_assert_leq(HD_REGF_BASE_BLOCK_SIZE + m->used + size, m->len, "image too small");
	put32(m->b + HD_REGF_BASE_BLOCK_SIZE + off, (uint32_t)-(int32_t)size);
	*data = m->b + HD_REGF_BASE_BLOCK_SIZE + off + 4;
	m->used += size;
	return off;
}

/* A key named name (ASCII, stored Latin-1) with nsub subkeys in list. */
static uint32_t nk_new(struct img *m, const char *name, uint32_t nsub, uint32_t list)
{
	uint8_t *d;
	size_t n = strlen(name);
	uint32_t off = cell_new(m, 0x4c + n, &d);

	memcpy(d, "nk", 2);
	put16(d + 0x02, 0x0020);                        /* compressed (Latin-1) name */
	put32(d + 0x14, nsub);
	put32(d + 0x1c, nsub ? list : 0xffffffffu);
	put32(d + 0x28, 0xffffffffu);
	put16(d + 0x48, (uint16_t)n);
	memcpy(d + 0x4c, name, n);
	return off;
}

/* A subkey list of signature sig ("lf", "lh": 8-byte entries; "li", "ri": 4). */
static uint32_t list_new(struct img *m, const char *sig, const uint32_t *off, size_t n)
{
	size_t stride = sig[1] == 'f' || sig[1] == 'h' ? 8 : 4;
	uint8_t *d;
	uint32_t at = cell_new(m, 4 + n * stride, &d);

	memcpy(d, sig, 2);
	put16(d + 2, (uint16_t)n);
	for (size_t i = 0; i < n; i++)
		put32(d + 4 + i * stride, off[i]);
	return at;
}

static void set_root(struct img *m, uint32_t nk)
{
	put32(m->b + 36, nk);
}

static int lookup(const struct img *m, const char *path)
{
	struct hd_cells c = { .data = m->b, .len = m->len };
	uint32_t root = 0, out = 0;

	cr_assert_eq(hd_cells_root(&c, &root), HD_FOUND);
	return hd_cells_key(&c, root, path, &out);
}

TestSuite(regf_cells);

/* An ri of two leaves holding four keys, as Windows splits a long list:
 * every key is found through it, and a name not there is absent. */
Test(regf_cells, ri_of_leaves_is_read)
{
	struct img m;
	uint32_t k[4], l[2];

	img_init(&m, 4096);
	k[0] = nk_new(&m, "Alpha", 0, 0);
	k[1] = nk_new(&m, "Beta", 0, 0);
	k[2] = nk_new(&m, "Gamma", 0, 0);
	k[3] = nk_new(&m, "Delta", 0, 0);
	l[0] = list_new(&m, "lf", k, 2);
	l[1] = list_new(&m, "li", k + 2, 2);
	set_root(&m, nk_new(&m, "ROOT", 4, list_new(&m, "ri", l, 2)));
	cr_expect_eq(lookup(&m, "alpha"), HD_FOUND);
	cr_expect_eq(lookup(&m, "DELTA"), HD_FOUND);
	cr_expect_eq(lookup(&m, "Epsilon"), HD_ABSENT);
	free(m.b);
}

/* An ri that names one leaf 8,000 times under a key of 2 subkeys: before
 * the bound an absent name cost 16,000 comparisons (8,000 x 2,000 on a
 * bigger leaf); now the list is damage at once. */
Test(regf_cells, ri_repeating_one_leaf_is_bounded)
{
	enum { REPEATS = 8000 };
	struct img m;
	uint32_t k[2], *l = calloc(REPEATS, sizeof *l), leaf;

	cr_assert_not_null(l);
	img_init(&m, 40960);
	k[0] = nk_new(&m, "Alpha", 0, 0);
	k[1] = nk_new(&m, "Beta", 0, 0);
	leaf = list_new(&m, "lf", k, 2);
	for (size_t i = 0; i < REPEATS; i++)
		l[i] = leaf;
	set_root(&m, nk_new(&m, "ROOT", 2, list_new(&m, "ri", l, REPEATS)));
	cr_expect_eq(lookup(&m, "Gamma"), HD_ERROR);
	free(l);
	free(m.b);
}

/* The same leaf twice under a key that counts its two subkeys: the leaf
 * entries visited (4) pass the count (2). */
Test(regf_cells, leaves_past_the_subkey_count_are_damage)
{
	struct img m;
	uint32_t k[2], l[2];

	img_init(&m, 4096);
	k[0] = nk_new(&m, "Alpha", 0, 0);
	k[1] = nk_new(&m, "Beta", 0, 0);
	l[0] = l[1] = list_new(&m, "lf", k, 2);
	set_root(&m, nk_new(&m, "ROOT", 2, list_new(&m, "ri", l, 2)));
	cr_expect_eq(lookup(&m, "Alpha"), HD_FOUND);    /* found in the first leaf */
	cr_expect_eq(lookup(&m, "Gamma"), HD_ERROR);
	free(m.b);
}

/* A leaf list longer than its key's subkey count is damage too. */
Test(regf_cells, leaf_longer_than_the_subkey_count_is_damage)
{
	struct img m;
	uint32_t k[3];

	img_init(&m, 4096);
	k[0] = nk_new(&m, "Alpha", 0, 0);
	k[1] = nk_new(&m, "Beta", 0, 0);
	k[2] = nk_new(&m, "Gamma", 0, 0);
	set_root(&m, nk_new(&m, "ROOT", 1, list_new(&m, "lh", k, 3)));
	cr_expect_eq(lookup(&m, "Gamma"), HD_ERROR);
	cr_expect_eq(lookup(&m, "Delta"), HD_ERROR);
	free(m.b);
}

/* An ri points only to leaves: an ri inside an ri is damage, not a second
 * level (a loop of ri lists could otherwise recurse without end). */
Test(regf_cells, ri_inside_ri_is_damage)
{
	struct img m;
	uint32_t k, leaf, inner, self;

	img_init(&m, 4096);
	k = nk_new(&m, "Alpha", 0, 0);
	leaf = list_new(&m, "lf", &k, 1);
	inner = list_new(&m, "ri", &leaf, 1);
	set_root(&m, nk_new(&m, "ROOT", 1, list_new(&m, "ri", &inner, 1)));
	cr_expect_eq(lookup(&m, "Alpha"), HD_ERROR);
	/* An ri that names itself. */
	self = (uint32_t)m.used;
	cr_assert_eq(list_new(&m, "ri", &self, 1), self);
	set_root(&m, nk_new(&m, "ROOT", 1, self));
	cr_expect_eq(lookup(&m, "Alpha"), HD_ERROR);
	free(m.b);
}

/* A cell past the hive bins the base block declares is no cell, even when
 * the file goes on: the root's list lies in bytes after the bins. */
Test(regf_cells, cells_past_the_bins_are_not_read)
{
	struct img m;
	uint32_t k, root, list;

	img_init(&m, 8192);
	k = nk_new(&m, "Alpha", 0, 0);
	root = nk_new(&m, "ROOT", 1, 0);
	set_root(&m, root);
	m.used = 4096;                                  /* the second 4 KiB */
	list = list_new(&m, "lf", &k, 1);
	put32(m.b + HD_REGF_BASE_BLOCK_SIZE + root + 4 + 0x1c, list);
	cr_expect_eq(lookup(&m, "Alpha"), HD_FOUND, "the list is read while the bins cover it");
	put32(m.b + 40, 4096);                          /* bins end before the list */
	cr_expect_eq(lookup(&m, "Alpha"), HD_ERROR);
	free(m.b);
}

/* Listing a key's subkeys goes through an ri as a lookup does, in list
 * order, and is bounded the same way: a repeated leaf is damage. */
Test(regf_cells, subkey_names_through_an_ri)
{
	struct img m;
	uint32_t k[3], l[2], root;
	struct hd_cells c;
	char **names = NULL;
	size_t n = 0;

	img_init(&m, 4096);
	k[0] = nk_new(&m, "Select", 0, 0);
	k[1] = nk_new(&m, "ControlSet001", 0, 0);
	k[2] = nk_new(&m, "Setup", 0, 0);
	l[0] = list_new(&m, "lf", k, 1);
	l[1] = list_new(&m, "li", k + 1, 2);
	set_root(&m, nk_new(&m, "ROOT", 3, list_new(&m, "ri", l, 2)));
	c = (struct hd_cells){ .data = m.b, .len = m.len };
	cr_assert_eq(hd_cells_root(&c, &root), HD_FOUND);
	cr_assert_eq(hd_cells_subkey_names(&c, root, &names, &n), HD_FOUND);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(names[0], "Select");
	cr_expect_str_eq(names[1], "ControlSet001");
	cr_expect_str_eq(names[2], "Setup");
	cr_expect_null(names[3]);
	hd_strv_free(names);
	/* The first leaf named twice under a key that counts one subkey. */
	l[1] = l[0];
	set_root(&m, nk_new(&m, "ROOT", 1, list_new(&m, "ri", l, 2)));
	cr_assert_eq(hd_cells_root(&c, &root), HD_FOUND);
	cr_expect_eq(hd_cells_subkey_names(&c, root, &names, &n), HD_ERROR);
	cr_expect_null(names);
	free(m.b);
}
