#!/usr/bin/python3
"""measure.py RUNS CMD [ARG...] - run CMD RUNS times (stdin /dev/null, output
discarded) and print "wall_seconds peak_rss_kib exit_status", each the median
of the runs.  Peak RSS is ru_maxrss from wait4: the largest resident set of
the process and of every descendant it waited for (for hivediag, its
worker processes), as GNU time reports it.

measure.py --pair RUNS CMD_A [ARG...] --vs CMD_B [ARG...] - run A and B
alternately, RUNS times each, and print "wall_a rss_a wall_b rss_b ratio":
the medians of each, and the median of the RUNS ratios A/B, each taken
from two runs side by side, so that a machine's load drifting during the
measurement moves both sides of a ratio alike."""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


if sys.argv[1] == "--pair":
    runs = int(sys.argv[2])
    split = sys.argv.index("--vs")
    a, b = sys.argv[3:split], sys.argv[split + 1:]
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(a))
        rb.append(run(b))
    ratio = statistics.median(x[0] / y[0] for x, y in zip(ra, rb))
    print(f"{statistics.median(x[0] for x in ra):.4f} {int(statistics.median(x[1] for x in ra))} "
          f"{statistics.median(x[0] for x in rb):.4f} {int(statistics.median(x[1] for x in rb))} {ratio:.4f}")
    sys.exit(0)

runs = int(sys.argv[1])
results = [run(sys.argv[2:]) for _ in range(runs)]
print(f"{statistics.median(r[0] for r in results):.4f} {int(statistics.median(r[1] for r in results))} "
      f"{max(r[2] for r in results)}")
