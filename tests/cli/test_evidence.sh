#!/bin/sh
# test_evidence.sh - issue 12, evidence integrity under a hostile user: the
# hash and the findings describe the same bytes (the swap race), a FIFO
# among the operands neither hangs nor stalls the batch, and SIGINT/SIGTERM
# leave complete output behind.
. "$(dirname "$0")/lib.sh"

# The swap race: 400 analyses of one path while two same-size hives are
# swapped over it; every report is hive_changed or one file's hash and
# findings (about 3 s on 2 cores).
if out=$(/usr/bin/python3 "$(dirname "$0")/swap_race.py" "$HIVEDIAG" "$SAMPLES/healthy-nt4.hive" \
		"$SAMPLES/imc-site-mismatch.hive" "$TMP" 400 2>&1); then
	ok "swap race: no mixed report ($out)"
else
	not_ok "swap race" "$out"
fi

# The link race: a -r walk sees TREE/SYSTEM as a file, then a symbolic link
# to a hive outside the tree is renamed over it before the worker opens it;
# hives found by a walk are opened O_NOFOLLOW, so no report is of the
# outside hive (before: 20-26 of 32 reports in 300 walks were).
if out=$(/usr/bin/python3 "$(dirname "$0")/link_race.py" "$HIVEDIAG" "$SAMPLES/healthy-nt4.hive" \
		"$SAMPLES/imc-site-mismatch.hive" "$TMP" 300 2>&1); then
	ok "link race: nothing read through a link swapped into a walked tree ($out)"
else
	not_ok "link race" "$out"
fi

# 102 operands with a FIFO second: 102 lines in input order, the FIFO's an
# error of its own, and the whole batch fast (a blocking open stalled it
# until the 60 s timeout).
mkfifo "$TMP/fifo"
set -- "$SAMPLES/healthy-nt4.hive" "$TMP/fifo"
i=0
while [ $i -lt 100 ]; do set -- "$@" "$SAMPLES/mta-healthy.hive"; i=$((i + 1)); done
t0=$(date +%s%N)
run "$HIVEDIAG" -q -o ndjson -j 2 --timeout 30 "$@"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
expect_rc 2 "FIFO batch"
n=$(wc -l <"$TMP/out")
[ "$n" -eq 102 ] && ok "FIFO batch: 102 lines" || not_ok "FIFO batch: $n lines"
sed -n 2p "$TMP/out" | grep -q '"code":"not_a_regular_file"' && ok "FIFO batch: the FIFO's report is not_a_regular_file" ||
	not_ok "FIFO batch: line 2 is not the FIFO's error" "$(sed -n 2p "$TMP/out" | head -c 300)"
sed -n 102p "$TMP/out" | grep -q '"path":"[^"]*mta-healthy.hive"' && ok "FIFO batch: input order kept" ||
	not_ok "FIFO batch: last line is not the last hive"
expect_valid "FIFO batch"
# The FIFO must cost nothing: the same batch with a plain file that is no
# hive in its place is the yardstick, measured here under the same load (and
# the same valgrind, with HIVEDIAG_WRAPPER).  A stalled FIFO costs the whole
# --timeout (30 s); the bound is half of that over the yardstick, so a
# loaded machine cannot fail it and a stall cannot pass it.  The FIFO batch
# itself takes about 0.2-0.5 s on an idle machine.
printf 'not a hive\n' >"$TMP/plain"
shift 2
set -- "$SAMPLES/healthy-nt4.hive" "$TMP/plain" "$@"
t0=$(date +%s%N)
"$HIVEDIAG" -q -o ndjson -j 2 --timeout 30 "$@" >/dev/null 2>&1
t1=$(date +%s%N)
base=$(((t1 - t0) / 1000000))
[ "$ms" -lt $((base + 15000)) ] && ok "FIFO batch: $ms ms (the same batch without the FIFO: $base ms)" ||
	not_ok "FIFO batch took $ms ms (the same batch without the FIFO: $base ms)"

# A FIFO is refused without blocking by the parent too (after a worker died,
# the parent reads the file for the error report).
run env HIVEDIAG_TEST_CRASH="$TMP/fifo" "$HIVEDIAG_TESTHOOKS" -q -o ndjson --timeout 5 "$TMP/fifo"
expect_rc 2 "crashed worker on a FIFO"
expect_out '"code":"parser_crashed"' "crashed worker on a FIFO: reported, parent did not hang"

# Signals with a half-done batch: the third of six hives hangs, -j 1; once
# two reports are out, SIGTERM: the JSON array is closed, exit 143, the
# summary says interrupted.  Then the same with SIGINT and NDJSON: 130.
# (--no-peers: the hook hangs the peer pass too, before any report; a signal
# there is the next test.)
signal_run() { # signal_run SIGNAL FORMAT WANT-RC
	h="$SAMPLES/healthy-nt4.hive" m="$SAMPLES/mta-healthy.hive"
	HIVEDIAG_TEST_HANG="$m" "$HIVEDIAG_TESTHOOKS" --no-peers -o "$2" -j 1 "$h" "$h" "$m" "$h" "$h" "$h" \
		>"$TMP/out" 2>"$TMP/err" &
	pid=$!
	i=0
	while [ $i -lt 100 ] && [ "$(grep -c '"schema_version"' "$TMP/out")" -lt 2 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill "-$1" "$pid"
	wait "$pid"
	rc=$?
	expect_rc "$3" "SIG$1 during a batch ($2)"
	expect_valid "SIG$1 during a batch ($2): output"
	expect_err 'hivediag: 2 hives in .*\(interrupted\)' "SIG$1: summary"
	n=$(grep -c '"schema_version"' "$TMP/out")
	[ "$n" -eq 2 ] && ok "SIG$1: the two complete reports" || not_ok "SIG$1: $n reports, wanted 2"
}
signal_run TERM json 143
expect_json 'len(r)' 2 "SIGTERM: a closed array of 2"
signal_run INT ndjson 130

# How long to let a run settle before signalling it: valgrind (make
# check-valgrind's HIVEDIAG_WRAPPER) takes a second or more to start, and a
# signal before the handler is installed would just kill the process.
settle=0.5
[ -n "${HIVEDIAG_WRAPPER:-}" ] && settle=4

# A signal during the peer pass (the hook hangs it on the third hive): no
# report yet, an empty closed array, the summary, exit 143.
h="$SAMPLES/healthy-nt4.hive" m="$SAMPLES/mta-healthy.hive"
HIVEDIAG_TEST_HANG="$m" "$HIVEDIAG_TESTHOOKS" -o json -j 1 "$h" "$h" "$m" "$h" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep "$settle"
kill -TERM "$pid"
wait "$pid"
rc=$?
expect_rc 143 "SIGTERM during the peer pass"
expect_json 'r' '[]' "SIGTERM during the peer pass: an empty closed array"
expect_err '\(interrupted\)' "SIGTERM during the peer pass: summary"

# A signal while the run waits for more of a list (a FIFO held open): the
# blocked read ends, and the run stops as for any signal.
mkfifo "$TMP/list"
exec 3<>"$TMP/list"
echo "$SAMPLES/healthy-nt4.hive" >&3
"$HIVEDIAG" -o json --files-from "$TMP/list" >"$TMP/out" 2>"$TMP/err" &
pid=$!
# (the run reads ahead while the window has room, so it is blocked in the read)
sleep "$settle"
kill -TERM "$pid"
wait "$pid"
rc=$?
exec 3>&-
expect_rc 143 "SIGTERM while reading the list"
expect_json 'type(r).__name__' list "SIGTERM while reading the list: a closed JSON array"
expect_err '\(interrupted\)' "SIGTERM while reading the list: summary"
# A key whose time stamp is zero is told apart from one not read: the same
# null last_written, and last_written_filetime 0 (issue 12).
sed -e 's/^\[ControlSet001\\Services\\MSExchangeIMC\\Parameters\]$/&\n!time=1601-01-01T00:00:00Z/' \
	"$(dirname "$0")/../../samples/healthy-nt4.reg" >"$TMP/zero-time.reg"
if "$MKHIVE" "$TMP/zero-time.reg" "$TMP/zero-time.hive" 2>"$TMP/err"; then
	run "$HIVEDIAG" -o json "$TMP/zero-time.hive"
	expect_rc 0 "zero key time"
	expect_valid "zero key time"
	expect_json 'r["facts"]["exchange"]["names"]["imc_site_dn"]["raw"]["last_written"]' null "zero key time"
	expect_json 'r["facts"]["exchange"]["names"]["imc_site_dn"]["raw"]["last_written_filetime"]' 0 "zero key time"
	expect_json 'r["facts"]["exchange"]["names"]["sa_parameters"]["site"]["last_written_filetime"] > 0' true \
		"a key with a time"
else
	not_ok "zero key time: mkhive failed" "$(cat "$TMP/err")"
fi

# Issue 26: a compressed copy cut short while it is read.  The hash thread
# mapped the file (hivex reads the expanded image, not the file, so nothing
# else did), and pages past the new end raised SIGBUS: the worker died,
# "parser_crashed".  A compressed copy is now hashed with pread: the cut is
# a short read, reported as a changed file (or, when the cut comes after the
# run, no error at all; when it comes before the file is read, as under
# valgrind's slow start, a truncated copy), never a signal.  128 MiB, sparse (a KWAJ header, a
# sample hive, then a hole), cut to 4 KiB 0.1 s into each of four runs.
for i in 1 2 3 4; do
	rm -f "$TMP/cut._"
	{ printf 'KWAJ\210\360\047\321\000\000\016\000\000\000'; cat "$SAMPLES/healthy-nt4.hive"; } >"$TMP/cut._"
	truncate -s 128M "$TMP/cut._"
	(sleep 0.1; truncate -s 4096 "$TMP/cut._") &
	run "$HIVEDIAG" "$TMP/cut._"
	wait
	if grep -q "signal" "$TMP/err"; then
		not_ok "a compressed copy cut short while read ($i): no signal" "stderr: $(head -c 300 "$TMP/err")"
	else
		ok "a compressed copy cut short while read ($i): no signal"
	fi
	expect_json '"error" not in r or r["error"]["code"] in ("hive_changed", "expand_failed", "read_failed", "truncated")' "true" \
		"a compressed copy cut short while read ($i): a changed file or a damaged copy"
done

finish
