#!/usr/bin/env python3
"""Whole-process wall and CPU time of several commands, run in turn (A B C A B C ...) so that a
shared machine's changing load falls on all of them alike. Not part of the test suite.

    bench/interleaved.py RUNS NAME 'COMMAND' [NAME 'COMMAND' ...]

Prints a Markdown table: median and mean wall ms, mean user and system ms, minor page faults.
"""
import os, shlex, statistics, subprocess, sys, time

runs = int(sys.argv[1])
pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
data = {name: [] for name, _ in pairs}
devnull = open(os.devnull, "w")
for warm in range(2):
    for _, cmd in pairs:
        subprocess.run(shlex.split(cmd), stdout=devnull, stderr=devnull)
for i in range(runs):
    for name, cmd in pairs:
        t0 = time.perf_counter()
        p = subprocess.Popen(shlex.split(cmd), stdout=devnull, stderr=devnull)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if status != 0:
            sys.exit(f"{name} failed: {cmd}")
        data[name].append((wall * 1000, ru.ru_utime * 1000, ru.ru_stime * 1000, ru.ru_minflt))
first = pairs[0][0]
base = statistics.median(w for w, *_ in data[first])
print(f"| command | wall median ms | × {first} | wall mean ± sd | user ms | system ms | page faults |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, _ in pairs:
    d = data[name]
    walls = [w for w, *_ in d]
    med = statistics.median(walls)
    print(f"| {name} | {med:.1f} | {med / base:.2f}× | {statistics.mean(walls):.1f} ± {statistics.stdev(walls):.1f} | "
          f"{statistics.mean(u for _, u, _, _ in d):.1f} | {statistics.mean(s for _, _, s, _ in d):.1f} | "
          f"{statistics.median(f for *_, f in d):.0f} |")
print(f"\n{runs} runs each, interleaved; load average {open('/proc/loadavg').read().split()[:3]}")
