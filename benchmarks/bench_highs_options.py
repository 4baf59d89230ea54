"""Which HiGHS options solve the scenario LP fastest, and how to solve its counterfactual.

    python benchmarks/bench_highs_options.py                 # 8760 h of scenarios/base.yaml
    python benchmarks/bench_highs_options.py --hours 1752 --sets dual_off dual_on

The LP is compiled once (as ``energymodel run`` compiles it) and saved; each option set then solves it in
a fresh process (``highspy.passModel`` + ``run``), so each peak memory (ru_maxrss) is that solve's own. For
the counterfactual (isolated) it also times, in fresh processes:

* ``cf_warm``: the scenario solve, then the counterfactual re-solved from its basis in the same instance;
* ``cf_cold``: the counterfactual LP alone from scratch (what a second process would do alongside the
  scenario).

The option set with the shortest solve becomes the default in ``inputs/scenario.py`` (``SolverOptions``).
"""
from __future__ import annotations

import argparse
import json
import logging
import pickle
import resource
import tempfile
import time
from pathlib import Path

from common import child_json

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench_highs_options")

OPTION_SETS: dict[str, dict] = {
    "dual_off": {"solver": "simplex", "simplex_strategy": 1, "presolve": "off"},
    "dual_on": {"solver": "simplex", "simplex_strategy": 1, "presolve": "on"},
    "primal_on": {"solver": "simplex", "simplex_strategy": 4, "presolve": "on"},
    "pami2_on": {"solver": "simplex", "simplex_strategy": 2, "presolve": "on", "threads": 2,
                 "simplex_max_concurrency": 2},
    "ipm_x_on": {"solver": "ipm", "run_crossover": "on", "presolve": "on", "threads": 2},
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _highs(options: dict):
    from energymodel.solver.highs import new_highs
    h = new_highs()
    for k, v in {"threads": 1, "time_limit": 3600.0, **options}.items():
        h.setOptionValue(k, v)
    return h


def solve_set(lp_path: str, options: dict) -> dict:
    from energymodel.solver.highs import to_highs_lp
    with open(lp_path, "rb") as fh:
        lp = pickle.load(fh)["lp"]
    h = _highs(options)
    h.passModel(to_highs_lp(lp))
    t0 = time.perf_counter()
    h.run()
    wall = time.perf_counter() - t0
    return {"highs_s": h.getRunTime(), "wall_s": wall, "peak_mb": _peak_mb(),
            "status": h.modelStatusToString(h.getModelStatus()),
            "objective_usd": h.getInfo().objective_function_value,
            "iterations": h.getInfo().simplex_iteration_count}


def counterfactual(lp_path: str, options: dict, how: str) -> dict:
    """``warm``: scenario then counterfactual in one instance; ``cold``: the counterfactual alone."""
    import numpy as np

    from energymodel.solver.highs import to_highs_lp
    with open(lp_path, "rb") as fh:
        saved = pickle.load(fh)
    lp, cols, caps = saved["lp"], saved["cf_cols"], saved["cf_caps"]
    h = _highs(options)
    out = {}
    if how == "cold":
        lp.col_ub[cols] = caps
        h.passModel(to_highs_lp(lp))
    else:
        h.passModel(to_highs_lp(lp))
        t0 = time.perf_counter()
        h.run()
        out["scenario_s"] = time.perf_counter() - t0
        h.changeColsBounds(len(cols), cols.astype(np.int32), lp.col_lb[cols], caps)
    t0 = time.perf_counter()
    h.run()
    out.update({"cf_s": time.perf_counter() - t0, "peak_mb": _peak_mb(),
                "objective_usd": h.getInfo().objective_function_value,
                "status": h.modelStatusToString(h.getModelStatus())})
    return out


def prepare(scenario_path: str, hours: int, lp_path: str) -> dict:
    """Compile the scenario's LP and the column bounds of its isolated counterfactual; save both."""
    import numpy as np

    from energymodel import build_network, load_scenario
    from energymodel.analysis.integration import isolate
    from energymodel.solver.highs import compile_network

    net = build_network(load_scenario(scenario_path, hours=hours))
    lp, _ = compile_network(net)
    cf = isolate(net)
    n_t = net.n_snapshots
    cols, caps = [], []
    for var, frame, col in (("v_flow_fwd", cf.links, "capacity_fwd_mw"), ("v_flow_bwd", cf.links, "capacity_bwd_mw"),
                            ("v_gas_flow", cf.gas_links, "capacity_mw_th")):
        if frame is None or var not in lp.col_blocks:
            continue
        start = lp.col_blocks[var][0]
        for i, cap in enumerate(frame[col].to_numpy(dtype=float)):
            cols.append(np.arange(start + i * n_t, start + (i + 1) * n_t))
            caps.append(np.full(n_t, cap))
    with open(lp_path, "wb") as fh:
        pickle.dump({"lp": lp, "cf_cols": np.concatenate(cols), "cf_caps": np.concatenate(caps)}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    return {"rows": lp.matrix.shape[0], "cols": lp.matrix.shape[1], "nnz": int(lp.matrix.nnz)}


def _child(args: list[str]) -> dict:
    return child_json(__file__, args)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default=str(ROOT / "scenarios" / "base.yaml"))
    p.add_argument("--hours", type=int, default=8760)
    p.add_argument("--sets", nargs="+", default=list(OPTION_SETS), choices=list(OPTION_SETS))
    p.add_argument("--cf-options", default="dual_on", choices=list(OPTION_SETS),
                   help="option set for the counterfactual comparison")
    p.add_argument("--skip-cf", action="store_true")
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        kind, lp_path, name = args.child
        if kind == "set":
            print(json.dumps(solve_set(lp_path, OPTION_SETS[name])))
        elif kind == "prepare":
            print(json.dumps(prepare(args.scenario, args.hours, lp_path)))
        else:
            print(json.dumps(counterfactual(lp_path, OPTION_SETS[name], kind)))
        return

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        lp_path = str(Path(tmp) / "lp.pickle")
        shape = _child(["--scenario", args.scenario, "--hours", str(args.hours), "--child", "prepare", lp_path, "-"])
        log.info("T = %d h: %s", args.hours, shape)
        rows = {}
        for name in args.sets:
            rows[name] = _child(["--child", "set", lp_path, name])
            log.info("%-10s %s", name, rows[name])
        cf = {}
        if not args.skip_cf:
            for how in ("warm", "cold"):
                cf[how] = _child(["--child", how, lp_path, args.cf_options])
                log.info("cf_%s %s", how, cf[how])
    best = min(rows, key=lambda k: rows[k]["highs_s"])
    print(f"T = {args.hours} h, {shape['rows']} rows, {shape['cols']} columns")
    print(f"{'options':<10} {'HiGHS s':>8} {'peak MB':>8} {'iterations':>10} {'vs best':>8}")
    for name, r in rows.items():
        print(f"{name:<10} {r['highs_s']:>8.2f} {r['peak_mb']:>8.0f} {r['iterations']:>10} "
              f"{r['highs_s'] / rows[best]['highs_s']:>8.2f}")
    if cf:
        print(f"counterfactual ({args.cf_options}): warm re-solve {cf['warm']['cf_s']:.2f} s after a scenario solve "
              f"of {cf['warm']['scenario_s']:.2f} s (peak {cf['warm']['peak_mb']:.0f} MB); cold alone "
              f"{cf['cold']['cf_s']:.2f} s (peak {cf['cold']['peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
