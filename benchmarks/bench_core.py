"""Core benchmark: where the time and memory of one run go, against HiGHS alone on the same LP.

    python benchmarks/bench_core.py                     # T = 168, 1752, 8760 hours of scenarios/base.yaml
    python benchmarks/bench_core.py --hours 168 1752    # a subset
    python benchmarks/bench_core.py --scenario examples/two_regions.yaml

Each horizon runs in a fresh process, so peak memory (ru_maxrss) is that run's own. Steps timed:
load (scenario + data + Network), build (the LP from the Network with the builder the scenario names:
the direct numpy build by default; ``--builder pyomo`` builds the Pyomo model and compiles it in the worker
process, the column ``compile`` then holding the compile and the hand-back of the matrix), pass (hand-over
to highspy), HiGHS (HiGHS's own run time), extract (tidy results), write (results folder). The pure HiGHS
reference writes the same LP once as an MPS file (``highspy``), then times ``highspy`` reading and solving
that file with the same options in another fresh process.

Target (issue 2): at 8760 h everything except the HiGHS solve takes at most half the HiGHS solve time,
and peak memory stays under 2 GB.
"""
from __future__ import annotations

import argparse
import json
import logging
import resource
import tempfile
import time
from pathlib import Path

from common import child_json

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench_core")


def _peak_mb() -> float:
    """Peak resident memory of this process or of any child it waited for (the model-building worker)."""
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def one_run(scenario_path: str, hours: int, lp_file: str | None, builder: str = "direct") -> dict:
    """Time one full run in this process; optionally write the LP file for the pure-HiGHS reference."""
    from energymodel import build_network, extract_results, load_scenario, write_results
    from energymodel.solver.highs import compile_network, new_highs, solve_lp, to_highs_lp

    t = {}
    t0 = time.perf_counter()
    scenario = load_scenario(scenario_path, hours=hours)
    network = build_network(scenario)
    t["load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    lp, inner = compile_network(network, builder=builder)  # as the command line builds it
    if builder == "pyomo":  # in a worker process: the hand-back of the matrix counted with compiling
        t["build_s"] = inner["build model"]
        t["compile_s"] = time.perf_counter() - t0 - inner["build model"]
    else:
        t["build_s"], t["compile_s"] = inner["build LP"], 0.0
    solution = solve_lp(lp, scenario.solver)
    t["pass_s"] = solution.timings_s["pass_model"]
    t["highs_s"] = solution.timings_s["highs_own"]
    t0 = time.perf_counter()
    results = extract_results(network, solution)
    t["extract_s"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        write_results(results, Path(tmp) / "out", resolved_scenario=scenario.resolved_dict(), metadata={})
        t["write_s"] = time.perf_counter() - t0
    t["peak_mb"] = _peak_mb()  # before the LP file is written below
    t["objective_usd"] = solution.objective_usd
    t["rows"], t["columns"], t["nonzeros"] = (solution.info["rows"], solution.info["columns"],
                                              solution.info["nonzeros"])
    if lp_file:  # after the measurements
        h = new_highs()
        h.passModel(to_highs_lp(lp))
        h.writeModel(lp_file)
    return t


def pure_highs(lp_file: str, options: dict) -> dict:
    """HiGHS alone on the LP file: read and solve in this process."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, value in options.items():
        h.setOptionValue(key, value)
    t0 = time.perf_counter()
    h.readModel(lp_file)
    read_s = time.perf_counter() - t0
    h.run()
    return {"read_s": read_s, "highs_s": h.getRunTime(), "peak_mb": _peak_mb(),
            "status": h.modelStatusToString(h.getModelStatus()),
            "objective_usd": h.getInfo().objective_function_value}


def _child(args: list[str]) -> dict:
    return child_json(__file__, args)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default=str(ROOT / "scenarios" / "base.yaml"))
    p.add_argument("--hours", type=int, nargs="+", default=[168, 1752, 8760])
    p.add_argument("--skip-pure", action="store_true", help="skip the pure-HiGHS reference")
    p.add_argument("--builder", choices=("direct", "pyomo"), default="direct",
                   help="how the LP is built (solver.builder; default direct)")
    p.add_argument("--child-run", type=int, help=argparse.SUPPRESS)
    p.add_argument("--child-pure", help=argparse.SUPPRESS)
    p.add_argument("--lp-file", help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.child_run is not None:
        print(json.dumps(one_run(args.scenario, args.child_run, args.lp_file, args.builder)))
        return
    if args.child_pure:
        from energymodel import load_scenario
        from energymodel.solver.highs import highs_options
        print(json.dumps(pure_highs(args.child_pure, highs_options(load_scenario(args.scenario).solver))))
        return

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = []
    for hours in args.hours:
        with tempfile.TemporaryDirectory() as tmp:
            lp_file = None if args.skip_pure else str(Path(tmp) / "model.mps")
            extra = ["--lp-file", lp_file] if lp_file else []
            log.info("T = %d h: running energymodel…", hours)
            run = _child(["--scenario", args.scenario, "--child-run", str(hours), "--builder", args.builder, *extra])
            pure = None
            if lp_file:
                log.info("T = %d h: running HiGHS alone on the LP file…", hours)
                pure = _child(["--scenario", args.scenario, "--child-pure", lp_file])
        rows.append((hours, run, pure))

    head = (f"{'T [h]':>6} {'rows':>8} {'cols':>8} {'load':>6} {'build':>6} {'compile':>7} {'pass':>5} "
            f"{'HiGHS':>7} {'extract':>7} {'write':>6} {'other/HiGHS':>11} {'peak MB':>8} "
            f"{'pure HiGHS':>10} {'pure MB':>8} {'total/pure':>10}")
    lines = [head]
    for hours, r, pure in rows:
        other = r["load_s"] + r["build_s"] + r["compile_s"] + r["pass_s"] + r["extract_s"] + r["write_s"]
        total = other + r["highs_s"]
        line = (f"{hours:>6} {r['rows']:>8} {r['columns']:>8} {r['load_s']:>6.2f} {r['build_s']:>6.2f} "
                f"{r['compile_s']:>7.2f} {r['pass_s']:>5.2f} {r['highs_s']:>7.2f} {r['extract_s']:>7.2f} "
                f"{r['write_s']:>6.2f} {other / r['highs_s']:>11.2f} {r['peak_mb']:>8.0f}")
        if pure:
            line += f" {pure['highs_s']:>10.2f} {pure['peak_mb']:>8.0f} {total / pure['highs_s']:>10.2f}"
            if abs(pure["objective_usd"] - r["objective_usd"]) > 1e-6 * abs(r["objective_usd"]) + 1e-6:
                line += f"  OBJECTIVE MISMATCH {pure['objective_usd']} vs {r['objective_usd']}"
        lines.append(line)
    print("\n".join(lines))
    print("times in seconds; other = everything but the HiGHS solve; pure = HiGHS alone on the same LP "
          "(MPS file written by highspy → highspy.readModel, same options)")


if __name__ == "__main__":
    main()
