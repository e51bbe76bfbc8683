#!/bin/sh
# seeds_expand.sh OUT SAMPLES - seeds for fuzz_expand (issue 26): three
# sample hives compressed in each format expand.exe reads: SZDD by Debian's
# mscompress, cabinets by gcab (stored and MSZIP), KWAJ (no Debian tool
# writes it) built here, stored, XOR-ed and MSZIP.  Seeds are build outputs,
# never committed.
set -eu
out=$1 samples=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for b in healthy-nt4 mta-w2k-healthy imc-cluster; do
	[ -f "$samples/$b.hive" ] || continue
	cp "$samples/$b.hive" "$tmp/$b"
	if command -v mscompress >/dev/null 2>&1 && (cd "$tmp" && mscompress "$b" >/dev/null); then
		cp "$tmp/${b}_" "$out/szdd-$b"
	fi
	if command -v gcab >/dev/null 2>&1; then
		(cd "$tmp" && gcab -c -n "$b-stored.cab" "$b" && gcab -c -n -z "$b.cab" "$b") &&
			cp "$tmp/$b-stored.cab" "$out/cab-stored-$b" && cp "$tmp/$b.cab" "$out/cab-mszip-$b"
	fi
	python3 - "$tmp/$b" "$out/kwaj" "$b" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
pre, name = sys.argv[2], sys.argv[3]
def kwaj(method, body):
    # magic, method, data offset 14, no optional header fields
    return b'KWAJ\x88\xf0\x27\xd1' + struct.pack('<HHH', method, 14, 0) + body
def mszip(d):
    out = b''
    for i in range(0, len(d), 32768):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        blk = b'CK' + c.compress(d[i:i + 32768]) + c.flush()
        out += struct.pack('<H', len(blk)) + blk
    return out + b'\0\0'
for tag, blob in (('stored', kwaj(0, data)), ('xor', kwaj(1, bytes(x ^ 0xff for x in data))),
                  ('mszip', kwaj(4, mszip(data)))):
    open('%s-%s-%s' % (pre, tag, name), 'wb').write(blob)
PY
done
echo "fuzz expand seeds: $(ls "$out" | wc -l) files in $out"
