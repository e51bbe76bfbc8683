#!/usr/bin/python3
"""damage_value.py - make one value's data unreadable, for the tests of
unreadable facts (issue 24: an unreadable fact is never evidence of health).

  damage_value.py IN OUT NAME   copy hive IN to OUT with the data offset of
                                every value cell (vk) named NAME pointed past
                                the end of the hive bins, so the value is
                                listed but its data cannot be read; prints
                                how many cells it changed (the checksum of
                                the base block covers no cell: it stays right)
"""
import struct
import sys

BASE = 4096


def main():
    src, dst, name = sys.argv[1], sys.argv[2], sys.argv[3].encode("latin-1")
    hive = bytearray(open(src, "rb").read())
    changed = 0
    off = BASE
    while off + 32 <= len(hive) and hive[off:off + 4] == b"hbin":
        size = struct.unpack_from("<I", hive, off + 8)[0]
        c = off + 32
        while c + 4 <= off + size:
            csize = struct.unpack_from("<i", hive, c)[0]
            if csize == 0 or abs(csize) % 8:
                break
            # An allocated vk cell: size, "vk", name length, data length, data offset, type, flags.
            if csize < 0 and hive[c + 4:c + 6] == b"vk":
                nlen, dlen = struct.unpack_from("<HI", hive, c + 6)
                if hive[c + 24:c + 24 + nlen] == name and not dlen & 0x80000000:
                    struct.pack_into("<I", hive, c + 12, 0x7FFFFFF0)
                    changed += 1
            c += abs(csize)
        off += size
    open(dst, "wb").write(hive)
    print(changed)
    return 0 if changed else 1


if __name__ == "__main__":
    sys.exit(main())
