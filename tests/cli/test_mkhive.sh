#!/bin/sh
# test_mkhive.sh - the sample-hive builder: misuse, errors that name file and
# line, and hives that an independent reader (reglookup) reads back as
# written, byte for byte the same on every run.
. "$(dirname "$0")/lib.sh"

# reglookup's line for a value: PATH,TYPE,VALUE (its mtime column dropped).
# The default value's path ends in "/"; reglookup escapes commas in data.
value_line() { # value_line HIVE PATH
	reglookup -H "$1" 2>/dev/null | awk -F, -v k="$2" '$1 == k { print $1 "," $2 "," $3; exit }'
}

expect_value() { # expect_value HIVE PATH WANTED WHAT
	got=$(value_line "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$4: $3"; else not_ok "$4: got '$got', wanted '$3'"; fi
}

# --- misuse --------------------------------------------------------------

run "$MKHIVE"
expect_rc 2 "no arguments"
expect_err '^usage: mkhive ' "no arguments"
expect_empty_out "no arguments"

run "$MKHIVE" only-one.reg
expect_rc 2 "one argument"

run "$MKHIVE" -x in.reg out.hive
expect_rc 2 "unknown option"
expect_err '^usage: mkhive ' "unknown option"

run "$MKHIVE" -h
expect_rc 0 "-h"
expect_out '^usage: mkhive \[-n name\] input.reg output.hive$' "-h"

run "$MKHIVE" -n "" in.reg out.hive
expect_rc 2 "empty -n"
expect_err '^mkhive: -n: .*31 printable ASCII' "empty -n"

run "$MKHIVE" "$TMP/missing.reg" "$TMP/out.hive"
expect_rc 1 "missing input"
expect_err "^mkhive: $TMP/missing.reg: No such file or directory$" "missing input"

# --- errors in the text: FILE:LINE: reason, and no output left behind ------

printf 'REGEDIT4\n[A]\n"ok"=dword:1\n"bad"=hex:01,zz\n' >"$TMP/bad.reg"
run "$MKHIVE" "$TMP/bad.reg" "$TMP/bad.hive"
expect_rc 1 "syntax error"
expect_err "^mkhive: $TMP/bad.reg:4: value \"bad\": expected a byte" "syntax error"
expect_err_lines 1 "syntax error"
if [ ! -e "$TMP/bad.hive" ]; then ok "syntax error: no output written"; else not_ok "syntax error: output written"; fi

printf 'Windows Registry Editor Version 5.00\n' >"$TMP/v5.reg"
run "$MKHIVE" "$TMP/v5.reg" "$TMP/v5.hive"
expect_rc 1 "regedit 5 header"
expect_err ':1: the first line must be REGEDIT4$' "regedit 5 header"

printf 'REGEDIT4\n[A]\n' >"$TMP/ok.reg"
run "$MKHIVE" "$TMP/ok.reg" "$TMP/no/such/dir/out.hive"
expect_rc 1 "unwritable output"
expect_err "^mkhive: $TMP/no/such/dir/out.hive: cannot create a temporary file: No such file or directory$" "unwritable output"

mkdir "$TMP/clean"
printf 'REGEDIT4\n[A]\n' >"$TMP/clean/in.reg"
run "$MKHIVE" "$TMP/clean/in.reg" "$TMP/clean"
expect_rc 1 "output is a directory"
left=$(ls "$TMP/clean")
if [ "$left" = "in.reg" ]; then ok "output is a directory: no temporary file left"; else not_ok "files left: $left"; fi

# --- what is written -----------------------------------------------------

cat >"$TMP/t.reg" <<'EOF'
REGEDIT4
; every data form
[ControlSet001\Services\MSExchangeIMC\Parameters]
"SiteDN"="/o=Contoso/ou=Redmond"
@="back\\slash \"quoted\""
"Start"=dword:00000002
"Blob"=hex:01,02,\
   ff
"Odd"=hex(4):01,00
"Path"=expand:"%SystemRoot%\\System32"
"List"=multi:"Tcpip","",""
[controlset001\services\Tcpip\Linkage]
EOF
run "$MKHIVE" "$TMP/t.reg" "$TMP/t.hive"
expect_rc 0 "build"
expect_empty_out "build"
expect_err_lines 0 "build"

p=/ControlSet001/Services/MSExchangeIMC/Parameters
expect_value "$TMP/t.hive" "$p/SiteDN" "$p/SiteDN,SZ,/o=Contoso/ou=Redmond" "REG_SZ"
expect_value "$TMP/t.hive" "$p/" "$p/,SZ,back\\slash %22quoted%22" "default value with escapes"
expect_value "$TMP/t.hive" "$p/Start" "$p/Start,DWORD,0x00000002" "REG_DWORD"
expect_value "$TMP/t.hive" "$p/Blob" "$p/Blob,BINARY,%01%02%FF" "REG_BINARY over a continuation line"
expect_value "$TMP/t.hive" "$p/Path" "$p/Path,EXPAND_SZ,%25SystemRoot%25\\System32" "REG_EXPAND_SZ"
# hivexsh shows the raw bytes: Tcpip NUL, "" NUL, "" NUL, final NUL.
got=$(printf 'cd ControlSet001\\Services\\MSExchangeIMC\\Parameters\nlsval\n' | hivexsh "$TMP/t.hive" 2>&1 | grep '^"List"=')
want='"List"=hex(7):54,00,63,00,70,00,69,00,70,00,00,00,00,00,00,00,00,00'
if [ "$got" = "$want" ]; then ok "REG_MULTI_SZ keeps empty items"; else not_ok "REG_MULTI_SZ: got '$got'"; fi
expect_value "$TMP/t.hive" "$p/Odd" "$p/Odd,DWORD,%01%00" "hex(4) with 2 bytes kept as crafted"
keys=$(reglookup -H -t KEY "$TMP/t.hive" 2>/dev/null | wc -l)
times=$(reglookup -H -t KEY "$TMP/t.hive" 2>/dev/null | grep -c ',2002-08-06 10:11:12$')
if [ "$keys" -eq 7 ] && [ "$times" -eq "$keys" ]; then ok "7 keys (root, parents, case-merged), all at 2002-08-06 10:11:12"
else not_ok "keys: $keys, at the fixed time: $times"; fi
# The crafted 2-byte DWORD is the one thing reglookup may warn about.
run reglookup "$TMP/t.hive"
if grep -v '/Odd' "$TMP/err" | grep -q .; then not_ok "reglookup complains" "$(head -c 300 "$TMP/err")"
else ok "reglookup reads it without other complaint"; fi

run "$MKHIVE" "$TMP/t.reg" "$TMP/t2.hive"
if cmp -s "$TMP/t.hive" "$TMP/t2.hive"; then ok "byte-stable: same text, same bytes"; else not_ok "two builds differ"; fi

run sh -c "\"$MKHIVE\" - \"$TMP/stdin.hive\" <\"$TMP/t.reg\""
expect_rc 0 "input from standard input"
if cmp -s "$TMP/t.hive" "$TMP/stdin.hive"; then ok "standard input: same bytes"; else not_ok "standard input: bytes differ"; fi

run "$MKHIVE" -n SOFTWARE "$TMP/ok.reg" "$TMP/sw.hive"
expect_rc 0 "-n SOFTWARE"
name=$(dd if="$TMP/sw.hive" bs=1 skip=48 count=16 2>/dev/null | tr -d '\000')
if [ "$name" = "SOFTWARE" ]; then ok "-n SOFTWARE recorded in the base block"; else not_ok "-n: base block name '$name'"; fi

# --- the bundled samples --------------------------------------------------

for reg in "$TOP"/samples/*.reg; do
	name=$(basename "$reg" .reg)
	run reglookup "$SAMPLES/$name.hive"
	expect_rc 0 "sample $name: reglookup"
	# reglookup prints strings as ASCII and warns on any other character (its
	# limitation, not the hive's): a sample with non-ASCII text may get only that.
	if [ ! -s "$TMP/err" ]; then ok "sample $name: read without warnings"
	elif LC_ALL=C grep -q '[^ -~	]' "$reg" &&
	     ! grep -v 'Data could not be interpreted, quoting raw buffer' "$TMP/err" | grep -q .; then
		ok "sample $name: only reglookup's non-ASCII quoting warnings"
	else not_ok "sample $name: reglookup warns" "$(head -c 300 "$TMP/err")"; fi
	case "$name" in software-*) kind=SOFTWARE ;; *) kind=SYSTEM ;; esac   # the Makefile's rule
	run "$MKHIVE" -n "$kind" "$reg" "$TMP/$name.hive"
	if cmp -s "$TMP/$name.hive" "$SAMPLES/$name.hive"; then ok "sample $name: rebuild gives the same bytes"
	else not_ok "sample $name: rebuild differs from $SAMPLES/$name.hive"; fi
done

finish
