#!/bin/sh
# test_alt.sh - SYSTEM.ALT (issue 24, DOMAIN.md 0.15; Q151247): a dirty NT 4.0
# SYSTEM hive has no .LOG, and the loader boots the mirror SYSTEM.ALT when it
# cannot use SYSTEM.  A dirty primary with no log and a consistent .ALT
# beside it is judged from the .ALT (rule H6), alone and with --root; the
# primary's hash and state are still reported.  The dirty primary is built
# here (mkdirty.py) from imc-site-mismatch (SiteDN wrong: A3, IMC likely),
# the .ALT is healthy-nt4: before this change the verdict was the stale
# primary's (H1 warning, A3, IMC likely, exit 1).
. "$(dirname "$0")/lib.sh"

if [ ! -e "$SAMPLES/healthy-nt4.hive" ]; then
	echo "# sample hives missing: skipped"
	finish
	exit $?
fi

# nt4 DIR: a dirty SYSTEM (no log) and a clean SYSTEM.ALT in DIR.
nt4() {
	mkdir -p "$1"
	/usr/bin/python3 "$(dirname "$0")/mkdirty.py" "$SAMPLES/imc-site-mismatch.hive" \
		"$SAMPLES/imc-site-mismatch.hive" "$1/SYSTEM" >/dev/null || not_ok "mkdirty"
	rm -f "$1/SYSTEM.LOG"
	cp "$SAMPLES/healthy-nt4.hive" "$1/SYSTEM.ALT"
}
sha() { sha256sum <"$1" | cut -d' ' -f1; }

d="$TMP/lone"
nt4 "$d"
run "$HIVEDIAG" --compact "$d/SYSTEM"
expect_rc 0 "dirty SYSTEM, consistent .ALT: judged from the .ALT (healthy)"
expect_valid "lone hive with .ALT"
expect_json 'r["hive"]["alt"]["used"]' "true" "the .ALT was read"
expect_json 'r["hive"]["alt"]["name"]' "SYSTEM.ALT" "the .ALT named"
expect_json 'r["hive"]["alt"]["sha256"]' "$(sha "$d/SYSTEM.ALT")" "the .ALT hashed"
expect_json 'r["hive"]["alt"]["dirty"]' "false" "the .ALT is consistent"
expect_json '"Q151247" in r["hive"]["alt"]["reason"]' "true" "the report says why"
expect_json 'r["hive"]["sha256"]' "$(sha "$d/SYSTEM")" "the primary's hash still reported"
expect_json 'r["hive"]["dirty"]' "true" "the primary's state still reported"
expect_json '[(f["id"], f["severity"]) for f in r["findings"] if f["id"][0] == "H"]' '[["H6", "info"]]' \
	"H6, not H1: the data is what the loader boots, not stale"
expect_json 'r["verdicts"]["imc"]["status"]' "unlikely" "IMC verdict from the .ALT"
expect_json '"stale" in r["verdicts"]["imc"]["reason"]' "false" "no stale caveat"

COLUMNS=200 run "$HIVEDIAG" -o text "$d/SYSTEM"
expect_out 'analyzed from its consistent mirror SYSTEM.ALT' "text: the state line names the .ALT"

# --no-replay: the primary as it is (H1, the stale verdict).
run "$HIVEDIAG" --compact --no-replay "$d/SYSTEM"
expect_rc 1 "--no-replay: the primary as it is"
expect_json '"alt" in r["hive"]' "false" "--no-replay: no .ALT considered"

# A log beside the primary: it is not NT 4.0's SYSTEM; the log decides, as before.
d="$TMP/withlog"
nt4 "$d"
: >"$d/SYSTEM.LOG"
run "$HIVEDIAG" --compact "$d/SYSTEM"
expect_json '"alt" in r["hive"]' "false" "a .LOG beside: the .ALT is not used"
expect_json 'r["verdicts"]["imc"]["status"]' "likely" "a .LOG beside: the primary judged"

# A dirty .ALT stands in for nothing: reported, not used.
d="$TMP/dirtyalt"
nt4 "$d"
/usr/bin/python3 "$(dirname "$0")/mkdirty.py" "$SAMPLES/healthy-nt4.hive" "$SAMPLES/healthy-nt4.hive" \
	"$d/SYSTEM.ALT" >/dev/null
rm -f "$d/SYSTEM.ALT.LOG"
run "$HIVEDIAG" --compact "$d/SYSTEM"
expect_rc 1 "a dirty .ALT: the primary judged"
expect_valid "dirty .ALT"
expect_json '[r["hive"]["alt"]["used"], r["hive"]["alt"]["not_used"]]' \
	'[false, "it is dirty too (its sequence numbers differ)"]' "a dirty .ALT: reported, not used"
expect_json 'r["verdicts"]["imc"]["status"]' "likely" "a dirty .ALT: the primary's verdict"

# A symbolic link named SYSTEM.ALT is never followed.
d="$TMP/linkalt"
nt4 "$d"
rm "$d/SYSTEM.ALT"
ln -s "$SAMPLES/healthy-nt4.hive" "$d/SYSTEM.ALT"
run "$HIVEDIAG" --compact "$d/SYSTEM"
expect_json '[r["hive"]["alt"]["used"], r["hive"]["alt"]["not_used"]]' \
	'[false, "it is a symbolic link (not followed)"]' "a linked .ALT: not followed"

# --root on an NT 4.0 volume: the current hive is judged from the .ALT beside it.
v="$TMP/vol"
nt4 "$v/WINNT/System32/config"
run "$HIVEDIAG" --compact --root "$v"
expect_rc 0 "--root: the current SYSTEM judged from its .ALT"
expect_valid "--root with .ALT"
expect_json '[x["role"] for x in r]' '["current", "alt"]' "--root: current, then the .ALT copy"
expect_json '[r[0]["hive"]["alt"]["used"], r[0]["verdicts"]["imc"]["status"]]' '[true, "unlikely"]' \
	"--root: the current hive's verdict comes from the .ALT"
finish
