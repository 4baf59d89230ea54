"""The value of integration: counterfactuals as transformations of a Network, and who gains.

Counterfactuals (docs/architecture.md) are pure functions ``Network -> Network``:

* :func:`isolate`: every cross-border link at zero capacity (domestic links untouched);
* :func:`status_quo`: today's links (``status == existing``) at their data capacity, everything added
  or enlarged by the scenario at zero — the reference for the value of *deeper* integration;
* another scenario file, solved with the same horizon and options.

Who gains, per region r, from the solved LP (all annual, USD):

    consumer_payments_r  = Σ_t w_t · price_r,t · (demand_r,t − shed_r,t)
    unserved_cost_r      = Σ_t w_t · VOLL · shed_r,t
    producer_surplus_r   = Σ_t w_t · [Σ_g∈r (price_r,t − mc_g) · p_g,t + Σ_h∈r price · p_h,t
                                      + Σ_s∈r price · (dis_s,t − ch_s,t)]
    congestion_rent_r    = share of Σ_t w_t · (η_l · price_to,t − price_from,t − wheel_l) · f_l,t per arc
    expansion_cost_r     = half the annuity of capacity added to each expandable link at r
    net_cost_r           = consumer_payments_r + unserved_cost_r − producer_surplus_r − congestion_rent_r
                           + expansion_cost_r (+ gas_net_cost_r with a gas network: gas_results.py)

Summing the balance rows weighted by their duals shows Σ_r net_cost_r = total cost exactly (the
welfare identity, tested), so the value by region, net_cost_r(counterfactual) − net_cost_r(scenario),
adds up to the system value. Congestion rent is split by a stated rule: ``split`` (half to each end,
the default) or ``importer`` (all to the receiving region).
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.inputs.data import Tables
from energymodel.results.gas import gas_welfare_by_region
from energymodel.network.network import Network
from energymodel.results.countries import country_of, is_zoned, to_countries
from energymodel.results.extract import Results, region_totals, row_costs
from energymodel.results.tidy import lookup, positions, snapshot_weights, sum_by

RENT_RULES = ("split", "importer")


# ----------------------------------------------------------------------------------- counterfactuals


def isolate(net: Network) -> Network:
    """Every cross-border electricity link and gas link (pipelines between countries; not LNG routes
    from the world market) at zero capacity; nothing else changes."""
    links = net.links.copy()
    cb = links["cross_border"].astype(bool)
    links.loc[cb, ["capacity_fwd_mw", "capacity_bwd_mw", "max_new_mw"]] = 0.0
    links.loc[cb, "expandable"] = False
    changes = {"links": links}
    if net.lines is not None:  # a cut AC line is removed, not held at zero flow (that would fix the angles)
        changes["lines"] = net.lines[~net.lines["cross_border"].astype(bool)]
    if net.gas_links is not None:
        gas_links = net.gas_links.copy()
        gas_links.loc[gas_links["cross_border"].astype(bool), "capacity_mw_th"] = 0.0
        changes["gas_links"] = gas_links
    return net.replace(**changes)


def nothing_to_isolate(net: Network) -> str | None:
    """Why the isolated counterfactual equals the scenario, in words, or None when it cuts something:
    a single country, or no link, line or pipeline with capacity between two countries."""
    countries = sorted({c for cs in net.regions["countries"] for c in cs})
    if len(countries) < 2:
        return (f"the network has a single country ({', '.join(countries) or 'none given'}): the isolated "
                "counterfactual cuts nothing, so the value of integration is 0 by construction. Give regions "
                "different countries in regions.csv, or choose another counterfactual (status_quo, a scenario "
                "file, none)")
    links = net.links
    cut = (links["cross_border"].astype(bool) & ((links["capacity_fwd_mw"] > 0) | (links["capacity_bwd_mw"] > 0)
                                                 | links["expandable"].astype(bool))).any()
    cut |= net.lines is not None and bool(net.lines["cross_border"].astype(bool).any())
    if net.gas_links is not None:
        cut |= bool((net.gas_links["cross_border"].astype(bool) & (net.gas_links["capacity_mw_th"] > 0)).any())
    if not cut:
        return ("no link, line or pipeline with capacity joins two countries: the isolated counterfactual cuts "
                "nothing, so the value of integration is 0 by construction")
    return None


def without_expansion(net: Network) -> Network:
    """No link may be expanded: the reference for the value of the optimal build."""
    links = net.links.copy()
    links["expandable"] = False
    links["max_new_mw"] = 0.0
    return net.replace(links=links)


def status_quo(net: Network, tables: Tables) -> Network:
    """Today's cross-border links and pipelines: each at the smaller of its capacity in the scenario and its
    existing capacity in the data (zero for links that do not exist today), none expandable. A link the
    scenario closes stays closed; what the scenario adds, enlarges or brings forward is removed."""
    links = net.links.copy()
    data = tables["interconnectors"].set_index("link")
    existing = data[data["status"] == "existing"]
    cb = links["cross_border"].astype(bool)
    for col in ("capacity_fwd_mw", "capacity_bwd_mw"):
        today = existing[col].reindex(links.index).fillna(0.0).astype(float)
        links[col] = np.where(cb, np.minimum(today, links[col]), links[col])
    links.loc[cb, "expandable"] = False
    links.loc[cb, "max_new_mw"] = 0.0
    if net.gas_links is None or "gas_links" not in tables.tables:
        return net.replace(links=links)
    gas = net.gas_links.copy()
    data_gas = tables["gas_links"].set_index("gas_link")["capacity_mw_th"].astype(float).fillna(np.inf)
    gcb = gas["cross_border"].astype(bool)
    today_gas = data_gas.reindex(gas.index).fillna(0.0)  # a pipeline the scenario added: not there today
    gas.loc[gcb, "capacity_mw_th"] = np.minimum(today_gas[gcb], gas.loc[gcb, "capacity_mw_th"])
    return net.replace(links=links, gas_links=gas)


def without_links(net: Network, names) -> Network:
    """The named links at zero capacity (leave-one-out, coalitions)."""
    links = net.links.copy()
    links.loc[list(names), ["capacity_fwd_mw", "capacity_bwd_mw", "max_new_mw"]] = 0.0
    links.loc[list(names), "expandable"] = False
    return net.replace(links=links)


LINK_BOUND_FIELDS = ("name", "links", "gas_links")
"""Network fields :func:`differs_only_in_link_capacity` compares column by column (a name is no part of the LP)."""


def _same(x, y) -> bool:
    """Equal values: frames and series by ``equals`` (NaN equal to NaN), arrays by ``array_equal``."""
    if x is None or y is None:
        return x is None and y is None
    if isinstance(x, (pd.DataFrame, pd.Series, pd.Index)):
        return type(x) is type(y) and x.equals(y)
    if isinstance(x, np.ndarray):
        return isinstance(y, np.ndarray) and x.shape == y.shape and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
    return x == y


def differs_only_in_link_capacity(a: Network, b: Network) -> bool:
    """True when ``b`` can be solved by changing link bounds in ``a``'s LP: every field of the Network is the
    same (demand, units, rules, availability profiles, dated link limits, …) but the capacities of the
    electricity links and gas arcs. Expandable links never qualify (their capacity lives in rows)."""
    if a is b:
        return True
    if a.links["expandable"].any() or b.links["expandable"].any():
        return False  # expandable capacity lives in rows, not in bounds
    fixed_link_cols = ["from_region", "to_region", "efficiency", "wheeling_usd_per_mwh"]
    if not (a.links.index.equals(b.links.index) and a.links[fixed_link_cols].equals(b.links[fixed_link_cols])):
        return False
    if (a.gas_links is None) != (b.gas_links is None):
        return False
    if a.gas_links is not None:
        fixed = [c for c in a.gas_links.columns if c != "capacity_mw_th"]
        if not (a.gas_links.index.equals(b.gas_links.index) and a.gas_links[fixed].equals(b.gas_links[fixed])):
            return False
    return all(_same(getattr(a, f.name), getattr(b, f.name))
               for f in dataclasses.fields(a) if f.name not in LINK_BOUND_FIELDS)


# -------------------------------------------------------------------------------------------- welfare


def _weighted(values: pd.Series, snapshot: pd.Series, net: Network) -> pd.Series:
    return values * snapshot_weights(snapshot, net.snapshots, net.weight_h)


def _price_lookup(res: Results):
    """A function (snapshot column, region column) → each row's electricity price [USD/MWh] (NaN where the
    snapshot or region has none), by position in the price matrix."""
    pm = res.price_matrix()
    values = pm.to_numpy()

    def at(snapshot: pd.Series, region: pd.Series) -> np.ndarray:
        t, r = pm.index.get_indexer(snapshot), positions(region, pm.columns)
        out = values[np.maximum(t, 0), np.maximum(r, 0)] if values.size else np.full(len(t), np.nan)
        out[(t < 0) | (r < 0)] = np.nan
        return out

    return at


def welfare_by_region(res: Results, rule: str = "split") -> pd.DataFrame:
    """Annual welfare accounts per region [USD, tCO2]; ``net_cost_usd`` sums to the annual cost. Computed
    once per Results and rule (``Results.memo``); each call returns a copy. Raises ``ValueError`` for an
    unknown ``rule``."""
    if rule not in RENT_RULES:
        raise ValueError(f"rent rule must be one of {RENT_RULES}, got {rule!r}")
    key = f"welfare_by_region:{rule}"
    if key not in res.memo:
        res.memo[key] = _welfare_by_region(res, rule)
    return res.memo[key].copy()


def _welfare_by_region(res: Results, rule: str) -> pd.DataFrame:
    net = res.network
    ann = net.annualisation
    regions = net.regions.index
    price_at = _price_lookup(res)

    def at_price(df: pd.DataFrame, region_col: str = "region") -> np.ndarray:
        return price_at(df["snapshot"], df[region_col])

    demand = net.demand_mw.set_axis(net.snapshots)[list(regions)].stack()
    demand.index.names = ["snapshot", "region"]
    shed = res.shedding.set_index(["snapshot", "region"])["shed_mw"].reindex(demand.index)
    served = (demand - shed).rename("mw").reset_index()
    cp = _weighted(pd.Series(at_price(served) * served["mw"].to_numpy()), served["snapshot"], net)
    out = pd.DataFrame(index=regions)
    out["consumer_payments_usd"] = sum_by(cp.to_numpy(), served["region"], regions)
    shed_df = res.shedding
    out["unserved_cost_usd"] = sum_by(_weighted(shed_df["shed_mw"] * net.voll_usd_per_mwh, shed_df["snapshot"],
                                                net).to_numpy(), shed_df["region"], regions)

    d = res.dispatch
    mc = row_costs(net, d["generator"], d["snapshot"])
    ps = _weighted(pd.Series((at_price(d) - mc) * d["mw"].to_numpy()), d["snapshot"], net)
    surplus = sum_by(ps.to_numpy(), d["region"], regions)
    st = res.storage
    if len(st):
        cost = (net.storage["dispatch_cost_usd_per_mwh"].reindex(st["storage"]).fillna(0.0).to_numpy()
                if "dispatch_cost_usd_per_mwh" in net.storage else 0.0)
        sps = _weighted(pd.Series(at_price(st) * (st["discharge_mw"] - st["charge_mw"]).to_numpy()
                                  - cost * st["discharge_mw"].to_numpy()), st["snapshot"], net)
        surplus = surplus.add(sps.groupby(st["region"].to_numpy()).sum(), fill_value=0.0)
    out["producer_surplus_usd"] = surplus
    rents = link_rents(res) if res.line_flows is None else pd.concat([link_rents(res), line_rents(res)])
    out["congestion_rent_usd"] = rents.pipe(_allocate_rent, rule).reindex(regions)
    out = out.fillna(0.0) * ann
    out["expansion_cost_usd"] = _expansion_cost(res).reindex(regions).fillna(0.0)
    out["net_cost_usd"] = (out["consumer_payments_usd"] + out["unserved_cost_usd"]
                           - out["producer_surplus_usd"] - out["congestion_rent_usd"] + out["expansion_cost_usd"])
    if res.gas is not None:  # gas plants pay fuel at their node's price; gas consumers, suppliers and links
        gas = gas_welfare_by_region(net, res.gas, res.dispatch, rule)
        out = out.join(gas)
        out["net_cost_usd"] += gas["gas_net_cost_usd"]
    out["emissions_tco2"] = region_totals(res)["emissions_tco2"] * ann
    out.index.name = "region"
    return out


def _expansion_cost(res: Results) -> pd.Series:
    """Annuity of the capacity the LP added to expandable links [USD/yr], half to each end."""
    new = res.new_capacity_mw
    if new.empty:
        return pd.Series(dtype=float)
    links = res.network.links.loc[new.index]
    half = new * links["annuity_usd_per_mw_yr"] / 2
    return half.groupby(links["from_region"].to_numpy()).sum().add(
        half.groupby(links["to_region"].to_numpy()).sum(), fill_value=0.0)


def link_rents(res: Results) -> pd.DataFrame:
    """Per link and direction over the horizon: rent [USD] = Σ w·(η·price_to − price_from − wheel)·f,
    with the sending and receiving region of each arc."""
    net = res.network
    links = net.links
    price = res.prices.set_index(["snapshot", "region"])["price_usd_per_mwh"]
    fl = res.flows
    rows = []
    for direction, col, src, dst in (("fwd", "flow_fwd_mw", "from_region", "to_region"),
                                     ("bwd", "flow_bwd_mw", "to_region", "from_region")):
        p_src = price.reindex(pd.MultiIndex.from_arrays([fl["snapshot"], fl[src]])).to_numpy()
        p_dst = price.reindex(pd.MultiIndex.from_arrays([fl["snapshot"], fl[dst]])).to_numpy()
        eff = links["efficiency"].reindex(fl["link"]).to_numpy()
        wheel = links["wheeling_usd_per_mwh"].reindex(fl["link"]).to_numpy()
        rent = _weighted(pd.Series((eff * p_dst - p_src - wheel) * fl[col].to_numpy()), fl["snapshot"], net)
        energy = _weighted(fl[col].reset_index(drop=True), fl["snapshot"].reset_index(drop=True), net)
        g = pd.DataFrame({"link": fl["link"].to_numpy(), "rent_usd": rent.to_numpy(),
                          "energy_mwh": energy.to_numpy()}).groupby("link").sum()
        g["direction"] = direction
        g["sender"] = links.loc[g.index, src].to_numpy()
        g["receiver"] = links.loc[g.index, dst].to_numpy()
        rows.append(g.reset_index())
    return pd.concat(rows, ignore_index=True)


def line_rents(res: Results) -> pd.DataFrame:
    """Per AC line (DC power flow) and direction over the horizon: rent [USD] = Σ w·(price_to − price_from)·f
    for the flow each way, with sender and receiver (as :func:`link_rents`)."""
    net, fl = res.network, res.line_flows
    price = res.prices.set_index(["snapshot", "region"])["price_usd_per_mwh"]
    p_a = price.reindex(pd.MultiIndex.from_arrays([fl["snapshot"], fl["from_region"]])).to_numpy()
    p_b = price.reindex(pd.MultiIndex.from_arrays([fl["snapshot"], fl["to_region"]])).to_numpy()
    rows = []
    for direction, sign, src, dst in (("fwd", 1.0, "from_region", "to_region"), ("bwd", -1.0, "to_region", "from_region")):
        f = np.maximum(sign * fl["flow_mw"].to_numpy(), 0.0)
        rent = _weighted(pd.Series(sign * (p_b - p_a) * f), fl["snapshot"].reset_index(drop=True), net)
        energy = _weighted(pd.Series(f), fl["snapshot"].reset_index(drop=True), net)
        g = pd.DataFrame({"link": fl["line"].to_numpy(), "rent_usd": rent.to_numpy(),
                          "energy_mwh": energy.to_numpy()}).groupby("link").sum()
        g["direction"] = direction
        g["sender"] = net.lines.loc[g.index, src].to_numpy()
        g["receiver"] = net.lines.loc[g.index, dst].to_numpy()
        rows.append(g.reset_index())
    return pd.concat(rows, ignore_index=True)


def _allocate_rent(rents: pd.DataFrame, rule: str) -> pd.Series:
    if rule == "importer":
        return rents.groupby("receiver")["rent_usd"].sum()
    half = rents["rent_usd"] / 2
    return half.groupby(rents["sender"]).sum().add(half.groupby(rents["receiver"]).sum(), fill_value=0.0)


def links_table(res: Results, capex: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per link, annual: energy each way [TWh], congestion rent [USD], marginal value of capacity each
    way [USD/MW-yr] from the capacity duals, and the annualised cost of a MW where known."""
    net = res.network
    ann = net.annualisation
    rents = link_rents(res)
    out = pd.DataFrame(index=net.links.index)
    for direction in ("fwd", "bwd"):
        r = rents[rents["direction"] == direction].set_index("link")
        out[f"energy_{direction}_twh"] = r["energy_mwh"].reindex(out.index).fillna(0.0) * ann / units.MWH_PER_TWH
    out["congestion_rent_usd"] = rents.groupby("link")["rent_usd"].sum().reindex(out.index).fillna(0.0) * ann
    out["marginal_value_fwd_usd_per_mw_yr"] = res.link_values["marginal_value_fwd_usd_per_mw"] * ann
    out["marginal_value_bwd_usd_per_mw_yr"] = res.link_values["marginal_value_bwd_usd_per_mw"] * ann
    added = res.new_capacity_mw.reindex(out.index).fillna(0.0)  # what the LP built on expandable links
    out["capacity_fwd_mw"] = net.links["capacity_fwd_mw"] + added
    out["capacity_bwd_mw"] = net.links["capacity_bwd_mw"] + added
    out["new_capacity_mw"] = added
    out["cross_border"] = net.links["cross_border"]
    if capex is not None and "annualised_cost_usd_per_mw_yr" in capex:
        out["annualised_cost_usd_per_mw_yr"] = capex["annualised_cost_usd_per_mw_yr"].reindex(out.index)
    out.index.name = "link"
    return out


def gas_links_table(res: Results) -> pd.DataFrame:
    """Per gas link, annual: energy sent [TWh_th], rent [USD] = Σ w·((1 − loss)·π_to − π_from − cost)·flow,
    and the marginal value of a MW_th of capacity [USD/MW_th-yr] = Σ w·max(0, (1 − loss)·π_to − π_from − cost)
    (by complementary slackness the arc is full whenever that margin is positive)."""
    net = res.network
    if res.gas is None:
        return pd.DataFrame()
    gl = net.gas_links
    pm = res.gas.price_matrix()
    fl = res.gas.flows.pivot(index="snapshot", columns="gas_link", values="flow_mw_th") \
        .reindex(index=pm.index, columns=list(gl.index)).fillna(0.0)  # also a gas network without links
    p_from = pm[list(gl["from_node"])].to_numpy()
    p_to = pm[list(gl["to_node"])].to_numpy()
    margin = (1 - gl["loss_pu"].to_numpy()) * p_to - p_from - gl["cost_usd_per_mwh_th"].to_numpy()
    w = net.weight_h[:, None]
    ann = net.annualisation
    out = pd.DataFrame(index=gl.index)
    out["kind"] = gl["kind"]
    out["capacity_mw_th"] = gl["capacity_mw_th"]
    out["energy_twh_th"] = (fl.to_numpy() * w).sum(axis=0) * ann / units.MWH_PER_TWH
    out["rent_usd"] = (margin * fl.to_numpy() * w).sum(axis=0) * ann
    out["marginal_value_usd_per_mw_th_yr"] = (np.maximum(margin, 0.0) * w).sum(axis=0) * ann
    out["cross_border"] = gl["cross_border"].astype(bool)
    out.index.name = "gas_link"
    return out


def link_costs(tables: Tables, network: Network, discount_rate: float | None,
               lifetime_years: float = units.LINK_LIFETIME_YEARS) -> pd.DataFrame | None:
    """Annualised cost of a MW of each link [USD/MW-yr]: the scenario's own annuity for an expandable link;
    otherwise, with a discount rate, the data's ``generic_capex_usd_per_mw`` (USD of the base year; the
    projects' own ``capex_usd_per_mw`` are nominal USD of their ``cost_year`` and are not mixed in) times
    the annuity factor. None when neither is available."""
    out = pd.DataFrame(index=network.links.index)
    out["annualised_cost_usd_per_mw_yr"] = np.nan
    data = tables["interconnectors"].set_index("link")
    if discount_rate is not None and "generic_capex_usd_per_mw" in data:
        capex = pd.to_numeric(data["generic_capex_usd_per_mw"], errors="coerce").reindex(out.index)
        out["annualised_cost_usd_per_mw_yr"] = capex * units.annuity_factor(discount_rate, lifetime_years)
    exp = network.links["expandable"].astype(bool)
    out.loc[exp, "annualised_cost_usd_per_mw_yr"] = network.links.loc[exp, "annuity_usd_per_mw_yr"]
    return None if out["annualised_cost_usd_per_mw_yr"].isna().all() else out


# ------------------------------------------------------------------------------------ value summary


def _json_value(v) -> Any:
    """A JSON-safe value: bools stay bools, numbers become floats, NaN and ±inf (unlimited) become null."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, str):
        return v
    v = float(v)
    return v if np.isfinite(v) else None


def _records(df: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(k): {c: _json_value(v) for c, v in row.items()} for k, row in df.iterrows()}


def value_of_integration(res: Results, cf: Results, counterfactual: str, rule: str = "split",
                         capex: pd.DataFrame | None = None) -> dict[str, Any]:
    """The ``integration`` block of summary.json: system value and who gains, which link earns it."""
    w_s, w_c = welfare_by_region(res, rule), welfare_by_region(cf, rule)
    delta = pd.DataFrame(index=w_s.index)
    delta["value_usd"] = w_c["net_cost_usd"] - w_s["net_cost_usd"]
    for col in ("consumer_payments_usd", "unserved_cost_usd"):
        delta[f"delta_{col}"] = w_s[col] - w_c[col]
    for col in ("producer_surplus_usd", "congestion_rent_usd"):
        delta[f"delta_{col}"] = w_s[col] - w_c[col]
    delta["delta_expansion_cost_usd"] = w_s["expansion_cost_usd"] - w_c["expansion_cost_usd"]
    if "gas_net_cost_usd" in w_s or "gas_net_cost_usd" in w_c:
        zero = pd.Series(0.0, index=w_s.index)
        delta["delta_gas_net_cost_usd"] = w_s.get("gas_net_cost_usd", zero) - w_c.get("gas_net_cost_usd", zero)
    delta["delta_emissions_tco2"] = w_s["emissions_tco2"] - w_c["emissions_tco2"]
    totals, cf_totals = region_totals(res), region_totals(cf)
    delta["avg_price_usd_per_mwh"] = totals["avg_price_usd_per_mwh"]
    delta["counterfactual_avg_price_usd_per_mwh"] = cf_totals["avg_price_usd_per_mwh"]
    by_country = to_countries(delta, country_of(res.network),
                              {"avg_price_usd_per_mwh": totals["demand_twh"],
                               "counterfactual_avg_price_usd_per_mwh": cf_totals["demand_twh"]})
    links = links_table(res, capex)
    return {
        "counterfactual": counterfactual,
        "rent_rule": rule,
        "counterfactual_cost_usd": cf.annual_cost_usd,
        "scenario_cost_usd": res.annual_cost_usd,
        "value_usd": cf.annual_cost_usd - res.annual_cost_usd,
        "by_country": _records(by_country),
        **({"by_zone": _records(delta)} if is_zoned(res.network) else {}),
        "by_link": {"electricity": _records(links), "gas": _records(gas_links_table(res).drop(columns="kind"))
                    if res.gas is not None else {}},
        "counterfactual_shed_mwh": float(cf.shedding["shed_mw"].mul(
            cf.shedding["snapshot"].map(pd.Series(cf.network.weight_h, index=cf.network.snapshots))).sum()
            * cf.network.annualisation),
    }
