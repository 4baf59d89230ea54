"""Which link earns the value: leave-one-out values, Shapley values and value-vs-capacity curves.

Every variant differs from the scenario only in cross-border link capacities, so the LP is compiled
once and re-solved with changed bounds (``solver.warm.LinkResolver``, warm-started). Coalition solves run
on the sweep engine (a local process pool or Dask, with progress and resumption), each worker holding its
own HiGHS instance.

Definitions (annual USD; ``v(S)`` is the saving of coalition S of links against all of them at zero).
The players are the cross-border *electricity* links; gas links stay as in the scenario, so with
cross-border gas pipelines v(N) is less than the value against the fully isolated system:

    v(S)       = cost(no cross-border electricity link) − cost(only the links in S)
    LOO_i      = cost(all links but i) − cost(all links)
    φ_i        = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · [v(S ∪ {i}) − v(S)]      (exact, n ≤ max_exact)
    φ_i ≈ mean over random orderings of the marginal saving of adding i after its predecessors  (sampled)

Σ_i φ_i = v(N).
"""
from __future__ import annotations

import itertools
import logging
import math
import os
import time
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from dataclasses import dataclass

import numpy as np
import pandas as pd

from energymodel.network.network import Network
from energymodel.forking import quiet_worker, run_busy
from energymodel.network.bounds import link_availability
from energymodel.solver.warm import LinkResolver
from energymodel.inputs.scenario import SolverOptions
from energymodel.solver.highs import LinearProgram
from energymodel.results.extract import arc_capacity_values

log = logging.getLogger(__name__)

Coalition = frozenset


def candidate_links(net: Network) -> list[str]:
    """Cross-border links with capacity in at least one direction."""
    links = net.links
    active = links["cross_border"].astype(bool) & ((links["capacity_fwd_mw"] > 0) | (links["capacity_bwd_mw"] > 0))
    return list(links.index[active])


def _capacities(net: Network, players: list[str], coalition: Coalition) -> dict[str, tuple[float, float]]:
    links = net.links
    return {l: ((links.at[l, "capacity_fwd_mw"], links.at[l, "capacity_bwd_mw"]) if l in coalition else (0.0, 0.0))
            for l in players}


# ---- coalition tasks on the sweep engine: one LinkResolver per worker process ---------------------------
#
# A task names its source: ``key`` (a Network and LP the main process registered in _SOURCES before the
# local workers were forked, so they inherit it) and, for workers that did not (Dask), ``scenario``
# (merged scenario data they rebuild the Network and LP from, once).


def _fork_context():
    """``fork`` where it exists: workers inherit the LP instead of unpickling a copy each."""
    import multiprocessing as mp

    from energymodel.forking import fork_available
    return mp.get_context("fork") if fork_available() else None

_SOURCES: dict[str, tuple[Network, LinearProgram, SolverOptions]] = {}
_WORKER: dict = {}


def _init_worker(net: Network, lp: LinearProgram, options: SolverOptions, players: list[str]) -> None:
    """Pool initializer for :func:`capacity_curve_parallel`: one LinkResolver (HiGHS instance) per worker."""
    _WORKER["resolver"] = LinkResolver(net, lp, options)
    _WORKER["net"], _WORKER["players"] = net, players


def _source(task: dict) -> tuple[Network, LinearProgram, SolverOptions]:
    key = task["source"]
    if key not in _SOURCES:
        from energymodel.analysis.integration import without_expansion
        from energymodel.inputs.scenario import validate_scenario
        from energymodel.network.network import build_network
        from energymodel.solver.highs import compile_network

        if task.get("scenario") is None:
            raise RuntimeError("this worker did not inherit the network; give the scenario to run on Dask")
        scenario = validate_scenario(dict(task["scenario"]), task["scenario"].get("source_file"))
        net = build_network(scenario)
        if net.links["expandable"].any():
            net = without_expansion(net)
        _SOURCES.clear()
        _SOURCES[key] = (net, compile_network(net, separate_process=not mp.current_process().daemon)[0],
                         scenario.solver)
    return _SOURCES[key]


def coalition_cost(task: dict) -> dict:
    """Engine task: the objective [USD over the horizon] with only ``task["coalition"]`` of
    ``task["players"]`` at their capacity (the others at zero)."""
    t0 = time.perf_counter()
    out = {"case_id": task["case_id"], "status": "ok", "error": "", "warm": True, "rows": []}
    try:
        net, lp, options = _source(task)
        if _WORKER.get("source") != task["source"]:
            _WORKER["resolver"], _WORKER["source"] = LinkResolver(net, lp, options), task["source"]
            out["warm"] = False
        resolver = _WORKER["resolver"]
        resolver.set_capacities(_capacities(net, task["players"], frozenset(task["coalition"])))
        out["rows"] = [{"output": "objective_usd", "item": "|".join(sorted(task["coalition"])),
                        "value": resolver.objective()}]
    except Exception as exc:  # noqa: BLE001 - recorded; the run reports it
        out["status"], out["error"] = "failed", f"{type(exc).__name__}: {exc}"
        _WORKER.clear()
    out["timings"] = {"total_s": time.perf_counter() - t0}
    return out


@dataclass
class CoalitionCosts:
    """Objective [USD over the horizon] of each evaluated coalition."""

    players: list[str]
    costs: dict[Coalition, float]
    annualisation: float
    solves: int
    seconds: float

    def value(self, coalition) -> float:
        """v(S) [USD/yr]."""
        return (self.costs[frozenset()] - self.costs[frozenset(coalition)]) * self.annualisation


def solve_order(coalitions, players: list[str]) -> list[Coalition]:
    """The coalitions in an order where each differs from the one before in as few links as possible
    (greedy nearest neighbour by symmetric difference, from the largest one: the scenario as built). A
    warm re-solve costs more the more bounds change, so a worker walking this path re-solves cheaply."""
    left = sorted(set(coalitions), key=lambda c: (-len(c), sorted(c)))
    if not left:
        return []
    bit = {p: 1 << i for i, p in enumerate(players)}
    masks = {c: sum(bit[p] for p in c) for c in left}
    order = [left.pop(0)]
    while left:
        here = masks[order[-1]]
        best = min(range(len(left)), key=lambda i: (here ^ masks[left[i]]).bit_count())
        order.append(left.pop(best))
    return order


def evaluate(net: Network, lp: LinearProgram, options: SolverOptions, players: list[str],
             coalitions: list[Coalition], workers: int | None = None, *, backend=None, store_dir=None,
             scenario: dict | None = None) -> CoalitionCosts:
    """Solve every coalition (players outside it at zero capacity) on the sweep engine: ``backend`` (default:
    a local pool of ``workers`` processes). With ``store_dir``, each solved coalition is stored there as it
    finishes and coalitions already stored are not solved again (resume). ``scenario`` (merged scenario data)
    lets workers that did not fork from this process (Dask) rebuild the LP. Raises SolveError if one fails."""
    from energymodel.analysis.sweep.engine import open_backend, run_tasks
    from energymodel.analysis.sweep.store import Store, case_id
    from energymodel.errors import SolveError

    coalitions = solve_order(coalitions, players)  # neighbours differ in few links: cheap warm re-solves
    source = case_id({"links": list(net.links.index), "players": players, "scenario": scenario},
                     {}, {"n": int(lp.matrix.nnz), "obj": float(lp.cost.sum()), "ub": float(np.nansum(
                         np.where(np.isfinite(lp.col_ub), lp.col_ub, 0.0)))})
    _SOURCES.clear()
    _SOURCES[source] = (net, lp, options)
    _WORKER.clear()
    tasks = [{"case_id": case_id({"source": source}, {}, {"coalition": sorted(c)}), "source": source,
              "scenario": scenario, "players": players, "coalition": sorted(c)} for c in coalitions]
    store = Store(store_dir) if store_dir is not None else None
    costs: dict[Coalition, float] = {}
    by_id = {t["case_id"]: frozenset(t["coalition"]) for t in tasks}
    if store is not None:
        for cid, status in store.status().items():
            if status == "ok" and cid in by_id:
                costs[by_id[cid]] = float(store.read(cid)[1]["value"].iloc[0])
        if costs:
            log.info("%d of %d coalitions already solved in %s: not solved again", len(costs), len(tasks), store_dir)
    failed = []

    def keep(record: dict) -> None:
        if store is not None:
            store.write(record)
        if record["status"] == "ok":
            costs[by_id[record["case_id"]]] = record["rows"][0]["value"]
        else:
            failed.append(record["error"])

    todo = [t for t in tasks if frozenset(t["coalition"]) not in costs]
    own = backend is None
    backend = backend or open_backend(max(1, min(workers or os.cpu_count() or 1, len(todo) or 1)))
    t0 = time.perf_counter()
    try:
        run_tasks(backend, coalition_cost, todo, keep, label="coalitions")
    finally:
        if own:
            backend.close()
        _WORKER.clear()  # the inline backend's HiGHS instance lives in this process
        _SOURCES.clear()
    if failed:
        raise SolveError(f"{len(failed)} coalition solve(s) failed; first: {failed[0]}")
    seconds = time.perf_counter() - t0
    log.info("%d coalition solves on %s in %.1f s", len(todo), backend.name, seconds)
    return CoalitionCosts(players, costs, net.annualisation, len(todo), seconds)


def leave_one_out(cc: CoalitionCosts) -> pd.Series:
    full = frozenset(cc.players)
    return pd.Series({l: cc.value(full) - cc.value(full - {l}) for l in cc.players}, name="leave_one_out_usd")


def shapley_exact(cc: CoalitionCosts) -> pd.Series:
    n = len(cc.players)
    phi = {}
    for i in cc.players:
        others = [p for p in cc.players if p != i]
        total = 0.0
        for k in range(n):
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for s in itertools.combinations(others, k):
                s = frozenset(s)
                total += weight * (cc.value(s | {i}) - cc.value(s))
        phi[i] = total
    return pd.Series(phi, name="shapley_usd")


def all_coalitions(players: list[str]) -> list[Coalition]:
    return [frozenset(c) for k in range(len(players) + 1) for c in itertools.combinations(players, k)]


def sampled_orderings(players: list[str], samples: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    return [list(rng.permutation(players)) for _ in range(samples)]


def shapley_sampled(cc: CoalitionCosts, orderings: list[list[str]]) -> pd.Series:
    phi = dict.fromkeys(cc.players, 0.0)
    for order in orderings:
        before = frozenset()
        for p in order:
            phi[p] += cc.value(before | {p}) - cc.value(before)
            before = before | {p}
    return pd.Series({p: v / len(orderings) for p, v in phi.items()}, name="shapley_usd")


def link_values(net: Network, lp: LinearProgram, options: SolverOptions, *, max_exact: int = 8,
                samples: int = 64, seed: int = 0, workers: int | None = None,
                **engine) -> tuple[pd.DataFrame, CoalitionCosts]:
    """Leave-one-out and Shapley value of each cross-border link [USD/yr]. ``engine``: backend, store_dir,
    scenario (see :func:`evaluate`)."""
    players = candidate_links(net)
    if len(players) <= max_exact:
        coalitions = all_coalitions(players)
        cc = evaluate(net, lp, options, players, coalitions, workers, **engine)
        phi, method = shapley_exact(cc), "exact"
    else:
        orderings = sampled_orderings(players, samples, seed)
        needed = {frozenset(), frozenset(players)} | {frozenset(players) - {p} for p in players}
        for order in orderings:
            needed |= {frozenset(order[:k]) for k in range(1, len(order) + 1)}
        cc = evaluate(net, lp, options, players, list(needed), workers, **engine)
        phi, method = shapley_sampled(cc, orderings), f"sampled ({samples} orderings, seed {seed})"
    table = pd.concat([leave_one_out(cc), phi], axis=1)
    table["capacity_fwd_mw"] = net.links.loc[players, "capacity_fwd_mw"]
    table["capacity_bwd_mw"] = net.links.loc[players, "capacity_bwd_mw"]
    table.index.name = "link"
    table.attrs["method"] = method
    table.attrs["total_value_usd"] = cc.value(frozenset(players))
    return table, cc


# ---- value vs capacity ---------------------------------------------------------------------------------


def _curve_points(resolver: LinkResolver, link: str, capacities_mw: list[float]) -> list[dict]:
    """Objective [USD over the horizon] and capacity duals [USD/MW-yr] with ``link`` at each capacity
    (both directions), each re-solved warm from the one before (the first from wherever the instance is)."""
    net = resolver.net
    ann = net.annualisation
    i = list(net.links.index).index(link)
    rows = []
    from energymodel.outputs.bars import bar
    avail = dict(zip(("v_flow_fwd", "v_flow_bwd"), link_availability(net)))

    for cap in bar(capacities_mw, desc=f"{link} capacities"):
        resolver.set_capacity(link, cap, cap)
        t0 = time.perf_counter()
        sol = resolver.solve()
        seconds = time.perf_counter() - t0
        duals = [float(arc_capacity_values(sol, var, net.n_snapshots, avail[var])[i]) * ann
                 for var in ("v_flow_fwd", "v_flow_bwd")]
        rows.append({"capacity_mw": float(cap), "objective_usd": sol.objective_usd,
                     "dual_value_fwd_usd_per_mw_yr": duals[0], "dual_value_bwd_usd_per_mw_yr": duals[1],
                     "solve_s": seconds, "first_in_worker": resolver.solves == 1})
    return rows


def _curve_frame(points: list[dict], base_usd: float, ann: float) -> pd.DataFrame:
    df = pd.DataFrame(points).set_index("capacity_mw")
    df.insert(0, "value_usd", (base_usd - df.pop("objective_usd")) * ann)
    step = np.diff(np.r_[0.0, df.index.to_numpy()])
    dv = np.diff(np.r_[0.0, df["value_usd"].to_numpy()])
    df["marginal_value_usd_per_mw_yr"] = np.divide(dv, step, out=np.full_like(dv, np.nan), where=step > 0)
    return df


def capacity_curve(resolver: LinkResolver, link: str, capacities_mw: list[float]) -> pd.DataFrame:
    """Value of ``link`` at each capacity (both directions) against the link at zero [USD/yr], with the
    marginal value per MW-yr from the step and from the capacity duals (one instance, warm re-solves)."""
    resolver.set_capacity(link, 0.0, 0.0)
    base = resolver.objective()
    points = _curve_points(resolver, link, capacities_mw)
    return _curve_frame(points, base, resolver.net.annualisation).drop(columns="first_in_worker")


def _curve_segment(link: str, capacities_mw: list[float]) -> list[dict]:
    return _curve_points(_WORKER["resolver"], link, capacities_mw)


def capacity_curve_parallel(net: Network, lp: LinearProgram, options: SolverOptions, link: str,
                            capacities_mw: list[float], workers: int) -> pd.DataFrame:
    """:func:`capacity_curve` on a pool of ``workers`` processes: the capacities (after the link at zero)
    are cut into contiguous segments, one per worker, each solved cold at its first capacity and warm
    after. Adds ``first_in_worker`` (True for each worker's cold solve)."""
    caps = [0.0] + [float(c) for c in capacities_mw]
    workers = max(1, min(workers, len(caps)))
    bounds = np.linspace(0, len(caps), workers + 1).round().astype(int)
    segments = [caps[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(), initializer=quiet_worker,
                             initargs=(_init_worker, net, lp, options, [link])) as pool:
        points = [p for part in pool.map(partial(run_busy, _curve_segment), [link] * len(segments), segments)
                  for p in part]
    base = points[0]["objective_usd"]
    return _curve_frame(points[1:], base, net.annualisation)


def break_even_mw(curve: pd.DataFrame, cost_usd_per_mw_yr: float) -> tuple[float, bool]:
    """The largest capacity up to which each added step still earns at least its annualised cost, and
    whether the break-even lies inside the range (False: every step pays, look beyond the last one)."""
    ok = curve["marginal_value_usd_per_mw_yr"].fillna(np.inf) >= cost_usd_per_mw_yr
    below = np.flatnonzero(~ok.to_numpy())
    if len(below) == 0:
        return float(curve.index[-1]), False
    return (float(curve.index[below[0] - 1]) if below[0] > 0 else 0.0), True
