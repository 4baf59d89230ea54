"""Storage units of a data directory (``storage.csv``) → ``Network.storage`` and ``storage_inflow_mw``."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.data import Tables
from energymodel.network.timeaxis import Window, aggregate

STORAGE_COLUMNS = ["region", "technology", "power_mw", "charge_power_mw", "energy_mwh", "efficiency_charge",
                   "efficiency_discharge", "dispatch_cost_usd_per_mwh", "standing_loss_pu_per_h", "cyclic",
                   "initial_soc_pu", "min_soc_pu"]
"""Columns of ``Network.storage`` built from data (docs/data_format.md)."""

_TRUE, _FALSE = ("", "true", "yes", "1"), ("false", "no", "0")

STORAGE_DEFAULTS = {"charge_power_mw": np.nan, "dispatch_cost_usd_per_mwh": 0.0, "standing_loss_pu_per_h": 0.0,
                    "cyclic": True, "initial_soc_pu": 0.0, "min_soc_pu": 0.0}
"""The optional columns of ``storage.csv`` / ``Network.storage`` and their defaults, in one place
(charge_power_mw NaN: equal to power_mw; docs/data_format.md)."""


def storage_columns(st: pd.DataFrame) -> pd.DataFrame:
    """``st`` with every optional column present and its default filled in (for tables built from data and
    for Networks built directly, e.g. in tests)."""
    st = st.copy()
    for col, default in STORAGE_DEFAULTS.items():
        if col not in st:
            st[col] = default
        st[col] = st[col].fillna(default) if col != "cyclic" else st[col].fillna(True).astype(bool)
    st["charge_power_mw"] = st["charge_power_mw"].fillna(st["power_mw"])
    return st


def _cyclic(tables: Tables) -> pd.Series:
    text = tables["storage"]["cyclic"].str.lower()
    bad = ~text.isin(_TRUE + _FALSE)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"row {i + 2}: expected true or false (empty: true), found {text.iloc[i]!r}",
                         file=tables.directory / "storage.csv", key="cyclic")
    return ~text.isin(_FALSE)


def storage_table(tables: Tables, window: Window) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(storage units with every optional column filled, snapshots × units with an inflow [MW] or None).

    Inflow of a unit: ``power_mw × profiles/inflow_pu.csv[inflow_profile]`` (as for reservoirs)."""
    raw = tables["storage"].set_index("storage")
    st = raw.copy()
    st["cyclic"] = _cyclic(tables).to_numpy()
    st = storage_columns(st)[STORAGE_COLUMNS].astype({c: float for c in STORAGE_COLUMNS
                                     if c not in ("region", "technology", "cyclic")})
    has_inflow = raw["inflow_profile"] != ""
    if not has_inflow.any():
        return st, None
    names = list(raw.index[has_inflow])
    pu = tables.profiles["inflow"][list(raw.loc[names, "inflow_profile"])].to_numpy()
    inflow = pd.DataFrame(pu * raw.loc[names, "power_mw"].to_numpy()[None, :], columns=names)
    return st, aggregate(inflow, window)
