#!/bin/sh
# test_recovery.sh - dirty hives: logs replayed into a private image, the
# evidence untouched, --no-replay and --write-recovered as documented.
# Uses yarp's dirty hives from ../shared/corpus; skips when it is absent.
. "$(dirname "$0")/lib.sh"

d="$CORPUS/dirty/yarp-NewDirtyHive1"
if [ ! -d "$d" ]; then
	skip_all "../shared/corpus absent: recovery tests"
fi
cp -r "$d" "$TMP/h1"
# Evidence copied from Windows keeps the collector's case: logs are found anyway.
mv "$TMP/h1/NewDirtyHive.LOG1" "$TMP/h1/newdirtyhive.log1"
sums_before=$(cat "$TMP/h1"/* | sha256sum)

run "$HIVEDIAG" --compact "$TMP/h1/NewDirtyHive"
expect_json 'r["hive"]["recovery"]["applied"]' true "NewDirtyHive1 replayed"
expect_json 'r["hive"]["recovery"]["entries_applied"]' 4 "NewDirtyHive1: 4 entries"
expect_json 'r["hive"]["recovery"]["sequence_after"]' 5 "NewDirtyHive1: sequence 5"
expect_json 'sorted(r["hive"]["recovery"]["logs_found"])' '["NewDirtyHive.LOG2", "newdirtyhive.log1"]' "logs found in any case"
expect_json 'r["hive"]["dirty"]' true "hive.dirty describes the evidence file"
expect_valid "NewDirtyHive1 report"

run "$HIVEDIAG" --compact --write-recovered "$TMP/recovered" "$TMP/h1/NewDirtyHive"
expect_json 'r["hive"]["recovery"]["saved_to"]' "$TMP/recovered" "saved_to"
if cmp -s -i 4096 "$TMP/recovered" "$d/RecoveredHive_Windows10"; then
	ok "recovered image equals RecoveredHive_Windows10 past the base block"
else
	not_ok "recovered image differs from RecoveredHive_Windows10"
fi
run "$HIVEDIAG" --compact --write-recovered "$TMP/recovered" "$TMP/h1/NewDirtyHive"
expect_rc 2 "--write-recovered over an existing file"
expect_err 'write-recovered' "--write-recovered over an existing file"
run "$HIVEDIAG" --compact --write-recovered "$TMP/h1/NewDirtyHive.LOG2" "$TMP/h1/NewDirtyHive"
expect_rc 2 "--write-recovered over an input"
run "$HIVEDIAG" --compact --write-recovered "$TMP/x" "$TMP/h1/NewDirtyHive" "$TMP/h1/NewDirtyHive"
expect_rc 2 "--write-recovered with two hives"
expect_err 'exactly one HIVE' "--write-recovered with two hives"
run "$HIVEDIAG" --compact --write-recovered "$TMP/clean-copy" "$SAMPLES/healthy-nt4.hive"
expect_rc 2 "--write-recovered on a clean hive"
expect_err 'nothing to save: the hive is clean' "--write-recovered on a clean hive"
[ ! -e "$TMP/clean-copy" ] && ok "nothing written for a clean hive" || not_ok "file written for a clean hive"

run "$HIVEDIAG" --compact --no-replay "$TMP/h1/NewDirtyHive"
expect_json 'r["hive"]["recovery"]["attempted"]' false "--no-replay"
expect_json 'r["hive"]["recovery"]["refused_reason"]' "not attempted: --no-replay" "--no-replay says so"

[ "$(cat "$TMP/h1"/* | sha256sum)" = "$sums_before" ] && ok "evidence files unchanged" || not_ok "evidence changed"

for n in 1 2 3; do
	run "$HIVEDIAG" --compact "$CORPUS/dirty/yarp-BadLogHive$n/BadLogHive"
	expect_json 'r["hive"]["recovery"]["applied"]' false "BadLogHive$n refused"
	expect_json 'r["hive"]["recovery"]["refused_reason"] is not None' true "BadLogHive$n has a reason"
	expect_valid "BadLogHive$n"
done

run "$HIVEDIAG" --compact "$CORPUS/dirty/yarp-OldDirtyHive/OldDirtyHive"
expect_json 'r["hive"]["recovery"]["format"]' old "OldDirtyHive: old format"
expect_json 'r["hive"]["recovery"]["applied"]' true "OldDirtyHive replayed"
finish
