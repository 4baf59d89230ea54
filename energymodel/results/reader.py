"""Read a results folder written by energymodel back into the tidy pandas tables a run produces.

The CSV files hold 6 significant digits (``write_results``), so numbers read back equal the run's to that
precision; names, snapshots (UTC) and the order of rows and columns are identical.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from energymodel.errors import InputError
from energymodel.results.extract import SNAPSHOT_FORMAT
from energymodel.results.folder import MARKER

SERIES = ("dispatch", "flows", "prices", "storage", "hydro", "shedding")
"""Tidy time series of every run (``<name>.csv``)."""
GAS_SERIES = ("gas_flows", "gas_prices", "gas_supply", "gas_balance")
"""Tidy gas time series (header-only files when the network has no gas)."""


_SNAPSHOT_DTYPE = pd.date_range("2023-01-01", periods=1, tz="UTC").dtype
"""The dtype of the model's snapshots (``build_network`` uses ``pd.date_range``)."""


@dataclass(frozen=True)
class ResultsFolder:
    """A written run, as tables. Time series are tidy (long) frames with a ``snapshot`` column of UTC
    timestamps (the dtype of ``pd.date_range(..., tz="UTC")``); names are text columns; numbers are ``float64``.

    dispatch: snapshot, region, technology, generator, mw · flows: snapshot, link, from_region, to_region,
    flow_fwd_mw, flow_bwd_mw, net_flow_mw · prices: snapshot, region, price_usd_per_mwh · storage: snapshot,
    storage, region, charge_mw, discharge_mw, soc_mwh · hydro: snapshot, hydro, region, generation_mw,
    spill_mw, inflow_mw, level_mwh · shedding: snapshot, region, shed_mw · link_values (index link):
    marginal_value_fwd_usd_per_mw, marginal_value_bwd_usd_per_mw [USD/MW over the horizon] · gas_flows,
    gas_prices, gas_supply, gas_balance: see ``GasResults`` (empty frames without gas) · summary:
    ``summary.json`` · metadata: ``metadata.json`` · scenario: the resolved scenario (dict) · inputs:
    ``inputs/*.csv`` by file stem (read when first asked for, as written).
    """

    path: Path
    dispatch: pd.DataFrame
    flows: pd.DataFrame
    prices: pd.DataFrame
    storage: pd.DataFrame
    hydro: pd.DataFrame
    shedding: pd.DataFrame
    link_values: pd.DataFrame
    gas_flows: pd.DataFrame
    gas_prices: pd.DataFrame
    gas_supply: pd.DataFrame
    gas_balance: pd.DataFrame
    summary: dict[str, Any]
    metadata: dict[str, Any]
    scenario: dict[str, Any]
    _inputs: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def price_matrix(self) -> pd.DataFrame:
        """snapshots × regions [USD/MWh]."""
        return self.prices.pivot(index="snapshot", columns="region", values="price_usd_per_mwh")

    def input(self, name: str) -> pd.DataFrame:
        """``inputs/<name>.csv`` (e.g. ``generators``, ``links``, ``demand_mw``) as written, first column as
        the index where the writer wrote one. Raises FileNotFoundError for an unknown name."""
        if name not in self._inputs:
            path = self.path / "inputs" / f"{name}.csv"
            if not path.exists():
                known = ", ".join(sorted(p.stem for p in (self.path / "inputs").glob("*.csv")))
                raise FileNotFoundError(f"{path}: no such input table (known: {known})")
            indexed = name not in ("snapshots", "settings")
            self._inputs[name] = pd.read_csv(path, index_col=0 if indexed else None)
        return self._inputs[name]


def read_series(path: Path) -> pd.DataFrame:
    """A tidy CSV: ``snapshot`` parsed as UTC, numbers as float64, text as pandas infers it (as a run's
    tables have it: ``object`` with pandas 2, ``str`` with pandas 3)."""
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for col in df.columns:
        if col == "snapshot":
            df[col] = pd.to_datetime(df[col], format=SNAPSHOT_FORMAT, utc=True).astype(_SNAPSHOT_DTYPE)
        elif pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]):
            df[col] = df[col].astype("float64")
    return df


def load_results(path: str | Path) -> ResultsFolder:
    """Read a results folder written by ``energymodel run`` (or :func:`energymodel.run` with ``out``).

    Raises :class:`~energymodel.errors.InputError` when ``path`` is not such a folder (no ``summary.json``
    or no ``.energymodel`` marker) or a file is missing.
    """
    path = Path(path)
    if not (path / "summary.json").exists() or not (path / MARKER).exists():
        raise InputError("not an energymodel results folder (expected summary.json and the .energymodel marker)",
                         file=path)
    tables = {}
    for name in SERIES + GAS_SERIES:
        file = path / f"{name}.csv"
        if not file.exists():
            raise InputError("results file missing", file=file)
        tables[name] = read_series(file)
    # local_time is a label for people (snapshot + the region's utc_offset_h); the tables keep UTC only
    tables["prices"] = tables["prices"].drop(columns=["local_time"], errors="ignore")
    link_values = pd.read_csv(path / "link_values.csv", index_col=0).astype("float64")
    scenario_file = path / "scenario.resolved.yaml"
    return ResultsFolder(
        path=path, link_values=link_values,
        summary=json.loads((path / "summary.json").read_text(encoding="utf-8")),
        metadata=json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        if (path / "metadata.json").exists() else {},
        scenario=yaml.safe_load(scenario_file.read_text(encoding="utf-8")) if scenario_file.exists() else {},
        **tables)
