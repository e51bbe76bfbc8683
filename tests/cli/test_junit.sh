#!/bin/sh
# test_junit.sh - -o junit (issue 25): JUnit XML that GitLab, Jenkins and
# GitHub's test reporters read.  A -r run over the samples (with a hive
# that cannot be analyzed and hostile names and data among them) parses as
# XML, holds one test case per hive and service, and its failures, errors
# and skips are exactly the JSON verdicts of the same run (-o ndjson); one
# hive and --root work too; the counts the <testsuite> shows are its cases'.
. "$(dirname "$0")/lib.sh"

[ -f "$SAMPLES/healthy-nt4.hive" ] || skip_all "sample hives missing (make samples)"

# check_junit WHAT: $TMP/out (JUnit) against $TMP/nd (the NDJSON of the same
# run), case by case in input order; prints what it counted.
check_junit() {
	if msg=$(/usr/bin/python3 - "$TMP/out" "$TMP/nd" <<'PY' 2>&1
import json, sys, xml.etree.ElementTree as ET

def esc(s):
    # What markup.c makes of a string the JSON carries raw: the text report's
    # escapes (a newline as \n, controls and bidi marks as \uXXXX), and the
    # two code points XML 1.0 excludes.
    out = []
    for ch in s:
        c = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif c < 0x20 or c == 0x7f or 0x80 <= c < 0xa0 or c in (0x61c, 0x200e, 0x200f, 0xfffe, 0xffff) \
                or 0x2028 <= c <= 0x202e or 0x2066 <= c <= 0x2069:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    return "".join(out)

raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8", "strict")
root = ET.fromstring(raw)
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert len(suites) == 1, "%d testsuite elements" % len(suites)
cases = suites[0].findall("testcase")
reports = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
reports = [r for r in reports if "skipped" not in r]
assert len(cases) == 2 * len(reports), "%d cases for %d hives" % (len(cases), len(reports))
n = {"failures": 0, "errors": 0, "skipped": 0}
for i, r in enumerate(reports):
    path = esc(r["hive"]["path"])
    for j, svc in enumerate(("imc", "mta")):
        c = cases[2 * i + j]
        assert c.get("classname") == path, "case %d: classname %r, hive %r" % (2 * i + j, c.get("classname"), path)
        assert c.get("name").startswith(svc.upper() + " ("), c.get("name")
        v = r["verdicts"][svc]
        got = [(e.tag, e.get("type"), e.get("message")) for e in c if e.tag in ("failure", "error", "skipped")]
        if "error" in r:
            want = [("error", r["error"]["code"], esc(r["error"]["message"]))]
        elif v["status"] in ("likely", "possible"):
            want = [("failure", v["status"], esc(v["reason"]))]
            text = c.find("failure").text
            for fid in v["finding_ids"]:
                assert "\n%s (" % fid in text, "%s %s: finding %s not in the failure" % (path, svc, fid)
        elif v["status"] == "not_installed":
            want = [("skipped", None, esc(v["reason"]))]
        elif v["status"] == "unknown":
            want = [("error", "unknown", esc(v["reason"]))]
        else:
            want = []
        assert got == want, "%s %s: %r, JSON says %r" % (path, svc, got, want)
        for tag, _, _ in got:
            n[{"failure": "failures", "error": "errors", "skipped": "skipped"}[tag]] += 1
for el in (root, suites[0]):
    shown = {k: int(el.get(k)) for k in ("tests", "failures", "errors", "skipped")}
    assert shown == dict(n, tests=len(cases)), "%s shows %r, its cases %r" % (el.tag, shown, n)
print("%d cases, %d failures, %d errors, %d skipped" % (len(cases), n["failures"], n["errors"], n["skipped"]))
PY
); then ok "$1: $msg"; else not_ok "$1: JUnit and JSON disagree" "$msg"; fi
}

# --- -r over the samples, with a hive not analyzed, a hostile file name and hostile data.
d="$TMP/r"
mkdir "$d"
cp "$SAMPLES"/*.hive "$d/"
head -c 2000 "$SAMPLES/healthy-nt4.hive" >"$d/truncated.hive"
cp "$SAMPLES/healthy-nt4.hive" "$d/$(printf 'a"<b>&c'"'"'\001\033[2J\377\342\200\256.hive')"
# SiteDN as REG_SZ UTF-16LE: markup, ]]>, U+0001, ESC, U+202E, U+FFFE, an unpaired surrogate.
hostile=$(/usr/bin/python3 -c '
s = "/o=Contoso/ou=<x y=\"1\">&amp;]]>\x01\x1b\u202e\ufffe"
b = s.encode("utf-16-le") + b"\x00\xd8" + b"\x00\x00"
print(",".join("%02x" % x for x in b))')
sed "s|^\"SiteDN\"=\"/o=Contoso/ou=Redmond\"|\"SiteDN\"=hex(1):$hostile|" "$TOP/samples/healthy-nt4.reg" >"$TMP/hostile.reg"
"$MKHIVE" "$TMP/hostile.reg" "$d/hostile-data.hive" >/dev/null 2>"$TMP/err" || not_ok "mkhive hostile data" "$(cat "$TMP/err")"
n_hives=$(ls "$d" | wc -l)

run "$HIVEDIAG" -q -r -o ndjson "$d"
nd_rc=$rc
cp "$TMP/out" "$TMP/nd"
run "$HIVEDIAG" -q -r -o junit "$d"
[ "$rc" -eq "$nd_rc" ] && [ "$rc" -eq 2 ] && ok "-r -o junit: exit $rc, as -o ndjson's" ||
	not_ok "-r -o junit: exit $rc, -o ndjson's $nd_rc (wanted 2: one hive not analyzed)"
check_junit "-r over $n_hives files"
expect_out 'classname="[^"]*/a&quot;&lt;b&gt;&amp;c&#39;\\u0001\\u001b\[2J\\xff\\u202e\.hive"' \
	"-r -o junit: the hostile file name escaped"
expect_out 'failure message="SiteDN names site &quot;&lt;x y=&quot;1&quot;&gt;&amp;amp;]]&gt;\\u0001\\u001b\\u202e\\ufffe' \
	"-r -o junit: the hostile SiteDN escaped in the failure's message"
expect_out '^- ControlSet001\\Services\\MSExchangeIMC\\Parameters\\SiteDN = &quot;/o=Contoso/ou=&lt;x y=&quot;1&quot;&gt;&amp;amp;]]&gt;\\u0001\\u001b\\u202e\\ufffe' \
	"-r -o junit: the hostile SiteDN escaped in the failure's evidence"
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037]')" "$TMP/out"; then
	not_ok "-r -o junit: a raw control character in the document"
else
	ok "-r -o junit: no raw control character"
fi

# --verbose: -r's files of another kind have no case; the document is the same.
mkdir "$TMP/v"
cp "$SAMPLES/healthy-nt4.hive" "$SAMPLES/software-w2k.hive" "$TMP/v/"
run "$HIVEDIAG" -q -r -o junit "$TMP/v"
cp "$TMP/out" "$TMP/junit"
run "$HIVEDIAG" -q -r --verbose -o junit "$TMP/v"
cmp -s "$TMP/out" "$TMP/junit" && grep -q '<testsuites .* tests="2"' "$TMP/out" &&
	ok "-r --verbose -o junit: the SOFTWARE hive skipped adds nothing" ||
	not_ok "-r --verbose -o junit: the document differs" "$(head -c 300 "$TMP/out")"

# --- one hive: its two cases, the exit status of the JSON.
run "$HIVEDIAG" -o ndjson "$SAMPLES/mta-tcpip-missing.hive"
cp "$TMP/out" "$TMP/nd"
run "$HIVEDIAG" -o junit "$SAMPLES/mta-tcpip-missing.hive"
expect_rc 1 "one hive -o junit"
check_junit "one hive"

# --- --root: the current hive and its older copy, each its own two cases.
nt4="$TMP/nt4"
mkdir -p "$nt4/WINNT/system32/config" "$nt4/WINNT/repair"
cp "$SAMPLES/imc-site-mismatch.hive" "$nt4/WINNT/system32/config/SYSTEM"
cp "$SAMPLES/healthy-nt4.hive" "$nt4/WINNT/repair/system"
run "$HIVEDIAG" -q -o ndjson --root "$nt4"
cp "$TMP/out" "$TMP/nd"
run "$HIVEDIAG" -q -o junit --root "$nt4"
expect_rc 1 "--root -o junit"
check_junit "--root"
expect_out 'name="IMC \(MSExchangeIMC, KB Q298565\), older copy: repair"' "--root -o junit: the copy named so"

# --- an empty run is a whole document (no case), and still an error.
mkdir "$TMP/empty"
run "$HIVEDIAG" -q -r -o junit "$TMP/empty"
expect_rc 2 "-r -o junit on an empty tree"
: >"$TMP/nd"
check_junit "empty tree"

# --- the cases wait in $TMPDIR until the counts are known: without it, an error before any analysis.
# (The bare binary: valgrind, under make check-valgrind, needs TMPDIR itself.)
TMPDIR="$TMP/nonexistent" run "$HIVEDIAG_BIN" -q -o junit "$SAMPLES/healthy-nt4.hive"
expect_rc 2 "-o junit, TMPDIR missing"
expect_err "hivediag: $TMP/nonexistent: cannot hold the output until the run's counts are known: " \
	"-o junit, TMPDIR missing: says where"
expect_empty_out "-o junit, TMPDIR missing"

# --- SIGTERM with a half-done batch (the third of four hives hangs, -j 1): a
# complete document with the two cases done of each finished hive, exit 143.
# The cases wait in the unlinked spool: read it through /proc to know when
# two hives are in.  (--no-peers: the hook would hang the peer pass first.)
h="$SAMPLES/healthy-nt4.hive" m="$SAMPLES/mta-healthy.hive"
HIVEDIAG_TEST_HANG="$m" "$HIVEDIAG_TESTHOOKS" --no-peers -o junit -j 1 "$h" "$h" "$m" "$h" \
	>"$TMP/out" 2>"$TMP/err" &
pid=$!
i=0
while [ $i -lt 400 ]; do
	n=0
	for f in /proc/$pid/fd/*; do
		case $(readlink "$f" 2>/dev/null) in
		*hivediag-out-*) n=$(grep -c '<testcase ' "$f" 2>/dev/null) ;;
		esac
	done
	[ "${n:-0}" -ge 4 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
rc=$?
expect_rc 143 "SIGTERM during -o junit"
expect_err 'hivediag: 2 hives in .*\(interrupted\)' "SIGTERM during -o junit: summary"
printf '%s\n' "$h" "$h" | "$HIVEDIAG" -q --no-peers --files-from - -o ndjson >"$TMP/nd" 2>/dev/null
check_junit "SIGTERM during -o junit: the two hives done"

finish
