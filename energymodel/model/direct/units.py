"""Matrix entries of the unit families: generation, hydro reservoirs, storage and shedding.

Each function declares its blocks in the order of the Pyomo family of the same name (``model/<family>.py``,
whose docstring gives the equations) and adds the same coefficients; the numbers that are bounds or costs
come from ``solver/vectors.py``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.errors import SolveError
from energymodel.model.direct.assembler import Assembler
from energymodel.network.bounds import reservoir_start_end
from energymodel.network.network import Network
from energymodel.network.storage import storage_columns


def positions(index: pd.Index, names, what: str) -> np.ndarray:
    """Positions of ``names`` in ``index``; raises :class:`SolveError` naming ``what`` if one is missing."""
    out = index.get_indexer(pd.Index(names))
    if (out < 0).any():
        missing = list(pd.Index(names)[out < 0])
        raise SolveError(f"{what} refers to unknown {missing[:3]}")
    return out


def previous(cols: np.ndarray) -> np.ndarray:
    """cols[:, t−1], and cols[:, T−1] at t = 0 (the cyclic predecessor)."""
    return np.roll(cols, 1, axis=1)


def generation(asm: Assembler, net: Network) -> np.ndarray:
    """``v_gen`` into its region's balance and, for a unit on the gas network, −heat rate × v_gen into its
    gas node's balance. Returns the v_gen columns (generators × T)."""
    gens = net.generators
    cols = asm.var("v_gen", len(gens))
    asm.inject("c_balance", positions(net.regions.index, gens["region"], "a generator's region"), cols)
    if net.has_gas and "gas_node" in gens:
        node = net.gas_nodes.index.get_indexer(pd.Index(gens["gas_node"]))
        on = node >= 0  # "" (not on the gas network)
        heat_rate = gens["heat_rate_mwh_th_per_mwh"].to_numpy(dtype=float)
        asm.inject("c_gas_balance", node[on], cols[on], -heat_rate[on])
    return cols


def hydro(asm: Assembler, net: Network) -> np.ndarray:
    """``c_hydro_level`` (and ``c_hydro_end`` where a start level is given); returns v_level's columns."""
    hy, n_t = net.hydro, net.n_snapshots
    out = asm.var("v_hydro", len(hy))
    spill = asm.var("v_spill", len(hy))
    level = asm.var("v_level", len(hy))
    asm.inject("c_balance", positions(net.regions.index, hy["region"], "a reservoir's region"), out)
    dur = np.asarray(net.duration_h, dtype=float)[None, :]
    rows = asm.con("c_hydro_level", len(hy))
    asm.add(rows, level, 1.0)
    start, _ = reservoir_start_end(hy)
    given = ~np.isnan(start)
    linked = np.ones(rows.shape, dtype=bool)
    linked[given, :1] = False               # the level before snapshot 0 is a constant (right-hand side)
    asm.add(rows[linked], previous(level)[linked], -1.0)
    asm.add(rows, out, dur)
    asm.add(rows, spill, dur)
    if given.any():
        ends = asm.con("c_hydro_end", int(given.sum()), per_t=False)
        asm.add(ends, level[given, n_t - 1], 1.0)
    return level


def storage(asm: Assembler, net: Network) -> None:
    """``c_storage_soc``: state-of-charge continuity with efficiencies, standing loss and natural inflow."""
    st = storage_columns(net.storage)
    charge = asm.var("v_charge", len(st))
    discharge = asm.var("v_discharge", len(st))
    soc = asm.var("v_soc", len(st))
    inflow = net.storage_inflow_mw
    with_inflow = [s for s in st.index if inflow is not None and s in inflow.columns]
    spill = asm.var("v_storage_spill", len(with_inflow))
    region = positions(net.regions.index, st["region"], "a storage unit's region")
    asm.inject("c_balance", region, discharge, 1.0)
    asm.inject("c_balance", region, charge, -1.0)
    dur_list = np.asarray(net.duration_h, dtype=float).tolist()
    dur = np.asarray(dur_list, dtype=float)[None, :]
    rows = asm.con("c_storage_soc", len(st))
    asm.add(rows, soc, 1.0)
    asm.add(rows, charge, -dur * st["efficiency_charge"].to_numpy(dtype=float)[:, None])
    asm.add(rows, discharge, dur / st["efficiency_discharge"].to_numpy(dtype=float)[:, None])
    # (1 − loss)^duration with Python's float power, as model/storage.py computes it
    keep = np.array([[(1.0 - float(loss)) ** h for h in dur_list] if loss else [1.0] * len(dur_list)
                     for loss in st["standing_loss_pu_per_h"]], dtype=float).reshape(len(st), len(dur_list))
    linked = np.ones(rows.shape, dtype=bool)
    linked[~st["cyclic"].to_numpy(dtype=bool), :1] = False  # a fixed start level is a constant
    asm.add(rows[linked], previous(soc)[linked], -keep[linked])
    if with_inflow:
        asm.add(rows[st.index.get_indexer(with_inflow)], spill, dur)


def shedding(asm: Assembler, net: Network) -> None:
    """``v_shed`` into each region's balance."""
    cols = asm.var("v_shed", len(net.regions))
    asm.inject("c_balance", np.arange(len(net.regions)), cols)
