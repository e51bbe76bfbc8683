/* test_export.c - registry exports (issue 22): recognised by their first
 * line in each encoding, decoded, mapped below the root (CurrentControlSet
 * onto a set), rebuilt into a sealed hive with its provenance, and refused
 * with a code and a reason when they cannot be read. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hive/hive.h"
#include "source/export.h"

TestSuite(export);

/* A memfd holding n bytes of data. */
static int file_of(const void *data, size_t n)
{
	int fd = memfd_create("export-test", MFD_CLOEXEC);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	return fd;
}

static int sniff(const void *data, size_t n)
{
	return hd_src_export_backend.sniff(-1, data, n);
}

/* UTF-16LE of an ASCII string, with a byte-order mark: into buf, its length returned. */
static size_t utf16(const char *s, uint8_t *buf, int bom)
{
	size_t n = 0;

	if (bom) {
		buf[n++] = 0xff;
		buf[n++] = 0xfe;
	}
	for (; *s; s++) {
		buf[n++] = (uint8_t)*s;
		buf[n++] = 0;
	}
	return n;
}

/* The first line decides, in every encoding regedit writes; nothing else is taken. */
Test(export, sniff_first_line)
{
	uint8_t b[256];

	cr_assert_eq(sniff("REGEDIT4\r\n", 10), 1);
	cr_assert_eq(sniff("\xef\xbb\xbfREGEDIT4\n", 12), 1);
	cr_assert_eq(sniff("Windows Registry Editor Version 5.00\r\n", 38), 1);
	cr_assert_eq(sniff(b, utf16("Windows Registry Editor Version 5.00\r\n", b, 1)), 1);
	cr_assert_eq(sniff(b, utf16("Windows Registry Editor Version 5.00\r\n", b, 0)), 1);
	cr_assert_eq(sniff("REGEDIT4x\r\n", 11), 0, "the signature is the whole line");
	cr_assert_eq(sniff("REGEDIT", 7), 0);
	cr_assert_eq(sniff("regf\0\0\0\0", 8), 0);
	cr_assert_eq(sniff("; REGEDIT4\n", 11), 0);
	b[0] = 0xfe;
	b[1] = 0xff;
	b[2] = 0;
	b[3] = 'R';
	cr_assert_eq(sniff(b, 4), 0, "a cut UTF-16BE line is not taken");
}

struct opened {
	int rc, fd;
	unsigned flags;
	struct hd_provenance prov;
	struct hd_src_error e;
};

static void open_export(const void *data, size_t n, const struct hd_src_limits *lim, struct opened *o)
{
	int fd = file_of(data, n);

	memset(o, 0, sizeof *o);
	o->rc = hd_src_export_backend.open_hive(fd, "system.reg", NULL, lim, &o->fd, &o->flags, &o->prov, &o->e);
	close(fd);
}

static void opened_clear(struct opened *o)
{
	if (o->fd >= 0)
		close(o->fd);
	hd_prov_clear(&o->prov);
	hd_src_error_clear(&o->e);
}

static const char *field(const struct opened *o, const char *key)
{
	const struct hd_prov_link *l = &o->prov.links[o->prov.n_links - 1];

	for (size_t i = 0; i < l->n_fields; i++)
		if (strcmp(l->fields[i].key, key) == 0)
			return l->fields[i].type == HD_PROV_TEXT ? l->fields[i].text : "(int)";
	return NULL;
}

/* The value name of key path read from the rebuilt hive, as UTF-8 REG_SZ data (static buffer). */
static const char *read_sz(int fd, const char *path, const char *name, int flags)
{
	static char text[256];
	char p[32];
	struct hd_hive *h;
	struct hd_raw_value v = { 0 };
	hd_key k;
	size_t n = 0;

	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	h = hd_hive_open(p, flags, NULL);
	cr_assert_not_null(h);
	cr_assert_eq(hd_key_lookup(h, hd_hive_root(h), path, &k), HD_FOUND, "%s", path);
	cr_assert_eq(hd_value_read(h, k, name, &v), HD_FOUND, "%s", name);
	for (size_t i = 0; i + 1 < v.len && n + 1 < sizeof text; i += 2)
		text[n++] = v.data[i] ? (char)v.data[i] : '|';
	text[n] = '\0';
	hd_raw_value_clear(&v);
	hd_hive_close(h);
	return text;
}

/*
 * A version 5 export: a reconstruction whose provenance names the file, its
 * hash, format, encoding and root; its UTF-16 data kept as written.
 */
Test(export, version5_rebuilt)
{
	static const char text[] =
		"Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
		"\"Current\"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\X]\r\n"
		"\"ImagePath\"=hex(2):41,00,42,00,00,00\r\n\"Name\"=\"caf\\\\e\"\r\n";
	uint8_t buf[1024];
	struct opened o;

	open_export(buf, utf16(text, buf, 1), NULL, &o);
	cr_assert_eq(o.rc, 0, "%s", o.e.message ? o.e.message : "");
	cr_assert(o.flags & HD_SRC_RECONSTRUCTED);
	cr_assert_eq(o.prov.n_links, 1);
	cr_assert_str_eq(o.prov.links[0].kind, "export");
	cr_assert_str_eq(field(&o, "path"), "system.reg");
	cr_assert_eq(strlen(field(&o, "sha256")), 64);
	cr_assert_str_eq(field(&o, "format"), "5.00");
	cr_assert_str_eq(field(&o, "encoding"), "UTF-16LE");
	cr_assert_str_eq(field(&o, "root_key"), "HKEY_LOCAL_MACHINE\\SYSTEM");
	cr_assert_null(field(&o, "current_control_set"));
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "ImagePath", 0), "AB|");
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "Name", 0), "caf\\e|");
	opened_clear(&o);
}

/*
 * REGEDIT4 that is not UTF-8 is windows-1252; its hex(2) and hex(7) hold
 * ANSI text, widened to UTF-16 as regedit does on import; hex(1) is kept.
 */
Test(export, regedit4_ansi)
{
	static const char text[] =
		"REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\X]\r\n"
		"\"S\"=\"caf\xe9\"\r\n\"E\"=hex(2):25,e9,00\r\n\"M\"=hex(7):61,00,62,00,00\r\n"
		"\"R\"=hex(1):41,00,00,00\r\n";
	struct opened o;

	open_export(text, sizeof text - 1, NULL, &o);
	cr_assert_eq(o.rc, 0, "%s", o.e.message ? o.e.message : "");
	cr_assert_str_eq(field(&o, "format"), "REGEDIT4");
	cr_assert_str_eq(field(&o, "encoding"), "windows-1252");
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "S", 0), "caf\xe9|");
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "E", 0), "%\xe9|");
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "M", 0), "a|b||");
	cr_assert_str_eq(read_sz(o.fd, "ControlSet001\\Services\\X", "R", 0), "A|");
	opened_clear(&o);
}

/* An ASCII REGEDIT4 file reads as UTF-8; its hex(2) bytes that are no UTF-8 are windows-1252. */
Test(export, regedit4_ascii_with_ansi_hex)
{
	static const char text[] =
		"REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\r\n\"E\"=hex(2):25,e9,00\r\n\"U\"=hex(2):c3,a9,00\r\n";
	struct opened o;

	open_export(text, sizeof text - 1, NULL, &o);
	cr_assert_eq(o.rc, 0, "%s", o.e.message ? o.e.message : "");
	cr_assert_str_eq(field(&o, "encoding"), "UTF-8");
	cr_assert_str_eq(read_sz(o.fd, "A", "E", 0), "%\xe9|");
	cr_assert_str_eq(read_sz(o.fd, "A", "U", 0), "\xe9|");
	opened_clear(&o);
}

static const char *refused(const void *data, size_t n, const struct hd_src_limits *lim)
{
	static char code[64];
	struct opened o;

	open_export(data, n, lim, &o);
	cr_assert_eq(o.rc, -1, "accepted");
	cr_assert_eq(o.fd, -1);
	cr_assert_not_null(o.e.message);
	snprintf(code, sizeof code, "%s", o.e.code);
	opened_clear(&o);
	return code;
}

/* Odd encodings, another hive's keys, a file over the limit: each a code of its own. */
Test(export, refusals)
{
	static const char undefined[] = "REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\r\n\"S\"=\"\x81\"\r\n";
	static const char two[] = "REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\r\n[HKEY_LOCAL_MACHINE\\SYSTEMX\\B]\r\n";
	static const char user[] = "REGEDIT4\r\n[HKEY_CURRENT_USER\\Software]\r\n";
	static const char empty[] = "REGEDIT4\r\n\r\n";
	static const char del[] = "REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\r\n\"v\"=-\r\n";
	struct hd_src_limits lim;
	uint8_t buf[512];
	size_t n;

	cr_assert_str_eq(refused(undefined, sizeof undefined - 1, NULL), "export_encoding");
	cr_assert_str_eq(refused(two, sizeof two - 1, NULL), "export_root");
	cr_assert_str_eq(refused(user, sizeof user - 1, NULL), "export_root");
	cr_assert_str_eq(refused(empty, sizeof empty - 1, NULL), "export_root");
	n = utf16("Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\r\n", buf, 1);
	cr_assert_str_eq(refused(buf, n - 1, NULL), "export_encoding", "an odd length");
	buf[n - 2] = 0x00;
	buf[n - 1] = 0xd8;      /* a lone high surrogate at the end */
	cr_assert_str_eq(refused(buf, n, NULL), "export_encoding");
	hd_src_limits_default(&lim);
	lim.max_member_bytes = 16;
	cr_assert_str_eq(refused(two, sizeof two - 1, &lim), "export_too_large");
	cr_assert_str_eq(refused(del, sizeof del - 1, NULL), "export_syntax");
}

static void parse_export(const char *text, struct hd_regtext *doc)
{
	static const struct hd_regtext_opts opts = { HD_REGTEXT_EXPORT };
	struct hd_regtext_error err;

	cr_assert_eq(hd_regtext_parse_opts(text, strlen(text), &opts, doc, &err), 0, "%u: %s", err.line, err.message);
}

/* CurrentControlSet with no Select: built as the first free set, the number marked as not recorded. */
Test(export, ccs_unrecorded)
{
	struct hd_regtext doc;
	struct hd_export_map map;
	struct hd_src_error e = { 0 };

	parse_export("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\A]\n"
	             "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services]\n"
	             "[HKEY_LOCAL_MACHINE\\SYSTEM\\currentcontrolset]\n", &doc);
	cr_assert_eq(hd_export_map(&doc, &map, &e), 0);
	cr_assert_str_eq(map.hive_name, "SYSTEM");
	cr_assert_str_eq(map.ccs_as, "ControlSet002");
	cr_assert_eq(map.ccs_recorded, 0);
	cr_assert_str_eq(doc.keys[0].path, "ControlSet001\\A");
	cr_assert_str_eq(doc.keys[1].path, "ControlSet002\\Services");
	cr_assert_str_eq(doc.keys[2].path, "ControlSet002");
	hd_regtext_clear(&doc);
}

/* With Select\Current: that set; when it is exported too, the link's copy is dropped. */
Test(export, ccs_from_select)
{
	struct hd_regtext doc;
	struct hd_export_map map;
	struct hd_src_error e = { 0 };

	parse_export("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:3\n"
	             "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services]\n", &doc);
	cr_assert_eq(hd_export_map(&doc, &map, &e), 0);
	cr_assert_str_eq(map.ccs_as, "ControlSet003");
	cr_assert_eq(map.ccs_recorded, 1);
	cr_assert_eq(map.ccs_dropped, 0);
	cr_assert_str_eq(doc.keys[1].path, "ControlSet003\\Services");
	hd_regtext_clear(&doc);

	parse_export("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:1\n"
	             "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services]\n\"v\"=dword:1\n"
	             "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services]\n\"v\"=dword:1\n", &doc);
	cr_assert_eq(hd_export_map(&doc, &map, &e), 0);
	cr_assert_eq(map.ccs_dropped, 1);
	cr_assert_eq(doc.n_keys, 2);
	cr_assert_str_eq(doc.keys[1].path, "ControlSet001\\Services");
	hd_regtext_clear(&doc);
}

/* A SOFTWARE export keeps a key named CurrentControlSet as it is (only SYSTEM has the link). */
Test(export, software_root)
{
	struct hd_regtext doc;
	struct hd_export_map map;
	struct hd_src_error e = { 0 };

	parse_export("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\n"
	             "[HKEY_LOCAL_MACHINE\\SOFTWARE\\CurrentControlSet]\n", &doc);
	cr_assert_eq(hd_export_map(&doc, &map, &e), 0);
	cr_assert_str_eq(map.hive_name, "SOFTWARE");
	cr_assert_str_eq(doc.keys[1].path, "CurrentControlSet");
	cr_assert_str_eq(map.ccs_as, "");
	hd_regtext_clear(&doc);
}
