"""Run a command and report its wall time and the peak of the summed memory of it and all its descendants
(worker processes included), sampled every 0.2 s with psutil: proportional set size (PSS: a page shared by
n processes, e.g. after ``fork``, counts 1/n in each) where the system reports it, resident size (RSS)
otherwise; and the largest single process's RSS.

    python benchmarks/peak_memory.py -- energymodel sweep scenarios/sweeps/pe_cl_lng_grid.yaml --workers 2
"""
from __future__ import annotations

import subprocess
import sys
import time

import psutil


def main(argv: list[str]) -> int:
    cmd = argv[argv.index("--") + 1:] if "--" in argv else argv
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    root = psutil.Process(proc.pid)
    peak = largest = 0
    kind = "PSS"
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    largest = max(largest, rss)
                    try:
                        total += p.memory_full_info().pss
                    except (AttributeError, psutil.AccessDenied):  # no PSS on this system
                        kind = "RSS"
                        total += rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    sys.stderr.write(f"peak_memory: exit {proc.returncode}, wall {seconds:.1f} s, peak summed {kind} "
                     f"{peak / 2**30:.2f} GiB, largest process {largest / 2**30:.2f} GiB\n")
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
