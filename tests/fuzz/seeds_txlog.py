#!/usr/bin/env python3
"""seeds_txlog.py OUT MAX_LEN CORPUS [SAMPLES] - seeds of fuzz_txlog: each dirty hive
of CORPUS (dirty/*/, broken/yarp-BadBaseBlockHive/, the Windows 10 logs) with
its LOG1 and LOG2, packed as fuzz_txlog.c reads them (flags byte, two
little-endian uint32 lengths, primary, log A, log B), once with checksum
repair off and once on.  A primary too large for MAX_LEN is cut so that both
logs still fit (the replay then stops at its checks, but the log parsing is
reached).  With SAMPLES (build/samples), each sample SYSTEM hive is also
made dirty (sequence 3/2) with a new-format log of one entry rewriting its
first page as it is, checksum repair on: the replay applies and the analysis
after it reaches the facts and rules, which the corpus's yarp hives (no
SYSTEM hives) never do.  Seeds are build outputs, never committed."""
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


def regf_checksum(b):
    c = 0
    for i in range(0, 508, 4):
        c ^= struct.unpack_from("<I", b, i)[0]
    return 0xfffffffe if c == 0xffffffff else (1 if c == 0 else c)


def dirty_sample(hive):
    """The sample made dirty, and a one-entry new-format log for it."""
    p = bytearray(hive)
    hbins = struct.unpack_from("<I", p, 40)[0]
    struct.pack_into("<II", p, 4, 3, 2)
    struct.pack_into("<I", p, 508, regf_checksum(p))
    base = bytearray(p[:512])
    struct.pack_into("<II", base, 4, 2, 2)
    struct.pack_into("<I", base, 28, 6)
    struct.pack_into("<I", base, 508, regf_checksum(base))
    size = (40 + 8 + 4096 + 511) // 512 * 512
    entry = bytearray(size)
    entry[0:4] = b"HvLE"
    struct.pack_into("<IIIII", entry, 4, size, 0, 2, hbins, 1)
    struct.pack_into("<II", entry, 40, 0, 4096)
    entry[48:48 + 4096] = p[4096:8192]
    return bytes(p), bytes(base + entry)


def samples_seeds(out, samples):
    n = 0
    for name in sorted(os.listdir(samples)):
        if not name.endswith(".hive") or not name.startswith(("healthy", "mta-healthy", "imc-site")):
            continue
        p, log = dirty_sample(read(os.path.join(samples, name)))
        blob = bytes([1]) + struct.pack("<II", len(p), len(log)) + p + log
        with open(os.path.join(out, "sample-dirty-" + name), "wb") as f:
            f.write(blob)
        n += 1
    return n


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
    if len(sys.argv) > 4 and os.path.isdir(sys.argv[4]):
        n += samples_seeds(out, sys.argv[4])
    print("fuzz_txlog seeds: %d files in %s" % (n, out))


main()
