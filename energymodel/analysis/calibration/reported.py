"""The reported 2023 figures a calibration compares with: ``<data>/calibration/*.csv`` (data/README.md).

| file | columns used |
|---|---|
| ``generation_by_technology.csv`` | region, reported_technology, year, generation_twh, source_id |
| ``co2_power.csv`` | region, year, co2e_mt, source_id |
| ``monthly_prices.csv`` | market, region, year, month, price_usd_per_mwh, source_id |
| ``flows_by_direction.csv`` | link, year, direction (fwd, bwd, net_fwd, net_bwd), energy_twh, source_id |

A missing file is an InputError naming it; a file may have no data rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from energymodel.errors import InputError

FOLDER = "calibration"
"""Sub-folder of a data directory holding the reported figures."""

FILES = {
    "generation": ("generation_by_technology.csv", ["region", "reported_technology", "year", "generation_twh", "source_id"]),
    "co2": ("co2_power.csv", ["region", "year", "co2e_mt", "source_id"]),
    "prices": ("monthly_prices.csv", ["market", "region", "year", "month", "price_usd_per_mwh", "source_id"]),
    "flows": ("flows_by_direction.csv", ["link", "year", "direction", "energy_twh", "source_id"]),
}

TECHNOLOGY_GROUPS = {
    "hydro": ("hydro_ror", "hydro_reservoir"), "gas": ("ccgt", "ocgt"), "coal": ("coal",),
    "oil": ("oil", "oil_engine"), "solar": ("solar_pv", "csp"), "wind": ("wind",),
    "bioenergy": ("biomass",), "geothermal_other_renewable": ("geothermal",),
    "bioenergy_incl_geothermal": ("biomass", "geothermal"), "nuclear": ("nuclear",),
}
"""Reported technology (Ember's fuel classes) → the model technologies it covers. ``total_generation``
covers every technology."""


@dataclass(frozen=True)
class Reported:
    generation: pd.DataFrame
    co2: pd.DataFrame
    prices: pd.DataFrame
    flows: pd.DataFrame


def _read(directory: Path, name: str, columns: list[str]) -> pd.DataFrame:
    path = directory / name
    if not path.exists():
        raise InputError("reported-figures table not found (needed for calibration; data/README.md)", file=path)
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    missing = [c for c in columns if c not in df]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}", file=path)
    return df


def read_reported(data_dir: str | Path) -> Reported:
    """All four reported tables of ``<data_dir>/calibration/``."""
    directory = Path(data_dir) / FOLDER
    return Reported(**{key: _read(directory, name, cols) for key, (name, cols) in FILES.items()})
