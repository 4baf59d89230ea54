"""Results: tidy pandas tables from a solved LP (written by ``results/writing.py``).

Prices are computed here and only here: ``price_usd_per_mwh = dual(c_balance) / weight_h``.
Per-region totals in ``summary.json`` are over the modelled horizon (Σ_t weight_h · x_t);
``annual_cost_usd`` scales the objective to one year by ``8760 / Σ weight_h``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.results.hydro import limit_table, monthly_water_values, water_value
from energymodel.results.gas import GasResults, extract_gas, gas_summary, region_gas_totals
from energymodel.network.network import Network
from energymodel.network.bounds import cap_over_horizon, link_availability
from energymodel.network.fuelprices import generator_costs, has_series
from energymodel.results.countries import country_of, is_zoned, to_countries
from energymodel.results.tidy import clean as _clean
from energymodel.results.tidy import long_frame as _long
from energymodel.results.tidy import lookup, positions, snapshot_weights, sum_by, tile_labels
from energymodel.solver.highs import Solution

log = logging.getLogger(__name__)

RESERVOIR_TECHNOLOGY = "hydro_reservoir"
SNAPSHOT_FORMAT = "%Y-%m-%dT%H:%MZ"
"""How snapshots (UTC) are written in CSV files."""
INPUT_DIGITS = 12
"""Inputs are written with 12 significant digits, so the LP rebuilt from them matches to solver tolerance."""


@dataclass(frozen=True)
class Results:
    """A solved scenario as tables (no Pyomo objects). Time series are tidy (long) frames."""

    network: Network
    status: str
    objective_usd: float
    dispatch: pd.DataFrame
    """snapshot, region, technology, generator, mw (generators and reservoir hydro)."""
    flows: pd.DataFrame
    """snapshot, link, from_region, to_region, flow_fwd_mw, flow_bwd_mw, net_flow_mw (as sent)."""
    prices: pd.DataFrame
    """snapshot, region, price_usd_per_mwh."""
    storage: pd.DataFrame
    """snapshot, storage, region, charge_mw, discharge_mw, soc_mwh (and inflow_mw, spill_mw when a unit has an
    inflow)."""
    hydro: pd.DataFrame
    """snapshot, hydro, region, generation_mw, spill_mw, inflow_mw, level_mwh, water_value_usd_per_mwh."""
    shedding: pd.DataFrame
    """snapshot, region, shed_mw."""
    link_values: pd.DataFrame
    """index link: marginal value of capacity each way [USD/MW over the horizon] from the bounds' duals
    (from the expansion rows' duals for expandable links)."""
    new_capacity_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    """index link: capacity the LP chose to add to each expandable link [MW, each direction]."""
    solve_info: dict[str, Any] = field(default_factory=dict)
    line_flows: pd.DataFrame | None = None
    """snapshot, line, from_region, to_region, flow_mw (from → to positive): AC lines under DC power flow;
    None without them."""
    gas: GasResults | None = None
    """The gas side (flows, prices, supply, balance); None when the network has no gas (gas_results.py)."""
    water_values: pd.DataFrame | None = None
    """month, region, water_value_usd_per_mwh, level_mwh, level_pu (results/hydro.py)."""
    limits: pd.DataFrame | None = None
    """index limit: the generation limits in force, their use and shadow price (results/hydro.py)."""
    co2: dict[str, float] | None = None
    """With a CO2 cap: cap_tco2 and emissions_tco2 over the horizon, price_usd_per_t (−dual of c_co2_cap)."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Tables derived from these (e.g. :func:`region_totals`), computed once: the summary, the value of
    integration and the diagnostics each ask for them. Not carried over by ``dataclasses.replace``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "memo", {})  # dataclasses.replace() must not carry another's derived tables

    @property
    def annual_cost_usd(self) -> float:
        return self.objective_usd * self.network.annualisation

    def price_matrix(self) -> pd.DataFrame:
        """snapshots × regions [USD/MWh]."""
        return self.prices.pivot(index="snapshot", columns="region", values="price_usd_per_mwh")

    def summary(self) -> dict[str, Any]:
        return summarise(self)


def arc_capacity_values(solution: Solution, var: str, n_t: int, avail: np.ndarray | None = None) -> np.ndarray:
    """Marginal value of a MW of capacity of each arc of ``var`` (links × T) over the horizon [USD/MW]:
    minus the reduced cost of the flow at its upper bound times the share of the MW available in the snapshot
    (``avail``, links × T, from ``network.bounds.link_availability``; 1 if None), summed over snapshots (the
    objective is weighted). A snapshot in which the direction is closed adds nothing."""
    rc = solution.reduced_cost(var)
    if not len(rc):
        return np.zeros(0)
    value = np.maximum(-rc.reshape(-1, n_t), 0.0)
    if avail is not None:
        value = value * avail
    return _clean(value.sum(axis=1))


def extract_results(net: Network, solution: Solution) -> Results:
    """Tidy tables from a solution of ``build_model(net)``."""
    n_t = net.n_snapshots
    snaps = net.snapshots
    w = net.weight_h

    def block(var: str, n: int) -> np.ndarray:
        return _clean(solution.value(var).reshape(n, n_t)) if n else np.zeros((0, n_t))

    gens, hy, st, links = net.generators, net.hydro, net.storage, net.links
    p = block("v_gen", len(gens))
    ph = block("v_hydro", len(hy))
    dispatch = _long(np.vstack([p, ph]), gens.index.append(hy.index), snaps, "generator", "mw")
    region_of = pd.concat([gens["region"], hy["region"]])
    tech_of = pd.concat([gens["technology"], pd.Series(RESERVOIR_TECHNOLOGY, index=hy.index)])
    dispatch.insert(1, "region", tile_labels(region_of.to_numpy(), n_t))
    dispatch.insert(2, "technology", tile_labels(tech_of.to_numpy(), n_t))

    fwd, bwd = block("v_flow_fwd", len(links)), block("v_flow_bwd", len(links))
    flows = _long(fwd, links.index, snaps, "link", "flow_fwd_mw")
    flows["flow_bwd_mw"] = bwd.T.ravel()
    flows["net_flow_mw"] = flows["flow_fwd_mw"] - flows["flow_bwd_mw"]
    flows.insert(2, "from_region", tile_labels(links["from_region"].to_numpy(), n_t))
    flows.insert(3, "to_region", tile_labels(links["to_region"].to_numpy(), n_t))

    regions = net.regions.index
    duals = solution.dual("c_balance").reshape(len(regions), n_t)
    price = _clean(duals / w[None, :]) + 0.0  # + 0.0 turns -0.0 into 0.0
    prices = _long(price, regions, snaps, "region", "price_usd_per_mwh")

    storage = _long(block("v_charge", len(st)), st.index, snaps, "storage", "charge_mw")
    storage["discharge_mw"] = block("v_discharge", len(st)).T.ravel()
    storage["soc_mwh"] = block("v_soc", len(st)).T.ravel()
    storage.insert(2, "region", tile_labels(st["region"].to_numpy(), n_t))
    if "v_storage_spill" in solution.lp.col_blocks and net.storage_inflow_mw is not None:
        names = list(net.storage_inflow_mw.columns)
        spill = pd.DataFrame(block("v_storage_spill", len(names)).T, columns=names)
        inflow = net.storage_inflow_mw[names].reindex(columns=st.index, fill_value=0.0)
        storage["inflow_mw"] = inflow.to_numpy().T.ravel()
        storage["spill_mw"] = spill.reindex(columns=st.index, fill_value=0.0).to_numpy().T.ravel()

    hydro = _long(ph, hy.index, snaps, "hydro", "generation_mw")
    hydro["spill_mw"] = block("v_spill", len(hy)).T.ravel()
    hydro["inflow_mw"] = net.inflow_mw[list(hy.index)].to_numpy().ravel() if len(hy) else []
    hydro["level_mwh"] = block("v_level", len(hy)).T.ravel()
    hydro["water_value_usd_per_mwh"] = water_value(net, solution).T.ravel()
    hydro.insert(2, "region", tile_labels(hy["region"].to_numpy(), n_t))

    shed = _long(block("v_shed", len(regions)), regions, snaps, "region", "shed_mw")

    # Marginal value of link capacity: minus the reduced cost of each arc at its upper bound.
    avail_fwd, avail_bwd = link_availability(net)
    link_values = pd.DataFrame({"marginal_value_fwd_usd_per_mw": arc_capacity_values(solution, "v_flow_fwd", n_t,
                                                                                      avail_fwd),
                                "marginal_value_bwd_usd_per_mw": arc_capacity_values(solution, "v_flow_bwd", n_t,
                                                                                      avail_bwd)},
                               index=links.index)
    new_capacity = pd.Series(dtype=float, name="new_capacity_mw")
    if "v_cap_new" in solution.lp.col_blocks:
        expandable = links.index[links["expandable"].astype(bool)]
        new_capacity = pd.Series(_clean(solution.value("v_cap_new")), index=expandable, name="new_capacity_mw")
        for direction in ("fwd", "bwd"):
            # the expansion row binds instead of the bound: its dual is the value of capacity
            rows = solution.dual(f"c_link_expand_{direction}").reshape(len(expandable), n_t)
            link_values.loc[expandable, f"marginal_value_{direction}_usd_per_mw"] = _clean(np.maximum(-rows, 0.0).sum(axis=1))
    gas = extract_gas(net, solution, p)
    line_flows = None
    if "v_line_flow" in solution.lp.col_blocks:
        lines = net.lines
        line_flows = _long(block("v_line_flow", len(lines)), lines.index, snaps, "line", "flow_mw")
        line_flows.insert(2, "from_region", tile_labels(lines["from_region"].to_numpy(), n_t))
        line_flows.insert(3, "to_region", tile_labels(lines["to_region"].to_numpy(), n_t))
    return Results(network=net, status=solution.status, objective_usd=solution.objective_usd, gas=gas,
                   line_flows=line_flows,
                   dispatch=dispatch, flows=flows, prices=prices, storage=storage, hydro=hydro,
                   shedding=shed, link_values=link_values, new_capacity_mw=new_capacity,
                   solve_info={**solution.info, "timings_s": solution.timings_s},
                   water_values=monthly_water_values(net, hydro), limits=limit_table(net, solution, p),
                   co2=_co2(net, solution, p))


def _co2(net: Network, solution: Solution, output: np.ndarray) -> dict[str, float] | None:
    """The CO2 cap's horizon cap, emissions and price (``model/co2.py``), or None without a cap."""
    cap = cap_over_horizon(net)
    if cap is None:
        return None
    emission = net.generators["emission_tco2_per_mwh"].fillna(0.0).to_numpy(dtype=float)
    emitted = float(emission @ output @ np.asarray(net.weight_h, dtype=float)) if len(emission) else 0.0
    return {"cap_tco2": cap, "emissions_tco2": emitted,
            "price_usd_per_t": float(abs(_clean(solution.dual("c_co2_cap"))[0]))}


# ------------------------------------------------------------------------------------------- summary


def region_totals(res: Results) -> pd.DataFrame:
    """Per region over the modelled horizon: demand_twh, generation_twh, cost_usd,
    avg_price_usd_per_mwh (demand-weighted; time-weighted for a region without demand), shed_mwh,
    emissions_tco2 (and, with gas, gas_for_power_twh_th and avg_gas_price_usd_per_mmbtu). Computed once per
    Results (``Results.memo``); each call returns a copy."""
    if "region_totals" not in res.memo:
        res.memo["region_totals"] = _region_totals(res)
    return res.memo["region_totals"].copy()


def row_costs(net: Network, generators: pd.Series, snapshots: pd.Series) -> np.ndarray:
    """Cost of output [USD/MWh] of each row of a tidy table with ``generator`` and ``snapshot`` columns (0 for
    a label that is not a generator, e.g. a reservoir): ``marginal_cost_usd_per_mwh``, or where the unit pays a
    monthly fuel price, :func:`~energymodel.network.fuelprices.generator_costs` at the row's snapshot."""
    gens = net.generators
    if not has_series(net):
        return lookup(generators, gens["marginal_cost_usd_per_mwh"].fillna(0.0), fill=0.0)
    g = positions(generators, gens.index)
    t = net.snapshots.get_indexer(snapshots)
    out = generator_costs(net)[np.maximum(g, 0), t]
    out[g < 0] = 0.0
    return out


def _region_totals(res: Results) -> pd.DataFrame:
    net = res.network
    w = pd.Series(net.weight_h, index=net.snapshots)
    regions = net.regions.index
    demand = net.demand_mw.set_axis(net.snapshots, axis=0)[list(regions)]
    demand_mwh = demand.mul(w, axis=0)
    price = res.price_matrix()[list(regions)]
    disp = res.dispatch
    wd = snapshot_weights(disp["snapshot"], net.snapshots, net.weight_h)
    gens = net.generators
    mc = row_costs(net, disp["generator"], disp["snapshot"])
    ef = lookup(disp["generator"], gens["emission_tco2_per_mwh"].fillna(0.0), fill=0.0)
    energy = disp["mw"].to_numpy() * wd
    agg = pd.DataFrame({"mwh": sum_by(energy, disp["region"], regions),
                        "cost": sum_by(energy * mc, disp["region"], regions),
                        "co2": sum_by(energy * ef, disp["region"], regions)})
    shed = res.shedding
    shed_mwh = sum_by(shed["shed_mw"].to_numpy() * snapshot_weights(shed["snapshot"], net.snapshots, net.weight_h),
                      shed["region"], regions)
    out = pd.DataFrame(index=regions)
    out["demand_twh"] = demand_mwh.sum() / units.MWH_PER_TWH
    out["generation_twh"] = agg["mwh"].reindex(regions).fillna(0.0) / units.MWH_PER_TWH
    out["shed_mwh"] = shed_mwh.reindex(regions).fillna(0.0)
    out["cost_usd"] = agg["cost"].reindex(regions).fillna(0.0) + out["shed_mwh"] * net.voll_usd_per_mwh
    total_demand = demand_mwh.sum()
    # demand-weighted; a region without demand reports the time-weighted mean of its prices
    by_time = price.mul(w, axis=0).sum() / float(w.sum())
    out["avg_price_usd_per_mwh"] = ((price * demand_mwh).sum() / total_demand.where(total_demand > 0)).fillna(by_time)
    out["emissions_tco2"] = agg["co2"].reindex(regions).fillna(0.0)
    if net.has_gas:  # units fed by a gas node pay fuel at the node's gas price, outside marginal_cost
        gas = region_gas_totals(net, res.gas, disp)
        out["cost_usd"] += gas["fuel_cost_usd"]
        out["gas_for_power_twh_th"] = gas["gas_for_power_twh_th"]
        out["avg_gas_price_usd_per_mmbtu"] = gas["avg_gas_price_usd_per_mmbtu"]
    return out


def country_totals(res: Results) -> pd.DataFrame:
    """:func:`region_totals` per country: zones add up to their country (prices demand-weighted, gas prices
    weighted by gas burned)."""
    totals = region_totals(res)
    weights = {"avg_price_usd_per_mwh": totals["demand_twh"]}
    if "avg_gas_price_usd_per_mmbtu" in totals:
        weights["avg_gas_price_usd_per_mmbtu"] = totals["gas_for_power_twh_th"]
    return to_countries(totals, country_of(res.network), weights)


def _records(df: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {r: {k: (None if pd.isna(v) else float(v)) for k, v in row.items()} for r, row in df.iterrows()}


def summarise(res: Results) -> dict[str, Any]:
    """The summary.json block: ``countries`` per country (zones aggregated), ``zones`` per zone when the
    network has zones."""
    net = res.network
    zoned = is_zoned(net)
    return {
        "scenario": net.name,
        "status": res.status,
        "year": net.year,
        "snapshots": net.n_snapshots,
        "hours_modelled": float(net.weight_h.sum()),
        "annualisation_factor": net.annualisation,
        "objective_usd": res.objective_usd,
        "annual_cost_usd": res.annual_cost_usd,
        "countries": _records(country_totals(res)),
        **({"zones": _records(region_totals(res))} if zoned else {}),
        "integration": {},
        **({"gas": gas_summary(net, res.gas)} if res.gas is not None else {}),
        **({"co2_cap": res.co2} if res.co2 is not None else {}),
    }
