"""Capacity commissioned through a year, as data: ``capacity_ramp.csv`` gives, per region, technology,
year and month, the share of the year-end capacity (``generators.csv``) that was in service in the month.

In a scenario whose ``year`` is a row's ``year`` (and with ``rules.capacity_ramp`` on, the default), the
availability of every generator of that region and technology is multiplied, row by row of the profiles,
by its month's share:

    availability_pu[g, h] = profile_pu[g, h] · in_service_pu[region(g), technology(g), month(h)]

so a fleet built during the base year (Chile's solar grew from 6.6 GW to 8.8 GW in 2023) is not available
at its end-of-year size from 1 January. Another year (the milestones) uses the capacity as it is. The
share scales whatever capacity the scenario gives (a ``generators`` override keeps the ramp's shape).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario
from energymodel.network.hydrology import row_calendar
from energymodel.network.timeaxis import check_months

log = logging.getLogger(__name__)


def _check(tables: Tables, df: pd.DataFrame, gens: pd.DataFrame) -> None:
    """Raise InputError for a month outside 1..12, a share outside [0, 1], a region and technology with no
    generator, or a (region, technology, year) without all 12 months."""
    path = tables.directory / "capacity_ramp.csv"
    check_months(df, ["region", "technology", "year"], path)
    for i, (region, tech, pu) in enumerate(zip(df["region"], df["technology"], df["in_service_pu"])):
        if not 0.0 <= pu <= 1.0:
            raise InputError(f"row {i + 2}: in_service_pu {pu:g}; expected a share in [0, 1]", file=path,
                             key="in_service_pu")
        if not ((gens["region"] == region) & (gens["technology"] == tech)).any():
            raise InputError(f"row {i + 2}: no {tech} generator in region {region!r}", file=path,
                             key="technology")


def ramp_multipliers(tables: Tables, scenario: Scenario, gens: pd.DataFrame) -> dict[str, np.ndarray]:
    """``{generator: in-service share of each profile row}`` for the generators ``capacity_ramp.csv`` covers
    in the scenario's year; empty when the data have no such table, no row for that year, or
    ``rules.capacity_ramp`` is off. ``gens``: index generator, columns region, technology.
    Raises InputError (file, row, column) for a bad row (:func:`_check`)."""
    if "capacity_ramp" not in tables.tables or not scenario.rules.capacity_ramp:
        return {}
    df = tables["capacity_ramp"]
    _check(tables, df, gens)
    df = df[df["year"].astype(int) == scenario.year]
    if df.empty:
        return {}
    month = row_calendar(tables)[0]
    out = {}
    for (region, tech), grp in df.groupby(["region", "technology"]):
        share = grp.set_index(grp["month"].astype(int))["in_service_pu"].astype(float).reindex(range(1, 13))
        per_row = share.to_numpy()[month - 1]
        for g in gens.index[(gens["region"] == region) & (gens["technology"] == tech)]:
            out[g] = per_row
        log.info("capacity ramp %d: %s %s in service %.2f..%.2f of year-end capacity (mean %.3f)",
                 scenario.year, region, tech, share.min(), share.max(), share.mean())
    return out


def combine(*multipliers: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The product, generator by generator, of several ``{generator: per-row multiplier}`` maps."""
    out: dict[str, np.ndarray] = {}
    for m in multipliers:
        for g, v in m.items():
            out[g] = out[g] * v if g in out else v
    return out
