/*
 * facts_mta.c - read MSExchangeMTA\Parameters (DOMAIN.md section 3).  The
 * X500 DN is read, with the names it must match, by facts_exchange.c.
 */
#include <errno.h>
#include <string.h>

#include "facts/facts_mta.h"
#include "facts/read.h"

#define MTA_PARAMS "Services\\MSExchangeMTA\\Parameters"

const char *const hd_xapi_value_names[HD_XAPI_COUNT] = {
	[HD_XAPI_MA_QUEUE] = "XAPI MA queue threads",
	[HD_XAPI_MA] = "XAPI MA threads",
	[HD_XAPI_MT_QUEUE] = "XAPI MT queue threads",
	[HD_XAPI_MT] = "XAPI MT threads",
};

int hd_mta_collect(struct hd_reader *r, struct hd_mta_facts *mta)
{
	if (hd_read_key(r, MTA_PARAMS, &mta->parameters) < 0 ||
	    hd_read_str(r, MTA_PARAMS, "MTA Database Path", &mta->database_path) < 0 ||
	    hd_read_str(r, MTA_PARAMS, "MTA Run Directory", &mta->run_directory) < 0 ||
	    hd_read_dword(r, MTA_PARAMS, "TCP/IP control blocks", &mta->tcpip_control_blocks) < 0 ||
	    hd_read_dword(r, MTA_PARAMS, "TP4 control blocks", &mta->tp4_control_blocks) < 0)
		goto nomem;
	for (size_t i = 0; i < HD_XAPI_COUNT; i++)
		if (hd_read_dword(r, MTA_PARAMS, hd_xapi_value_names[i], &mta->xapi[i]) < 0)
			goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

void hd_mta_facts_clear(struct hd_mta_facts *mta)
{
	hd_regval_clear(&mta->parameters);
	hd_str_fact_clear(&mta->database_path);
	hd_str_fact_clear(&mta->run_directory);
	for (size_t i = 0; i < HD_XAPI_COUNT; i++)
		hd_dword_fact_clear(&mta->xapi[i]);
	hd_dword_fact_clear(&mta->tcpip_control_blocks);
	hd_dword_fact_clear(&mta->tp4_control_blocks);
	memset(mta, 0, sizeof *mta);
}
