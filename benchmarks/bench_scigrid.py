"""SciGRID-DE (PyPSA's example network: 585 buses, 1,423 generators, 38 pumped-hydro units, 852 lines,
96 transformers, 24 h) imported with ``import-pypsa`` and solved under DC power flow, against PyPSA's own
``optimize`` (Kirchhoff's voltage law) on the same network: time, objective and bus-hour prices.

    python benchmarks/bench_scigrid.py PATH/TO/scigrid-de          # the CSV folder or scigrid-de.nc

The network is not shipped (2 MB, CC-BY-4.0): it is ``examples/networks/scigrid-de`` in the PyPSA
repository (https://github.com/PyPSA/PyPSA). As in PyPSA's own example (docs/examples/scigrid-lopf-then-pf),
line ratings are cut to ``s_max_pu`` = 0.7 (an N−1 margin) and lines 316, 527 and 602 raised to 1,715 MVA
(without that the network cannot serve its load) before both solves; all 24 hours are solved at once.
Needs the optional extra ``pypsa``. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("network", type=Path)
    ap.add_argument("--s-max-pu", type=float, default=0.7)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    import pypsa

    from energymodel import build_network, load_scenario
    from energymodel.inputs.pypsa_import import import_pypsa
    from energymodel.solver.highs import solve_lp
    from energymodel.solver.worker import compile_network
    from energymodel.results.extract import extract_results

    n = pypsa.Network(str(args.network))
    n.lines["s_max_pu"] = args.s_max_pu
    n.lines.loc[["316", "527", "602"], "s_nom"] = 1715.0
    out: dict = {"buses": len(n.buses), "snapshots": len(n.snapshots), "s_max_pu": args.s_max_pu}
    with tempfile.TemporaryDirectory() as tmp:
        nc = Path(tmp) / "scigrid.nc"
        n.export_to_netcdf(str(nc))
        t0 = time.perf_counter()
        scenario = import_pypsa(nc, Path(tmp) / "imported")
        out["import_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        net = build_network(load_scenario(scenario))
        lp, _ = compile_network(net)
        out["build_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        sol = solve_lp(lp)
        out["energymodel_solve_s"] = round(time.perf_counter() - t0, 2)
        out["energymodel_objective_usd"] = sol.objective_usd
        ours = extract_results(net, sol).price_matrix()
    t0 = time.perf_counter()
    status = n.optimize(solver_name="highs", log_to_console=False)
    out["pypsa_optimize_s"] = round(time.perf_counter() - t0, 2)
    out["pypsa_status"] = list(status)
    out["pypsa_objective"] = float(n.objective)
    out["objective_rel_diff"] = abs(sol.objective_usd - n.objective) / abs(n.objective)
    theirs = n.buses_t.marginal_price
    theirs.columns = [c.replace(" ", "_") for c in theirs.columns.astype(str)]
    common = [c for c in ours.columns if c in theirs.columns]
    a, b = ours[common].to_numpy(), theirs[common].to_numpy()
    diff = np.abs(a - b)
    out["bus_hours_compared"] = int(diff.size)
    out["prices_equal_share"] = float((diff <= 1e-4 * np.maximum(1.0, np.abs(b))).mean())
    out["max_price_diff_usd_per_mwh"] = float(diff.max())
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
