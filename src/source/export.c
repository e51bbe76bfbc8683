/*
 * export.c - the registry-export backend (issue 22; export.h): recognise an
 * export by its first line, read it (bounded), decode it to UTF-8, parse it
 * with the samples' parser in its export dialect (hive/regtext.h), map its
 * paths (export_map.c) and build the hive into a sealed memfd.
 *
 * Encodings, as regedit writes them: version 5 is UTF-16LE with a
 * byte-order mark; REGEDIT4 is "ANSI", the code page of the machine that
 * exported it, which the file does not record.  A REGEDIT4 file that is
 * valid UTF-8 (ASCII included) is read as UTF-8; any other is read as
 * windows-1252, the ANSI code page of English and Western European Windows,
 * and the provenance names the encoding used.  Anything else (UTF-16
 * big-endian, UTF-32, a byte windows-1252 leaves undefined, a lone
 * surrogate) is refused with the reason.
 *
 * In a REGEDIT4 export, hex(2) and hex(7) data (REG_EXPAND_SZ, REG_MULTI_SZ)
 * is ANSI text, which regedit widens to UTF-16 on import (Wine's regedit,
 * programs/regedit/regproc.c, does the same), read in the file's encoding
 * (in a file of UTF-8 text, bytes that are no UTF-8 as windows-1252); hex(1)
 * and every other type is stored as written.  Version 5 writes all of them
 * as UTF-16LE already.
 */
#include "source/export.h"

#include <errno.h>
#include <iconv.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/hivebuild.h"
#include "hive/regtypes.h"
#include "util/fdio.h"

#define V5_LINE "Windows Registry Editor Version 5.00"
#define V4_LINE "REGEDIT4"

enum encoding { ENC_NONE, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

/* 1 when the n bytes at p (in steps of unit, the low byte first when le)
 * start with the ASCII line sig followed by an end of line or the end. */
static int starts_line(const uint8_t *p, size_t n, size_t unit, int le, const char *sig)
{
	size_t len = strlen(sig);

	for (size_t i = 0; i <= len; i++) {
		size_t at = i * unit;
		uint8_t c, other;

		if (at + unit > n)
			return i == len;
		c = unit == 1 || le ? p[at] : p[at + 1];
		other = unit == 1 ? 0 : le ? p[at + 1] : p[at];
		if (other != 0)
			return 0;
		if (i == len)
			return c == '\r' || c == '\n';
		if (c != (uint8_t)sig[i])
			return 0;
	}
	return 0;
}

static int signature_at(const uint8_t *p, size_t n, size_t unit, int le)
{
	return starts_line(p, n, unit, le, V5_LINE) || starts_line(p, n, unit, le, V4_LINE);
}

/* What the first line says the file is, and its encoding. */
static enum encoding sniff_encoding(const uint8_t *head, size_t n)
{
	if (n >= 2 && head[0] == 0xff && head[1] == 0xfe && signature_at(head + 2, n - 2, 2, 1))
		return ENC_UTF16LE;
	if (n >= 2 && head[0] == 0xfe && head[1] == 0xff && signature_at(head + 2, n - 2, 2, 0))
		return ENC_UTF16BE;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0 && signature_at(head + 3, n - 3, 1, 1))
		return ENC_UTF8;
	if (signature_at(head, n, 1, 1))
		return ENC_UTF8;
	if (signature_at(head, n, 2, 1))
		return ENC_UTF16LE;     /* no byte-order mark: still plainly UTF-16LE */
	return ENC_NONE;
}

static int export_sniff(int fd, const uint8_t *head, size_t n)
{
	(void)fd;
	return sniff_encoding(head, n) != ENC_NONE;
}

/* All of fd, at most max bytes (else EFBIG), into a new buffer. */
static int read_all(int fd, uint64_t max, uint8_t **out, size_t *len, struct hd_src_error *e)
{
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap), *p;
	ssize_t got;

	for (;;) {
		if (buf == NULL)
			goto nomem;
		got = hd_pread_full(fd, buf + n, cap - n, (off_t)n);
		if (got < 0) {
			hd_src_error_set(e, "export_unreadable", errno, "cannot read the export: %s", strerror(errno));
			goto fail;
		}
		n += (size_t)got;
		if (n > max) {
			hd_src_error_set(e, "export_too_large", EFBIG, "the export is larger than %llu bytes, "
			                 "the limit of a file read into memory", (unsigned long long)max);
			goto fail;
		}
		if (n < cap)
			break;
		p = realloc(buf, cap * 2);
		if (p == NULL)
			goto nomem;
		buf = p;
		cap *= 2;
	}
	*out = buf;
	*len = n;
	return 0;
nomem:
	hd_src_error_set(e, "out_of_memory", ENOMEM, "out of memory reading the export");
fail:
	free(buf);
	return -1;
}

/* The most UTF-8 bytes n bytes of text in encoding from can become: a
 * UTF-16 unit (2 bytes) at most 3, a windows-1252 byte at most 3 (U+20AC). */
static size_t utf8_bound(size_t n, const char *from)
{
	return strcmp(from, "UTF-8") == 0 ? n : strcmp(from, "UTF-16LE") == 0 ? n / 2 * 3 : 3 * n;
}

/* n bytes of from-encoded text to a new NUL-terminated UTF-8 string; -1 EILSEQ or ENOMEM. */
static int to_utf8(const uint8_t *in, size_t n, const char *from, char **out, size_t *out_len)
{
	size_t cap = utf8_bound(n, from) + 1, in_left = n, out_left = cap - 1;
	char *buf = malloc(cap), *ip = (char *)in, *op = buf;
	iconv_t cd = iconv_open("UTF-8", from);
	int rc = -1, err = ENOMEM;

	if (buf != NULL && cd != (iconv_t)-1) {
		if (iconv(cd, &ip, &in_left, &op, &out_left) == (size_t)-1)
			err = EILSEQ;   /* also a sequence cut short (EINVAL) */
		else
			rc = 0;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (rc == 0) {
		*op = '\0';
		*out = buf;
		*out_len = (size_t)(op - buf);
		return 0;
	}
	free(buf);
	errno = err;
	return -1;
}

static int valid_utf8(const uint8_t *p, size_t n)
{
	char *tmp = NULL;
	size_t len;

	if (to_utf8(p, n, "UTF-8", &tmp, &len) != 0)
		return 0;
	free(tmp);
	return 1;
}

/* The export as UTF-8 text; *encoding names what it was read as. */
static int decode(const uint8_t *raw, size_t n, char **text, size_t *len, const char **encoding,
                  struct hd_src_error *e)
{
	enum encoding enc = sniff_encoding(raw, n);
	int bom = n >= 2 && raw[0] == 0xff && raw[1] == 0xfe;

	if (enc == ENC_UTF16BE) {
		hd_src_error_set(e, "export_encoding", EILSEQ, "the export is UTF-16 big-endian, which "
		                 "regedit never writes: convert it to UTF-16LE");
		return -1;
	}
	*encoding = enc == ENC_UTF16LE ? "UTF-16LE" : valid_utf8(raw, n) ? "UTF-8" : "windows-1252";
	if (enc == ENC_UTF16LE && n % 2 != 0) {
		hd_src_error_set(e, "export_encoding", EILSEQ, "the export is UTF-16LE but has an odd "
		                 "number of bytes (%zu): cut short?", n);
		return -1;
	}
	if (to_utf8(raw + (bom ? 2 : 0), n - (bom ? 2 : 0), *encoding, text, len) == 0)
		return 0;
	hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_encoding", errno,
	                 "the export is not valid %s text%s", *encoding, strcmp(*encoding, "windows-1252") == 0
	                 ? " (neither UTF-8 nor windows-1252: the code page it was exported in is not recorded)"
	                 : "");
	return -1;
}

/* One REGEDIT4 hex(2) / hex(7) value: its ANSI bytes as UTF-16LE (see the top). */
static int widen_value(struct hd_regtext_value *v, const char *encoding)
{
	char *utf8 = NULL;
	uint8_t *wide = NULL;
	size_t n8 = 0, n16 = 0;

	if (v->len == 0)
		return 0;
	/* A file of ASCII text reads as UTF-8 yet says nothing of its code
	 * page: hex bytes that are no UTF-8 are then windows-1252 (see the top). */
	if (to_utf8(v->data, v->len, encoding, &utf8, &n8) != 0 &&
	    (errno != EILSEQ || strcmp(encoding, "UTF-8") != 0 ||
	     to_utf8(v->data, v->len, "windows-1252", &utf8, &n8) != 0))
		return -1;
	/* hd_regdata_utf16le reads a C string: the NULs inside become the terminators' 00 00. */
	wide = calloc(2 * n8 + 2, 1);
	for (size_t i = 0, start = 0; wide != NULL && i <= n8; i++) {
		uint8_t *part = NULL;
		size_t np = 0;

		if (i < n8 && utf8[i] != '\0')
			continue;
		if (hd_regdata_utf16le(utf8 + start, &part, &np) != 0) {
			free(wide);
			wide = NULL;
			break;
		}
		memcpy(wide + n16, part, np);
		n16 += np + (i < n8 ? 2 : 0);
		free(part);
		start = i + 1;
	}
	free(utf8);
	if (wide == NULL)
		return -1;
	free(v->data);
	v->data = wide;
	v->len = n16;
	return 0;
}

static int widen_ansi(struct hd_regtext *doc, const char *encoding, struct hd_src_error *e)
{
	for (size_t i = 0; i < doc->n_keys; i++)
		for (size_t j = 0; j < doc->keys[i].n_values; j++) {
			struct hd_regtext_value *v = &doc->keys[i].values[j];

			if (!v->hex_form || (v->type != HD_REG_EXPAND_SZ && v->type != HD_REG_MULTI_SZ))
				continue;
			if (widen_value(v, encoding) != 0) {
				hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_encoding", errno,
				                 "line %u: hex(%x) data is not valid %s text", v->line, v->type, encoding);
				return -1;
			}
		}
	return 0;
}

static void sha256_hex(const uint8_t *buf, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, buf);
	sha256_digest(&ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

/* The chain: outer's links, then "export" with what the report needs (export.h). */
static int add_provenance(struct hd_provenance *prov, const struct hd_provenance *outer, const char *display,
                          const char *sha, const struct hd_regtext *doc, const char *encoding,
                          const struct hd_export_map *map)
{
	if ((outer != NULL ? hd_prov_copy(prov, outer) : (hd_prov_clear(prov), 0)) < 0 ||
	    hd_prov_add_link(prov, "export") < 0 || hd_prov_add_text(prov, "path", display) < 0 ||
	    hd_prov_add_text(prov, "sha256", sha) < 0 || hd_prov_add_text(prov, "format", doc->format) < 0 ||
	    hd_prov_add_text(prov, "encoding", encoding) < 0 ||
	    hd_prov_add_text(prov, "root_key", map->root_key) < 0 ||
	    hd_prov_add_int(prov, "values_omitted", (int64_t)doc->n_omitted) < 0)
		return -1;
	if (map->ccs_as[0] == '\0')
		return 0;
	return hd_prov_add_text(prov, "current_control_set", map->ccs_as) < 0 ||
	       hd_prov_add_int(prov, "control_set_recorded", map->ccs_recorded) < 0 ? -1 : 0;
}

/* Text -> parsed, mapped and (REGEDIT4) widened document. */
static int parse_export(const char *text, size_t len, const char *encoding, struct hd_regtext *doc,
                        struct hd_export_map *map, struct hd_src_error *e)
{
	static const struct hd_regtext_opts opts = { HD_REGTEXT_EXPORT };
	struct hd_regtext_error perr;

	if (hd_regtext_parse_opts(text, len, &opts, doc, &perr) != 0) {
		if (errno == EINVAL)
			hd_src_error_set(e, "export_syntax", EINVAL, "line %u: %s", perr.line, perr.message);
		else
			hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_syntax", errno,
			                 "cannot parse the export: %s", strerror(errno));
		return -1;
	}
	if (hd_export_map(doc, map, e) < 0)
		return -1;
	return strcmp(doc->format, "REGEDIT4") == 0 ? widen_ansi(doc, encoding, e) : 0;
}

static int build(const struct hd_regtext *doc, const struct hd_export_map *map, int *hive_fd,
                 struct hd_src_error *e)
{
	struct hd_hivebuild_failure bf;

	if (hd_hivebuild_memfd(doc, map->hive_name, hive_fd, &bf) == 0)
		return 0;
	if (bf.key != NULL)
		hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_build", errno,
		                 "line %u: %s [%.200s]: %s", bf.key->line, bf.what, bf.key->path, strerror(errno));
	else
		hd_src_error_set(e, errno == ENOMEM ? "out_of_memory" : "export_build", errno, "%s: %s",
		                 bf.what, strerror(errno));
	return -1;
}

static int export_open_hive(int fd, const char *display, const struct hd_provenance *outer,
                            const struct hd_src_limits *lim, int *hive_fd, unsigned *flags,
                            struct hd_provenance *prov, struct hd_src_error *e)
{
	struct hd_src_limits def;
	struct hd_regtext doc = { 0 };
	struct hd_export_map map;
	uint8_t *raw = NULL;
	char *text = NULL, sha[65];
	const char *encoding = NULL;
	size_t n = 0, len = 0;
	int rc = -1;

	*hive_fd = -1;
	if (lim == NULL) {
		hd_src_limits_default(&def);
		lim = &def;
	}
	if (read_all(fd, lim->max_member_bytes, &raw, &n, e) < 0 ||
	    decode(raw, n, &text, &len, &encoding, e) < 0 ||
	    parse_export(text, len, encoding, &doc, &map, e) < 0 || build(&doc, &map, hive_fd, e) < 0)
		goto done;
	sha256_hex(raw, n, sha);
	if (add_provenance(prov, outer, display, sha, &doc, encoding, &map) < 0) {
		hd_src_error_set(e, "out_of_memory", errno, "cannot record the provenance: %s", strerror(errno));
		close(*hive_fd);
		*hive_fd = -1;
		goto done;
	}
	*flags |= HD_SRC_RECONSTRUCTED;
	rc = 0;
done:
	hd_regtext_clear(&doc);
	free(text);
	free(raw);
	return rc;
}

const struct hd_src_backend hd_src_export_backend = {
	.name = "export",
	.kind = HD_KIND_EXPORT,
	.sniff = export_sniff,
	.open_dir = NULL,
	.open_hive = export_open_hive,
};
