#!/usr/bin/env python3
"""seeds_txlog.py OUT MAX_LEN CORPUS - seeds of fuzz_txlog: each dirty hive
of CORPUS (dirty/*/, broken/yarp-BadBaseBlockHive/, the Windows 10 logs) with
its LOG1 and LOG2, packed as fuzz_txlog.c reads them (flags byte, two
little-endian uint32 lengths, primary, log A, log B), once with checksum
repair off and once on.  A primary too large for MAX_LEN is cut so that both
logs still fit (the replay then stops at its checks, but the log parsing is
reached).  Seeds are build outputs, never committed."""
import lzma
import os
import struct
import sys


def read(path):
    if path.endswith(".xz"):
        with lzma.open(path) as f:
            return f.read()
    with open(path, "rb") as f:
        return f.read()


def find(folder, suffix):
    for name in sorted(os.listdir(folder)):
        stem = name[:-3] if name.endswith(".xz") else name
        if stem.upper().endswith(suffix):
            return os.path.join(folder, name)
    return None


def main():
    out, max_len, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    folders = []
    for top in ("dirty", "broken", "real"):
        base = os.path.join(corpus, top)
        if os.path.isdir(base):
            folders += [os.path.join(base, d) for d in sorted(os.listdir(base))
                        if os.path.isdir(os.path.join(base, d))]
    n = 0
    for folder in folders:
        log1, log2 = find(folder, ".LOG1"), find(folder, ".LOG2")
        prim = [p for p in sorted(os.listdir(folder))
                if "." not in p.replace(".xz", "") and not p.startswith("Recovered")]
        if not prim or not (log1 or log2):
            continue
        a = read(log1) if log1 else b""
        b = read(log2) if log2 else b""
        p = read(os.path.join(folder, prim[0]))
        p = p[:max(4096, max_len - 9 - len(a) - len(b))]
        for flags in (0, 1):
            blob = bytes([flags]) + struct.pack("<II", len(p), len(a)) + p + a + b
            name = "%s-%d" % (os.path.basename(folder), flags)
            with open(os.path.join(out, name), "wb") as f:
                f.write(blob[:max_len])
            n += 1
    print("fuzz_txlog seeds: %d files in %s" % (n, out))


main()
