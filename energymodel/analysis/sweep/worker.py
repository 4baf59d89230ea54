"""What one worker does with one case: build its Network, solve it (warm when the worker's live HiGHS
instance holds an LP of the same structure, else built anew) with its counterfactual, and return the tidy
output rows. Runs in a process-pool worker, a Dask worker or the main process alike.

Each worker process keeps, in :data:`_STATE`, the data tables it has read (by data directory) and one
:class:`~energymodel.solver.warm.CaseResolver` (the last LP structure it solved). A case whose Network
has the same :func:`~energymodel.solver.vectors.structure_key` is loaded into it by changing costs and
bounds only; any other case replaces it.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
import traceback
from pathlib import Path
from typing import Any

from energymodel.errors import InputError, SolveError

log = logging.getLogger(__name__)

_STATE: dict[str, Any] = {"tables": {}, "resolver": None, "key": None, "cf": None, "trusted": False}


def _tables(data: Path):
    from energymodel.inputs.data import read_tables

    cache = _STATE["tables"]
    if str(data) not in cache:
        cache.clear()
        cache[str(data)] = read_tables(data)
    return cache[str(data)]


def _separate() -> bool:
    return not mp.current_process().daemon  # a daemonic worker (Dask) may not fork children


def _case_vectors(net, resolver):
    """The LP numbers of ``net`` for ``resolver``'s structure, or None when its matrix differs.

    From the Network (``lp_vectors``, no model built) when the structure is trusted; else compiled (the
    model is built, but the solve still starts warm) and used only if the matrix is identical."""
    from energymodel.solver.highs import compile_network
    from energymodel.solver.vectors import LPVectors, lp_vectors, same_matrix

    if _STATE["trusted"]:
        return lp_vectors(net, resolver.lp)
    lp, _ = compile_network(net, separate_process=_separate())
    return LPVectors.of(lp) if same_matrix(lp, resolver.lp) else None


def _resolver_for(net, options, timings: dict[str, float]):
    """(resolver, warm): the worker's resolver loaded with ``net``'s numbers, or a new one.

    A new structure is trusted for ``lp_vectors`` only if it reproduces the compiled LP exactly (a guard
    against a model family that ``vectors.py`` does not mirror); otherwise each case of it is compiled and
    loaded into the live instance when its matrix is identical (warm), and built anew when not."""
    from energymodel.solver.highs import compile_network
    from energymodel.solver.vectors import LPVectors, differs, lp_vectors, structure_key
    from energymodel.solver.warm import CaseResolver

    t0 = time.perf_counter()
    key = structure_key(net)
    resolver = _STATE["resolver"]
    if resolver is not None and _STATE["key"] == key and resolver.options == options:
        vec = _case_vectors(net, resolver)
        if vec is not None:
            resolver.load(vec)
            resolver.net = net
            timings["load_s"] = time.perf_counter() - t0
            timings["lp_from_network"] = float(_STATE["trusted"])
            timings.update({f"changed_{k}": float(v) for k, v in resolver.changed.items()})
            return resolver, True
    _STATE["resolver"] = _STATE["key"] = _STATE["cf"] = None
    del resolver  # the old instance's memory goes before the new model is built
    lp, _ = compile_network(net, separate_process=_separate())
    resolver = CaseResolver(net, lp, options)
    try:
        mismatch = {k: n for k, n in differs(lp_vectors(net, lp), LPVectors.of(lp)).items() if n}
    except KeyError as exc:  # a block vectors.py does not know
        mismatch = {"uncovered": str(exc)}
    if mismatch:
        log.info("LP numbers not reproduced from the network (%s): each case of this structure is compiled, "
                 "then re-solved warm if its matrix is the same", mismatch)
    _STATE["resolver"], _STATE["key"], _STATE["trusted"] = resolver, key, not mismatch
    timings["build_s"] = time.perf_counter() - t0
    return resolver, False


def _counterfactual_results(resolver, cf_net, options, timings):
    """The counterfactual's Results. Cases that differ only in what the counterfactual removes (the
    capacity of cross-border links, against ``isolated``) share it: the last one is kept and re-used
    when its LP numbers are identical."""
    import numpy as np

    from energymodel.results.extract import extract_results
    from energymodel.solver.highs import compile_network, solve_lp
    from energymodel.solver.vectors import structure_key

    t0 = time.perf_counter()
    vec = None
    if _STATE["key"] is not None and structure_key(cf_net) == _STATE["key"]:
        vec = _case_vectors(cf_net, resolver)
    if vec is not None:
        last = _STATE["cf"]
        if last is not None and last[0] == _STATE["key"] and all(
                np.array_equal(getattr(vec, k), getattr(last[1], k)) for k in ("cost", "col_lb", "col_ub",
                                                                              "row_lb", "row_ub")):
            timings["counterfactual_s"] = time.perf_counter() - t0
            timings["counterfactual_reused"] = 1.0
            return last[2]
        resolver.load(vec)
        solution = resolver.solve_as("counterfactual")
        results = extract_results(cf_net, solution)
        _STATE["cf"] = (_STATE["key"], vec, results)
    else:  # e.g. expandable links, which the counterfactual fixes: a separate LP
        solution = solve_lp(compile_network(cf_net, separate_process=_separate())[0], options)
        results = extract_results(cf_net, solution)
    timings["counterfactual_s"] = time.perf_counter() - t0
    return results


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the model is built in a forked child): on
    a shared machine a fairer measure of a case's work than wall time."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def solve_case(task: dict[str, Any]) -> dict[str, Any]:
    """Solve one case. ``task``: case_id, scenario (merged scenario data, validated again here),
    counterfactual, outputs, cases_dir (write the full results folder there, or None).

    Returns case_id, status (``ok`` or ``failed``), error, warm, timings [s], rows (dicts with output,
    item, value), diagnostics (dicts with code, severity, message, where: the checks ``run`` makes,
    ``results/diagnostics.py``), worker (host:pid). Never raises for a case's own problem (bad value, infeasible LP)."""
    t_start, cpu_start = time.perf_counter(), _cpu_s()
    timings: dict[str, float] = {}
    out = {"case_id": task["case_id"], "status": "ok", "error": "", "warm": False, "rows": [], "diagnostics": [],
           "worker": f"{os.uname().nodename}:{os.getpid()}"}
    try:
        rows, warm, found = _solve(task, timings)
        out["rows"], out["warm"], out["diagnostics"] = rows, warm, found
    except (InputError, SolveError, ValueError, KeyError) as exc:
        out["status"], out["error"] = "failed", f"{type(exc).__name__}: {exc}"
        _STATE["resolver"] = _STATE["key"] = None  # a failed solve leaves no basis worth keeping
    except Exception as exc:  # noqa: BLE001 - recorded with its traceback; the sweep goes on
        out["status"] = "failed"
        out["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}"
        _STATE["resolver"] = _STATE["key"] = None
    timings["total_s"] = time.perf_counter() - t_start
    timings["cpu_s"] = _cpu_s() - cpu_start
    out["timings"] = timings
    return out


def _solve(task: dict[str, Any], timings: dict[str, float]) -> tuple[list[dict], bool, list[dict]]:
    from energymodel import pipeline
    from energymodel.analysis import integration
    from energymodel.analysis.sweep.outputs import collect
    from energymodel.inputs.scenario import validate_scenario
    from energymodel.network.network import build_network
    from energymodel.results.extract import extract_results

    scenario = validate_scenario(dict(task["scenario"]), task["scenario"].get("source_file"))
    tables = _tables(scenario.data)
    t0 = time.perf_counter()
    network = build_network(scenario, tables)
    timings["network_s"] = time.perf_counter() - t0
    resolver, warm = _resolver_for(network, scenario.solver, timings)
    t0 = time.perf_counter()
    solution = resolver.solve_as("scenario")
    timings["solve_s"] = time.perf_counter() - t0
    timings["simplex_iterations"] = float(solution.info["simplex_iterations"])
    results = extract_results(network, solution)
    cf = pipeline.counterfactual(task["counterfactual"], network, tables)
    summary = results.summary()
    cf_results = None
    if cf is not None:
        cf_results = _counterfactual_results(resolver, cf[1], scenario.solver, timings)
        summary["integration"] = integration.value_of_integration(
            results, cf_results, cf[0], scenario.integration.rent_rule,
            capex=integration.link_costs(tables, network, scenario.discount_rate))
    summary["diagnostics"] = _diagnostics(scenario, tables, network, results, cf_results, cf)
    if task.get("cases_dir"):
        _write_case(task, scenario, results, summary)
    return collect(results, summary, task["outputs"]), warm, summary["diagnostics"]


def _diagnostics(scenario, tables, network, results, cf_results, cf) -> list[dict]:
    """The checks ``run`` makes on a solved scenario and its counterfactual (``results/diagnostics.py``)."""
    from energymodel.analysis import integration
    from energymodel.results import diagnostics

    found = diagnostics.diagnose(results, cf_results, cf[0] if cf is not None else "", scenario=scenario,
                                 tables=tables)
    note = integration.nothing_to_isolate(network) if cf is not None and cf[0] == "isolated" else None
    if note:
        found.insert(0, diagnostics.Diagnostic("nothing_to_isolate", diagnostics.WARNING, note))
    return diagnostics.records(found)


def _write_case(task, scenario, results, summary) -> None:
    from energymodel.results.writing import write_results

    write_results(results, Path(task["cases_dir"]) / task["case_id"], resolved_scenario=scenario.resolved_dict(),
                  metadata={"case_id": task["case_id"], "sweep": task.get("sweep", "")}, summary=summary)


def reset() -> None:
    """Forget the worker's tables and live LP (tests; a long-lived worker between sweeps)."""
    _STATE["tables"].clear()
    _STATE["resolver"] = _STATE["key"] = _STATE["cf"] = None
