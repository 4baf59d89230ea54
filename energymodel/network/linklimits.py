"""Dated limits on one direction of an interconnector, as data: ``link_limits.csv`` gives, per link and
direction, a period of calendar days and the fraction of the link's capacity in that direction available
in it. The real rule it models is an operator's decision that an economic dispatch does not make, such as
ETESA's suspension of Panama's exports to Central America from 10 May 2023 (El Niño): Panama could still
import, but not export.

Columns: ``link`` (a link of ``interconnectors.csv``), ``direction`` (``fwd`` = from_region → to_region,
``bwd`` = to_region → from_region, or ``both``), ``start_date`` and ``end_date`` (ISO dates, both days
included, UTC), ``available_pu`` (in [0, 1]) and ``source_id``; optional ``hydrology_year``: the row applies
only with that hydrology year (``hydrology.csv``, the scenario's ``hydrology`` key), for a decision taken
because of that year's water (ETESA's stop answered 2023's El Niño; a 2023 scenario run on 2021's inflows
keeps the link open), empty for any. A profile row lies in the period when it
starts on or after 00:00 of ``start_date`` and before 24:00 of ``end_date``; where rows overlap, the
smallest fraction holds. With ``rules.link_limits`` on (the default) the bound of each direction is

    0 ≤ v_flow_fwd[l, t] ≤ capacity_fwd_mw[l] · a[l, t] · a_fwd[l, t]
    0 ≤ v_flow_bwd[l, t] ≤ capacity_bwd_mw[l] · a[l, t] · a_bwd[l, t]

with ``a`` the link's availability profile (``interconnectors.csv:profile``, 1 if none) and ``a_fwd``,
``a_bwd`` the limits, averaged over the hours of each snapshot (a 3-hour snapshot half inside the period
gets half). Profile rows are dated as the time axis dates them (``network/timeaxis.py``): hour i of the
scenario's year, or the profiles' own timestamps; so with hourly profiles a 2023 row reaches a 2023 scenario
and not a 2030 milestone, and with timestamped profiles it reaches the snapshots stamped in its period. Only
links of ``interconnectors.csv`` can be limited (not zone corridors, ``lines.csv`` lines or links a scenario
adds). The LP's matrix is unchanged; only column bounds move.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario
from energymodel.network.hydrology import hydrology_year
from energymodel.network.timeaxis import Window, aggregate, row_stamps

log = logging.getLogger(__name__)

TABLE = "link_limits"
DIRECTIONS = ("fwd", "bwd", "both")


def _dates(df: pd.DataFrame, column: str, path) -> pd.DatetimeIndex:
    """The column's ISO dates as UTC midnights; InputError naming the first row that is not one."""
    out = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")
    if out.isna().any():
        i = int(np.flatnonzero(out.isna())[0])
        raise InputError(f"row {i + 2}: {column} {df[column].iloc[i]!r}; expected an ISO date (YYYY-MM-DD)",
                         file=path, key=column)
    return pd.DatetimeIndex(out).tz_localize("UTC")


def _check(tables: Tables, df: pd.DataFrame) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """(start, end) of each row as UTC midnights, ``end`` the day after ``end_date``. Raise InputError for a
    link not in ``interconnectors.csv``, a direction not in :data:`DIRECTIONS`, a date that is not ISO, an end
    before the start, a fraction outside [0, 1] (a negative one is refused when the table is read) or a
    ``hydrology_year`` that is not a whole year."""
    path = tables.directory / f"{TABLE}.csv"
    known = set(tables["interconnectors"]["link"])
    for i, (link, direction, pu) in enumerate(zip(df["link"], df["direction"], df["available_pu"])):
        if link not in known:
            raise InputError(f"row {i + 2}: link {link!r} is not in interconnectors.csv", file=path, key="link")
        if direction not in DIRECTIONS:
            raise InputError(f"row {i + 2}: direction {direction!r}; expected one of {', '.join(DIRECTIONS)}",
                             file=path, key="direction")
        if not 0.0 <= float(pu) <= 1.0:
            raise InputError(f"row {i + 2}: available_pu {pu:g}; expected a fraction in [0, 1]", file=path,
                             key="available_pu")
    if "hydrology_year" in df:
        years = df["hydrology_year"].to_numpy(dtype=float)
        bad = ~np.isnan(years) & (years != np.floor(years))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"row {i + 2}: hydrology_year {years[i]:g}; expected a calendar year or empty", file=path,
                             key="hydrology_year")
    start, end = _dates(df, "start_date", path), _dates(df, "end_date", path)
    if (end < start).any():
        i = int(np.flatnonzero(end < start)[0])
        raise InputError(f"row {i + 2}: end_date {df['end_date'].iloc[i]} is before start_date "
                         f"{df['start_date'].iloc[i]}", file=path, key="end_date")
    return start, end + pd.Timedelta(days=1)


def link_limits(tables: Tables, scenario: Scenario, links: pd.DataFrame, window: Window) -> pd.DataFrame | None:
    """snapshots × ``"<link> fwd"``/``"<link> bwd"`` columns: the available fraction of that direction's
    capacity [p.u.], averaged over each snapshot's rows; only the directions of links in service that a row
    reaches inside the modelled window. None without the table, with ``rules.link_limits`` off, or when no row
    reaches the window. ``links``: index link, column expandable.

    Raises InputError for a bad row (:func:`_check`; checked also with the rule off) and for an expandable link
    that a row reaches (its expansion rows bound the flow by capacity alone; drop one of the two)."""
    if TABLE not in tables.tables:
        return None
    df = tables[TABLE]
    start, end = _check(tables, df)
    if not scenario.rules.link_limits or df.empty:
        return None
    stamps = row_stamps(tables, scenario)
    first, last = window.start, window.start + window.hours
    water = hydrology_year(tables, scenario)
    only_with = df["hydrology_year"] if "hydrology_year" in df else pd.Series(np.nan, index=df.index)
    cols: dict[str, np.ndarray] = {}
    for i, (link, direction, pu) in enumerate(zip(df["link"], df["direction"], df["available_pu"])):
        inside = (stamps >= start[i]) & (stamps < end[i])
        if link not in links.index or not inside[first:last].any():
            continue
        if pd.notna(only_with.iloc[i]) and water != int(only_with.iloc[i]):
            log.info("link limit: %s %s from %s not applied: it is for hydrology %d, the scenario runs on %s", link,
                     direction, df["start_date"].iloc[i], int(only_with.iloc[i]), water)
            continue
        if bool(links.at[link, "expandable"]):
            raise InputError(f"row {i + 2}: {link} is expandable in this scenario and has a dated limit; drop one of "
                             "the two (or --set rules.link_limits=false)", file=tables.directory / f"{TABLE}.csv",
                             key="link")
        for side in (("fwd", "bwd") if direction == "both" else (direction,)):
            name = f"{link} {side}"
            cols[name] = np.minimum(cols.get(name, np.ones(tables.n_rows)), np.where(inside, float(pu), 1.0))
        log.info("link limit: %s %s at %.2f of capacity from %s to %s", link, direction, float(pu),
                 df["start_date"].iloc[i], df["end_date"].iloc[i])
    if not cols:
        return None
    return aggregate(pd.DataFrame(cols, index=pd.RangeIndex(tables.n_rows)), window)
