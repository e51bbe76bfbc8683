# lib.sh - helpers for the CLI tests (sourced by tests/cli/test_*.sh).
# Environment from run.sh: HIVEDIAG, MKHIVE, SAMPLES, BUILD, TMP, SCHEMA.
# Each check prints "ok - what" or "not ok - what" and counts; a test script
# ends with `finish`, which exits 1 if any check failed.

n_ok=0
n_fail=0

ok() { n_ok=$((n_ok + 1)); echo "ok - $1"; }
not_ok() { n_fail=$((n_fail + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# run CMD... : runs it, keeping $TMP/out, $TMP/err and $rc
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

expect_rc() { # expect_rc N WHAT
	if [ "$rc" -eq "$1" ]; then ok "$2: exit $1"; else not_ok "$2: exit $rc, wanted $1" "stderr: $(head -c 400 "$TMP/err")"; fi
}

expect_err() { # expect_err EXTENDED-REGEX WHAT
	if grep -Eq -- "$1" "$TMP/err"; then ok "$2: stderr matches /$1/"; else not_ok "$2: stderr lacks /$1/" "stderr: $(head -c 400 "$TMP/err")"; fi
}

expect_err_lines() { # expect_err_lines N WHAT
	n=$(wc -l <"$TMP/err")
	if [ "$n" -eq "$1" ]; then ok "$2: $1 stderr line(s)"; else not_ok "$2: $n stderr lines, wanted $1" "$(head -c 400 "$TMP/err")"; fi
}

expect_out() { # expect_out EXTENDED-REGEX WHAT
	if grep -Eq -- "$1" "$TMP/out"; then ok "$2: stdout matches /$1/"; else not_ok "$2: stdout lacks /$1/" "stdout: $(head -c 400 "$TMP/out")"; fi
}

expect_empty_out() {
	if [ ! -s "$TMP/out" ]; then ok "$1: stdout empty"; else not_ok "$1: stdout not empty" "$(head -c 200 "$TMP/out")"; fi
}

# expect_json FILTER EXPECTED WHAT: a Python expression over `r` (the parsed
# stdout) must equal EXPECTED (compared as text).
expect_json() {
	got=$(/usr/bin/python3 - "$TMP/out" "$1" <<'PY' 2>&1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2], {"r": r})
print(v if isinstance(v, str) else json.dumps(v))
PY
)
	if [ "$got" = "$2" ]; then ok "$3: $1 == $2"; else not_ok "$3: $1 is '$got', wanted '$2'"; fi
}

# expect_valid [FILE] WHAT: stdout (JSON, or NDJSON lines) validates against the schema.
expect_valid() {
	if out=$(/usr/bin/python3 "$(dirname "$0")/validate.py" "$SCHEMA" "$TMP/out" 2>&1); then
		ok "$1: report valid against schema"
	else
		not_ok "$1: report invalid" "$out"
	fi
}

# mask_started FILE...: the analysis start time (analysis.started) is the one
# field of a report that differs between two runs over the same hive; tests
# that compare reports byte for byte replace it by a fixed valid time.
mask_started() {
	for f in "$@"; do
		sed -E 's/("started": ?)"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"/\1"0000-00-00T00:00:00Z"/g' "$f" >"$f.masked" &&
			mv "$f.masked" "$f"
	done
}

# Skips.  A test skips only for what this machine lacks (a tool, the
# samples, ../shared/corpus).  CI installs every tool and has the corpus
# beside the clone, so there (.ci/run exports HIVEDIAG_NO_SKIP=1) a skip is a
# missing install step and fails instead.
# skip_part WHY: the checks that follow in this branch are not run.
# interrupt_pooled PID POLL DELAY: once PID's worker pool runs (polled every
# POLL seconds: a background job of this shell starts with SIGINT ignored
# until hivediag sets its handler, which valgrind's start-up can delay past a
# fixed sleep), wait DELAY seconds, send SIGINT and wait for PID to end:
# sets $rc (its status) and $ms (milliseconds from the signal to its end).
interrupt_pooled() {
	for _ in $(seq 300); do
		[ -n "$(cat "/proc/$1/task/$1/children" 2>/dev/null)" ] && break
		sleep "$2"
	done
	sleep "$3"
	_t0=$(date +%s%N)
	kill -INT "$1"
	wait "$1"
	rc=$?
	ms=$((($(date +%s%N) - _t0) / 1000000))
}

skip_part() {
	if [ "${HIVEDIAG_NO_SKIP:-}" = 1 ]; then
		not_ok "$1, and HIVEDIAG_NO_SKIP=1 (CI installs every tool): not skipped but failed"
	else
		echo "# $1: skipped"
	fi
}
# skip_all WHY: skip_part, then end the test script.
skip_all() {
	skip_part "$1"
	finish
	exit $?
}

finish() {
	echo "# $n_ok ok, $n_fail not ok"
	[ "$n_fail" -eq 0 ]
}
