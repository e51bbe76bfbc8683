#!/bin/sh
# include_order.sh - the include graph follows the pipeline's stage order.
#
# Stages, lowest first: util < hive < source < txlog < facts < fleet <
# rules < verdict < analyze < report < cli.  A file under src/<stage>/ may include headers of
# its own stage or of lower ones only.  <hivex.h> is included only under
# src/hive/ (and src/tools/, mkhive's graft, which writes hives);
# json-c only under src/report/ and src/fleet/ (the names records and the
# peers table file, issue 23); no rule or verdict file names struct
# hd_options (they read struct hd_rule_options); <mspack.h> only in src/hive/expand.c; libunistring only in src/util/textutil.c;
# <tsk/libtsk.h> (The Sleuth Kit) only in src/source/image.c and tsk_load.h
# (its loader: libtsk is dlopen'd at the first image); <archive.h> and
# <archive_entry.h> (libarchive) only in src/source/archive.c (issue 22: each
# library header in one file).  Prints one line per violation and a
# closing "N passed, N failed" line.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
rank() {
	case $1 in
	util) echo 1 ;; hive) echo 2 ;; source) echo 3 ;; txlog) echo 4 ;; facts) echo 5 ;; fleet) echo 6 ;;
	rules) echo 7 ;; verdict) echo 8 ;; analyze) echo 9 ;; report) echo 10 ;; cli) echo 11 ;; *) echo 0 ;;
	esac
}
pass=0 fail=0
for f in src/*/*.c src/*/*.h; do
	stage=$(basename "$(dirname "$f")")
	[ "$stage" = tools ] && continue
	own=$(rank "$stage")
	if [ "$own" -eq 0 ]; then echo "not ok - $f: not in a known stage folder"; fail=$((fail + 1)); continue; fi
	bad=0
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		*/*) ;;
		*) echo "not ok - $f: includes \"$inc\" without its stage folder"; bad=1; continue ;;
		esac
		r=$(rank "${inc%%/*}")
		if [ "$r" -eq 0 ] || [ "$r" -gt "$own" ]; then
			echo "not ok - $f ($stage) includes $inc (stage ${inc%%/*})"; bad=1
		fi
	done
	if grep -q '#[[:space:]]*include[[:space:]]*<hivex.h>' "$f" && [ "$stage" != hive ]; then
		echo "not ok - $f includes <hivex.h> outside src/hive/"; bad=1
	fi
	if grep -q '#[[:space:]]*include[[:space:]]*<mspack.h>' "$f" && [ "$f" != src/hive/expand.c ]; then
		echo "not ok - $f includes <mspack.h> outside src/hive/expand.c"; bad=1
	fi
	if grep -Eq '#[[:space:]]*include[[:space:]]*<(uni(norm|str|case|conv|ctype|width|stdio|gbrk|wbrk|lbrk|types|name)\.h|unistring/)' "$f" &&
		[ "$f" != src/util/textutil.c ]; then
		echo "not ok - $f includes libunistring outside src/util/textutil.c"; bad=1
	fi
	if grep -q '#[[:space:]]*include[[:space:]]*<tsk/' "$f" && [ "$f" != src/source/image.c ] &&
		[ "$f" != src/source/tsk_load.h ]; then
		echo "not ok - $f includes The Sleuth Kit outside src/source/image.c and tsk_load.h"; bad=1
	fi
	if grep -Eq '#[[:space:]]*include[[:space:]]*<archive(_entry)?\.h>' "$f" && [ "$f" != src/source/archive.c ]; then
		echo "not ok - $f includes libarchive outside src/source/archive.c"; bad=1
	fi
	if grep -q '#[[:space:]]*include[[:space:]]*<json-c/' "$f" && [ "$stage" != report ] && [ "$stage" != fleet ]; then
		echo "not ok - $f includes json-c outside src/report/ and src/fleet/"; bad=1
	fi
	# Issue 25: the rules read struct hd_rule_options (names, --ignore, the
	# peer table) and never the analysis' or the source's options.
	if { [ "$stage" = rules ] || [ "$stage" = verdict ]; } && grep -q 'struct hd_options\b' "$f"; then
		echo "not ok - $f ($stage) names struct hd_options: the rules see only struct hd_rule_options"; bad=1
	fi
	if [ "$bad" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "includes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
