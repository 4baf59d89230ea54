"""A results folder as one xarray Dataset (and netCDF file), for users who work the PyPSA/xarray way.

Variables are named ``<table>__<column>`` (e.g. ``dispatch__mw``, ``prices__price_usd_per_mwh``,
``inputs_generators__capacity_mw``) with dimensions ``snapshot`` and the table's name column
(``generator``, ``region``, ``link``…); each carries ``units`` taken from its column name (see
:data:`UNITS`). Snapshots are UTC (stored without a time zone; ``snapshot`` has ``timezone: UTC``). The
summary and the resolved scenario are JSON strings in the attributes ``summary_json`` and
``scenario_json``. Needs the optional extra ``xarray`` (netCDF is written by scipy, netCDF3 format).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from energymodel.results.reader import GAS_SERIES, SERIES, ResultsFolder, load_results

UNITS = [("_usd_per_mwh_th", "USD/MWh_th"), ("_usd_per_mmbtu", "USD/MMBtu"), ("_usd_per_mwh", "USD/MWh"),
         ("_usd_per_mw_yr", "USD/MW-yr"), ("_usd_per_mw", "USD/MW"), ("_mwh_th_per_mwh", "MWh_th/MWh"),
         ("_tco2_per_mwh", "tCO2/MWh"), ("_usd", "USD"), ("_mw_th", "MW_th"), ("_mwh", "MWh"), ("_mw", "MW"),
         ("_twh", "TWh"), ("_pu", "1"), ("_h", "h"), ("mw", "MW"), ("efficiency", "1")]
"""Column-name suffix → unit (first match wins)."""
NAME_COLUMNS = {"dispatch": "generator", "flows": "link", "prices": "region", "storage": "storage",
                "hydro": "hydro", "shedding": "region", "gas_flows": "gas_link", "gas_prices": "node",
                "gas_supply": "supply", "gas_balance": "node"}
"""The column that names the element of each tidy table (its second dimension)."""
INPUTS = ("generators", "links", "storage", "hydro", "regions")


def unit_of(column: str) -> str | None:
    for suffix, unit in UNITS:
        if column.endswith(suffix):
            return unit
    return None


def _series_vars(name: str, df: pd.DataFrame) -> dict:
    import xarray as xr

    key = dim = NAME_COLUMNS[name]
    wide = df.assign(snapshot=df["snapshot"].dt.tz_convert(None)).set_index(["snapshot", key])
    out = {}
    for col in wide.columns:
        if not pd.api.types.is_float_dtype(wide[col]):
            continue  # labels (region of a generator…) are in the inputs
        arr = wide[col].unstack(key)
        da = xr.DataArray(arr.to_numpy(), dims=("snapshot", dim),
                          coords={"snapshot": arr.index.to_numpy(), dim: arr.columns.astype(str).to_numpy()})
        da.attrs["units"] = unit_of(col) or "1"
        da.attrs["long_name"] = f"{name}.csv: {col}"
        out[f"{name}__{col}"] = da
    return out


def _static_vars(name: str, df: pd.DataFrame) -> dict:
    import xarray as xr

    dim = f"{name}_index"
    out = {}
    for col in df.columns:
        if pd.api.types.is_bool_dtype(df[col]):
            values = df[col].astype("int8").to_numpy()
        elif pd.api.types.is_numeric_dtype(df[col]):
            values = df[col].astype("float64").to_numpy()
        else:
            values = df[col].fillna("").astype(str).to_numpy()
        da = xr.DataArray(values, dims=(dim,), coords={dim: df.index.astype(str).to_numpy()})
        da.attrs["units"] = unit_of(col) or "1"
        da.attrs["long_name"] = f"{name}: {col}"
        out[f"{name}__{col}"] = da
    return out


def to_xarray(folder: str | Path | ResultsFolder):
    """One ``xarray.Dataset`` of a results folder: every tidy time series, link values and the main input
    tables, with units as attributes. Raises ImportError without xarray, InputError for a folder that
    energymodel did not write."""
    import xarray as xr

    res = folder if isinstance(folder, ResultsFolder) else load_results(folder)
    variables = {}
    for name in SERIES + GAS_SERIES:
        df = getattr(res, name)
        if len(df):
            variables.update(_series_vars(name, df))
    variables.update(_static_vars("link_values", res.link_values))
    for name in INPUTS:
        try:
            variables.update(_static_vars(f"inputs_{name}", res.input(name)))
        except FileNotFoundError:
            continue
    ds = xr.Dataset(variables)
    ds["snapshot"].attrs["timezone"] = "UTC"
    ds.attrs.update({"title": f"energymodel results: {res.summary.get('scenario', '')}",
                     "source": "energymodel", "summary_json": json.dumps(res.summary),
                     "scenario_json": json.dumps(res.scenario, default=str)})
    return ds


def to_netcdf(folder: str | Path | ResultsFolder, path: str | Path) -> Path:
    """Write :func:`to_xarray` of ``folder`` to the netCDF file ``path``; returns the path."""
    ds = to_xarray(folder)
    path = Path(path)
    ds.to_netcdf(path, engine="scipy")
    return path
