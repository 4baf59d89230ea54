"""Named cross-table checks of a data directory. Each raises :class:`InputError` naming the file,
the column and the offending row; :func:`run_all` runs them in a fixed order."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from energymodel.inputs.data import Tables
from energymodel.errors import InputError

FUELS = ("gas", "coal", "oil", "biomass", "uranium", "none")
ALL = "*"


def _fail(tables: Tables, table: str, column: str, mask: pd.Series, what: str) -> None:
    if mask.any():
        i = int(np.flatnonzero(mask.to_numpy())[0])
        value = tables[table][column].iloc[i]
        raise InputError(f"row {i + 2}: {what}, found {value!r}",
                         file=tables.directory / f"{table}.csv", key=column)


def check_sources_resolve(tables: Tables) -> None:
    """Every row of every table names a source_id present in sources.csv or gas_sources.csv (and the two
    files do not define the same source_id twice)."""
    if "gas_sources" in tables.tables:
        _fail(tables, "gas_sources", "source_id",
              tables["gas_sources"]["source_id"].isin(set(tables["sources"]["source_id"])),
              "source_id already defined in sources.csv")
    known = tables.source_ids()
    where = "sources.csv or gas_sources.csv" if "gas_sources" in tables.tables else "sources.csv"
    for name, df in tables.tables.items():
        if name not in ("sources", "gas_sources") and "source_id" in df:
            _fail(tables, name, "source_id", ~df["source_id"].isin(known),
                  f"source_id not found in {where}")


def check_regions_known(tables: Tables) -> None:
    """Every region a table names is in regions.csv (``*`` allowed for prices)."""
    regions = set(tables["regions"]["region"])
    optional = [("fuel_price_months", "region", True)] if "fuel_price_months" in tables.tables else []
    for name, col, wildcard in [("demand", "region", False), ("generators", "region", False),
                                ("storage", "region", False), ("hydro", "region", False),
                                ("interconnectors", "from_region", False),
                                ("interconnectors", "to_region", False),
                                ("fuel_prices", "region", True), ("carbon_prices", "region", True), *optional]:
        ok = regions | ({ALL} if wildcard else set())
        _fail(tables, name, col, ~tables[name][col].isin(ok), "unknown region (not in regions.csv)")


def check_every_region_has_demand(tables: Tables) -> None:
    """Every region has exactly one row in demand.csv and a column in profiles/demand_pu.csv."""
    demand = tables["demand"]
    missing = set(tables["regions"]["region"]) - set(demand["region"])
    if missing:
        raise InputError(f"no annual demand for region(s) {', '.join(sorted(missing))}",
                         file=tables.directory / "demand.csv", key="region")
    cols = set(tables.profiles["demand"].columns)
    loaded = set(demand.loc[demand["annual_twh"] > 0, "region"])
    for region in tables["regions"]["region"]:
        if region in loaded and region not in cols:
            raise InputError(f"no demand shape column for region {region!r}",
                             file=tables.directory / "profiles" / "demand_pu.csv", key=region)


def check_technologies(tables: Tables) -> None:
    """Technologies are known, use a known fuel, and have availability in [0, 1]."""
    techs = tables["technologies"]
    _fail(tables, "technologies", "fuel", ~techs["fuel"].isin(FUELS),
          f"unknown fuel; expected one of {', '.join(FUELS)}")
    _fail(tables, "technologies", "availability_pu", techs["availability_pu"] > 1,
          "availability_pu must be in [0, 1]")
    gens = tables["generators"]
    _fail(tables, "generators", "technology", ~gens["technology"].isin(set(techs["technology"])),
          "unknown technology (not in technologies.csv)")
    _fail(tables, "generators", "min_output_pu", gens["min_output_pu"] > 1,
          "min_output_pu must be at most 1 (a fraction of capacity_mw; negative: the unit may absorb)")
    if "heat_rate_mwh_th_per_mwh" in gens:
        _fail(tables, "generators", "heat_rate_mwh_th_per_mwh", gens["heat_rate_mwh_th_per_mwh"] <= 0,
              "a unit's own heat_rate_mwh_th_per_mwh must be > 0 (empty: its technology's)")


def check_fuel_prices(tables: Tables) -> None:
    """Every fuel burned in a region has a price there (own row or ``*``)."""
    prices = tables["fuel_prices"]
    priced = set(zip(prices["fuel"], prices["region"]))
    gens = tables["generators"].merge(tables["technologies"][["technology", "fuel"]], on="technology")
    gens = gens[gens["marginal_cost_usd_per_mwh"].isna()]  # a generator's own cost needs no fuel price
    for region, fuel in zip(gens["region"], gens["fuel"]):
        if fuel != "none" and (fuel, region) not in priced and (fuel, ALL) not in priced:
            raise InputError(f"no price for fuel {fuel!r} in region {region!r} (add a row for the region"
                             " or for '*')", file=tables.directory / "fuel_prices.csv", key="fuel")


def check_profiles_cover_generators(tables: Tables) -> None:
    """Each generator with a profile (its own, ``generators.csv:profile``, else its technology's) finds its
    column (``profile_column``, else its region), each reservoir its inflow column, and capacity factors lie
    in [0, 1]."""
    techs = tables["technologies"].set_index("technology")
    gens = tables["generators"]
    for name, region, tech, own, col in zip(gens["generator"], gens["region"], gens["technology"], gens["profile"],
                                            gens["profile_column"]):
        prof = own or techs.at[tech, "profile"]
        if prof and (col or region) not in tables.profiles[prof].columns:
            raise InputError(f"no column {col or region!r} (needed by generator {name!r} of technology {tech!r})",
                             file=tables.directory / "profiles" / f"{prof}_pu.csv", key=col or region)
    for prof in {p for p in techs["profile"] if p} | {p for p in gens["profile"] if p}:
        df = tables.profiles[prof]
        over = df.columns[(df > 1.0 + 1e-9).any()]
        if len(over):
            raise InputError(f"capacity factors must be in [0, 1]; column {over[0]!r} exceeds 1",
                             file=tables.directory / "profiles" / f"{prof}_pu.csv", key=over[0])
    cols = set(tables.profiles["inflow"].columns) if "inflow" in tables.profiles else set()
    _fail(tables, "hydro", "inflow_profile", ~tables["hydro"]["inflow_profile"].isin(cols),
          "no such column in profiles/inflow_pu.csv")
    storage = tables["storage"]
    _fail(tables, "storage", "inflow_profile", (storage["inflow_profile"] != "") & ~storage["inflow_profile"].isin(cols),
          "no such column in profiles/inflow_pu.csv")


def check_efficiencies(tables: Tables) -> None:
    """Storage and interconnector efficiencies lie in (0, 1]."""
    for name, cols in [("storage", ["efficiency_charge", "efficiency_discharge"]),
                       ("interconnectors", ["efficiency"])]:
        for col in cols:
            v = tables[name][col]
            _fail(tables, name, col, (v <= 0) | (v > 1), "efficiency must be in (0, 1]")
    storage = tables["storage"]
    _fail(tables, "storage", "standing_loss_pu_per_h", storage["standing_loss_pu_per_h"] >= 1,
          "standing_loss_pu_per_h must be in [0, 1)")
    _fail(tables, "storage", "initial_soc_pu", storage["initial_soc_pu"] > 1,
          "initial_soc_pu must be in [0, 1] (a fraction of energy_mwh)")
    _fail(tables, "storage", "min_soc_pu", storage["min_soc_pu"] > 1,
          "min_soc_pu must be in [0, 1] (a fraction of energy_mwh)")

def check_interconnectors(tables: Tables) -> None:
    """Links join two different regions and have a known status."""
    links = tables["interconnectors"]
    _fail(tables, "interconnectors", "to_region", links["from_region"] == links["to_region"],
          "a link must join two different regions")
    _fail(tables, "interconnectors", "status", ~links["status"].isin(["existing", "planned"]),
          "status must be 'existing' or 'planned'")
    _fail(tables, "interconnectors", "profile", (links["profile"] != "") & ~links["profile"].isin(set(tables.profiles)),
          "no such profile in profiles/ (the file profiles/<profile>_pu.csv)")
    for i, (name, prof, col) in enumerate(zip(links["link"], links["profile"], links["profile_column"])):
        if prof and (col or name) not in tables.profiles[prof].columns:
            raise InputError(f"row {i + 2}: no column {col or name!r} in profiles/{prof}_pu.csv (the link's "
                             "available fraction of capacity)", file=tables.directory / "interconnectors.csv",
                             key="profile_column")
        if prof and not tables.profiles[prof][col or name].between(0.0, 1.0 + 1e-9).all():
            raise InputError(f"column {col or name!r} must lie in [0, 1] (available fraction of a link)",
                             file=tables.directory / "profiles" / f"{prof}_pu.csv", key=col or name)


def check_profile_provenance(tables: Tables) -> None:
    """Every profile column has a row in profiles.csv with its source."""
    manifest = set(zip(tables["profiles"]["profile"], tables["profiles"]["column"]))
    for name, df in tables.profiles.items():
        for col in df.columns:
            if (name, col) not in manifest:
                raise InputError(f"profile column {name}/{col} has no row (profile={name}, column={col})"
                                 " giving its source", file=tables.directory / "profiles.csv",
                                 key="column")


GAS_NODE_KINDS = ("country", "lng", "lng_market", "external")
GAS_SUPPLY_KINDS = ("domestic", "pipeline_import", "lng_import", "export")
GAS_PRICE_REFERENCES = ("none", "henry_hub", "lng")
GAS_LINK_KINDS = {  # kind: (allowed kinds of from_node, allowed kinds of to_node)
    "pipeline": ({"country", "external"}, {"country", "external"}),
    "liquefaction": ({"country"}, {"lng"}),
    "lng_route": ({"lng", "lng_market"}, {"lng", "lng_market"}),
    "regasification": ({"lng"}, {"country"}),
}
"""Vocabulary of the gas tables (data/GAS.md)."""


def check_gas_nodes(tables: Tables) -> None:
    """Gas nodes have a known kind, a name usable in ``FROM-TO`` link names, at most one node per
    electricity region (its gas plants draw there), and a region only on ``country`` nodes."""
    if not tables.has_gas:
        return
    nodes = tables["gas_nodes"]
    _fail(tables, "gas_nodes", "kind", ~nodes["kind"].isin(GAS_NODE_KINDS),
          f"unknown kind; expected one of {', '.join(GAS_NODE_KINDS)}")
    _fail(tables, "gas_nodes", "node", nodes["node"].str.contains(r"[-\s*]", regex=True),
          "a node name may not contain '-', '*' or spaces (links are named FROM-TO)")
    regions = set(tables["regions"]["region"])
    has_region = nodes["region"] != ""
    _fail(tables, "gas_nodes", "region", has_region & ~nodes["region"].isin(regions),
          "unknown region (not in regions.csv)")
    _fail(tables, "gas_nodes", "region", has_region & (nodes["kind"] != "country"),
          "only a 'country' node can feed the gas plants of a region; leave region empty")
    _fail(tables, "gas_nodes", "region", has_region & nodes["region"].duplicated(),
          "two gas nodes for one region (the region's gas plants draw from one node)")


def check_gas_supply_and_demand(tables: Tables) -> None:
    """Supplies and non-power demand sit at known nodes; supplies have a known kind and price reference
    (with a price in gas_reference_prices.csv); exports have a finite capacity and an unlimited supply a
    non-negative price, so the LP stays bounded."""
    if not tables.has_gas:
        return
    nodes = set(tables["gas_nodes"]["node"])
    sup = tables["gas_supply"]
    _fail(tables, "gas_supply", "node", ~sup["node"].isin(nodes), "unknown node (not in gas_nodes.csv)")
    _fail(tables, "gas_supply", "kind", ~sup["kind"].isin(GAS_SUPPLY_KINDS),
          f"unknown kind; expected one of {', '.join(GAS_SUPPLY_KINDS)}")
    _fail(tables, "gas_supply", "price_reference", ~sup["price_reference"].isin(GAS_PRICE_REFERENCES),
          f"unknown price_reference; expected one of {', '.join(GAS_PRICE_REFERENCES)}")
    refs = set(tables["gas_reference_prices"]["reference"])
    _fail(tables, "gas_reference_prices", "reference",
          ~tables["gas_reference_prices"]["reference"].isin(set(GAS_PRICE_REFERENCES) - {"none"}),
          "unknown reference; expected henry_hub or lng")
    _fail(tables, "gas_supply", "price_reference", (sup["price_reference"] != "none")
          & ~sup["price_reference"].isin(refs), "no price for this reference in gas_reference_prices.csv")
    unlimited = sup["capacity_mw_th"].isna()
    _fail(tables, "gas_supply", "capacity_mw_th", unlimited & (sup["kind"] == "export"),
          "an export needs a finite capacity_mw_th")
    ref_price = tables["gas_reference_prices"].set_index("reference")["price_usd_per_mwh_th"]
    price = sup["price_reference"].map(ref_price).fillna(0.0) + sup["adder_usd_per_mwh_th"]
    _fail(tables, "gas_supply", "adder_usd_per_mwh_th", unlimited & (price < 0),
          "a supply without capacity limit must have a non-negative price (reference + adder)")
    dem = tables["gas_demand"]
    _fail(tables, "gas_demand", "node", ~dem["node"].isin(nodes), "unknown node (not in gas_nodes.csv)")


def check_gas_links(tables: Tables) -> None:
    """Gas links join two different known nodes, with a known kind that fits the nodes (e.g. a
    regasification arc runs from an ``lng`` node to a ``country`` node) and a loss in [0, 1)."""
    if not tables.has_gas:
        return
    links = tables["gas_links"]
    kind_of = tables["gas_nodes"].set_index("node")["kind"]
    for col in ("from_node", "to_node"):
        _fail(tables, "gas_links", col, ~links[col].isin(set(kind_of.index)),
              "unknown node (not in gas_nodes.csv)")
    _fail(tables, "gas_links", "to_node", links["from_node"] == links["to_node"],
          "a gas link must join two different nodes")
    _fail(tables, "gas_links", "kind", ~links["kind"].isin(set(GAS_LINK_KINDS)),
          f"unknown kind; expected one of {', '.join(GAS_LINK_KINDS)}")
    _fail(tables, "gas_links", "loss_pu", links["loss_pu"] >= 1, "loss_pu must be in [0, 1)")
    for col, side in (("from_node", 0), ("to_node", 1)):
        bad = [not (k in GAS_LINK_KINDS and kind_of[n] in GAS_LINK_KINDS[k][side])
               for k, n in zip(links["kind"], links[col])]
        _fail(tables, "gas_links", col, pd.Series(bad, index=links.index),
              "node kind does not fit the link kind (pipeline: country/external; liquefaction: country → lng;"
              " lng_route: lng/lng_market → lng/lng_market; regasification: lng → country)")


NAMESPACES: dict[str, tuple[tuple[str, str], ...]] = {
    "dispatch.csv column generator": (("generators", "generator"), ("hydro", "hydro")),
}
"""Output columns that hold names from more than one table: a name may appear only once across them
(storage, links, gas nodes, supplies and gas links each have a column of their own)."""


def check_namespaces(tables: Tables) -> None:
    """A name that lands in an output column shared by several tables is unique across those tables."""
    for column, members in NAMESPACES.items():
        owner: dict[str, str] = {}
        for table, col in members:
            if table not in tables.tables:
                continue
            for i, name in enumerate(tables[table][col]):
                if name in owner:
                    raise InputError(f"row {i + 2}: {col} {name!r} is also a name in {owner[name]}; names in "
                                     f"{', '.join(f'{t}.csv' for t, _ in members)} share the {column} and "
                                     "must be unique across them", file=tables.directory / f"{table}.csv", key=col)
            owner.update({n: f"{table}.csv" for n in tables[table][col]})


CHECKS: list[Callable[[Tables], None]] = [
    check_namespaces, check_sources_resolve, check_regions_known, check_every_region_has_demand, check_technologies,
    check_fuel_prices, check_profiles_cover_generators, check_efficiencies, check_interconnectors,
    check_profile_provenance, check_gas_nodes, check_gas_supply_and_demand, check_gas_links,
]


def run_all(tables: Tables) -> None:
    for check in CHECKS:
        check(tables)
