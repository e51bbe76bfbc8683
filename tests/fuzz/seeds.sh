#!/bin/sh
# seeds.sh OUT MAX_LEN SAMPLES CORPUS - gather fuzz seeds into OUT: the sample
# hives built from samples/*.reg, and every file of ../shared/corpus (.xz ones
# decompressed), each cut to MAX_LEN bytes (libFuzzer would cut them anyway;
# cutting here keeps 12 MB real hives from filling the disk).  The corpus is
# optional: a fresh clone has no ../shared.  Two samples also go in compressed
# as the NT 4.0 repair folder holds them (SZDD by mscompress, a cabinet by
# gcab, when installed), so the fuzzer reaches libmspack too.  Seeds are
# build outputs, never committed.
set -eu
out=$1 max=$2 samples=$3 corpus=$4
mkdir -p "$out"
n=0
for f in "$samples"/*.hive; do
	[ -f "$f" ] || continue
	head -c "$max" "$f" >"$out/sample-$(basename "$f")"
	n=$((n + 1))
done
tmp=$(mktemp -d)
for f in "$samples"/healthy-nt4.hive "$samples"/mta-w2k-healthy.hive; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .hive)
	cp "$f" "$tmp/$b"
	if command -v mscompress >/dev/null 2>&1 && (cd "$tmp" && mscompress "$b"); then
		head -c "$max" "$tmp/${b}_" >"$out/szdd-$b"; n=$((n + 1))
	fi
	if command -v gcab >/dev/null 2>&1 && (cd "$tmp" && gcab -c -n -z "$b.cab" "$b"); then
		head -c "$max" "$tmp/$b.cab" >"$out/cab-$b"; n=$((n + 1))
	fi
done
rm -rf "$tmp"
if [ -d "$corpus" ]; then
	find "$corpus" -type f ! -name '*.md' | sort | while read -r f; do
		name=$(printf '%s' "${f#"$corpus"/}" | tr '/' '_')
		case $f in
		*.xz) xz -dc "$f" | head -c "$max" >"$out/corpus-${name%.xz}" || true ;;
		*) head -c "$max" "$f" >"$out/corpus-$name" ;;
		esac
	done
	n=$((n + $(find "$corpus" -type f ! -name '*.md' | wc -l)))
fi
echo "fuzz seeds: $n files in $out"
