/*
 * rule_severity.c - the severities of each rule's findings (see
 * rule_severity.h).  Keep in step with the rule packs' hd_finding_add calls.
 */
#include "rules/rule_severity.h"

#include <stddef.h>
#include <string.h>

static const struct {
	const char *id, *severities;
} severities[] = {
	{ "H1", "info" }, { "H2", "warning" }, { "H3", "info" }, { "H4", "warning" },
	{ "A1", "error" }, { "A2", "error" }, { "A3", "error" }, { "A4", "warning" },
	{ "A5", "warning" }, { "A6", "warning" }, { "A7", "info or error" }, { "A9", "warning" },
	{ "A10", "warning" }, { "A11", "info to error" }, { "A12", "error" },
	{ "B1", "info" }, { "B2", "error" }, { "B3", "error" }, { "B4", "warning" },
	{ "B5", "error" }, { "B6", "warning" }, { "B7", "warning" }, { "B8", "info" },
	{ "B9", "warning" }, { "B10", "error" },
	{ "B11a", "warning" }, { "B11b", "warning" }, { "B11c", "warning" }, { "B11d", "warning" },
	{ "B11e", "warning" }, { "B11f", "warning" },
	{ "P1", "info or warning" },
};

const char *hd_rule_severities(const char *rule_id)
{
	for (size_t i = 0; i < sizeof severities / sizeof severities[0]; i++)
		if (strcmp(severities[i].id, rule_id) == 0)
			return severities[i].severities;
	return NULL;
}
