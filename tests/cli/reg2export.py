#!/usr/bin/python3
"""reg2export.py [--format 4|5] [--root SYSTEM] [--ccs N] [--ccs-also N] SAMPLE OUT
reg2export.py [--format 4|5] --outdir DIR SAMPLE...   (DIR/NAME.reg for each)

Write the registry export regedit would give of the hive a sample text
(samples/*.reg, the mkhive dialect) describes, for test_export_source.sh:
full HKEY_LOCAL_MACHINE\\ROOT paths, CRLF lines, no comments and no !time=
lines (an export has no key times), expand: and multi: as hex(2): and
hex(7): bytes wrapped at 80 columns with continuation lines as regedit wraps
them.  --format 4: REGEDIT4 in windows-1252, hex(2)/hex(7) holding ANSI bytes
(exit 3 when the sample holds a character windows-1252 lacks); --format 5:
"Windows Registry Editor Version 5.00" in UTF-16LE with a byte-order mark,
hex(2)/hex(7) holding UTF-16LE.  --ccs N: only ControlSetNNN's keys, written
as CurrentControlSet (an export of the running server's current set alone);
--ccs-also N: every key, and ControlSetNNN's keys once more as
CurrentControlSet (regedit following the link in a whole-SYSTEM export).
"""
import argparse
import sys


def statements(text):
    """Logical lines of the sample: value lines joined with their continuations."""
    out, cur = [], None
    for line in text.splitlines():
        line = line.rstrip()
        if cur is not None:
            cur += line.strip()
        else:
            cur = line
        if cur.startswith(("\"", "@")) and cur.endswith("\\") and not cur.endswith("\\\\\""):
            cur = cur[:-1]
            continue
        out.append(cur)
        cur = None
    return out


def unquote_list(s):
    """'"a","b",""' -> ['a', 'b', '']"""
    items, i = [], 0
    while i < len(s):
        assert s[i] == '"', s
        j, buf = i + 1, ""
        while s[j] != '"':
            if s[j] == "\\":
                j += 1
            buf += s[j]
            j += 1
        items.append(buf)
        i = j + 1
        while i < len(s) and s[i] in " ,":
            i += 1
    return items


def hex_bytes(prefix, data):
    """regedit's wrapping: lines of at most 80 columns, ',\\' then two blanks."""
    parts = ["%02x" % b for b in data]
    out, line = [], prefix
    for k, p in enumerate(parts):
        piece = p + ("," if k < len(parts) - 1 else "")
        if len(line) + len(piece) > 77 and k > 0:
            out.append(line + "\\")
            line = "  "
        line += piece
    out.append(line)
    return "\r\n".join(out)


def split_name(stmt):
    """'"N"=data' or '@=data' -> ('"N"', 'data'), the name's escapes kept."""
    if stmt.startswith("@"):
        return "@", stmt[2:]
    j = 1
    while stmt[j] != '"':
        j += 2 if stmt[j] == "\\" else 1
    return stmt[:j + 1], stmt[j + 2:]


def convert_value(stmt, fmt):
    name, data = split_name(stmt)
    enc = "cp1252" if fmt == "4" else "utf-16-le"
    if data.startswith("expand:"):
        text = unquote_list(data[7:])[0]
        return hex_bytes(name + "=hex(2):", (text + "\0").encode(enc))
    if data.startswith("multi:"):
        items = unquote_list(data[6:])
        return hex_bytes(name + "=hex(7):", "".join(i + "\0" for i in items).encode(enc) + "\0".encode(enc))
    return stmt


def in_set(path, n):
    first = path.split("\\", 1)[0]
    return first.lower() == ("controlset%03u" % n)


def rename(path):
    rest = path.split("\\", 1)
    return "CurrentControlSet" + ("\\" + rest[1] if len(rest) > 1 else "")


def sections(stmts):
    """[(path, [value lines])] in order."""
    out = []
    for s in stmts[1:]:
        if not s or s.startswith((";", "!")):
            continue
        if s.startswith("["):
            out.append((s[1:-1], []))
        else:
            out[-1][1].append(s)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", choices=["4", "5"], default="5")
    ap.add_argument("--root", default="SYSTEM")
    ap.add_argument("--ccs", type=int)
    ap.add_argument("--ccs-also", type=int)
    ap.add_argument("--outdir")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.outdir is None:
        sys.exit(convert(a, a.files[0], a.files[1]))
    status = 0
    for sample in a.files:
        name = sample.rsplit("/", 1)[-1]
        status = max(status, convert(a, sample, "%s/%s" % (a.outdir, name)))
    sys.exit(status)


def convert(a, sample, out):
    """0 written, 3 not representable in windows-1252 (nothing written)."""
    secs = sections(statements(open(sample, encoding="utf-8").read()))
    if a.ccs is not None:
        secs = [(rename(p), v) for p, v in secs if in_set(p, a.ccs)]
    elif a.ccs_also is not None:
        secs = secs + [(rename(p), v) for p, v in secs if in_set(p, a.ccs_also)]
    lines = ["REGEDIT4" if a.format == "4" else "Windows Registry Editor Version 5.00", ""]
    for path, values in secs:
        lines.append("[HKEY_LOCAL_MACHINE\\%s\\%s]" % (a.root, path))
        lines.extend(convert_value(v, a.format) for v in values)
        lines.append("")
    text = "\r\n".join(lines) + "\r\n"
    try:
        data = text.encode("cp1252") if a.format == "4" else b"\xff\xfe" + text.encode("utf-16-le")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return 3
    open(out, "wb").write(data)
    return 0


if __name__ == "__main__":
    main()
