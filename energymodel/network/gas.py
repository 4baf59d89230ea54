"""The gas network of a Network: nodes, supplies, non-power demand and links, with scenario overrides
applied as pure functions (pandas only, no Pyomo). Format of the files: data/GAS.md.

Prices are in USD/MWh_th inside the model; scenario prices are in USD/MMBtu (``units``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.inputs.data import Tables
from energymodel.errors import InputError
from energymodel.network.interconnectors import new_link_ends
from energymodel.inputs.scenario import ALL, GAS_REFERENCES, Scenario, by_region

INTERNAL_NODE_KINDS = ("country", "lng")
"""Nodes inside the modelled countries; a link between two of them in different countries is
cross-border. Links touching the world LNG market or an external node never are: those are imports from
outside the system, which an isolated counterfactual keeps."""


def generator_gas_nodes(tables: Tables, region: pd.Series, fuel: pd.Series) -> pd.Series:
    """The gas node each generator draws from: the node of its region for gas-fired units, else ""."""
    nodes = tables["gas_nodes"]
    node_of_region = dict(zip(nodes["region"], nodes["node"]))
    node_of_region.pop("", None)
    return pd.Series([node_of_region.get(r, "") if f == "gas" else "" for r, f in zip(region, fuel)],
                     index=region.index, dtype=object)


def _node_countries(nodes: pd.DataFrame, regions: pd.DataFrame) -> list[frozenset[str]]:
    """ISO3 countries of each node: its own ``country``, else those of its region."""
    out = []
    for country, region in zip(nodes["country"], nodes["region"]):
        if country:
            out.append(frozenset([country]))
        elif region:
            out.append(frozenset(regions.at[region, "countries"]))
        else:
            out.append(frozenset())
    return out


def _node_region(nodes: pd.DataFrame, regions: pd.DataFrame) -> pd.Series:
    """Electricity region each node lies in: its ``region``, else the region of its ``country``."""
    region_of_country = {c: r for r, cs in regions["countries"].items() for c in cs}
    return pd.Series([r or region_of_country.get(c, "") for r, c in zip(nodes["region"], nodes["country"])],
                     index=nodes.index, dtype=object)


def _every_gas_price(scenario: Scenario) -> float | None:
    """The value of ``prices.gas_usd_per_mmbtu`` that applies to every gas price not named on its own: a
    plain number, or the ``"*"`` entry of a mapping [USD/MMBtu]."""
    value = scenario.prices.gas_usd_per_mmbtu
    return value.get(ALL) if isinstance(value, dict) else value


def _reference_prices(tables: Tables, scenario: Scenario) -> dict[str, float]:
    """Gas reference prices [USD/MWh_th]: data, overridden by prices.gas_usd_per_mmbtu.henry_hub / .lng,
    else by a plain number or ``"*"`` (a number means every gas price, the references included)."""
    ref = tables["gas_reference_prices"].set_index("reference")["price_usd_per_mwh_th"].astype(float).to_dict()
    override = scenario.prices.gas_usd_per_mmbtu
    every = _every_gas_price(scenario)
    for key in GAS_REFERENCES:
        value = override[key] if isinstance(override, dict) and key in override else every
        if value is not None:
            ref[key] = units.usd_per_mmbtu_to_usd_per_mwh_th(value)
    return ref


def _supply(tables: Tables, scenario: Scenario, nodes: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Supplies with their price [USD/MWh_th]. With ``prices.gas_usd_per_mmbtu``: a region's entry (or
    ``"*"``, or a plain number) prices the domestic gas of that region's country; ``"*"`` or a number also
    prices every supply at a fixed price (no reference), and the references move every supply priced off
    them (their adders, a pipeline basis or an export's netback, are kept)."""
    sup = tables["gas_supply"].set_index("supply")
    ref = _reference_prices(tables, scenario)
    price = sup["price_reference"].map(lambda r: ref.get(r, 0.0)).astype(float) + sup["adder_usd_per_mwh_th"]
    override = scenario.prices.gas_usd_per_mmbtu
    every = _every_gas_price(scenario)
    if override is not None:
        if isinstance(override, dict):
            override = {k: v for k, v in override.items() if k not in GAS_REFERENCES}
        region_of_node = _node_region(nodes, regions)
        for supply, node, kind, reference in zip(sup.index, sup["node"], sup["kind"], sup["price_reference"]):
            value = by_region(override, region_of_node[node]) if override != {} else None
            if kind == "domestic" and value is not None:
                price[supply] = units.usd_per_mmbtu_to_usd_per_mwh_th(value)
            elif kind != "domestic" and reference == "none" and every is not None:
                price[supply] = units.usd_per_mmbtu_to_usd_per_mwh_th(every)
    out = pd.DataFrame({
        "node": sup["node"], "kind": sup["kind"],
        "capacity_mw_th": sup["capacity_mw_th"].astype(float).fillna(np.inf),
        "price_reference": sup["price_reference"], "price_usd_per_mwh_th": price.astype(float),
    })
    out.index.name = "supply"
    return out


def _links(tables: Tables, scenario: Scenario, nodes: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    links = tables["gas_links"].set_index("gas_link")[
        ["from_node", "to_node", "kind", "capacity_mw_th", "cost_usd_per_mwh_th", "loss_pu"]].copy()
    known = list(nodes.index)
    for name, opt in scenario.gas_links.items():
        key = f"gas_links.{name}"
        if name not in links.index:
            parts = new_link_ends(name, list(links.index), known, "gas link", "gas nodes", scenario.source_file, key,
                                  two_way=False)
            if opt.kind is None or opt.capacity_mw_th is None:
                raise InputError("a new gas link needs kind (pipeline, liquefaction, lng_route or "
                                 "regasification) and capacity_mw_th", file=scenario.source_file, key=key)
            links.loc[name] = {"from_node": parts[0], "to_node": parts[1], "kind": opt.kind,
                               "capacity_mw_th": 0.0, "cost_usd_per_mwh_th": 0.0, "loss_pu": 0.0}
        elif opt.kind is not None and opt.kind != links.at[name, "kind"]:
            raise InputError(f"gas link {name!r} is a {links.at[name, 'kind']} link; its kind cannot change",
                             file=scenario.source_file, key=f"{key}.kind")
        for field in ("capacity_mw_th", "cost_usd_per_mwh_th", "loss_pu"):
            value = getattr(opt, field)
            if value is not None:
                links.loc[name, field] = value
    from energymodel.inputs.checks import GAS_LINK_KINDS  # the one place the link/node kind rules live
    kind_of = nodes["kind"]
    for name in scenario.gas_links:
        kind, a, b = links.loc[name, ["kind", "from_node", "to_node"]]
        allowed_from, allowed_to = GAS_LINK_KINDS[kind]
        if kind_of[a] not in allowed_from or kind_of[b] not in allowed_to:
            raise InputError(f"a {kind} link cannot run from a {kind_of[a]} node to a {kind_of[b]} node",
                             file=scenario.source_file, key=f"gas_links.{name}")
    countries = dict(zip(nodes.index, _node_countries(nodes, regions)))
    internal = nodes["kind"].isin(INTERNAL_NODE_KINDS)
    links["cross_border"] = [bool(internal[a] and internal[b] and countries[a] and countries[b]
                                  and not countries[a] & countries[b])
                             for a, b in zip(links["from_node"], links["to_node"])]
    links["capacity_mw_th"] = links["capacity_mw_th"].astype(float).fillna(np.inf)
    for col in ("cost_usd_per_mwh_th", "loss_pu"):
        links[col] = links[col].astype(float)
    links.index.name = "gas_link"
    return links


def gas_tables(tables: Tables, scenario: Scenario, regions: pd.DataFrame, n_t: int) -> dict[str, pd.DataFrame]:
    """The gas fields of a Network (``gas_nodes``, ``gas_supply``, ``gas_demand_mw_th``, ``gas_links``)."""
    nodes = tables["gas_nodes"].set_index("node")[["kind", "region", "country"]].copy()
    demand = tables["gas_demand"].set_index("node")["nonpower_mw_th"].astype(float)
    flat = demand.reindex(nodes.index).fillna(0.0).to_numpy()
    return {
        "gas_nodes": nodes,
        "gas_supply": _supply(tables, scenario, nodes, regions),
        "gas_demand_mw_th": pd.DataFrame(np.repeat(flat[None, :], n_t, axis=0), columns=nodes.index,
                                         index=pd.RangeIndex(n_t, name="snapshot")),
        "gas_links": _links(tables, scenario, nodes, regions),
    }

