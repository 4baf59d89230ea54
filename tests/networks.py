"""Tiny networks with closed-form answers, built directly as Network objects (no files)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.network.network import LINK_COLUMNS, Network

GEN_COLS = ["region", "technology", "fuel", "capacity_mw", "heat_rate_mwh_th_per_mwh",
            "fuel_price_usd_per_mwh_th", "vom_usd_per_mwh", "carbon_usd_per_t",
            "emission_tco2_per_mwh", "marginal_cost_usd_per_mwh", "availability_pu", "profile"]


def make_network(demand: dict[str, list[float] | float], generators: list[dict], *, links=(), storage=(),
                 hydro=(), n_t: int | None = None, weight_h: float | list[float] = 1.0,
                 duration_h: float | list[float] | None = None, voll: float = 3000.0,
                 countries: dict[str, tuple[str, ...]] | None = None, name: str = "tiny",
                 gas: dict | None = None, limits: list[dict] = ()) -> Network:
    """``generators``: dicts with name, region, capacity_mw, cost (USD/MWh) and optional availability
    (list over t), technology, emission_tco2_per_mwh. ``links``: name, from, to, fwd, bwd, efficiency,
    wheeling. ``storage``: name, region, power_mw, energy_mwh, eta_c, eta_d. ``hydro``: name, region,
    capacity_mw, energy_mwh, inflow (list over t).

    ``gas`` (optional gas network, see :func:`gas_fields`): nodes, supply, demand, links. A generator with
    ``gas_node`` and ``heat_rate`` burns heat_rate × output from that node; its ``cost`` is then VOM only."""
    regions = list(demand)
    if n_t is None:
        n_t = max(len(v) if isinstance(v, (list, tuple, np.ndarray)) else 1 for v in demand.values())
    dem = pd.DataFrame({r: np.broadcast_to(np.asarray(v, dtype=float), (n_t,)) for r, v in demand.items()},
                       index=pd.RangeIndex(n_t, name="snapshot"))
    countries = countries or {r: (r,) for r in regions}
    reg = pd.DataFrame({"name": regions, "countries": [countries[r] for r in regions],
                        "utc_offset_h": 0.0}, index=pd.Index(regions, name="region"))
    rows, avail = [], {}
    for g in generators:
        rows.append({"region": g["region"], "technology": g.get("technology", g["name"]), "fuel": "none",
                     "capacity_mw": float(g["capacity_mw"]), "heat_rate_mwh_th_per_mwh": float(g.get("heat_rate", 0.0)),
                     "fuel_price_usd_per_mwh_th": 0.0, "vom_usd_per_mwh": float(g["cost"]),
                     "carbon_usd_per_t": 0.0, "emission_tco2_per_mwh": float(g.get("emission_tco2_per_mwh", 0)),
                     "marginal_cost_usd_per_mwh": float(g["cost"]), "availability_pu": 1.0, "profile": ""})
        avail[g["name"]] = np.broadcast_to(np.asarray(g.get("availability", 1.0), dtype=float), (n_t,))
    gens = pd.DataFrame(rows, columns=GEN_COLS, index=pd.Index([g["name"] for g in generators], name="generator"))
    if gas is not None:
        gens["gas_node"] = [g.get("gas_node", "") for g in generators]
        gens["fuel"] = np.where(gens["gas_node"] != "", "gas", "none")
        gens["heat_rate_mwh_th_per_mwh"] = [float(g.get("heat_rate", 0.0)) for g in generators]
        gens.loc[gens["gas_node"] != "", "fuel_price_usd_per_mwh_th"] = np.nan
    lk = pd.DataFrame([{"from_region": l["from"], "to_region": l["to"], "capacity_fwd_mw": float(l["fwd"]),
                        "capacity_bwd_mw": float(l.get("bwd", l["fwd"])),
                        "efficiency": float(l.get("efficiency", 1.0)),
                        "wheeling_usd_per_mwh": float(l.get("wheeling", 0.0)), "status": "existing",
                        "year": 2023.0, "cross_border": not set(countries[l["from"]]) & set(countries[l["to"]]),
                        "expandable": bool(l.get("expandable", False)), "max_new_mw": float(l.get("max_new_mw", 0.0)),
                        "annuity_usd_per_mw_yr": float(l.get("annuity_usd_per_mw_yr", 0.0))}
                       for l in links], columns=LINK_COLUMNS,
                      index=pd.Index([l["name"] for l in links], name="link"))
    st = pd.DataFrame([{"region": s["region"], "technology": "battery", "power_mw": float(s["power_mw"]),
                        "energy_mwh": float(s["energy_mwh"]), "efficiency_charge": float(s.get("eta_c", 1.0)),
                        "efficiency_discharge": float(s.get("eta_d", 1.0))} for s in storage],
                      columns=["region", "technology", "power_mw", "energy_mwh", "efficiency_charge",
                               "efficiency_discharge"],
                      index=pd.Index([s["name"] for s in storage], name="storage"))
    hy = pd.DataFrame([{"region": h["region"], "capacity_mw": float(h["capacity_mw"]),
                        "energy_mwh": float(h["energy_mwh"]),
                        "start_level_mwh": float(h.get("start_level_mwh", np.nan)),
                        "end_level_mwh": float(h.get("end_level_mwh", h.get("start_level_mwh", np.nan)))}
                       for h in hydro],
                      columns=["region", "capacity_mw", "energy_mwh", "start_level_mwh", "end_level_mwh"],
                      index=pd.Index([h["name"] for h in hydro], name="hydro"))
    inflow = pd.DataFrame({h["name"]: np.broadcast_to(np.asarray(h["inflow"], dtype=float), (n_t,))
                           for h in hydro}, index=pd.RangeIndex(n_t, name="snapshot"))
    weight = np.broadcast_to(np.asarray(weight_h, dtype=float), (n_t,)).copy()
    duration = weight.copy() if duration_h is None else \
        np.broadcast_to(np.asarray(duration_h, dtype=float), (n_t,)).copy()
    return Network(name=name, year=2023,
                   snapshots=pd.date_range("2023-01-01", periods=n_t, freq="h", tz="UTC", name="snapshot"),
                   weight_h=weight, duration_h=duration, regions=reg, demand_mw=dem, generators=gens,
                   availability_pu=pd.DataFrame(avail, index=pd.RangeIndex(n_t, name="snapshot")),
                   storage=st, hydro=hy, inflow_mw=inflow, links=lk, voll_usd_per_mwh=voll,
                   gen_limits=_limits(limits, gens),
                   **(gas_fields(gas, n_t, countries) if gas is not None else {}))


def _limits(limits, gens: pd.DataFrame) -> pd.DataFrame | None:
    """``limits``: dicts with name, generators (list), bound (min|max), annual_twh, basis (electric|fuel) and
    optional rule (default must_run for a min bound, fuel_supply for a max bound)."""
    if not limits:
        return None
    return pd.DataFrame([{"region": gens.at[l["generators"][0], "region"], "technology": "",
                          "bound": l["bound"], "basis": l.get("basis", "electric"),
                          "rule": l.get("rule", "must_run" if l["bound"] == "min" else "fuel_supply"),
                          "mwh_per_year": float(l["annual_twh"]) * 1e6, "generators": tuple(l["generators"])}
                         for l in limits], index=pd.Index([l["name"] for l in limits], name="limit"))


def gas_fields(gas: dict, n_t: int, countries: dict[str, tuple[str, ...]]) -> dict:
    """Network gas fields from plain dicts. ``nodes``: name, kind (country), region, country.
    ``supply``: name, node, kind (domestic), capacity (None: unlimited), price [USD/MWh_th].
    ``demand``: node → non-power MW_th (number or list over t). ``links``: name, from, to, kind (pipeline),
    capacity (None: unlimited), cost [USD/MWh_th], loss."""
    nodes = pd.DataFrame([{"kind": n.get("kind", "country"), "region": n.get("region", ""),
                           "country": n.get("country", "")} for n in gas["nodes"]],
                         columns=["kind", "region", "country"],
                         index=pd.Index([n["name"] for n in gas["nodes"]], name="node"))
    inf = float("inf")
    sup = pd.DataFrame([{"node": k["node"], "kind": k.get("kind", "domestic"),
                         "capacity_mw_th": inf if k.get("capacity") is None else float(k["capacity"]),
                         "price_reference": "none", "price_usd_per_mwh_th": float(k["price"])}
                        for k in gas.get("supply", ())],
                       columns=["node", "kind", "capacity_mw_th", "price_reference", "price_usd_per_mwh_th"],
                       index=pd.Index([k["name"] for k in gas.get("supply", ())], name="supply"))
    demand = pd.DataFrame({n: np.broadcast_to(np.asarray(gas.get("demand", {}).get(n, 0.0), dtype=float), (n_t,))
                           for n in nodes.index}, index=pd.RangeIndex(n_t, name="snapshot"))

    def country_set(node):
        c, r = nodes.at[node, "country"], nodes.at[node, "region"]
        return {c} if c else set(countries.get(r, ())) if r else set()

    links = pd.DataFrame([{"from_node": a["from"], "to_node": a["to"], "kind": a.get("kind", "pipeline"),
                           "capacity_mw_th": inf if a.get("capacity") is None else float(a["capacity"]),
                           "cost_usd_per_mwh_th": float(a.get("cost", 0.0)), "loss_pu": float(a.get("loss", 0.0)),
                           "cross_border": bool(country_set(a["from"]) and country_set(a["to"])
                                                and not country_set(a["from"]) & country_set(a["to"]))}
                          for a in gas.get("links", ())],
                         columns=["from_node", "to_node", "kind", "capacity_mw_th", "cost_usd_per_mwh_th",
                                  "loss_pu", "cross_border"],
                         index=pd.Index([a["name"] for a in gas.get("links", ())], name="gas_link"))
    return {"gas_nodes": nodes, "gas_supply": sup, "gas_demand_mw_th": demand, "gas_links": links}


def solve_network(net: Network):
    from energymodel import build_model, extract_results
    from energymodel.solver.highs import solve
    model = build_model(net)
    return extract_results(net, solve(model))


def chain(cost_scale=1.0, split=False, n_t=24):
    """Three regions in a chain with solar-like availability, a battery, a reservoir and lossy links."""
    t = np.arange(n_t)
    solar = np.clip(np.sin((t - 6) / 12 * np.pi), 0, None)
    demand = {"N": 80 + 20 * np.sin(t / 24 * 2 * np.pi), "M": 60 + 0 * t, "S": 90 + 30 * solar}
    gens = [dict(name="n_coal", region="N", capacity_mw=70, cost=35 * cost_scale),
            dict(name="m_gas", region="M", capacity_mw=150, cost=60 * cost_scale),
            dict(name="s_solar", region="S", capacity_mw=200, cost=0.5 * cost_scale, availability=solar),
            dict(name="s_oil", region="S", capacity_mw=40, cost=150 * cost_scale)]
    if split:
        gens = [g for g in gens if g["name"] != "m_gas"] + [
            dict(name="m_gas_1", region="M", capacity_mw=75, cost=60 * cost_scale, technology="m_gas"),
            dict(name="m_gas_2", region="M", capacity_mw=75, cost=60 * cost_scale, technology="m_gas")]
    return make_network(demand, gens, voll=3000 * cost_scale, links=[
        {"name": "N-M", "from": "N", "to": "M", "fwd": 50, "bwd": 30, "efficiency": 0.97, "wheeling": 1 * cost_scale},
        {"name": "M-S", "from": "M", "to": "S", "fwd": 60, "efficiency": 0.95}],
        storage=[dict(name="s_bat", region="S", power_mw=30, energy_mwh=90, eta_c=0.95, eta_d=0.95)],
        hydro=[dict(name="n_res", region="N", capacity_mw=40, energy_mwh=200, inflow=15 + 10 * (t < 12))])
