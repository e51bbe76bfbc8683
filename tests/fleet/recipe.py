#!/usr/bin/python3
"""recipe.py - helpers of tests/cli/test_recipes.sh (issue 23).

recipe.py extract README MAN NAME SCRIPT
    The README's block "```sh recipe=NAME" must equal, line for line, the
    man page's literal display after its comment line '.\\" recipe=NAME'
    (mdoc escapes \\e and \\& undone).  Writes SCRIPT: the block as it is,
    each command (a line not ending in a backslash) followed by
    `echo "I $?" >>"$RCS"`, I counting commands from 0.  Exit 1 with the
    difference when the two texts differ or a block is missing.

recipe.py shards NAMES...
    From names exports (one per shard, --names --shard K/N): one line per
    SYSTEM hive record, "K PATH", and checks every file ends with a
    completion record of kind "names" naming its K/N.

recipe.py same SINGLE SPREAD
    The reports of a spread run (SPREAD, --merge's output) against a single
    run's (SINGLE): the same hives, each report equal field for field once
    analysis.started is masked.
    Prints each difference; exit 1 when there is one.
"""
import json
import re
import sys


def readme_block(path, name):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^```sh recipe=%s\n(.*?)^```" % re.escape(name), text, re.S | re.M)
    return m.group(1) if m else None


def man_block(path, name):
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith('.\\" recipe=%s' % name):
            if not lines[i + 1].startswith(".Bd -literal"):
                return None
            out = []
            for body in lines[i + 2:]:
                if body == ".Ed":
                    return "".join(l.replace("\\e", "\\").replace("\\&", "") + "\n" for l in out)
                out.append(body)
    return None


def extract(readme, man, name, script):
    a, b = readme_block(readme, name), man_block(man, name)
    if a is None or b is None:
        sys.exit("recipe %s: missing in %s" % (name, readme if a is None else man))
    if a != b:
        sys.exit("recipe %s: README.md and the man page differ:\n%s\n---\n%s" % (name, a, b))
    n = 0
    with open(script, "w", encoding="utf-8") as f:
        for line in a.splitlines():
            f.write(line + "\n")
            if not line.endswith("\\"):
                f.write('echo "%d $?" >>"$RCS"\n' % n)
                n += 1
    print(n)


def shards(files):
    for name in files:
        lines = open(name, encoding="utf-8").read().splitlines()
        if not lines:
            sys.exit("%s: empty" % name)
        done = json.loads(lines[-1]).get("completion")
        if not done or done.get("kind") != "names":
            sys.exit("%s: no names completion record at its end" % name)
        k = done["shard"].split("/")[0]
        for line in lines[:-1]:
            rec = json.loads(line)["names"]
            if rec.get("system"):
                print(k, rec["path"])


def masked(report):
    report = json.loads(json.dumps(report))
    a = report.get("analysis", {})
    a.pop("started", None)
    return report


def diff(where, a, b, out):
    if type(a) is not type(b):
        out.append("%s: %.80r vs %.80r" % (where, a, b))
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            diff("%s.%s" % (where, k), a.get(k), b.get(k), out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append("%s: %d items vs %d" % (where, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff("%s[%d]" % (where, i), x, y, out)
    elif a != b:
        out.append("%s: %.80r vs %.80r" % (where, a, b))


def same(single, spread):
    def load(name):
        reports = {}
        for line in open(name, encoding="utf-8"):
            r = json.loads(line)
            if "completion" in r:
                sys.exit("%s: a completion record among the reports" % name)
            reports[r["hive"]["path"]] = r
        return reports
    a, b = load(single), load(spread)
    out = []
    if sorted(a) != sorted(b):
        out.append("hives: %s only in the single run, %s only in the spread run" %
                   (sorted(set(a) - set(b))[:5], sorted(set(b) - set(a))[:5]))
    for path in sorted(set(a) & set(b)):
        diff(path, masked(a[path]), masked(b[path]), out)
    for line in out[:20]:
        print(line)
    if len(out) > 20:
        print("... and %d more" % (len(out) - 20))
    return 1 if out else 0


def main(argv):
    if argv[:1] == ["extract"] and len(argv) == 5:
        extract(*argv[1:])
    elif argv[:1] == ["shards"]:
        shards(argv[1:])
    elif argv[:1] == ["same"] and len(argv) == 3:
        sys.exit(same(argv[1], argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
