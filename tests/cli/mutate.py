#!/usr/bin/python3
"""mutate.py - deterministic damage to a sample hive, for test_mutation.sh.

  mutate.py make HIVE OUTDIR   write damaged copies of HIVE into OUTDIR, in
                               an order that spreads the kinds of damage
                               (so a run cut short by its time budget still
                               tried every kind); prints how many
  mutate.py check SCHEMA DIR   check every DIR/NAME.json report written for
                               DIR/NAME.hive: valid against the schema, the
                               size and SHA-256 of the file it describes

The damage, with a fixed seed (the same files every run):
  - truncation at every 512-byte boundary and one byte either side of each
    4 KiB page (inside the base block, at hbin headers, mid-cell);
  - base block fields (signature, sequence numbers, version, file type,
    root cell offset, hive bins size, checksum) set to 0, -1, or a flipped
    bit, both with the stored checksum left wrong and recomputed, so the
    damage also reaches hivex and not only the checksum test;
  - hbin headers: signature, offset and size fields;
  - cell headers and the first fields of key (nk), value (vk) and list
    (lf/lh/li/ri) cells: sizes, counts and offsets set to extremes;
  - random bytes anywhere in the hive bins.
"""
import hashlib
import json
import os
import random
import struct
import sys

SEED = 6            # issue 6
BASE = 4096
PAGE = 4096


def checksum(buf):
    s = 0
    for i in range(0, 0x1FC, 4):
        s ^= struct.unpack_from("<I", buf, i)[0]
    return {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(s, s)


def fix_checksum(buf):
    struct.pack_into("<I", buf, 0x1FC, checksum(buf))


def cells(hive):
    """Offsets (file) and sizes of the cells of every hbin, as stored."""
    out = []
    off = BASE
    while off + 32 <= len(hive) and hive[off:off + 4] == b"hbin":
        size = struct.unpack_from("<I", hive, off + 8)[0]
        if size < PAGE or off + size > len(hive):
            break
        c = off + 32
        while c + 4 <= off + size:
            csize = struct.unpack_from("<i", hive, c)[0]
            if csize == 0 or abs(csize) % 8:
                break
            out.append((c, csize))
            c += abs(csize)
        off += size
    return out


def truncations(hive):
    cuts = set(range(0, len(hive), 512))
    for p in range(0, len(hive), PAGE):
        cuts.update((p - 1, p + 1, p + 32, p + 33))
    for c, _ in cells(hive)[::7]:
        cuts.add(c + 2)
    for n in sorted(x for x in cuts if 0 < x < len(hive)):
        yield f"trunc-{n}", bytes(hive[:n])


FIELDS = {"signature": (0, 4), "seq1": (4, 4), "seq2": (8, 4), "major": (20, 4),
          "minor": (24, 4), "type": (28, 4), "format": (32, 4), "root": (36, 4),
          "hbins_size": (40, 4), "clustering": (44, 4), "checksum": (0x1FC, 4)}


def extremes(width, old):
    top = (1 << (8 * width)) - 1
    return {"zero": 0, "ones": top, "flip": old ^ (1 << (8 * width - 1)), "plus8": (old + 8) & top}


def put(buf, off, width, val):
    buf[off:off + width] = val.to_bytes(width, "little")


def header_damage(hive):
    for name, (off, width) in FIELDS.items():
        old = int.from_bytes(hive[off:off + width], "little")
        for how, val in extremes(width, old).items():
            for fixed in (False, True):
                if fixed and name == "checksum":
                    continue
                b = bytearray(hive)
                put(b, off, width, val)
                if fixed:
                    fix_checksum(b)
                yield f"base-{name}-{how}{'-fixed' if fixed else ''}", bytes(b)


def hbin_damage(hive):
    for p in range(BASE, len(hive), PAGE):
        if hive[p:p + 4] != b"hbin":
            continue
        for field, off in (("magic", 0), ("offset", 4), ("size", 8)):
            old = struct.unpack_from("<I", hive, p + off)[0]
            for how, val in extremes(4, old).items():
                b = bytearray(hive)
                put(b, p + off, 4, val)
                yield f"hbin{(p - BASE) // PAGE}-{field}-{how}", bytes(b)


# Offsets (from the cell start, after its 4-byte size) of the fields that
# steer a reader: counts, cell offsets and name lengths.
CELL_FIELDS = {
    b"nk": {"flags": (2, 2), "parent": (16, 4), "nsub": (20, 4), "sublist": (28, 4),
            "nval": (36, 4), "vallist": (40, 4), "sk": (44, 4), "namelen": (72, 2)},
    b"vk": {"namelen": (2, 2), "datalen": (4, 4), "data": (8, 4), "type": (12, 4)},
    b"lf": {"count": (2, 2), "first": (4, 4)},
    b"lh": {"count": (2, 2), "first": (4, 4)},
    b"li": {"count": (2, 2), "first": (4, 4)},
    b"ri": {"count": (2, 2), "first": (4, 4)},
}


def cell_damage(hive, rng):
    for c, size in cells(hive):
        if size > 0:
            continue    # free cell: nothing reads it
        b = bytearray(hive)
        put(b, c, 4, rng.choice([0, 4, 0x7FFFFFF8, 0x80000000, (-size + 8) & 0xFFFFFFFF]))
        yield f"cell{c:x}-size", bytes(b)
        sig = bytes(hive[c + 4:c + 6])
        for field, (off, width) in CELL_FIELDS.get(sig, {}).items():
            old = int.from_bytes(hive[c + 4 + off:c + 4 + off + width], "little")
            how, val = rng.choice(sorted(extremes(width, old).items()))
            b = bytearray(hive)
            put(b, c + 4 + off, width, val)
            yield f"cell{c:x}-{sig.decode()}-{field}-{how}", bytes(b)


def random_damage(hive, rng, n):
    for i in range(n):
        b = bytearray(hive)
        for _ in range(rng.randint(1, 16)):
            b[rng.randrange(BASE, len(b))] = rng.randrange(256)
        yield f"random-{i}", bytes(b)


def interleave(*gens):
    """Round-robin over generators: every kind early in the list."""
    gens = [iter(g) for g in gens]
    while gens:
        for g in list(gens):
            try:
                yield next(g)
            except StopIteration:
                gens.remove(g)


def make(src, outdir):
    hive = open(src, "rb").read()
    rng = random.Random(SEED)
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name, data in interleave(truncations(hive), header_damage(hive), hbin_damage(hive),
                                 cell_damage(hive, rng), random_damage(hive, rng, 200)):
        with open(os.path.join(outdir, f"m{n:04d}-{name}.hive"), "wb") as f:
            f.write(data)
        n += 1
    print(n)


def check(schema_path, d):
    import jsonschema
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path, encoding="utf-8")))
    bad = 0
    reports = sorted(f for f in os.listdir(d) if f.endswith(".json"))
    for name in reports:
        hive = os.path.join(d, name[:-5] + ".hive")
        try:
            r = json.load(open(os.path.join(d, name), encoding="utf-8"))
        except ValueError as e:
            print(f"{name}: not JSON: {e}")
            bad += 1
            continue
        errs = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(r)]
        data = open(hive, "rb").read()
        if r.get("hive", {}).get("size") != len(data):
            errs.append(f"hive.size {r.get('hive', {}).get('size')} != {len(data)}")
        if r.get("hive", {}).get("sha256") != hashlib.sha256(data).hexdigest():
            errs.append("hive.sha256 differs from the file's")
        if errs:
            bad += 1
            print(f"{name}: " + "; ".join(errs[:3]))
    print(f"checked {len(reports)} reports, {bad} bad")
    return 1 if bad or not reports else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
