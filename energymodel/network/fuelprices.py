"""Fuel prices that change month by month, as data: ``fuel_price_months.csv`` gives, per fuel, region ("*"
for every region), year and month, the delivered fuel price [USD/MWh_th] in that month.

In a scenario whose ``year`` is a row's ``year`` (and with ``rules.monthly_fuel_prices`` on, the default), a
generator that pays ``fuel_prices.csv``'s price for its fuel in its region pays the month's price instead.
Its cost in snapshot t is

    c_gen[g, t] = marginal_cost_usd_per_mwh[g] + heat_rate[g] · (p[s(g), t] − fuel_price_usd_per_mwh_th[g])

where ``p[s, t]`` is the series ``s`` averaged over the hours of snapshot t and ``s(g)`` the generator's
``fuel_price_series`` (its fuel and region, ``oil:CAM``, or ``oil:*``); VOM and the carbon price do not
change. A row for the region beats a row for "*", and "*" rows reach only the units whose annual price is
the "*" row of ``fuel_prices.csv`` (a region with its own annual price needs its own months). Months are the
calendar months of the profiles' rows (UTC hours of a 365-day year), as for ``capacity_ramp.csv`` and
``hydrology.csv``. Not covered, and paying one price all year: a unit fed by
the gas network (its fuel is priced by the gas balance), a unit with its own ``marginal_cost_usd_per_mwh``,
and a fuel and region whose price the scenario overrides (``prices.oil_usd_per_bbl.CAM: 90`` is 90 in every
month). Another year (the milestones) uses ``fuel_prices.csv`` as it is.

The Network keeps ``marginal_cost_usd_per_mwh`` at the annual price; everything that prices output per
snapshot (the LP's objective, the results' costs and producer surplus, the PyPSA export) uses
:func:`generator_costs` (``results/extract.row_costs`` per row of a tidy table).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.checks import FUELS
from energymodel.inputs.data import Tables
from energymodel.inputs.scenario import ALL, Scenario, by_region
from energymodel.network.hydrology import row_calendar
from energymodel.network.timeaxis import check_months

log = logging.getLogger(__name__)

TABLE = "fuel_price_months"


def _check(tables: Tables, df: pd.DataFrame) -> None:
    """Raise InputError for an unknown fuel, a year that is not a whole number, a month outside 1..12 or a
    (fuel, region, year) without all 12 months (a negative price is refused when the table is read)."""
    path = tables.directory / f"{TABLE}.csv"
    priced = [f for f in FUELS if f != "none"]
    for i, (fuel, year) in enumerate(zip(df["fuel"], df["year"])):
        if fuel not in priced:
            raise InputError(f"row {i + 2}: unknown fuel {fuel!r}; expected one of {', '.join(priced)}", file=path,
                             key="fuel")
        if not float(year).is_integer():
            raise InputError(f"row {i + 2}: year {year:g}; expected a calendar year", file=path, key="year")
    check_months(df, ["fuel", "region", "year"], path)


def _monthly(tables: Tables, scenario: Scenario) -> dict[tuple[str, str], np.ndarray]:
    """``{(fuel, region or "*"): price of months 1..12}`` for the scenario's year; empty without the table,
    without a row for that year, or with ``rules.monthly_fuel_prices`` off."""
    if TABLE not in tables.tables:
        return {}
    df = tables[TABLE]
    _check(tables, df)  # whether or not the rule is on: a bad file is an error either way
    if not scenario.rules.monthly_fuel_prices:
        return {}
    df = df[df["year"].astype(int) == scenario.year]
    out = {}
    for (fuel, region), grp in df.groupby(["fuel", "region"]):
        out[fuel, region] = (grp.set_index(grp["month"].astype(int))["price_usd_per_mwh_th"].astype(float)
                             .reindex(range(1, 13)).to_numpy())
    return out


def fuel_price_series(tables: Tables, scenario: Scenario, gens: pd.DataFrame,
                      override_key: dict[str, str]) -> tuple[pd.Series, pd.DataFrame | None]:
    """(each generator's series name, "" for none; the series per profile row [USD/MWh_th] or None).

    ``gens``: index generator, columns region, fuel, fuel_price_usd_per_mwh_th (NaN for a unit that pays no
    exogenous fuel price: fed by the gas network, or with its own cost). ``override_key``: per fuel, the
    scenario's price key (``prices.<key>``); a fuel and region the scenario prices is left out.
    Raises InputError (file, row, column) for a bad row."""
    months = _monthly(tables, scenario)
    names = pd.Series("", index=gens.index, dtype=object)
    if not months:
        return names, None
    annual_rows = set(zip(tables["fuel_prices"]["fuel"], tables["fuel_prices"]["region"]))
    for g, region, fuel, annual in zip(gens.index, gens["region"], gens["fuel"], gens["fuel_price_usd_per_mwh_th"]):
        if pd.isna(annual) or fuel not in override_key:
            continue
        if by_region(getattr(scenario.prices, override_key[fuel]), region) is not None:
            continue
        names[g] = _series_for(months, annual_rows, fuel, region)
    used = sorted(set(names) - {""})
    for fuel, region in sorted(set(months) - {tuple(n.split(":", 1)) for n in used}):
        key = override_key.get(fuel)
        if key is not None and region != ALL and by_region(getattr(scenario.prices, key), region) is not None:
            log.info("monthly fuel prices %d: %s in %s not used: the scenario sets that price (prices.%s)",
                     scenario.year, fuel, region, key)
            continue
        log.warning("%s: the %d rows of %s in %s apply to no unit (no unit there pays that fuel's price "
                    "from fuel_prices.csv, or the scenario sets it)", tables.directory / f"{TABLE}.csv",
                    scenario.year, fuel, region)
    if not used:
        return names, None
    month = row_calendar(tables)[0]
    rows = {}
    for name in used:
        fuel, region = name.split(":", 1)
        rows[name] = months[fuel, region][month - 1]
        annual = gens.loc[names == name, "fuel_price_usd_per_mwh_th"].iloc[0]
        log.info("monthly fuel prices %d: %s %.2f..%.2f USD/MWh_th (mean of the months %.2f; annual price %.2f)",
                 scenario.year, name, months[fuel, region].min(), months[fuel, region].max(),
                 months[fuel, region].mean(), annual)
    return names, pd.DataFrame(rows, index=pd.RangeIndex(tables.n_rows))


def _series_for(months: dict, annual_rows: set, fuel: str, region: str) -> str:
    """The series a unit of ``fuel`` in ``region`` pays: the region's own months; else the "*" months, but
    only when its annual price is the "*" row of fuel_prices.csv too (a region with its own annual price and
    no months of its own keeps its price all year, rather than taking every region's months)."""
    if (fuel, region) in months:
        return f"{fuel}:{region}"
    if (fuel, ALL) in months and (fuel, region) not in annual_rows:
        return f"{fuel}:{ALL}"
    return ""


def generator_costs(net) -> np.ndarray:
    """Cost of each generator's output in each snapshot [USD/MWh], generators × snapshots (the order of
    ``net.generators`` and ``net.snapshots``): ``marginal_cost_usd_per_mwh`` (NaN as 0), plus, for a unit with
    a ``fuel_price_series``, its heat rate times the month's price less the annual one."""
    gens = net.generators
    mc = gens["marginal_cost_usd_per_mwh"].fillna(0.0).to_numpy(dtype=float)[:, None]
    if not has_series(net):
        return np.repeat(mc, net.n_snapshots, axis=1)
    annual = gens["fuel_price_usd_per_mwh_th"].to_numpy(dtype=float)[:, None]
    hr = gens["heat_rate_mwh_th_per_mwh"].to_numpy(dtype=float)[:, None]
    return mc + hr * np.nan_to_num(fuel_prices(net) - annual)   # 0 where a unit pays the annual price or none


def fuel_prices(net) -> np.ndarray:
    """Exogenous fuel price each generator pays in each snapshot [USD/MWh_th], generators × snapshots:
    ``fuel_price_usd_per_mwh_th`` (NaN for a unit that pays none), or its series where it has one."""
    gens = net.generators
    out = np.repeat(gens["fuel_price_usd_per_mwh_th"].to_numpy(dtype=float)[:, None], net.n_snapshots, axis=1)
    if has_series(net):
        for i, name in enumerate(gens["fuel_price_series"]):
            if name:
                out[i] = net.fuel_price_mwh_th[name].to_numpy(dtype=float)
    return out


def has_series(net) -> bool:
    """True when some generator of ``net`` pays a monthly fuel price (its cost changes between snapshots)."""
    gens = net.generators
    return (getattr(net, "fuel_price_mwh_th", None) is not None and "fuel_price_series" in gens
            and bool((gens["fuel_price_series"] != "").any()))
