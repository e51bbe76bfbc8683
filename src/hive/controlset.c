/*
 * controlset.c - resolve the control set Windows would boot (Q102984).
 */
#include "hive/controlset.h"
#include "hive/hive.h"
#include "hive/regval.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/textutil.h"

static const char *const select_names[HD_SEL_COUNT] = {
	"Current", "Default", "Failed", "LastKnownGood",
};

int hd_controlset_parse_name(const char *name, unsigned *num)
{
	static const char prefix[] = "controlset";
	size_t plen = sizeof prefix - 1;

	if (strlen(name) != plen + 3 || strncasecmp(name, prefix, plen) != 0)
		return 0;
	for (size_t i = plen; i < plen + 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	*num = (unsigned)strtoul(name + plen, NULL, 10);
	return 1;
}

static int is_present(const struct hd_controlset *cs, unsigned n)
{
	for (size_t i = 0; i < cs->n_present; i++)
		if (cs->present[i] == n)
			return 1;
	return 0;
}

/* Why Select\<slot> could not be used, for the report. */
static const char *slot_problem(const struct hd_controlset *cs, int slot)
{
	if (cs->select[slot].status == HD_ERROR)
		return "could not be read";
	if (cs->select[slot].status != HD_FOUND)
		return "is missing";
	if (!cs->has_value[slot] && cs->has_binary[slot] && cs->binary[slot] != 0)
		return "is a REG_BINARY naming a control set that does not exist";
	if (!cs->has_value[slot])
		return "is not a REG_DWORD";
	if (cs->value[slot] == 0)
		return "is 0";
	return "names a control set that does not exist";
}

static int set_choice(struct hd_controlset *cs, unsigned n)
{
	int w = snprintf(cs->analyzed_name, sizeof cs->analyzed_name, "ControlSet%03u", n);

	cs->analyzed = n;
	return (w > 0 && (size_t)w < sizeof cs->analyzed_name) ? 1 : 0;
}

static int set_reason(struct hd_controlset *cs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int set_reason(struct hd_controlset *cs, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof buf) {
		errno = EOVERFLOW;
		return -1;
	}
	free(cs->fallback_reason);
	cs->fallback_reason = strdup(buf);
	return cs->fallback_reason ? 0 : -1;
}

/*
 * The number Select\<slot> names, 0 when none: its REG_DWORD, else the
 * little-endian reading of a 4-byte REG_BINARY (*binary set).
 */
static unsigned slot_number(const struct hd_controlset *cs, int slot, int *binary)
{
	*binary = 0;
	if (cs->has_value[slot])
		return cs->value[slot];
	if (!cs->has_binary[slot])
		return 0;
	*binary = 1;
	return cs->binary[slot];
}

int hd_controlset_choose(struct hd_controlset *cs, unsigned forced)
{
	static const int order[] = { HD_SEL_CURRENT, HD_SEL_DEFAULT, HD_SEL_LKG };
	const char *problem = NULL;

	cs->analyzed = 0;
	cs->analyzed_name[0] = '\0';
	cs->wrong_type = NULL;
	if (forced) {
		if (!is_present(cs, forced))
			return 0;
		if (set_reason(cs, "forced with --control-set %u", forced) < 0)
			return -1;
		return set_choice(cs, forced);
	}
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		int slot = order[i], binary;
		unsigned n = slot_number(cs, slot, &binary);

		if (n != 0 && is_present(cs, n)) {
			if (i > 0 && set_reason(cs, "Select\\Current %s; used Select\\%s = %u",
			                        problem, select_names[slot], n) < 0)
				return -1;
			cs->wrong_type = binary ? select_names[slot] : NULL;
			return set_choice(cs, n);
		}
		if (i == 0)
			problem = slot_problem(cs, slot);
	}
	return 0;
}

int hd_select_binary(const struct hd_raw_value *v, uint32_t *out)
{
	if (v->type != HD_REG_BINARY || v->len != 4)
		return 0;
	*out = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 |
	       (uint32_t)v->data[2] << 16 | (uint32_t)v->data[3] << 24;
	return 1;
}

static int read_select(struct hd_hive *h, hd_key root, struct hd_controlset *cs)
{
	hd_key sel = 0;
	int krc = hd_key_lookup(h, root, "Select", &sel);
	uint64_t t = 0;
	int t_read = krc == HD_FOUND && hd_key_time(h, sel, &t) == HD_FOUND;

	for (int i = 0; i < HD_SEL_COUNT; i++) {
		struct hd_regval *rv = &cs->select[i];
		rv->key = strdup("Select");
		rv->name = strdup(select_names[i]);
		if (rv->key == NULL || rv->name == NULL)
			return -1;
		rv->key_found = krc == HD_FOUND;
		rv->key_time = t;
		rv->key_time_read = t_read;
		rv->status = krc == HD_FOUND ? hd_value_read(h, sel, select_names[i], &rv->raw) : krc;
		if (rv->status == HD_FOUND)
			cs->has_value[i] = hd_decode_dword(&rv->raw, &cs->value[i]) == HD_DECODE_OK;
		if (rv->status == HD_FOUND && !cs->has_value[i])
			cs->has_binary[i] = hd_select_binary(&rv->raw, &cs->binary[i]);
	}
	return 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

static int list_present(struct hd_hive *h, hd_key root, struct hd_controlset *cs)
{
	char **names = NULL;
	size_t n = 0;
	int rc = hd_key_subkey_names(h, root, &names, &n);

	if (rc != HD_FOUND)
		return -1;
	cs->present = calloc(n + 1, sizeof *cs->present);
	if (cs->present == NULL) {
		hd_strv_free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned num;
		if (hd_controlset_parse_name(names[i], &num) && num > 0 && !is_present(cs, num))
			cs->present[cs->n_present++] = num;
	}
	hd_strv_free(names);
	qsort(cs->present, cs->n_present, sizeof *cs->present, cmp_unsigned);
	return 0;
}

int hd_controlset_resolve(struct hd_hive *h, unsigned forced, struct hd_controlset *cs)
{
	hd_key root = hd_hive_root(h);

	if (root == 0) {
		if (errno == 0)
			errno = EINVAL;
		return -1;
	}
	if (read_select(h, root, cs) < 0 || list_present(h, root, cs) < 0)
		return -1;
	return hd_controlset_choose(cs, forced);
}

void hd_controlset_clear(struct hd_controlset *cs)
{
	for (int i = 0; i < HD_SEL_COUNT; i++)
		hd_regval_clear(&cs->select[i]);
	free(cs->present);
	free(cs->fallback_reason);
	memset(cs, 0, sizeof *cs);
}
