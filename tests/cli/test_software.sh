#!/bin/sh
# test_software.sh - a SYSTEM hive with the SOFTWARE hive of the same server
# (--software, issue 13): the MTA verdict with SP4 and SP3, B10 without
# ncacn_ip_tcp, an unknown build, the timeline, and each hive refused where
# the other kind is expected.
. "$(dirname "$0")/lib.sh"

S="$SAMPLES"
if [ ! -f "$S/software-sp4.hive" ] || [ ! -f "$S/pair-sp4-damaged.hive" ]; then
	skip_all "SOFTWARE samples not built"
fi

# SP4 and a damaged TCP/IP: likely, B1 shows the build, a timeline entry for each cited key.
run "$HIVEDIAG" --compact --software "$S/software-sp4.hive" "$S/pair-sp4-damaged.hive"
expect_rc 1 "SP4 pair"
expect_valid "SP4 pair"
expect_json 'r["verdicts"]["mta"]["status"]' likely "SP4 pair: MTA"
expect_json '"B1" in r["verdicts"]["mta"]["finding_ids"] and "B3" in r["verdicts"]["mta"]["finding_ids"]' true "SP4 pair: MTA cites B1 and B3"
expect_json '[f for f in r["findings"] if f["id"] == "B1"][0]["kb"]' '["Q320200", "Q158530"]' "SP4 pair: B1 cites Q320200 and Q158530"
expect_json '[(e["value"], e["data"], e.get("hive")) for f in r["findings"] if f["id"] == "B1" for e in f["evidence"]][0]' \
	'["ServicePackBuild", 2653, "SOFTWARE"]' "SP4 pair: the build is B1's evidence, from the SOFTWARE hive"
expect_json '"2002-03-02" in [f for f in r["findings"] if f["id"] == "B1"][0]["detail"] and "not its first" in [f for f in r["findings"] if f["id"] == "B1"][0]["detail"]' \
	true "SP4 pair: B1 gives the key order and its caveat"
expect_json 'sorted({(e.get("hive", "SYSTEM"), e["key"], f["id"]) for f in r["findings"] if f["id"] in r["verdicts"]["mta"]["finding_ids"] for e in f["evidence"] if e["last_written"]} - {(t["hive"], t["key"], i) for t in r["timeline"] for i in t["finding_ids"]})' \
	'[]' "SP4 pair: every key an MTA finding cites is in the timeline with its id"
expect_json '[t["last_written"] for t in r["timeline"]] == sorted(t["last_written"] for t in r["timeline"])' true "timeline sorted"
expect_json '[t["key"] for t in r["timeline"]][-2:]' '["Microsoft\\Exchange\\Setup", "ControlSet001\\Services\\Tcpip\\Linkage"]' \
	"timeline: the setup key, then TCP/IP's bindings"
expect_json 'r["facts"]["software"]["exchange"]["version"]' "5.5 SP4" "SP4 pair: version"
expect_json 'r["facts"]["software"]["bound_adapters"][0]["description"]' "3Com Fast EtherLink XL Adapter (3C905)" \
	"SP4 pair: the bound adapter's name"
expect_json '"trigger holds" in r["verdicts"]["mta"]["reason"]' true "SP4 pair: the reason says the trigger holds"

# SP3: the trigger is absent, said so; the damage still counts.
run "$HIVEDIAG" --compact --software "$S/software-sp3.hive" "$S/pair-sp3-damaged.hive"
expect_rc 1 "SP3 pair"
expect_valid "SP3 pair"
expect_json 'r["verdicts"]["mta"]["status"]' possible "SP3 pair: MTA lowered to possible"
expect_json '"trigger is absent" in r["verdicts"]["mta"]["reason"] and "still fails the MTA" in r["verdicts"]["mta"]["reason"]' true \
	"SP3 pair: the reason says the trigger is absent and the damage still fails the MTA"

# No ncacn_ip_tcp: B10, likely with SP4, though the SYSTEM hive is healthy.
run "$HIVEDIAG" --compact --software "$S/software-no-tcp.hive" "$S/pair-sp4-no-rpc-tcp.hive"
expect_rc 1 "no ncacn_ip_tcp"
expect_valid "no ncacn_ip_tcp"
expect_json '[f["severity"] for f in r["findings"] if f["id"] == "B10"]' '["error"]' "no ncacn_ip_tcp: B10 error"
expect_json 'r["verdicts"]["mta"]["status"]' likely "no ncacn_ip_tcp: MTA likely with SP4"
# The same SYSTEM hive alone: no B10, unlikely (the SOFTWARE hive made the difference).
run "$HIVEDIAG" --compact "$S/pair-sp4-no-rpc-tcp.hive"
expect_json 'r["verdicts"]["mta"]["status"]' unlikely "healthy SYSTEM alone: MTA unlikely"
expect_json '"software" in r["facts"] or "timeline" in r' false "without --software: no facts.software, no timeline"

# An unknown build is reported as such, never guessed.
run "$HIVEDIAG" --compact --software "$S/software-unknown-build.hive" "$S/pair-unknown-build.hive"
expect_valid "unknown build"
expect_json '[r["facts"]["software"]["exchange"][k] for k in ("build", "version", "service_pack")]' '[2658, null, null]' \
	"unknown build: version and service pack null"
expect_json '"not a build Q158530 lists" in [f for f in r["findings"] if f["id"] == "B1"][0]["detail"]' true "unknown build: B1 says so"
expect_json '[f["id"] for f in r["findings"] if f["id"] == "B11d"]' '[]' "B11d: MTA paths on D: are no finding (DOMAIN.md 0.10)"

# The Performance Optimizer's MTA directory on D:, Exchange on C: (Q192168): healthy, exit 0.
run "$HIVEDIAG" --compact --software "$S/software-sp4.hive" "$S/pair-optimizer-other-drive.hive"
expect_rc 0 "optimizer: MTA on another drive"
expect_json 'r["verdicts"]["mta"]["status"]' unlikely "optimizer: MTA on another drive is no finding"

# Each kind where the other is expected: exit 2, a message that says which is which.
run "$HIVEDIAG" --compact "$S/software-sp4.hive"
expect_rc 2 "SOFTWARE hive as the SYSTEM operand"
expect_err 'a SOFTWARE hive, not a SYSTEM hive.*--software' "SOFTWARE hive as the SYSTEM operand"
expect_json 'r["error"]["code"]' not_system_hive "SOFTWARE hive as the SYSTEM operand: error code"
expect_json 'r["hive"]["kind"]' SOFTWARE "SOFTWARE hive as the SYSTEM operand: kind"
expect_valid "SOFTWARE hive as the SYSTEM operand"
run "$HIVEDIAG" --compact --software "$S/pair-sp4-damaged.hive" "$S/pair-sp4-damaged.hive"
expect_rc 2 "SYSTEM hive given with --software"
expect_err 'a SYSTEM hive, not a SOFTWARE hive' "SYSTEM hive given with --software"
expect_json 'r["error"]["code"]' not_software_hive "SYSTEM hive given with --software: error code"
expect_valid "SYSTEM hive given with --software"
run "$HIVEDIAG" --compact --software "$TMP/no-such-file" "$S/pair-sp4-damaged.hive"
expect_rc 2 "missing --software file"
expect_err "--software $TMP/no-such-file: cannot open" "missing --software file"
expect_json 'r["error"]["code"]' software_unreadable "missing --software file: error code"
run "$HIVEDIAG" --software "$S/software-sp4.hive" "$S/pair-sp4-damaged.hive" "$S/pair-sp3-damaged.hive"
expect_rc 2 "--software with two SYSTEM hives"
expect_err 'exactly one SYSTEM HIVE' "--software with two SYSTEM hives"
run "$HIVEDIAG" -r --software "$S/software-sp4.hive" "$S"
expect_rc 2 "--software with -r"
run "$HIVEDIAG" --software "" "$S/pair-sp4-damaged.hive"
expect_rc 2 "--software with an empty name"

# The SOFTWARE hive is evidence: never written.
sum=$(sha256sum <"$S/software-sp4.hive")
"$HIVEDIAG" --software "$S/software-sp4.hive" "$S/pair-sp4-damaged.hive" >/dev/null 2>&1
[ "$(sha256sum <"$S/software-sp4.hive")" = "$sum" ] && ok "SOFTWARE hive unchanged" || not_ok "SOFTWARE hive changed"
run "$HIVEDIAG" --compact --software "$S/software-sp4.hive" "$S/pair-sp4-damaged.hive"
expect_json 'r["facts"]["software"]["hive"]["sha256"]' "$(echo "$sum" | cut -d' ' -f1)" "the report gives the SOFTWARE hive's SHA-256"
# A dirty SOFTWARE hive has its logs replayed like the SYSTEM hive's: an NT
# 4.0 SOFTWARE hive whose last write (Service Pack 4's build) sits only in
# SOFTWARE.LOG is read as SP4, not as the SP3 its primary still says.
mkdir -p "$TMP/dirty-sw"
if /usr/bin/python3 "$(dirname "$0")/mkdirty.py" "$S/software-sp3.hive" "$S/software-sp4.hive" \
		"$TMP/dirty-sw/software" >/dev/null; then
	sums=$(sha256sum "$TMP/dirty-sw/software" "$TMP/dirty-sw/software.LOG")
	run "$HIVEDIAG" -o json --software "$TMP/dirty-sw/software" "$S/pair-sp4-damaged.hive"
	expect_valid "dirty SOFTWARE hive"
	expect_json 'r["facts"]["software"]["hive"]["logs_replayed"]' true "dirty SOFTWARE hive: logs replayed"
	expect_json '[l["name"] for l in r["facts"]["software"]["hive"]["recovery"]["logs"] if l["applied"]]' \
		'["software.LOG"]' "dirty SOFTWARE hive: the log applied"
	expect_json 'r["facts"]["software"]["exchange"]["build"]' 2653 "dirty SOFTWARE hive: SP4's build, from the log"
	expect_json '[f["detail"] for f in r["findings"] if f["id"] == "B1"][0].count("not replayed")' 0 \
		"dirty SOFTWARE hive, logs applied: B1 does not call its facts stale"
	expect_json 'r["verdicts"]["mta"]["status"]' likely "dirty SOFTWARE hive: the MTA verdict as with SP4"
	run "$HIVEDIAG" -o json --no-replay --software "$TMP/dirty-sw/software" "$S/pair-sp4-damaged.hive"
	expect_json 'r["facts"]["software"]["exchange"]["build"]' 2650 "--no-replay: the primary's SP3 build"
	expect_json 'r["facts"]["software"]["hive"]["recovery"]["refused_reason"]' "not attempted: --no-replay" \
		"--no-replay: the SOFTWARE hive's logs not attempted"
	expect_json '"not replayed" in [f["detail"] for f in r["findings"] if f["id"] == "B1"][0]' true \
		"--no-replay: B1 says the facts may be stale"
	mv "$TMP/dirty-sw/software.LOG" "$TMP/dirty-sw/software.LOG.away"
	run "$HIVEDIAG" -o json --software "$TMP/dirty-sw/software" "$S/pair-sp4-damaged.hive"
	expect_json 'r["facts"]["software"]["hive"]["logs_replayed"]' false "dirty SOFTWARE hive, no log: not replayed"
	expect_json '"not replayed" in [f["detail"] for f in r["findings"] if f["id"] == "B1"][0]' true \
		"dirty SOFTWARE hive, no log: B1 says the facts may be stale"
	mv "$TMP/dirty-sw/software.LOG.away" "$TMP/dirty-sw/software.LOG"
	[ "$(sha256sum "$TMP/dirty-sw/software" "$TMP/dirty-sw/software.LOG")" = "$sums" ] &&
		ok "dirty SOFTWARE hive and its log unchanged" || not_ok "dirty SOFTWARE hive or its log changed"
else
	not_ok "mkdirty.py failed"
fi


# -r's pairing says only what happened (the two sides of one rule, source/pairing.h).
# SYSTEM and SYSTEM.ALT beside one SOFTWARE hive: both read it, and its skip says so
# (it was "kind SOFTWARE", counted with the other hive kinds).
mkdir -p "$TMP/pair-alt/srv" "$TMP/pair-two/srv"
cp "$S/healthy-nt4.hive" "$TMP/pair-alt/srv/SYSTEM"
cp "$S/healthy-nt4.hive" "$TMP/pair-alt/srv/SYSTEM.ALT"
cp "$S/software-sp4.hive" "$TMP/pair-alt/srv/SOFTWARE"
for peers in "" --no-peers; do
	run "$HIVEDIAG" -o json --verbose -r $peers "$TMP/pair-alt"
	expect_rc 0 "SYSTEM, SYSTEM.ALT, one SOFTWARE ${peers:-(peers)}"
	expect_json '[x["skipped"] for x in r if x.get("skipped")]' \
		"[\"kind SOFTWARE, read with the SYSTEM hives $TMP/pair-alt/srv/SYSTEM, $TMP/pair-alt/srv/SYSTEM.ALT\"]" \
		"SYSTEM, SYSTEM.ALT, one SOFTWARE ${peers:-(peers)}: the SOFTWARE hive was read by both"
	expect_json '[x["facts"]["software"]["hive"]["path"] for x in r if not x.get("skipped")]' \
		"[\"$TMP/pair-alt/srv/SOFTWARE\", \"$TMP/pair-alt/srv/SOFTWARE\"]" \
		"SYSTEM, SYSTEM.ALT, one SOFTWARE ${peers:-(peers)}: each SYSTEM report names it"
	expect_err 'passed over: 1 SOFTWARE hive read with its SYSTEM hive' "SYSTEM, SYSTEM.ALT, one SOFTWARE ${peers:-(peers)}: summary"
done
# One SYSTEM hive beside two SOFTWARE hives pairs with neither: neither says it was read
# (both said "read with the SYSTEM hive", while the SYSTEM report had no SOFTWARE hive).
cp "$S/healthy-nt4.hive" "$TMP/pair-two/srv/SYSTEM"
cp "$S/software-sp4.hive" "$TMP/pair-two/srv/SOFTWARE"
cp "$S/software-sp3.hive" "$TMP/pair-two/srv/SOFTWARE.SAV"
run "$HIVEDIAG" -o json --verbose -r "$TMP/pair-two"
expect_rc 0 "SYSTEM, two SOFTWARE hives"
expect_json '[x["skipped"] for x in r if x.get("skipped")]' '["kind SOFTWARE", "kind SOFTWARE"]' \
	"SYSTEM, two SOFTWARE hives: neither claims to be read"
expect_json '[x["facts"].get("software") for x in r if not x.get("skipped")]' '[null]' \
	"SYSTEM, two SOFTWARE hives: the SYSTEM report reads none"
expect_err '2 skipped: other hive kinds' "SYSTEM, two SOFTWARE hives: summary"
finish
