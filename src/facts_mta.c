/*
 * facts_mta.c - read MSExchangeMTA\Parameters and the System Attendant
 * names (DOMAIN.md section 3), and parse the MTA's X500 DN.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts_mta.h"

#define MTA_PARAMS "Services\\MSExchangeMTA\\Parameters"
#define SA_PARAMS "Services\\MSExchangeSA\\Parameters"

const char *const hd_xapi_value_names[HD_XAPI_COUNT] = {
	[HD_XAPI_MA_QUEUE] = "XAPI MA queue threads",
	[HD_XAPI_MA] = "XAPI MA threads",
	[HD_XAPI_MT_QUEUE] = "XAPI MT queue threads",
	[HD_XAPI_MT] = "XAPI MT threads",
};

/* A copy of [start, end) with blanks trimmed on both sides, or NULL (ENOMEM). */
static char *trimmed_copy(const char *start, const char *end)
{
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return strndup(start, (size_t)(end - start));
}

/* Record one attr=value component; the first o / ou wins, as the DN is read left to right. */
static int x500_component(const char *start, const char *end, int *after_servers,
                          struct hd_x500_names *out)
{
	char *part = trimmed_copy(start, end);
	char *eq, *attr, *value;
	int rc = -1;

	if (part == NULL)
		goto out;
	rc = 0;
	eq = strchr(part, '=');
	if (eq == NULL)
		goto out;
	*eq = '\0';
	attr = part;
	value = eq + 1;
	/* Blanks around '=' are tolerated: compare the trimmed attribute. */
	for (char *t = eq; t > attr && (t[-1] == ' ' || t[-1] == '\t'); t--)
		t[-1] = '\0';
	while (*value == ' ' || *value == '\t')
		value++;
	if (strcasecmp(attr, "o") == 0 && out->org == NULL)
		rc = (out->org = strdup(value)) == NULL ? -1 : 0;
	else if (strcasecmp(attr, "ou") == 0 && out->site == NULL)
		rc = (out->site = strdup(value)) == NULL ? -1 : 0;
	else if (strcasecmp(attr, "cn") == 0 && *after_servers && out->server == NULL)
		rc = (out->server = strdup(value)) == NULL ? -1 : 0;
	if (strcasecmp(attr, "cn") == 0)
		*after_servers = strcasecmp(value, "Servers") == 0;
out:
	free(part);
	return rc;
}

int hd_x500_parse(const char *dn, struct hd_x500_names *out)
{
	int after_servers = 0;
	const char *start = dn;

	memset(out, 0, sizeof *out);
	for (const char *p = dn;; p++) {
		if (*p != '/' && *p != ',' && *p != '\0')
			continue;
		if (p > start && x500_component(start, p, &after_servers, out) < 0) {
			hd_x500_names_clear(out);
			errno = ENOMEM;
			return -1;
		}
		if (*p == '\0')
			break;
		start = p + 1;
	}
	return 0;
}

void hd_x500_names_clear(struct hd_x500_names *n)
{
	free(n->org);
	free(n->site);
	free(n->server);
	memset(n, 0, sizeof *n);
}

/* "X500 DN", or the "X500DN" spelling when the first is absent (DOMAIN.md section 3). */
static int read_x500_dn(struct hd_reader *r, struct hd_str_fact *f)
{
	if (hd_read_str(r, MTA_PARAMS, "X500 DN", f) < 0)
		return -1;
	if (f->rv.status != HD_ABSENT)
		return 0;
	hd_str_fact_clear(f);
	return hd_read_str(r, MTA_PARAMS, "X500DN", f) < 0 ? -1 : 0;
}

static int read_mta_values(struct hd_reader *r, struct hd_mta_facts *mta)
{
	if (hd_read_key(r, MTA_PARAMS, &mta->parameters) < 0 || read_x500_dn(r, &mta->x500_dn) < 0 ||
	    hd_read_str(r, MTA_PARAMS, "MTA Database Path", &mta->database_path) < 0 ||
	    hd_read_str(r, MTA_PARAMS, "MTA Run Directory", &mta->run_directory) < 0 ||
	    hd_read_dword(r, MTA_PARAMS, "TCP/IP control blocks", &mta->tcpip_control_blocks) < 0 ||
	    hd_read_dword(r, MTA_PARAMS, "TP4 control blocks", &mta->tp4_control_blocks) < 0)
		return -1;
	for (size_t i = 0; i < HD_XAPI_COUNT; i++)
		if (hd_read_dword(r, MTA_PARAMS, hd_xapi_value_names[i], &mta->xapi[i]) < 0)
			return -1;
	return 0;
}

int hd_mta_collect(struct hd_reader *r, struct hd_mta_facts *mta)
{
	if (read_mta_values(r, mta) < 0 ||
	    hd_read_str(r, SA_PARAMS, "Enterprise", &mta->sa_enterprise) < 0 ||
	    hd_read_str(r, SA_PARAMS, "Site", &mta->sa_site) < 0 ||
	    hd_read_str(r, SA_PARAMS, "Server", &mta->sa_server) < 0)
		goto nomem;
	if (HD_FACT_OK(&mta->x500_dn) && mta->x500_dn.text != NULL &&
	    hd_x500_parse(mta->x500_dn.text, &mta->x500) < 0)
		goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

void hd_mta_facts_clear(struct hd_mta_facts *mta)
{
	hd_regval_clear(&mta->parameters);
	hd_str_fact_clear(&mta->x500_dn);
	hd_x500_names_clear(&mta->x500);
	hd_str_fact_clear(&mta->database_path);
	hd_str_fact_clear(&mta->run_directory);
	for (size_t i = 0; i < HD_XAPI_COUNT; i++)
		hd_dword_fact_clear(&mta->xapi[i]);
	hd_dword_fact_clear(&mta->tcpip_control_blocks);
	hd_dword_fact_clear(&mta->tp4_control_blocks);
	hd_str_fact_clear(&mta->sa_enterprise);
	hd_str_fact_clear(&mta->sa_site);
	hd_str_fact_clear(&mta->sa_server);
	memset(mta, 0, sizeof *mta);
}
