"""Interconnectors in service (``interconnectors.csv`` plus a scenario's ``interconnectors``) →
``Network.links``: capacities each way, efficiency, wheeling, cross-border flag, expansion options."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs import units
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario
from energymodel.network.timeaxis import Window, aggregate


LINK_COLUMNS = ["from_region", "to_region", "capacity_fwd_mw", "capacity_bwd_mw", "efficiency",
                "wheeling_usd_per_mwh", "status", "year", "cross_border", "expandable", "max_new_mw",
                "annuity_usd_per_mw_yr"]
"""Columns of ``Network.links``; ``max_new_mw`` and ``annuity_usd_per_mw_yr`` matter only when
``expandable``."""


def _is_cross_border(regions: pd.DataFrame, a: str, b: str) -> bool:
    return not set(regions.at[a, "countries"]) & set(regions.at[b, "countries"])


def new_link_ends(name: str, existing: list[str], known: list[str], what: str, ends: str, file, key: str,
                  *, two_way: bool = True) -> tuple[str, str]:
    """The two ends of a link a scenario adds, named ``FROM-TO`` after two different known ends. A two-way
    link (an interconnector) may not be added again under its reversed name; one-way arcs (gas) may."""
    parts = name.split("-")
    if len(parts) != 2 or parts[0] not in known or parts[1] not in known or parts[0] == parts[1]:
        raise InputError(f"unknown {what} {name!r}; known {what}s: {', '.join(existing)}. A new {what} is named "
                         f"FROM-TO with two different known {ends} ({', '.join(known)})", file=file, key=key)
    reverse = f"{parts[1]}-{parts[0]}"
    if two_way and reverse in existing:
        raise InputError(f"{reverse} already joins these two; set capacity_fwd_mw/capacity_bwd_mw on {reverse} "
                         "(fwd = its first-named end to its second) instead of adding a reversed twin",
                         file=file, key=key)
    return parts[0], parts[1]


def links_table(tables: Tables, scenario: Scenario, regions: pd.DataFrame) -> pd.DataFrame:
    """The links in service for ``scenario`` (index ``link``, columns :data:`LINK_COLUMNS`)."""
    links = tables["interconnectors"].set_index("link")
    in_service = (links["status"] == "existing") | (links["year"].fillna(np.inf) <= scenario.year)
    links = links.copy()
    links["in_service"] = in_service
    links["expandable"] = False
    links["max_new_mw"] = 0.0
    links["annuity_usd_per_mw_yr"] = 0.0
    known = list(regions.index)
    for name, opt in scenario.interconnectors.items():
        key = f"interconnectors.{name}"
        if name not in links.index:
            parts = new_link_ends(name, list(links.index), known, "link", "regions", scenario.source_file, key)
            if opt.capacity_mw is None and opt.capacity_fwd_mw is None and opt.capacity_bwd_mw is None:
                raise InputError("a new link needs capacity_mw (or capacity_fwd_mw/capacity_bwd_mw)",
                                 file=scenario.source_file, key=key)
            links.loc[name] = {"from_region": parts[0], "to_region": parts[1], "capacity_fwd_mw": 0.0,
                               "capacity_bwd_mw": 0.0, "efficiency": 1.0, "wheeling_usd_per_mwh": 0.0,
                               "status": "scenario", "year": float(scenario.year), "source_id": "scenario",
                               "profile": "", "profile_column": "",
                               "in_service": True, "expandable": False, "max_new_mw": 0.0,
                               "annuity_usd_per_mw_yr": 0.0}
        gives_capacity = (opt.capacity_mw is not None or opt.capacity_fwd_mw is not None
                          or opt.capacity_bwd_mw is not None)
        if not links.at[name, "in_service"] and not gives_capacity:
            if not opt.expandable:
                raise InputError(f"{name} is planned for {links.at[name, 'year']:g}, after {scenario.year}: give "
                                 "capacity_mw (or capacity_fwd_mw/capacity_bwd_mw) to bring it into service",
                                 file=scenario.source_file, key=key)
            links.loc[name, ["capacity_fwd_mw", "capacity_bwd_mw"]] = [0.0, 0.0]  # built only by the LP
        if opt.capacity_mw is not None:
            links.loc[name, ["capacity_fwd_mw", "capacity_bwd_mw"]] = [opt.capacity_mw, opt.capacity_mw]
        for field in ("capacity_fwd_mw", "capacity_bwd_mw", "efficiency", "wheeling_usd_per_mwh"):
            value = getattr(opt, field)
            if value is not None:
                links.loc[name, field] = value
        links.loc[name, "in_service"] = True
        if opt.expandable:
            if scenario.discount_rate is None:
                raise InputError("an expandable link needs a top-level discount_rate (real, e.g. 0.07)",
                                 file=scenario.source_file, key="discount_rate")
            links.loc[name, "expandable"] = True
            links.loc[name, "max_new_mw"] = opt.max_mw
            links.loc[name, "annuity_usd_per_mw_yr"] = opt.capex_usd_per_mw * units.annuity_factor(
                scenario.discount_rate, opt.lifetime_years)
    links = links[links["in_service"].astype(bool)].drop(columns=["in_service"])
    links["cross_border"] = [_is_cross_border(regions, a, b)
                             for a, b in zip(links["from_region"], links["to_region"])]
    out = links[LINK_COLUMNS].copy()
    for c in ("capacity_fwd_mw", "capacity_bwd_mw", "efficiency", "wheeling_usd_per_mwh", "max_new_mw",
              "annuity_usd_per_mw_yr"):
        out[c] = out[c].astype(float)
    out["expandable"] = out["expandable"].astype(bool)
    out.index.name = "link"
    return out


def link_availability(tables: Tables, links: pd.DataFrame, window: Window) -> pd.DataFrame | None:
    """snapshots × links with a ``profile`` in ``interconnectors.csv``: the available fraction of both
    capacities [p.u.] (column ``profile_column`` of ``profiles/<profile>_pu.csv``, default the link's name),
    averaged per snapshot. None when no link in service has one. InputError for an expandable link with a
    profile (its expansion rows bound the flow by capacity alone)."""
    data = tables["interconnectors"].set_index("link")
    given = [l for l in links.index if l in data.index and data.at[l, "profile"]]
    if not given:
        return None
    expandable = [l for l in given if links.at[l, "expandable"]]
    if expandable:
        raise InputError(f"{expandable[0]} has an availability profile and is expandable; drop one of the two",
                         file=tables.directory / "interconnectors.csv", key="profile")
    cols = {l: tables.profiles[data.at[l, "profile"]][data.at[l, "profile_column"] or l].to_numpy(dtype=float)
            for l in given}
    df = pd.DataFrame(cols, index=pd.RangeIndex(tables.n_rows))
    return aggregate(df, window).clip(lower=0.0, upper=1.0)
