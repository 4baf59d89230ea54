"""Hydrology as data: the monthly inflow energy of one historical year scales the hydro profiles, and
reservoirs get their start level.

``hydrology.csv`` gives, per region, year and month, the inflow energy of all hydro plants (run-of-river
and reservoirs together) [TWh]. For the chosen year ``y`` (scenario key ``hydrology``) and each region
``r`` and calendar month ``m``:

    base_mwh[r, m]  = Σ_{rows h in m} d[h] · ( Σ_{g ror in r} capacity_mw[g] · min(ror_pu[r, h], 1)
                                             + Σ_{reservoirs k in r} capacity_mw[k] · inflow_pu[k, h] )
    share[m]        = Σ_{rows h in m} d[h] / hours in month m
    factor[r, m]    = inflow_twh[r, y, m] · 1e6 · share[m] / base_mwh[r, m]

with ``d[h]`` the duration of profile row h [h] (1 for hourly rows). Profiles of any length work: a full
year of hours has share 1 in every month; a month the rows cover in part gets that part of its energy
(spread evenly over the month), a month they miss keeps factor 1. Rows are timestamped by the profiles'
``snapshot`` column, or counted in hours from 1 January of a non-leap year (``hour`` profiles).

and the hourly run-of-river availability and reservoir inflow of the region are multiplied by
``factor[r, month(h)]`` (run-of-river availability is then clipped to 1 as before: water beyond the
turbines of a run-of-river plant is spilled). The hourly shape within a month is the profile's.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs import units
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import Scenario
from energymodel.network.timeaxis import row_durations_h

log = logging.getLogger(__name__)

ROR_PROFILE = "ror"
"""Profile name of run-of-river generators: their availability follows the hydrology."""

REFERENCE_YEAR = "2023-01-01"
"""Calendar of profiles indexed by ``hour``: hour 0 is 1 January of a non-leap year (as the shipped
profiles), so hour h falls in the month of that year's hour h."""
MONTH_OF_HOUR = pd.date_range(REFERENCE_YEAR, periods=units.HOURS_PER_YEAR, freq="h").month.to_numpy()
"""Calendar month (1..12) of each hour 0..8759 of ``hour`` profiles."""


def row_calendar(tables: Tables) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per profile row: calendar month (1..12), duration [h] and the length of that month [h]. Rows are
    the ``snapshot`` timestamps where the profiles give them, else hours from :data:`REFERENCE_YEAR`."""
    if tables.timestamps is not None:
        stamps = pd.DatetimeIndex(tables.timestamps)
        durations = row_durations_h(stamps)
    else:
        stamps = pd.date_range(REFERENCE_YEAR, periods=tables.n_rows, freq="h")
        durations = np.ones(tables.n_rows)
    return stamps.month.to_numpy(), durations, (stamps.days_in_month * 24).to_numpy(dtype=float)


def hydrology_year(tables: Tables, scenario: Scenario) -> int | None:
    """The hydrology year a scenario uses: its ``hydrology`` key, else the latest year in ``hydrology.csv``;
    None when the data directory has no hydrology table (profiles are used as they are).

    Raises InputError when the scenario names a year the table does not have."""
    if "hydrology" not in tables.tables:
        if scenario.hydrology is not None:
            raise InputError("the data directory has no hydrology.csv, so no hydrology year can be chosen",
                             file=scenario.source_file, key="hydrology")
        return None
    years = sorted({int(y) for y in tables["hydrology"]["year"]})
    if scenario.hydrology is None:
        return years[-1]
    if scenario.hydrology not in years:
        raise InputError(f"no hydrology for {scenario.hydrology}; hydrology.csv has {', '.join(map(str, years))}",
                         file=scenario.source_file, key="hydrology")
    return scenario.hydrology


def monthly_factors(tables: Tables, year: int, ror_mw: pd.DataFrame, inflow_mw: pd.DataFrame,
                    ror_region: pd.Series, inflow_region: pd.Series) -> dict[str, np.ndarray]:
    """Per region, the 12 monthly factors that bring the profiles' hydro energy to ``year``'s inflow.

    ``ror_mw`` / ``inflow_mw``: per profile row (N rows × units) run-of-river availability × capacity and
    reservoir inflow [MW]; ``*_region``: the region of each column. Profiles of any length: a month the
    rows cover only in part is compared with the same part of the month's reported energy (spread evenly
    over its hours), a month they do not cover keeps factor 1. A region without rows for the year keeps
    factor 1; a covered month with reported inflow but no hydro capacity is an InputError."""
    hyd = tables["hydrology"]
    rows = hyd[hyd["year"].astype(int) == year]
    month, duration, hours_of_month = row_calendar(tables)
    covered = np.bincount(month - 1, weights=duration, minlength=12)
    month_hours = np.ones(12)
    month_hours[month - 1] = hours_of_month  # the length of each month the rows reach
    out = {}
    for region, grp in rows.groupby("region"):
        energy = np.zeros(12)
        for m, twh in zip(grp["month"].astype(int), grp["inflow_twh"]):
            if not 1 <= m <= 12:
                raise InputError(f"month {m} of {region} {year}: expected 1..12",
                                 file=tables.directory / "hydrology.csv", key="month")
            energy[m - 1] += twh * units.MWH_PER_TWH
        if len(set(grp["month"].astype(int))) != 12:
            raise InputError(f"{region} {year}: expected one row for each of the 12 months, found "
                             f"{len(grp)}", file=tables.directory / "hydrology.csv", key="month")
        hourly = (ror_mw.loc[:, (ror_region == region).to_numpy()].sum(axis=1).to_numpy()
                  + inflow_mw.loc[:, (inflow_region == region).to_numpy()].sum(axis=1).to_numpy())
        base = np.bincount(month - 1, weights=hourly * duration, minlength=12)
        share = covered / month_hours  # 1 for every month of a full year of hours
        if ((covered > 0) & (base <= 0) & (energy > 0)).any():
            raise InputError(f"{region} {year} has hydro inflow but the region has no hydro capacity",
                             file=tables.directory / "hydrology.csv", key="inflow_twh")
        out[region] = np.divide(energy * share, base, out=np.ones(12), where=base > 0)
    return out


def scale_hydro(tables: Tables, scenario: Scenario, gens: pd.DataFrame, hydro_t: pd.DataFrame
                ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Per-row multipliers of the chosen hydrology: ``({ror generator: N multipliers}, inflow (N ×
    reservoirs) [MW] or None)`` for profiles of N rows. Empty / None when no hydrology applies."""
    year = hydrology_year(tables, scenario)
    ror = gens[gens["profile"] == ROR_PROFILE]
    inflow = None
    if len(hydro_t):
        inflow = (tables.profiles["inflow"][list(hydro_t["inflow_profile"])].to_numpy()
                  * hydro_t["capacity_mw"].to_numpy()[None, :])
    if year is None:
        return {}, inflow
    ror_mw = pd.DataFrame({g: np.minimum(tables.profiles[ROR_PROFILE][r].to_numpy(), 1.0) * cap
                           for g, r, cap in zip(ror.index, ror["region"], ror["capacity_mw"])},
                          index=pd.RangeIndex(tables.n_rows))
    inflow_df = pd.DataFrame(inflow if inflow is not None else np.zeros((tables.n_rows, 0)),
                             columns=list(hydro_t.index))
    factors = monthly_factors(tables, year, ror_mw, inflow_df, ror["region"],
                              hydro_t["region"] if len(hydro_t) else pd.Series(dtype=str))
    log.info("hydrology %d: monthly factors %s", year,
             {r: f"{f.min():.2f}..{f.max():.2f}" for r, f in factors.items()})
    month = row_calendar(tables)[0]
    ror_mult = {g: factors[r][month - 1] for g, r in zip(ror.index, ror["region"]) if r in factors}
    if inflow is not None:
        for j, r in enumerate(hydro_t["region"]):
            if r in factors:
                inflow[:, j] = inflow[:, j] * factors[r][month - 1]
    return ror_mult, inflow


def start_levels(hydro_t: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """Start level of each reservoir [MWh]: ``start_level_pu · energy_mwh``; NaN (cyclic) when the column
    is absent or empty, or when the scenario asks for ``reservoir_end: cyclic``."""
    if scenario.reservoir_end == "cyclic" or "start_level_pu" not in hydro_t:
        return pd.Series(np.nan, index=hydro_t.index, name="start_level_mwh")
    pu = hydro_t["start_level_pu"].astype(float)
    if (pu > 1).any():
        bad = pu.index[pu > 1][0]
        raise InputError(f"start_level_pu of {bad} is {pu[bad]:g}; expected a fraction in [0, 1]",
                         file=scenario.data / "hydro.csv", key="start_level_pu")
    return (pu * hydro_t["energy_mwh"].astype(float)).rename("start_level_mwh")


def end_levels(tables: Tables, scenario: Scenario, hydro_t: pd.DataFrame, start_mwh: pd.Series,
               hours: int) -> pd.Series:
    """The least level of each reservoir at the end of the horizon [MWh] (``c_hydro_end``).

    ``hydro.csv:end_level_pu`` (optional) is the reported level at the end of the base year, the latest year
    of ``hydrology.csv``; it applies only with that year's hydrology (its inflows carry that year's storage
    change; another year's do not, so its end floor is the start level). For a horizon of
    ``hours`` it is interpolated between the start and that level, ``start + (end_level_pu · energy_mwh −
    start) · hours / 8760`` (a week's run may not draw down a year's reported storage change). Where the
    column is absent or empty, the end floor is the start level (no free water bank). NaN where the start
    level is NaN (cyclic). Raises InputError for an ``end_level_pu`` outside [0, 1]."""
    year = hydrology_year(tables, scenario)
    latest = max(int(y) for y in tables["hydrology"]["year"]) if year is not None else None
    if "end_level_pu" not in hydro_t or year != latest:
        return start_mwh.rename("end_level_mwh")
    pu = hydro_t["end_level_pu"].astype(float)
    if ((pu > 1) | (pu < 0)).any():
        bad = pu.index[(pu > 1) | (pu < 0)][0]
        raise InputError(f"end_level_pu of {bad} is {pu[bad]:g}; expected a fraction in [0, 1]",
                         file=scenario.data / "hydro.csv", key="end_level_pu")
    share = min(hours, units.HOURS_PER_YEAR) / units.HOURS_PER_YEAR
    reported = pu * hydro_t["energy_mwh"].astype(float)
    end = start_mwh + (reported - start_mwh) * share
    return end.where(pu.notna(), start_mwh).where(start_mwh.notna()).rename("end_level_mwh")


LEVEL_RULES = {"reported_path": "reservoir_path", "month_budget": "hydro_month_budget",
               "period_budget": "hydro_month_budget"}
"""``reservoir_levels.csv:rule`` → the ``rules`` switch of the scenario that applies those rows."""
BASE_YEAR_RULES = ("reported_path", "period_budget")
"""Rules whose rows describe the base year's own water (a reported level path; the end of periods whose hydro
was reported): applied only with the base year's hydrology."""


def _rows_switched_on(df: pd.DataFrame, scenario: Scenario, path) -> pd.DataFrame:
    """The rows of ``reservoir_levels.csv`` whose ``rule`` (default ``reported_path``) is switched on."""
    rule = df["rule"].fillna("reported_path") if "rule" in df else pd.Series("reported_path", index=df.index)
    unknown = sorted(set(rule) - set(LEVEL_RULES))
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}; expected one of {', '.join(LEVEL_RULES)}", file=path,
                         key="rule")
    on = rule.map(lambda r: bool(getattr(scenario.rules, LEVEL_RULES[r])))
    return df[on.to_numpy()]


def level_floors(tables: Tables, scenario: Scenario, hydro_t: pd.DataFrame, snapshots: pd.DatetimeIndex,
                 column: str = "min_level_pu") -> pd.DataFrame:
    """snapshots × reservoirs: the least (``min_level_pu``) or most (``max_level_pu``) level at the end of
    each snapshot [MWh] (NaN where none). A row of ``reservoir_levels.csv`` (hydro, month, min_level_pu and
    optional max_level_pu, rule) sets ``pu · energy_mwh`` on the last snapshot of that month, if the horizon
    reaches the month's end. Rows of rule ``reported_path`` (the default) are off with
    ``rules.reservoir_path: false`` and with the hydrology of a year other than the base year (the latest of
    ``hydrology.csv``: the path is that year's, as ``end_levels``' reported end level is); rows of rule
    ``month_budget`` are off with ``rules.hydro_month_budget: false``; rows of rule ``period_budget`` (the
    reservoir back at a level at the end of periods whose hydro was reported, e.g. Panama's 2023) are off with
    either, like ``reported_path`` with another year's hydrology.
    Raises InputError for an unknown reservoir, month, level or rule."""
    floors = pd.DataFrame(np.nan, index=pd.RangeIndex(len(snapshots), name="snapshot"), columns=hydro_t.index)
    if "reservoir_levels" not in tables.tables or column not in tables["reservoir_levels"]:
        return floors
    path = tables.directory / "reservoir_levels.csv"
    df = _rows_switched_on(tables["reservoir_levels"], scenario, path)
    year = hydrology_year(tables, scenario)
    if year is not None and year != max(int(y) for y in tables["hydrology"]["year"]):
        # the reported path and periods are the base year's: with another year's inflows they may not be reachable
        rule = df["rule"].fillna("reported_path") if "rule" in df else pd.Series("reported_path", index=df.index)
        df = df[(~rule.isin(BASE_YEAR_RULES)).to_numpy()]
    step = snapshots[1] - snapshots[0] if len(snapshots) > 1 else pd.Timedelta(hours=1)
    ends = snapshots + step          # end of each snapshot
    for i, h, m, pu in zip(df.index, df["hydro"], df["month"].astype(int), df[column]):   # i: the file's row
        if pd.isna(pu):
            continue
        if h not in hydro_t.index:
            raise InputError(f"row {i + 2}: unknown reservoir {h!r} (not in hydro.csv)", file=path, key="hydro")
        if not 1 <= m <= 12 or pu > 1:
            raise InputError(f"row {i + 2}: expected month 1..12 and {column} in [0, 1]", file=path, key=column)
        month_end = pd.Timestamp(year=snapshots[0].year, month=m, day=1, tz="UTC") + pd.offsets.MonthBegin(1)
        hit = np.flatnonzero(ends == month_end)
        if len(hit):
            floors.iloc[hit[0], floors.columns.get_loc(h)] = pu * float(hydro_t.at[h, "energy_mwh"])
    return floors
