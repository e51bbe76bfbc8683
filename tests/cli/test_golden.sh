#!/bin/sh
# test_golden.sh - every sample's report and exit status equal the reviewed
# golden files: tests/golden/NAME.json and NAME.rc.  Extra arguments for a
# sample, if any, are in samples/NAME.args.  Run inside build/samples so the
# reports' paths are the bare file names.  UPDATE=1 rewrites the goldens
# (review every diff before committing it), and the text reports of
# tests/golden/text/NAME.txt.  SOFTWARE samples
# (samples/software-*.reg) are no SYSTEM operands: they are analyzed through
# the pairs whose NAME.args name them (--software software-X.hive), and
# test_software.sh checks that one given as the operand is refused.
. "$(dirname "$0")/lib.sh"

golden="$TOP/tests/golden"
for reg in "$TOP"/samples/*.reg; do
	name=$(basename "$reg" .reg)
	case "$name" in software-*) continue ;; esac
	args=""
	[ -f "$TOP/samples/$name.args" ] && args=$(cat "$TOP/samples/$name.args")
	# shellcheck disable=SC2086 # args are words by design
	(cd "$SAMPLES" && "$HIVEDIAG" --compact $args "$name.hive") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$TMP/out" "$golden/$name.json"
		echo "$rc" >"$golden/$name.rc"
		ok "$name: golden written"
		continue
	fi
	if [ ! -f "$golden/$name.json" ]; then
		not_ok "$name: no golden file tests/golden/$name.json (make golden)"
		continue
	fi
	if cmp -s "$TMP/out" "$golden/$name.json"; then ok "$name: report equals golden"
	else not_ok "$name: report differs from golden" "$(diff "$golden/$name.json" "$TMP/out" | head -c 600)"; fi
	expect_rc "$(head -n 1 "$golden/$name.rc")" "$name"
	expect_valid "$name"
done

# Text reports (issue 15) for the samples that have one in tests/golden/text:
# off a terminal, 80 columns, no colour, so the same bytes every time.
for txt in "$golden"/text/*.txt; do
	[ -e "$txt" ] || continue
	name=$(basename "$txt" .txt)
	args=""
	[ -f "$TOP/samples/$name.args" ] && args=$(cat "$TOP/samples/$name.args")
	# shellcheck disable=SC2086 # args are words by design
	(cd "$SAMPLES" && COLUMNS=80 "$HIVEDIAG" -o text $args "$name.hive") >"$TMP/out" 2>"$TMP/err"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$TMP/out" "$txt"
		ok "$name: text golden written"
	elif cmp -s "$TMP/out" "$txt"; then ok "$name: text report equals golden"
	else not_ok "$name: text report differs from golden" "$(diff "$txt" "$TMP/out" | head -c 600)"; fi
done
finish
