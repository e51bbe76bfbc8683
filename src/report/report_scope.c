/*
 * report_scope.c - which peers judged a hive (see report_scope.h).
 */
#include "report/report_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hex digits of the table's identity the text report shows (the JSON report has all 64). */
#define TEXT_ID_DIGITS 16

/* The DNS domain P1 links servers by, as rule P1 reads it (the table normalizes it), or NULL. */
static const char *hive_domain(const struct hd_result *res)
{
	return res->have_facts ? res->facts.network.domain.text : NULL;
}

int hd_report_scope(const struct hd_result *res, struct hd_report_scope *s)
{
	const struct hd_options *o = res->opts;
	const char *case_folder;
	char *own = NULL;

	memset(s, 0, sizeof *s);
	if (o == NULL || o->rules.peers == NULL)
		return 0;
	s->table = hd_fleet_table_id(o->rules.peers);
	/* The case folder rule P1 used: the worker's, else the file's own (analyze.c's run_rules). */
	case_folder = o->rules.peer_case;
	if (case_folder == NULL && res->path != NULL)
		case_folder = own = hd_fleet_case_folder(res->path, NULL);
	if (hd_fleet_scope_of(o->rules.peers, case_folder, hive_domain(res), &s->scope) != 1)
		memset(&s->scope, 0, sizeof s->scope);
	free(own);
	return 1;
}

void hd_report_scope_text(const struct hd_report_scope *s, char *buf, size_t len)
{
	const char *id = s->table ? s->table : "sha256:?";
	int digits = (int)strlen("sha256:") + TEXT_ID_DIGITS;

	if (s->scope.id)
		snprintf(buf, len, "%lu server%s, %lu hive%s in scope %s; table %.*s...", s->scope.servers,
		         s->scope.servers == 1 ? "" : "s", s->scope.hives, s->scope.hives == 1 ? "" : "s",
		         s->scope.id, digits, id);
	else
		snprintf(buf, len, "none: no scope of table %.*s... holds this hive's case folder or DNS "
		         "domain", digits, id);
}
