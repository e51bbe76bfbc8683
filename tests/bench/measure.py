#!/usr/bin/python3
"""measure.py RUNS CMD [ARG...] - run CMD RUNS times (stdin /dev/null, output
discarded) and print "wall_seconds peak_rss_kib exit_status", each the median
of the runs.  Peak RSS is ru_maxrss from wait4: the largest resident set of
the process and of every descendant it waited for (for hivediag, its
per-hive worker processes), as GNU time reports it."""
import os
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
cmd = sys.argv[2:]
walls, rss, codes = [], [], []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    walls.append(time.perf_counter() - t0)
    rss.append(usage.ru_maxrss)
    codes.append(os.waitstatus_to_exitcode(status))
print(f"{statistics.median(walls):.4f} {int(statistics.median(rss))} {max(codes)}")
