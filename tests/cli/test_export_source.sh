#!/bin/sh
# test_export_source.sh - registry exports as evidence (issue 22): the
# REGEDIT4 (windows-1252) and version 5 (UTF-16LE) exports of every sample's
# SYSTEM hive, made at test time by reg2export.py, give the sample's
# verdicts and findings; the report says the hive is a reconstruction and
# every key time is null; an export of CurrentControlSet alone is analyzed
# and says which set it stands for; a SOFTWARE export pairs with
# --software; odd encodings, two roots and regedit syntax errors are
# refused with their reason.
. "$(dirname "$0")/lib.sh"

S="$SAMPLES"
CONV="$(dirname "$0")/reg2export.py"
[ -f "$S/healthy-nt4.hive" ] || skip_all "samples not built"
command -v iconv >/dev/null 2>&1 || skip_all "iconv missing"

# The SYSTEM samples analyzed without options (a .args file gives its own).
systems=
for f in "$TOP"/samples/*.reg; do
	n=$(basename "$f" .reg)
	case $n in software-*) continue ;; esac
	[ -f "$TOP/samples/$n.args" ] && continue
	systems="$systems $n"
done
# Under valgrind (check-valgrind's HIVEDIAG_WRAPPER, a second a report), six
# samples stand for the 48: each encoding, Unicode names, a REG_BINARY
# Select, a second control set, both verdicts likely.
if [ -n "${HIVEDIAG_WRAPPER:-}" ]; then
	systems="healthy-nt4 imc-org-mismatch imc-unicode-differ hive-select-binary imc-controlset2 mta-w2k-broken"
fi

# summary FILE: per report (NDJSON line), its verdicts and findings (id, severity).
summary() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print(r["hive"]["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0], r["verdicts"]["imc"]["status"],
          r["verdicts"]["mta"]["status"], sorted((f["id"], f["severity"]) for f in r["findings"]),
          (r.get("error") or {}).get("code"))
PY
}

# key_times FILE: every last_written of the reports, as a set ("[None]" when all are null).
key_times() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
seen = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k.startswith("last_written"):
                seen.add(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
for line in open(sys.argv[1], encoding="utf-8"):
    walk(json.loads(line))
print(sorted(seen, key=str))
PY
}

mkdir -p "$TMP/hives" "$TMP/v4" "$TMP/v5"
for n in $systems; do cp "$S/$n.hive" "$TMP/hives/$n.reg"; done
/usr/bin/python3 "$CONV" --format 5 --outdir "$TMP/v5" $(for n in $systems; do echo "$TOP/samples/$n.reg"; done)
/usr/bin/python3 "$CONV" --format 4 --outdir "$TMP/v4" $(for n in $systems; do echo "$TOP/samples/$n.reg"; done)
# (exit 3: a sample windows-1252 cannot spell has no REGEDIT4 export; the others are written)
n_v4=$(ls "$TMP/v4" | wc -l)
n_sys=$(echo $systems | wc -w)
"$HIVEDIAG" -o ndjson -j 2 $(for n in $systems; do echo "$TMP/hives/$n.reg"; done) >"$TMP/hives.nd" 2>/dev/null
summary "$TMP/hives.nd" | sort >"$TMP/want"

for v in v5 v4; do
	"$HIVEDIAG" -o ndjson -j 2 "$TMP/$v"/*.reg >"$TMP/$v.nd" 2>"$TMP/err"
	summary "$TMP/$v.nd" | sort >"$TMP/got"
	# The samples this format could spell (REGEDIT4: windows-1252 only), by name.
	ls "$TMP/$v" | sed 's/\.reg$/ /; s/^/^/' >"$TMP/names"
	grep -f "$TMP/names" "$TMP/want" >"$TMP/want.v4"
	if diff "$TMP/want.v4" "$TMP/got" >"$TMP/diff"; then
		ok "$v: $(wc -l <"$TMP/got") exports give their samples' verdicts and findings"
	else
		not_ok "$v: exports differ from their samples" "$(head -c 600 "$TMP/diff")"
	fi
	cp "$TMP/$v.nd" "$TMP/out"
	expect_valid "$v exports"
	got=$(key_times "$TMP/$v.nd")
	if [ "$got" = "[None]" ]; then ok "$v: every last_written is null"; else not_ok "$v: key times reported" "$got"; fi
done
if [ "$n_v4" -ge $((n_sys - 3)) ]; then ok "REGEDIT4: $n_v4 of $n_sys samples written in windows-1252"
else not_ok "REGEDIT4: only $n_v4 of $n_sys samples converted"; fi
[ "$(wc -l <"$TMP/want")" -eq "$n_sys" ] && ok "hives: $n_sys reports" || not_ok "hives: $(wc -l <"$TMP/want") reports for $n_sys samples"

# One export in detail: the reconstruction, said in JSON and in text.
run "$HIVEDIAG" --compact "$TMP/v5/imc-org-mismatch.reg"
expect_rc 1 "v5 export"
expect_json 'r["hive"]["reconstructed"]["format"], r["hive"]["reconstructed"]["encoding"], r["hive"]["reconstructed"]["root_key"]' \
	'["5.00", "UTF-16LE", "HKEY_LOCAL_MACHINE\\SYSTEM"]' "v5 export: what it was read as"
expect_json '[r["hive"][k] for k in ("dirty", "sequence", "format_version", "last_written")]' '[null, null, null, null]' \
	"v5 export: no base block claims (neither clean nor dirty)"
sha=$(sha256sum "$TMP/v5/imc-org-mismatch.reg" | cut -d' ' -f1)
expect_json 'r["hive"]["sha256"]' "$sha" "v5 export: the SHA-256 is the export file's"
expect_json '[(l["kind"], l["sha256"], l["format"]) for l in r["hive"]["provenance"]]' "[[\"export\", \"$sha\", \"5.00\"]]" \
	"v5 export: its provenance link"
run "$HIVEDIAG" -o text "$TMP/v4/imc-unicode-differ.reg"
expect_out "source +a reconstruction from a registry export \(REGEDIT4, windows-1252," "REGEDIT4 export: text says reconstruction"
expect_out "key last-write times unknown" "REGEDIT4 export: text says times unknown"
if grep -Eq "last written [0-9]{4}-" "$TMP/out"; then not_ok "REGEDIT4 export: a time in the text"; else ok "REGEDIT4 export: no time in the text"; fi

# The timeline formats and the case report invent no time for it either.
run "$HIVEDIAG" -o bodyfile "$TMP/v5/imc-org-mismatch.reg"
expect_empty_out "bodyfile of an export (no key time, no base block time)"
run "$HIVEDIAG" -o html "$TMP/v5/imc-org-mismatch.reg"
expect_out "a reconstruction from a registry export \(5.00, HKEY_LOCAL_MACHINE" "html: says reconstruction"
if grep -q "<tr><th>last written</th>" "$TMP/out" || grep -Eq "<td>(1601|19|20)[0-9-]*T[0-9:.]*Z" "$TMP/out"; then not_ok "html: a time shown"; else ok "html: no time shown"; fi

# CurrentControlSet alone (reg export HKLM\SYSTEM\CurrentControlSet on the server): no number recorded.
/usr/bin/python3 "$CONV" --format 5 --ccs 1 "$TOP/samples/imc-org-mismatch.reg" "$TMP/ccs.reg"
run "$HIVEDIAG" --compact "$TMP/ccs.reg"
expect_rc 1 "CurrentControlSet export"
expect_json 'r["hive"]["reconstructed"]["current_control_set"]["number_recorded"], r["control_set"]["analyzed"], r["control_set"]["current"]' \
	'[false, "ControlSet001", null]' "CurrentControlSet export: built as a set, no Select invented"
expect_json 'r["verdicts"]["imc"]["status"], [f["id"] for f in r["findings"]]' '["likely", ["A2", "B8"]]' \
	"CurrentControlSet export: analyzed (the sample's A2)"
COLUMNS=400 run "$HIVEDIAG" -o text "$TMP/ccs.reg"
expect_out "analyzed +ControlSet001 \(CurrentControlSet, exported from the running system: the control set number is not recorded" \
	"CurrentControlSet export: text says which set"
# With Select (a whole-SYSTEM export: regedit writes the set twice, once through the link).
/usr/bin/python3 "$CONV" --format 5 --ccs-also 2 "$TOP/samples/imc-controlset2.reg" "$TMP/ccs2.reg"
run "$HIVEDIAG" --compact "$TMP/ccs2.reg"
expect_json 'r["hive"]["reconstructed"]["current_control_set"]["number_recorded"], r["control_set"]["analyzed"]' \
	'[true, "ControlSet002"]' "whole export with CurrentControlSet: Select\\Current names the set"
summary "$TMP/out" >"$TMP/got" 2>/dev/null
run "$HIVEDIAG" -o ndjson "$S/imc-controlset2.hive"
summary "$TMP/out" >"$TMP/want"
sed -i 's/^[^ ]* //' "$TMP/got" "$TMP/want"
if cmp -s "$TMP/got" "$TMP/want"; then ok "whole export with CurrentControlSet: the sample's verdicts"
else not_ok "whole export with CurrentControlSet differs" "$(cat "$TMP/got" "$TMP/want")"; fi

# A SOFTWARE export with --software.
/usr/bin/python3 "$CONV" --format 5 --root SOFTWARE "$TOP/samples/software-sp4.reg" "$TMP/software.reg"
/usr/bin/python3 "$CONV" --format 4 "$TOP/samples/pair-sp4-damaged.reg" "$TMP/system.reg"
run "$HIVEDIAG" --compact --software "$TMP/software.reg" "$TMP/system.reg"
expect_rc 1 "SOFTWARE and SYSTEM exports"
expect_valid "SOFTWARE and SYSTEM exports"
expect_json 'r["verdicts"]["mta"]["status"], r["facts"]["software"]["exchange"]["version"], r["facts"]["software"]["hive"]["reconstructed"]["root_key"]' \
	'["likely", "5.5 SP4", "HKEY_LOCAL_MACHINE\\SOFTWARE"]' "SOFTWARE export: the SP4 pair's verdict"
expect_json 'r["timeline"], "not its first" in [f for f in r["findings"] if f["id"] == "B1"][0]["detail"]' '[[], false]' \
	"SOFTWARE export: no timeline and no key order claimed"

# Refusals: each a report with its reason, exit 2.
printf '\376\377' >"$TMP/be.reg"
printf 'Windows Registry Editor Version 5.00\r\n' | iconv -f UTF-8 -t UTF-16BE >>"$TMP/be.reg"
run "$HIVEDIAG" --compact "$TMP/be.reg"
expect_rc 2 "UTF-16BE export"
expect_json 'r["error"]["code"]' export_encoding "UTF-16BE export: refused"
printf 'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:1\r\n!time=2002-01-01T00:00:00Z\r\n' >"$TMP/time.reg"
run "$HIVEDIAG" --compact "$TMP/time.reg"
expect_json 'r["error"]["code"], "line 5" in r["error"]["message"]' '["export_syntax", true]' "!time= in an export: refused with its line"
printf 'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n\r\n[HKEY_LOCAL_MACHINE\\SAM\\X]\r\n' >"$TMP/roots.reg"
run "$HIVEDIAG" --compact "$TMP/roots.reg"
expect_json 'r["error"]["code"]' export_root "two roots: refused"
printf 'REGEDIT4\r\n\r\n[-HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n' >"$TMP/del.reg"
run "$HIVEDIAG" --compact "$TMP/del.reg"
expect_json 'r["error"]["code"]' export_syntax "a deletion line: refused"
# A value too large for a hive is left out and counted; the rest is analyzed.
cp "$TMP/v4/healthy-nt4.reg" "$TMP/big.reg"
/usr/bin/python3 -c 'import sys; sys.stdout.write("[HKEY_LOCAL_MACHINE\\SYSTEM\\Big]\r\n\"Blob\"=hex:" + ",".join(["ab"] * 20000) + "\r\n")' >>"$TMP/big.reg"
run "$HIVEDIAG" --compact "$TMP/big.reg"
expect_rc 0 "an export with a 20000-byte value"
expect_json 'r["hive"]["reconstructed"]["values_omitted"]' 1 "a 20000-byte value: left out and counted"
finish
