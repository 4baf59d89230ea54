"""Which link earns the value: leave-one-out values, Shapley values and value-vs-capacity curves.

Every variant differs from the scenario only in cross-border link capacities, so the LP is compiled
once and re-solved with changed bounds (``resolve.LinkResolver``, warm-started). Coalition solves run
on a process pool, each worker holding its own HiGHS instance.

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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from energymodel.network.network import Network
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


# ---- process-pool workers: one LinkResolver per worker process ---------------------------------------


def _fork_context():
    """``fork`` where it exists: workers inherit the LP instead of unpickling a copy each."""
    import multiprocessing as mp
    return mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None

_WORKER: dict = {}


def _init_worker(net: Network, lp: LinearProgram, options: SolverOptions, players: list[str]) -> None:
    _WORKER["resolver"] = LinkResolver(net, lp, options)
    _WORKER["net"], _WORKER["players"] = net, players


def _costs(coalitions: list[Coalition]) -> list[tuple[Coalition, float]]:
    resolver, net, players = _WORKER["resolver"], _WORKER["net"], _WORKER["players"]
    out = []
    for c in coalitions:
        resolver.set_capacities(_capacities(net, players, c))
        out.append((c, resolver.objective()))
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
             coalitions: list[Coalition], workers: int | None = None) -> CoalitionCosts:
    """Solve every coalition (players outside it at zero capacity) on a pool of ``workers`` processes.

    The coalitions are ordered by :func:`solve_order` and cut into one contiguous segment per worker:
    each worker passes the LP to its own HiGHS instance once (inherited by ``fork``, nothing pickled),
    solves its first coalition cold and every next one warm, changing a few link bounds at a time. The
    parent only collects the objectives."""
    coalitions = solve_order(coalitions, players)
    workers = max(1, min(workers or os.cpu_count() or 1, len(coalitions)))
    t0 = time.perf_counter()
    from energymodel.outputs.bars import bar

    desc = "coalition solves"
    if workers == 1:
        _init_worker(net, lp, options, players)
        results = [r for c in bar(coalitions, total=len(coalitions), desc=desc) for r in _costs([c])]
    else:
        bounds = np.linspace(0, len(coalitions), workers + 1).round().astype(int)
        chunks = [coalitions[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        # one contiguous segment per worker (warm along it); the bar moves as each segment is done
        with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(), initializer=_init_worker,
                                 initargs=(net, lp, options, players)) as pool:
            results = [r for part in bar(pool.map(_costs, chunks), total=len(chunks), desc=desc,
                                         unit="segment") for r in part]
    seconds = time.perf_counter() - t0
    log.info("%d coalition solves on %d process(es) in %.1f s", len(coalitions), workers, seconds)
    return CoalitionCosts(players, dict(results), net.annualisation, len(coalitions), seconds)


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
                samples: int = 64, seed: int = 0, workers: int | None = None) -> tuple[pd.DataFrame, CoalitionCosts]:
    """Leave-one-out and Shapley value of each cross-border link [USD/yr]."""
    players = candidate_links(net)
    if len(players) <= max_exact:
        coalitions = all_coalitions(players)
        cc = evaluate(net, lp, options, players, coalitions, workers)
        phi, method = shapley_exact(cc), "exact"
    else:
        orderings = sampled_orderings(players, samples, seed)
        needed = {frozenset(), frozenset(players)} | {frozenset(players) - {p} for p in players}
        for order in orderings:
            needed |= {frozenset(order[:k]) for k in range(1, len(order) + 1)}
        cc = evaluate(net, lp, options, players, list(needed), workers)
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

    for cap in bar(capacities_mw, desc=f"{link} capacities"):
        resolver.set_capacity(link, cap, cap)
        t0 = time.perf_counter()
        sol = resolver.solve()
        seconds = time.perf_counter() - t0
        duals = [float(arc_capacity_values(sol, var, net.n_snapshots)[i]) * ann
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
    with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(), initializer=_init_worker,
                             initargs=(net, lp, options, [link])) as pool:
        points = [p for part in pool.map(_curve_segment, [link] * len(segments), segments) for p in part]
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
