/*
 * timeline.c - the keys behind the findings, by last-write time (issue 13).
 * Which keys: Exchange Setup and the RPC protocol lists (SOFTWARE); Tcpip,
 * its Linkage and Parameters, each bound adapter's parameters, Winsock,
 * NetBT, and the Exchange services' Parameters (SYSTEM).
 */
#include "facts/timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts.h"

#define HD_TIMELINE_MAX (32u + HD_NET_MAX_BINDINGS)

static void add(struct hd_timeline *t, const char *what, const struct hd_regval *rv)
{
	if (rv == NULL || !rv->key_found || rv->key_time == 0 || t->n >= HD_TIMELINE_MAX)
		return;
	t->v[t->n].time = rv->key_time;
	t->v[t->n].hive = rv->hive ? rv->hive : "SYSTEM";
	t->v[t->n].what = what;
	t->v[t->n].rv = rv;
	t->n++;
}

static void add_software(struct hd_timeline *t, const struct hd_software_facts *sw)
{
	if (!sw->given)
		return;
	add(t, "Exchange setup (build, install path)", &sw->setup);
	add(t, "RPC client protocols", &sw->rpc_client.key);
	add(t, "RPC server protocols", &sw->rpc_server.key);
}

static void add_system(struct hd_timeline *t, const struct hd_facts *f)
{
	const struct hd_network_facts *net = &f->network;

	add(t, "Tcpip service", &net->tcpip.key);
	add(t, "TCP/IP bindings (Linkage)", &net->linkage);
	add(t, "TCP/IP host parameters", &net->parameters);
	for (size_t i = 0; i < net->n_bindings; i++)
		add(t, "TCP/IP parameters of a bound adapter", &net->bindings[i].params.key);
	add(t, "TCP/IP Winsock mapping", &net->tcpip_winsock);
	add(t, "Winsock transports", &net->winsock_transports.rv);
	add(t, "NetBT bindings (Linkage)", &net->netbt_bind.rv);
	add(t, "NetBT adapters", &net->netbt_adapters);
	add(t, "System Attendant parameters", &f->exchange.names.sa_name[HD_PART_ORG].rv);
	add(t, "MTA parameters", &f->exchange.mta.parameters);
	add(t, "IMC parameters (SiteDN)", &f->exchange.names.site_dn.rv);
}

static int by_time(const void *a, const void *b)
{
	const struct hd_timeline_entry *x = a, *y = b;
	int c;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if ((c = strcmp(x->hive, y->hive)) != 0)
		return c;
	return strcmp(x->rv->key, y->rv->key);
}

int hd_timeline_build(const struct hd_facts *facts, struct hd_timeline *t)
{
	memset(t, 0, sizeof *t);
	t->v = calloc(HD_TIMELINE_MAX, sizeof *t->v);
	if (t->v == NULL) {
		errno = ENOMEM;
		return -1;
	}
	add_software(t, &facts->software);
	add_system(t, facts);
	qsort(t->v, t->n, sizeof *t->v, by_time);
	return 0;
}

void hd_timeline_clear(struct hd_timeline *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

int hd_timeline_cites(const struct hd_timeline_entry *e, const struct hd_regval *rv)
{
	const char *hive = rv->hive ? rv->hive : "SYSTEM";

	return rv->key != NULL && strcmp(hive, e->hive) == 0 && strcasecmp(rv->key, e->rv->key) == 0;
}
