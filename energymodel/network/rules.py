"""Operating rules as data: annual minimum (``must_run``, ``take_or_pay``) and maximum (``fuel_supply``)
generation or fuel use of a technology (or of several, ``ccgt;ocgt``) in a region, from
``generation_limits.csv``, each switchable in the scenario (``rules.must_run``, ``rules.take_or_pay``,
``rules.fuel_supply``).

A rule stands for something an economic dispatch does not see: a plant run under a policy or for grid
reasons (``must_run``, a ``min`` bound), fuel bought under a take-or-pay contract that is burnt whatever its
price rather than paid for unused, such as Chile's inflexible LNG or Panama's LNG for AES Colón
(``take_or_pay``, a ``min`` bound, usually on a ``fuel`` basis), or a fuel that was not there
(``fuel_supply``, a ``max`` bound). It is never expressed by changing a cost.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.inputs.units import HOURS_PER_YEAR
from energymodel.inputs.scenario import Scenario

RULES = {"must_run": "min", "take_or_pay": "min", "fuel_supply": "max"}
"""Rule → the bound it sets."""
BASES = ("electric", "fuel")
TECHNOLOGY_SEPARATOR = ";"
"""A limit over several technologies of a region names them joined by ``;`` (``ccgt;ocgt``: all of a
region's gas-fired units share one gas limit)."""


def technologies_of(technology: str) -> list[str]:
    """The technologies one ``generation_limits.csv`` row covers (``"ccgt;ocgt"`` → ``["ccgt", "ocgt"]``)."""
    return [t.strip() for t in str(technology).split(TECHNOLOGY_SEPARATOR)]

LIMIT_COLUMNS = ["region", "technology", "bound", "basis", "rule", "mwh_per_year", "generators"]
"""Columns of ``Network.gen_limits`` (index ``limit``)."""


def _check(tables: Tables, df: pd.DataFrame, gens: pd.DataFrame) -> None:
    path = tables.directory / "generation_limits.csv"
    for i, (rule, bound, basis, region, tech) in enumerate(zip(df["rule"], df["bound"], df["basis"],
                                                               df["region"], df["technology"])):
        if rule not in RULES:
            raise InputError(f"row {i + 2}: rule {rule!r}; expected one of {', '.join(RULES)}", file=path, key="rule")
        if bound != RULES[rule]:
            raise InputError(f"row {i + 2}: a {rule} rule sets a {RULES[rule]!r} bound, found {bound!r}",
                             file=path, key="bound")
        if basis not in BASES:
            raise InputError(f"row {i + 2}: basis {basis!r}; expected electric or fuel", file=path, key="basis")
        techs = technologies_of(tech)
        if "" in techs or len(set(techs)) != len(techs):
            raise InputError(f"row {i + 2}: technology {tech!r}; expected distinct names joined by "
                             f"{TECHNOLOGY_SEPARATOR!r}", file=path, key="technology")
        for t in techs:
            if not ((gens["region"] == region) & (gens["technology"] == t)).any():
                raise InputError(f"row {i + 2}: no {t} generator in region {region!r}", file=path, key="technology")


def generation_limits(tables: Tables, scenario: Scenario, gens: pd.DataFrame) -> pd.DataFrame:
    """The rules in force: index ``limit``; region, technology, bound (min|max), basis (electric|fuel),
    rule, mwh_per_year [MWh of electricity or MWh_th of fuel per year], generators (tuple of names).
    Empty when the data has no ``generation_limits.csv`` or the scenario switches the rules off."""
    if "generation_limits" not in tables.tables:
        return pd.DataFrame(columns=LIMIT_COLUMNS, index=pd.Index([], name="limit"))
    df = tables["generation_limits"]
    _check(tables, df, gens)
    on = {rule: getattr(scenario.rules, rule) for rule in RULES}   # RuleOptions has one switch per rule
    df = df[[on[r] for r in df["rule"]]]
    out = pd.DataFrame({
        "region": df["region"].to_numpy(), "technology": df["technology"].to_numpy(),
        "bound": df["bound"].to_numpy(), "basis": df["basis"].to_numpy(), "rule": df["rule"].to_numpy(),
        "mwh_per_year": df["annual_twh"].astype(float).to_numpy() * 1e6,
        "generators": [tuple(gens.index[(gens["region"] == r) & gens["technology"].isin(technologies_of(t))])
                       for r, t in zip(df["region"], df["technology"])],
    }, index=pd.Index(df["limit"].to_numpy(), name="limit"))
    return out


def check_minimums(net, path) -> None:
    """Raise InputError (``path``: generation_limits.csv, key: the limit) when an annual minimum in force
    (``must_run``, ``take_or_pay``) is more than its generators can give over the horizon at full
    availability: the LP would be infeasible, typically because a scenario cut the capacity the rule was
    measured on (``generators.MX.coal_mw: 100`` under Mexico's coal must-run). ``net``: a Network."""
    limits = net.gen_limits
    if limits is None or not len(limits):
        return
    gens = net.generators
    w = np.asarray(net.weight_h, dtype=float)
    share = float(w.sum()) / HOURS_PER_YEAR
    for k, row in limits[limits["bound"] == "min"].iterrows():
        names = list(row["generators"])
        cap = gens.loc[names, "capacity_mw"].to_numpy(dtype=float)
        avail = net.availability_pu[names].to_numpy(dtype=float)            # snapshots × generators
        coef = gens.loc[names, "heat_rate_mwh_th_per_mwh"].to_numpy(dtype=float) if row["basis"] == "fuel" \
            else np.ones(len(names))
        most = float((w[:, None] * avail * cap[None, :] * coef[None, :]).sum())
        need = float(row["mwh_per_year"]) * share
        if need > most * (1 + 1e-9) + 1e-6:
            unit = "TWh_th" if row["basis"] == "fuel" else "TWh"
            raise InputError(
                f"the {row['rule']} minimum {k!r} ({row['region']} {row['technology']}, "
                f"{row['mwh_per_year'] / 1e6:,.2f} {unit}/yr) cannot be met: its units can give at most "
                f"{most / share / 1e6:,.2f} {unit}/yr at full availability with the capacity in force "
                f"({cap.sum():,.0f} MW, after the scenario's `generators` changes); the LP would be "
                f"infeasible. Restore the capacity or switch the rule off (rules.{row['rule']}: false)",
                file=path, key=str(k))
