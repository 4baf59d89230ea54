"""Many regions: a synthetic meshed network of a few hundred buses, imported from PyPSA's CSV format and
solved, with and without DC power flow and with and without figures.

    python benchmarks/bench_many_regions.py                       # 300 buses, 24 h
    python benchmarks/bench_many_regions.py --regions 600 --hours 48

The network is made up here (seeded): buses on a ring with chords every 7th bus (so there are loops), two
generators per bus (one with a 24-hour wind-like availability), load at two buses in three, a storage unit
at every tenth bus, a DC link every 25th bus. Steps timed: import (``import-pypsa``), then each run (the
CLI ``energymodel run``, counterfactual none) split into its logged steps from ``metadata.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_pypsa_csv(folder: Path, n: int, hours: int, seed: int = 0) -> None:
    """Write a synthetic PyPSA CSV folder with ``n`` buses and ``hours`` hourly snapshots."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    snaps = pd.date_range("2025-01-01", periods=hours, freq="h")
    pd.DataFrame({"snapshot": snaps, "objective": 1.0, "stores": 1.0, "generators": 1.0}).to_csv(
        folder / "snapshots.csv")
    buses = [f"bus{i}" for i in range(n)]
    pd.DataFrame({"name": buses, "v_nom": 380.0, "country": [f"C{i // 50}" for i in range(n)]}).to_csv(
        folder / "buses.csv", index=False)
    gens = pd.DataFrame({"name": [f"{b}_{k}" for b in buses for k in ("thermal", "wind")],
                         "bus": [b for b in buses for _ in range(2)],
                         "p_nom": rng.uniform(50, 400, 2 * n).round(1),
                         "marginal_cost": np.where(np.arange(2 * n) % 2, 0.0, rng.uniform(20, 120, 2 * n).round(2)),
                         "carrier": ["thermal", "wind"] * n})
    gens.to_csv(folder / "generators.csv", index=False)
    hour = np.arange(hours)[:, None]
    wind = np.clip(0.45 + 0.35 * np.sin(2 * np.pi * (hour / 24 + rng.random(n))), 0, 1)
    pd.DataFrame(wind.round(4), columns=[f"{b}_wind" for b in buses]).to_csv(folder / "generators-p_max_pu.csv")
    loaded = buses[: (2 * n) // 3]
    load = rng.uniform(50, 250, len(loaded)) * (1 + 0.25 * np.sin(2 * np.pi * (hour - 6) / 24))
    pd.DataFrame({"name": [f"load_{b}" for b in loaded], "bus": loaded}).to_csv(folder / "loads.csv", index=False)
    pd.DataFrame(load.round(2), columns=[f"load_{b}" for b in loaded]).to_csv(folder / "loads-p_set.csv")
    ends = [(i, (i + 1) % n) for i in range(n)] + [(i, (i + 7) % n) for i in range(0, n, 7)]
    pd.DataFrame({"name": [f"line{k}" for k in range(len(ends))], "bus0": [buses[a] for a, _ in ends],
                  "bus1": [buses[b] for _, b in ends], "x": rng.uniform(5, 40, len(ends)).round(2),
                  "s_nom": rng.uniform(150, 600, len(ends)).round(0)}).to_csv(folder / "lines.csv", index=False)
    su = buses[::10]
    pd.DataFrame({"name": [f"bat_{b}" for b in su], "bus": su, "p_nom": 50.0, "max_hours": 4.0,
                  "efficiency_store": 0.95, "efficiency_dispatch": 0.95, "cyclic_state_of_charge": True}).to_csv(
        folder / "storage_units.csv", index=False)
    dc = [(i, (i + n // 2) % n) for i in range(0, n, 25)]
    pd.DataFrame({"name": [f"dc{k}" for k in range(len(dc))], "bus0": [buses[a] for a, _ in dc],
                  "bus1": [buses[b] for _, b in dc], "p_nom": 300.0, "p_min_pu": -1.0}).to_csv(
        folder / "links.csv", index=False)


def run(scenario: Path, out: Path, power_flow: str, plots: bool) -> dict:
    from energymodel.cli import main

    text = scenario.read_text().replace("power_flow: dc", f"power_flow: {power_flow}")
    variant = scenario.with_name(f"{power_flow}.yaml")
    variant.write_text(text)
    t0 = time.perf_counter()
    args = ["run", str(variant), "--out", str(out), "-q"] + ([] if plots else ["--no-plots"])
    if main(args) != 0:
        raise SystemExit(f"run failed: {' '.join(args)}")
    wall = time.perf_counter() - t0
    timings = json.loads((out / "metadata.json").read_text())["timings_s"]
    summary = json.loads((out / "summary.json").read_text())
    return {"power_flow": power_flow, "plots": plots, "wall_s": wall, **{k: timings.get(k, float("nan")) for k in (
        "load scenario and data", "build and compile model", "solve", "extract results", "write results")},
            "objective_usd": summary["objective_usd"]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--regions", type=int, default=300)
    p.add_argument("--hours", type=int, default=24)
    args = p.parse_args()
    from energymodel.inputs.pypsa_import import import_pypsa

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_pypsa_csv(tmp / "pypsa", args.regions, args.hours)
        t0 = time.perf_counter()
        scenario = import_pypsa(tmp / "pypsa", tmp / "net", name="many")
        print(f"import-pypsa: {args.regions} buses, {args.hours} h in {time.perf_counter() - t0:.2f} s")
        if "integration" not in scenario.read_text():  # several countries: skip the counterfactual here
            scenario.write_text(scenario.read_text() + "integration: {counterfactual: none}\n")
        rows = [run(scenario, tmp / f"out-{pf}-{pl}", pf, pl) for pf in ("transport", "dc") for pl in (True, False)]
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3g}" if abs(v) < 1e6 else f"{v:.6g}"))


if __name__ == "__main__":
    main()
