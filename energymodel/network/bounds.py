"""Numbers of the LP computed from a Network without Pyomo: variable bounds and right-hand sides shared by
the model families (``energymodel/model``), the sweeps' warm vectors (``solver/vectors.py``), the PyPSA
export and the results (so a run's solving process and a sweep worker never import Pyomo for them)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.inputs.units import HOURS_PER_YEAR
from energymodel.network.network import Network
from energymodel.network.storage import storage_columns


def generator_bounds(net: Network) -> tuple[np.ndarray | None, np.ndarray]:
    """(lower or None when all are 0, upper) bounds of v_gen, generators × snapshots [MW]."""
    gens = net.generators
    avail = net.availability_pu[gens.index].to_numpy().T
    cap = gens["capacity_mw"].to_numpy(dtype=float)[:, None]
    ub = avail * cap
    floor = gens["min_output_pu"].to_numpy(dtype=float) if "min_output_pu" in gens else np.zeros(len(gens))
    if not floor.any():
        return None, ub
    return np.minimum(floor[:, None], avail) * cap, ub


def reservoir_start_end(hydro: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(start, least end) level of each reservoir [MWh], as ``c_hydro_level``/``c_hydro_end`` use them: a NaN
    start means cyclic (no end row); the end is ``end_level_mwh`` where given, else the start level."""
    if "start_level_mwh" not in hydro:
        nan = np.full(len(hydro), np.nan)
        return nan, nan.copy()
    start = hydro["start_level_mwh"].to_numpy(dtype=float)
    end = hydro["end_level_mwh"].to_numpy(dtype=float) if "end_level_mwh" in hydro else start.copy()
    end = np.where(np.isnan(start), np.nan, np.where(np.isnan(end), start, end))
    return start, end


def link_availability(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """(forward, backward), each links × snapshots: available fraction of each direction's capacity, the
    link's profile (``Network.link_availability_pu``, both directions) times its dated limit in that direction
    (``Network.link_limit_pu``, columns ``"<link> fwd"``/``"<link> bwd"``), 1 where neither is given [p.u.]."""
    links = net.links.index

    def columns(frame: pd.DataFrame | None, names) -> np.ndarray:
        if frame is None:
            return np.ones((len(links), net.n_snapshots))
        return frame.reindex(columns=names, fill_value=1.0).to_numpy(dtype=float).T

    both = columns(net.link_availability_pu, links)
    return tuple(both * columns(net.link_limit_pu, [f"{l} {side}" for l in links]) for side in ("fwd", "bwd"))


def soc_floor(st: pd.DataFrame, n_t: int) -> np.ndarray | None:
    """units × snapshots: least state of charge ``min_soc_pu · energy_mwh`` [MWh]; None when all are 0."""
    floor = st["min_soc_pu"].to_numpy(dtype=float) * st["energy_mwh"].to_numpy(dtype=float)
    return np.repeat(floor[:, None], n_t, 1) if floor.any() else None


def soc_rhs(net: Network) -> np.ndarray:
    """units × snapshots: right-hand side of ``c_storage_soc`` (the start level in snapshot 0 of a
    non-cyclic unit, plus duration × inflow) [MWh]."""
    st = storage_columns(net.storage)
    rhs = np.zeros((len(st), net.n_snapshots))
    start = np.where(st["cyclic"].to_numpy(dtype=bool), 0.0,
                     st["initial_soc_pu"].to_numpy(dtype=float) * st["energy_mwh"].to_numpy(dtype=float))
    if net.n_snapshots:
        rhs[:, 0] = start
    inflow = net.storage_inflow_mw
    if inflow is not None:
        for i, s in enumerate(st.index):
            if s in inflow.columns:
                rhs[i] += net.duration_h * inflow[s].to_numpy(dtype=float)
    return rhs


def cap_over_horizon(net: Network) -> float | None:
    """The cap for the modelled horizon [tCO2], or None when the scenario has none."""
    if net.co2_cap_tco2_per_year is None:
        return None
    return float(net.co2_cap_tco2_per_year) * float(net.weight_h.sum()) / HOURS_PER_YEAR
