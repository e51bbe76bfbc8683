/*
 * export.h - registry exports as evidence (issue 22): the text regedit or
 * `reg export` writes of HKEY_LOCAL_MACHINE\SYSTEM or \SOFTWARE, whole or
 * in part, "REGEDIT4" (ANSI) or "Windows Registry Editor Version 5.00"
 * (UTF-16LE with a byte-order mark), rebuilt into an in-memory hive.
 *
 * The rebuilt hive is a reconstruction (HD_SRC_RECONSTRUCTED): an export
 * records no key last-write time (every key gets FILETIME 0, which every
 * reader takes for "unknown"), no sequence numbers and no base block; the
 * evidence is the export file, whose SHA-256 the provenance link carries.
 *
 * The provenance link "export" holds: path, sha256, format ("REGEDIT4" or
 * "5.00"), encoding ("UTF-16LE", "UTF-8", "windows-1252"), root_key
 * ("HKEY_LOCAL_MACHINE\\SYSTEM"), values_omitted (values too large for the
 * hive, left out), and when the export names CurrentControlSet:
 * current_control_set (the ControlSetNNN it was built as) and
 * control_set_recorded (1 when Select\\Current named that number, 0 when
 * the export records none and the number was chosen).
 */
#ifndef HD_SOURCE_EXPORT_H
#define HD_SOURCE_EXPORT_H

#include "hive/regtext.h"
#include "source/source.h"

extern const struct hd_src_backend hd_src_export_backend;

/* How the export's paths were mapped onto the hive (hd_export_map). */
struct hd_export_map {
	char root_key[64];              /* "HKEY_LOCAL_MACHINE\\SYSTEM", as first written */
	const char *hive_name;          /* "SYSTEM" or "SOFTWARE" (static) */
	char ccs_as[16];                /* CurrentControlSet built as this ControlSetNNN; "" none */
	int ccs_recorded;               /* Select\\Current named it */
	int ccs_dropped;                /* a second copy of ControlSetNNN (regedit follows the link) */
};

/*
 * Rewrite doc's key paths from full paths to paths below the hive root and
 * build CurrentControlSet as a control set.  0, or -1 with e filled
 * (code "export_root": a key of another root, or a root that is no SYSTEM
 * or SOFTWARE hive; ENOMEM).
 */
int hd_export_map(struct hd_regtext *doc, struct hd_export_map *map, struct hd_src_error *e);

#endif
