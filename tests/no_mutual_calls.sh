#!/bin/sh
# no_mutual_calls.sh OBJ... - no two source files call each other.
#
# From each object file's symbol table (nm): the functions it defines (T)
# and the ones it uses (U).  File A depends on file B when A uses a symbol B
# defines.  A pair of files that depend on each other is a circle, printed
# as one line, and so is any longer loop (tsort finds them); the closing
# line is "N passed, N failed" over the objects.
set -u
[ "$#" -gt 0 ] || { echo "usage: no_mutual_calls.sh OBJ..." >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for o in "$@"; do
	n=$(echo "$o" | sed 's|.*/obj/||; s|\.o$||')
	nm -P --defined-only "$o" | awk -v f="$n" '$2 ~ /^[TDBR]$/ {print $1, f}' >>"$tmp/defs"
	nm -P --undefined-only "$o" | awk -v f="$n" '{print $1, f}' >>"$tmp/uses"
done
sort -u "$tmp/defs" >"$tmp/defs.s"; sort -u "$tmp/uses" >"$tmp/uses.s"
# user file, definer file
join "$tmp/uses.s" "$tmp/defs.s" | awk '$2 != $3 {print $2, $3}' | sort -u >"$tmp/edges"
awk '{e[$1" "$2]=1} END {for (k in e) {split(k, p, " "); if ((p[2]" "p[1]) in e && p[1] < p[2]) print "not ok - " p[1] " <-> " p[2]}}' \
	"$tmp/edges" >"$tmp/circles"
# Longer loops (a -> b -> c -> a): tsort names the files of each.
tsort "$tmp/edges" 2>&1 >/dev/null | sed -n 's/^tsort: //p' | grep -v 'input contains a loop' |
	sed 's/^/not ok - in a loop: /' >>"$tmp/circles"
cat "$tmp/circles"
fail=$(wc -l <"$tmp/circles")
echo "mutual calls: $(( $# - fail )) passed, $fail failed"
[ "$fail" -eq 0 ]
