"""The performance targets of issue 11, each printed as a ratio with peak memory.

    python benchmarks/bench_targets.py                      # every target (full-year ones take minutes)
    python benchmarks/bench_targets.py --only 4 5           # the short ones
    python benchmarks/bench_targets.py --hours 1752         # a shorter horizon for targets 1–3

Every timed run is a fresh process (``subprocess``), so its wall time includes start-up and imports and
its peak memory (ru_maxrss of the process and of the children it waited for) is its own. Ratios compare
runs made back to back in this one benchmark; on a shared machine read the ratios, not the seconds.

1. scenario alone (``energymodel run`` with ``counterfactual: none``: load, build, solve, results written)
   vs PyPSA building the same LP (``outputs/pypsa_export.to_pypsa``) and solving it
   (``Network.optimize``, HiGHS with the same options). Target ≤ 0.75.
2. full ``energymodel run`` (scenario + counterfactual + results + report) vs HiGHS alone solving the
   scenario LP with the default options (the fastest of ``bench_highs_options.py``). Target ≤ 1.15.
3. peak memory of that full run. Target < 1500 MB.
4. ``energymodel run --hours 24`` end to end vs ``python -c "import <the run's dependencies>"``, alternated
   ``--repeat`` times, medians. Target ≤ 2.
5. multi-solve work on 1 and on ``--workers`` processes, solve phase timed in one process, back to back:
   ``links`` (``analysis.links.evaluate``: exact Shapley values of the 2033 milestone's 7 links, 128
   coalitions) and the value-vs-capacity curve (``capacity_curve_parallel``: PE-CL at 0, 100, …, 3000 MW):
   speed-up ≥ 0.7 × workers.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "base.yaml"
log = logging.getLogger("bench_targets")

RUN_DEPENDENCIES = "import numpy, pandas, yaml, pydantic, highspy, matplotlib.pyplot, plotly.graph_objects"
"""What a run imports: the parent all but the plotting libraries, the report worker matplotlib and plotly
(report.html). A run no longer imports Pyomo (the LP is built directly, ``model/direct``)."""


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _timed(cmd: list[str]) -> dict:
    """Run ``cmd`` in a fresh process: wall time [s] and the largest peak resident memory of it and of the
    children it waited for [MB] (GNU time's %M: the build and chart workers are counted, not summed)."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb %M", *cmd], capture_output=True, text=True,
                          cwd=ROOT, env=_env())
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    kb = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("maxrss_kb ")]
    return {"wall_s": wall, "peak_mb": int(kb[-1]) / 1024 if kb else float("nan"), "stdout": proc.stdout}


def _child(*args: str) -> dict:
    """Run this script in child mode; its last stdout line is JSON."""
    r = _timed([sys.executable, __file__, *args])
    out = json.loads(r["stdout"].strip().splitlines()[-1])
    return {**out, "wall_s": r["wall_s"], "peak_mb": out.get("peak_mb", r["peak_mb"])}


def _peak_self_mb() -> float:
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


# ------------------------------------------------------------------------------------------- children


def child_pypsa(hours: int, scenario_path: str) -> dict:
    """PyPSA: build the network from the scenario's Network and solve it (HiGHS, our default options)."""
    from energymodel import build_network, load_scenario
    from energymodel.outputs.pypsa_export import to_pypsa
    from energymodel.solver.highs import highs_options

    scenario = load_scenario(scenario_path, hours=hours)
    net = build_network(scenario)
    t0 = time.perf_counter()
    import pypsa  # noqa: F401  (its import is part of PyPSA's time)
    n = to_pypsa(net)
    t1 = time.perf_counter()
    opts = {k: v for k, v in highs_options(scenario.solver).items() if k != "time_limit"}
    status = n.optimize(solver_name="highs", output_flag=False, **opts)
    t2 = time.perf_counter()
    return {"build_s": t1 - t0, "optimize_s": t2 - t1, "total_s": t2 - t0, "status": list(status),
            "objective_usd": float(n.objective), "peak_mb": _peak_self_mb()}


def child_highs(hours: int) -> dict:
    """HiGHS alone on the scenario LP with the default options (LP built first, not timed)."""
    from energymodel import build_network, load_scenario
    from energymodel.solver.highs import highs_options, new_highs, to_highs_lp
    from energymodel.solver.worker import compile_network

    scenario = load_scenario(BASE, hours=hours)
    lp, _ = compile_network(build_network(scenario))
    h = new_highs()
    for k, v in highs_options(scenario.solver).items():
        h.setOptionValue(k, v)
    h.passModel(to_highs_lp(lp))
    del lp
    h.run()
    # the LP was built in this process (direct build): the peak is HiGHS's, the LP's and the Network's
    return {"highs_s": h.getRunTime(), "objective_usd": h.getInfo().objective_function_value,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_parallel(command: str, workers: int, hours: int, resolution_h: int) -> dict:
    """Solve phase of a multi-solve command on 1 and on ``workers`` processes, back to back."""
    from energymodel import build_network, load_scenario
    from energymodel.analysis import links as lk
    from energymodel.solver.warm import LinkResolver
    from energymodel.solver.worker import compile_network

    scenario = load_scenario(BASE, hours=hours, resolution_h=resolution_h)
    net = build_network(scenario)
    out = {}
    lp, _ = compile_network(net)
    if command == "links":  # the 2033 milestone: 7 cross-border links, 128 coalitions (enough cases)
        net = build_network(load_scenario(ROOT / "scenarios" / "milestone_2033.yaml", hours=hours,
                                          resolution_h=resolution_h))
        lp, _ = compile_network(net)
        players = lk.candidate_links(net)
        coalitions = lk.all_coalitions(players)
        t0 = time.perf_counter()
        one = lk.evaluate(net, lp, scenario.solver, players, coalitions, workers=1)
        out["one_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        many = lk.evaluate(net, lp, scenario.solver, players, coalitions, workers=workers)
        out["many_s"] = time.perf_counter() - t0
        out["same"] = bool(all(abs(one.costs[c] - many.costs[c]) <= 1e-6 * abs(one.costs[c]) for c in one.costs))
        out["cases"] = one.solves
    else:  # curve
        link, caps = "PE-CL", [float(c) for c in range(100, 3001, 100)]
        if link not in net.links.index:
            from energymodel.inputs.scenario import InterconnectorOptions
            sc = scenario.model_copy(update={"interconnectors": {**scenario.interconnectors,
                                                                  link: InterconnectorOptions(capacity_mw=0.0)}})
            net = build_network(sc)
            lp, _ = compile_network(net)
        t0 = time.perf_counter()
        one = lk.capacity_curve(LinkResolver(net, lp, scenario.solver), link, caps)
        out["one_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        many = lk.capacity_curve_parallel(net, lp, scenario.solver, link, caps, workers)
        out["many_s"] = time.perf_counter() - t0
        out["same"] = bool(((one["value_usd"] - many["value_usd"]).abs() <= 1e-6 * one["value_usd"].abs().max()).all())
        out["cases"] = len(caps) + 1
    return out


# --------------------------------------------------------------------------------------------- targets


def _scenario_without_cf(tmp: Path) -> Path:
    path = tmp / "base_no_cf.yaml"
    # the rules export-pypsa cannot carry are off on both sides, so PyPSA solves the very same LP
    path.write_text(f"name: base_no_cf\nextends: {BASE}\nintegration: {{counterfactual: none}}\n"
                    "rules: {must_run: false, take_or_pay: false, fuel_supply: false, reservoir_path: false, "
                    "hydro_month_budget: false}\n"
                    "reservoir_end: cyclic\n")
    return path


def _cli_run(scenario: Path, hours: int, out: Path) -> dict:
    r = _timed([sys.executable, "-m", "energymodel.cli", "run", str(scenario), "--hours", str(hours),
                "--out", str(out), "-q"])
    meta = json.loads((out / "metadata.json").read_text())
    return {**r, "timings": meta["timings_s"], "solver": meta["solver"]}


def targets_1_to_3(hours: int, tmp: Path, with_pypsa: bool = True) -> list[str]:
    lines = [] if with_pypsa else _targets_2_3(hours, tmp)
    if not with_pypsa:
        return lines
    log.info("target 1: energymodel scenario alone, T = %d h…", hours)
    same = _scenario_without_cf(tmp)
    ours = _cli_run(same, hours, tmp / "scenario")
    log.info("target 1: PyPSA on the same LP…")
    theirs = _child("--child", "pypsa", str(hours), str(same))
    summary = json.loads((tmp / "scenario" / "summary.json").read_text())
    rel = abs(theirs["objective_usd"] - summary["objective_usd"]) / abs(summary["objective_usd"])
    lines.append(f"1  scenario alone, build + solve + write vs PyPSA build + solve: {ours['wall_s']:.1f} s "
                 f"({ours['peak_mb']:.0f} MB) vs {theirs['total_s']:.1f} s (network {theirs['build_s']:.1f}, "
                 f"optimize {theirs['optimize_s']:.1f}; {theirs['peak_mb']:.0f} MB): ratio "
                 f"{ours['wall_s'] / theirs['total_s']:.2f} (target ≤ 0.75; objectives differ by {rel:.1e})")
    return lines + _targets_2_3(hours, tmp)


def _targets_2_3(hours: int, tmp: Path) -> list[str]:
    lines = []
    log.info("target 2: full run…")
    full = _cli_run(BASE, hours, tmp / "full")
    log.info("target 2: HiGHS alone…")
    alone = _child("--child", "highs", str(hours))
    t = full["timings"]
    highs_in_run = full["solver"]["timings_s"]["highs_own"]
    cf = next((v for k, v in t.items() if k.startswith("solve counterfactual")), 0.0)
    other = full["wall_s"] - highs_in_run - cf
    lines.append(f"2  full run vs HiGHS alone on the scenario LP: {full['wall_s']:.1f} s vs {alone['highs_s']:.1f} s: "
                 f"ratio {full['wall_s'] / alone['highs_s']:.2f} (target ≤ 1.15); in the run: HiGHS "
                 f"{highs_in_run:.1f} s, counterfactual {cf:.1f} s, everything else {other:.1f} s = "
                 f"{other / highs_in_run:.2f} of the solve (target < 0.10); steps: " +
                 ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    lines.append(f"3  peak memory of the full run (its largest process): {full['peak_mb']:.0f} MB (target < 1500 MB); "
                 f"HiGHS alone {alone['peak_mb']:.0f} MB (with the Network and the LP it was given)")
    return lines


def target_4(repeat: int, tmp: Path) -> list[str]:
    """Rounds alternate the import of the run's dependencies with the 24 h run. Both start from the state a
    user's machine is in after a first run: energymodel's modules compiled to bytecode, as the installed
    libraries' are (pip compiles them; Python writes the rest on first import, unless
    PYTHONDONTWRITEBYTECODE is set, as it is on the project machine, where every run would otherwise
    recompile energymodel), and the data tables in the table cache (one untimed run)."""
    import compileall
    compileall.compile_dir(str(ROOT / "energymodel"), quiet=1)
    _timed([sys.executable, "-m", "energymodel.cli", "run", str(BASE), "--hours", "24", "--out",
            str(tmp / "r24-warm-up"), "-q"])
    runs, imports = [], []
    for i in range(repeat):
        imports.append(_timed([sys.executable, "-c", RUN_DEPENDENCIES])["wall_s"])
        r = _timed([sys.executable, "-m", "energymodel.cli", "run", str(BASE), "--hours", "24", "--out",
                    str(tmp / "r24"), "-q"])
        runs.append(r["wall_s"])
        peak = r["peak_mb"]
        log.info("target 4, round %d: import %.2f s, 24 h run %.2f s", i + 1, imports[-1], runs[-1])
    run, imp = statistics.median(runs), statistics.median(imports)
    return [f"4  24-hour run end to end vs importing its dependencies: {run:.2f} s vs {imp:.2f} s (medians of "
            f"{repeat}): ratio {run / imp:.2f} (target ≤ 2); peak {peak:.0f} MB"]


def target_5(workers: int, hours: int, resolution_h: int, commands: list[str]) -> list[str]:
    lines = []
    for command in commands:
        log.info("target 5: %s on 1 and %d workers…", command, workers)
        r = _child("--child", "parallel", command, str(workers), str(hours), str(resolution_h))
        speedup = r["one_s"] / r["many_s"]
        lines.append(f"5  {command}: {r['cases']} solves, 1 worker {r['one_s']:.1f} s, {workers} workers "
                     f"{r['many_s']:.1f} s: speed-up {speedup:.2f} = {speedup / workers:.2f} × N (target ≥ 0.7 × N); "
                     f"same answers: {r['same']}")
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", type=int, nargs="+", default=[1, 4, 5],
                   help="targets to run (1 runs 1–3; 2 or 3 without 1 skips PyPSA)")
    p.add_argument("--hours", type=int, default=8760, help="horizon of targets 1–3")
    p.add_argument("--repeat", type=int, default=3, help="rounds of target 4")
    p.add_argument("--workers", type=int, default=2, help="workers of target 5")
    p.add_argument("--parallel-hours", type=int, default=2184, help="horizon of target 5")
    p.add_argument("--parallel-resolution-h", type=int, default=3)
    p.add_argument("--commands", nargs="+", default=["links", "curve"], choices=["links", "curve"])
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "pypsa":
            print(json.dumps(child_pypsa(int(rest[0]), rest[1])))
        elif kind == "highs":
            print(json.dumps(child_highs(int(rest[0]))))
        else:
            print(json.dumps(child_parallel(rest[0], int(rest[1]), int(rest[2]), int(rest[3]))))
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    load = os.getloadavg()
    lines = [f"load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if 4 in args.only:
            lines += target_4(args.repeat, tmp)
        if 5 in args.only:
            lines += target_5(args.workers, args.parallel_hours, args.parallel_resolution_h, args.commands)
        if 1 in args.only or 2 in args.only or 3 in args.only:  # 2 and 3 come from the same full run
            lines += targets_1_to_3(args.hours, tmp, with_pypsa=1 in args.only)
    load = os.getloadavg()
    lines.append(f"load average at end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
