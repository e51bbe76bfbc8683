#!/bin/sh
# test_timeline.sh - issue 25's timelines: -o bodyfile read by The Sleuth
# Kit's mactime (every sample in one -r run, a --root run) without a word on
# stderr and with every event sorted; -o timesketch valid line by line (the
# four fields Timesketch requires, timestamp agreeing with datetime); keys
# and file names that are hostile stay one line of eleven fields.
. "$(dirname "$0")/lib.sh"

[ -e "$SAMPLES/healthy-nt4.hive" ] || skip_all "sample hives missing (make samples)"

# check_body WHAT: $TMP/out is a body file mactime reads silently, one sorted event per line.
check_body() {
	lines=$(wc -l <"$TMP/out")
	bad=$(awk -F'|' 'NF != 11' "$TMP/out" | wc -l)
	if [ "$lines" -gt 0 ] && [ "$bad" -eq 0 ]; then ok "$1: $lines lines of 11 fields"
	else not_ok "$1: $bad of $lines lines are not 11 fields" "$(awk -F'|' 'NF != 11' "$TMP/out" | head -3)"; fi
	if ! command -v mactime >/dev/null; then skip_part "$1: mactime missing (sleuthkit)"; return; fi
	# From 1970-01-02: the columns a key has no time for (0) are no event.
	mactime -b "$TMP/out" -d -y 1970-01-02 >"$TMP/mactime" 2>"$TMP/mactime.err"
	mrc=$?
	if [ "$mrc" -eq 0 ] && [ ! -s "$TMP/mactime.err" ]; then ok "$1: mactime reads it, stderr empty"
	else not_ok "$1: mactime exit $mrc" "$(head -c 400 "$TMP/mactime.err")"; fi
	if /usr/bin/python3 - "$TMP/mactime" "$TMP/out" <<'PY' 2>"$TMP/py"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", errors="surrogateescape")))[1:]
dates = [r[0] for r in rows]
# mactime makes one event per distinct time of a line (from 1970-01-02 on):
# a key or base block line has only its mtime ("m..."); a hive file's own
# line (its file-system times) one per distinct atime/mtime/ctime/crtime.
want = 0
for line in open(sys.argv[2], encoding="utf-8", errors="surrogateescape"):
    times = {int(t) for t in line.rstrip("\n").split("|")[7:11] if int(t) >= 86400}
    want += len(times)
assert len(rows) == want, f"{len(rows)} events, {want} expected"
assert all(r[2] == "m..." for r in rows if ":\\" in r[7] or r[7].endswith("(regf base block)")), \
    "key and base block events are last writes"
assert dates == sorted(dates), "sorted"
PY
	then ok "$1: mactime sorts every event"; else not_ok "$1: mactime's events" "$(tail -c 300 "$TMP/py")"; fi
}

# check_sketch WHAT: $TMP/out is Timesketch JSONL.
check_sketch() {
	if /usr/bin/python3 - "$TMP/out" <<'PY' >"$TMP/py" 2>&1
import datetime, json, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
n = 0
for line in raw.split("\n")[:-1]:
    e = json.loads(line)
    for k in ("message", "datetime", "timestamp", "timestamp_desc"):
        assert k in e, f"{k} missing: {line}"
    assert isinstance(e["message"], str) and e["message"] and isinstance(e["timestamp_desc"], str)
    t = datetime.datetime.fromisoformat(e["datetime"])
    us = (t - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(microseconds=1)
    assert us == e["timestamp"], f"timestamp {e['timestamp']} is not {e['datetime']}"
    assert isinstance(e["finding_ids"], list) and e["hive_path"] and e["hive"] in ("SYSTEM", "SOFTWARE", "other")
    assert ("key_path" in e) == (e["data_type"] == "hivediag:registry:key")
    n += 1
assert raw.endswith("\n") and n > 0
print(n)
PY
	then ok "$1: $(cat "$TMP/py") Timesketch events, each with the four fields"
	else not_ok "$1: Timesketch JSONL" "$(tail -c 400 "$TMP/py")"; fi
}

# --- every sample, one -r run (SYSTEM hives paired with nothing: the SOFTWARE samples are skipped).
run "$HIVEDIAG" -q --no-peers -r -o bodyfile "$SAMPLES"
expect_rc 1 "-r -o bodyfile over the samples"
check_body "-r samples"
n_hives=$(ls "$SAMPLES"/*.hive | grep -vc '/software-')
n_base=$(grep -c ' (regf base block)|' "$TMP/out")
if [ "$n_base" -eq "$n_hives" ]; then ok "-r samples: each of the $n_hives SYSTEM samples has its base block event"
else not_ok "-r samples: $n_base base block events, $n_hives SYSTEM samples"; fi
body_lines=$(wc -l <"$TMP/out")
run "$HIVEDIAG" -q --no-peers -r -o timesketch "$SAMPLES"
check_sketch "-r samples"
if [ "$(wc -l <"$TMP/out")" -eq "$body_lines" ]; then ok "-r samples: as many Timesketch events as body file lines"
else not_ok "-r samples: $(wc -l <"$TMP/out") Timesketch events, $body_lines body lines"; fi

# --- a pair: every key the analysis read, not only the cited; the SOFTWARE hive's Setup key.
pair="--software $SAMPLES/software-sp4.hive $SAMPLES/pair-sp4-damaged.hive"
run "$HIVEDIAG" -o json $pair
cp "$TMP/out" "$TMP/pair.json"
run "$HIVEDIAG" -o timesketch $pair
expect_rc 1 "-o timesketch, a pair"
check_sketch "pair"
/usr/bin/python3 - "$TMP/pair.json" "$TMP/out" <<'PY' >"$TMP/py" 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
ev = [json.loads(l) for l in open(sys.argv[2])]
keys = {(e["hive"], e["key_path"]): e["finding_ids"] for e in ev if "key_path" in e}
# Every key of the JSON timeline, with the same finding ids.
missing = [(t["hive"], t["key"]) for t in r["timeline"] if keys.get((t["hive"], t["key"])) != t["finding_ids"]]
want = ["ControlSet001\\Services\\" + s for s in ("MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeMTA",
        "MSExchangeIMC", "Tcpip", "Tcpip\\Linkage", "NetBT\\Linkage", "Winsock\\Parameters")]
missing += [k for k in want if ("SYSTEM", k) not in keys]
missing += [k for k in ("Microsoft\\Exchange\\Setup", "Microsoft\\Rpc\\ServerProtocols") if ("SOFTWARE", k) not in keys]
base = sorted(e["hive"] for e in ev if e["data_type"] == "hivediag:hive:base_block")
print("missing", missing, "base", base, "more", len(keys) > len(r["timeline"]))
PY
expect_out_file() { if grep -Fqx -- "$1" "$TMP/py"; then ok "$2"; else not_ok "$2" "$(cat "$TMP/py")"; fi; }
expect_out_file "missing [] base ['SOFTWARE', 'SYSTEM'] more True" \
	"pair: every key of the JSON timeline with its finding ids, every service and TCP/IP key, Setup, both base blocks"

# --- hostile names: a key named with |, %, ESC and NEL (a C1 control), a file with a newline and a
# byte that is not UTF-8 (hivex gives key names as UTF-8; a file name is any bytes).
sed 's/El90x1/El|9%41\x1b\xc2\x85/g' "$(dirname "$0")/../../samples/mta-healthy.reg" >"$TMP/hostile.reg"
"$MKHIVE" "$TMP/hostile.reg" "$TMP/hostile.hive" >/dev/null 2>&1 || not_ok "mkhive hostile.reg"
evil="$TMP/$(printf 'two\nlines|%%41\377.hive')"
cp "$TMP/hostile.hive" "$evil"
run "$HIVEDIAG" -o bodyfile "$evil"
expect_rc 0 "hostile names, bodyfile"
check_body "hostile names"
expect_out 'two\\x0alines%7C%2541\\xff\.hive:\\ControlSet001\\Services\\El%7C9%2541\\x1b\\x85\\Parameters\\Tcpip\|' \
	"hostile names: | and % as %XX, newline, ESC, NEL and the non-UTF-8 byte as \\\\xHH"
# mactime decodes %XX only: the name it prints has | and % back, the rest as written.
if command -v mactime >/dev/null &&
	grep -Fq 'two\x0alines|%41\xff.hive:\ControlSet001\Services\El|9%41\x1b\x85\Parameters\Tcpip' "$TMP/mactime"; then
	ok "hostile names: mactime decodes | and % back, one line"
else not_ok "hostile names: mactime did not list the key's name" "$(grep -a El "$TMP/mactime" | head -2)"; fi
run "$HIVEDIAG" -o timesketch "$evil"
check_sketch "hostile names"
/usr/bin/python3 - "$TMP/out" <<'PY' >"$TMP/py" 2>&1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(sorted({e["key_path"] for e in ev if "El|" in e.get("key_path", "")}) ==
      ["ControlSet001\\Services\\El|9%41\x1b\x85\\Parameters\\Tcpip"],
      all(e["hive_path"].endswith("/two\nlines|%41\\xff.hive") for e in ev))
PY
if [ "$(cat "$TMP/py")" = "True True" ]; then ok "hostile names: key_path and hive_path read back as stored, the non-UTF-8 byte as \\\\xHH"
else not_ok "hostile names: key_path, hive_path" "$(cat "$TMP/py")"; fi

# --- --root: the current hive and each older copy, each event marked with its copy's role.
root="$TMP/root"
mkdir -p "$root/WINNT/system32/config" "$root/WINNT/repair"
cp "$SAMPLES/imc-site-mismatch.hive" "$root/WINNT/system32/config/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$root/WINNT/system32/config/SOFTWARE"
cp "$SAMPLES/healthy-nt4.hive" "$root/WINNT/repair/system"
run "$HIVEDIAG" -q -o bodyfile --root "$root"
expect_rc 1 "--root -o bodyfile"
check_body "--root"
expect_out "WINNT/repair/system:\\\\ControlSet001\\\\Services\\\\MSExchangeIMC\|" "--root: the repair copy's keys"
expect_out "config/SOFTWARE:\\\\Microsoft\\\\Exchange\\\\Setup\|" "--root: the SOFTWARE hive's Setup key"
run "$HIVEDIAG" -q -o timesketch --root "$root"
check_sketch "--root"
expect_json_lines() {
	got=$(/usr/bin/python3 -c 'import json, sys; print(sorted({json.loads(l).get("hive_role") for l in open(sys.argv[1])}))' "$TMP/out")
	if [ "$got" = "$1" ]; then ok "$2"; else not_ok "$2: $got"; fi
}
expect_json_lines "['current', 'repair']" "--root: hive_role on every event"

# The hive files' own file-system times (issue 22's provenance chain): under
# --root each file found has one; its Content Modification Time is the
# file's mtime as stat gives it, to the microsecond.
touch -d '2001-02-03 04:05:06.789012 UTC' "$root/WINNT/repair/system"
run "$HIVEDIAG" -q -o timesketch --root "$root"
got=$(/usr/bin/python3 -c '
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["data_type"] == "hivediag:hive:file" and e["hive_path"].endswith("repair/system") \
       and e["timestamp_desc"] == "File Content Modification Time":
        print(e["datetime"], e["timestamp"])' "$TMP/out")
if [ "$got" = "2001-02-03T04:05:06.789012+00:00 981173106789012" ]; then
	ok "--root: the repair copy's mtime as a file-system event"
else
	not_ok "--root: the repair copy's mtime as a file-system event: '$got'"
fi
run "$HIVEDIAG" -q -o bodyfile --root "$root"
check_body "--root with file-system times"
expect_out "^0\|$root/WINNT/repair/system\|0\|0\|0\|0\|[0-9]+\|[0-9]+\|981173106\|" "--root: the repair copy's bodyfile line carries its mtime"

# --- no event: a hive that is not one writes nothing, and says why on stderr.
printf 'not a hive' >"$TMP/junk"
run "$HIVEDIAG" -o bodyfile "$TMP/junk"
expect_rc 2 "not a hive, bodyfile"
expect_empty_out "not a hive, bodyfile"
expect_err 'not a registry hive' "not a hive, bodyfile"

# --list-rules has no timeline.
run "$HIVEDIAG" --list-rules -o bodyfile
expect_rc 2 "--list-rules -o bodyfile"

finish
