#!/usr/bin/env python3
"""same_reports.py GOT GOT_PREFIX WANT WANT_PREFIX [FIRST] - the reports of
one installation read from a disk image (GOT, a JSON array, from report
FIRST on) say the same as --root on the same tree extracted (WANT): every
field equal once the analysis start time is masked, each path's prefix
(GOT_PREFIX, e.g. "disk.E01!/p2", and WANT_PREFIX, the tree's folder) is
replaced by ROOT, and the provenance chains, which differ by nature (a file
on disk, a file in an image), are set aside.  Prints each difference;
exit 1 when there is one."""
import json
import re
import sys


def norm(report, prefix):
    text = json.dumps(report, sort_keys=True).replace(json.dumps(prefix)[1:-1], "ROOT")
    text = re.sub(r'"started": "[^"]*"', '"started": "X"', text)
    return drop_provenance(json.loads(text))


def drop_provenance(x):
    if isinstance(x, dict):
        return {k: drop_provenance(v) for k, v in x.items() if k != "provenance"}
    if isinstance(x, list):
        return [drop_provenance(v) for v in x]
    return x


def diff(where, a, b, out):
    if type(a) is not type(b):
        out.append(f"{where}: {a!r:.80} vs {b!r:.80}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            diff(f"{where}.{k}", a.get(k), b.get(k), out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(f"{where}[{i}]", x, y, out)
    elif a != b:
        out.append(f"{where}: {a!r:.80} vs {b!r:.80}")


def main():
    got, got_prefix, want, want_prefix = sys.argv[1:5]
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    got = json.load(open(got, encoding="utf-8"))
    want = json.load(open(want, encoding="utf-8"))
    out = []
    if len(got) < first + len(want):
        out.append(f"{len(got)} reports, wanted at least {first + len(want)}")
    for i, w in enumerate(want):
        if first + i < len(got):
            diff(f"[{i}]", norm(got[first + i], got_prefix), norm(w, want_prefix), out)
    print("\n".join(out[:20]) if out else f"{len(want)} reports the same")
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
