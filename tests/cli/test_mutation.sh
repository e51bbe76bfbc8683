#!/bin/sh
# test_mutation.sh - damaged copies of a sample hive (mutate.py: truncations,
# base block fields, hbin headers, cell headers, random bytes; fixed seed)
# never crash the analyzer: every run exits 0, 1 or 2, within its time
# limit, with a schema-valid report of the right file on stdout and at most
# one line on stderr.  Bounded time: the mutants run in an order that mixes
# every kind of damage, until MUTATION_SECONDS (default 30) have passed, so a
# slow build (sanitizers, valgrind) tries fewer of them but of every kind.
. "$(dirname "$0")/lib.sh"

budget=${MUTATION_SECONDS:-30}
per_run=${MUTATION_RUN_SECONDS:-60}   # one hive: far beyond any real run, even under valgrind
dir="$TMP/mutants"
total=$(/usr/bin/python3 "$(dirname "$0")/mutate.py" make "$SAMPLES/healthy-nt4.hive" "$dir") ||
	{ not_ok "mutate.py make"; finish; exit 1; }

start=$(date +%s)
n=0 bad=0
for m in "$dir"/*.hive; do
	[ $(($(date +%s) - start)) -lt "$budget" ] || break
	timeout "$per_run" "$HIVEDIAG" --compact "$m" >"${m%.hive}.json" 2>"$TMP/err"
	rc=$?
	n=$((n + 1))
	case $rc in
	0|1|2) ;;
	*) bad=$((bad + 1)); not_ok "$(basename "$m"): exit $rc (crash or hang?)" "$(head -c 300 "$TMP/err")"; continue ;;
	esac
	lines=$(wc -l <"$TMP/err")
	if [ "$lines" -gt 1 ] || { [ "$lines" -eq 1 ] && ! grep -q '^hivediag: ' "$TMP/err"; }; then
		bad=$((bad + 1)); not_ok "$(basename "$m"): unexpected stderr" "$(head -c 300 "$TMP/err")"
	fi
done
[ "$bad" -eq 0 ] && ok "$n of $total mutants in ${budget}s: exit 0/1/2, quiet stderr" ||
	not_ok "$bad of $n mutants misbehaved"
[ "$n" -ge 20 ] && ok "at least 20 mutants ran" || not_ok "only $n mutants ran in ${budget}s"

# Reports of mutants that did not crash: schema-valid, size and SHA-256 of the mutant.
if out=$(/usr/bin/python3 "$(dirname "$0")/mutate.py" check "$SCHEMA" "$dir" 2>&1); then
	ok "mutant reports: $(echo "$out" | tail -1)"
else
	not_ok "mutant reports" "$(echo "$out" | tail -15)"
fi

finish
