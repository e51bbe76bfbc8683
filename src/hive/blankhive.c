/*
 * blankhive.c - a hive with only a root key, written by hand because no
 * library on Debian creates one.  Layout from the Windows registry file
 * format specification (msuhanov/regf): base block, hive bin, key node,
 * key security; offsets below the base block are relative to 4096.
 *
 * The minor version is 5, not NT 4.0's 3: hivex adds subkeys through
 * hash-leaf (lh) lists, which the specification reserves for minor versions
 * above 4.  Nothing in hivediag depends on the version.
 */
#include "hive/blankhive.h"

#include <errno.h>
#include <string.h>

#include "hive/regf.h"

#define HBIN_HEADER_SIZE 32u
#define ROOT_CELL 0x20u                 /* right after the hive bin header */
#define ROOT_CELL_SIZE 96u              /* 4 + 76-byte key node + 12-byte name, 8-aligned */
#define SK_CELL (ROOT_CELL + ROOT_CELL_SIZE)
#define SK_HEADER_SIZE 24u              /* cell size + the sk fields before the descriptor */
#define NO_CELL 0xffffffffu

/* Key node flags (spec, "Key node"): root of the hive, undeletable, ASCII name. */
#define KEY_HIVE_ENTRY 0x0004u
#define KEY_NO_DELETE 0x0008u
#define KEY_COMP_NAME 0x0020u

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

struct sid {
	uint8_t authority;
	uint8_t n_sub;
	uint32_t sub[2];
};

static const struct sid sid_admins = {5, 2, {32, 544}};  /* S-1-5-32-544 Administrators */
static const struct sid sid_system = {5, 1, {18, 0}};    /* S-1-5-18 SYSTEM */
static const struct sid sid_everyone = {1, 1, {0, 0}};   /* S-1-1-0 Everyone */

static uint32_t put_sid(uint8_t *p, const struct sid *s)
{
	p[0] = 1;                       /* revision */
	p[1] = s->n_sub;
	memset(p + 2, 0, 5);            /* 48-bit authority, big-endian */
	p[7] = s->authority;
	for (unsigned i = 0; i < s->n_sub; i++)
		put32(p + 8 + 4 * i, s->sub[i]);
	return 8u + 4u * s->n_sub;
}

/*
 * A self-relative security descriptor: owner Administrators, group SYSTEM,
 * and a DACL giving Administrators and SYSTEM full control and Everyone
 * read, inherited by subkeys.  hivediag ignores security, but readers such
 * as `reglookup -s` decode it, so it must be well formed.  Returns its size.
 */
static uint32_t put_security_descriptor(uint8_t *sd)
{
	static const struct { uint32_t mask; const struct sid *sid; } aces[] = {
		{0x000f003fu, &sid_admins},     /* KEY_ALL_ACCESS */
		{0x000f003fu, &sid_system},
		{0x00020019u, &sid_everyone},   /* KEY_READ */
	};
	uint32_t off = 20, acl, ace;

	sd[0] = 1;                      /* revision */
	sd[1] = 0;
	put16(sd + 2, 0x8004);          /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
	put32(sd + 4, off);             /* owner */
	off += put_sid(sd + off, &sid_admins);
	put32(sd + 8, off);             /* group */
	off += put_sid(sd + off, &sid_system);
	put32(sd + 12, 0);              /* no SACL */
	put32(sd + 16, off);            /* DACL */
	acl = off;
	off += 8;
	for (unsigned i = 0; i < sizeof aces / sizeof aces[0]; i++) {
		ace = off;
		sd[ace] = 0;            /* ACCESS_ALLOWED_ACE_TYPE */
		sd[ace + 1] = 0x02;     /* CONTAINER_INHERIT_ACE */
		put32(sd + ace + 4, aces[i].mask);
		off += 8 + put_sid(sd + ace + 8, aces[i].sid);
		put16(sd + ace + 2, off - ace);
	}
	sd[acl] = 2;                    /* ACL_REVISION */
	sd[acl + 1] = 0;
	put16(sd + acl + 2, off - acl);
	put16(sd + acl + 4, sizeof aces / sizeof aces[0]);
	put16(sd + acl + 6, 0);
	return off;
}

static void put_root_key(uint8_t *cell, uint64_t filetime)
{
	uint8_t *nk = cell + 4;
	size_t name_len = strlen(HD_BLANK_HIVE_ROOT_NAME);

	put32(cell, (uint32_t)-(int32_t)ROOT_CELL_SIZE);     /* negative: allocated */
	memcpy(nk, "nk", 2);
	put16(nk + 2, KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME);
	put64(nk + 4, filetime);
	put32(nk + 16, NO_CELL);        /* parent: none on disk for the root */
	put32(nk + 28, NO_CELL);        /* subkeys list */
	put32(nk + 32, NO_CELL);        /* volatile subkeys list */
	put32(nk + 40, NO_CELL);        /* values list */
	put32(nk + 44, SK_CELL);
	put32(nk + 48, NO_CELL);        /* class name */
	put16(nk + 72, (uint32_t)name_len);
	memcpy(nk + 76, HD_BLANK_HIVE_ROOT_NAME, name_len);
}

/* The key security cell, the only one, so its list links point to itself. */
static uint32_t put_key_security(uint8_t *cell)
{
	uint8_t *sk = cell + 4;
	uint32_t sd_len = put_security_descriptor(sk + 20);
	uint32_t size = (SK_HEADER_SIZE + sd_len + 7u) & ~7u;

	put32(cell, (uint32_t)-(int32_t)size);
	memcpy(sk, "sk", 2);
	put32(sk + 4, SK_CELL);         /* flink */
	put32(sk + 8, SK_CELL);         /* blink */
	put32(sk + 12, 1);              /* referenced by the root key */
	put32(sk + 16, sd_len);
	return size;
}

static void put_base_block(uint8_t *b, const char *name, uint64_t filetime)
{
	memcpy(b, "regf", 4);
	put32(b + 4, 1);                /* primary and secondary sequence numbers: */
	put32(b + 8, 1);                /* equal, so the hive is clean */
	put64(b + 12, filetime);
	put32(b + 20, 1);               /* major version */
	put32(b + 24, 5);               /* minor version: see the top of this file */
	put32(b + 28, 0);               /* primary file */
	put32(b + 32, 1);               /* direct memory load */
	put32(b + 36, ROOT_CELL);
	put32(b + 40, HD_REGF_BASE_BLOCK_SIZE);     /* hive bins data: one bin */
	put32(b + 44, 1);               /* clustering factor */
	for (size_t i = 0; name[i] != '\0'; i++)
		put16(b + HD_REGF_NAME_OFFSET + 2 * i, (uint8_t)name[i]);
	put32(b + HD_REGF_CHECKSUM_OFFSET, hd_regf_checksum(b));
}

int hd_blank_hive_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > HD_BLANK_HIVE_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			return 0;
	return 1;
}

int hd_blank_hive(uint8_t buf[HD_BLANK_HIVE_SIZE], const char *name, uint64_t filetime)
{
	uint8_t *bin = buf + HD_REGF_BASE_BLOCK_SIZE;
	uint32_t free_cell;

	if (!hd_blank_hive_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	memset(buf, 0, HD_BLANK_HIVE_SIZE);
	put_base_block(buf, name, filetime);
	memcpy(bin, "hbin", 4);
	put32(bin + 4, 0);              /* offset of this bin */
	put32(bin + 8, HD_REGF_BASE_BLOCK_SIZE);
	put64(bin + 20, filetime);      /* the first bin keeps a copy of the time */
	put_root_key(bin + ROOT_CELL, filetime);
	free_cell = SK_CELL + put_key_security(bin + SK_CELL);
	/* Cells fill a bin without gaps: the rest is one free (positive) cell. */
	put32(bin + free_cell, HD_REGF_BASE_BLOCK_SIZE - free_cell);
	return 0;
}
