#!/usr/bin/env python3
"""swap_race.py HIVEDIAG A B WORK RUNS - issue 12's race: two hives of the
same size are swapped over one path (os.replace, in a loop, by a second
process) while hivediag analyzes that path RUNS times (one batch, -j 2).
Every report must be either the error hive_changed, or carry the sha256 of
A with A's findings, or B's with B's.  Prints the counts; exit 1 on any
mixed report."""
import json
import multiprocessing
import os
import shutil
import subprocess
import sys


def identity(report):
    return tuple(sorted(f["id"] for f in report["findings"]))


def swapper(a, b, target, stop):
    tmp = target + ".swap"
    while not stop.is_set():
        for src in (a, b):
            shutil.copyfile(src, tmp)
            os.replace(tmp, target)


def analyze(hivediag, paths):
    out = subprocess.run([hivediag, "-q", "-o", "ndjson", "-j", "2", *paths],
                         capture_output=True, check=False).stdout
    return [json.loads(line) for line in out.decode("utf-8", "strict").splitlines()]


def main():
    hivediag, a, b, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    if os.path.getsize(a) != os.path.getsize(b):
        sys.exit("swap_race: A and B must have the same size")
    known = {}
    for src in (a, b):
        r = analyze(hivediag, [src])[0]
        known[r["hive"]["sha256"]] = identity(r)
    if len(set(known.values())) != 2:
        sys.exit("swap_race: A and B must differ in their findings")
    target = os.path.join(work, "swapped.hive")
    shutil.copyfile(a, target)
    stop = multiprocessing.Event()
    proc = multiprocessing.Process(target=swapper, args=(a, b, target, stop))
    proc.start()
    try:
        reports = analyze(hivediag, [target] * runs)
    finally:
        stop.set()
        proc.join()
    changed = consistent = mixed = 0
    for r in reports:
        err = r.get("error")
        if err and err["code"] == "hive_changed":
            changed += 1
        elif err is None and known.get(r["hive"]["sha256"]) == identity(r):
            consistent += 1
        else:
            mixed += 1
    print("swap_race: %d reports: %d consistent, %d hive_changed, %d mixed"
          % (len(reports), consistent, changed, mixed))
    sys.exit(0 if mixed == 0 and len(reports) == runs else 1)


main()
