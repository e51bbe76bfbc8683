#!/bin/sh
# test_readonly.sh - the analyzer opens nothing for writing and leaves the hive unchanged.
. "$(dirname "$0")/lib.sh"

hive="$TMP/evidence.hive"
cp "$SAMPLES/healthy-nt4.hive" "$hive"
chmod 444 "$hive"
before=$(sha256sum "$hive" | cut -d' ' -f1)
mtime_before=$(stat -c %Y.%X "$hive")
sleep 1

if command -v strace >/dev/null 2>&1; then
	# LeakSanitizer cannot run under ptrace: leaks are checked elsewhere.
	# The bare binary: a wrapper such as valgrind opens files of its own.
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,creat,truncate,ftruncate -o "$TMP/trace" \
		"${HIVEDIAG_BIN:-$HIVEDIAG}" --compact "$hive" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 0 "analysis under strace"
	if grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(' "$TMP/trace" >"$TMP/writes"; then
		not_ok "no file opened for writing" "$(head -5 "$TMP/writes")"
	else
		ok "no file opened for writing"
	fi
	grep -q "evidence.hive\", O_RDONLY" "$TMP/trace" && ok "hive opened O_RDONLY" || not_ok "hive open not seen"
else
	skip_part "strace absent: write check"
	run "$HIVEDIAG" --compact "$hive"
	expect_rc 0 "analysis"
fi
after=$(sha256sum "$hive" | cut -d' ' -f1)
[ "$before" = "$after" ] && ok "hive content unchanged" || not_ok "hive content changed"
expect_json 'r["hive"]["sha256"]' "$before" "report's sha256 is the file's"
mtime_after=$(stat -c %Y "$hive")
[ "${mtime_before%%.*}" = "$mtime_after" ] && ok "hive mtime unchanged" || not_ok "hive mtime changed"

finish
