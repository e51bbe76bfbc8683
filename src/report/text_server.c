/*
 * text_server.c - the text report's lines that name the server (issue
 * 25): its ComputerName, the Windows version and service pack and how they
 * were established (DOMAIN.md 0.11: the SYSTEM hive alone never names a
 * version), the Exchange build when the SOFTWARE hive was read, and when the
 * hive was last written.
 */
#include "report/text_server.h"

#include "facts/facts.h"
#include "report/text_wrap.h"
#include "util/strbuf.h"
#include "util/textutil.h"

static void strbuf_field(struct hd_tw *w, const char *name, struct hd_strbuf *b)
{
	const char *text = hd_strbuf_str(b);

	hd_tw_field(w, name, text ? text : "(out of memory)");
	hd_strbuf_clear(b);
}

static void server_line(struct hd_tw *w, const struct hd_system_facts *sys)
{
	const struct hd_str_fact *cn = &sys->computer_name;
	struct hd_strbuf b = { 0 };

	if (hd_str_fact_present(cn))
		hd_strbuf_addf(&b, "%s (ComputerName)", cn->text);
	else
		hd_strbuf_addf(&b, "(ComputerName %s)", cn->rv.status == HD_ABSENT ? "absent"
		               : cn->rv.status == HD_FOUND ? "empty or not a string" : "unreadable");
	strbuf_field(w, "server", &b);
}

/* "Service Pack 6" after an established name, "service pack 6" after a guess. */
static void service_pack(struct hd_strbuf *b, int sp, int established)
{
	if (sp < 0)
		hd_strbuf_addf(b, "service pack not recorded (CSDVersion)");
	else if (sp == 0)
		hd_strbuf_addf(b, "no service pack (CSDVersion 0)");
	else
		hd_strbuf_addf(b, "%s %d", established ? "Service Pack" : "service pack", sp);
}

/* The Windows version and how it was (or was not) established. */
static void windows_line(struct hd_tw *w, const struct hd_facts *facts)
{
	const struct hd_windows_id *id = &facts->windows;
	struct hd_strbuf b = { 0 };
	int n = 0;

	if (id->source == HD_WINVER_FROM_SOFTWARE) {
		hd_strbuf_addf(&b, "%s ", id->name);
		service_pack(&b, facts->system.service_pack, 1);
		hd_strbuf_addf(&b, " (the SOFTWARE hive's CurrentVersion %s%s%s)", id->current_version,
		               id->build ? ", build " : "", id->build ? id->build : "");
		strbuf_field(w, "windows", &b);
		return;
	}
	if (id->source == HD_WINVER_FROM_SYSTEM_HINTS)
		hd_strbuf_addf(&b, "%s, ", id->name);
	service_pack(&b, facts->system.service_pack, 0);
	hd_strbuf_addf(&b, "; version not established: %s, and ", facts->software.given
	               ? "the SOFTWARE hive has no usable CurrentVersion" : "no SOFTWARE hive (--software)");
	if (id->hints == 0)
		hd_strbuf_addf(&b, "the SYSTEM hive shows no sign of Windows 2000 or later");
	else {
		hd_strbuf_addf(&b, "the SYSTEM hive only hints at it (");
		for (unsigned bit = 1; bit < 1u << HD_W2K_HINT_COUNT; bit <<= 1)
			if (id->hints & bit)
				hd_strbuf_addf(&b, "%s%s", n++ ? "; " : "", hd_w2k_hint_words(bit));
		hd_strbuf_addf(&b, ")");
	}
	strbuf_field(w, "windows", &b);
}

/* The Exchange build the SOFTWARE hive records (Q158530 names the builds). */
static void exchange_line(struct hd_tw *w, const struct hd_software_facts *sw)
{
	struct hd_strbuf b = { 0 };

	if (sw->build_source != NULL && sw->version != NULL)
		hd_strbuf_addf(&b, "Exchange Server %s, build %lu", sw->version, (unsigned long)sw->build);
	else if (sw->build_source != NULL)
		hd_strbuf_addf(&b, "build %lu, not one KB Q158530 lists", (unsigned long)sw->build);
	else if (sw->setup.status == HD_FOUND)
		hd_strbuf_addf(&b, "build not recorded");
	else
		hd_strbuf_addf(&b, "not installed: the SOFTWARE hive has %s", sw->setup.status == HD_ABSENT
		               ? "no Microsoft\\Exchange\\Setup key" : "an unreadable Microsoft\\Exchange\\Setup key");
	if (sw->build_source != NULL || sw->setup.status == HD_FOUND)
		hd_strbuf_addf(&b, " (the SOFTWARE hive's Microsoft\\Exchange\\Setup%s%s)",
		               sw->build_source ? " " : "", sw->build_source ? sw->build_source->rv.name : "");
	strbuf_field(w, "exchange", &b);
}

void hd_text_server_lines(struct hd_tw *w, const struct hd_result *res)
{
	if (!res->have_facts)
		return;
	server_line(w, &res->facts.system);
	windows_line(w, &res->facts);
	if (res->facts.software.given)
		exchange_line(w, &res->facts.software);
}

void hd_text_written_line(struct hd_tw *w, const struct hd_result *res)
{
	char when[HD_ISOTIME_LEN], buf[HD_ISOTIME_LEN + 64];

	if (!res->file.have_header || hd_filetime_iso(res->file.header.last_written, when) != 0)
		return;
	snprintf(buf, sizeof buf, "%s (the base block's last-write time)", when);
	hd_tw_field(w, "written", buf);
}
