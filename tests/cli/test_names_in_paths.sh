#!/bin/sh
# test_names_in_paths.sh - issue 26 item 8: a name read from the hive is one
# key name, never a path.  The healthy NT 4.0 sample with TCP/IP bound to
# "\Device\Evil\Inner" and healthy parameters planted under
# Services\Evil\Inner\Parameters\Tcpip: before, the name was split on '\'
# and the planted key read as the adapter's, hiding the damage (MTA verdict
# unlikely); now no adapter key of that name exists, and B3 says so.
. "$(dirname "$0")/lib.sh"

sed -e '/^\[ControlSet001\\Services\\Tcpip\\Linkage\]$/,/^$/s/^"Bind"=.*/"Bind"=multi:"\\\\Device\\\\Evil\\\\Inner"/' \
	-e 's/^\[ControlSet001\\Services\\El90x1\\Parameters\\Tcpip\]$/[ControlSet001\\Services\\Evil\\Inner\\Parameters\\Tcpip]/' \
	samples/mta-healthy.reg >"$TMP/walk.reg"
if grep -q 'Evil\\\\Inner"' "$TMP/walk.reg" && grep -q '^\[ControlSet001\\Services\\Evil\\Inner' "$TMP/walk.reg"; then
	ok "bound name and planted key written"
else
	not_ok "the sample's text changed: bound name or planted key not written"
fi
"$MKHIVE" "$TMP/walk.reg" "$TMP/walk.hive" 2>"$TMP/err" || not_ok "mkhive failed" "$(cat "$TMP/err")"
run "$HIVEDIAG" --compact "$TMP/walk.hive"
expect_rc 1 "Bind name holding '\\'"
expect_valid "Bind name holding '\\'"
expect_json 'r["facts"]["network"]["bindings"][0]["adapter"]' 'Evil\Inner' "the adapter as bound"
expect_json 'r["facts"]["network"]["bindings"][0]["parameters"]["key"]["status"]' absent \
	"the planted key is not read as the adapter's"
expect_json '"B3" in [f["id"] for f in r["findings"]]' true "B3: TCP/IP bound to an adapter without parameters"
expect_json 'r["verdicts"]["mta"]["status"]' likely "the MTA verdict"

finish
