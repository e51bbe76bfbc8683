#!/usr/bin/env python3
"""link_race.py HIVEDIAG INSIDE OUTSIDE WORK RUNS - issue 12: a -r walk never
reads through a symbolic link, not even one swapped in after the walk saw a
regular file.  A second process keeps replacing TREE/SYSTEM by a copy of
INSIDE and by a symbolic link to OUTSIDE (a hive outside the tree) while
hivediag walks TREE RUNS times (one batch, -j 2).  No report may carry
OUTSIDE's sha256; a report of a link is the not_a_regular_file error.
Prints the counts; exit 1 on any report read through the link (or none)."""
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time


def swapper(inside, outside, target, tmp, stop):
    while not stop.is_set():
        shutil.copyfile(inside, tmp)
        os.replace(tmp, target)
        time.sleep(0.0005)      # a regular file for a while: the walk must see one
        os.symlink(outside, tmp)
        os.replace(tmp, target)


def main():
    hivediag, work, runs = sys.argv[1], sys.argv[4], int(sys.argv[5])
    inside, outside = os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    tree = os.path.join(work, "link-race-tree")
    os.makedirs(tree, exist_ok=True)
    out = subprocess.run([hivediag, "-q", "-o", "ndjson", outside], capture_output=True, check=False).stdout
    secret = json.loads(out)["hive"]["sha256"]
    target = os.path.join(tree, "SYSTEM")
    shutil.copyfile(inside, target)
    stop = multiprocessing.Event()
    proc = multiprocessing.Process(target=swapper, args=(inside, outside, target, os.path.join(work, "link-race.tmp"), stop))
    proc.start()
    try:
        run = subprocess.run([hivediag, "-q", "-o", "ndjson", "-j", "2", "--no-peers", "-r", *([tree] * runs)],
                             capture_output=True, check=False)
        out = run.stdout
    finally:
        stop.set()
        proc.join()
    reports = [json.loads(line) for line in out.decode("utf-8", "strict").splitlines()]
    leaked = refused = read = other = 0
    for r in reports:
        err = r.get("error")
        if (r.get("hive") or {}).get("sha256") == secret:
            leaked += 1
        elif err and err["code"] == "not_a_regular_file" and "symbolic link" in err["message"]:
            refused += 1
        elif err is None:
            read += 1
        else:
            other += 1
    print("link_race: %d reports: %d read inside the tree, %d links refused, %d other errors, "
          "%d read through a link" % (len(reports), read, refused, other, leaked))
    sys.exit(0 if leaked == 0 and reports else 1)


main()
