#!/bin/sh
# test_demo.sh - make demo (issue 25): quiet, and it ends on the report of a
# sample that shows a finding, its evidence and its fix.  Runs the demo-run
# target (demo itself first installs missing packages, never in a test) on
# the build under test, whose binary and samples are up to date: what it
# prints besides the report is its own few lines, never the compiler's.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null 2>&1 || skip_all "make not installed"
[ -x "$HIVEDIAG" ] && [ -e "$SAMPLES/imc-org-mismatch.hive" ] || skip_all "build not complete (make)"

(cd "$TOP" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL COLUMNS=80 make --no-print-directory BUILD="$BUILD" demo-run) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "make demo-run (the sample's exit 1, findings, is no failure)"
report=$(grep -n '^hivediag report: ' "$TMP/out" | cut -d: -f1)
if [ -n "$report" ] && [ "$report" -le 5 ]; then ok "make demo: at most 4 lines before the report"
else not_ok "make demo: ${report:-no} report line; before it:" "$(head -c 600 "$TMP/out")"; fi
if grep -Eq '^(cc|gcc|clang|ar|build/mkhive|.*/mkhive) ' "$TMP/out" "$TMP/err"; then
	not_ok "make demo: compiler lines shown" "$(grep -E '^(cc|gcc|clang|ar) ' "$TMP/out" | head -3)"
else ok "make demo: no compiler line"; fi
expect_out '^  error A2: SiteDN organization differs' "make demo: a finding"
expect_out '^     Evidence:$' "make demo: its evidence"
expect_out '^     Fix:$' "make demo: its fix"
expect_out '^       ControlSet001\\Services\\MSExchangeIMC\\Parameters\\SiteDN =$' "make demo: the registry edit"
last=$(tail -n +"${report:-1}" "$TMP/out" | grep -c '^hivediag report: ')
[ "$last" -eq 1 ] && ok "make demo: ends on that one report" || not_ok "make demo: $last reports after the first"
finish
