#!/usr/bin/env python3
"""root_race.py HIVEDIAG INSIDE OUTSIDE WORK RUNS MODE - issue 26: --root
reads every hive through the descriptor its scan opened, so a folder or a
file swapped for a symbolic link after the scan is never followed.  A
second process keeps swapping, in a --root tree whose current SYSTEM and
repair/system are copies of INSIDE, either the repair folder (MODE dir) or
repair/system (MODE file) for a symbolic link to a folder or file outside
the tree holding OUTSIDE, while hivediag --root runs RUNS times.  No report
may carry OUTSIDE's sha256 (link_race.py is the same attack on -r).
Prints the counts; exit 1 on any report read through the link (or none)."""
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time


def swap_dir(repair, outside_dir, stop):
    real, tmp = repair + ".real", repair + ".tmp"
    while not stop.is_set():
        time.sleep(0.0005)      # the real folder for a while: the scan must see one
        os.rename(repair, real)
        os.symlink(outside_dir, tmp)
        os.rename(tmp, repair)
        time.sleep(0.0005)
        os.unlink(repair)
        os.rename(real, repair)


def swap_file(inside, outside, target, stop):
    tmp = target + ".tmp"
    while not stop.is_set():
        shutil.copyfile(inside, tmp)
        os.replace(tmp, target)
        time.sleep(0.0005)
        os.symlink(outside, tmp)
        os.replace(tmp, target)


def main():
    hivediag, work, runs, mode = sys.argv[1], sys.argv[4], int(sys.argv[5]), sys.argv[6]
    inside, outside = os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    tree = os.path.join(work, "root-race-" + mode)
    repair = os.path.join(tree, "WINNT", "repair")
    away = os.path.join(work, "root-race-outside-" + mode)
    for d in (os.path.join(tree, "WINNT", "system32", "config"), repair, away):
        os.makedirs(d, exist_ok=True)
    shutil.copyfile(inside, os.path.join(tree, "WINNT", "system32", "config", "SYSTEM"))
    shutil.copyfile(inside, os.path.join(repair, "system"))
    shutil.copyfile(outside, os.path.join(away, "system"))
    out = subprocess.run([hivediag, "-q", "-o", "ndjson", outside], capture_output=True, check=False).stdout
    secret = json.loads(out)["hive"]["sha256"]
    stop = multiprocessing.Event()
    if mode == "dir":
        proc = multiprocessing.Process(target=swap_dir, args=(repair, away, stop))
    else:
        proc = multiprocessing.Process(target=swap_file, args=(inside, os.path.join(away, "system"),
                                                               os.path.join(repair, "system"), stop))
    proc.start()
    reports = []
    try:
        for _ in range(runs):
            run = subprocess.run([hivediag, "-q", "-o", "ndjson", "--no-peers", "--root", tree],
                                 capture_output=True, check=False)
            reports += [json.loads(line) for line in run.stdout.decode("utf-8", "strict").splitlines()]
    finally:
        stop.set()
        proc.join()
    copies = [r for r in reports if r.get("role") not in (None, "current")]
    leaked = sum(1 for r in reports if (r.get("hive") or {}).get("sha256") == secret)
    read = sum(1 for r in copies if r.get("error") is None)
    print("root_race %s: %d runs, %d copy reports: %d read inside the tree, %d read through a link"
          % (mode, runs, len(copies), read - leaked, leaked))
    sys.exit(0 if leaked == 0 and copies else 1)


main()
