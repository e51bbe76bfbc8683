#!/bin/sh
# test_hostile.sh - issue 12, hostile files and lists: file names that are
# not UTF-8 or hold control characters, transaction logs that are symlinks
# or FIFOs, unbounded --files-from lists, an empty run, --write-recovered
# failures.  Each case: exit 0/1/2, strict UTF-8 JSON, one escaped stderr
# line per message, nothing left behind, memory bounded.
. "$(dirname "$0")/lib.sh"

# strict_json: stdout decodes as strict UTF-8 and parses as JSON (or NDJSON).
strict_json() {
	if /usr/bin/python3 -c '
import json, sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
try:
    json.loads(text)
except ValueError:
    [json.loads(l) for l in text.splitlines()]
' "$TMP/out" 2>"$TMP/py"; then ok "$1: strict UTF-8 JSON"; else not_ok "$1: not strict UTF-8 JSON" "$(head -c 300 "$TMP/py")"; fi
}

# peak_rss_kb CMD...: runs CMD under /usr/bin/time, sets $rc and $rss (KiB).
peak_rss() {
	/usr/bin/time -f '%M' -o "$TMP/rss" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	rss=$(tail -n 1 "$TMP/rss")
}

# A name that is not UTF-8: valid JSON, invalid bytes as \xHH, path_bytes exact.
bad=$(printf 'x\377\376.hive')
cp "$SAMPLES/healthy-nt4.hive" "$TMP/$bad"
run "$HIVEDIAG" --compact "$TMP/$bad"
expect_rc 0 "non-UTF-8 name"
strict_json "non-UTF-8 name"
expect_valid "non-UTF-8 name"
expect_json 'r["hive"]["path"].endswith("/x\\xff\\xfe.hive")' true "non-UTF-8 name: escaped"
want=$(printf '%s' "$TMP/$bad" | od -An -tx1 | tr -d ' \n')
expect_json 'r["hive"]["path_bytes"]' "$want" "non-UTF-8 name: path_bytes"

# A name with a newline and an escape character: one stderr line, escaped.
nl="$TMP/$(printf 'two\nlines\033[31m.hive')"
printf 'not a hive' >"$nl"
run "$HIVEDIAG" --compact "$nl"
expect_rc 2 "name with a newline"
expect_err_lines 1 "name with a newline"
expect_err 'two\\nlines\\u001b\[31m\.hive: not a registry hive' "name with a newline: escaped"
strict_json "name with a newline"

# Logs that are symlinks (out of the folder, to /dev/zero) or a FIFO: never
# followed nor read; the replay is refused naming the log and why.
d="$CORPUS/dirty/yarp-NewDirtyHive1"
if [ -d "$d" ]; then
	mkdir "$TMP/h"
	cp "$d/NewDirtyHive" "$TMP/h/"
	printf 'regf-SECRET-OUTSIDE-THE-FOLDER' >"$TMP/secret"
	ln -s "$TMP/secret" "$TMP/h/NewDirtyHive.LOG1"
	ln -s /dev/zero "$TMP/h/NewDirtyHive.LOG2"
	run "$HIVEDIAG" --compact "$TMP/h/NewDirtyHive"
	expect_rc 2 "symlinked logs (yarp's hive is no SYSTEM hive)"
	expect_json 'r["hive"]["recovery"]["applied"]' false "symlinked logs: not applied"
	expect_json '"symbolic link" in r["hive"]["recovery"]["refused_reason"]' true "symlinked logs: the reason"
	expect_json '[l["not_read"] for l in r["hive"]["recovery"]["logs"]]' \
		'["is a symbolic link (not followed)", "is a symbolic link (not followed)"]' "symlinked logs: each log"
	grep -q SECRET "$TMP/out" "$TMP/err" && not_ok "symlinked logs: the target's bytes leaked" ||
		ok "symlinked logs: nothing of the target in the output"
	expect_valid "symlinked logs"
	rm "$TMP/h/NewDirtyHive.LOG1" "$TMP/h/NewDirtyHive.LOG2"
	mkfifo "$TMP/h/NewDirtyHive.LOG1"
	cp "$d/NewDirtyHive.LOG2" "$TMP/h/"
	run "$HIVEDIAG" --compact --timeout 20 "$TMP/h/NewDirtyHive"
	expect_json 'r["hive"]["recovery"]["refused_reason"]' \
		"NewDirtyHive.LOG1: not read: it is a FIFO, not a regular file" "FIFO log: refused, no hang"
	expect_json 'r["hive"]["recovery"]["logs"][1]["sha256"] is not None' true "FIFO log: the other log hashed"
	# Provenance of an applied replay: every log's hash, the image's hash.
	rm "$TMP/h/NewDirtyHive.LOG1"
	cp "$d/NewDirtyHive.LOG1" "$TMP/h/"
	run "$HIVEDIAG" --compact --write-recovered "$TMP/rec" "$TMP/h/NewDirtyHive"
	expect_json '[l["applied"] for l in r["hive"]["recovery"]["logs"]]' '[true, true]' "provenance: both logs applied"
	expect_json 'r["hive"]["recovery"]["logs"][0]["sha256"]' "$(sha256sum <"$d/NewDirtyHive.LOG1" | cut -c1-64)" \
		"provenance: LOG1 sha256"
	expect_json 'r["hive"]["recovery"]["image_sha256"]' "$(sha256sum <"$TMP/rec" | cut -c1-64)" \
		"provenance: image sha256 is the saved file's"
	# --write-recovered where it cannot write: the reason (strerror), and
	# nothing left: the image is written unnamed (O_TMPFILE) and linked
	# only when complete, so a timeout's SIGKILL cannot leave a file either.
	run "$HIVEDIAG" --compact --write-recovered "$TMP/no/such/dir/rec" "$TMP/h/NewDirtyHive"
	expect_rc 2 "--write-recovered, missing folder"
	expect_err 'cannot create a file in its folder: No such file or directory' "--write-recovered: strerror"
	mkdir "$TMP/out-dir"
	run "$HIVEDIAG" --compact --write-recovered "$TMP/out-dir/rec" --timeout 1 "$TMP/h/NewDirtyHive"
	ls -A "$TMP/out-dir" | grep -qv '^rec$' && not_ok "--write-recovered: a temporary file left behind" ||
		ok "--write-recovered: no temporary name in the folder"
else
	skip_part "../shared/corpus absent: log cases"
fi

# --files-from /dev/zero: a bounded entry, exit 2 quickly, memory bounded.
peak_rss "$HIVEDIAG" -o ndjson --files-from /dev/zero
expect_rc 2 "--files-from /dev/zero"
expect_err 'an entry is longer than 4096 bytes' "--files-from /dev/zero"
[ "$rss" -lt 65536 ] && ok "--files-from /dev/zero: peak RSS $rss KiB" || not_ok "--files-from /dev/zero: peak RSS $rss KiB"
# Read as the run goes (--no-peers): the 64 empty entries are reported, then
# the run stops.  With the peer pass the list is read to its end first, so
# it is refused before any report, with the same message.
peak_rss "$HIVEDIAG" -q -o ndjson --no-peers -0 --files-from /dev/zero
expect_rc 2 "-0 --files-from /dev/zero"
expect_err 'more than 64 empty entries in a row' "-0 --files-from /dev/zero"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 64 ] && ok "-0 /dev/zero: the 64 empty entries reported" || not_ok "-0 /dev/zero: $n reports"
strict_json "-0 /dev/zero"
peak_rss "$HIVEDIAG" -q -o ndjson -0 --files-from /dev/zero
expect_rc 2 "-0 --files-from /dev/zero, peer pass"
expect_err 'more than 64 empty entries in a row' "-0 --files-from /dev/zero, peer pass"
[ ! -s "$TMP/out" ] && ok "-0 /dev/zero, peer pass: refused before any report" ||
	not_ok "-0 /dev/zero, peer pass: reports written"
[ "$rss" -lt 65536 ] && ok "-0 /dev/zero, peer pass: peak RSS $rss KiB" || not_ok "-0 /dev/zero, peer pass: peak RSS $rss KiB"

# An empty entry and a NUL inside a newline list: an error report each.
printf '%s\n\nbad\000name\n%s\n' "$SAMPLES/healthy-nt4.hive" "$SAMPLES/healthy-nt4.hive" >"$TMP/list"
run "$HIVEDIAG" -q -o ndjson --files-from "$TMP/list"
expect_rc 2 "list with bad entries"
n=$(grep -c '"code":"bad_list_entry"' "$TMP/out")
[ "$n" -eq 2 ] && ok "list: 2 bad_list_entry reports" || not_ok "list: $n bad_list_entry reports"
expect_err 'empty entry in the list' "list: empty entry"
expect_err 'holds a NUL byte' "list: NUL"
expect_valid "list with bad entries"

# No input at all is not a pass.
run sh -c '"$1" -o ndjson --files-from - </dev/null' sh "$HIVEDIAG"
expect_rc 2 "--files-from - </dev/null"
expect_err '^hivediag: no hives' "--files-from - </dev/null"
finish
