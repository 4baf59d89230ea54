"""The modelled time axis: which profile rows are modelled, their snapshots (UTC), weights and durations.

Profiles have N rows (any N; 8760 for a year of hours). Row i starts at hour i of 1 January of the scenario
year (UTC) when the profiles give an ``hour`` column, or at its own timestamp when they give ``snapshot``;
a row lasts until the next one (the last row as long as the one before it, 1 h if there is only one).
An optional ``snapshot_weights.csv`` (same time column; ``weight_h``, ``duration_h``) sets each row's
objective weight and duration apart (PyPSA's snapshot weightings).

The window: ``time.start`` (a day) picks the first row — hour ``start_hour`` for ``hour`` profiles, the first
row at or after that instant of the scenario year for timestamped ones; ``time.hours`` rows from there
(default: to the last row); ``time.resolution_h`` averages consecutive rows in blocks whose weight and
duration are the sums of the rows'.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario


@dataclass(frozen=True)
class Window:
    """The modelled rows of the profiles: ``hours`` rows from row ``start``, in blocks of ``res`` rows."""
    start: int
    hours: int
    res: int


def _start_row(tables: Tables, scenario: Scenario) -> int:
    hour = scenario.time.start_hour
    if tables.timestamps is None or scenario.time.start is None:
        return hour
    instant = pd.Timestamp(f"{scenario.year}-01-01", tz="UTC") + pd.Timedelta(hours=hour)
    return int(tables.timestamps.searchsorted(instant))


def time_blocks(scenario: Scenario, tables: Tables) -> Window:
    """The window of ``scenario`` on the profiles of ``tables`` (InputError if it does not fit)."""
    n_rows = tables.n_rows
    start = _start_row(tables, scenario)
    if start >= n_rows:
        raise InputError(f"time.start falls after the last of the data's {n_rows} profile rows",
                         file=scenario.source_file, key="time.start")
    hours = scenario.time.hours or n_rows - start
    res = scenario.time.resolution_h
    if start + hours > n_rows:
        where = f"time.start (row {start}) plus time.hours" if start else "time.hours"
        raise InputError(f"{where} ({hours}) runs past the {n_rows} rows of the data's profiles (8760 for a "
                         "year of hours); start earlier or model fewer hours", file=scenario.source_file,
                         key="time.start" if start else "time.hours")
    if hours % res:
        raise InputError(f"time.hours ({hours}) must be a multiple of time.resolution_h ({res})",
                         file=scenario.source_file, key="time.resolution_h")
    return Window(start, hours, res)


def aggregate(df: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The window's rows, averaged in blocks of ``res`` rows, re-indexed 0..T-1."""
    hours, res = window.hours, window.res
    arr = df.to_numpy(dtype=float)[window.start:window.start + hours]
    if res > 1:
        arr = arr.reshape(hours // res, res, arr.shape[1]).mean(axis=1)
    return pd.DataFrame(arr, columns=df.columns, index=pd.RangeIndex(len(arr), name="snapshot"))


def row_durations_h(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Hours each row lasts: the gap to the next timestamp; the last row as long as the one before."""
    if len(stamps) < 2:
        return np.ones(len(stamps))
    gaps = ((stamps[1:] - stamps[:-1]) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
    return np.append(gaps, gaps[-1])


def row_stamps(tables: Tables, scenario: Scenario) -> pd.DatetimeIndex:
    """UTC start of every profile row: the profiles' own timestamps, else hour i of 1 January of the
    scenario's year. The snapshots (:func:`snapshot_axis`) and the dated tables (``link_limits.csv``) read it."""
    if tables.timestamps is not None:
        return pd.DatetimeIndex(tables.timestamps)
    return pd.date_range(f"{scenario.year}-01-01", periods=tables.n_rows, freq="h", tz="UTC")


def snapshot_axis(tables: Tables, scenario: Scenario,
                  window: Window) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """(snapshots as UTC timestamps, weight_h, duration_h) of the modelled blocks."""
    first, last, res = window.start, window.start + window.hours, window.res
    n_t = window.hours // res
    snaps = pd.DatetimeIndex(row_stamps(tables, scenario)[first:last][::res], name="snapshot")
    rows = np.ones(tables.n_rows) if tables.timestamps is None else row_durations_h(tables.timestamps)
    weight, duration = rows, rows
    if tables.weights is not None:
        weight, duration = tables.weights["weight_h"].to_numpy(), tables.weights["duration_h"].to_numpy()

    def blocks(values: np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype=float)[first:last].reshape(n_t, res).sum(axis=1)

    return snaps, blocks(weight), blocks(duration)


def check_months(df: pd.DataFrame, groups: list[str], path) -> None:
    """Raise InputError (``path``, key ``month``) for a month that is not a whole number in 1..12, naming its
    row, or for a group of rows (the same values of ``groups``, e.g. region, technology, year) that does not
    have each of the 12 months once. For the monthly tables (``capacity_ramp.csv``, ``fuel_price_months.csv``)."""
    month = df["month"].to_numpy(dtype=float)
    bad = ~((month == np.floor(month)) & (month >= 1) & (month <= 12))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"row {i + 2}: month {month[i]:g}; expected 1..12", file=path, key="month")
    for key, grp in df.groupby(groups):
        if sorted(grp["month"].astype(int)) != list(range(1, 13)):
            label = " ".join(f"{k:g}" if isinstance(k, float) else str(k) for k in key)
            raise InputError(f"{label}: expected one row for each of the 12 months, found {len(grp)}",
                             file=path, key="month")
