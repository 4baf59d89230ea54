"""Sweep benchmark: time per case warm vs rebuilt, and the speed-up of N workers over 1.

    python benchmarks/bench_sweep.py warm --cases 3                    # full year: 1 rebuilt + 2 warm cases
    python benchmarks/bench_sweep.py workers --n 2 --resolution-h 3    # the PE-CL × LNG grid on 2 workers
    python benchmarks/bench_sweep.py scaling --n 2 --hours 336 --capacities 16   # 1 vs 2 workers, 48 cases

``warm`` runs the first ``--cases`` capacities of scenarios/sweeps/pe_cl_lng_grid.yaml (LNG at 12
USD/MMBtu) in one worker: the first case is built, the others re-solve warm; it prints wall and CPU
seconds per case (CPU: the worker and its build child; fairer than wall time on a shared machine).
``workers`` runs the whole grid in a fresh folder on ``--n`` local processes and prints the wall time, the
CPU seconds of the cases and the load average (other work on the machine slows every run).
``scaling`` runs ``workers`` with 1 and with ``--n`` workers, each in a fresh process, and prints the
N-workers / 1-worker speed-up in wall time and in CPU time (the 1-worker run's CPU over the N-worker run's
critical path: its main process plus its busiest worker, i.e. the speed-up if each process had a core of
its own; fairer on a shared machine), with the warm / rebuilt ratio by kind of change (link capacity only,
or a price: costs changed) and HiGHS's simplex iterations. ``--capacities K`` spreads K PE-CL capacities
over 0–2000 MW (K × 3 cases); ``--prices`` sets the LNG prices.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from energymodel.analysis.sweep.engine import open_backend  # noqa: E402
from energymodel.analysis.sweep.runner import run_sweep  # noqa: E402
from energymodel.analysis.sweep.spec import Horizon, load_sweep  # noqa: E402

SWEEP = ROOT / "scenarios" / "sweeps" / "pe_cl_lng_grid.yaml"


def _spec(args, cases: int | None = None):
    spec = load_sweep(SWEEP)
    spec = spec.model_copy(update={"horizon": Horizon(hours=args.hours, resolution_h=args.resolution_h)})
    if getattr(args, "capacities", None) or getattr(args, "prices", None):
        p0, p1 = spec.parameters
        k = args.capacities or len(p0.values)
        caps = [round(2000 * i / (k - 1)) for i in range(k)] if k > 1 else [1000]
        spec = spec.model_copy(update={"parameters": [p0.model_copy(update={"values": caps}),
                                                      p1.model_copy(update={"values": args.prices or p1.values})]})
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


def _cpu_all() -> float:
    """CPU seconds of this process and every finished descendant (pool workers, their build children)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def workers(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        load0 = os.getloadavg()
        t0, cpu0 = time.perf_counter(), _cpu_all()
        backend = open_backend(args.n)
        try:
            run_sweep(_spec(args), Path(tmp) / "sweep", backend)
        finally:
            backend.close()
        seconds, cpu = time.perf_counter() - t0, _cpu_all() - cpu0
        df = _cases(Path(tmp) / "sweep")
    per_worker = df.groupby("worker")["cpu_s"].sum()
    main_cpu = cpu - per_worker.sum() if args.n > 1 else cpu - df["cpu_s"].sum()
    print(f"{args.n} worker(s): {seconds:.1f} s wall, {int(df['warm'].sum())} of {len(df)} warm, CPU "
          f"{cpu:.0f} s in all ({df['cpu_s'].sum():.0f} s in cases, per worker "
          f"{', '.join(f'{v:.0f}' for v in per_worker)}); load average before {load0}, after {os.getloadavg()}")
    print(json.dumps({"n": args.n, "wall_s": seconds, "cpu_s": cpu, "main_cpu_s": max(main_cpu, 0.0),
                      "busiest_worker_cpu_s": float(per_worker.max()), "load_before": load0,
                      "load_after": os.getloadavg(), "cases": _kinds(df)}))


def _kinds(df) -> list[dict]:
    """Per case: warm, what changed (rebuilt / capacity only / price), CPU s, solve s, iterations."""
    out = []
    for _, r in df.iterrows():
        kind = "rebuilt" if not r["warm"] else ("price" if r.get("changed_costs", 0) > 0 else "capacity")
        out.append({"kind": kind, "cpu_s": float(r["cpu_s"]), "solve_s": float(r["solve_s"]),
                    "iterations": float(r["simplex_iterations"]), "total_s": float(r["total_s"])})
    return out


def scaling(args) -> None:
    import pandas as pd

    from common import child_json

    base = [a for pair in (("--hours", args.hours), ("--resolution-h", args.resolution_h),
                           ("--capacities", args.capacities)) if pair[1] for a in map(str, pair)]
    base += ["--prices", *map(str, args.prices)] if args.prices else []
    one = child_json("benchmarks/bench_sweep.py", ["workers", "--n", "1", *base])
    many = child_json("benchmarks/bench_sweep.py", ["workers", "--n", str(args.n), *base])
    cpu_path = many["main_cpu_s"] + many["busiest_worker_cpu_s"]
    print(f"{len(one['cases'])} cases; 1 worker {one['wall_s']:.1f} s wall, {one['cpu_s']:.0f} CPU-s; {args.n} "
          f"workers {many['wall_s']:.1f} s wall, {many['cpu_s']:.0f} CPU-s (critical path {cpu_path:.0f}: main process "
          f"{many['main_cpu_s']:.1f} + busiest worker {many['busiest_worker_cpu_s']:.1f})")
    print(f"speed-up {args.n}/1: wall {one['wall_s'] / many['wall_s']:.2f}x, CPU-based "
          f"{one['cpu_s'] / cpu_path:.2f}x (target {0.7 * args.n:.1f}x); load average "
          f"{one['load_before'][0]:.1f}->{one['load_after'][0]:.1f} (1 worker), "
          f"{many['load_before'][0]:.1f}->{many['load_after'][0]:.1f} ({args.n} workers)")
    for label, run in (("1 worker", one), (f"{args.n} workers", many)):
        df = pd.DataFrame(run["cases"])
        stats = df.groupby("kind").agg(cases=("cpu_s", "size"), cpu_s=("cpu_s", "mean"), solve_s=("solve_s", "mean"),
                                       iterations=("iterations", "mean"))
        print(f"{label}:\n{stats.round(2).to_string()}")
        if "rebuilt" in stats.index:
            for kind in ("capacity", "price"):
                if kind in stats.index:
                    cpu = stats.at["rebuilt", "cpu_s"] / stats.at[kind, "cpu_s"]
                    print(f"  rebuilt / warm ({kind}): CPU {cpu:.2f}x, "
                          f"solve {stats.at['rebuilt', 'solve_s'] / stats.at[kind, 'solve_s']:.2f}x, iterations "
                          f"{stats.at['rebuilt', 'iterations'] / max(stats.at[kind, 'iterations'], 1):.1f}x")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["warm", "workers", "scaling"])
    p.add_argument("--hours", type=int, default=None)
    p.add_argument("--resolution-h", type=int, default=None)
    p.add_argument("--cases", type=int, default=3, help="warm: cases (PE-CL capacities) to run")
    p.add_argument("--n", type=int, default=2, help="workers, scaling: local processes")
    p.add_argument("--capacities", type=int, default=None, help="PE-CL capacities over 0-2000 MW (K x prices cases)")
    p.add_argument("--prices", type=float, nargs="+", default=None, help="LNG prices [USD/MMBtu]")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    {"warm": warm, "workers": workers, "scaling": scaling}[args.what](args)


if __name__ == "__main__":
    main()
