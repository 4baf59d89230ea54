"""The numbers of a compiled LP that a case may change without changing its structure.

Two Networks with the same :func:`structure_key` compile to the same matrix, the same column and row
order and the same variable and constraint names; they differ only in the objective (fuel and carbon
prices, monthly fuel prices, VOLL, wheeling charges, storage dispatch costs, gas prices and transport costs,
snapshot weights),
column bounds (capacities, availability, demand as the bound of shedding, reservoir level floors and caps)
and row bounds (demand, inflows, reservoir start levels, annual generation limits, gas demand, existing
capacity of expandable links). :func:`lp_vectors` computes those five vectors straight from a
Network, in the layout of a compiled :class:`~energymodel.solver.highs.LinearProgram`, without building
the Pyomo model: a sweep re-solves a case in a live HiGHS instance by changing only these numbers.

It mirrors the families of ``energymodel/model`` term by term (docs/formulation.md); the test
``tests/test_sweep_vectors.py`` checks it against ``compile_lp(build_model(net))`` exactly.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

import numpy as np

from energymodel.inputs.units import HOURS_PER_YEAR
from energymodel.network import bounds
from energymodel.network.fuelprices import generator_costs
from energymodel.network.network import Network
from energymodel.network.storage import storage_columns
from energymodel.solver.highs import INF, LinearProgram

VALUE_COLUMNS = {
    "generators": ("capacity_mw", "fuel_price_usd_per_mwh_th", "vom_usd_per_mwh", "carbon_usd_per_t",
                   "marginal_cost_usd_per_mwh", "min_output_pu", "fuel_price_series"),
    "storage": ("power_mw", "energy_mwh", "charge_power_mw", "dispatch_cost_usd_per_mwh", "initial_soc_pu",
                "min_soc_pu"),
    "hydro": ("capacity_mw", "energy_mwh", "start_level_mwh", "end_level_mwh"),
    "lines": ("capacity_mw",),
    "gen_limits": ("mwh_per_year",),
    "links": ("capacity_fwd_mw", "capacity_bwd_mw", "wheeling_usd_per_mwh", "max_new_mw", "annuity_usd_per_mw_yr",
              "status", "year"),
    "gas_supply": ("capacity_mw_th", "price_usd_per_mwh_th", "price_reference"),
    "gas_links": ("capacity_mw_th", "cost_usd_per_mwh_th"),
}
"""Per Network table, the columns that reach the LP only through costs or bounds (or not at all).
Whether a reservoir has a start level (NaN or not) is structural; its value is a right-hand side."""

_OPTIONAL_TABLES = ("lines", "gen_limits")
"""Tables where None and empty mean the same LP (no rows, no columns)."""


@dataclass
class LPVectors:
    """Objective [USD per unit over the horizon], column and row bounds, in compiled-LP order."""

    cost: np.ndarray
    col_lb: np.ndarray
    col_ub: np.ndarray
    row_lb: np.ndarray
    row_ub: np.ndarray

    @classmethod
    def of(cls, lp: LinearProgram) -> "LPVectors":
        return cls(lp.cost.copy(), lp.col_lb.copy(), lp.col_ub.copy(), lp.row_lb.copy(), lp.row_ub.copy())


def structure_key(net: Network) -> str:
    """A hash of everything in ``net`` that shapes the LP's matrix and index sets (SHA-256, hex).

    Equal keys: :func:`lp_vectors` of one Network can be loaded into the other's LP. Everything not
    listed in :data:`VALUE_COLUMNS` (and the time series, whose values are only bounds) is part of the key,
    so an unforeseen difference means a rebuild, never a wrong warm solve."""
    parts: list = [net.n_snapshots, net.duration_h.tolist(), list(net.regions.index), net.has_gas,
                   net.co2_cap_tco2_per_year is None]
    for name in ("generators", "storage", "hydro", "links", "gas_supply", "gas_links", "gas_nodes",
                 *_OPTIONAL_TABLES):
        table = getattr(net, name)
        if table is None or (name in _OPTIONAL_TABLES and not len(table)):
            parts.append(None)
            continue
        fixed = table.drop(columns=[c for c in VALUE_COLUMNS.get(name, ()) if c in table.columns])
        parts.append((name, list(table.index), fixed.to_dict("split")))
    parts.append(list(net.availability_pu.columns))
    parts.append(list(net.inflow_mw.columns))
    parts.append(np.isnan(bounds.reservoir_start_end(net.hydro)[0]).tolist())  # which reservoirs have c_hydro_end
    parts.append(None if net.storage_inflow_mw is None else list(net.storage_inflow_mw.columns))
    if (net.gen_limits is not None and len(net.gen_limits)) or net.co2_cap_tco2_per_year is not None:
        parts.append(net.weight_h.tolist())  # weights are coefficients of c_gen_limit and c_co2_cap
    if net.has_gas:  # a gas node has a shedding column only where it has non-power demand
        demand = net.gas_demand_mw_th[list(net.gas_nodes.index)]
        parts.append([n for n in demand.columns if (demand[n] > 0).any()])
    return hashlib.sha256(pickle.dumps(parts, protocol=4)).hexdigest()


def _rep(values, n_t: int) -> np.ndarray:
    return np.repeat(np.asarray(values, dtype=float)[:, None], n_t, 1)


def lp_vectors(net: Network, lp: LinearProgram) -> LPVectors:
    """Costs and bounds of ``build_model(net)`` placed in ``lp``'s layout (``lp`` compiled from a Network
    with the same :func:`structure_key`). Raises ``KeyError`` if a block of ``lp`` is not covered."""
    w = np.asarray(net.weight_h, dtype=float)
    vec = LPVectors(np.zeros(lp.cost.shape), np.zeros(lp.col_lb.shape), np.full(lp.col_ub.shape, INF),
                    np.zeros(lp.row_lb.shape), np.zeros(lp.row_ub.shape))
    covered_cols: set[str] = set()
    covered_rows: set[str] = set()

    def col(name: str, ub: np.ndarray | None, cost_per_mwh=None, lb: np.ndarray | None = None) -> None:
        a, b = lp.col_blocks[name]
        if ub is not None:
            vec.col_ub[a:b] = np.asarray(ub, dtype=float).ravel()
        if lb is not None:
            vec.col_lb[a:b] = np.asarray(lb, dtype=float).ravel()
        if cost_per_mwh is not None:  # cost per unit (or per unit and snapshot), before weighting (terms.add_cost)
            cost = np.asarray(cost_per_mwh, dtype=float)
            vec.cost[a:b] += ((cost if cost.ndim == 2 else cost[:, None]) * w[None, :]).ravel()
        covered_cols.add(name)

    def row(name: str, lb, ub) -> None:
        a, b = lp.row_blocks[name]
        vec.row_lb[a:b] = np.broadcast_to(np.asarray(lb, dtype=float), (b - a,)) if np.ndim(lb) == 0 \
            else np.asarray(lb, dtype=float).ravel()
        vec.row_ub[a:b] = np.broadcast_to(np.asarray(ub, dtype=float), (b - a,)) if np.ndim(ub) == 0 \
            else np.asarray(ub, dtype=float).ravel()
        covered_rows.add(name)

    def structural(name: str) -> None:
        """A block whose numbers the structure key fixes (e.g. the reference angles): copied from ``lp``."""
        a, b = lp.col_blocks[name]
        vec.col_lb[a:b], vec.col_ub[a:b], vec.cost[a:b] = lp.col_lb[a:b], lp.col_ub[a:b], lp.cost[a:b]
        covered_cols.add(name)

    gen_lb, gen_ub = bounds.generator_bounds(net)
    col("v_gen", gen_ub, generator_costs(net), lb=gen_lb)
    _hydro(net, col, row)
    _storage(net, col, row)
    _links(net, lp, col, row, vec)
    if net.lines is not None and len(net.lines):
        cap = _rep(net.lines["capacity_mw"], net.n_snapshots)
        col("v_line_flow", cap, lb=-cap)
        structural("v_angle")
        row("c_kvl", 0.0, 0.0)
    regions = list(net.regions.index)
    col("v_shed", net.demand_mw[regions].to_numpy().T, np.full(len(regions), net.voll_usd_per_mwh))
    demand = net.demand_mw[regions].to_numpy().T
    row("c_balance", demand, demand)
    if net.has_gas:
        _gas(net, col, row)
    if net.gen_limits is not None and len(net.gen_limits):
        _limits(net, row)
    cap = bounds.cap_over_horizon(net)
    if cap is not None:
        row("c_co2_cap", -INF, cap)
    for name in set(lp.col_blocks) - covered_cols:
        a, b = lp.col_blocks[name]
        if b > a:
            raise KeyError(f"lp_vectors does not cover the variable {name}")
    for name in set(lp.row_blocks) - covered_rows:
        a, b = lp.row_blocks[name]
        if b > a:
            raise KeyError(f"lp_vectors does not cover the constraint {name}")
    return vec


def _hydro(net: Network, col, row) -> None:
    """Reservoirs (``model/hydro.py``): output and level bounds, level floors and caps, inflows and start
    levels on the continuity rows' right-hand sides, ``c_hydro_end``."""
    hy, n_t = net.hydro, net.n_snapshots
    col("v_hydro", _rep(hy["capacity_mw"], n_t))
    col("v_spill", None)
    energy = _rep(hy["energy_mwh"], n_t)
    level_lb, level_ub = np.zeros_like(energy), energy
    if len(hy) and net.level_floor_mwh is not None:
        floor = net.level_floor_mwh[list(hy.index)].to_numpy(dtype=float).T
        level_lb = np.where(np.isnan(floor), level_lb, floor)
    if len(hy) and net.level_cap_mwh is not None:
        cap = net.level_cap_mwh[list(hy.index)].to_numpy(dtype=float).T
        level_ub = np.where(np.isnan(cap), level_ub, np.minimum(cap, energy))
    col("v_level", level_ub, lb=level_lb)
    rhs = net.duration_h[None, :] * net.inflow_mw[hy.index].to_numpy().T
    start, end = bounds.reservoir_start_end(hy)
    given = ~np.isnan(start)
    rhs[given, 0] = rhs[given, 0] + start[given]      # the level before the first snapshot
    row("c_hydro_level", rhs, rhs)
    if given.any():
        row("c_hydro_end", end[given], INF)


def _storage(net: Network, col, row) -> None:
    """Storage (``model/storage.py``): power and energy bounds, the least state of charge, dispatch cost,
    and the state-of-charge rows' right-hand sides (a fixed start, natural inflow: ``network/bounds.py``)."""
    st, n_t = storage_columns(net.storage), net.n_snapshots
    col("v_charge", _rep(st["charge_power_mw"], n_t))
    col("v_discharge", _rep(st["power_mw"], n_t), st["dispatch_cost_usd_per_mwh"].to_numpy(dtype=float))
    col("v_soc", _rep(st["energy_mwh"], n_t), lb=bounds.soc_floor(st, n_t))
    inflow = net.storage_inflow_mw
    if inflow is not None and any(s in inflow.columns for s in st.index):
        col("v_storage_spill", None)
    rhs = bounds.soc_rhs(net)
    row("c_storage_soc", rhs, rhs)


def _limits(net: Network, row) -> None:
    """Annual generation limits (``model/limits.py``): pro rata of the modelled share of the year."""
    lim = net.gen_limits
    bound = lim["mwh_per_year"].to_numpy(dtype=float) * (float(net.weight_h.sum()) / HOURS_PER_YEAR)
    is_min = (lim["bound"] == "min").to_numpy()
    row("c_gen_limit", np.where(is_min, bound, -INF), np.where(is_min, INF, bound))


def _links(net: Network, lp: LinearProgram, col, row, vec: LPVectors) -> None:
    links, n_t = net.links, net.n_snapshots
    expandable = links["expandable"].astype(bool).to_numpy()
    extra = np.where(expandable, np.inf, 0.0)
    wheel = links["wheeling_usd_per_mwh"].to_numpy(dtype=float)
    avail_fwd, avail_bwd = bounds.link_availability(net)
    col("v_flow_fwd", (links["capacity_fwd_mw"].to_numpy() + extra)[:, None] * avail_fwd, wheel)
    col("v_flow_bwd", (links["capacity_bwd_mw"].to_numpy() + extra)[:, None] * avail_bwd, wheel)
    if not expandable.any():
        return
    names = links.index[expandable]
    a, b = lp.col_blocks["v_cap_new"]
    vec.col_ub[a:b] = links.loc[names, "max_new_mw"].to_numpy(dtype=float)
    share_of_year = float(net.weight_h.sum()) / HOURS_PER_YEAR
    vec.cost[a:b] = links.loc[names, "annuity_usd_per_mw_yr"].to_numpy(dtype=float) * share_of_year
    col("v_cap_new", None)
    for direction in ("fwd", "bwd"):
        row(f"c_link_expand_{direction}", -INF, _rep(links.loc[names, f"capacity_{direction}_mw"], n_t))


def _gas(net: Network, col, row) -> None:
    n_t = net.n_snapshots
    sup, links = net.gas_supply, net.gas_links
    sign = np.where(sup["kind"].to_numpy() == "export", -1.0, 1.0)
    col("v_gas_supply", _rep(sup["capacity_mw_th"], n_t), sign * sup["price_usd_per_mwh_th"].fillna(0.0).to_numpy())
    col("v_gas_flow", _rep(links["capacity_mw_th"], n_t), links["cost_usd_per_mwh_th"].fillna(0.0).to_numpy())
    demand = net.gas_demand_mw_th[list(net.gas_nodes.index)]
    served = [n for n in demand.columns if (demand[n] > 0).any()]
    col("v_gas_shed", demand[served].to_numpy().T, np.full(len(served), net.voll_usd_per_mwh))
    row("c_gas_balance", demand.to_numpy().T, INF)


def differs(a: LPVectors, b: LPVectors) -> dict[str, int]:
    """How many entries of each vector differ (for logs and tests)."""
    return {k: int(np.count_nonzero(getattr(a, k) != getattr(b, k))) for k in
            ("cost", "col_lb", "col_ub", "row_lb", "row_ub")}


def same_matrix(a: LinearProgram, b: LinearProgram) -> bool:
    """True when two compiled LPs have the same matrix, column and row layout (only their costs and bounds
    may differ)."""
    return (a.matrix.shape == b.matrix.shape and a.col_blocks == b.col_blocks and a.row_blocks == b.row_blocks
            and np.array_equal(a.matrix.indptr, b.matrix.indptr) and np.array_equal(a.matrix.indices, b.matrix.indices)
            and np.array_equal(a.matrix.data, b.matrix.data))
