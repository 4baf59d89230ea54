"""AC lines (``lines.csv``) → ``Network.lines`` (DC power flow) or extra transport links.

With ``power_flow: dc`` the lines obey Kirchhoff's voltage law (``model/powerflow.py``); with the default
``transport`` each line is a lossless two-way link of its capacity, like an interconnector.
"""
from __future__ import annotations

import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario

LINE_COLUMNS = ["from_region", "to_region", "capacity_mw", "reactance_pu", "cross_border"]
"""Columns of ``Network.lines``."""


def lines_table(tables: Tables, scenario: Scenario, regions: pd.DataFrame) -> pd.DataFrame | None:
    """The data's lines with ``cross_border`` (no shared country), or None when there are none."""
    if "lines" not in tables.tables or tables["lines"].empty:
        return None
    lines = tables["lines"].set_index("line")
    path = tables.directory / "lines.csv"
    for col in ("from_region", "to_region"):
        bad = ~lines[col].isin(regions.index)
        if bad.any():
            raise InputError(f"line {bad[bad].index[0]!r}: unknown region {lines.loc[bad, col].iloc[0]!r} "
                             "(not in regions.csv)", file=path, key=col)
    same = lines["from_region"] == lines["to_region"]
    if same.any():
        raise InputError(f"line {same[same].index[0]!r}: a line must join two different regions", file=path,
                         key="to_region")
    if scenario.power_flow == "dc" and (lines["reactance_pu"] <= 0).any():
        bad = lines.index[lines["reactance_pu"] <= 0][0]
        raise InputError(f"line {bad!r}: reactance_pu must be positive for power_flow: dc", file=path,
                         key="reactance_pu")
    countries = regions["countries"]
    lines = lines.copy()
    lines["cross_border"] = [not set(countries[a]) & set(countries[b])
                             for a, b in zip(lines["from_region"], lines["to_region"])]
    return lines[LINE_COLUMNS].astype({"capacity_mw": float, "reactance_pu": float, "cross_border": bool})


def lines_as_links(lines: pd.DataFrame, year: int, columns: list[str]) -> pd.DataFrame:
    """Lines as transport links (``Network.links`` rows): capacity both ways, lossless, no wheeling."""
    out = pd.DataFrame({"from_region": lines["from_region"], "to_region": lines["to_region"],
                        "capacity_fwd_mw": lines["capacity_mw"], "capacity_bwd_mw": lines["capacity_mw"],
                        "efficiency": 1.0, "wheeling_usd_per_mwh": 0.0, "status": "line", "year": float(year),
                        "cross_border": lines["cross_border"], "expandable": False, "max_new_mw": 0.0,
                        "annuity_usd_per_mw_yr": 0.0}, index=lines.index)
    return out[columns]


def reference_regions(lines: pd.DataFrame) -> set[str]:
    """One reference region (the first by name) per connected part of the AC lines: where the DC power
    flow's voltage angle is 0 (``v_angle``). networkx is imported here only (a run without AC lines never
    needs it)."""
    import networkx as nx

    graph = nx.MultiGraph()
    graph.add_edges_from(zip(lines["from_region"], lines["to_region"]))
    return {min(part) for part in nx.connected_components(graph)}
