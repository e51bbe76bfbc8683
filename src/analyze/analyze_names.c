/*
 * analyze_names.c - read one hive's names record cheaply (see names.h):
 * map the file, check the base block, replay a dirty hive's logs in
 * memory, walk to the few keys that hold the names, and judge the copies
 * as the full analysis does (facts/names_compare.c, hd_peer_agreed).
 */
#include "analyze/names.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "facts/facts.h"
#include "hive/controlset.h"
#include "hive/regf.h"
#include "hive/regf_cells.h"
#include "hive/regval.h"
#include "fleet/agreed.h"
#include "txlog/txlog.h"
#include "util/fdio.h"

#define IMC_PARAMS "Services\\MSExchangeIMC\\Parameters"
#define SA_PARAMS  "Services\\MSExchangeSA\\Parameters"
#define MTA_PARAMS "Services\\MSExchangeMTA\\Parameters"
#define TCPIP_PARAMS "Services\\Tcpip\\Parameters"

/* The base block says: a primary hive the analysis proper would open too.  NULL, or why not. */
static const char *unacceptable(const struct hd_cells *c, int unsafe)
{
	struct hd_regf_header h;

	if (hd_regf_header_parse(c->data, c->len, c->len, &h) != 1 || h.magic != HD_MAGIC_REGF)
		return "not a registry hive file (no names record: the analysis reads it)";
	if (h.file_type != 0)
		return "a transaction log, not a primary hive";
	if (!h.checksum_ok)
		return "the hive's base block checksum is wrong";
	if (h.major == 1 && h.minor == 6)
		return "a hive format the analysis does not read (1.6)";
	if (h.truncated && !unsafe)
		return "the hive is truncated";
	return NULL;
}

/* The analyzed control set: --control-set, else Select\Current (a 4-byte
 * REG_BINARY read as the full analysis reads it, controlset.h).  HD_FOUND/ABSENT/ERROR. */
static int controlset(const struct hd_cells *c, uint32_t root, unsigned forced, uint32_t *cs)
{
	struct hd_raw_value v;
	uint32_t sel, n = forced;
	char name[32];
	int rc;

	if (n == 0) {
		if ((rc = hd_cells_key(c, root, "Select", &sel)) != HD_FOUND ||
		    (rc = hd_cells_value(c, sel, "Current", &v)) != HD_FOUND)
			return rc;
		rc = (hd_decode_dword(&v, &n) == HD_DECODE_OK || hd_select_binary(&v, &n)) &&
		     n >= 1 && n <= 999 ? HD_FOUND : HD_ABSENT;
		free(v.data);
		if (rc != HD_FOUND)
			return rc;
	}
	snprintf(name, sizeof name, "ControlSet%03u", n);
	return hd_cells_key(c, root, name, cs);
}

/* One string value into f, as facts/read.c would record it.  0, or -1 ENOMEM. */
static int read_str(const struct hd_cells *c, uint32_t cs, const char *relpath, const char *name,
                    struct hd_str_fact *f)
{
	uint32_t key;

	memset(f, 0, sizeof *f);
	f->rv.status = hd_cells_key(c, cs, relpath, &key);
	if (f->rv.status == HD_FOUND)
		f->rv.status = hd_cells_value(c, key, name, &f->rv.raw);
	if (f->rv.status == HD_ERROR && errno == ENOMEM)
		return -1;
	if (f->rv.status != HD_FOUND)
		return 0;
	f->decode = hd_decode_string(&f->rv.raw, &f->text);
	return f->decode == HD_DECODE_ERROR ? -1 : 0;
}

static int parse_dn(const struct hd_str_fact *f, struct hd_dn *dn, int *ok)
{
	int rc = HD_FACT_OK(f) && f->text ? hd_dn_parse(f->text, dn) : 0;

	*ok = rc == 1;
	return rc < 0 ? -1 : 0;
}

/* SiteDN, MSExchangeSA's names and the MTA's X500 DN (as facts_exchange.c reads them). */
static int read_copies(const struct hd_cells *c, uint32_t cs, struct hd_exchange_names *n)
{
	static const char *const sa_value[HD_PART_COUNT] = { "Enterprise", "Site", "Server" };

	if (read_str(c, cs, IMC_PARAMS, "SiteDN", &n->site_dn) < 0 ||
	    parse_dn(&n->site_dn, &n->site_dn_parsed, &n->site_dn_parsed_ok) < 0)
		return -1;
	for (int p = 0; p < HD_PART_COUNT; p++)
		if (read_str(c, cs, SA_PARAMS, sa_value[p], &n->sa_name[p]) < 0)
			return -1;
	if (read_str(c, cs, MTA_PARAMS, "X500 DN", &n->mta_x500_dn) < 0)
		return -1;
	if (n->mta_x500_dn.rv.status == HD_ABSENT) {
		hd_str_fact_clear(&n->mta_x500_dn);
		if (read_str(c, cs, MTA_PARAMS, "X500DN", &n->mta_x500_dn) < 0)
			return -1;
	}
	return parse_dn(&n->mta_x500_dn, &n->mta_x500_dn_parsed, &n->mta_x500_dn_parsed_ok);
}

/* A copy of s with ASCII letters folded up (upper) or down; NULL s gives NULL.  -1 ENOMEM. */
static int fold_copy(const char *s, int upper, char **out)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	if ((*out = strdup(s)) == NULL)
		return -1;
	for (char *p = *out; *p; p++)
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return 0;
}

/*
 * The server's identity (DOMAIN.md 0.16), upper-cased as NetBIOS names
 * compare: ComputerName, or on a cluster MSExchangeSA's Server (the node's
 * name differs from the virtual server's by design, Q199756).  NULL when
 * unknown; -1 ENOMEM.
 */
static int server_identity(const struct hd_cells *c, uint32_t cs, const struct hd_exchange_names *n,
                           char **out)
{
	struct hd_str_fact cn;
	uint32_t key;
	const char *name = NULL;
	int rc;

	if (read_str(c, cs, "Control\\ComputerName\\ComputerName", "ComputerName", &cn) < 0)
		return -1;
	if (hd_cells_key(c, cs, "Services\\ClusSvc", &key) == HD_FOUND)
		name = hd_str_fact_present(&n->sa_name[HD_PART_SERVER]) ? n->sa_name[HD_PART_SERVER].text : NULL;
	else if (hd_str_fact_present(&cn))
		name = cn.text;
	rc = fold_copy(name, 1, out);
	hd_str_fact_clear(&cn);
	return rc;
}

/*
 * The DNS domain (Tcpip\Parameters\Domain), lower case, without a trailing
 * dot: the peer scope's second link (fleet.h).  NULL when absent or empty.
 */
static int dns_domain(const struct hd_cells *c, uint32_t cs, char **out)
{
	struct hd_str_fact f;
	int rc = 0;

	*out = NULL;
	if (read_str(c, cs, TCPIP_PARAMS, "Domain", &f) < 0)
		return -1;
	if (hd_str_fact_present(&f) && f.text[0] != '\0' && strcmp(f.text, ".") != 0) {
		rc = fold_copy(f.text, 0, out);
		if (rc == 0 && (*out)[strlen(*out) - 1] == '.')
			(*out)[strlen(*out) - 1] = '\0';
	}
	hd_str_fact_clear(&f);
	return rc;
}

/* The names of a mapped (or replayed) image into out.  0, or -1 ENOMEM; an unreadable image sets out->error. */
static int names_of(const struct hd_cells *c, const struct hd_options *opts, struct hd_fleet_names *out)
{
	struct hd_facts *facts = calloc(1, sizeof *facts);
	struct hd_name_table t;
	const char *org, *site, *why;
	uint32_t root, cs;
	int rc = -1;

	if (facts == NULL)
		return -1;
	if ((why = unacceptable(c, opts->unsafe)) != NULL || hd_cells_root(c, &root) != HD_FOUND) {
		rc = (out->error = strdup(why ? why : "the hive's root key cannot be read")) ? 0 : -1;
		goto done;
	}
	out->read = 1;
	/* Only a SYSTEM hive has Select: a SOFTWARE hive is no server's witness (issue 26 item 7). */
	out->is_system = hd_cells_key(c, root, "Select", &cs) == HD_FOUND;
	if (controlset(c, root, opts->control_set, &cs) != HD_FOUND) {
		rc = 0;         /* no control set: no names */
		goto done;
	}
	if (read_copies(c, cs, &facts->exchange.names) < 0 || dns_domain(c, cs, &out->domain) < 0)
		goto done;
	hd_name_table_build(facts, NULL, &t);
	org = hd_peer_agreed(&t.row[HD_PART_ORG]);
	site = hd_peer_agreed(&t.row[HD_PART_SITE]);
	if ((org && (out->org = strdup(org)) == NULL) || (site && (out->site = strdup(site)) == NULL) ||
	    (org && server_identity(c, cs, &facts->exchange.names, &out->server) < 0))
		goto done;
	rc = 0;
done:
	hd_facts_clear(facts);
	free(facts);
	return rc;
}

/*
 * A dirty hive with logs beside it: the replayed image, as the analysis
 * reads it (analyze_recover.c).  1 with *img (free it), 0 when the primary
 * itself is read (clean, no log, a log refused), -1 ENOMEM.
 */
static int replayed(const char *path, const uint8_t *map, size_t len, uint8_t **img, size_t *ilen)
{
	struct hd_regf_header h;
	struct hd_txlog_set set = { 0 };
	struct hd_recovery rec = { 0 };
	int rc = 0;

	*img = NULL;
	if (hd_regf_header_parse(map, len, len, &h) != 1 || !h.dirty || len > HD_TXLOG_MAX_HIVE_BYTES)
		return 0;
	if (hd_txlog_discover(path, &set, NULL) < 0) {
		rc = errno == ENOMEM ? -1 : 0;
	} else if (!hd_txlog_set_empty(&set)) {
		rc = hd_txlog_recover(map, len, &set, &rec, img, ilen);
		hd_recovery_clear(&rec);
	}
	hd_txlog_set_clear(&set);
	return rc;
}

/* path's layout: the record's path, case folder and installation folder.  0, or -1 ENOMEM. */
static int layout(const char *path, const char *root, struct hd_fleet_names *out)
{
	return (out->path = strdup(path)) && (out->case_folder = hd_fleet_case_folder(path, root)) &&
	       (out->installation = hd_fleet_installation(path)) ? 0 : -1;
}

/* The file's bytes, hashed and read.  0, or -1 ENOMEM. */
static int read_mapped(const char *path, const uint8_t *map, size_t len, const struct hd_options *opts,
                       int hash, struct hd_fleet_names *out)
{
	char hex[HD_SHA256_HEX_LEN];
	struct hd_cells c;
	uint8_t *img = NULL;
	size_t ilen = 0;
	int rc;

	if (hash) {
		hd_sha256_hex(map, len, hex);
		if ((out->sha256 = strdup(hex)) == NULL)
			return -1;
	}
	/* --no-replay: the analysis reads the primary, and so does this read. */
	if ((rc = opts->no_replay ? 0 : replayed(path, map, len, &img, &ilen)) < 0)
		return -1;
	c.data = rc == 1 ? img : map;
	c.len = rc == 1 ? ilen : len;
	rc = names_of(&c, opts, out);
	free(img);
	return rc;
}

/* Map the file open on fd: the mapping, or MAP_FAILED with *why. */
static void *map_file(int fd, size_t *len, const char **why)
{
	struct stat st;
	void *map;

	*why = NULL;
	if (fstat(fd, &st) < 0)
		return MAP_FAILED;
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return MAP_FAILED;
	}
	if (st.st_size < HD_REGF_BASE_BLOCK_SIZE) {
		*why = "too short for a hive";
		return MAP_FAILED;
	}
	*len = (size_t)st.st_size;
	map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	return map;
}

int hd_analyze_names_fd(int fd, const char *path, const char *root, const struct hd_options *opts, int hash,
                        struct hd_fleet_names *out)
{
	int saved = errno, rc = -1;
	const char *why = NULL;
	void *map = MAP_FAILED;
	size_t len = 0;

	memset(out, 0, sizeof *out);
	if (layout(path, root, out) < 0)
		goto fail;
	errno = saved;
	if (fd >= 0)
		map = map_file(fd, &len, &why);
	if (map != MAP_FAILED)
		rc = read_mapped(path, map, len, opts, hash, out);
	else if (asprintf(&out->error, "cannot read it: %s", why ? why : strerror(errno)) >= 0)
		rc = 0;
	if (map != MAP_FAILED)
		munmap(map, len);
	if (rc == 0)
		return 0;
fail:
	hd_fleet_names_clear(out);
	memset(out, 0, sizeof *out);
	errno = ENOMEM;
	return -1;
}

int hd_analyze_names(const char *path, const char *root, const struct hd_options *opts, int hash,
                     struct hd_fleet_names *out)
{
	int fd = hd_open_evidence(path, opts->no_follow), rc;

	rc = hd_analyze_names_fd(fd, path, root, opts, hash, out);
	if (fd >= 0)
		close(fd);
	return rc;
}
