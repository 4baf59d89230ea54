"""The four calibration checks. Each returns one tidy frame with the columns :data:`COLUMNS`: the check,
the region (or market, or link) and item it scores, simulated and reported values, the error in the
check's unit, the tolerance, whether it passes, and the reported year and source.

Tolerances (README "Calibration", with reasons):

* generation by technology: |sim − rep| ≤ max(20 % of the reported figure, 3 % of the country's reported
  total); total generation ±10 %;
* power-sector CO2: the model's direct (combustion) CO2 between 0.60 and 1.05 times the reported figure,
  which is Ember's lifecycle CO2e (upstream methane, supply chain; direct combustion is typically 65–95 % of
  it for fossil fleets);
* monthly prices: mean absolute error of the reported months ≤ 40 % of their mean, and the model moves the
  same way as the report between consecutive reported months (at least two thirds of the steps);
* flows: where an operator figure exists (``fwd``/``bwd`` rows not marked ESTIMATE) the energy sent that way
  is within ±50 % of it and the annual net flow has its direction; a ``net_fwd``/``net_bwd`` row needs the
  net flow's direction; an ESTIMATE gross row needs some energy sent that way.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.analysis.calibration.reported import TECHNOLOGY_GROUPS, Reported
from energymodel.results.countries import country_of

COLUMNS = ["check", "region", "item", "simulated", "reported", "error", "tolerance", "unit", "ok",
           "reported_year", "source_id"]

GEN_REL_TOL = 0.20
GEN_SHARE_TOL = 0.03
TOTAL_REL_TOL = 0.10
CO2_RATIO = (0.60, 1.05)
PRICE_MAE_TOL = 0.40
PRICE_STEP_AGREEMENT = 2.0 / 3.0
FLOW_REL_TOL = 0.50
YEAR = 2023


def _annual_twh(results) -> pd.DataFrame:
    """region × technology annual generation [TWh], annualised over the horizon."""
    net = results.network
    w = pd.Series(net.weight_h, index=net.snapshots)
    d = results.dispatch
    mwh = d["mw"].to_numpy() * d["snapshot"].map(w).to_numpy() * net.annualisation / 1e6
    country = d["region"].map(country_of(net)).fillna(d["region"])   # zones add up to their country
    return pd.DataFrame({"region": country, "technology": d["technology"], "twh": mwh}) \
        .groupby(["region", "technology"])["twh"].sum().unstack(fill_value=0.0)


def generation(results, rep: Reported) -> pd.DataFrame:
    sim = _annual_twh(results)
    g = rep.generation[rep.generation["year"] == YEAR]
    totals = g[g["reported_technology"] == "total_generation"].set_index("region")["generation_twh"]
    rows = []
    for region, tech, year, twh, src in zip(g["region"], g["reported_technology"], g["year"],
                                            g["generation_twh"], g["source_id"]):
        if region not in sim.index:
            continue
        if tech == "total_generation":
            s, tol = float(sim.loc[region].sum()), TOTAL_REL_TOL * twh
        else:
            cols = [c for c in TECHNOLOGY_GROUPS.get(tech, ()) if c in sim.columns]
            s = float(sim.loc[region, cols].sum())
            tol = max(GEN_REL_TOL * twh, GEN_SHARE_TOL * float(totals.get(region, twh)))
        rows.append(dict(check="generation", region=region, item=tech, simulated=s, reported=float(twh),
                         error=s - twh, tolerance=tol, unit="TWh", ok=abs(s - twh) <= tol + 1e-9,
                         reported_year=int(year), source_id=src))
    return pd.DataFrame(rows, columns=COLUMNS)


def _annual_co2_mt(results) -> pd.Series:
    """region → annual CO2 from generation [Mt]: Σ weight_h · v_gen · emission_tco2_per_mwh, annualised."""
    net = results.network
    d = results.dispatch
    w = d["snapshot"].map(pd.Series(net.weight_h, index=net.snapshots)).to_numpy()
    ef = net.generators["emission_tco2_per_mwh"].reindex(d["generator"]).fillna(0.0).to_numpy()
    t = d["mw"].to_numpy() * w * ef * net.annualisation / 1e6
    country = d["region"].map(country_of(net)).fillna(d["region"]).to_numpy()
    return pd.Series(t, index=country).groupby(level=0).sum()


def co2(results, rep: Reported) -> pd.DataFrame:
    sim = _annual_co2_mt(results)
    c = rep.co2[rep.co2["year"] == YEAR]
    rows = []
    for region, year, mt, src in zip(c["region"], c["year"], c["co2e_mt"], c["source_id"]):
        if region in sim.index:
            s = float(sim[region])
            lo, hi = CO2_RATIO
            rows.append(dict(check="co2", region=region, item=f"direct CO2 / lifecycle CO2e in [{lo:g}, {hi:g}]",
                             simulated=s, reported=float(mt), error=s / mt, tolerance=np.nan, unit="ratio",
                             ok=lo <= s / mt <= hi, reported_year=int(year), source_id=src))
    return pd.DataFrame(rows, columns=COLUMNS)


def monthly_prices(results) -> pd.DataFrame:
    """month (1..12) × country: demand-weighted average price of each calendar month (over the country's
    zones where it has them) [USD/MWh]."""
    net = results.network
    price = results.price_matrix()
    demand = net.demand_mw.set_axis(net.snapshots, axis=0)[price.columns].mul(net.weight_h, axis=0)
    month = pd.DatetimeIndex(price.index).month
    country = country_of(net).reindex(price.columns).fillna(pd.Series(price.columns, index=price.columns))
    paid = (price * demand.to_numpy()).T.groupby(country.to_numpy()).sum().T.groupby(month).sum()
    energy = demand.T.groupby(country.to_numpy()).sum().T.groupby(month).sum()
    return paid / energy


def prices(results, rep: Reported) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The price check per market and the monthly table (market, month, simulated, reported) for plots."""
    sim = monthly_prices(results)
    p = rep.prices[(rep.prices["year"] == YEAR) & rep.prices["month"].notna()]
    rows, monthly = [], []
    for market, grp in p.groupby("market", sort=False):
        region = grp["region"].iloc[0]
        if region not in sim.columns:
            continue
        grp = grp[grp["month"].astype(int).isin(sim.index)].sort_values("month")   # months the horizon covers
        if grp.empty:
            continue
        months = grp["month"].astype(int).to_numpy()
        r = grp["price_usd_per_mwh"].astype(float).to_numpy()
        s = sim.loc[months, region].to_numpy()
        mae = float(np.mean(np.abs(s - r)) / np.mean(r))
        steps = np.sign(np.diff(r)) == np.sign(np.diff(s))
        agree = float(steps.mean()) if len(steps) else 1.0
        ok = bool(mae <= PRICE_MAE_TOL and agree >= PRICE_STEP_AGREEMENT - 1e-9)
        rows.append(dict(check="prices", region=region, item=f"{market}: {len(r)} months, MAE / mean "
                         f"(same direction {agree:.0%} of steps)", simulated=float(np.mean(s)),
                         reported=float(np.mean(r)), error=mae, tolerance=PRICE_MAE_TOL, unit="share", ok=ok,
                         reported_year=YEAR, source_id=";".join(sorted(set(grp["source_id"])))))
        monthly += [dict(market=market, region=region, month=int(m), simulated_usd_per_mwh=a,
                         reported_usd_per_mwh=b) for m, a, b in zip(months, s, r)]
    return pd.DataFrame(rows, columns=COLUMNS), pd.DataFrame(monthly)


def flows(results, rep: Reported) -> pd.DataFrame:
    net = results.network
    f = results.flows
    w = f["snapshot"].map(pd.Series(net.weight_h, index=net.snapshots)).to_numpy()
    scale = net.annualisation / 1e6
    energy = pd.DataFrame({"link": f["link"], "fwd": f["flow_fwd_mw"] * w * scale,
                           "bwd": f["flow_bwd_mw"] * w * scale}).groupby("link").sum()
    fl = rep.flows[rep.flows["year"] == YEAR]
    rows = []
    for link, direction, twh, src, note in zip(fl["link"], fl["direction"], fl["energy_twh"], fl["source_id"],
                                               fl.get("note", pd.Series("", index=fl.index))):
        if link not in energy.index:
            continue
        fwd, bwd = energy.loc[link, "fwd"], energy.loc[link, "bwd"]
        dir_ = direction.replace("net_", "")
        sent = fwd if dir_ == "fwd" else bwd
        net_sign_ok = (fwd - bwd) * (1 if dir_ == "fwd" else -1) > 0
        net_row = direction.startswith("net_")
        operator = not net_row and "ESTIMATE" not in str(note)
        if operator:
            ok, tol, err = bool(abs(sent - twh) <= FLOW_REL_TOL * twh and net_sign_ok), FLOW_REL_TOL * twh, sent - twh
            kind = "operator"
        elif net_row:
            ok, tol, err, kind = bool(net_sign_ok), np.nan, sent - twh, "net direction"
        else:
            ok, tol, err, kind = bool(sent > 0), np.nan, sent - twh, "ESTIMATE: used at all"
        a, b = net.links.loc[link, ["from_region", "to_region"]]
        label = f"{a}→{b}" if dir_ == "fwd" else f"{b}→{a}"
        rows.append(dict(check="flows", region=link, item=f"{label} ({kind})",
                         simulated=float(sent), reported=float(twh), error=float(err), tolerance=tol, unit="TWh",
                         ok=ok, reported_year=YEAR, source_id=src))
    return pd.DataFrame(rows, columns=COLUMNS)
