"""Reservoir and operating-rule results: the water value of each reservoir (dual of its continuity row),
monthly water values and levels per region, and the shadow price of each generation limit."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.network.network import Network
from energymodel.results.tidy import clean
from energymodel.solver.highs import Solution


def water_value(net: Network, solution: Solution) -> np.ndarray:
    """(reservoirs × T) water value [USD/MWh]: minus the dual of ``c_hydro_level[h, t]``, i.e. the cost
    saved over the horizon by one more MWh stored in reservoir h in snapshot t."""
    n = len(net.hydro)
    if not n:
        return np.zeros((0, net.n_snapshots))
    return clean(-solution.dual("c_hydro_level").reshape(n, net.n_snapshots)) + 0.0


def monthly_water_values(net: Network, hydro: pd.DataFrame) -> pd.DataFrame:
    """month (YYYY-MM), region, water_value_usd_per_mwh (mean over the region's reservoirs and the month's
    snapshots), level_mwh and level_pu (sum over the region's reservoirs at the end of the month)."""
    cols = ["month", "region", "water_value_usd_per_mwh", "level_mwh", "level_pu"]
    if hydro.empty:
        return pd.DataFrame(columns=cols)
    df = hydro.assign(month=pd.DatetimeIndex(hydro["snapshot"]).strftime("%Y-%m"))
    wv = df.groupby(["month", "region"])["water_value_usd_per_mwh"].mean()
    last = df.groupby(["month", "hydro"])["snapshot"].transform("max") == df["snapshot"]
    level = df[last].groupby(["month", "region"])["level_mwh"].sum()
    energy = net.hydro.groupby("region")["energy_mwh"].sum()
    out = pd.DataFrame({"water_value_usd_per_mwh": wv, "level_mwh": level}).reset_index()
    out["level_pu"] = out["level_mwh"] / out["region"].map(energy).replace(0.0, np.nan)
    return out[cols]


def limit_table(net: Network, solution: Solution, gen_mw: np.ndarray) -> pd.DataFrame:
    """index limit: region, technology, rule, bound, basis, limit_twh (over the horizon), used_twh (over the
    horizon, electricity or fuel), shadow_price_usd_per_mwh (|dual|: cost change per MWh the limit is
    relaxed, in the basis' unit). ``gen_mw``: generators × T output."""
    cols = ["region", "technology", "rule", "bound", "basis", "limit_twh", "used_twh", "shadow_price_usd_per_mwh"]
    lim = net.gen_limits
    if lim is None or not len(lim):
        return pd.DataFrame(columns=cols, index=pd.Index([], name="limit"))
    gens = net.generators
    pos = {g: i for i, g in enumerate(gens.index)}
    share = 1.0 / net.annualisation  # the horizon's share of a year
    energy_mwh = gen_mw @ net.weight_h  # per generator over the horizon
    used = []
    for _, row in lim.iterrows():
        total = 0.0
        for g in row["generators"]:
            c = float(gens.at[g, "heat_rate_mwh_th_per_mwh"]) if row["basis"] == "fuel" else 1.0
            total += c * float(energy_mwh[pos[g]])
        used.append(total / units.MWH_PER_TWH)
    out = lim[["region", "technology", "rule", "bound", "basis"]].copy()
    out["limit_twh"] = lim["mwh_per_year"].astype(float) * share / units.MWH_PER_TWH
    out["used_twh"] = used
    out["shadow_price_usd_per_mwh"] = np.abs(clean(solution.dual("c_gen_limit")))
    return out[cols]
