#!/bin/sh
# test_shard.sh - --shard K/N and --names (issue 23).  On an archive of case
# folders (the peer archive of samples/peers/mkarchive.sh, servers with
# their SOFTWARE hive and repair copies, a dirty hive with its log):
#   - the shards partition the inputs: the union of the K/N runs' reports is
#     the unsharded run's, byte for byte, no hive twice, and a server
#     folder's SYSTEM, SOFTWARE and repair copies fall in one shard;
#   - --names writes one record per input in input order, then a completion
#     record; its names are the analysis's (organization, server, sha256);
#   - a dirty hive's names come from its replayed image (the log changed
#     the organization);
#   - an unreadable input: a record saying so, exit 2;
#   - usage: --shard needs -o ndjson or --names; K/N bounds.
. "$(dirname "$0")/lib.sh"

arch="$TMP/arch"
sh "$TOP/samples/peers/mkarchive.sh" "$MKHIVE" "$arch/cases" || { not_ok "mkarchive.sh failed"; finish; exit 1; }
# Server folders: SYSTEM with SOFTWARE (and repair copies, a System32\config layout).
for s in srva srvb srvc srvd srve; do
	mkdir -p "$arch/cases/fleet/$s/repair"
	cp "$arch/cases/redmond/exch01" "$arch/cases/fleet/$s/SYSTEM"
	cp "$arch/cases/redmond/exch01" "$arch/cases/fleet/$s/repair/SYSTEM"
	cp "$SAMPLES/software-sp4.hive" "$arch/cases/fleet/$s/SOFTWARE"
done
mkdir -p "$arch/cases/other/WINNT/System32/config"
cp "$arch/cases/paris/fab01" "$arch/cases/other/WINNT/System32/config/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$arch/cases/other/WINNT/System32/config/SOFTWARE"
# A dirty hive: its primary says Contoso, its log (replayed) Contosso.
mkdir -p "$arch/cases/dirty"
/usr/bin/python3 "$(dirname "$0")/mkdirty.py" "$arch/cases/redmond/exch01" "$arch/cases/redmond/exch05" \
	"$arch/cases/dirty/SYSTEM" >/dev/null || not_ok "mkdirty"

# reports FILE: the report lines of an NDJSON output (no completion record), sorted.
reports() { grep -v '^{"completion"' "$1" | LC_ALL=C sort; }
# paths FILE: the hive paths of an NDJSON output's reports.
paths() { /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if "hive" in r: print(r["hive"]["path"])' "$1"; }

(cd "$arch" && "$HIVEDIAG" -q -o ndjson --no-peers -j 2 -r cases) >"$TMP/all" 2>"$TMP/err"
mask_started "$TMP/all"
n_all=$(reports "$TMP/all" | wc -l)
[ "$n_all" -ge 15 ] && ok "unsharded: $n_all reports" || not_ok "unsharded: $n_all reports"

for n in 3 7; do
	: >"$TMP/union"
	: >"$TMP/names-union"
	for k in $(seq 1 $n); do
		(cd "$arch" && "$HIVEDIAG" -q -o ndjson --no-peers -j 2 --shard "$k/$n" -r cases) >"$TMP/s$k" 2>"$TMP/err"
		rc=$?
		[ "$rc" -le 1 ] || not_ok "--shard $k/$n: exit $rc" "$(head -c 300 "$TMP/err")"
		mask_started "$TMP/s$k"
		reports "$TMP/s$k" >>"$TMP/union"
		(cd "$arch" && "$HIVEDIAG" -q --names --shard "$k/$n" -r cases) >"$TMP/n$k" 2>"$TMP/err"
		rc=$?
		[ "$rc" -eq 0 ] || not_ok "--names --shard $k/$n: exit $rc" "$(head -c 300 "$TMP/err")"
		tail -n 1 "$TMP/n$k" | grep -q "^{\"completion\":{\"kind\":\"names\",\"shard\":\"$k/$n\",\"hives\":$(($(wc -l <"$TMP/n$k") - 1)),\"worst_status\":0}}\$" ||
			not_ok "--names --shard $k/$n: completion record" "$(tail -n 1 "$TMP/n$k")"
		sed '$d' "$TMP/n$k" | sed "s/^/$k /" >>"$TMP/names-union"
	done
	LC_ALL=C sort "$TMP/union" >"$TMP/union.sorted"
	reports "$TMP/all" >"$TMP/all.sorted"
	cmp -s "$TMP/union.sorted" "$TMP/all.sorted" && ok "--shard K/$n: the shards' reports are the unsharded run's" ||
		not_ok "--shard K/$n: the union differs" "$(diff "$TMP/all.sorted" "$TMP/union.sorted" | head -c 600)"
	dup=$(paths "$TMP/union" | LC_ALL=C sort | uniq -d)
	[ -z "$dup" ] && ok "--shard K/$n: no hive in two shards" || not_ok "--shard K/$n: twice: $dup"
	/usr/bin/python3 - "$TMP/names-union" <<'PY' && ok "--shard K/$n: a server folder's hives and copies in one shard" || not_ok "--shard K/$n: a server folder split" "$(cat "$TMP/py.err" 2>/dev/null)"
import json, sys, collections
shard = collections.defaultdict(set)
n = 0
for l in open(sys.argv[1]):
    k, rec = l.split(" ", 1)
    p = json.loads(rec)["names"]["path"]
    if "/fleet/" in p or "/other/" in p:
        shard[p.split("/")[2]].add(k)
        n += 1
assert n == 17, n
assert all(len(v) == 1 for v in shard.values()), dict(shard)
PY
done

# --names unsharded: one record per input, in the input order of the reports; the names are the analysis's.
(cd "$arch" && "$HIVEDIAG" -q --names -j 2 -r cases) >"$TMP/names" 2>"$TMP/err"
rc=$?
expect_rc 0 "--names"
tail -n 1 "$TMP/names" | grep -q '^{"completion":{"kind":"names","shard":null,' &&
	ok "--names: ends with an unsharded completion record" || not_ok "--names: last line $(tail -n 1 "$TMP/names")"
(cd "$arch" && "$HIVEDIAG" -q -o ndjson --no-peers --verbose -j 2 -r cases) >"$TMP/verbose" 2>/dev/null
/usr/bin/python3 - "$TMP/names" "$TMP/verbose" <<'PY' && ok "--names: records in input order, names and sha256 as the analysis reads them" || not_ok "--names: records differ from the analysis"
import json, sys
recs = [json.loads(l)["names"] for l in open(sys.argv[1]) if l.startswith('{"names"')]
reps = {}
order = []
for l in open(sys.argv[2]):
    r = json.loads(l)
    if "hive" in r:
        reps[r["hive"]["path"]] = r
    order.append(r["hive"]["path"] if "hive" in r else r["path"])     # --verbose: skip lines too
assert [n["path"] for n in recs] == [p for p in order if not p.endswith(".LOG")], "order"
checked = 0
for n in recs:
    assert n["read"] is True and n["error"] is None, n
    r = reps.get(n["path"])
    if r is None or r["hive"].get("sha256") is None:
        continue
    assert n["sha256"] == r["hive"]["sha256"], (n["path"], n["sha256"])
    names = r["facts"]["exchange"].get("names")
    if names and n["path"].find("/dirty/") < 0:
        ent = names["sa_parameters"]["enterprise"]
        assert n["organization"] == (ent["data"] if ent and ent.get("status") == "found" else None), (n["path"], n["organization"])
        assert n["server"] == r["facts"]["system"]["computer_name"]["data"].upper(), n["path"]
        checked += 1
assert checked >= 15, checked
PY
/usr/bin/python3 - "$TMP/names" <<'PY' && ok "--names: case folder and installation of a server folder and a config folder" || not_ok "--names: layout" "$(grep -m1 fleet/srva/repair "$TMP/names")"
import json, sys
recs = {json.loads(l)["names"]["path"]: json.loads(l)["names"] for l in open(sys.argv[1]) if l.startswith('{"names"')}
r = recs["cases/fleet/srva/repair/SYSTEM"]
assert r["case"] == "cases/fleet" and r["installation"] == "cases/fleet/srva", r
r = recs["cases/other/WINNT/System32/config/SOFTWARE"]
assert r["installation"] == "cases/other/WINNT" and r["system"] is False, r
assert recs["cases/redmond/exch05"]["organization"] == "Contosso"
PY

# The dirty hive: read from its replayed image (Contosso), as the analysis reads it; its primary says Contoso.
grep '"path":"cases/dirty/SYSTEM"' "$TMP/names" | grep -q '"organization":"Contosso"' &&
	ok "--names: a dirty hive's names from the log-replayed image" ||
	not_ok "--names: dirty hive" "$(grep '/dirty/' "$TMP/names")"
run "$HIVEDIAG" -q --names --no-replay "$arch/cases/dirty/SYSTEM"
grep -q '"organization":"Contoso"' "$TMP/out" && ok "--names: the primary alone says Contoso (the test's premise)" ||
	not_ok "--names --no-replay: $(head -c 300 "$TMP/out")"

# The operand "-": the names of the hive on standard input.
"$HIVEDIAG" --names - <"$arch/cases/redmond/exch05" >"$TMP/out" 2>"$TMP/err"
head -n 1 "$TMP/out" | grep -q '"path":"-".*"organization":"Contosso".*"read":true' &&
	ok "--names -: standard input's hive" || not_ok "--names -: $(head -c 300 "$TMP/out")"

# An input that cannot be read: its record says why, the export is complete, exit 2.
printf 'not a hive at all' >"$TMP/garbage"
run "$HIVEDIAG" --names "$arch/cases/redmond/exch01" "$TMP/garbage" /nonexistent/SYSTEM
expect_rc 2 "--names with unreadable inputs"
/usr/bin/python3 - "$TMP/out" <<'PY' && ok "--names: unreadable inputs' records, then the completion record" || not_ok "--names: unreadable records" "$(cat "$TMP/out")"
import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
assert len(l) == 4, l
assert l[0]["names"]["read"] is True
assert l[1]["names"]["read"] is False and l[1]["names"]["error"], l[1]
assert l[2]["names"]["read"] is False and "No such file" in l[2]["names"]["error"], l[2]
assert l[3] == {"completion": {"kind": "names", "shard": None, "hives": 3, "worst_status": 2}}, l[3]
PY
expect_err 'names: 2 of 3 inputs could not be read' "--names: unreadable inputs counted"

# --files-from - and operands are sharded too: the shards' names exports partition the list.
(cd "$arch" && find cases -type f ! -name '*.LOG' | LC_ALL=C sort) >"$TMP/list"
: >"$TMP/list-union"
for k in 1 2 3; do
	(cd "$arch" && "$HIVEDIAG" -q --names --shard "$k/3" --files-from - <"$TMP/list") >"$TMP/out" 2>"$TMP/err"
	sed '$d' "$TMP/out" | /usr/bin/python3 -c 'import json,sys
for l in sys.stdin: print(json.loads(l)["names"]["path"])' >>"$TMP/list-union"
done
LC_ALL=C sort "$TMP/list-union" | cmp -s - "$TMP/list" && ok "--files-from - --shard K/3: the shards partition the list" ||
	not_ok "--files-from - --shard: not a partition" "$(LC_ALL=C sort "$TMP/list-union" | diff "$TMP/list" - | head -c 300)"
(cd "$arch" && "$HIVEDIAG" -q --names --shard 1/3 $(cat "$TMP/list")) >"$TMP/out1" 2>/dev/null
(cd "$arch" && "$HIVEDIAG" -q --names --shard 1/3 --files-from - <"$TMP/list") >"$TMP/out2" 2>/dev/null
cmp -s "$TMP/out1" "$TMP/out2" && ok "--shard: operands filtered as the list's entries" || not_ok "--shard: operands differ"

# Usage: --shard needs a shard's output that ends with a completion record; K/N in bounds.
for args in "--shard 1/2 -r $arch" "--shard 1/2 -o json -r $arch" "--shard 0/2 -o ndjson -r $arch" \
	"--shard 3/2 -o ndjson -r $arch" "--shard 1/1000001 --names -r $arch" "--shard 1 --names -r $arch" \
	"--names --root $arch"; do
	# shellcheck disable=SC2086
	run "$HIVEDIAG" $args
	[ "$rc" -eq 2 ] && grep -q "Try 'hivediag --help'" "$TMP/err" && ok "usage error: $args" ||
		not_ok "usage: $args: exit $rc" "$(head -c 200 "$TMP/err")"
done
# An empty shard is no error (a small archive over many jobs).
run "$HIVEDIAG" -q --names --shard 1/1000000 "$arch/cases/redmond/exch01"
[ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -ge 1 ] && ok "an empty shard: exit 0" || not_ok "empty shard: exit $rc"
finish
