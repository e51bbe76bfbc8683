#!/bin/sh
# test_parallel.sh - the multi-host recipe of hivediag(1), EXAMPLES: GNU
# parallel spreads an archive's directories over the hosts of
# --sshloginfile, each job runs hivediag -r -o ndjson, and the outputs
# concatenate into one valid NDJSON stream equal to a single run's.  Run
# with the local host only (":"); skipped when GNU parallel is absent.
. "$(dirname "$0")/lib.sh"

if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	skip_all "GNU parallel absent"
fi
if [ ! -f "$SAMPLES/healthy-nt4.hive" ]; then
	skip_all "no sample hive healthy-nt4.hive"
fi

arch="$TMP/archive"
for c in cust1 cust2 cust3 cust4; do
	mkdir -p "$arch/$c/srv"
	for n in 1 2 3; do cp "$SAMPLES/healthy-nt4.hive" "$arch/$c/srv/SYSTEM$n"; done
done
head -c 8192 "$SAMPLES/healthy-nt4.hive" >"$arch/cust3/srv/SYSTEM2"   # one corrupt hive
echo ":" >"$TMP/hosts"

# The recipe, word for word but for the paths.
find "$arch" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort |
	parallel --will-cite -k -j 1 --sshloginfile "$TMP/hosts" --joblog "$TMP/jobs.log" \
		"$HIVEDIAG" -q -r -o ndjson {} >"$TMP/out" 2>"$TMP/err"
awk 'NR > 1 && $7 > worst { worst = $7 } END { exit worst }' "$TMP/jobs.log"
rc=$?
expect_rc 2 "worst exit status from the job log"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 12 ] && ok "12 reports from 4 jobs" || not_ok "$n reports, wanted 12"
expect_valid "concatenated NDJSON"
jobs=$(($(wc -l <"$TMP/jobs.log") - 1))
[ "$jobs" -eq 4 ] && ok "one job per directory" || not_ok "$jobs jobs, wanted 4"
cp "$TMP/out" "$TMP/spread"
run "$HIVEDIAG" -q -r -o ndjson "$arch"
expect_rc 2 "single run"
mask_started "$TMP/out" "$TMP/spread"
cmp -s "$TMP/out" "$TMP/spread" && ok "spread run equals a single run, byte for byte" ||
	not_ok "spread run differs from a single run" "$(diff "$TMP/out" "$TMP/spread" | head -c 300)"
finish
