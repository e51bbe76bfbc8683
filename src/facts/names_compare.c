/*
 * names_compare.c - the comparison table of the Exchange names (pure: no
 * hive, no allocation), shared by the IMC rules and the report.
 */
#include "facts/facts.h"

#include <string.h>
#include <strings.h>

#include "util/textutil.h"

enum hd_agreement hd_name_compare(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return HD_AGREE_EXACT;
	/* Q298565: SiteDN must "exactly match" the directory, so a case-only difference counts. */
	return hd_name_equal(a, b) ? HD_AGREE_CASE_ONLY : HD_AGREE_DIFFER;
}

/* The worst pairwise comparison among the cells [0, n) that hold a value. */
static enum hd_agreement row_agreement(const struct hd_name_cell *cell, int n)
{
	enum hd_agreement worst = HD_AGREE_EXACT;
	int values = 0;

	for (int i = 0; i < n; i++) {
		if (cell[i].value == NULL)
			continue;
		values++;
		for (int j = i + 1; j < n; j++) {
			enum hd_agreement a;

			if (cell[j].value == NULL)
				continue;
			a = hd_name_compare(cell[i].value, cell[j].value);
			if (a > worst)
				worst = a;
		}
	}
	return values < 2 ? HD_AGREE_NONE : worst;
}

static void set_cell(struct hd_name_cell *c, const char *value, const struct hd_regval *ev)
{
	c->value = value;
	c->evidence = ev;
}

static const char *str_text(const struct hd_str_fact *f)
{
	return HD_FACT_OK(f) ? f->text : NULL;
}

void hd_name_table_build(const struct hd_facts *facts, const char *const *expected,
                         struct hd_name_table *t)
{
	const struct hd_exchange_names *n = &facts->exchange.names;
	const struct hd_dn *sd = n->site_dn_parsed_ok ? &n->site_dn_parsed : NULL;
	const struct hd_dn *x5 = n->mta_x500_dn_parsed_ok ? &n->mta_x500_dn_parsed : NULL;

	memset(t, 0, sizeof *t);
	set_cell(&t->row[HD_PART_ORG].cell[HD_NSRC_SITEDN], sd ? sd->org : NULL, &n->site_dn.rv);
	set_cell(&t->row[HD_PART_SITE].cell[HD_NSRC_SITEDN], sd ? sd->site : NULL, &n->site_dn.rv);
	set_cell(&t->row[HD_PART_SERVER].cell[HD_NSRC_SITEDN], sd ? sd->server : NULL, &n->site_dn.rv);
	set_cell(&t->row[HD_PART_ORG].cell[HD_NSRC_MTA], x5 ? x5->org : NULL, &n->mta_x500_dn.rv);
	set_cell(&t->row[HD_PART_SITE].cell[HD_NSRC_MTA], x5 ? x5->site : NULL, &n->mta_x500_dn.rv);
	set_cell(&t->row[HD_PART_SERVER].cell[HD_NSRC_MTA], x5 ? x5->server : NULL, &n->mta_x500_dn.rv);
	set_cell(&t->row[HD_PART_SERVER].cell[HD_NSRC_COMPUTER],
	         str_text(&facts->system.computer_name), &facts->system.computer_name.rv);
	for (int p = 0; p < HD_PART_COUNT; p++) {
		struct hd_name_row *row = &t->row[p];

		set_cell(&row->cell[HD_NSRC_SA], str_text(&n->sa_name[p]), &n->sa_name[p].rv);
		set_cell(&row->cell[HD_NSRC_EXPECTED], expected ? expected[p] : NULL, NULL);
		row->registry = row_agreement(row->cell, HD_NSRC_EXPECTED);
		row->all = row_agreement(row->cell, HD_NSRC_COUNT);
	}
}

const char *hd_name_part_label(enum hd_name_part p)
{
	static const char *const label[HD_PART_COUNT] = { "org", "site", "server" };

	return (unsigned)p < HD_PART_COUNT ? label[p] : "?";
}

const char *hd_name_source_label(enum hd_name_source s)
{
	static const char *const label[HD_NSRC_COUNT] = {
		"imc_site_dn", "sa_parameters", "mta_x500_dn", "computer_name", "expected",
	};

	return (unsigned)s < HD_NSRC_COUNT ? label[s] : "?";
}

const char *hd_agreement_label(enum hd_agreement a)
{
	static const char *const label[] = { "not_comparable", "exact", "case_only", "differ" };

	return (unsigned)a <= HD_AGREE_DIFFER ? label[a] : "?";
}

int hd_account_is_localsystem(const struct hd_str_fact *object_name)
{
	const char *t;

	/* The service controller runs a service without ObjectName as LocalSystem. */
	if (object_name->rv.status == HD_ABSENT)
		return 1;
	if (!HD_FACT_OK(object_name) || object_name->text == NULL)
		return 0;
	t = object_name->text;
	return strcasecmp(t, "LocalSystem") == 0 || strcasecmp(t, ".\\LocalSystem") == 0 ||
	       strcasecmp(t, "NT AUTHORITY\\SYSTEM") == 0;
}
