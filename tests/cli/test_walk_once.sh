#!/bin/sh
# test_walk_once.sh - one walk, fewer opens (issue 23), counted with strace:
#   - a -r run with peers walks the directory tree once: the parent opens
#     each folder of the tree once (the names pass walks it and spools what
#     it met; the analysis reads the spool), and --files-from - is read once;
#   - a hive in a server folder of its own is opened twice in the whole run:
#     once by the names pass (its first bytes and its names, one open) and
#     once by the analysis (the disk-image and archive sniffs, the analysis
#     and the pairing's look at itself share that open, util/fdio.h).
#   - a hive that shares its folder is opened twice too: the pairing of
#     the folder's other hives reads the names pass's notes
#     (source/pairindex.h), not the file; a SOFTWARE hive paired with the
#     SYSTEM hive beside it is opened by the names pass and by that SYSTEM
#     hive's analysis, and its own skip opens nothing (a server folder with
#     both; a folder of six SYSTEM hives), in a single run, in a spread
#     run's judging step (--peers-table) and without peers (--no-peers).
# Skips where strace is missing or cannot trace (a container without ptrace).
# Under check-valgrind's wrapper it traces the bare binary (HIVEDIAG_BIN):
# valgrind's own opens would be counted, and what is counted here is the
# binary's, which the other scripts run under valgrind.
. "$(dirname "$0")/lib.sh"

command -v strace >/dev/null 2>&1 || skip_all "strace not installed"
strace -f -qq -o /dev/null true 2>/dev/null || skip_all "strace cannot trace here (no ptrace)"
if [ -n "${HIVEDIAG_WRAPPER:-}" ]; then
	echo "# under the wrapper: tracing the bare binary $HIVEDIAG_BIN"
	HIVEDIAG=$HIVEDIAG_BIN
fi

arch="$TMP/arch"
sh "$TOP/samples/peers/mkarchive.sh" "$MKHIVE" "$TMP/peers" || { not_ok "mkarchive.sh failed"; finish; exit 1; }
# Seven case folders, a server folder in each with its SYSTEM hive alone.
for h in exch01 exch02 exch03 exch04 exch05 exch06; do
	mkdir -p "$arch/case-$h/$h"
	cp "$TMP/peers/redmond/$h" "$arch/case-$h/$h/SYSTEM"
done
mkdir -p "$arch/case-fab/fab01"
cp "$TMP/peers/paris/fab01" "$arch/case-fab/fab01/SYSTEM"
printf 'not a hive' >"$arch/case-fab/notes.txt"
# A server folder with its SYSTEM and SOFTWARE hives.
mkdir -p "$arch/case-sw/exch07"
cp "$SAMPLES/healthy-nt4.hive" "$arch/case-sw/exch07/SYSTEM"
cp "$SAMPLES/software-sp4.hive" "$arch/case-sw/exch07/SOFTWARE"

(cd "$TMP" && strace -f -qq -e trace=openat,open -o "$TMP/trace" "$HIVEDIAG" -q -o ndjson -j 2 -r arch) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 1 "traced run (P1 on the Contosso and contoso servers)"
[ "$(grep -c '"P1"' "$TMP/out")" -eq 2 ] && ok "traced run: the peers judged as untraced" || not_ok "traced run: P1 count"
parent=$(head -n 1 "$TMP/trace" | cut -d' ' -f1)
# No disk image in the archive: libtsk and its forty libraries are never
# loaded (src/source/tsk_load.h), by the parent or a worker.
grep -q 'libtsk\.so' "$TMP/trace" && not_ok "libtsk loaded by a run without disk images" \
	"$(grep 'libtsk\.so' "$TMP/trace" | head -n 3)" || ok "no disk image: libtsk never loaded"

# Folders the parent opened, by path (the walk opens a folder by its path, then "." in it).
grep "^$parent " "$TMP/trace" | grep O_DIRECTORY | sed -n 's/.*openat([^"]*"\([^"]*\)".*/\1/p' | grep -v '^\.$' |
	LC_ALL=C sort | uniq -c >"$TMP/dirs"
n_dirs=$(find "$arch" -type d | wc -l)
[ "$(wc -l <"$TMP/dirs")" -eq "$n_dirs" ] && ok "every one of the $n_dirs folders walked" ||
	not_ok "folders walked: $(wc -l <"$TMP/dirs") of $n_dirs" "$(cat "$TMP/dirs")"
awk '$1 != 1' "$TMP/dirs" | grep -q . && not_ok "a folder opened twice by the parent" "$(awk '$1 != 1' "$TMP/dirs")" ||
	ok "the parent opens each folder once: the tree is walked once"

# Opens of each hive, by any process, by its path or its name in its folder.
for h in exch01 exch02 exch03 exch04 exch05 exch06 fab01 exch07; do
	echo "$h $(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c "\"arch/case-[a-z0-9]*/$h/SYSTEM\"")" >>"$TMP/opens"
done
total_rel=$(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c '"SYSTEM"')
total_abs=$(awk '{ s += $2 } END { print s }' "$TMP/opens")
sw=$(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c '"arch/case-sw/exch07/SOFTWARE"')
echo "exch07/SOFTWARE $sw" >>"$TMP/opens"
total_rel=$((total_rel + $(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c '"SOFTWARE"')))
total_abs=$((total_abs + sw))
# Nine hives, at most two opens each, counting the opens by name relative to a folder too.
[ $((total_abs + total_rel)) -le 18 ] && ok "9 hives opened $((total_abs + total_rel)) times in all (at most twice each)" ||
	not_ok "9 hives opened $((total_abs + total_rel)) times ($total_abs by path, $total_rel by name)" "$(cat "$TMP/opens")"
awk '$2 > 2' "$TMP/opens" | grep -q . && not_ok "a hive opened by path more than twice" "$(cat "$TMP/opens")" ||
	ok "no hive opened by path more than twice"

# --files-from -: the list is read once (standard input, no copy): the same opens.
(cd "$TMP" && find arch -type f | LC_ALL=C sort >"$TMP/list")
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace2" "$HIVEDIAG" -q -o ndjson -j 2 --files-from - <"$TMP/list") \
	>"$TMP/out2" 2>"$TMP/err"
n=$(grep -v 'resumed>' "$TMP/trace2" | grep "openat(" | grep -c '/SYSTEM"')
[ "$n" -le 16 ] && ok "--files-from -: 8 SYSTEM hives opened $n times" || not_ok "--files-from -: 8 SYSTEM hives opened $n times"
grep -q 'hivediag-list-' "$TMP/trace2" && not_ok "--files-from -: the list was copied" || ok "--files-from -: no copy of the list"

# A folder of six SYSTEM hives: each one's pairing asks the notes about the others.
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace3" "$HIVEDIAG" -q -o ndjson -j 2 -r peers) >/dev/null 2>&1
: >"$TMP/opens3"
for h in exch01 exch02 exch03 exch04 exch05 exch06; do
	echo "$h $(grep -v 'resumed>' "$TMP/trace3" | grep "openat(" | grep -c "$h\"")" >>"$TMP/opens3"
done
awk '$2 > 2' "$TMP/opens3" | grep -q . && not_ok "a folder of 6 SYSTEM hives: a hive opened more than twice" "$(cat "$TMP/opens3")" ||
	ok "a folder of 6 SYSTEM hives: each opened at most twice ($(awk '{ print $2 }' "$TMP/opens3" | tr '\n' ' '))"
# A spread run's judging step (--peers-table, the fleet's table) and a run
# without peers (--no-peers) have no table to build: the names pass still
# walks once and notes each file, reading no names.  The same opens.
(cd "$TMP" && "$HIVEDIAG" --names -r arch >"$TMP/names.ndjson" 2>/dev/null;
	"$HIVEDIAG" --reduce "$TMP/names.ndjson" >"$TMP/fleet.table" 2>/dev/null)
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace5" "$HIVEDIAG" -q -o ndjson -j 2 \
	--peers-table "$TMP/fleet.table" -r arch) >"$TMP/out5" 2>&1
: >"$TMP/opens5"
for h in case-exch01/exch01/SYSTEM case-fab/fab01/SYSTEM case-sw/exch07/SYSTEM case-sw/exch07/SOFTWARE; do
	echo "$h $(grep -v 'resumed>' "$TMP/trace5" | grep "openat(" | grep -c "\"arch/$h\"")" >>"$TMP/opens5"
done
awk '$2 != 2' "$TMP/opens5" | grep -q . && not_ok "--peers-table: opens" "$(cat "$TMP/opens5")" ||
	ok "--peers-table: each hive opened twice ($(awk '{ print $2 }' "$TMP/opens5" | tr '\n' ' '))"
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace6" "$HIVEDIAG" -q -o ndjson -j 2 --no-peers -r arch peers) \
	>"$TMP/out6" 2>&1
: >"$TMP/opens6"
for h in arch/case-exch01/exch01/SYSTEM arch/case-sw/exch07/SYSTEM arch/case-sw/exch07/SOFTWARE peers/redmond/exch01 \
	peers/redmond/exch06; do
	echo "$h $(grep -v 'resumed>' "$TMP/trace6" | grep "openat(" | grep -c "\"$h\"")" >>"$TMP/opens6"
done
awk '$2 != 2' "$TMP/opens6" | grep -q . && not_ok "--no-peers: opens" "$(cat "$TMP/opens6")" ||
	ok "--no-peers: each hive opened twice ($(awk '{ print $2 }' "$TMP/opens6" | tr '\n' ' '))"
# The skip of the paired SOFTWARE hive is what it was (--verbose lists it).
(cd "$TMP" && "$HIVEDIAG" -o text --verbose -j 2 -r arch/case-sw) >"$TMP/out4" 2>&1
grep -q 'exch07/SOFTWARE: skipped: kind SOFTWARE, read with the SYSTEM hive arch/case-sw/exch07/SYSTEM' "$TMP/out4" &&
	ok "the paired SOFTWARE hive: skipped as read with its SYSTEM hive" || not_ok "paired SOFTWARE: $(grep -i software "$TMP/out4" | head -3)"
finish
