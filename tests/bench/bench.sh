#!/bin/sh
# bench.sh [BUILD] - the benchmark of issue 5 (make bench; not a timed test).
# Every figure is the median of several runs, all measured in this one run,
# side by side:
#   1. one real 11.8 MB hive (win7-sp1-x86.SYSTEM from ../shared/corpus):
#      hivediag; hivex's own open+close (hivexsh FILE </dev/null), the floor
#      for any hivex-based tool; reglookup -p and regripper -p nic2 doing a
#      comparable lookup (the TCP/IP parameters); wall time and peak RSS.
#   2. 1,000 hives (copies of the real corpus hives and of the samples):
#      one hivediag -j 1 run, one -j 2 run, the -j 2 run with --no-peers
#      (the cost of the peer pass, issue 17), a loop of one process per
#      file; hives/s, MB/s, peak RSS.
#   3. issue 12's yardstick (build/yardstick, tests/bench/yardstick.c): the
#      least work of an evidence-grade analyzer, SHA-256 of the whole file
#      on a second thread while hivex opens it; once for the single hive,
#      and for 100 real-size hives (hard links to the corpus's real SYSTEM
#      hives) as two yardstick processes of 50 hives each, side by side
#      with hivediag -j 2 over the same 100 (and, for information, with
#      --isolate: a new worker process for every hive).
#   4. a hive pair inside an E01 (issue 22): hivediag --root on the E01
#      side by side with icat of the two files, then hivediag on them.
#   5. a compressed repair copy (issue 26): hivediag on an SZDD SYSTEM._
#      side by side with libmspack expanding it, then hivediag on the hive.
# Then the targets: single hive <= 1.15x the yardstick (the hivex floor is
# printed for information); -j 2 >= 1.8x -j 1; the peer pass < 10% of the -j 2 run; the
# 1,000-hive run's peak RSS within 2x of a single-hive run; the 100 real
# hives within 1.2x of the yardstick x2; the E01 pair within 1.3x of icat
# and hivediag; the SZDD copy within 1.3x of libmspack and hivediag.
# Then the fleet figures of issue 23 (tests/bench/bench_fleet.sh; BENCH_FLEET=0
# leaves them out).
# Skips (exit 0) when ../shared/corpus is absent.  RUNS=N sets the runs per
# single-hive figure (default 9; the 1,000-hive figures use RUNS_MANY, 3);
# the two yardstick ratios are medians of RUNS_PAIR (31) and RUNS_PAIR_MANY
# (7) pairs of runs side by side.
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/hivediag"
corpus="$top/../shared/corpus"
measure="/usr/bin/python3 $top/tests/bench/measure.py"
runs=${RUNS:-9}
runs_many=${RUNS_MANY:-3}
runs_pair=${RUNS_PAIR:-31}
runs_pair_many=${RUNS_PAIR_MANY:-7}
work=${BENCH_DIR:-$top/$BUILD/bench}

if [ ! -d "$corpus/real" ]; then
	echo "bench: ../shared/corpus absent, skipped"
	# The fleet figures need no corpus (BENCH_FLEET=0 leaves them out).
	[ "${BENCH_FLEET:-1}" = 0 ] || exec sh "$top/tests/bench/bench_fleet.sh" "$BUILD"
	exit 0
fi
mkdir -p "$work"
hive="$work/win7-sp1-x86.SYSTEM"
[ -s "$hive" ] || xz -dc "$corpus/real/win7-sp1-x86.SYSTEM.xz" >"$hive"
size=$(wc -c <"$hive")

row() { # row NAME WALL RSS [NOTE]
	printf '| %-44s | %9.1f ms | %9.1f MiB | %s\n' "$1" "$(echo "$2 * 1000" | bc -l)" \
		"$(echo "$3 / 1024" | bc -l)" "${4:-}"
}
echo "## One hive: $(basename "$hive"), $size bytes, median of $runs runs (hivediag and the yardstick: $runs_pair, side by side)"
echo
echo "| command                                      |      wall      |   peak RSS    |"
echo "|----------------------------------------------|----------------|---------------|"
# hivediag and the yardstick side by side, run after run (measure.py --pair):
# the target is the median of the pairs' ratios.
set -- $($measure --pair "$runs_pair" "$bin" --compact "$hive" --vs "$top/$BUILD/yardstick" "$hive")
hd_wall=$1 hd_rss=$2 ys_wall=$3 ys_rss=$4 ys_ratio=$5
row "hivediag --compact" "$hd_wall" "$hd_rss"
set -- $($measure "$runs" hivexsh "$hive"); hx_wall=$1
row "hivexsh FILE </dev/null (hivex floor)" "$1" "$2"
row "yardstick FILE (hash || hivex open)" "$ys_wall" "$ys_rss"
if command -v reglookup >/dev/null 2>&1; then
	set -- $($measure "$runs" reglookup -p /ControlSet001/Services/Tcpip/Parameters "$hive")
	row "reglookup -p .../Tcpip/Parameters" "$1" "$2"
else
	echo "| reglookup: not installed |"
fi
if command -v regripper >/dev/null 2>&1; then
	set -- $($measure "$runs" regripper -r "$hive" -p nic2)
	row "regripper -p nic2" "$1" "$2"
else
	echo "| regripper: not installed (Debian package regripper) |"
fi

# 1,000 hives: every real corpus hive 5 times, the rest copies of the samples.
many="$work/many"
if [ ! -f "$many/.complete" ]; then
	rm -rf "$many"
	mkdir -p "$many"
	i=0
	for f in "$corpus"/real/*.xz "$corpus"/real/*/SYSTEM.xz; do
		[ -f "$f" ] || continue
		xz -dc "$f" >"$work/real.tmp"
		for k in 1 2 3 4 5; do cp "$work/real.tmp" "$many/$(printf %04d $i)"; i=$((i + 1)); done
	done
	rm -f "$work/real.tmp"
	while [ $i -lt 1000 ]; do
		for s in "$top/$BUILD"/samples/*.hive "$hive"; do
			[ $i -lt 1000 ] || break
			[ "$s" = "$hive" ] && continue
			cp "$s" "$many/$(printf %04d $i)"
			i=$((i + 1))
		done
	done
	: >"$many/.complete"
fi
n=$(find "$many" -type f -name '[0-9]*' | wc -l)
bytes=$(cat "$many"/[0-9]* | wc -c)
mb=$(echo "$bytes / 1000000" | bc -l)
echo
printf '## %d hives (%.1f MB: real corpus hives x5 and samples), median of %d runs\n\n' "$n" "$mb" "$runs_many"
echo "| command                                      |   wall    |  hives/s  |   MB/s   |  peak RSS  |"
echo "|----------------------------------------------|-----------|-----------|----------|------------|"
many_row() { # many_row NAME WALL RSS
	printf '| %-44s | %7.2f s | %9.1f | %8.1f | %6.1f MiB |\n' "$1" "$2" "$(echo "$n / $2" | bc -l)" \
		"$(echo "$mb / $2" | bc -l)" "$(echo "$3 / 1024" | bc -l)"
}
set -- $($measure "$runs_many" "$bin" -q -o ndjson -j 1 -r "$many"); j1_wall=$1 j1_rss=$2
many_row "hivediag -q -o ndjson -j 1 -r DIR" "$1" "$2"
set -- $($measure "$runs_many" "$bin" -q -o ndjson -j 2 -r "$many"); j2_wall=$1 j2_rss=$2
many_row "hivediag -q -o ndjson -j 2 -r DIR" "$1" "$2"
# The peer pass (issue 17): the same run without its first pass.
set -- $($measure "$runs_many" "$bin" -q -o ndjson -j 2 --no-peers -r "$many"); np_wall=$1
many_row "hivediag ... -j 2 --no-peers -r DIR" "$1" "$2"
set -- $($measure "$runs_many" sh -c 'for f in "$1"/[0-9]*; do "$2" --compact "$f"; done' sh "$many" "$bin")
many_row "loop: one hivediag process per file" "$1" "$2"

# The machine's own ceiling for 2 processes, measured alongside: the same
# CPU-bound work (hivex opening the big hive 40 times) in one stream and in
# two.  On a shared or oversubscribed host this is well below 2x, and no
# -j 2 run can beat it.
loop10='i=0; while [ $i -lt 40 ]; do hivexsh "$1" </dev/null; i=$((i + 1)); done'
loop5x2='for k in 1 2; do (i=0; while [ $i -lt 20 ]; do hivexsh "$1" </dev/null; i=$((i + 1)); done) & done; wait'
set -- $($measure "$runs_many" sh -c "$loop10" sh "$hive"); c1=$1
set -- $($measure "$runs_many" sh -c "$loop5x2" sh "$hive"); c2=$1
printf '| %-44s | %7.2f s |\n' "control: hivexsh x40, one stream" "$c1"
printf '| %-44s | %7.2f s |\n' "control: hivexsh x40, two streams of 20" "$c2"

# 100 real-size hives: hard links (no disk) to the corpus's real hives.
real100="$work/real100"
if [ ! -f "$real100/.complete" ]; then
	rm -rf "$real100"
	mkdir -p "$real100"
	k=0
	for f in "$corpus"/real/*.xz "$corpus"/real/*/SYSTEM.xz; do
		[ -f "$f" ] || continue
		xz -dc "$f" >"$work/real-$k"
		k=$((k + 1))
	done
	i=0
	while [ $i -lt 100 ]; do
		ln "$work/real-$((i % k))" "$real100/$(printf %03d $i)"
		i=$((i + 1))
	done
	: >"$real100/.complete"
fi
rmb=$(echo "$(cat "$real100"/[0-9]* | wc -c) / 1000000" | bc -l)
echo
printf '## 100 real-size hives (%.0f MB), median of %d runs (hivediag and the yardstick: %d, side by side)\n\n' \
	"$rmb" "$runs_many" "$runs_pair_many"
echo "| command                                      |   wall    |  hives/s  |   MB/s   |  peak RSS  |"
echo "|----------------------------------------------|-----------|-----------|----------|------------|"
n_saved=$n mb_saved=$mb
n=100 mb=$rmb
ys2='i=0; a=; b=; for f in "$1"/[0-9]*; do if [ $((i % 2)) -eq 0 ]; then a="$a $f"; else b="$b $f"; fi; i=$((i + 1)); done; "$2" $a & "$2" $b & wait'
set -- $($measure --pair "$runs_pair_many" "$bin" -q -o ndjson -j 2 -r "$real100" \
	--vs sh -c "$ys2" sh "$real100" "$top/$BUILD/yardstick")
r100_ratio=$5 ys2_wall=$3 ys2_rss=$4
many_row "hivediag -q -o ndjson -j 2 -r DIR" "$1" "$2"
# For information: a new worker process for every hive (--isolate).
set -- $($measure "$runs_many" "$bin" -q -o ndjson -j 2 --isolate -r "$real100")
many_row "hivediag ... -j 2 --isolate -r DIR" "$1" "$2"
many_row "yardstick, two processes of 50 hives" "$ys2_wall" "$ys2_rss"
n=$n_saved mb=$mb_saved

# A hive pair inside an E01 (issue 22): the real SYSTEM hive and a SOFTWARE
# sample on a FAT16 partition (tests/cli/mkdisk.sh, no privileges), the
# disk acquired by ewfacquire; hivediag --root on the E01 side by side with
# what an examiner does without it: The Sleuth Kit's icat of the same two
# files, then hivediag --root on the extracted tree.
e01_ratio=
if command -v ewfacquire >/dev/null && command -v icat >/dev/null && command -v mcopy >/dev/null; then
	e01="$work/e01"
	if [ ! -f "$e01/.complete" ]; then
		rm -rf "$e01"
		mkdir -p "$e01/tree/Windows/System32/config" "$e01/out/Windows/System32/config"
		cp "$hive" "$e01/tree/Windows/System32/config/SYSTEM"
		cp "$top/$BUILD/samples/software-sp4.hive" "$e01/tree/Windows/System32/config/SOFTWARE"
		MKDISK_NTFS=0 MKDISK_FAT_MIB=32 sh "$top/tests/cli/mkdisk.sh" "$e01/tree" "$e01/disk.raw" &&
			ewfacquire -u -q -t "$e01/disk" -c fast "$e01/disk.raw" >/dev/null 2>&1 && rm "$e01/disk.raw" &&
			: >"$e01/.complete"
	fi
	sys_inode=$(ifind -o 2048 -n /Windows/System32/config/SYSTEM "$e01/disk.E01")
	sw_inode=$(ifind -o 2048 -n /Windows/System32/config/SOFTWARE "$e01/disk.E01")
	cfg="$e01/out/Windows/System32/config"
	by_hand='icat -o 2048 "$1" "$2" >"$4/SYSTEM" && icat -o 2048 "$1" "$3" >"$4/SOFTWARE" && "$5" -q --root "$6"'
	set -- $($measure --pair "$runs_pair_many" "$bin" -q --root "$e01/disk.E01" \
		--vs sh -c "$by_hand" sh "$e01/disk.E01" "$sys_inode" "$sw_inode" "$cfg" "$bin" "$e01/out")
	e01_ratio=$5
	echo
	printf '## A hive pair inside an E01 (%s bytes: SYSTEM %s bytes, SOFTWARE), median of %d pairs of runs\n\n' \
		"$(wc -c <"$e01/disk.E01")" "$size" "$runs_pair_many"
	echo "| command                                      |      wall      |   peak RSS    |"
	echo "|----------------------------------------------|----------------|---------------|"
	row "hivediag -q --root disk.E01" "$1" "$2"
	row "icat x2, then hivediag -q --root on the tree" "$3" "$4"
else
	echo
	echo "## A hive pair inside an E01: ewf-tools, sleuthkit or mtools not installed, skipped"
fi

# A compressed repair copy (issue 26): the real SYSTEM hive as mscompress
# writes an NT repair disk's SYSTEM._ (SZDD), hivediag on it side by side
# with libmspack's own buffered I/O expanding it (build/unszdd) and then
# hivediag on the expanded hive.  (libmspack's LZSS decoder writes a byte
# at a time: before expand.c buffered its writes, hivediag took 4.1 s here
# in 2.5 million pwrite calls.)
szdd_ratio=
if command -v mscompress >/dev/null; then
	szdd="$work/szdd"
	if [ ! -f "$szdd/.complete" ]; then
		rm -rf "$szdd"
		mkdir -p "$szdd"
		cp "$hive" "$szdd/system" && (cd "$szdd" && mscompress system) && rm "$szdd/system" &&
			: >"$szdd/.complete"
	fi
	by_hand='"$1" "$2" "$3" && "$4" --compact "$3"'
	set -- $($measure --pair "$runs_pair_many" "$bin" --compact "$szdd/system_" \
		--vs sh -c "$by_hand" sh "$top/$BUILD/unszdd" "$szdd/system_" "$szdd/expanded" "$bin")
	szdd_ratio=$5
	echo
	printf '## A compressed repair copy (SZDD, %s bytes, expanding to %s), median of %d pairs of runs\n\n' \
		"$(wc -c <"$szdd/system_")" "$size" "$runs_pair_many"
	echo "| command                                      |      wall      |   peak RSS    |"
	echo "|----------------------------------------------|----------------|---------------|"
	row "hivediag --compact system_" "$1" "$2"
	row "unszdd (libmspack's stdio), then hivediag" "$3" "$4"
else
	echo
	echo "## A compressed repair copy: mscompress not installed, skipped"
fi

echo
echo "## Targets"
echo
ratio() { echo "$1 / $2" | bc -l; }
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo MISSED; fi; }
# Issue 5's target (1.2x hivex's bare open) predates the evidence hash of
# every file; issue 12 replaced it by the yardstick, which hashes too.
r=$(ratio "$hd_wall" "$hx_wall")
printf -- '- single hive: %.2fx the hivex floor (for information: issue 12 measures against the yardstick below,\n  since hashing the whole file alone costs more than hivex open)\n' "$r"
r=$ys_ratio
printf -- '- single hive: %.2fx the yardstick (median of %d side-by-side pairs; target <= 1.15x): %s\n' \
	"$r" "$runs_pair" "$(verdict "$r <= 1.15")"
r=$r100_ratio
printf -- '- 100 real hives, -j 2: %.2fx the yardstick two at a time (median of %d pairs; target <= 1.2x): %s\n' \
	"$r" "$runs_pair_many" "$(verdict "$r <= 1.2")"
r=$(ratio "$j1_wall" "$j2_wall")
printf -- '- -j 2 speed-up over -j 1: %.2fx (target >= 1.8x; %s CPUs here): %s\n' "$r" "$(nproc)" "$(verdict "$r >= 1.8")"
printf -- '  (the 2-process ceiling of this machine, the control above: %.2fx)\n' "$(ratio "$c1" "$c2")"
r=$(echo "($j2_wall - $np_wall) / $j2_wall * 100" | bc -l)
printf -- '- peer pass (first pass over the names): %.1f%% of the -j 2 run (target < 10%%): %s\n' "$r" "$(verdict "$r < 10")"
if [ -n "$e01_ratio" ]; then
	printf -- '- hive pair inside an E01: %.2fx icat of the files then hivediag on them (median of %d pairs; target <= 1.3x): %s\n' \
		"$e01_ratio" "$runs_pair_many" "$(verdict "$e01_ratio <= 1.3")"
fi
if [ -n "$szdd_ratio" ]; then
	printf -- '- SZDD repair copy: %.2fx libmspack expanding it then hivediag on the hive (median of %d pairs; target <= 1.3x): %s\n' \
		"$szdd_ratio" "$runs_pair_many" "$(verdict "$szdd_ratio <= 1.3")"
fi
worst_rss=$j1_rss
[ "$j2_rss" -gt "$worst_rss" ] && worst_rss=$j2_rss
r=$(ratio "$worst_rss" "$hd_rss")
printf -- '- 1,000-hive peak RSS (larger of -j 1, -j 2): %.2fx a single-hive run (target <= 2x): %s\n' "$r" "$(verdict "$r <= 2")"

# Issue 23: the fleet figures, with their own targets.
[ "${BENCH_FLEET:-1}" = 0 ] || sh "$top/tests/bench/bench_fleet.sh" "$BUILD"
