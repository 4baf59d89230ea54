"""Gas results: tidy tables from a solved LP with a gas network, and their summaries (pandas only).

Gas prices are computed here and only here: ``price_usd_per_mwh_th = dual(c_gas_balance) / weight_h``,
also reported in USD/MMBtu. Totals are over the modelled horizon (Σ_t weight_h · x_t) unless named
``annual_``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.network.network import Network
from energymodel.network.fuelprices import fuel_prices, has_series
from energymodel.results.csvfile import write_csv
from energymodel.results.tidy import clean as _clean
from energymodel.results.tidy import long_frame as _long
from energymodel.results.tidy import positions
from energymodel.solver.highs import Solution

GAS_FILES = ("gas_flows.csv", "gas_prices.csv", "gas_supply.csv", "gas_balance.csv", "lng_cargoes.csv")
"""Files a run with a gas network writes (header-only when the network has no gas)."""


@dataclass(frozen=True)
class GasResults:
    """The gas side of a solved scenario. Time series are tidy (long) frames ordered by snapshot."""

    flows: pd.DataFrame
    """snapshot, gas_link, kind, from_node, to_node, flow_mw_th (sent), received_mw_th."""
    prices: pd.DataFrame
    """snapshot, node, price_usd_per_mwh_th, price_usd_per_mmbtu."""
    supply: pd.DataFrame
    """snapshot, supply, node, kind, mw_th (an export's mw_th leaves its node)."""
    balance: pd.DataFrame
    """snapshot, node, supply_mw_th, export_mw_th, inflow_mw_th (received), outflow_mw_th (sent),
    power_mw_th (burned by gas plants), nonpower_mw_th (demand), unserved_mw_th, disposed_mw_th: the terms
    of the gas balance, supply + inflow + unserved − export − outflow − power − disposed = nonpower
    (disposed ≥ 0 is gas left unused, 0 unless some supply is free)."""

    def price_matrix(self) -> pd.DataFrame:
        """snapshots × gas nodes [USD/MWh_th]."""
        return self.prices.pivot(index="snapshot", columns="node", values="price_usd_per_mwh_th")


def power_burn_mw_th(net: Network, gen_mw: np.ndarray) -> np.ndarray:
    """Gas burned by generators fed from each gas node (nodes × T) [MW_th], from v_gen (generators × T)."""
    nodes = list(net.gas_nodes.index)
    out = np.zeros((len(nodes), gen_mw.shape[1]))
    gens = net.generators
    if "gas_node" not in gens:
        return out
    pos = {n: i for i, n in enumerate(nodes)}
    for i, (node, hr) in enumerate(zip(gens["gas_node"], gens["heat_rate_mwh_th_per_mwh"])):
        if node:
            out[pos[node]] += hr * gen_mw[i]
    return out


def extract_gas(net: Network, solution: Solution, gen_mw: np.ndarray) -> GasResults | None:
    """Gas tables from a solution of ``build_model(net)``; ``gen_mw`` is v_gen (generators × T)."""
    if not net.has_gas:
        return None
    n_t, snaps, w = net.n_snapshots, net.snapshots, net.weight_h
    nodes, sup, links = net.gas_nodes, net.gas_supply, net.gas_links
    node_list = list(nodes.index)
    pos = {n: i for i, n in enumerate(node_list)}

    s = _clean(solution.value("v_gas_supply").reshape(len(sup), n_t)) if len(sup) else np.zeros((0, n_t))
    f = _clean(solution.value("v_gas_flow").reshape(len(links), n_t)) if len(links) else np.zeros((0, n_t))
    demand = net.gas_demand_mw_th[node_list].to_numpy().T
    shed = np.zeros((len(node_list), n_t))
    served = [n for n in node_list if (net.gas_demand_mw_th[n] > 0).any()]
    if served:
        v = _clean(solution.value("v_gas_shed").reshape(len(served), n_t))
        for i, n in enumerate(served):
            shed[pos[n]] = v[i]

    supply = _long(s, sup.index, snaps, "supply", "mw_th")
    supply.insert(2, "node", sup["node"].reindex(supply["supply"]).to_numpy())
    supply.insert(3, "kind", sup["kind"].reindex(supply["supply"]).to_numpy())

    received = f * (1.0 - links["loss_pu"].to_numpy())[:, None]
    flows = _long(f, links.index, snaps, "gas_link", "flow_mw_th")
    flows["received_mw_th"] = received.T.ravel()
    for i, col in enumerate(("kind", "from_node", "to_node")):
        flows.insert(2 + i, col, links[col].reindex(flows["gas_link"]).to_numpy())

    price = solution.dual("c_gas_balance").reshape(len(node_list), n_t) / w[None, :]
    prices = _long(price, node_list, snaps, "node", "price_usd_per_mwh_th")
    prices["price_usd_per_mmbtu"] = units.usd_per_mwh_th_to_usd_per_mmbtu(prices["price_usd_per_mwh_th"])

    def by_node(values: np.ndarray, node_of) -> np.ndarray:
        out = np.zeros((len(node_list), n_t))
        for row, node in zip(values, node_of):
            out[pos[node]] += row
        return out

    is_export = (sup["kind"] == "export").to_numpy()
    bal = _long(by_node(s[~is_export], sup["node"][~is_export]), node_list, snaps, "node", "supply_mw_th")
    bal["export_mw_th"] = by_node(s[is_export], sup["node"][is_export]).T.ravel()
    bal["inflow_mw_th"] = by_node(received, links["to_node"]).T.ravel()
    bal["outflow_mw_th"] = by_node(f, links["from_node"]).T.ravel()
    bal["power_mw_th"] = power_burn_mw_th(net, gen_mw).T.ravel()
    bal["nonpower_mw_th"] = demand.T.ravel()
    bal["unserved_mw_th"] = shed.T.ravel()
    surplus = (bal["supply_mw_th"] - bal["export_mw_th"] + bal["inflow_mw_th"] - bal["outflow_mw_th"]
               - bal["power_mw_th"] + bal["unserved_mw_th"] - bal["nonpower_mw_th"]).to_numpy()
    bal["disposed_mw_th"] = _clean(np.where(np.abs(surplus) < 1e-6, 0.0, surplus))
    return GasResults(flows=flows, prices=prices, supply=supply, balance=bal)


# ------------------------------------------------------------------------------------------ summaries


def _weights(net: Network, snapshot: pd.Series) -> np.ndarray:
    return snapshot.map(pd.Series(net.weight_h, index=net.snapshots)).to_numpy()


def supply_by_source(net: Network, gas: GasResults) -> pd.DataFrame:
    """index supply: node, kind, energy_mwh_th (horizon), annual_twh_th, price_usd_per_mmbtu."""
    e = gas.supply["mw_th"].to_numpy() * _weights(net, gas.supply["snapshot"])
    total = pd.Series(e).groupby(gas.supply["supply"].to_numpy()).sum()
    out = net.gas_supply[["node", "kind"]].copy()
    out["energy_mwh_th"] = total.reindex(out.index).fillna(0.0)
    out["annual_twh_th"] = out["energy_mwh_th"] * net.annualisation / units.MWH_PER_TWH
    out["price_usd_per_mmbtu"] = units.usd_per_mwh_th_to_usd_per_mmbtu(net.gas_supply["price_usd_per_mwh_th"])
    return out


def lng_cargoes(net: Network, gas: GasResults) -> pd.DataFrame:
    """LNG volumes by route (and exports sold to the world market): route, from_node, to_node, kind,
    sent_mwh_th (horizon), annual_twh_th, annual_mt_lng (million tonnes of LNG per year)."""
    routes = net.gas_links.index[net.gas_links["kind"] == "lng_route"]
    fl = gas.flows[gas.flows["gas_link"].isin(routes)]
    e = pd.Series(fl["flow_mw_th"].to_numpy() * _weights(net, fl["snapshot"])).groupby(
        fl["gas_link"].to_numpy()).sum()
    out = net.gas_links.loc[routes, ["from_node", "to_node"]].assign(kind="lng_route")
    out["sent_mwh_th"] = e.reindex(routes).fillna(0.0)
    exports = net.gas_supply.index[net.gas_supply["kind"] == "export"]
    if len(exports):
        sup = gas.supply[gas.supply["supply"].isin(exports)]
        ex = pd.Series(sup["mw_th"].to_numpy() * _weights(net, sup["snapshot"])).groupby(
            sup["supply"].to_numpy()).sum()
        out = pd.concat([out, pd.DataFrame({"from_node": net.gas_supply.loc[exports, "node"], "to_node": "",
                                            "kind": "export", "sent_mwh_th": ex.reindex(exports).fillna(0.0)})])
    out["annual_twh_th"] = out["sent_mwh_th"] * net.annualisation / units.MWH_PER_TWH
    hours = units.HOURS_PER_YEAR
    out["annual_mt_lng"] = units.mw_th_to_mtpa(out["annual_twh_th"] * units.MWH_PER_TWH / hours)
    out.index.name = "route"
    return out


def region_gas_totals(net: Network, gas: GasResults | None, dispatch: pd.DataFrame) -> pd.DataFrame:
    """Per region over the horizon: gas_for_power_twh_th (all gas-fired units), avg_gas_price_usd_per_mmbtu
    (what those units paid per MMBtu on average, burn-weighted; the node's time-weighted price if they burned
    nothing), and fuel_cost_usd of units fed by a gas node (their marginal cost excludes it)."""
    gens = net.generators
    regions = net.regions.index
    d = dispatch[dispatch["generator"].isin(gens.index[gens["fuel"] == "gas"])]
    w = _weights(net, d["snapshot"])
    hr = gens["heat_rate_mwh_th_per_mwh"].reindex(d["generator"]).to_numpy()
    burn = d["mw"].to_numpy() * hr * w  # MWh_th
    node = gens["gas_node"].reindex(d["generator"]).to_numpy() if "gas_node" in gens else np.full(len(d), "")
    exo = gens["fuel_price_usd_per_mwh_th"].reindex(d["generator"]).to_numpy()
    if has_series(net):  # a unit on a monthly fuel price paid the month's price
        exo = fuel_prices(net)[positions(d["generator"], gens.index), net.snapshots.get_indexer(d["snapshot"])]
    if gas is not None and len(d):
        pm = gas.price_matrix()
        on = node != ""
        price = exo.copy()
        price[on] = pm.to_numpy()[pm.index.get_indexer(d["snapshot"][on]), pm.columns.get_indexer(node[on])]
    else:
        price = exo
        on = np.zeros(len(d), bool)
    df = pd.DataFrame({"region": d["region"].to_numpy(), "burn": burn, "pay": burn * np.nan_to_num(price),
                       "fuel": np.where(on, burn * np.nan_to_num(price), 0.0)})
    agg = df.groupby("region").sum().reindex(regions).fillna(0.0)
    out = pd.DataFrame(index=regions)
    out["gas_for_power_twh_th"] = agg["burn"] / units.MWH_PER_TWH
    avg = (agg["pay"] / agg["burn"].where(agg["burn"] > 0))
    if gas is not None:  # no burn: the node's time-weighted average price
        node_of_region = {r: n for n, r in zip(net.gas_nodes.index, net.gas_nodes["region"]) if r}
        pm = gas.price_matrix()
        wavg = (pm.mul(net.weight_h, axis=0).sum() / net.weight_h.sum())
        fallback = pd.Series({r: wavg.get(node_of_region.get(r, ""), np.nan) for r in regions})
        avg = avg.fillna(fallback)
    out["avg_gas_price_usd_per_mmbtu"] = units.usd_per_mwh_th_to_usd_per_mmbtu(avg)
    out["fuel_cost_usd"] = agg["fuel"]
    return out


def gas_welfare_by_region(net: Network, gas: GasResults, dispatch: pd.DataFrame,
                          rule: str = "split") -> pd.DataFrame:
    """Annual gas accounts per electricity region [USD], to add to the electricity accounts of
    ``integration.welfare_by_region`` (whose producer surplus uses marginal costs without fuel for units fed
    by a gas node). With π the gas price at a node:

    * ``fuel_payments_usd``: π · heat_rate · v_gen of the region's gas plants fed by a gas node;
    * ``gas_consumer_payments_usd``: π · served non-power demand, plus VOLL · unserved non-power gas;
    * ``gas_producer_surplus_usd``: (π − price) · supply and (price − π) · export at the region's nodes;
    * ``gas_link_rent_usd``: ((1 − loss) · π_to − π_from − cost) · flow, split between the two ends' regions
      (``split``: half each; ``importer``: all to the receiving end; an end outside every region, such as
      the world LNG market, passes its share to the other end);
    * ``gas_net_cost_usd`` = fuel + consumer payments − producer surplus − link rent.

    Σ_regions gas_net_cost_usd equals the gas part of the objective (supply costs − export revenue + arc
    costs + VOLL · unserved gas), annualised, whenever gas supplies at nodes outside every region earn no
    surplus (true for an unlimited world LNG supply). Nodes take the region of their ``region`` or, failing
    that, of their ``country``.
    """
    from energymodel.network.gas import _node_region

    regions = net.regions.index
    region_of = _node_region(net.gas_nodes, net.regions)
    pm = gas.price_matrix()
    w = pd.Series(net.weight_h, index=net.snapshots)
    ann = net.annualisation

    def price_at(snapshot: pd.Series, node: pd.Series) -> np.ndarray:
        return pm.to_numpy()[pm.index.get_indexer(snapshot), pm.columns.get_indexer(node)]

    def total(values: np.ndarray, snapshot: pd.Series, region) -> pd.Series:
        v = pd.Series(values * snapshot.map(w).to_numpy())
        return v.groupby(np.asarray(region, dtype=object)).sum()

    out = pd.DataFrame(0.0, index=regions, columns=["fuel_payments_usd", "gas_consumer_payments_usd",
                                                    "gas_producer_surplus_usd", "gas_link_rent_usd"])

    def add(col: str, s: pd.Series) -> None:
        s = s[s.index.isin(regions)]
        out.loc[s.index, col] += s.to_numpy()

    gens = net.generators
    if "gas_node" in gens:
        d = dispatch[dispatch["generator"].isin(gens.index[gens["gas_node"] != ""])]
        node = gens["gas_node"].reindex(d["generator"])
        burn = d["mw"].to_numpy() * gens["heat_rate_mwh_th_per_mwh"].reindex(d["generator"]).to_numpy()
        add("fuel_payments_usd", total(burn * price_at(d["snapshot"], node), d["snapshot"], d["region"]))
    b = gas.balance
    served = b["nonpower_mw_th"] - b["unserved_mw_th"]
    pay = served.to_numpy() * price_at(b["snapshot"], b["node"]) + b["unserved_mw_th"].to_numpy() * net.voll_usd_per_mwh
    add("gas_consumer_payments_usd", total(pay, b["snapshot"], region_of.reindex(b["node"])))
    s = gas.supply
    sign = np.where(s["kind"] == "export", -1.0, 1.0)
    price = net.gas_supply["price_usd_per_mwh_th"].reindex(s["supply"]).to_numpy()
    surplus = sign * (price_at(s["snapshot"], s["node"]) - price) * s["mw_th"].to_numpy()
    add("gas_producer_surplus_usd", total(surplus, s["snapshot"], region_of.reindex(s["node"])))
    f = gas.flows
    links = net.gas_links
    loss = links["loss_pu"].reindex(f["gas_link"]).to_numpy()
    cost = links["cost_usd_per_mwh_th"].reindex(f["gas_link"]).to_numpy()
    rent = ((1 - loss) * price_at(f["snapshot"], f["to_node"]) - price_at(f["snapshot"], f["from_node"]) - cost) \
        * f["flow_mw_th"].to_numpy()
    ra = region_of.reindex(f["from_node"]).to_numpy()
    rb = region_of.reindex(f["to_node"]).to_numpy()
    share_b = np.where(ra == "", 1.0, np.where(rb == "", 0.0, 1.0 if rule == "importer" else 0.5))
    add("gas_link_rent_usd", total(rent * (1 - share_b), f["snapshot"], ra))
    add("gas_link_rent_usd", total(rent * share_b, f["snapshot"], rb))
    out *= ann
    out["gas_net_cost_usd"] = (out["fuel_payments_usd"] + out["gas_consumer_payments_usd"]
                               - out["gas_producer_surplus_usd"] - out["gas_link_rent_usd"])
    out.index.name = "region"
    return out


def gas_summary(net: Network, gas: GasResults) -> dict:
    """The ``gas`` block of summary.json: annual supply by source, LNG by route, unserved non-power gas."""
    sup = supply_by_source(net, gas)
    lng = lng_cargoes(net, gas)
    unserved = float((gas.balance["unserved_mw_th"].to_numpy() * _weights(net, gas.balance["snapshot"])).sum())
    return {
        "supply_by_source_twh_th": {k: float(v) for k, v in sup["annual_twh_th"].items()},
        "lng_by_route_mt_per_year": {k: float(v) for k, v in lng["annual_mt_lng"].items()},
        "unserved_nonpower_mwh_th": unserved,
    }


# --------------------------------------------------------------------------------------------- write


def gas_inputs(net: Network, labels) -> dict[str, pd.DataFrame]:
    """The resolved gas LP inputs (for ``inputs/``)."""
    if not net.has_gas:
        return {}
    return {"gas_nodes.csv": net.gas_nodes, "gas_supply.csv": net.gas_supply, "gas_links.csv": net.gas_links,
            "gas_demand_mw_th.csv": net.gas_demand_mw_th.set_axis(labels, axis=0).rename_axis("snapshot")}


_EMPTY = {
    "gas_flows.csv": ["snapshot", "gas_link", "kind", "from_node", "to_node", "flow_mw_th", "received_mw_th"],
    "gas_prices.csv": ["snapshot", "node", "price_usd_per_mwh_th", "price_usd_per_mmbtu"],
    "gas_supply.csv": ["snapshot", "supply", "node", "kind", "mw_th"],
    "gas_balance.csv": ["snapshot", "node", "supply_mw_th", "export_mw_th", "inflow_mw_th", "outflow_mw_th",
                        "power_mw_th", "nonpower_mw_th", "unserved_mw_th", "disposed_mw_th"],
    "lng_cargoes.csv": ["route", "from_node", "to_node", "kind", "sent_mwh_th", "annual_twh_th", "annual_mt_lng"],
}


def write_gas(net: Network, gas: GasResults | None, out: Path, labels: np.ndarray) -> None:
    """Write the gas result files (header-only without a gas network, so the folder layout is fixed)."""
    if gas is None:
        for name, cols in _EMPTY.items():
            pd.DataFrame(columns=cols).to_csv(out / name, index=False)
        return
    for name, df in (("gas_flows.csv", gas.flows), ("gas_prices.csv", gas.prices),
                     ("gas_supply.csv", gas.supply), ("gas_balance.csv", gas.balance)):
        pos = net.snapshots.get_indexer(df["snapshot"])
        write_csv(df.assign(snapshot=labels[pos]), out / name)
    write_csv(lng_cargoes(net, gas), out / "lng_cargoes.csv", index=True)
