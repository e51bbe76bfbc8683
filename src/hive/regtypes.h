/*
 * regtypes.h - the registry's value types and the analyzer's record of one
 * lookup, without the hive API: the stages above the facts (rules,
 * verdicts, report) see values only through these types, never hive.h.
 */
#ifndef HD_REGTYPES_H
#define HD_REGTYPES_H

#include <stddef.h>
#include <stdint.h>

/* Every lookup's outcome. */
#define HD_FOUND   1
#define HD_ABSENT  0
#define HD_ERROR (-1)

/* Registry value types (winnt.h numbering). */
enum hd_regtype {
	HD_REG_NONE = 0, HD_REG_SZ = 1, HD_REG_EXPAND_SZ = 2, HD_REG_BINARY = 3,
	HD_REG_DWORD = 4, HD_REG_DWORD_BIG_ENDIAN = 5, HD_REG_LINK = 6,
	HD_REG_MULTI_SZ = 7, HD_REG_RESOURCE_LIST = 8,
	HD_REG_FULL_RESOURCE_DESCRIPTOR = 9, HD_REG_RESOURCE_REQUIREMENTS_LIST = 10,
	HD_REG_QWORD = 11,
};

/* A raw value as stored: type and bytes (owned). */
struct hd_raw_value {
	uint32_t type;
	uint8_t *data;
	size_t len;
};

enum hd_decode {
	HD_DECODE_OK = 1,
	HD_DECODE_BADTYPE = 0,  /* stored type or length does not fit */
	HD_DECODE_ERROR = -1,   /* allocation failure, errno set */
};

/*
 * One lookup of a key (name == NULL) or of a value, kept as evidence.
 * status is HD_FOUND, HD_ABSENT or HD_ERROR.  For a value that is absent
 * because its key is absent, key_found is 0.
 */
struct hd_regval {
	int status;
	int key_found;
	char *key;              /* hive-relative path, e.g. ControlSet001\Services\Tcpip */
	char *name;             /* value name, NULL for a key probe, "" for the default value */
	uint64_t key_time;      /* FILETIME of the key (0: a zero time stamp, or not read) */
	int key_time_read;      /* 1 when key_time was read from the key */
	struct hd_raw_value raw;
	const char *hive;       /* static: "SOFTWARE" for the --software hive; NULL = the analyzed hive */
};

/* "REG_SZ" ... or NULL for types without a name. */
const char *hd_regtype_name(uint32_t type);

#endif
