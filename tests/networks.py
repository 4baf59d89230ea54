"""Tiny networks with closed-form answers, built directly as Network objects (no files)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.network import Network

GEN_COLS = ["region", "technology", "fuel", "capacity_mw", "heat_rate_mwh_th_per_mwh",
            "fuel_price_usd_per_mwh_th", "vom_usd_per_mwh", "carbon_usd_per_t",
            "emission_tco2_per_mwh", "marginal_cost_usd_per_mwh", "availability_pu", "profile"]


def make_network(demand: dict[str, list[float] | float], generators: list[dict], *, links=(), storage=(),
                 hydro=(), n_t: int | None = None, weight_h: float | list[float] = 1.0,
                 duration_h: float | list[float] | None = None, voll: float = 3000.0,
                 countries: dict[str, tuple[str, ...]] | None = None, name: str = "tiny") -> Network:
    """``generators``: dicts with name, region, capacity_mw, cost (USD/MWh) and optional availability
    (list over t), technology, emission_tco2_per_mwh. ``links``: name, from, to, fwd, bwd, efficiency,
    wheeling. ``storage``: name, region, power_mw, energy_mwh, eta_c, eta_d. ``hydro``: name, region,
    capacity_mw, energy_mwh, inflow (list over t)."""
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
                     "capacity_mw": float(g["capacity_mw"]), "heat_rate_mwh_th_per_mwh": 0.0,
                     "fuel_price_usd_per_mwh_th": 0.0, "vom_usd_per_mwh": float(g["cost"]),
                     "carbon_usd_per_t": 0.0, "emission_tco2_per_mwh": float(g.get("emission_tco2_per_mwh", 0)),
                     "marginal_cost_usd_per_mwh": float(g["cost"]), "availability_pu": 1.0, "profile": ""})
        avail[g["name"]] = np.broadcast_to(np.asarray(g.get("availability", 1.0), dtype=float), (n_t,))
    gens = pd.DataFrame(rows, columns=GEN_COLS, index=pd.Index([g["name"] for g in generators], name="generator"))
    lk = pd.DataFrame([{"from_region": l["from"], "to_region": l["to"], "capacity_fwd_mw": float(l["fwd"]),
                        "capacity_bwd_mw": float(l.get("bwd", l["fwd"])),
                        "efficiency": float(l.get("efficiency", 1.0)),
                        "wheeling_usd_per_mwh": float(l.get("wheeling", 0.0)), "status": "existing",
                        "year": 2023.0, "cross_border": not set(countries[l["from"]]) & set(countries[l["to"]])}
                       for l in links],
                      columns=["from_region", "to_region", "capacity_fwd_mw", "capacity_bwd_mw", "efficiency",
                               "wheeling_usd_per_mwh", "status", "year", "cross_border"],
                      index=pd.Index([l["name"] for l in links], name="link"))
    st = pd.DataFrame([{"region": s["region"], "technology": "battery", "power_mw": float(s["power_mw"]),
                        "energy_mwh": float(s["energy_mwh"]), "efficiency_charge": float(s.get("eta_c", 1.0)),
                        "efficiency_discharge": float(s.get("eta_d", 1.0))} for s in storage],
                      columns=["region", "technology", "power_mw", "energy_mwh", "efficiency_charge",
                               "efficiency_discharge"],
                      index=pd.Index([s["name"] for s in storage], name="storage"))
    hy = pd.DataFrame([{"region": h["region"], "capacity_mw": float(h["capacity_mw"]),
                        "energy_mwh": float(h["energy_mwh"])} for h in hydro],
                      columns=["region", "capacity_mw", "energy_mwh"],
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
                   storage=st, hydro=hy, inflow_mw=inflow, links=lk, voll_usd_per_mwh=voll)


def solve_network(net: Network):
    from energymodel import build_model, extract_results, solve
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
