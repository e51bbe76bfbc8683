#!/bin/sh
# test_walk_once.sh - one walk, fewer opens (issue 23), counted with strace:
#   - a -r run with peers walks the directory tree once: the parent opens
#     each folder of the tree once (the names pass walks it and spools what
#     it met; the analysis reads the spool), and --files-from - is read once;
#   - a hive in a server folder of its own is opened twice in the whole run:
#     once by the names pass (its first bytes and its names, one open) and
#     once by the analysis (the disk-image and archive sniffs, the analysis
#     and the pairing's look at itself share that open, util/fdio.h).
# (A hive with other hives in its folder is also opened by their pairing
# check, source/pairing.h: that count is printed, not bounded here.)
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
for h in exch01 exch02 exch03 exch04 exch05 exch06 fab01; do
	echo "$h $(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c "\"arch/case-[a-z0-9]*/$h/SYSTEM\"")" >>"$TMP/opens"
done
total_rel=$(grep -v 'resumed>' "$TMP/trace" | grep "openat(" | grep -c '"SYSTEM"')
total_abs=$(awk '{ s += $2 } END { print s }' "$TMP/opens")
# Seven hives, at most two opens each, counting the opens by name relative to a folder too.
[ $((total_abs + total_rel)) -le 14 ] && ok "7 hives opened $((total_abs + total_rel)) times in all (at most twice each)" ||
	not_ok "7 hives opened $((total_abs + total_rel)) times ($total_abs by path, $total_rel by name)" "$(cat "$TMP/opens")"
awk '$2 > 2' "$TMP/opens" | grep -q . && not_ok "a hive opened by path more than twice" "$(cat "$TMP/opens")" ||
	ok "no hive opened by path more than twice"

# --files-from -: the list is read once (standard input, no copy): the same opens.
(cd "$TMP" && find arch -type f | LC_ALL=C sort >"$TMP/list")
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace2" "$HIVEDIAG" -q -o ndjson -j 2 --files-from - <"$TMP/list") \
	>"$TMP/out2" 2>"$TMP/err"
n=$(grep -v 'resumed>' "$TMP/trace2" | grep "openat(" | grep -c '/SYSTEM"')
[ "$n" -le 14 ] && ok "--files-from -: 7 hives opened $n times" || not_ok "--files-from -: 7 hives opened $n times"
grep -q 'hivediag-list-' "$TMP/trace2" && not_ok "--files-from -: the list was copied" || ok "--files-from -: no copy of the list"

# For the record: a folder of six SYSTEM hives (each one's pairing looks at the others).
(cd "$TMP" && strace -f -qq -e trace=openat -o "$TMP/trace3" "$HIVEDIAG" -q -o ndjson -j 2 -r peers) >/dev/null 2>&1
echo "# a folder of 6 hives: exch01 opened $(grep -v 'resumed>' "$TMP/trace3" | grep "openat(" | grep -c 'exch01"') times"
finish
