"""Sweep benchmark: time per case warm vs rebuilt, and the speed-up of 2 workers over 1.

    python benchmarks/bench_sweep.py warm --cases 3                    # full year: 1 rebuilt + 2 warm cases
    python benchmarks/bench_sweep.py workers --n 1 --resolution-h 3    # the PE-CL × LNG grid on 1 worker
    python benchmarks/bench_sweep.py workers --n 2 --resolution-h 3    # … and on 2 (run each in a fresh process)

``warm`` runs the first ``--cases`` capacities of scenarios/sweeps/pe_cl_lng_grid.yaml (LNG at 12
USD/MMBtu) in one worker: the first case is built, the others re-solve warm; it prints wall and CPU
seconds per case (CPU: the worker and its build child; fairer than wall time on a shared machine).
``workers`` runs the whole grid in a fresh folder on ``--n`` local processes and prints the wall time, the
CPU seconds of the cases and the load average (other work on the machine slows every run).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from energymodel.analysis.sweep.engine import open_backend  # noqa: E402
from energymodel.analysis.sweep.runner import run_sweep  # noqa: E402
from energymodel.analysis.sweep.spec import Horizon, load_sweep  # noqa: E402

SWEEP = ROOT / "scenarios" / "sweeps" / "pe_cl_lng_grid.yaml"


def _spec(args, cases: int | None = None):
    spec = load_sweep(SWEEP)
    spec = spec.model_copy(update={"horizon": Horizon(hours=args.hours, resolution_h=args.resolution_h)})
    if cases:
        p0, p1 = spec.parameters
        spec = spec.model_copy(update={"parameters": [p0.model_copy(update={"values": p0.values[:cases]}),
                                                      p1.model_copy(update={"values": [12]})]})
    return spec


def _cases(out: Path):
    import pandas as pd

    return pd.read_parquet(out / "cases.parquet")


def warm(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        backend = open_backend(1)
        run_sweep(_spec(args, args.cases), Path(tmp) / "sweep", backend)
        df = _cases(Path(tmp) / "sweep")
    cols = ["interconnectors.PE-CL.capacity_mw", "warm", "total_s", "cpu_s", "solve_s", "simplex_iterations"]
    print(df[cols].to_string(index=False))
    rebuilt, warm_ = df[~df["warm"].astype(bool)], df[df["warm"].astype(bool)]
    for col in ("total_s", "cpu_s", "solve_s"):
        print(f"{col}: rebuilt {rebuilt[col].mean():.1f}, warm {warm_[col].mean():.1f}, "
              f"ratio {rebuilt[col].mean() / warm_[col].mean():.2f}x")
    print(f"load average at the end: {os.getloadavg()}")


def workers(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        load0 = os.getloadavg()
        t0 = time.perf_counter()
        backend = open_backend(args.n)
        try:
            run_sweep(_spec(args), Path(tmp) / "sweep", backend)
        finally:
            backend.close()
        seconds = time.perf_counter() - t0
        df = _cases(Path(tmp) / "sweep")
    print(f"{args.n} worker(s): {seconds:.1f} s wall, {int(df['warm'].sum())} of {len(df)} warm, CPU "
          f"{df['cpu_s'].sum():.0f} s in cases; load average before {load0}, after {os.getloadavg()}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["warm", "workers"])
    p.add_argument("--hours", type=int, default=None)
    p.add_argument("--resolution-h", type=int, default=None)
    p.add_argument("--cases", type=int, default=3, help="warm: cases (PE-CL capacities) to run")
    p.add_argument("--n", type=int, default=2, help="workers: local processes")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    {"warm": warm, "workers": workers}[args.what](args)


if __name__ == "__main__":
    main()
