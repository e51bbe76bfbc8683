#!/bin/sh
# run.sh BUILD [DIR] - run every DIR/test_*.sh (default: tests/cli) against
# the binaries in BUILD.
# Prints a closing "N passed, N failed" line (one per test script).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build="$top/${1:-build}"
export BUILD="$build" HIVEDIAG="$build/hivediag" MKHIVE="$build/mkhive"
export SAMPLES="$build/samples" SCHEMA="$top/man/report.schema.json" TOP="$top"
export CORPUS="$top/../shared/corpus"
# HIVEDIAG_WRAPPER (e.g. "valgrind -q --error-exitcode=99"): run every test's
# hivediag through it; HIVEDIAG_BIN stays the bare binary for tests that
# trace the process itself.
export HIVEDIAG_BIN="$HIVEDIAG"
# HIVEDIAG_TESTHOOKS: the test build (main.c with HD_TEST_HOOKS), for the
# tests that provoke a crash or a hang with HIVEDIAG_TEST_CRASH/_HANG; every
# other test runs the shipped binary.
export HIVEDIAG_TESTHOOKS="$build/hivediag-testhooks"
wrapdir=
if [ -n "${HIVEDIAG_WRAPPER:-}" ]; then
	wrapdir=$(mktemp -d)
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$HIVEDIAG_WRAPPER" "$HIVEDIAG_BIN" >"$wrapdir/hivediag"
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$HIVEDIAG_WRAPPER" "$HIVEDIAG_TESTHOOKS" >"$wrapdir/hivediag-testhooks"
	chmod +x "$wrapdir/hivediag" "$wrapdir/hivediag-testhooks"
	HIVEDIAG="$wrapdir/hivediag"
	HIVEDIAG_TESTHOOKS="$wrapdir/hivediag-testhooks"
	echo "# hivediag wrapped: $HIVEDIAG_WRAPPER"
fi
# The scripts to run, in order: HIVEDIAG_SKIP_TESTS names basenames not
# to run (make check-valgrind skips the throughput tests: a thousand hives,
# each its own valgrind process); HIVEDIAG_ONLY_TESTS names the only ones to
# run (the Debian package build's quick subset, debian/rules).
list=$(mktemp)
for t in "${2:-$here}"/test_*.sh; do
	[ -e "$t" ] || continue
	case " ${HIVEDIAG_SKIP_TESTS:-} " in
	*" $(basename "$t") "*) echo "# $(basename "$t"): skipped (HIVEDIAG_SKIP_TESTS)"; continue ;;
	esac
	if [ -n "${HIVEDIAG_ONLY_TESTS:-}" ]; then
		case " $HIVEDIAG_ONLY_TESTS " in *" $(basename "$t") "*) ;; *) continue ;; esac
	fi
	printf '%s\n' "$t" >>"$list"
done
# HIVEDIAG_TEST_JOBS=N (CI: 2) runs N scripts at a time, each in its own
# TMP with its output kept apart and printed whole, in order, once all
# have ended: under valgrind each script is one process at a time, so a
# second core sat idle (issue 26's CI-time note).  Default 1.
jobs=${HIVEDIAG_TEST_JOBS:-1}
outdir=$(mktemp -d)
export outdir
# shellcheck disable=SC2016
xargs -P "$jobs" -I{} sh -c '
	t=$1 log="$outdir/$(basename "$1").log"
	TMP=$(mktemp -d) && export TMP
	start=$(date +%s)
	if sh "$t" >"$log" 2>&1; then rc=0; else rc=1; fi
	echo "$rc $(($(date +%s) - start))" >"$log.rc"
	rm -rf "$TMP"' sh {} <"$list"
passed=0 failed=0
while IFS= read -r t; do
	log="$outdir/$(basename "$t").log"
	read -r rc secs 2>/dev/null <"$log.rc" || rc=1 secs=?
	echo "# $(basename "$t") (${secs} s)"
	cat "$log" 2>/dev/null
	if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $(basename "$t")"; fi
done <"$list"
rm -rf "$outdir" "$list"
[ -z "$wrapdir" ] || rm -rf "$wrapdir"
label=cli
[ -z "${2:-}" ] || label=$(basename "$2")
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
