"""Calibration of a base-year run against reported figures: generation by technology, power-sector CO2,
monthly prices and cross-border flows by direction (checks.py, with the tolerances), from the tables of
``<data>/calibration/`` (reported.py); printed tables, ``calibration.md`` and price plots (report.py).

    table, monthly = compare(results, read_reported(data_dir))
    print(format_all(table))
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from energymodel.analysis.calibration import checks
from energymodel.analysis.calibration.checks import COLUMNS
from energymodel.analysis.calibration.report import format_all, format_check, write
from energymodel.analysis.calibration.reported import Reported, read_reported

__all__ = ["COLUMNS", "Reported", "compare", "format_all", "format_check", "read_reported", "run", "write",
           "outside"]


def compare(results, reported: Reported) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every check (one frame, :data:`COLUMNS`) and the monthly price table of the reported markets."""
    price_rows, monthly = checks.prices(results, reported)
    parts = [checks.generation(results, reported), checks.co2(results, reported), price_rows,
             checks.flows(results, reported)]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    table["ok"] = table["ok"].astype(bool)
    return table, monthly


def outside(table: pd.DataFrame) -> list[str]:
    """Regions and links with at least one check outside its tolerance."""
    return sorted(set(table.loc[~table["ok"], "region"]))


def run(scenario_path: str | Path, hours: int | None = None, out: str | Path | None = None, overrides=()):
    """Solve ``scenario_path`` (full year unless ``hours``; ``overrides``: (key path, value) pairs as from
    ``--set``), compare it with its data directory's reported figures and, with ``out``, write the report there. Returns (table, monthly prices of the model)."""
    from energymodel import build_network, extract_results, load_scenario
    from energymodel.pipeline import step
    from energymodel.solver.highs import compile_network, solve_lp

    timings: dict[str, float] = {}
    with step("load scenario and data", timings):
        scenario = load_scenario(scenario_path, hours=hours, overrides=overrides)
        reported = read_reported(scenario.data)
        network = build_network(scenario)
    with step("build model", timings):
        lp, _ = compile_network(network, builder=scenario.solver.builder)
    with step("solve", timings):
        solution = solve_lp(lp, scenario.solver)
    results = extract_results(network, solution)
    table, monthly = compare(results, reported)
    model_prices = checks.monthly_prices(results)
    if out is not None:  # atomically, and never into a folder energymodel did not write
        from energymodel.results.folder import write_folder
        write_folder(out, lambda tmp: write(table, model_prices, monthly, tmp, scenario.name))
    return table, model_prices
