#!/bin/sh
# test_peers.sh - the peer pass (issue 17) on the archive of
# samples/peers/mkarchive.sh: four Contoso/Redmond servers, one reinstalled
# as Contosso, one as contoso, one Fabrikam/Paris.  Only the two reinstalled
# ones get P1, with their peers' paths; exit status and summary agree; the
# report equals the reviewed golden (tests/golden/peers-archive.*; UPDATE=1
# rewrites it), at -j 1, 2 and 5 alike.  Then: --no-peers, --files-from -
# (stdin read once: the names pass spools the inputs for the analysis), a
# tie, copies of one server counted once (DOMAIN.md 0.16), SOFTWARE hives
# left out of the count, a crash and a hang in the names pass (the runner's
# workers, --timeout), SIGINT during it, and every real corpus hive together.
. "$(dirname "$0")/lib.sh"

golden="$TOP/tests/golden"
arch="$TMP/peers"
sh "$TOP/samples/peers/mkarchive.sh" "$MKHIVE" "$arch" || { not_ok "mkarchive.sh failed"; finish; exit 1; }

# p1 FILE: "path:P1 severity" for every P1 finding of an NDJSON file, sorted.
p1() { /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    for f in r["findings"]:
        if f["id"] == "P1": print(r["hive"]["path"] + ":" + f["severity"])' "$1" | LC_ALL=C sort; }

# The archive, paths relative to it, so the golden does not name $TMP.
(cd "$arch" && "$HIVEDIAG" -o ndjson -j 2 -r .) >"$TMP/out" 2>"$TMP/err"
rc=$?
mask_started "$TMP/out"
grep '^hivediag: peers:' "$TMP/err" >"$TMP/summary"
if [ "${UPDATE:-0}" = 1 ]; then
	cp "$TMP/out" "$golden/peers-archive.ndjson"
	echo "$rc" >"$golden/peers-archive.rc"
	cp "$TMP/summary" "$golden/peers-archive.summary"
	ok "peers-archive: golden written"
fi
expect_rc "$(cat "$golden/peers-archive.rc")" "archive"
expect_rc 1 "archive: P1 warnings give exit 1"
cmp -s "$TMP/out" "$golden/peers-archive.ndjson" && ok "archive: reports equal the golden" ||
	not_ok "archive: reports differ from the golden" "$(diff "$golden/peers-archive.ndjson" "$TMP/out" | head -c 600)"
cmp -s "$TMP/summary" "$golden/peers-archive.summary" && ok "archive: peers' summary line equals the golden" ||
	not_ok "archive: peers' summary differs" "$(cat "$TMP/summary")"
expect_valid "archive"
got=$(p1 "$TMP/out" | tr '\n' ' ')
[ "$got" = "./redmond/exch05:warning ./redmond/exch06:warning " ] &&
	ok "archive: P1 on the reinstalled and the case-only server only" || not_ok "archive: P1 on: $got"
cp "$TMP/out" "$TMP/archive.out"
/usr/bin/python3 - "$TMP/archive.out" <<'PY' && ok "archive: peers, verdicts and Fabrikam as expected" || not_ok "archive: report contents"
import json, sys
r = {x["hive"]["path"]: x for x in map(json.loads, open(sys.argv[1]))}
def p1(path): return [f for f in r[path]["findings"] if f["id"] == "P1"]
typo, case = p1("./redmond/exch05")[0], p1("./redmond/exch06")[0]
peers = ["./redmond/exch01", "./redmond/exch02", "./redmond/exch03", "./redmond/exch04"]
assert typo["peers"] == [{"org": "Contoso", "site": None, "servers": 4, "hives": 4, "paths": peers}], typo["peers"]
assert case["peers"][0]["paths"] == peers
assert '"Contosso"' in typo["detail"] and "an inference" in typo["detail"] and "Q155027" in typo["detail"]
assert "letter case" in case["detail"]
for path in ("./redmond/exch05", "./redmond/exch06"):
    v = r[path]["verdicts"]
    assert v["imc"]["status"] == "likely" and v["imc"]["finding_ids"] == ["P1"], v["imc"]
    assert v["mta"]["status"] == "possible" and "P1" in v["mta"]["finding_ids"], v["mta"]
for path in ("./paris/fab01",) + tuple(peers):
    assert not p1(path), path
    assert r[path]["verdicts"]["imc"]["status"] == "unlikely", path
PY
expect_err '^hivediag: 7 hives in .*: 5 clean, 2 with findings, 0 errors; imc: 2 likely, 5 unlikely' "archive: summary"
expect_err '^hivediag: peers: Exchange names in 7 of 7 SYSTEM hives \(7 servers, 1 scope\): 2 organizations, 2 sites; near-misses: organization "Contosso" \(1 server\) of "Contoso" \(4 servers\), organization "contoso" \(1 server\) of "Contoso" \(4 servers\)$' \
	"archive: the summary names the near-miss groups"

# The names pass runs in the run's workers, its table still in input order:
# -j 1 and -j 5 give the -j 2 run's reports and summary, byte for byte.
for j in 1 5; do
	(cd "$arch" && "$HIVEDIAG" -o ndjson -j $j -r .) >"$TMP/out" 2>"$TMP/err"
	mask_started "$TMP/out"
	cmp -s "$TMP/out" "$TMP/archive.out" && grep '^hivediag: peers:' "$TMP/err" | cmp -s - "$TMP/summary" &&
		ok "archive: -j $j gives the same reports and peers' line" || not_ok "archive: -j $j differs"
done

# --no-peers: no first pass, no P1, no peers' line; exit 0.
run "$HIVEDIAG" -o ndjson --no-peers -r "$arch"
expect_rc 0 "--no-peers"
[ -z "$(p1 "$TMP/out")" ] && ok "--no-peers: no P1" || not_ok "--no-peers: P1 found"
if grep -q 'peers:' "$TMP/err"; then not_ok "--no-peers: a peers' line"; else ok "--no-peers: no peers' line"; fi

# --files-from - : the list is read once from stdin by the names pass, which
# spools the inputs for the analysis.  analysis.peers is set aside: a listed
# file's case folder is the parent of its installation folder, a walked
# one's the first folder below the root (fleet.h), so the table differs.
no_scope() { sed -E 's/"peers":\{"table":"sha256:[0-9a-f]+","scope":("[^"]*"|null),"servers":[0-9]+,"hives":[0-9]+\}/"peers":"-"/' "$1"; }
no_scope "$TMP/archive.out" >"$TMP/archive.noscope"
(cd "$arch" && find . -type f | LC_ALL=C sort) >"$TMP/list"
(cd "$arch" && "$HIVEDIAG" -q -o ndjson --files-from - <"$TMP/list") >"$TMP/out" 2>"$TMP/err"
rc=$?
mask_started "$TMP/out"
expect_rc 1 "--files-from -"
no_scope "$TMP/out" | cmp -s - "$TMP/archive.noscope" && ok "--files-from - gives the -r reports" ||
	not_ok "--files-from - differs" "$(no_scope "$TMP/out" | diff "$TMP/archive.noscope" - | head -c 400)"
(cd "$arch" && cat "$TMP/list" | "$HIVEDIAG" -q -o ndjson --files-from /dev/stdin) >"$TMP/out" 2>"$TMP/err"
mask_started "$TMP/out"
no_scope "$TMP/out" | cmp -s - "$TMP/archive.noscope" && ok "--files-from a pipe gives the -r reports" ||
	not_ok "--files-from a pipe differs"
# (Not under a HIVEDIAG_WRAPPER: valgrind needs $TMPDIR itself.)
if [ -z "${HIVEDIAG_WRAPPER:-}" ]; then
	run env TMPDIR="$TMP/no-such-dir" sh -c 'cat "$1" | "$2" -q -o ndjson --files-from -' sh "$TMP/list" "$HIVEDIAG"
	expect_rc 2 "--files-from - with no temporary directory"
	expect_err 'cannot keep the list of inputs for the analysis pass \(--no-peers runs without it\)' \
		"--files-from - with no temporary directory"
	# --no-peers -r: the first pass (the walk, the pairing's notes) needs the
	# directory too; without it the analysis walks by itself, as it did.
	(cd "$arch" && env TMPDIR="$TMP/no-such-dir" "$HIVEDIAG" -q -o ndjson --no-peers -r .) >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 0 "--no-peers -r with no temporary directory"
	[ "$(wc -l <"$TMP/out")" -eq "$(wc -l <"$TMP/archive.out")" ] &&
		ok "--no-peers -r with no temporary directory: every hive reported" ||
		not_ok "--no-peers -r with no temporary directory: $(wc -l <"$TMP/out") reports"
fi

# A tie: one Contoso server, one Contosso server: P1 info on both, no verdict change, exit 0.
mkdir -p "$TMP/tie"
for h in exch01 exch05; do cp "$arch/redmond/$h" "$TMP/tie/"; done
run "$HIVEDIAG" -o ndjson -r "$TMP/tie"
expect_rc 0 "tie"
got=$(p1 "$TMP/out" | sed 's|.*/||' | tr '\n' ' ')
[ "$got" = "exch01:info exch05:info " ] && ok "tie: P1 info on every server" || not_ok "tie: P1 on: $got"
expect_json_lines() { /usr/bin/python3 -c 'import json,sys
sys.exit(any(json.loads(l)["verdicts"]["imc"]["status"] != "unlikely" for l in open(sys.argv[1])))' "$TMP/out"; }
expect_json_lines && ok "tie: no verdict changes" || not_ok "tie: a verdict changed"
expect_err 'near-misses: organization "Contoso" \(1 server\) tied with "Contosso" \(1 server\)$' "tie: summary"

# Peers count servers, not files (DOMAIN.md 0.16): three copies of the reinstalled EXCH05
# (current, repair, RegBack: one ComputerName) do not outvote two correct servers.
# (Each server in a folder of its own, so that all share one case folder, $TMP/copies: issue 23.)
mkdir -p "$TMP/copies/exch05/repair" "$TMP/copies/exch05/RegBack" "$TMP/copies/exch01" "$TMP/copies/exch02"
for h in exch01 exch02; do cp "$arch/redmond/$h" "$TMP/copies/$h/system"; done
for d in exch05 exch05/repair exch05/RegBack; do cp "$arch/redmond/exch05" "$TMP/copies/$d/system"; done
run "$HIVEDIAG" -o ndjson -r "$TMP/copies"
expect_rc 1 "copies"
got=$(p1 "$TMP/out" | sed "s|$TMP/copies/||" | tr '\n' ' ')
[ "$got" = "exch05/RegBack/system:warning exch05/repair/system:warning exch05/system:warning " ] &&
	ok "copies: the reinstalled server's three copies are the minority" || not_ok "copies: P1 on: $got"
expect_err '^hivediag: peers: Exchange names in 5 of 5 SYSTEM hives \(3 servers, 1 scope\): 1 organization, 1 site; near-misses: organization "Contosso" \(1 server\) of "Contoso" \(2 servers\)$' \
	"copies: the summary counts servers"
/usr/bin/python3 - "$TMP/out" <<'PY' && ok "copies: the finding counts servers and hives" || not_ok "copies: P1 contents"
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    for f in r["findings"]:
        if f["id"] == "P1":
            assert [(p["servers"], p["hives"]) for p in f["peers"]] == [(2, 2)], f["peers"]
            assert 'which 2 servers of this scope carry ("Contosso": 1 server, this one included' in f["detail"], f["detail"]
PY

# SOFTWARE hives hold no names and are no server's witness: the summary counts SYSTEM hives only
# (issue 26 item 7: it said "names in 2 of 3 hives" beside "2 hives").
mkdir -p "$TMP/withsw"
for h in exch01 exch02; do cp "$arch/redmond/$h" "$TMP/withsw/"; done
cp "$SAMPLES/software-sp4.hive" "$TMP/withsw/SOFTWARE"
run "$HIVEDIAG" -o ndjson -r "$TMP/withsw"
expect_err '^hivediag: peers: Exchange names in 2 of 2 SYSTEM hives \(2 servers, 1 scope\): 1 organization, 1 site; no near-misses$' \
	"SOFTWARE beside two SYSTEM hives: counted out"

# A crash in the names pass loses that hive's names only; the run goes on.
run env HIVEDIAG_TEST_CRASH="$arch/redmond/exch01" "$HIVEDIAG_TESTHOOKS" -o ndjson -r "$arch"
expect_rc 2 "first-pass crash"
got=$(p1 "$TMP/out" | sed 's|.*/||' | tr '\n' ' ')
[ "$got" = "exch05:warning exch06:warning " ] && ok "first-pass crash: P1 still judged by the others" ||
	not_ok "first-pass crash: P1 on: $got"
expect_err 'Exchange names in 6 of 7 SYSTEM hives \(6 servers, 1 scope\)' "first-pass crash: the hive left out is counted"
expect_err "^hivediag: $arch/redmond/exch01: the parser crashed" "first-pass crash: the analysis reports it"

# A hang in the names pass: --timeout stops that hive's read (its worker is
# killed), the hive is left out of the peers, and the run goes on.
run env HIVEDIAG_TEST_HANG="$arch/redmond/exch02" "$HIVEDIAG_TESTHOOKS" -o ndjson --timeout 1 -r "$arch"
expect_rc 2 "names-pass hang"
got=$(p1 "$TMP/out" | sed 's|.*/||' | tr '\n' ' ')
[ "$got" = "exch05:warning exch06:warning " ] && ok "names-pass hang: P1 still judged by the others" ||
	not_ok "names-pass hang: P1 on: $got"
expect_err "^hivediag: $arch/redmond/exch02: no result within 1 second" "names-pass hang: the analysis reports it"

# SIGINT while the names pass waits on a hung hive: honoured within a second,
# exit 130, no report.  The signal is sent once the worker pool runs (a
# background job of this shell starts with SIGINT ignored until hivediag
# sets its handler, which valgrind's start-up can delay past a fixed sleep);
# under check-valgrind's wrapper the bound is 5 s (valgrind checks each
# process's leaks as it exits).
env HIVEDIAG_TEST_HANG="$arch/redmond/exch02" "$HIVEDIAG_TESTHOOKS" -o ndjson -r "$arch" >"$TMP/out" 2>"$TMP/err" &
pid=$!
(sleep 60; kill -KILL "$pid" 2>/dev/null) &
watchdog=$!
bound=1000
[ -z "${HIVEDIAG_WRAPPER:-}" ] || bound=5000
interrupt_pooled "$pid" 0.1 1
kill "$watchdog" 2>/dev/null
expect_rc 130 "SIGINT in the names pass"
[ "$ms" -lt "$bound" ] && ok "SIGINT in the names pass: gone in $ms ms" || not_ok "SIGINT in the names pass: $ms ms"
[ ! -s "$TMP/out" ] && ok "SIGINT in the names pass: no report" || not_ok "SIGINT in the names pass: reports written"

# Every real hive of the corpus together: no Exchange, no peer finding.
if [ -d "$CORPUS/real" ]; then
	mkdir -p "$TMP/real"
	for f in "$CORPUS"/real/*.xz "$CORPUS"/real/*/SYSTEM.xz; do
		[ -f "$f" ] || continue
		xz -dc "$f" >"$TMP/real/$(basename "$(dirname "$f")")-$(basename "$f" .xz)"
	done
	run "$HIVEDIAG" -o ndjson -r "$TMP/real"
	n=$(wc -l <"$TMP/out")
	[ "$n" -ge 4 ] && ok "corpus: $n real hives analyzed" || not_ok "corpus: $n reports"
	[ -z "$(p1 "$TMP/out")" ] && ok "corpus: no peer finding" || not_ok "corpus: P1 found"
	expect_err "^hivediag: peers: Exchange names in 0 of $n SYSTEM hives \\(0 servers, 0 scopes\\): 0 organizations, 0 sites; no near-misses\$" "corpus: summary"
else
	skip_part "../shared/corpus absent: real hives"
fi
finish
