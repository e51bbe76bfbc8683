#!/usr/bin/env python3
"""mkdirty.py OLD NEW OUT - a dirty hive and its NT 4.0-style log, for tests.
OUT is OLD with its sequence numbers made unequal (the write of NEW's
changes never finished); OUT.LOG is an old-format transaction log (file
type 2, as NT 3.51 to 2000 write: a 512-byte base block, "DIRT" and a
bitmap of 512-byte pages, then those pages) holding every page of NEW's
hive bins that differs from OLD's.  Replaying OUT.LOG over OUT gives NEW's
hive bins.  OLD and NEW must have the same size.  Format: Maxim Suhanov's
regf specification, "Format of transaction log files", old format."""
import struct
import sys


def checksum(b):
    c = 0
    for i in range(0, 508, 4):
        c ^= struct.unpack_from("<I", b, i)[0]
    return 0xfffffffe if c == 0xffffffff else (1 if c == 0 else c)


def main():
    old, new, out = (open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), sys.argv[3])
    if len(old) != len(new):
        sys.exit("mkdirty: OLD and NEW differ in size")
    seq = struct.unpack_from("<I", old, 4)[0]
    primary = bytearray(old)
    struct.pack_into("<II", primary, 4, seq + 1, seq)
    struct.pack_into("<I", primary, 508, checksum(primary))
    hbins = struct.unpack_from("<I", new, 40)[0]
    pages = [i for i in range(hbins // 512)
             if old[4096 + 512 * i:4096 + 512 * (i + 1)] != new[4096 + 512 * i:4096 + 512 * (i + 1)]]
    base = bytearray(new[:512])
    struct.pack_into("<II", base, 4, seq + 1, seq + 1)
    base[12:20] = primary[12:20]            # written when the primary was
    struct.pack_into("<I", base, 28, 2)
    struct.pack_into("<I", base, 508, checksum(base))
    bitmap = bytearray(hbins // 512 // 8)
    for i in pages:
        bitmap[i // 8] |= 1 << (i % 8)
    vector = b"DIRT" + bytes(bitmap)
    vector += bytes(-len(vector) % 512)
    log = bytes(base) + vector + b"".join(new[4096 + 512 * i:4096 + 512 * (i + 1)] for i in pages)
    with open(out, "wb") as f:
        f.write(primary)
    with open(out + ".LOG", "wb") as f:
        f.write(log)
    print("mkdirty: %d dirty page(s)" % len(pages))


main()
