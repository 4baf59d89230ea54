"""Zones inside regions: a country node split where a cross-border link lands far from its load centre.

Zones are data (``zones.csv``, ``zone_shares.csv``, ``zone_links.csv``, ``zone_landings.csv``; see
``data/README.md``) and a transformation ``Network -> Network`` applied after the scenario has been
resolved per region, when the scenario turns them on (``zones: true`` or ``zones: [CL, PE]``):

* each zone is a region of the Network with ``country`` = its parent region (the key every per-country
  output aggregates on) and the parent's ISO3 ``countries`` (so links between zones of one country are
  not cross-border, and ``isolated`` leaves them alone);
* hourly demand is the parent's × ``demand_share_pu``; each generator, reservoir (technology
  ``hydro_reservoir``) and storage unit is split by its technology's ``share_pu`` (the ``*`` row for a
  technology without its own), keeping the parent's hourly profiles; inflow is split like reservoirs;
* cross-border links land at the zones of ``zone_landings.csv``, otherwise at the parent's ``main`` zone;
  internal corridors (``zone_links.csv``) join zones of one parent with their transfer limits;
* gas nodes of the parent belong to its main zone.

Scenario keys by region (``demand.scale: {CL: 1.1}``, ``generators: {CL: …}``, prices, new links
``PE-CL``) apply to the country before the split, so they reach every zone. Keys naming a zone
(``demand.scale: {CL_N: 1.2}``, ``generators: {CL_N: {solar_pv_mw: …}}``, ``interconnectors: {CL_N-CL_C: …}``
or a new link with a zone end) apply after it: :func:`split_scenario` separates them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import InterconnectorOptions, Scenario

ALL_TECHNOLOGIES = "*"
RESERVOIR = "hydro_reservoir"
SHARE_TOLERANCE = 1e-6
"""Largest accepted |Σ shares − 1| over the zones of a region."""


@dataclass(frozen=True)
class ZoneKeys:
    """Scenario keys that name zones: applied after the split."""

    demand_scale: dict[str, float] = field(default_factory=dict)
    generators: dict[str, dict[str, float]] = field(default_factory=dict)
    interconnectors: dict[str, InterconnectorOptions] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ selection


def zoned_regions(scenario: Scenario, tables: Tables) -> list[str]:
    """The regions a scenario splits into zones (empty when zones are off)."""
    if scenario.zones is False:
        return []
    if "zones" not in tables.tables:
        raise InputError("zones are on but the data directory has no zones.csv", file=scenario.source_file,
                         key="zones")
    with_zones = list(dict.fromkeys(tables["zones"]["region"]))
    if scenario.zones is True:
        return with_zones
    for i, region in enumerate(scenario.zones):
        if region not in with_zones:
            raise InputError(f"region {region!r} has no zones in zones.csv; regions with zones: "
                             f"{', '.join(with_zones)}", file=scenario.source_file, key=f"zones[{i}]")
    return list(dict.fromkeys(scenario.zones))


def _zone_names(tables: Tables) -> list[str]:
    return list(tables["zones"]["zone"]) if "zones" in tables.tables else []


def _has_zone_end(name: str, zones: set[str], corridors: set[str]) -> bool:
    return name in corridors or any(part in zones for part in name.split("-"))


def split_scenario(scenario: Scenario, tables: Tables) -> tuple[Scenario, ZoneKeys]:
    """The scenario without the keys that name zones (resolved per region), and those keys."""
    zones = set(_zone_names(tables))
    if not zones or scenario.zones is False:
        return scenario, ZoneKeys()
    corridors = set(tables["zone_links"]["link"]) if "zone_links" in tables.tables else set()
    for region in scenario.demand.annual_twh:
        if region in zones:
            raise InputError("annual demand is set per region; scale a zone with demand.scale instead",
                             file=scenario.source_file, key=f"demand.annual_twh.{region}")
    keys = ZoneKeys(
        demand_scale={k: v for k, v in scenario.demand.scale.items() if k in zones},
        generators={k: v for k, v in scenario.generators.items() if k in zones},
        interconnectors={k: v for k, v in scenario.interconnectors.items() if _has_zone_end(k, zones, corridors)})
    demand = scenario.demand.model_copy(update={"scale": {k: v for k, v in scenario.demand.scale.items()
                                                          if k not in zones}})
    rest = scenario.model_copy(update={
        "demand": demand,
        "generators": {k: v for k, v in scenario.generators.items() if k not in zones},
        "interconnectors": {k: v for k, v in scenario.interconnectors.items() if k not in keys.interconnectors}})
    return rest, keys


# --------------------------------------------------------------------------------------------- checks


def _zone_tables(tables: Tables, parents: list[str], known_regions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """zones (index zone) of the split regions and the shares matrix (zone × technology), checked."""
    path = tables.directory
    zones = tables["zones"].set_index("zone")
    for zone, region in zones["region"].items():
        if region not in known_regions:
            raise InputError(f"zone {zone}: unknown region {region!r}", file=path / "zones.csv", key="region")
        if zone in known_regions:
            raise InputError(f"zone {zone} has the name of a region", file=path / "zones.csv", key="zone")
    zones = zones[zones["region"].isin(parents)]
    for region, group in zones.groupby("region"):
        if abs(group["demand_share_pu"].sum() - 1.0) > SHARE_TOLERANCE:
            raise InputError(f"the demand_share_pu of {region}'s zones adds up to {group['demand_share_pu'].sum():g}, "
                             "expected 1", file=path / "zones.csv", key="demand_share_pu")
        if (group["main"] == 1).sum() != 1 or not group["main"].isin([0, 1]).all():
            raise InputError(f"{region} needs exactly one zone with main = 1 (0 for the others)",
                             file=path / "zones.csv", key="main")
    if "zone_shares" not in tables.tables:
        raise InputError("zones need zone_shares.csv (the share of each technology in each zone)",
                         file=path / "zone_shares.csv")
    shares = tables["zone_shares"]
    dup = shares.duplicated(["zone", "technology"])
    if dup.any():
        row = shares[dup].iloc[0]
        raise InputError(f"zone {row['zone']} and technology {row['technology']} appear twice",
                         file=path / "zone_shares.csv", key="technology")
    unknown = set(shares["zone"]) - set(tables["zones"]["zone"])
    if unknown:
        raise InputError(f"unknown zone {sorted(unknown)[0]!r}", file=path / "zone_shares.csv", key="zone")
    matrix = shares[shares["zone"].isin(zones.index)].pivot(index="zone", columns="technology", values="share_pu")
    matrix = matrix.reindex(zones.index)
    for region, group in zones.groupby("region"):
        sub = matrix.loc[group.index]
        for tech in sub.columns:
            col = sub[tech]
            if col.notna().any() and (col.isna().any() or abs(col.sum() - 1.0) > SHARE_TOLERANCE):
                raise InputError(f"the shares of {tech} over {region}'s zones ({', '.join(group.index)}) must all "
                                 f"be given and add up to 1, found {col.sum():g}", file=path / "zone_shares.csv",
                                 key=f"{tech}")
    return zones, matrix


def _share(matrix: pd.DataFrame, zone: str, tech: str, path) -> float:
    if tech in matrix.columns and pd.notna(matrix.at[zone, tech]):
        return float(matrix.at[zone, tech])
    if ALL_TECHNOLOGIES in matrix.columns and pd.notna(matrix.at[zone, ALL_TECHNOLOGIES]):
        return float(matrix.at[zone, ALL_TECHNOLOGIES])
    raise InputError(f"no share for technology {tech!r} in zone {zone} (add a row, or a '*' row)",
                     file=path / "zone_shares.csv", key="technology")


# ------------------------------------------------------------------------------------------ transform


def _unit_name(name: str, parent: str, zone: str) -> str:
    return zone + name[len(parent):] if name.startswith(parent + "-") else f"{zone}-{name}"


def _split_units(df: pd.DataFrame, tech_of: pd.Series, zones: pd.DataFrame, matrix: pd.DataFrame,
                 size_cols: list[str], path) -> tuple[pd.DataFrame, dict[str, tuple[str, float]]]:
    """Rows of split regions replaced by one row per zone with a positive share (size columns × share);
    returns the new frame and, per new row, (original row, share)."""
    parents = set(zones["region"])
    rows, origin = [], {}
    for name, row in df.iterrows():
        if row["region"] not in parents:
            rows.append(row)
            continue
        for zone in zones.index[zones["region"] == row["region"]]:
            share = _share(matrix, zone, tech_of[name], path)
            if share <= 0:
                continue
            new = row.copy()
            new.name = _unit_name(name, row["region"], zone)
            new["region"] = zone
            for col in size_cols:
                new[col] = row[col] * share
            rows.append(new)
            origin[new.name] = (name, share)
    out = pd.DataFrame(rows, columns=df.columns)
    out.index.name = df.index.name
    return out.astype(df.dtypes.to_dict()), origin


def _regions(net, zones: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for region, row in net.regions.iterrows():
        if region not in set(zones["region"]):
            rows.append(row.rename(region))
            continue
        # the main zone last: a gas node placed only by its country falls to the last region of that
        # country (network/gas.py, _node_region), which is then the load centre
        for zone, z in zones[zones["region"] == region].sort_values("main", kind="stable").iterrows():
            rows.append(pd.Series({"name": z["name"], "countries": row["countries"],
                                   "utc_offset_h": float(z["utc_offset_h"]), "country": row["country"]}, name=zone))
    out = pd.DataFrame(rows)
    out.index.name = "region"
    return out


def _demand(net, zones: pd.DataFrame, keys: ZoneKeys, regions: pd.DataFrame) -> pd.DataFrame:
    cols = {}
    for region in regions.index:
        if region in zones.index:
            cols[region] = net.demand_mw[zones.at[region, "region"]] * float(zones.at[region, "demand_share_pu"])
            cols[region] = cols[region] * keys.demand_scale.get(region, 1.0)
        else:
            cols[region] = net.demand_mw[region]
    return pd.DataFrame(cols, index=net.demand_mw.index)


def _zone_capacity(gens: pd.DataFrame, avail: pd.DataFrame, keys: ZoneKeys, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``generators: {ZONE: {<tech>_mw: MW}}``: the zone's total for the technology (pro rata over its units;
    a technology the zone lacks copies the parameters of the same technology in another zone of its country)."""
    gens, avail = gens.copy(), avail.copy()
    for zone, overrides in keys.generators.items():
        for key, total in overrides.items():
            tech = key[: -len("_mw")]
            mask = (gens["region"] == zone) & (gens["technology"] == tech)
            if mask.any():
                current = gens.loc[mask, "capacity_mw"].sum()
                share = gens.loc[mask, "capacity_mw"] / current if current > 0 else 1.0 / mask.sum()
                gens.loc[mask, "capacity_mw"] = total * share
                continue
            template = gens[gens["technology"] == tech]
            if template.empty:
                raise InputError(f"no {tech} unit in the data to copy into zone {zone}", file=file,
                                 key=f"generators.{zone}.{key}")
            name = f"{zone}-{tech}"
            gens.loc[name] = template.iloc[0]
            gens.loc[name, ["region", "capacity_mw"]] = [zone, float(total)]
            avail[name] = avail[template.index[0]]
    return gens, avail


def _land(name: str, end: str, region: str, landings: pd.DataFrame, main: dict[str, str]) -> str:
    if name in landings.index and landings.at[name, end]:
        return landings.at[name, end]
    return main.get(region, region)


def _links(net, zones: pd.DataFrame, tables: Tables, keys: ZoneKeys, scenario: Scenario) -> pd.DataFrame:
    path = tables.directory
    main = {r: z for z, r in zones.loc[zones["main"] == 1, "region"].items()}
    landings = (tables["zone_landings"].set_index("link")[["from_zone", "to_zone"]]
                if "zone_landings" in tables.tables else pd.DataFrame(columns=["from_zone", "to_zone"]))
    links = net.links.copy()
    for name, row in landings.iterrows():
        for end, region_col in (("from_zone", "from_region"), ("to_zone", "to_region")):
            zone = row[end]
            if zone and zone not in set(tables["zones"]["zone"]) and zone not in net.regions.index:
                raise InputError(f"{name}: unknown zone {zone!r}", file=path / "zone_landings.csv", key=end)
    links["from_region"] = [_land(n, "from_zone", r, landings, main) if r in main else r
                            for n, r in zip(links.index, links["from_region"])]
    links["to_region"] = [_land(n, "to_zone", r, landings, main) if r in main else r
                          for n, r in zip(links.index, links["to_region"])]
    corridors = tables["zone_links"].set_index("link") if "zone_links" in tables.tables else None
    if corridors is not None:
        for name, c in corridors.iterrows():
            ends = [c["from_zone"], c["to_zone"]]
            if not all(e in zones.index for e in ends):
                continue  # a corridor of a region that is not split here
            if zones.at[ends[0], "region"] != zones.at[ends[1], "region"]:
                raise InputError(f"{name} joins zones of two regions; a corridor stays inside one region",
                                 file=path / "zone_links.csv", key=name)
            links.loc[name] = {"from_region": ends[0], "to_region": ends[1],
                               "capacity_fwd_mw": float(c["capacity_fwd_mw"]),
                               "capacity_bwd_mw": float(c["capacity_bwd_mw"]), "efficiency": float(c["efficiency"]),
                               "wheeling_usd_per_mwh": float(c["wheeling_usd_per_mwh"]), "status": "existing",
                               "year": np.nan, "cross_border": False, "expandable": False, "max_new_mw": 0.0,
                               "annuity_usd_per_mw_yr": 0.0}
    return _zone_link_keys(links, keys, scenario, zones, net.regions)


def _zone_link_keys(links: pd.DataFrame, keys: ZoneKeys, scenario: Scenario, zones: pd.DataFrame,
                    parents: pd.DataFrame) -> pd.DataFrame:
    """Scenario keys naming a corridor or a link with a zone end: change it, or add a lossless one."""
    known = set(zones.index) | (set(parents.index) - set(zones["region"]))
    country = {**{z: r for z, r in zones["region"].items()}, **{r: r for r in parents.index}}
    for name, opt in keys.interconnectors.items():
        key = f"interconnectors.{name}"
        if opt.expandable:
            raise InputError("links with a zone end cannot be expandable in this version", file=scenario.source_file,
                             key=key)
        if name not in links.index:
            parts = name.split("-")
            if len(parts) != 2 or not all(p in known for p in parts) or parts[0] == parts[1]:
                raise InputError(f"unknown link {name!r}: a new link is named FROM-TO with two different regions "
                                 f"or zones ({', '.join(sorted(known))})", file=scenario.source_file, key=key)
            if opt.capacity_mw is None and opt.capacity_fwd_mw is None and opt.capacity_bwd_mw is None:
                raise InputError("a new link needs capacity_mw (or capacity_fwd_mw/capacity_bwd_mw)",
                                 file=scenario.source_file, key=key)
            cross = set(parents.at[country[parts[0]], "countries"]).isdisjoint(parents.at[country[parts[1]], "countries"])
            links.loc[name] = {"from_region": parts[0], "to_region": parts[1], "capacity_fwd_mw": 0.0,
                               "capacity_bwd_mw": 0.0, "efficiency": 1.0, "wheeling_usd_per_mwh": 0.0,
                               "status": "scenario", "year": float(scenario.year), "cross_border": cross,
                               "expandable": False, "max_new_mw": 0.0, "annuity_usd_per_mw_yr": 0.0}
        if opt.capacity_mw is not None:
            links.loc[name, ["capacity_fwd_mw", "capacity_bwd_mw"]] = [opt.capacity_mw, opt.capacity_mw]
        for col in ("capacity_fwd_mw", "capacity_bwd_mw", "efficiency", "wheeling_usd_per_mwh"):
            if getattr(opt, col) is not None:
                links.loc[name, col] = float(getattr(opt, col))
    links["cross_border"] = links["cross_border"].astype(bool)
    links["expandable"] = links["expandable"].astype(bool)
    return links


def _backcast_fields(net, origin: dict, h_origin: dict, hydro_names) -> dict:
    """The split of the backcast fields (network/hydrology.py, network/rules.py): a generation limit covers
    the zone units of its generators; a reservoir's level floor or cap is shared like its energy."""
    out = {}
    if net.gen_limits is not None and len(net.gen_limits):
        parts = {}
        for new, (old, _) in origin.items():
            parts.setdefault(old, []).append(new)
        out["gen_limits"] = net.gen_limits.assign(generators=[tuple(n for g in gs for n in parts.get(g, [g]))
                                                              for gs in net.gen_limits["generators"]])
    for name in ("level_floor_mwh", "level_cap_mwh"):
        frame = getattr(net, name, None)
        if frame is not None:
            out[name] = pd.DataFrame({h: frame[h_origin[h][0]] * h_origin[h][1] if h in h_origin else frame[h]
                                       for h in hydro_names}, index=frame.index)
    return out


def apply_zones(net, tables: Tables, scenario: Scenario, keys: ZoneKeys):
    """The Network with the scenario's zoned regions split into zones (see the module docstring)."""
    parents = zoned_regions(scenario, tables)
    if not parents:
        return net
    path = tables.directory
    zones, matrix = _zone_tables(tables, parents, net.regions.index)
    for zone in keys.demand_scale:
        if zone not in zones.index:
            raise InputError(f"zone {zone} is not modelled (its region is not in 'zones')", file=scenario.source_file,
                             key=f"demand.scale.{zone}")
    regions = _regions(net, zones)
    gens, origin = _split_units(net.generators, net.generators["technology"], zones, matrix, ["capacity_mw"], path)
    avail = pd.DataFrame({g: net.availability_pu[origin[g][0] if g in origin else g] for g in gens.index},
                         index=net.availability_pu.index)
    gens, avail = _zone_capacity(gens, avail, keys, scenario.source_file)
    hydro, h_origin = _split_units(net.hydro, pd.Series(RESERVOIR, index=net.hydro.index), zones, matrix,
                                   [c for c in ("capacity_mw", "energy_mwh", "start_level_mwh", "end_level_mwh") if c in net.hydro],
                                   path)
    inflow = pd.DataFrame({h: net.inflow_mw[h_origin[h][0]] * h_origin[h][1] if h in h_origin else net.inflow_mw[h]
                           for h in hydro.index}, index=net.inflow_mw.index)
    sizes = ["power_mw", "energy_mwh"] + (["charge_power_mw"] if "charge_power_mw" in net.storage else [])
    storage, s_origin = _split_units(net.storage, net.storage["technology"], zones, matrix, sizes, path)
    changes = dict(regions=regions, demand_mw=_demand(net, zones, keys, regions), generators=gens,
                   availability_pu=avail, hydro=hydro, inflow_mw=inflow, storage=storage,
                   links=_links(net, zones, tables, keys, scenario))
    changes.update(_backcast_fields(net, origin, h_origin, hydro.index))
    if net.storage_inflow_mw is not None:  # a split unit keeps its share of the inflow
        flows = net.storage_inflow_mw
        changes["storage_inflow_mw"] = pd.DataFrame(
            {s: flows[s_origin[s][0]] * s_origin[s][1] if s in s_origin else flows[s]
             for s in storage.index if s_origin.get(s, (s,))[0] in flows.columns}, index=flows.index)
    main = {r: z for z, r in zones.loc[zones["main"] == 1, "region"].items()}
    if net.lines is not None:  # AC lines (lines.csv) land at the parent's main zone
        changes["lines"] = net.lines.assign(from_region=[main.get(r, r) for r in net.lines["from_region"]],
                                            to_region=[main.get(r, r) for r in net.lines["to_region"]])
    if net.gas_nodes is not None:
        changes["gas_nodes"] = net.gas_nodes.assign(region=[main.get(r, r) for r in net.gas_nodes["region"]])
    return net.replace(**changes)
