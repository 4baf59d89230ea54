"""Storage units and stores of a PyPSA network → rows of ``storage.csv`` (vectorised; ``pypsa_import.py``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.inputs.pypsa_components import SOURCE_ID, Conversion, active, capacity, capacity_note
from energymodel.inputs.pypsa_read import value

COLUMNS = ["storage", "region", "technology", "power_mw", "charge_power_mw", "energy_mwh", "efficiency_charge",
           "efficiency_discharge", "dispatch_cost_usd_per_mwh", "standing_loss_pu_per_h", "inflow_profile", "cyclic",
           "initial_soc_pu", "min_soc_pu", "source_id"]
"""Columns of the ``storage.csv`` written by the import."""


def _flag(values: pd.Series) -> np.ndarray:
    return np.where(values.astype(bool), "true", "false")


def storage_units(conv: Conversion, region: pd.Series) -> pd.DataFrame:
    """StorageUnits: power p_nom · p_max_pu, charge rating p_nom · (−p_min_pu), energy p_nom · max_hours,
    inflow as a profile (per unit of power), cyclic or a start level."""
    su = active(conv, "storage_units")
    capacity_note(conv, su, "storage units", "p_nom")
    for attr in ("marginal_cost_storage", "spill_cost"):
        if (su[attr].astype(float) != 0).any():
            conv.note(f"Storage unit {attr} not carried (energymodel costs discharge only).")
    p_nom = capacity(su, "p_nom")
    power = p_nom * su["p_max_pu"].astype(float)
    energy = p_nom * su["max_hours"].astype(float)
    inflow = value(conv.src, "storage_units", "inflow")[su.index]
    name = conv.names("storage", su.index)
    has_inflow = (inflow != 0).any() & (power > 0)
    if has_inflow.any():
        conv.profiles["inflow"] = (inflow.loc[:, has_inflow] / power[has_inflow]).set_axis(
            name[has_inflow].to_numpy(), axis=1)
    return pd.DataFrame({
        "storage": name.to_numpy(), "region": region.reindex(su["bus"].astype(str)).to_numpy(),
        "technology": su["carrier"].astype(str).replace("", "storage_unit").to_numpy(), "power_mw": power.to_numpy(),
        "charge_power_mw": (p_nom * (-su["p_min_pu"].astype(float)).clip(lower=0.0)).to_numpy() + 0.0,
        "energy_mwh": energy.to_numpy(), "efficiency_charge": su["efficiency_store"].astype(float).to_numpy(),
        "efficiency_discharge": su["efficiency_dispatch"].astype(float).to_numpy(),
        "dispatch_cost_usd_per_mwh": su["marginal_cost"].astype(float).to_numpy(),
        "standing_loss_pu_per_h": su["standing_loss"].astype(float).to_numpy(),
        "inflow_profile": np.where(has_inflow, name.to_numpy(), ""), "cyclic": _flag(su["cyclic_state_of_charge"]),
        "initial_soc_pu": (su["state_of_charge_initial"].astype(float) / energy.where(energy > 0)).fillna(0.0).to_numpy(),
        "min_soc_pu": 0.0, "source_id": SOURCE_ID}, columns=COLUMNS)


def stores(conv: Conversion, region: pd.Series, min_duration_h: float) -> pd.DataFrame:
    """Stores: energy e_nom · e_max_pu, least level e_nom · e_min_pu (``min_soc_pu`` = e_min_pu / e_max_pu),
    efficiency 1 and a power bound that never binds (energy / the shortest snapshot)."""
    st = active(conv, "stores")
    capacity_note(conv, st, "stores", "e_nom")
    if (st["marginal_cost"].astype(float) != 0).any():
        conv.note("Store marginal_cost applied to discharge only (PyPSA charges it on the signed "
                  "withdrawal, so charging earns it back).")
    if (st["e_min_pu"].astype(float) < 0).any():
        conv.note("Store e_min_pu < 0 (a level below zero) raised to 0.")
    e_max = st["e_max_pu"].astype(float)
    energy = capacity(st, "e_nom") * e_max
    keep = energy > 0
    st, energy, e_max = st[keep], energy[keep], e_max[keep]
    power = energy / min_duration_h  # a store's power is unbounded: this bound never binds
    name = conv.names("store", st.index)
    return pd.DataFrame({
        "storage": name.to_numpy(), "region": region.reindex(st["bus"].astype(str)).to_numpy(),
        "technology": st["carrier"].astype(str).replace("", "store").to_numpy(), "power_mw": power.to_numpy(),
        "charge_power_mw": power.to_numpy(), "energy_mwh": energy.to_numpy(), "efficiency_charge": 1.0,
        "efficiency_discharge": 1.0, "dispatch_cost_usd_per_mwh": st["marginal_cost"].astype(float).clip(lower=0.0).to_numpy(),
        "standing_loss_pu_per_h": st["standing_loss"].astype(float).to_numpy(), "inflow_profile": "",
        "cyclic": _flag(st["e_cyclic"]), "initial_soc_pu": (st["e_initial"].astype(float) / energy).clip(upper=1.0).to_numpy(),
        "min_soc_pu": (st["e_min_pu"].astype(float).clip(lower=0.0) / e_max).clip(upper=1.0).to_numpy(),
        "source_id": SOURCE_ID}, columns=COLUMNS)
