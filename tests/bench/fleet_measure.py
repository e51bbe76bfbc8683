#!/usr/bin/python3
"""fleet_measure.py - the measurements of issue 23's figures that measure.py
does not take (tests/bench/bench_fleet.sh).  Every command runs with stdin
/dev/null and stderr discarded.

fleet_measure.py first RUNS CMD [ARG...]
    Time to the first line on stdout (the first report) and to the end, the
    medians of RUNS runs: "first_seconds wall_seconds".

fleet_measure.py parent CMD [ARG...]
    One run, the process's own memory read from /proc/PID/status every 20 ms
    (not its children's: hivediag's workers are apart): "wall_seconds
    peak_kib rss_kib_at_25% rss_kib_at_50% rss_kib_at_90%" (VmHWM at the last
    reading, VmRSS at those fractions of the run): flat means the parent does
    not grow with the hives.

fleet_measure.py sigint WALL FRACTION[,FRACTION...] CMD [ARG...]
    For each fraction f: start CMD, send SIGINT at f * WALL seconds, time the
    exit: "max_latency_seconds worst_status f1:latency1:status1 ...".  The
    status of a stopped hivediag is 130 (128 + SIGINT).
"""
import os
import signal
import statistics
import subprocess
import sys
import time


def start(cmd, stdout=subprocess.DEVNULL):
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.DEVNULL)


def first(runs, cmd):
    firsts, walls = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = start(cmd, stdout=subprocess.PIPE)
        line = p.stdout.readline()
        t1 = time.perf_counter()
        while p.stdout.read(1 << 16):
            pass
        p.wait()
        firsts.append(t1 - t0 if line else float("nan"))
        walls.append(time.perf_counter() - t0)
    print("%.4f %.4f" % (statistics.median(firsts), statistics.median(walls)))


def status_kib(pid):
    vals = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmHWM", "VmRSS"):
                    vals[k] = int(v.split()[0])
    except OSError:
        pass
    return vals


def parent(cmd):
    t0 = time.perf_counter()
    p = start(cmd)
    samples, hwm = [], 0
    while p.poll() is None:
        v = status_kib(p.pid)
        if "VmRSS" in v:
            samples.append((time.perf_counter() - t0, v["VmRSS"]))
            hwm = max(hwm, v.get("VmHWM", 0))
        time.sleep(0.02)
    wall = time.perf_counter() - t0

    def at(frac):
        best = [r for t, r in samples if t <= frac * wall]
        return best[-1] if best else 0
    print("%.4f %d %d %d %d" % (wall, hwm, at(0.25), at(0.5), at(0.9)))


def sigint(wall, fractions, cmd):
    out, worst_lat, worst_status = [], 0.0, 0
    for f in fractions:
        p = start(cmd)
        time.sleep(f * wall)
        t0 = time.perf_counter()
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
            try:
                p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            lat = time.perf_counter() - t0
        else:
            lat = 0.0
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        worst_lat = max(worst_lat, lat)
        worst_status = max(worst_status, status)
        out.append("%g:%.3f:%d" % (f, lat, status))
    print("%.4f %d %s" % (worst_lat, worst_status, " ".join(out)))


def main(argv):
    if argv[:1] == ["first"]:
        first(int(argv[1]), argv[2:])
    elif argv[:1] == ["parent"]:
        parent(argv[1:])
    elif argv[:1] == ["sigint"]:
        sigint(float(argv[1]), [float(x) for x in argv[2].split(",")], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
