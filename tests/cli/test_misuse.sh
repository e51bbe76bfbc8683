#!/bin/sh
# test_misuse.sh - every misuse: exit status, message on stderr, stdout as documented.
. "$(dirname "$0")/lib.sh"

run "$HIVEDIAG"
expect_rc 2 "no arguments"
expect_err '^hivediag: no hive given' "no arguments"
expect_err "^Try 'hivediag --help' for more information\.\$" "no arguments: where help is"
expect_err_lines 2 "no arguments: the error and where help is, not the synopsis"
expect_empty_out "no arguments"

run "$HIVEDIAG" --frobnicate x
expect_rc 2 "unknown option"
expect_err "^hivediag: unknown option '--frobnicate'" "unknown option"
expect_err_lines 2 "unknown option: one line, then where help is (issue 25)"
if grep -q '^usage: ' "$TMP/err"; then not_ok "unknown option: the synopsis printed"; else ok "unknown option: no synopsis"; fi

run "$HIVEDIAG" -o xml x
expect_rc 2 "unknown format"
expect_err "unknown format 'xml'" "unknown format"

run "$HIVEDIAG" --control-set 0 x
expect_rc 2 "control set 0"
expect_err "1 to 999" "control set 0"

run "$HIVEDIAG" -o
expect_rc 2 "missing option argument"
expect_err "needs an argument" "missing option argument"

# Issue 25: --control-set naming no set says which sets the hive has.
run "$HIVEDIAG" --compact --control-set 5 "$SAMPLES/healthy-nt4.hive"
expect_rc 2 "--control-set 5 on a hive with sets 1 and 2"
expect_err 'ControlSet005 does not exist; the hive has ControlSet001, ControlSet002$' \
	"--control-set 5: the sets that exist listed"

# Issue 25: "an NTUSER hive", with the article.
printf 'REGEDIT4\n\n[Software\\Microsoft]\n"x"=dword:00000001\n\n[Control Panel\\Desktop]\n"x"=dword:00000001\n\n[Environment]\n"x"=dword:00000001\n' >"$TMP/ntuser.reg"
"$MKHIVE" -n NTUSER "$TMP/ntuser.reg" "$TMP/ntuser.hive" >/dev/null 2>&1
run "$HIVEDIAG" --compact --software "$TMP/ntuser.hive" "$SAMPLES/healthy-nt4.hive"
expect_rc 2 "--software naming an NTUSER hive"
expect_err ': an NTUSER hive, not a SOFTWARE hive' "--software NTUSER: 'an NTUSER hive'"

# Issue 25: each error printed once.  A text report on the stream stderr goes
# to (2>&1, one terminal) says it in its NOT ANALYZED line, so stderr does not
# repeat it; with stdout elsewhere, stderr keeps its line.
"$HIVEDIAG" -o text "$TMP/no-such.hive" >"$TMP/both" 2>&1
n=$(grep -c 'cannot open' "$TMP/both")
[ "$n" -eq 1 ] && ok "text report with 2>&1: the error printed once" ||
	not_ok "text report with 2>&1: the error printed $n times" "$(cat "$TMP/both")"
run "$HIVEDIAG" -o text "$TMP/no-such.hive"
expect_rc 2 "text report of a missing file"
expect_err_lines 1 "text report of a missing file, stderr apart: its one line"
expect_out '^NOT ANALYZED \(open_failed\): cannot open' "text report of a missing file: NOT ANALYZED"

run "$HIVEDIAG" --help
expect_rc 0 "--help"
expect_out '^usage: hivediag' "--help on stdout"

run "$HIVEDIAG" -V
expect_rc 0 "-V"
expect_out '^hivediag [0-9]+\.[0-9]+\.[0-9]+$' "-V"

# Files that are not hives: exit 2, a report with error, one stderr line.
bad_file() { # bad_file PATH CODE WHAT
	run "$HIVEDIAG" --compact "$1"
	expect_rc 2 "$3"
	expect_err_lines 1 "$3"
	expect_err "^hivediag: $1: " "$3 names the file"
	expect_json 'r["error"]["code"]' "$2" "$3"
	expect_valid "$3"
}

bad_file "$TMP/missing.hive" open_failed "missing file"
mkdir "$TMP/dir"
bad_file "$TMP/dir" not_a_regular_file "directory"
: >"$TMP/empty"
bad_file "$TMP/empty" empty_file "empty file"
printf 'hello, world\n' >"$TMP/text"
bad_file "$TMP/text" not_a_hive "not a hive"
head -c 100 "$SAMPLES/healthy-nt4.hive" >"$TMP/short"
bad_file "$TMP/short" truncated "truncated inside the base block"
head -c 8192 "$SAMPLES/healthy-nt4.hive" >"$TMP/trunc"
bad_file "$TMP/trunc" truncated "truncated hive bins"
printf 'CREG' | cat - "$TMP/text" >"$TMP/creg"
bad_file "$TMP/creg" win9x_registry "Windows 9x registry"

# Several hives, one bad: a JSON array in order, the worst exit status wins.
run "$HIVEDIAG" --compact "$SAMPLES/healthy-nt4.hive" "$TMP/text"
expect_rc 2 "good and bad hive"
expect_json 'len(r)' 2 "two reports in an array"
expect_json '[("error" in x) for x in r]' '[false, true]' "reports in input order"
expect_valid "array of reports"

run "$HIVEDIAG" -o ndjson "$SAMPLES/healthy-nt4.hive" "$SAMPLES/healthy-nt4.hive"
expect_rc 0 "ndjson"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 2 ] && ok "ndjson: two lines" || not_ok "ndjson: $n lines"
expect_valid "ndjson"

# Output errors: a full disk is exit 2 with a message; a closed pipe is exit 2, quietly.
if [ -w /dev/full ]; then
	"$HIVEDIAG" "$SAMPLES/healthy-nt4.hive" >/dev/full 2>"$TMP/err"
	rc=$?
	expect_rc 2 "/dev/full"
	expect_err 'write error: No space left on device' "/dev/full"
fi
set --
i=0
while [ $i -lt 100 ]; do set -- "$@" "$SAMPLES/healthy-nt4.hive"; i=$((i + 1)); done
# 100 reports are far more than a pipe buffer: the writer meets EPIPE.
{ "$HIVEDIAG" --pretty "$@" 2>"$TMP/err"; echo $? >"$TMP/rc"; } | head -c 10 >/dev/null
rc=$(cat "$TMP/rc")
expect_rc 2 "closed pipe"
[ ! -s "$TMP/err" ] && ok "closed pipe: quiet" || not_ok "closed pipe: stderr not empty" "$(cat "$TMP/err")"

finish
