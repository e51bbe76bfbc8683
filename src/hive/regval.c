/*
 * regval.c - decode raw registry value data by its stored type.
 *
 * Nothing here trusts a length or a type: a REG_DWORD must be exactly four
 * bytes, strings are REG_SZ or REG_EXPAND_SZ, lists are REG_MULTI_SZ (or a
 * REG_SZ where W2K documents disagree with each other, see DOMAIN.md).
 */
#include "hive/regval.h"
#include "hive/hive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

void hd_regval_clear(struct hd_regval *rv)
{
	free(rv->key);
	free(rv->name);
	hd_raw_value_clear(&rv->raw);
	memset(rv, 0, sizeof *rv);
}

int hd_decode_string(const struct hd_raw_value *v, char **out)
{
	*out = NULL;
	if (v->type != HD_REG_SZ && v->type != HD_REG_EXPAND_SZ)
		return HD_DECODE_BADTYPE;
	*out = hd_utf16le_to_utf8(v->data, v->len, 1);
	return *out ? HD_DECODE_OK : HD_DECODE_ERROR;
}

int hd_decode_dword(const struct hd_raw_value *v, uint32_t *out)
{
	if (v->type != HD_REG_DWORD || v->len != 4)
		return HD_DECODE_BADTYPE;
	*out = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 |
	       (uint32_t)v->data[2] << 16 | (uint32_t)v->data[3] << 24;
	return HD_DECODE_OK;
}

/* Offsets (in UTF-16 units) where each NUL-separated piece starts. */
static size_t count_pieces(const uint8_t *p, size_t units)
{
	size_t n = 1;

	for (size_t i = 0; i < units; i++)
		if (p[2 * i] == 0 && p[2 * i + 1] == 0)
			n++;
	return n;
}

/*
 * REG_MULTI_SZ is strings each ending in NUL, then one more NUL.  Split the
 * data at every NUL; the piece after the last NUL is empty (or an
 * unterminated tail, which is kept), and one empty piece before it is the
 * list terminator.  Empty strings inside the list are real data (the yarp
 * MultiSzHive test hive holds them), so only that one terminator is dropped.
 */
int hd_decode_multi(const struct hd_raw_value *v, char ***out, size_t *count)
{
	size_t units = v->len / 2, n, k = 0, start = 0;
	char **items = NULL;

	*out = NULL;
	*count = 0;
	if (v->type != HD_REG_MULTI_SZ)
		return HD_DECODE_BADTYPE;
	n = count_pieces(v->data, units);
	/* At most two pieces are dropped below: refuse before allocating. */
	if (n > HD_MAX_MULTI_ITEMS + 2)
		return HD_DECODE_BADTYPE;
	items = calloc(n + 1, sizeof *items);
	if (items == NULL)
		return HD_DECODE_ERROR;
	for (size_t i = 0; i <= units; i++) {
		int end = i == units || (v->data[2 * i] == 0 && v->data[2 * i + 1] == 0);
		if (!end)
			continue;
		if (i == units && i == start)
			break;  /* nothing after the last NUL */
		items[k] = hd_utf16le_to_utf8(v->data + 2 * start, 2 * (i - start), 0);
		if (items[k++] == NULL) {
			hd_strv_free(items);
			return HD_DECODE_ERROR;
		}
		start = i + 1;
	}
	if (k > 0 && items[k - 1][0] == '\0') {
		free(items[--k]);   /* the list terminator */
		items[k] = NULL;
	}
	if (k > HD_MAX_MULTI_ITEMS) {
		hd_strv_free(items);
		return HD_DECODE_BADTYPE;
	}
	*out = items;
	*count = k;
	return HD_DECODE_OK;
}

int hd_decode_list(const struct hd_raw_value *v, char ***out, size_t *count)
{
	char *s = NULL;
	int rc;

	if (v->type == HD_REG_MULTI_SZ)
		return hd_decode_multi(v, out, count);
	*out = NULL;
	*count = 0;
	rc = hd_decode_string(v, &s);
	if (rc != HD_DECODE_OK)
		return rc;
	*out = calloc(2, sizeof **out);
	if (*out == NULL) {
		free(s);
		return HD_DECODE_ERROR;
	}
	(*out)[0] = s;
	*count = 1;
	return HD_DECODE_OK;
}

const char *hd_regtype_name(uint32_t type)
{
	static const char *const names[] = {
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
		"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
		"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
	};

	return type < sizeof names / sizeof names[0] ? names[type] : NULL;
}
