/*
 * analyze_names.c - read one hive's Organization and Site names cheaply
 * (see names.h): map the file, check the base block, walk to the three
 * keys that hold the names, and judge the copies as the full analysis does
 * (facts/names_compare.c, rules/peers.c).
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

#include "facts/facts.h"
#include "fleet/agreed.h"
#include "hive/controlset.h"
#include "hive/regf.h"
#include "hive/regf_cells.h"
#include "hive/regval.h"
#include "util/fdio.h"

#define IMC_PARAMS "Services\\MSExchangeIMC\\Parameters"
#define SA_PARAMS  "Services\\MSExchangeSA\\Parameters"
#define MTA_PARAMS "Services\\MSExchangeMTA\\Parameters"

/* The base block says: a primary hive the analysis proper would open too. */
static int acceptable(const struct hd_cells *c, int unsafe)
{
	struct hd_regf_header h;

	if (hd_regf_header_parse(c->data, c->len, c->len, &h) != 1)
		return 0;
	return h.magic == HD_MAGIC_REGF && h.file_type == 0 && h.checksum_ok &&
	       !(h.major == 1 && h.minor == 6) && (!h.truncated || unsafe);
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
	int rc = 0;

	*out = NULL;
	if (read_str(c, cs, "Control\\ComputerName\\ComputerName", "ComputerName", &cn) < 0)
		return -1;
	if (hd_cells_key(c, cs, "Services\\ClusSvc", &key) == HD_FOUND)
		name = hd_str_fact_present(&n->sa_name[HD_PART_SERVER]) ? n->sa_name[HD_PART_SERVER].text : NULL;
	else if (hd_str_fact_present(&cn))
		name = cn.text;
	if (name != NULL && (*out = strdup(name)) == NULL)
		rc = -1;
	for (char *p = *out; p && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	hd_str_fact_clear(&cn);
	return rc;
}

/* The agreed names of a mapped hive.  0, or -1 with errno. */
static int names_of(const struct hd_cells *c, const struct hd_options *opts, struct hd_hive_names *out)
{
	struct hd_facts *facts = calloc(1, sizeof *facts);
	struct hd_name_table t;
	const char *org, *site;
	uint32_t root, cs;
	int rc = -1;

	if (facts == NULL)
		return -1;
	errno = EINVAL;
	if (!acceptable(c, opts->unsafe) || hd_cells_root(c, &root) != HD_FOUND)
		goto done;
	/* Only a SYSTEM hive has Select: a SOFTWARE hive is no server's witness (issue 26 item 7). */
	out->is_system = hd_cells_key(c, root, "Select", &cs) == HD_FOUND;
	if (controlset(c, root, opts->control_set, &cs) != HD_FOUND) {
		rc = 0;         /* no control set: no names */
		goto done;
	}
	if (read_copies(c, cs, &facts->exchange.names) < 0)
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

int hd_analyze_names(const char *path, const struct hd_options *opts, struct hd_hive_names *out)
{
	int fd = hd_open_evidence(path, opts->no_follow), rc = -1, saved;
	struct stat st;
	void *map = MAP_FAILED;

	memset(out, 0, sizeof *out);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= HD_REGF_BASE_BLOCK_SIZE)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	else
		errno = EINVAL;
	if (map != MAP_FAILED) {
		struct hd_cells c = { .data = map, .len = (size_t)st.st_size };
		rc = names_of(&c, opts, out);
	}
	saved = errno;
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	close(fd);
	if (rc < 0)
		hd_hive_names_clear(out);
	errno = saved;
	return rc;
}

void hd_hive_names_clear(struct hd_hive_names *n)
{
	free(n->org);
	free(n->site);
	free(n->server);
	n->org = n->site = n->server = NULL;
}
