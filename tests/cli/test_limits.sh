#!/bin/sh
# test_limits.sh - the hard limits of hive.h and regval.h hold through the
# whole pipeline: a value over HD_MAX_VALUE_BYTES is a failed lookup
# (status "error", counted in facts.lookup_errors), and a REG_MULTI_SZ over
# HD_MAX_MULTI_ITEMS is kept as evidence but not decoded; neither crashes,
# neither is silently reported as read.
. "$(dirname "$0")/lib.sh"

# mkhive writes no value over 16,344 bytes (no big-data records), so the
# big values are made here, in mta-healthy: one more hive bin holding a
# REG_EXPAND_SZ of 1 MiB + 8 bytes (HD_MAX_VALUE_BYTES + 8), which every
# ImagePath value is pointed at, and a REG_MULTI_SZ of 16,385 one-letter
# strings (HD_MAX_MULTI_ITEMS + 1), which every DependOnService is pointed
# at.  The result is a valid hive: hivex reads such values.
cp "$SAMPLES/mta-healthy.hive" "$TMP/limits.hive"
/usr/bin/python3 - "$TMP/limits.hive" <<'PY'
import struct, sys
path = sys.argv[1]
h = bytearray(open(path, "rb").read())
big = b"A\0" * ((1024 * 1024 + 8) // 2)
many = b"a\0\0\0" * 16385 + b"\0\0"
hbins = struct.unpack_from("<I", h, 40)[0]
cells, at = bytearray(), {}
for name, data in ((b"ImagePath", big), (b"DependOnService", many)):
    at[name] = hbins + 32 + len(cells)
    csize = (4 + len(data) + 7) // 8 * 8
    cells += struct.pack("<i", -csize) + data + bytes(csize - 4 - len(data))
binsize = (32 + len(cells) + 4095) // 4096 * 4096
hbin = bytearray(b"hbin" + struct.pack("<II", hbins, binsize) + bytes(20)) + cells
hbin += bytes(binsize - len(hbin))
struct.pack_into("<i", hbin, 32 + len(cells), binsize - 32 - len(cells))   # the rest: one free cell
types = {b"ImagePath": 2, b"DependOnService": 7}
lens = {b"ImagePath": len(big), b"DependOnService": len(many)}
n = 0
vk = h.find(b"vk", 4096)
while vk > 0:
    namelen, flags = struct.unpack_from("<H", h, vk + 2)[0], struct.unpack_from("<H", h, vk + 16)[0]
    name = bytes(h[vk + 20:vk + 20 + namelen])
    if flags & 1 and name in at:
        struct.pack_into("<III", h, vk + 4, lens[name], at[name], types[name])
        n += 1
    vk = h.find(b"vk", vk + 2)
h = h[:4096 + hbins] + hbin + h[4096 + hbins:]
struct.pack_into("<I", h, 40, hbins + binsize)
s = 0
for i in range(0, 0x1FC, 4):
    s ^= struct.unpack_from("<I", h, i)[0]
struct.pack_into("<I", h, 0x1FC, {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(s, s))
open(path, "wb").write(h)
sys.exit(0 if n >= 2 else 1)
PY
[ $? -eq 0 ] && ok "big values written" || not_ok "no ImagePath or DependOnService value found to enlarge"
if command -v hivexget >/dev/null 2>&1; then
	got=$(hivexget "$TMP/limits.hive" 'ControlSet001\Services\MSExchangeMTA' ImagePath 2>/dev/null | wc -c)
	[ "$got" -gt 500000 ] && ok "hivex itself reads the 1 MiB value ($got bytes)" ||
		not_ok "hivex cannot read the crafted value: the test proves nothing"
	got=$(hivexget "$TMP/limits.hive" 'ControlSet001\Services\MSExchangeMTA' DependOnService 2>/dev/null | wc -l)
	[ "$got" -gt 16384 ] && ok "hivex itself reads the $got-line list" ||
		not_ok "hivex cannot read the crafted list: the test proves nothing"
fi

run "$HIVEDIAG" --compact "$TMP/limits.hive"
case $rc in 0|1) ok "over-limit values: analyzed, exit $rc" ;; *) not_ok "over-limit values: exit $rc" "$(head -c 300 "$TMP/err")" ;; esac
expect_valid "over-limit values"
mta='r["facts"]["exchange"]["services"]["MSExchangeMTA"]'
expect_json "$mta[\"image_path\"][\"status\"]" error "a value over 1 MiB is a failed lookup"
expect_json 'r["facts"]["lookup_errors"] >= 1' true "the failed lookup is counted"
expect_json "$mta[\"depend_on_service\"][\"status\"]" found "the 16,385-item list is read"
expect_json "isinstance($mta[\"depend_on_service\"][\"data\"], list)" false "but not decoded as a list"

finish
