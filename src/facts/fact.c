/*
 * fact.c - releasing facts, and the names of service start types.
 */
#include "facts/fact.h"

#include <stdlib.h>
#include <string.h>

#include "hive/regval.h"
#include "util/textutil.h"

void hd_str_fact_clear(struct hd_str_fact *f)
{
	hd_regval_clear(&f->rv);
	free(f->text);
	memset(f, 0, sizeof *f);
}

void hd_dword_fact_clear(struct hd_dword_fact *f)
{
	hd_regval_clear(&f->rv);
	memset(f, 0, sizeof *f);
}

void hd_multi_fact_clear(struct hd_multi_fact *f)
{
	hd_regval_clear(&f->rv);
	hd_strv_free(f->items);
	memset(f, 0, sizeof *f);
}

const char *hd_start_name(uint32_t start)
{
	static const char *const names[] = { "boot", "system", "auto", "manual", "disabled" };

	return start < sizeof names / sizeof names[0] ? names[start] : NULL;
}

void hd_service_facts_clear(struct hd_service_facts *svc)
{
	hd_regval_clear(&svc->key);
	hd_dword_fact_clear(&svc->start);
	hd_dword_fact_clear(&svc->type);
	hd_str_fact_clear(&svc->image_path);
	hd_str_fact_clear(&svc->object_name);
	hd_multi_fact_clear(&svc->depend_on_service);
}

int hd_str_fact_present(const struct hd_str_fact *f)
{
	return HD_FACT_OK(f) && f->text != NULL && f->text[0] != '\0';
}
