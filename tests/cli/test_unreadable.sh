#!/bin/sh
# test_unreadable.sh - an unreadable fact is never evidence of health (issue
# 24).  damage_value.py points one value's data past the hive bins in a copy
# of healthy-nt4 (the value is listed, its data cannot be read: an error,
# not an absence); the verdict whose key evidence it is must be unknown, not
# unlikely.  Each damaged copy's report equals the reviewed golden
# tests/golden/unreadable-VALUE.json (and .rc); UPDATE=1 rewrites them.
. "$(dirname "$0")/lib.sh"

golden="$TOP/tests/golden"
cd "$TMP" || exit 1
# value  IMC  MTA: SiteDN is the value Q298565 is about; HelperDllName and
# IPAddress are what B5 and B4 read (Q320200's inferred TCP/IP damage);
# Enterprise leaves SiteDN comparable with Site and the MTA's X500 DN.
for case in SiteDN:unknown:unlikely HelperDllName:unlikely:unknown IPAddress:unlikely:unknown \
            Enterprise:unlikely:unlikely; do
	value=${case%%:*} rest=${case#*:}
	imc=${rest%%:*} mta=${rest#*:}
	name=unreadable-$(echo "$value" | tr 'A-Z' 'a-z')
	n=$(/usr/bin/python3 "$TOP/tests/cli/damage_value.py" "$SAMPLES/healthy-nt4.hive" "$name.hive" "$value")
	[ "$n" = 2 ] && ok "$name: $value damaged in both control sets" || not_ok "$name: $n cells damaged"
	run "$HIVEDIAG" --compact "$name.hive"
	expect_valid "$name"
	expect_json 'r["verdicts"]["imc"]["status"]' "$imc" "$name"
	expect_json 'r["verdicts"]["mta"]["status"]' "$mta" "$name"
	expect_json '[f["id"] for f in r["findings"] if f["id"] == "H2"]' '["H2"]' "$name: H2 says a lookup failed"
	mask_started "$TMP/out"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$TMP/out" "$golden/$name.json"
		echo "$rc" >"$golden/$name.rc"
		ok "$name: golden written"
		continue
	fi
	cmp -s "$TMP/out" "$golden/$name.json" && ok "$name: report equals golden" ||
		not_ok "$name: report differs from golden" "$(diff "$golden/$name.json" "$TMP/out" | head -c 600)"
	expect_rc "$(cat "$golden/$name.rc")" "$name"
done

# An unread copy is never said to be absent, nor to agree.
run "$HIVEDIAG" -o json unreadable-enterprise.hive
expect_json '"could not be read" in r["verdicts"]["imc"]["reason"]' true "Enterprise unread: A7 says so"
run "$HIVEDIAG" -o json unreadable-ipaddress.hive
expect_json '[f["id"] for f in r["findings"] if f["id"] == "B4"]' '[]' "IPAddress unread: no B4 \"no IPAddress\""
finish
