#!/usr/bin/env python3
"""width.py MAX [LABEL] - print every line of stdin wider than MAX display
columns (a wide East Asian character takes two, a combining mark or a
format character none, as a terminal shows them) as LABEL:N: COLUMNS: LINE;
exit 1 when there is one, 0 otherwise (tests/cli/test_width.sh)."""
import sys
import unicodedata


def columns(line):
    n = 0
    for ch in line:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def main():
    limit = int(sys.argv[1])
    label = sys.argv[2] if len(sys.argv) > 2 else "-"
    wide = 0
    data = sys.stdin.buffer.read().decode("utf-8", "replace")
    for i, line in enumerate(data.split("\n"), 1):
        c = columns(line)
        if c > limit:
            wide += 1
            print("%s:%d: %d columns: %s" % (label, i, c, line))
    return 1 if wide else 0


if __name__ == "__main__":
    sys.exit(main())
