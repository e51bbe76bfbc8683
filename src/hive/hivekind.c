/*
 * hivekind.c - recognise a hive's kind from its root's subkeys.
 *
 * What each hive holds at its root (Windows NT 4.0 to 10; the SYSTEM hives
 * of ../shared/corpus/real, Microsoft Learn "Registry Hives"):
 *   SYSTEM    Select, ControlSet001..., MountedDevices, Setup
 *   SOFTWARE  Microsoft, Classes, Clients, Policies, Program Groups, Secure, ODBC
 *   SAM       SAM (SAM\Domains)
 *   SECURITY  Policy, RXACT, Cache, SAM
 *   NTUSER    Software, Control Panel, Environment, Console, AppEvents, Network ...
 *   DEFAULT   the same layout as NTUSER (it is the profile of LocalSystem and
 *             the template of new profiles), but no per-user keys: no
 *             Network, no Volatile-like Identities, usually no Environment.
 *   USRCLASS  file extensions (.txt ...), CLSID, Local Settings
 * The tests come in this order: a SYSTEM layout wins over anything else (the
 * analyzer's first concern), SECURITY before SAM (both hold a SAM key).
 * DEFAULT versus NTUSER is the one weak call: both are user profiles, and
 * content tells them apart only by the keys an interactive user gains
 * (Environment, Network, Identities); a user who never logged on looks
 * like DEFAULT.
 */
#include "hive/hivekind.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/textutil.h"

static int has(char *const *names, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(names[i], want) == 0)
			return 1;
	return 0;
}

/* ControlSet followed by exactly three digits (Q102984). */
static int has_controlset(char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];

		if (strncasecmp(s, "ControlSet", 10) == 0 && strlen(s) == 13 &&
		    s[10] >= '0' && s[10] <= '9' && s[11] >= '0' && s[11] <= '9' &&
		    s[12] >= '0' && s[12] <= '9')
			return 1;
	}
	return 0;
}

static int has_extension(char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i][0] == '.' && names[i][1] != '\0')
			return 1;
	return 0;
}

static int is_user_profile(char *const *names, size_t n)
{
	return has(names, n, "Software") &&
	       (has(names, n, "Control Panel") || has(names, n, "Environment") ||
	        has(names, n, "Console") || has(names, n, "AppEvents") || has(names, n, "Keyboard Layout"));
}

enum hd_hive_kind hd_hive_kind_of_names(char *const *names, size_t n)
{
	if (has(names, n, "Select") || has_controlset(names, n))
		return HD_KIND_SYSTEM;
	if (has(names, n, "Policy") && has(names, n, "RXACT"))
		return HD_KIND_SECURITY;
	if (has(names, n, "SAM") && n <= 2)
		return HD_KIND_SAM;
	if (has(names, n, "Microsoft") && !has(names, n, "Control Panel"))
		return HD_KIND_SOFTWARE;
	if (is_user_profile(names, n))
		return has(names, n, "Environment") || has(names, n, "Network") ||
		       has(names, n, "Identities") ? HD_KIND_NTUSER : HD_KIND_DEFAULT;
	if (has(names, n, "CLSID") || has(names, n, "Local Settings") || has_extension(names, n))
		return HD_KIND_USRCLASS;
	return HD_KIND_OTHER;
}

int hd_hive_kind(struct hd_hive *h, enum hd_hive_kind *kind)
{
	hd_key root = hd_hive_root(h);
	char **names = NULL;
	size_t n = 0;

	if (root == 0)
		return HD_ERROR;
	if (hd_key_subkey_names(h, root, &names, &n) != HD_FOUND)
		return HD_ERROR;
	*kind = hd_hive_kind_of_names(names, n);
	hd_strv_free(names);
	return HD_FOUND;
}

int hd_cells_kind(const struct hd_cells *c, enum hd_hive_kind *kind)
{
	uint32_t root;
	char **names = NULL;
	size_t n = 0;

	if (hd_cells_root(c, &root) != HD_FOUND || hd_cells_subkey_names(c, root, &names, &n) != HD_FOUND)
		return HD_ERROR;
	*kind = hd_hive_kind_of_names(names, n);
	hd_strv_free(names);
	return HD_FOUND;
}

const char *hd_hive_kind_name(enum hd_hive_kind kind)
{
	switch (kind) {
	case HD_KIND_SYSTEM: return "SYSTEM";
	case HD_KIND_SOFTWARE: return "SOFTWARE";
	case HD_KIND_SAM: return "SAM";
	case HD_KIND_SECURITY: return "SECURITY";
	case HD_KIND_DEFAULT: return "DEFAULT";
	case HD_KIND_NTUSER: return "NTUSER";
	case HD_KIND_USRCLASS: return "USRCLASS";
	case HD_KIND_OTHER: break;
	}
	return "other";
}
