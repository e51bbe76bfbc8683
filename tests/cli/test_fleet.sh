#!/bin/sh
# test_fleet.sh - a spread run's reduce, judge and merge steps (issue 23):
# --reduce builds one table from names exports and refuses an incomplete set
# (a missing shard, a truncated export, a malformed line); --peers-table
# gives the reports of a single run; --merge joins complete shards with the
# worst status and refuses a shard cut short or killed; --no-fail-on-findings
# turns 1 into 0 and keeps 2.
. "$(dirname "$0")/lib.sh"

S="$SAMPLES"
clean="$S/healthy-nt4.hive"     # exit 0
finding="$S/imc-disabled.hive"  # exit 1: a warning finding
printf 'not a hive\n' >"$TMP/junk"   # exit 2: not analyzed

# completion KIND K/N HIVES WORST: a completion record line (fleet.h's format).
completion() {
	printf '{"completion":{"kind":"%s","shard":"%s","hives":%s,"worst_status":%s}}\n' "$1" "$2" "$3" "$4"
}

# shard_out FILE K/N ARGS...: a shard's -o ndjson output.
shard_out() {
	f=$1 kn=$2; shift 2
	"$HIVEDIAG" -q -o ndjson --no-peers --shard "$kn" "$@" >"$f" 2>/dev/null
}

# A fleet of six installations in three case folders: clean and warning hives.
fleet="$TMP/fleet"
for i in 1 2 3 4 5 6; do
	mkdir -p "$fleet/case$((i % 3))/srv$i"
	if [ $((i % 2)) -eq 0 ]; then cp "$finding" "$fleet/case$((i % 3))/srv$i/SYSTEM"
	else cp "$clean" "$fleet/case$((i % 3))/srv$i/SYSTEM"; fi
done

# ---- --no-fail-on-findings ----
run "$HIVEDIAG" -o ndjson --no-peers "$finding"
expect_rc 1 "a warning finding"
run "$HIVEDIAG" -o ndjson --no-peers --no-fail-on-findings "$finding"
expect_rc 0 "--no-fail-on-findings: a warning finding"
expect_out '"id":"A11"|"severity":"warning"' "--no-fail-on-findings: the findings are still reported"
run "$HIVEDIAG" -o ndjson --no-peers --no-fail-on-findings "$finding" "$TMP/junk"
expect_rc 2 "--no-fail-on-findings: a hive not analyzed is still 2"
run "$HIVEDIAG" -o ndjson --no-peers --no-fail-on-findings "$clean"
expect_rc 0 "--no-fail-on-findings: a clean hive"

# ---- usage ----
run "$HIVEDIAG" --merge -r "$TMP"
expect_rc 2 "--merge with -r"
expect_err 'takes only -q and --no-fail-on-findings' "--merge with -r"
run "$HIVEDIAG" --merge
expect_rc 2 "--merge without operands"
expect_err 'needs the shards' "--merge without operands"
run "$HIVEDIAG" --merge -
expect_rc 2 "--merge -"
run "$HIVEDIAG" --reduce --merge "$TMP/junk"
expect_rc 2 "--reduce with --merge"
run "$HIVEDIAG" --reduce --no-fail-on-findings "$TMP/junk"
expect_rc 2 "--reduce with --no-fail-on-findings"
run "$HIVEDIAG" --peers-table "$TMP/junk" --no-peers "$clean"
expect_rc 2 "--peers-table with --no-peers"
expect_err 'exclude each other' "--peers-table with --no-peers"

# ---- --merge ----
shard_out "$TMP/s1" 1/2 -r "$fleet"
shard_out "$TMP/s2" 2/2 -r "$fleet"
tail -n 1 "$TMP/s1" >"$TMP/c1"
tail -n 1 "$TMP/s2" >"$TMP/c2"
if grep -q '^{"completion":{"kind":"reports","shard":"1/2",' "$TMP/c1" &&
   grep -q '^{"completion":{"kind":"reports","shard":"2/2",' "$TMP/c2"; then
	ok "--shard K/N -o ndjson ends with its completion record"
else
	not_ok "no completion record at the end of a shard" "$(cat "$TMP/c1" "$TMP/c2")"
fi
/usr/bin/python3 - "$TMP/s1" "$TMP/s2" <<'PY' && ok "completion records count the reports and carry the worst status" ||
import json, sys
total = 0
for path in sys.argv[1:]:
    lines = open(path).read().splitlines()
    c = json.loads(lines[-1])["completion"]
    assert c["hives"] == len(lines) - 1, (path, c)
    worst = 0
    for l in lines[:-1]:
        r = json.loads(l)
        worst = max(worst, 1 if any(f["severity"] in ("warning", "error") for f in r["findings"]) else 0)
    assert c["worst_status"] == worst, (path, c, worst)
    total += c["hives"]
assert total == 6, total
PY
	not_ok "completion records"
want_rc=$(cat "$TMP/c1" "$TMP/c2" | sed 's/.*"worst_status":\([0-9]\).*/\1/' | sort -n | tail -n 1)
run "$HIVEDIAG" --merge "$TMP/s2" "$TMP/s1"
expect_rc "$want_rc" "--merge of complete shards: the worst status"
expect_err "^hivediag: merge: 2 of 2 shards complete, 6 reports, worst status $want_rc\$" "--merge: summary"
{ sed '$d' "$TMP/s1"; sed '$d' "$TMP/s2"; } >"$TMP/joined"
cmp -s "$TMP/out" "$TMP/joined" && ok "--merge: the report lines in shard order, without completion records" ||
	not_ok "--merge: output differs" "$(diff "$TMP/joined" "$TMP/out" | head -c 300)"
expect_valid "--merge output"
# The shards together are the single run's reports.
"$HIVEDIAG" -q -o ndjson --no-peers -r "$fleet" >"$TMP/single" 2>/dev/null
mask_started "$TMP/single" "$TMP/out"
if [ "$(LC_ALL=C sort "$TMP/out")" = "$(LC_ALL=C sort "$TMP/single")" ]; then
	ok "--merge: the shards' reports are the single run's"
else
	not_ok "--merge: the shards' reports differ from the single run's"
fi
run "$HIVEDIAG" -q --merge --no-fail-on-findings "$TMP/s1" "$TMP/s2"
expect_rc 0 "--merge --no-fail-on-findings: worst status 1 becomes 0"
expect_err_lines 0 "--merge -q"

# Which shard holds reports (the cut-short checks need one).
if [ "$(grep -c . "$TMP/s2")" -ge 2 ]; then cut=s2 kn=2/2 other=s1; else cut=s1 kn=1/2 other=s2; fi
# A shard cut short: its completion record is missing.
sed '$d' "$TMP/$cut" >"$TMP/cut"
run "$HIVEDIAG" --merge "$TMP/$other" "$TMP/cut"
expect_rc 2 "--merge with a shard cut short"
expect_err "^hivediag: $TMP/cut: shard $kn is incomplete: no completion record \\(the job was cut short or killed\\)\$" \
	"--merge with a shard cut short: the message names the file and the shard"
expect_empty_out "--merge with a shard cut short"
# A report line lost, the record kept: the counts disagree.
sed '1d' "$TMP/$cut" >"$TMP/lost"
run "$HIVEDIAG" --merge "$TMP/$other" "$TMP/lost"
expect_rc 2 "--merge with a report line lost"
expect_err "lost: shard $kn is incomplete: its completion record counts [0-9]+ reports, [0-9]+ lines precede it" \
	"--merge with a report line lost"

# A shard killed by SIGKILL mid-run (its third hive hangs): no completion record, the merge fails.
mkdir -p "$TMP/slow/a" "$TMP/slow/b" "$TMP/slow/c"
for d in a b c; do cp "$clean" "$TMP/slow/$d/SYSTEM"; done
: >"$TMP/killed"
HIVEDIAG_TEST_HANG="$TMP/slow/c/SYSTEM" setsid "$HIVEDIAG_TESTHOOKS" -q -o ndjson --no-peers -j 1 --timeout 0 \
	--shard 1/1 "$TMP/slow/a/SYSTEM" "$TMP/slow/b/SYSTEM" "$TMP/slow/c/SYSTEM" >"$TMP/killed" 2>/dev/null &
pid=$!
i=0
while [ "$(grep -c . "$TMP/killed" 2>/dev/null || true)" != 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL -- -$pid 2>/dev/null || kill -KILL $pid
wait $pid 2>/dev/null
[ "$(grep -c . "$TMP/killed")" -eq 2 ] && ok "a shard killed mid-run wrote its first two reports" ||
	not_ok "the killed shard wrote $(grep -c . "$TMP/killed") lines"
run "$HIVEDIAG" --merge "$TMP/killed"
expect_rc 2 "--merge of a shard killed by SIGKILL"
expect_err "killed: the output is incomplete: no completion record \\(the job was cut short or killed\\)" \
	"--merge of a shard killed by SIGKILL: the message"
# Missing, twice, another run's shard, a names export, a JSON array.
run "$HIVEDIAG" --merge "$TMP/s1"
expect_rc 2 "--merge with a shard missing"
expect_err '^hivediag: merge: shard 2/2 is missing' "--merge with a shard missing"
run "$HIVEDIAG" --merge "$TMP/s1" "$TMP/s1" "$TMP/s2"
expect_rc 2 "--merge with a shard twice"
expect_err 'shard 1/2 is given twice' "--merge with a shard twice"
{ sed '$d' "$TMP/s2"; completion reports 2/3 $(($(grep -c . "$TMP/s2") - 1)) 0; } >"$TMP/s2of3"
run "$HIVEDIAG" --merge "$TMP/s1" "$TMP/s2of3"
expect_rc 2 "--merge with shards of two runs"
expect_err 'shard 2/3 is not of the same run' "--merge with shards of two runs"
{ sed '$d' "$TMP/s2"; completion names 2/2 $(($(grep -c . "$TMP/s2") - 1)) 0; } >"$TMP/s2names"
run "$HIVEDIAG" --merge "$TMP/s1" "$TMP/s2names"
expect_rc 2 "--merge with a names export"
expect_err 'is not a reports output' "--merge with a names export"
"$HIVEDIAG" -o json --no-peers "$clean" "$finding" >"$TMP/array" 2>/dev/null
completion reports 2/2 0 0 >>"$TMP/array"
run "$HIVEDIAG" --merge "$TMP/s1" "$TMP/array"
expect_rc 2 "--merge with -o json output"
expect_err 'is no report \(--merge reads the output of -o ndjson\)' "--merge with -o json output"
run "$HIVEDIAG" --merge "$TMP/s1" "$TMP/no-such-file"
expect_rc 2 "--merge with a file that does not exist"
expect_err "no-such-file: shard 2/2 is not usable: cannot open" "--merge with a file that does not exist"

# A shard whose hive is not analyzed: worst status 2 is the merge's, with or without --no-fail-on-findings.
shard_out "$TMP/j1" 1/1 "$TMP/junk"
run "$HIVEDIAG" --merge --no-fail-on-findings "$TMP/j1"
expect_rc 2 "--merge of a shard with worst status 2"

# ---- --reduce ----
# Three shards' names exports of a fleet: Contoso (4 servers, one copy twice)
# and its reinstalled Contosso in two case folders sharing a DNS domain;
# Fabrikam alone.  Written as --names writes them (fleet.h's records).
/usr/bin/python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
def rec(path, case, server, domain, org, site):
    return json.dumps({"names": {"path": path, "sha256": None, "case": case, "installation": path.rsplit("/", 1)[0],
        "server": server, "domain": domain, "organization": org, "site": site,
        "system": True, "read": True, "error": None}}, separators=(",", ":"))
recs = [
    rec("c1/exch01/SYSTEM", "c1", "EXCH01", "contoso.com", "Contoso", "Redmond"),
    rec("c1/exch02/SYSTEM", "c1", "EXCH02", "contoso.com", "Contoso", "Redmond"),
    rec("c1/exch02/repair/SYSTEM", "c1", "EXCH02", "contoso.com", "Contoso", "Redmond"),
    rec("c2/exch03/SYSTEM", "c2", "EXCH03", "contoso.com", "Contoso", "Redmond"),
    rec("c2/exch05/SYSTEM", "c2", "EXCH05", "contoso.com", "Contosso", "Redmond"),
    rec("c3/fab01/SYSTEM", "c3", "FAB01", "fabrikam.com", "Fabrikam", "Paris"),
]
shards = [recs[0:2], recs[2:5], recs[5:]]
for k, part in enumerate(shards, 1):
    with open(f"{tmp}/n{k}", "w") as f:
        for r in part:
            f.write(r + "\n")
        f.write(json.dumps({"completion": {"kind": "names", "shard": f"{k}/3", "hives": len(part), "worst_status": 0}},
                           separators=(",", ":")) + "\n")
# The same records, shuffled across other files, in one unsharded export.
with open(f"{tmp}/nall", "w") as f:
    for r in reversed(recs):
        f.write(r + "\n")
    f.write(json.dumps({"completion": {"kind": "names", "shard": None, "hives": len(recs), "worst_status": 0}},
                       separators=(",", ":")) + "\n")
PY
run "$HIVEDIAG" --reduce "$TMP/n1" "$TMP/n2" "$TMP/n3"
expect_rc 0 "--reduce of three complete exports"
cp "$TMP/out" "$TMP/table"
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/table" &&
	ok "--reduce: the table is JSON" || not_ok "--reduce: the table is not JSON"
id=$(sha256sum "$TMP/table" | cut -d' ' -f1)
expect_err "^hivediag: reduce: 3 of 3 exports complete, 6 hives .*table sha256:$id\$" \
	"--reduce: the summary names the table by the SHA-256 of its bytes"
run "$HIVEDIAG" --reduce "$TMP/n3" "$TMP/n1" "$TMP/n2"
cmp -s "$TMP/out" "$TMP/table" && ok "--reduce: the same table whatever the order of the exports" ||
	not_ok "--reduce: the order of the exports changed the table"
run "$HIVEDIAG" -q --reduce - <"$TMP/nall"
expect_rc 0 "--reduce of one unsharded export on stdin"
expect_err_lines 0 "--reduce -q"
cmp -s "$TMP/out" "$TMP/table" && ok "--reduce: the records in another order give the same table" ||
	not_ok "--reduce: the order of the records changed the table"

run "$HIVEDIAG" --reduce "$TMP/n1" "$TMP/n3"
expect_rc 2 "--reduce with a shard missing"
expect_err '^hivediag: reduce: shard 2/3 is missing' "--reduce with a shard missing"
expect_empty_out "--reduce with a shard missing"
sed '$d' "$TMP/n2" >"$TMP/n2cut"
run "$HIVEDIAG" --reduce "$TMP/n1" "$TMP/n2cut" "$TMP/n3"
expect_rc 2 "--reduce with a truncated export"
expect_err "n2cut: shard 2/3 is incomplete: no completion record \\(the job was cut short or killed\\)" \
	"--reduce with a truncated export"
expect_empty_out "--reduce with a truncated export"
{ sed -n 1p "$TMP/n2"; echo '{"names":{"path":"x"}}'; sed -n '2,$p' "$TMP/n2"; } >"$TMP/n2bad"
run "$HIVEDIAG" --reduce "$TMP/n1" "$TMP/n2bad" "$TMP/n3"
expect_rc 2 "--reduce with a malformed line"
expect_err "n2bad: .*line 2: not a names record" "--reduce with a malformed line: file and line named"
expect_empty_out "--reduce with a malformed line"
run "$HIVEDIAG" --reduce "$TMP/n1" "$TMP/n2" "$TMP/n3" "$TMP/n2"
expect_rc 2 "--reduce with a shard twice"
run "$HIVEDIAG" --reduce "$TMP/nall" "$TMP/n1"
expect_rc 2 "--reduce with an unsharded export and a shard"
run "$HIVEDIAG" --reduce "$TMP/s1"
expect_rc 2 "--reduce of a reports output"

# ---- map, reduce, judge = one run ----
# The peers archive (samples/peers/mkarchive.sh) laid out as cases of
# servers: the reinstalled Contosso server sits in another case folder
# than most Contoso servers (linked by their DNS domain), so its shard
# holds no Contoso majority.  Names exports per shard, one table, each
# shard judged by it: every report is the single run's byte for byte (time
# stamps masked), the same P1 findings.
sh "$TOP/samples/peers/mkarchive.sh" "$MKHIVE" "$TMP/peers" || not_ok "mkarchive.sh failed"
arch="$TMP/arch"
for s in exch01:caseA exch02:caseA exch03:caseA exch04:caseB exch05:caseB exch06:caseC; do
	mkdir -p "$arch/${s#*:}/${s%:*}" && cp "$TMP/peers/redmond/${s%:*}" "$arch/${s#*:}/${s%:*}/SYSTEM"
done
mkdir -p "$arch/caseD/fab01" && cp "$TMP/peers/paris/fab01" "$arch/caseD/fab01/SYSTEM"
# mask FILE: analysis.started.
mask() { mask_started "$1"; }
(cd "$arch" && "$HIVEDIAG" -q -o ndjson -r .) >"$TMP/one" 2>/dev/null
one_rc=$?
(cd "$arch" && for k in 1 2 3; do "$HIVEDIAG" -q --names --shard $k/3 -r . >"$TMP/names.$k"; done)
run "$HIVEDIAG" --reduce "$TMP/names.1" "$TMP/names.2" "$TMP/names.3"
expect_rc 0 "--reduce of the three shards' --names exports"
cp "$TMP/out" "$TMP/fleet.table"
table_id=sha256:$(sha256sum "$TMP/fleet.table" | cut -d' ' -f1)
(cd "$arch" && for k in 1 2 3; do
	"$HIVEDIAG" -q -o ndjson --peers-table "$TMP/fleet.table" --shard $k/3 -r . >"$TMP/rep.$k"
	echo $? >"$TMP/rep.$k.rc"
done)
run "$HIVEDIAG" --merge "$TMP/rep.3" "$TMP/rep.1" "$TMP/rep.2"
expect_rc "$one_rc" "spread run: the merge's status is the single run's"
cp "$TMP/out" "$TMP/spread"
grep -q "\"peers\":{\"table\":\"$table_id\"" "$TMP/spread" &&
	ok "spread run: analysis.peers names the --peers-table and its identity" ||
	not_ok "spread run: analysis.peers lacks the table $table_id" "$(grep -o '"peers":{[^}]*}' "$TMP/spread" | head -n 2)"
grep -q "\"peers\":{\"table\":\"$table_id\"" "$TMP/one" &&
	ok "single run: its own table is the --reduce table (same identity)" ||
	not_ok "single run: its table differs from the --reduce table" "$(grep -o '"peers":{[^}]*}' "$TMP/one" | head -n 1)"
mask "$TMP/one"
mask "$TMP/spread"
LC_ALL=C sort "$TMP/one" >"$TMP/one.sorted"
LC_ALL=C sort "$TMP/spread" >"$TMP/spread.sorted"
if [ -s "$TMP/one.sorted" ] && cmp -s "$TMP/one.sorted" "$TMP/spread.sorted"; then
	ok "spread run: every report is the single run's"
else
	not_ok "spread run: reports differ from the single run's" \
		"$(diff "$TMP/one.sorted" "$TMP/spread.sorted" | head -c 600)"
fi
p1s() { /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    for f in r["findings"]:
        if f["id"] == "P1": print(r["hive"]["path"], f["severity"])' "$1" | LC_ALL=C sort | tr '\n' ' '; }
got=$(p1s "$TMP/spread")
[ "$got" = "$(p1s "$TMP/one")" ] && [ -n "$got" ] && ok "spread run: the single run's P1 findings: $got" ||
	not_ok "spread run: P1 '$got', single run '$(p1s "$TMP/one")'"
case "$got" in *caseB/exch05/SYSTEM*) ok "spread run: P1 on the Contosso server" ;;
	*) not_ok "spread run: no P1 on the Contosso server" ;; esac
# The text and HTML reports name the scope and the table too.
(cd "$arch" && "$HIVEDIAG" -o text --peers-table "$TMP/fleet.table" caseB/exch05/SYSTEM) >"$TMP/out" 2>"$TMP/err"
expect_out "^  peers +[0-9]+ servers, [0-9]+ hives in scope case:" "text report: the peers line"
expect_out "sha256:$(echo "$table_id" | cut -c8-23)\\.\\.\\." "text report: the table's identity"
(cd "$arch" && "$HIVEDIAG" -o html --peers-table "$TMP/fleet.table" caseB/exch05/SYSTEM) >"$TMP/out" 2>"$TMP/err"
expect_out "<th>peers</th><td>[0-9]+ servers, [0-9]+ hives in scope " "HTML report: the peers row"
run "$HIVEDIAG" -o json "$clean"
expect_json 'r["analysis"]["peers"]' null "one HIVE: analysis.peers is null"
run "$HIVEDIAG" -o ndjson --no-peers "$clean" "$finding"
expect_out '"peers":null' "--no-peers: analysis.peers is null"
run "$HIVEDIAG" --peers-table "$TMP/junk" -o ndjson "$clean"
expect_rc 2 "--peers-table of a file that is no table"
expect_err "junk: --peers-table: " "--peers-table of a file that is no table: the message names it"
expect_empty_out "--peers-table of a file that is no table"
run "$HIVEDIAG" --peers-table "$TMP/no-such-table" -o ndjson "$clean"
expect_rc 2 "--peers-table of a missing file"

finish
