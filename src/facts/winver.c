/*
 * winver.c - which Windows it is, from the SOFTWARE hive's CurrentVersion
 * when there is one, else what the SYSTEM hive hints (DOMAIN.md 0.11).
 */
#include "facts/winver.h"

#include <string.h>

static const struct {
	const char *current_version;
	enum hd_winver version;
	const char *name;
} known[] = {
	{ "4.0", HD_WINVER_NT4, "Windows NT 4.0" },
	{ "5.0", HD_WINVER_2000, "Windows 2000" },
	{ "5.1", HD_WINVER_XP, "Windows XP" },
	{ "5.2", HD_WINVER_2003, "Windows Server 2003" },
};

void hd_windows_identify(const struct hd_software_facts *sw, const struct hd_network_facts *net,
                         struct hd_windows_id *out)
{
	memset(out, 0, sizeof *out);
	out->hints = net->w2k_hints;
	if (sw->given && hd_str_fact_present(&sw->current_version)) {
		out->current_version = sw->current_version.text;
		out->build = hd_str_fact_present(&sw->current_build_number) ?
		             sw->current_build_number.text : NULL;
		out->source = HD_WINVER_FROM_SOFTWARE;
		out->version = HD_WINVER_OTHER;
		out->name = "Windows";
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(sw->current_version.text, known[i].current_version) == 0) {
				out->version = known[i].version;
				out->name = known[i].name;
			}
		return;
	}
	if (net->w2k_hints != 0) {
		out->source = HD_WINVER_FROM_SYSTEM_HINTS;
		out->version = HD_WINVER_2000_OR_LATER;
		out->name = "Windows 2000 or later";
	}
}

const char *hd_winver_code(enum hd_winver v)
{
	switch (v) {
	case HD_WINVER_NT4: return "nt4";
	case HD_WINVER_2000: return "2000";
	case HD_WINVER_XP: return "xp";
	case HD_WINVER_2003: return "2003";
	case HD_WINVER_OTHER: return "other";
	case HD_WINVER_2000_OR_LATER: return "2000_or_later";
	case HD_WINVER_UNKNOWN: break;
	}
	return NULL;
}

const char *hd_winver_source_name(enum hd_winver_source s)
{
	switch (s) {
	case HD_WINVER_FROM_SOFTWARE: return "software";
	case HD_WINVER_FROM_SYSTEM_HINTS: return "system_hints";
	case HD_WINVER_FROM_NONE: break;
	}
	return "none";
}

const char *hd_w2k_hint_name(unsigned bit)
{
	switch (bit) {
	case HD_W2K_HINT_INTERFACES: return "interfaces_key";
	case HD_W2K_HINT_GUID_BIND: return "guid_binding";
	case HD_W2K_HINT_NETBT_TCPIP_GUID: return "netbt_tcpip_guid";
	}
	return NULL;
}

const char *hd_w2k_hint_words(unsigned bit)
{
	switch (bit) {
	case HD_W2K_HINT_INTERFACES: return "Tcpip\\Parameters\\Interfaces exists";
	case HD_W2K_HINT_GUID_BIND: return "TCP/IP is bound to \\Device\\{GUID}";
	case HD_W2K_HINT_NETBT_TCPIP_GUID: return "NetBT binds \\Device\\Tcpip_{GUID}";
	}
	return NULL;
}
