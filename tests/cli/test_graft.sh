#!/bin/sh
# test_graft.sh - the rules against real TCP/IP layouts (issue 11): the
# Exchange keys of samples/healthy-nt4.reg grafted (mkhive -g) onto copies
# of the real hives of ../shared/corpus/real, in their Select\Current set,
# with the server name set to the hive's own ComputerName (a healthy server's
# Exchange name is its computer's).  Copies live in $TMP, never in the repo.
# Skips cleanly when the corpus is absent.
. "$(dirname "$0")/lib.sh"

real="$CORPUS/real"
if [ ! -d "$real" ]; then
	skip_all "../shared/corpus absent: graft tests"
fi

# graft NAME BASE [-x KEY]...: $TMP/NAME.hive from BASE with the Exchange keys.
graft() {
	name=$1 base=$2
	shift 2
	run "$HIVEDIAG" --compact "$base"
	cn=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["system"]["computer_name"]["data"])' "$TMP/out")
	sed "s/EXCH01/$cn/g" "$TOP/samples/healthy-nt4.reg" >"$TMP/$name.reg"
	if "$MKHIVE" -g "$base" "$@" "$TMP/$name.reg" "$TMP/$name.hive" 2>"$TMP/err"; then
		ok "$name: grafted onto $(basename "$base") ($cn)"
	else
		not_ok "$name: mkhive -g failed" "$(cat "$TMP/err")"
	fi
}

verdicts() { # verdicts HIVE: $TMP/out, $rc, and $got = "IMC MTA"
	run "$HIVEDIAG" --compact "$1"
	got=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["verdicts"]["imc"]["status"], r["verdicts"]["mta"]["status"])' "$TMP/out")
}

xp="$TMP/winxp.SYSTEM"
xz -dc "$real/winxp-sp3-x86.SYSTEM.xz" >"$xp"
sum_before=$(sha256sum <"$xp")

# The bare real hive: nothing installed, exit 0.
verdicts "$xp"
[ "$got" = "not_installed not_installed" ] && ok "XP as shipped: $got" || not_ok "XP as shipped: $got"
expect_rc 0 "XP as shipped"

# Healthy graft: both verdicts unlikely, exit 0 (before issue 11: B6 and A6
# false alarms from XP's NetBT-to-export bindings and RAS interfaces).
graft xp-healthy "$xp"
verdicts "$TMP/xp-healthy.hive"
[ "$got" = "unlikely unlikely" ] && ok "XP healthy graft: $got" || not_ok "XP healthy graft: $got" "$(head -c 600 "$TMP/out")"
expect_rc 0 "XP healthy graft"
expect_json '[f["id"] for f in r["findings"] if f["severity"] != "info"]' '[]' "XP healthy graft: no warning"
expect_valid "XP healthy graft"
[ "$(sha256sum <"$xp")" = "$sum_before" ] && ok "base hive untouched by the graft" || not_ok "base hive changed"

# Broken grafts: the Q320200 inference must hold on a real layout.
graft xp-no-winsock "$xp" -x 'Services\Tcpip\Parameters\Winsock'
verdicts "$TMP/xp-no-winsock.hive"
# The IMC depends on Tcpip (Q143380): a damaged TCP/IP makes it possible too.
[ "$got" = "possible likely" ] && ok "XP, Winsock removed: $got" || not_ok "XP, Winsock removed: $got"
expect_json '"B5" in [f["id"] for f in r["findings"]]' true "XP, Winsock removed: B5"
expect_rc 1 "XP, Winsock removed"

adapter=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["network"]["bindings"][0]["adapter"])' "$TMP/out")
# Both copies of the adapter's TCP/IP parameters (XP keeps the NT 4.0 one too).
graft xp-no-adapter "$xp" -x "Services\\Tcpip\\Parameters\\Interfaces\\$adapter" -x "Services\\$adapter\\Parameters\\Tcpip"
verdicts "$TMP/xp-no-adapter.hive"
[ "$got" = "possible likely" ] && ok "XP, adapter $adapter removed: $got" || not_ok "XP, adapter removed: $got"
expect_json '"B3" in [f["id"] for f in r["findings"]]' true "XP, adapter removed: B3"

# Only Interfaces\{GUID} removed: the NT 4.0-style copy XP keeps is never read
# as the adapter's parameters (DOMAIN.md 0.12; before issue 24 it hid the damage).
graft xp-no-interface "$xp" -x "Services\\Tcpip\\Parameters\\Interfaces\\$adapter"
verdicts "$TMP/xp-no-interface.hive"
[ "$got" = "possible likely" ] && ok "XP, Interfaces\\$adapter removed: $got" || not_ok "XP, Interfaces removed: $got"
expect_json '[f["detail"] for f in r["findings"] if f["id"] == "B3"][0].count("upgrade leftover")' 1 \
	"XP, Interfaces removed: B3 names the lingering NT 4.0-style copy"

# The 2000-style Exchange sample (mta-w2k-healthy) grafted: no warning either;
# B8 names no Windows version without the SOFTWARE hive (DOMAIN.md 0.11).
cn=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["system"]["computer_name"]["data"])' "$TMP/out")
sed "s/EXCH01/$cn/g" "$TOP/samples/mta-w2k-healthy.reg" >"$TMP/xp-w2k.reg"
"$MKHIVE" -g "$xp" "$TMP/xp-w2k.reg" "$TMP/xp-w2k.hive" 2>"$TMP/err" || not_ok "2000-style graft failed" "$(cat "$TMP/err")"
verdicts "$TMP/xp-w2k.hive"
[ "$got" = "unlikely unlikely" ] && ok "XP, 2000-style graft: $got" || not_ok "XP, 2000-style graft: $got"
expect_rc 0 "XP, 2000-style graft"
expect_json '[f["id"] for f in r["findings"] if f["severity"] != "info"]' '[]' "XP, 2000-style graft: no warning"
expect_json '[f["detail"] for f in r["findings"] if f["id"] == "B8"][0].startswith("Windows service pack 3 is installed; the Windows version is not established")' \
	true "XP, 2000-style graft: B8 names no version on a hint"
expect_json 'r["facts"]["windows"]["established_by"]' system_hints "XP, 2000-style graft: version source"

# The other real hives: healthy grafts, what they give is reported (Windows 7
# and later have no NtLmSsp service, which MSExchangeSA depends on: A11).
for f in win7-sp1-x86 win81-x64-dirty; do
	xz -dc "$real/$f.SYSTEM.xz" >"$TMP/$f.SYSTEM"
	graft "$f-healthy" "$TMP/$f.SYSTEM"
	verdicts "$TMP/$f-healthy.hive"
	case $got in
	*" unlikely") ok "$f healthy graft: MTA unlikely (IMC ${got% *}, exit $rc)" ;;
	*) not_ok "$f healthy graft: $got" ;;
	esac
	expect_valid "$f healthy graft"
done
finish
