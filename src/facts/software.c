/*
 * software.c - read the SOFTWARE hive's facts (DOMAIN.md section 4): the
 * Exchange build (Q158530), the NT version, the RPC protocol sequences
 * (Q165324) and the network cards' names.
 */
#include "facts/software.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/read.h"
#include "util/textutil.h"

#define NETCARDS HD_NT_CURRENT_VERSION "\\NetworkCards"
/* A server has a handful of cards; a hostile hive could list millions. */
#define MAX_NETCARDS 64u

/* Q158530: Exchange Server 5.5 builds. */
static const struct { uint32_t build; int sp; const char *version; } exchange_builds[] = {
	{ 1960, 0, "5.5 RTM" }, { 2232, 1, "5.5 SP1" }, { 2448, 2, "5.5 SP2" },
	{ 2650, 3, "5.5 SP3" }, { 2653, 4, "5.5 SP4" },
};

int hd_exchange_sp_of_build(uint32_t build)
{
	for (size_t i = 0; i < sizeof exchange_builds / sizeof exchange_builds[0]; i++)
		if (exchange_builds[i].build == build)
			return exchange_builds[i].sp;
	return HD_EXCH_SP_UNKNOWN;
}

const char *hd_exchange_version_of_build(uint32_t build)
{
	for (size_t i = 0; i < sizeof exchange_builds / sizeof exchange_builds[0]; i++)
		if (exchange_builds[i].build == build)
			return exchange_builds[i].version;
	return NULL;
}

char hd_path_drive(const char *path)
{
	char c;

	if (path == NULL || path[0] == '\0' || path[1] != ':' || (path[2] != '\\' && path[2] != '/'))
		return 0;
	c = path[0];
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c >= 'A' && c <= 'Z' ? c : 0;
}

/* A build as REG_DWORD, or as decimal digits in a string: nothing else is guessed. */
static int decode_build(struct hd_build_fact *f)
{
	char *text = NULL, *end = NULL;
	unsigned long n;
	int rc = hd_decode_dword(&f->rv.raw, &f->value);

	if (rc != HD_DECODE_BADTYPE)
		return rc;
	rc = hd_decode_string(&f->rv.raw, &text);
	if (rc != HD_DECODE_OK)
		return rc;
	errno = 0;
	n = strtoul(text, &end, 10);
	rc = text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0 && n <= UINT32_MAX
	     ? HD_DECODE_OK : HD_DECODE_BADTYPE;
	if (rc == HD_DECODE_OK)
		f->value = (uint32_t)n;
	free(text);
	return rc;
}

static int read_build(struct hd_reader *r, const char *name, struct hd_build_fact *f)
{
	memset(f, 0, sizeof *f);
	if (hd_read_value(r, HD_EXCHANGE_SETUP, name, &f->rv) < 0)
		return -1;
	if (f->rv.status != HD_FOUND)
		return 0;
	f->decode = decode_build(f);
	return f->decode == HD_DECODE_ERROR ? -1 : 0;
}

void hd_software_assess(struct hd_software_facts *sw)
{
	const struct hd_build_fact *src = NULL;

	if (HD_FACT_OK(&sw->sp_build))
		src = &sw->sp_build;            /* names the service pack itself */
	else if (HD_FACT_OK(&sw->newest_build))
		src = &sw->newest_build;
	sw->build_source = src;
	sw->build = src ? src->value : 0;
	sw->service_pack = src ? hd_exchange_sp_of_build(src->value) : HD_EXCH_SP_UNKNOWN;
	sw->version = src ? hd_exchange_version_of_build(src->value) : NULL;
	sw->install_drive = hd_str_fact_present(&sw->install_path) ? hd_path_drive(sw->install_path.text) : 0;
}

static int collect_rpc(struct hd_reader *r, const char *path, struct hd_rpc_protocols *p)
{
	if (hd_read_key(r, path, &p->key) < 0 ||
	    hd_read_str(r, path, "ncacn_ip_tcp", &p->ncacn_ip_tcp) < 0)
		return -1;
	return 0;
}

static int collect_netcard(struct hd_reader *r, const char *number, struct hd_netcard *c)
{
	struct hd_reader sub;     /* number is a subkey name: one key, never a path (read.h) */

	c->number = strdup(number);
	if (c->number == NULL)
		return -1;
	hd_reader_child(r, NETCARDS, number, &sub);
	if (hd_read_str(&sub, "", "ServiceName", &c->service_name) < 0 ||
	    hd_read_str(&sub, "", "Description", &c->description) < 0)
		return -1;
	return 0;
}

static int collect_netcards(struct hd_reader *r, struct hd_software_facts *sw)
{
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (hd_read_key(r, NETCARDS, &sw->netcards_key) < 0)
		return -1;
	if (sw->netcards_key.status != HD_FOUND)
		return 0;
	if (hd_read_subkeys(r, NETCARDS, &names, &n) != HD_FOUND) {
		if (errno == ENOMEM)
			return -1;
		sw->netcards_key.status = HD_ERROR;     /* key there, list unreadable */
		return 0;
	}
	if (n > MAX_NETCARDS)
		n = MAX_NETCARDS;
	sw->netcards = calloc(n ? n : 1, sizeof *sw->netcards);
	if (sw->netcards == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sw->n_netcards++;       /* counted first: a failed entry is freed too */
		rc = collect_netcard(r, names[i], &sw->netcards[i]);
	}
	hd_strv_free(names);
	return rc;
}

int hd_software_collect(struct hd_reader *r, struct hd_software_facts *sw)
{
	memset(sw, 0, sizeof *sw);
	sw->given = 1;
	if (hd_read_key(r, HD_EXCHANGE_SETUP, &sw->setup) < 0 ||
	    hd_read_str(r, HD_EXCHANGE_SETUP, "Services", &sw->install_path) < 0 ||
	    read_build(r, "ServicePackBuild", &sw->sp_build) < 0 ||
	    read_build(r, "NewestBuild", &sw->newest_build) < 0 ||
	    hd_read_str(r, HD_NT_CURRENT_VERSION, "CSDVersion", &sw->csd_version) < 0 ||
	    hd_read_str(r, HD_NT_CURRENT_VERSION, "CurrentBuildNumber", &sw->current_build_number) < 0 ||
	    hd_read_str(r, HD_NT_CURRENT_VERSION, "CurrentVersion", &sw->current_version) < 0 ||
	    hd_read_str(r, HD_NT_CURRENT_VERSION, "ProductName", &sw->product_name) < 0 ||
	    collect_rpc(r, HD_RPC_CLIENT_PROTOCOLS, &sw->rpc_client) < 0 ||
	    collect_rpc(r, HD_RPC_SERVER_PROTOCOLS, &sw->rpc_server) < 0 ||
	    collect_netcards(r, sw) < 0) {
		errno = ENOMEM;
		return -1;
	}
	hd_software_assess(sw);
	return 0;
}

const struct hd_netcard *hd_software_netcard(const struct hd_software_facts *sw, const char *adapter)
{
	for (size_t i = 0; i < sw->n_netcards; i++)
		if (hd_str_fact_present(&sw->netcards[i].service_name) &&
		    hd_name_equal(sw->netcards[i].service_name.text, adapter))
			return &sw->netcards[i];
	return NULL;
}

static void rpc_clear(struct hd_rpc_protocols *p)
{
	hd_regval_clear(&p->key);
	hd_str_fact_clear(&p->ncacn_ip_tcp);
}

void hd_software_facts_clear(struct hd_software_facts *sw)
{
	hd_regval_clear(&sw->setup);
	hd_str_fact_clear(&sw->install_path);
	hd_regval_clear(&sw->sp_build.rv);
	hd_regval_clear(&sw->newest_build.rv);
	hd_str_fact_clear(&sw->csd_version);
	hd_str_fact_clear(&sw->current_build_number);
	hd_str_fact_clear(&sw->current_version);
	hd_str_fact_clear(&sw->product_name);
	rpc_clear(&sw->rpc_client);
	rpc_clear(&sw->rpc_server);
	hd_regval_clear(&sw->netcards_key);
	for (size_t i = 0; i < sw->n_netcards; i++) {
		free(sw->netcards[i].number);
		hd_str_fact_clear(&sw->netcards[i].service_name);
		hd_str_fact_clear(&sw->netcards[i].description);
	}
	free(sw->netcards);
	memset(sw, 0, sizeof *sw);
}
