#!/bin/sh
# run.sh BUILD - run the analyzer over every file of ../shared/corpus (real
# hives written by Windows and other projects; see its README.md).  Skips
# cleanly when the corpus is absent (a fresh clone has no ../shared).
#
# real/:   exit 0, both verdicts not_installed, the known control set and
#          dirty flag, sha256 equal to sha256sum's, network facts read.
# broken/: exit 2, an error object, one stderr line.
# every file (logs passed as hives included), strict and, once the binary
# has it, with --unsafe: valid JSON against the schema, exit 0/1/2, never a
# crash; the broken ones and one real hive also under valgrind, no error, no
# leak.  HIVEDIAG_WRAPPER (make check-valgrind) runs every analysis through
# a wrapper such as valgrind instead.
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$top/../shared/corpus"
bin="$top/$BUILD/hivediag"
schema="$top/man/report.schema.json"
validate="$top/tests/cli/validate.py"
work="$top/$BUILD/corpus"
pass=0 fail=0

if [ ! -d "$corpus" ]; then
	echo "corpus: ../shared/corpus absent, skipped"
	echo "corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
mkdir -p "$work"

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

# The path to analyze for a corpus file: .xz ones are decompressed once.
plain() {
	case $1 in
	*.xz)
		out="$work/$(printf '%s' "${1#"$corpus"/}" | tr '/' '_' | sed 's/\.xz$//')"
		[ -s "$out" ] || xz -dc "$1" >"$out" || return 1
		printf '%s\n' "$out" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# jget FILE EXPR: a Python expression over the report r
jget() { /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>&1; }

wrapper=${HIVEDIAG_WRAPPER:-}

analyze() { # analyze FILE [OPTION...] -> $rc, $work/out.json, $work/err.txt
	f=$1
	shift
	# $wrapper is a command line: split on purpose.
	$wrapper "$bin" --compact "$@" "$f" >"$work/out.json" 2>"$work/err.txt"
	rc=$?
}

check_common() { # check_common NAME
	case $rc in 0|1|2) ok "$1: exit $rc" ;; *) bad "$1: exit $rc (crash?)"; return ;; esac
	if v=$(/usr/bin/python3 "$validate" "$schema" "$work/out.json" 2>&1); then ok "$1: valid report"
	else bad "$1: invalid report: $v"; fi
}

check_real() { # check_real CORPUS-PATH ANALYZED DIRTY
	f=$(plain "$corpus/$1") || { bad "$1: cannot decompress"; return; }
	analyze "$f"
	check_common "$1"
	[ "$rc" -eq 0 ] && ok "$1: exit 0" || bad "$1: exit $rc, wanted 0: $(head -c 200 "$work/err.txt")"
	got=$(jget "$work/out.json" 'r["verdicts"]["imc"]["status"]+" "+r["verdicts"]["mta"]["status"]')
	[ "$got" = "not_installed not_installed" ] && ok "$1: not_installed" || bad "$1: verdicts $got"
	# The MTA pack's network facts: 2000+ layout, bindings read, no failed lookup.
	got=$(jget "$work/out.json" 'r["facts"]["network"]["layout"]+" "+str(len(r["facts"]["network"]["bindings"]) > 0)+" "+str(r["facts"]["lookup_errors"])')
	[ "$got" = "w2k True 0" ] && ok "$1: network facts read" || bad "$1: network facts: $got"
	got=$(jget "$work/out.json" 'r["control_set"]["analyzed"]')
	[ "$got" = "$2" ] && ok "$1: analyzed $2" || bad "$1: analyzed $got, wanted $2"
	got=$(jget "$work/out.json" 'r["hive"]["dirty"]')
	[ "$got" = "$3" ] && ok "$1: dirty $3" || bad "$1: dirty $got, wanted $3"
	want=$(sha256sum "$f" | cut -d' ' -f1)
	got=$(jget "$work/out.json" 'r["hive"]["sha256"]')
	[ "$got" = "$want" ] && ok "$1: sha256" || bad "$1: sha256 $got, wanted $want"
}

check_real real/win7-sp1-x86.SYSTEM.xz ControlSet001 False
check_real real/winxp-sp3-x86.SYSTEM.xz ControlSet001 False
check_real real/win81-x64-dirty.SYSTEM.xz ControlSet001 True
got=$(jget "$work/out.json" 'r["hive"]["recovery"]["logs_found"]')
[ "$got" = "[]" ] && ok "win81: dirty, no logs found" || bad "win81: logs_found $got"

# The Windows 10 hive with its logs, decompressed under their own names so
# that they are found beside it: replay must succeed and leave a clean image.
w10="$work/win10-1709"
mkdir -p "$w10"
for n in SYSTEM SYSTEM.LOG1 SYSTEM.LOG2; do
	[ -s "$w10/$n" ] || xz -dc "$corpus/real/win10-1709-dirty-with-logs/$n.xz" >"$w10/$n"
done
analyze "$w10/SYSTEM"
check_common "real/win10-1709-dirty-with-logs"
[ "$rc" -eq 0 ] && ok "win10: exit 0" || bad "win10: exit $rc: $(head -c 200 "$work/err.txt")"
got=$(jget "$work/out.json" 'r["hive"]["recovery"]["applied"], r["hive"]["recovery"]["format"], r["hive"]["recovery"]["sequence_after"]')
[ "$got" = "(True, 'new', 2130)" ] && ok "win10: logs replayed to sequence 2130" || bad "win10: recovery $got"
got=$(jget "$work/out.json" 'r["verdicts"]["imc"]["status"]+" "+r["verdicts"]["mta"]["status"]+" "+r["control_set"]["analyzed"]')
[ "$got" = "not_installed not_installed ControlSet001" ] && ok "win10: analyzed after replay" || bad "win10: $got"
got=$(jget "$work/out.json" 'r["hive"]["dirty"], r["hive"]["sha256"]')
want="(True, '$(sha256sum "$w10/SYSTEM" | cut -d' ' -f1)')"
[ "$got" = "$want" ] && ok "win10: hive describes the dirty evidence file" || bad "win10: $got"

for src in "$corpus"/broken/* "$corpus"/broken/*/*; do
	[ -f "$src" ] || continue
	name=${src#"$corpus"/}
	f=$(plain "$src") || { bad "$name: cannot decompress"; continue; }
	analyze "$f"
	check_common "$name"
	[ "$rc" -eq 2 ] && ok "$name: exit 2" || bad "$name: exit $rc, wanted 2"
	got=$(jget "$work/out.json" '"error" in r')
	[ "$got" = "True" ] && ok "$name: error object" || bad "$name: no error object"
	[ "$(wc -l <"$work/err.txt")" -eq 1 ] && ok "$name: one stderr line" || bad "$name: stderr: $(cat "$work/err.txt")"
done

# Every file, whatever it is: no crash, exit 0/1/2, a valid report.
modes="strict"
"$bin" --help 2>/dev/null | grep -q -- '--unsafe' && modes="strict unsafe"
for src in $(find "$corpus" -type f ! -name '*.md' | sort); do
	f=$(plain "$src") || { bad "${src#"$corpus"/}: cannot decompress"; continue; }
	for mode in $modes; do
		if [ "$mode" = unsafe ]; then analyze "$f" --unsafe; else analyze "$f"; fi
		check_common "${src#"$corpus"/} ($mode)"
	done
done

# Memory errors and leaks: valgrind over every broken file and one real hive
# (not on an ASan build: the two cannot share a process; not when the
# wrapper above is valgrind already).
if [ "${SANITIZE:-}" != 1 ] && [ -z "$wrapper" ] && command -v valgrind >/dev/null 2>&1; then
	for src in "$corpus"/broken/* "$corpus"/real/winxp-sp3-x86.SYSTEM.xz; do
		[ -f "$src" ] || continue
		f=$(plain "$src") || continue
		# One log per process: a forked worker's errors reach the parent only
		# as an error report, so its log is what tells.  Not "reachable":
		# a worker ends with _exit() holding the parent's memory.
		rm -f "$work"/vg.*.log
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
			--error-exitcode=99 --log-file="$work/vg.%p.log" \
			"$bin" --compact "$f" >/dev/null 2>"$work/vg.txt"
		vrc=$?
		logs=$(find "$work" -name 'vg.*.log' -size +0c)
		[ "$vrc" -ne 99 ] && [ -z "$logs" ] && ok "valgrind ${src#"$corpus"/}" ||
			{ bad "valgrind ${src#"$corpus"/}"; head -20 $logs "$work/vg.txt"; }
	done
fi

echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
