#!/bin/sh
# test_width.sh - the text report fits 80 columns (issue 25): no line of any
# text report, with COLUMNS=80, is wider than 80 display columns (a CJK
# character takes two, a combining mark none: tests/cli/width.py), over every
# sample (with its .args), -r over the samples, the real hives of
# ../shared/corpus/real (a part skipped when absent) and a --root run.  Also:
# a blank line between the reports of several hives, the header naming the
# server, and the A7 line reading as a finding.
. "$(dirname "$0")/lib.sh"

[ -e "$SAMPLES/healthy-nt4.hive" ] || skip_all "sample hives not built (make samples)"

# fits WHAT: stdout ($TMP/out) has no line wider than 80 columns.
fits() {
	if python3 "$TOP/tests/cli/width.py" 80 "$1" <"$TMP/out" >"$TMP/wide"; then
		ok "$1: no line over 80 columns ($(wc -l <"$TMP/out") lines)"
	else not_ok "$1: $(wc -l <"$TMP/wide") line(s) over 80 columns" "$(head -c 600 "$TMP/wide")"; fi
}

# separated WHAT: every report after the first follows a blank line.
separated() {
	n=$(grep -c '^hivediag report: ' "$TMP/out")
	bad=$(awk 'prev != "" && /^hivediag report: / && NR > 1 { print NR } { prev = $0 }' "$TMP/out")
	if [ "$n" -gt 1 ] && [ -z "$bad" ]; then ok "$1: $n reports, a blank line between each two"
	else not_ok "$1: $n reports; not after a blank line: lines $bad"; fi
}

# Every sample (-r, one run: CI also runs this under valgrind), then the
# samples that take arguments (samples/NAME.args: --software, --org ...) alone.
run env COLUMNS=80 "$HIVEDIAG" -o text -r "$SAMPLES"
fits "-r over the samples"
separated "-r over the samples"
wide=0 n=0
for a in "$TOP"/samples/*.args; do
	name=$(basename "$a" .args)
	n=$((n + 1))
	# shellcheck disable=SC2086 # args are words by design
	(cd "$SAMPLES" && COLUMNS=80 "$HIVEDIAG" -o text $(cat "$a") "$name.hive") >"$TMP/out" 2>/dev/null
	python3 "$TOP/tests/cli/width.py" 80 "$name" <"$TMP/out" >>"$TMP/allwide" || wide=$((wide + 1))
done
if [ "$wide" -eq 0 ]; then ok "the $n samples with arguments: their text reports fit 80 columns"
else not_ok "$wide sample report(s) with arguments wider than 80 columns" "$(head -c 800 "$TMP/allwide")"; fi

run env COLUMNS=80 "$HIVEDIAG" -o text "$SAMPLES/healthy-nt4.hive"
expect_out '^  server    EXCH01 \(ComputerName\)$' "header names the server"
expect_out '^  windows   service pack 6; version not established: no SOFTWARE hive$' \
	"header: the service pack, and that the version is not established without SOFTWARE"
expect_out '^  written   2002-08-06T10:11:12' "header: the hive's last write time"
if grep -q 'info A7: Registry names consistent' "$TMP/out"; then
	not_ok "A7 line repeats the rule's title" "$(grep 'info A7' "$TMP/out")"
else expect_out '^  info A7: the reason above\. Next: Compare SiteDN' "A7 line: a finding, then what to do"; fi

(cd "$SAMPLES" && COLUMNS=80 "$HIVEDIAG" -o text --software software-sp4.hive pair-sp4-damaged.hive) >"$TMP/out" 2>"$TMP/err"
expect_out '^  windows   Windows NT 4.0 Service Pack 6 \(the SOFTWARE hive.s CurrentVersion$' \
	"header: the Windows version the SOFTWARE hive establishes"
expect_out '^  exchange  Exchange Server 5.5 SP4, build 2653 ' "header: the Exchange build (SOFTWARE hive)"

# --root: a volume whose hives say long things (CJK names, long DNs).
vol="$TMP/vol"
mkdir -p "$vol/WINNT/system32/config" "$vol/WINNT/repair"
cp "$SAMPLES/imc-org-cjk.hive" "$vol/WINNT/system32/config/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$vol/WINNT/system32/config/SOFTWARE"
cp "$SAMPLES/imc-reinstall.hive" "$vol/WINNT/repair/system"
run env COLUMNS=80 "$HIVEDIAG" -o text --root "$vol"
if [ "$rc" -le 1 ]; then ok "--root: analyzed (exit $rc)"; else not_ok "--root: exit $rc" "$(head -c 400 "$TMP/err")"; fi
fits "--root"
separated "--root (current hive, then the repair copy)"

# The README's report example (issue 25: it had an 82-column line).
awk '/^### Reading the report/ { r = 1 } r && /^```text/ { b = 1; next } b && /^```/ { exit } b' \
	"$TOP/README.md" >"$TMP/out"
if [ -s "$TMP/out" ]; then fits "README: Reading the report"; else not_ok "README: no Reading the report block"; fi

# The man page's EXAMPLES at 80 columns, as mandoc and man(1) (groff) render
# them: no line wider, and every command line whole (not wrapped).
awk '/^\.Sh EXAMPLES/ { e = 1 } /^\.Sh DIAGNOSTICS/ { e = 0 } e && /^(\.Dl )?\$ /' "$TOP/man/hivediag.1" |
	sed 's/^\.Dl //; s/\\e/\\/g' >"$TMP/commands"
for renderer in mandoc man; do
	command -v "$renderer" >/dev/null 2>&1 || { skip_part "$renderer not installed"; continue; }
	if [ "$renderer" = mandoc ]; then mandoc -T utf8 -O width=80 "$TOP/man/hivediag.1"
	else MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$TOP/man/hivediag.1" 2>/dev/null; fi |
		sed 's/.\x08//g' | sed -n '/^EXAMPLES/,/^DIAGNOSTICS/p' >"$TMP/out"
	fits "man page EXAMPLES ($renderer)"
	whole=0
	while IFS= read -r line; do
		grep -qF -- "$line" "$TMP/out" || { whole=$((whole + 1)); echo "# wrapped: $line"; }
	done <"$TMP/commands"
	[ "$whole" -eq 0 ] && ok "man page EXAMPLES ($renderer): $(wc -l <"$TMP/commands") command lines whole" ||
		not_ok "man page EXAMPLES ($renderer): $whole command line(s) wrapped"
done

# The real hives (Windows XP to 10), decompressed; their logs beside them.
if [ -d "$CORPUS/real" ] && command -v xz >/dev/null; then
	mkdir -p "$TMP/real"
	for f in "$CORPUS"/real/*.xz "$CORPUS"/real/*/*.xz; do
		[ -e "$f" ] || continue
		rel=${f#"$CORPUS/real/"}
		mkdir -p "$TMP/real/$(dirname "$rel")"
		xz -dc "$f" >"$TMP/real/${rel%.xz}"
	done
	run env COLUMNS=80 "$HIVEDIAG" -o text -r "$TMP/real"
	fits "-r over the real hives of ../shared/corpus/real"
else
	skip_part "the real hives: ../shared/corpus/real or xz absent"
fi
finish
