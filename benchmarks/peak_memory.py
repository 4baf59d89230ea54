"""Run a command and report its wall time and the peak of the summed resident memory of it and all its
descendants (worker processes included), sampled every 0.2 s with psutil.

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
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    sys.stderr.write(f"peak_memory: exit {proc.returncode}, wall {seconds:.1f} s, peak summed RSS "
                     f"{peak / 2**30:.2f} GiB\n")
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
