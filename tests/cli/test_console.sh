#!/bin/sh
# test_console.sh - the admin at the console (issue 15): text on a terminal,
# JSON on a pipe; colour only on a terminal and never with NO_COLOR or
# TERM=dumb; no progress text before a single hive's report; the progress
# line of several hives erased before each report; GNU argument order;
# --help and --list-rules.  Terminals are made with script(1) (util-linux).
. "$(dirname "$0")/lib.sh"

h="$SAMPLES/imc-org-mismatch.hive"
esc=$(printf '\033')

# Argument order: options after operands, and "--".
"$HIVEDIAG" "$h" --pretty >"$TMP/a" 2>/dev/null
"$HIVEDIAG" --pretty "$h" >"$TMP/b" 2>/dev/null
mask_started "$TMP/a" "$TMP/b"     # two runs: their start times may differ
cmp -s "$TMP/a" "$TMP/b" && grep -q '^  "schema_version": 1,' "$TMP/a" &&
	ok "HIVE --pretty and --pretty HIVE give the same pretty report" ||
	not_ok "HIVE --pretty differs from --pretty HIVE" "$(diff "$TMP/a" "$TMP/b" | head -5)"
run "$HIVEDIAG" -o json -- --pretty
expect_rc 2 "after --, --pretty is a hive"
expect_err "^hivediag: --pretty: cannot open" "after --, --pretty is a hive"

# Usage errors name the problem and say where help is.
run "$HIVEDIAG" "$h" --fix-reg
expect_rc 2 "--fix-reg without FILE"
expect_err "^hivediag: option '--fix-reg' needs an argument" "--fix-reg without FILE"
expect_err "^Try 'hivediag --help'" "usage error says where help is"
run "$HIVEDIAG" "$h" --force
expect_rc 2 "--force alone"
expect_err "only applies to --fix-reg" "--force alone"

# --help: one line per option, every option of the man page's OPTIONS.
run "$HIVEDIAG" --help
expect_rc 0 "--help"
expect_out '^  -o, --format FORMAT ' "--help: an option per line, names first"
expect_out 'man hivediag' "--help points to the man page"
for opt in $(MANWIDTH=200 mandoc -T ascii "$TOP/man/hivediag.1" | col -b | grep -Eo -- '^ {5,}(-[a-zA-Z0-9], )?--[a-z-]+' | grep -Eo -- '--[a-z-]+' | sort -u); do
	grep -Eq -- "^  (-[a-zA-Z0-9],|   ) $opt( |\$)" "$TMP/out" && ok "--help lists $opt" || not_ok "--help lacks $opt"
done

# --list-rules: JSON on a pipe (with severity), a table with -o text.
run "$HIVEDIAG" --list-rules
expect_rc 0 "--list-rules"
expect_json '[x["severity"] for x in r if x["id"] == "A2"][0]' error "--list-rules JSON has severity"
expect_json 'all(x["severity"] for x in r)' true "--list-rules: every rule has a severity"
run "$HIVEDIAG" --list-rules -o text
expect_out '^ID +SEVERITY +SERVICE +KB +TITLE' "--list-rules -o text: a table"
expect_out '^A2 +error +MSExchangeIMC +Q298565 ' "--list-rules -o text: a row with severity"
# 80 columns (issue 25): a long title wraps under the row, indented.
wide=$(awk 'length > 80' "$TMP/out" | wc -l)
[ "$wide" -eq 0 ] && ok "--list-rules -o text: no line over 80 columns" ||
	not_ok "--list-rules -o text: $wide line(s) over 80 columns" "$(awk 'length > 80' "$TMP/out" | head -2)"
expect_out '^      [A-Za-z(]' "--list-rules -o text: a wrapped title's next line is indented"
run "$HIVEDIAG" -o ndjson --list-rules
expect_rc 2 "--list-rules -o ndjson"

# Text on a pipe with -o text: no colour, no escape sequence at all.
run env TERM=xterm "$HIVEDIAG" -o text "$h"
expect_rc 1 "-o text on a pipe"
expect_out '^IMC: LIKELY \(KB Q298565' "-o text: the IMC verdict line"
grep -q "$esc" "$TMP/out" && not_ok "-o text on a pipe has escape sequences" || ok "-o text on a pipe: no colour"

if ! command -v script >/dev/null 2>&1; then
	skip_all "script(1) missing: terminal checks"
fi
# tty CMD...: run in a pseudo-terminal (stdout and stderr both on it) into $TMP/tty.
tty() { script -qec "$*" /dev/null >"$TMP/tty" 2>&1 </dev/null; }

tty env TERM=xterm "'$HIVEDIAG'" "'$h'"
head -n 1 "$TMP/tty" | grep -q "^${esc}\[1mhivediag report: " &&
	ok "terminal: the text report, first thing on the screen (no progress text)" ||
	not_ok "terminal: first line is not the report" "$(head -c 120 "$TMP/tty" | od -c | head -3)"
grep -q "^${esc}\[1mIMC${esc}\[0m: ${esc}\[1;31mLIKELY" "$TMP/tty" && ok "terminal: colour (LIKELY in red)" ||
	not_ok "terminal: no colour" "$(grep IMC "$TMP/tty" | od -c | head -3)"
grep -q '"schema_version"' "$TMP/tty" && not_ok "terminal: JSON by default" || ok "terminal: no JSON by default"
tty env TERM=xterm "'$HIVEDIAG'" -o json "'$h'"
grep -q '"schema_version": 1' "$TMP/tty" && ok "terminal: -o json forces JSON" || not_ok "terminal: -o json"
for v in "NO_COLOR=1 TERM=xterm" "TERM=dumb"; do
	tty env $v "'$HIVEDIAG'" "'$h'"
	if grep -q "$esc" "$TMP/tty"; then not_ok "terminal with $v: escape sequences"
	elif grep -q '^IMC: LIKELY' "$TMP/tty"; then ok "terminal with $v: text, no colour"
	else not_ok "terminal with $v: no text report" "$(head -c 200 "$TMP/tty")"; fi
done

# Several hives on a terminal, one of them slow (held until --timeout): the
# progress line appears, and every time it is on the screen it is erased
# before the next report or the summary is printed.
slow="$TMP/slow.hive"
cp "$h" "$slow"
tty env TERM=xterm HIVEDIAG_TEST_HANG="'$slow'" "'$HIVEDIAG_TESTHOOKS'" -j 2 --timeout 2 "'$h'" "'$slow'"
/usr/bin/python3 - "$TMP/tty" <<'PY' && ok "several hives: progress shown, erased before each output" || not_ok "several hives: progress not erased" "$(od -c "$TMP/tty" | head -20)"
import re, sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
draws = [m.end() for m in re.finditer(r"\rhivediag: \d+/\d+ hives, [0-9.]+ hives/s[^\r\n]*", t)]
assert draws, "no progress line"
for end in draws:
    assert t.startswith("\r\x1b[K", end), "progress line followed by %r" % t[end:end + 20]
PY
tty env TERM=dumb HIVEDIAG_TEST_HANG="'$slow'" "'$HIVEDIAG_TESTHOOKS'" -j 2 --timeout 2 "'$h'" "'$slow'"
if grep -q "$esc" "$TMP/tty"; then not_ok "TERM=dumb: escape sequences on the terminal" "$(od -c "$TMP/tty" | grep -m3 033)"
elif grep -q 'hives/s' "$TMP/tty"; then ok "TERM=dumb: progress line erased with spaces, no escape"
else not_ok "TERM=dumb: no progress line"; fi
finish
