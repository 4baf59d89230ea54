"""Matrix entries of the system-wide rows: annual generation limits, the CO2 cap and the balances.
Blocks in the order of ``model/limits.py``, ``model/co2.py`` and ``model/balance.py``."""
from __future__ import annotations

import numpy as np

from energymodel.model.direct.assembler import Assembler
from energymodel.model.direct.units import positions
from energymodel.network.bounds import cap_over_horizon
from energymodel.network.network import Network


def limits(asm: Assembler, net: Network, gen_cols: np.ndarray) -> None:
    """``c_gen_limit[k]``: Σ weight_h · coef · v_gen over the limit's generators (coef 1, or the heat rate
    for a ``fuel`` basis)."""
    lim = net.gen_limits
    if lim is None or not len(lim):
        return
    gens = net.generators
    weights = np.asarray(net.weight_h, dtype=float)
    rows = asm.con("c_gen_limit", len(lim), per_t=False)
    for row, (_, limit) in zip(rows, lim.iterrows()):
        members = positions(gens.index, list(limit["generators"]), f"generation limit {limit.name}")
        coef = gens["heat_rate_mwh_th_per_mwh"].to_numpy(dtype=float)[members] if limit["basis"] == "fuel" \
            else np.ones(len(members))
        asm.add(row, gen_cols[members], weights[None, :] * coef[:, None])


def co2(asm: Assembler, net: Network, gen_cols: np.ndarray) -> None:
    """``c_co2_cap``: Σ weight_h · emission_tco2_per_mwh · v_gen."""
    if cap_over_horizon(net) is None:
        return
    emission = net.generators["emission_tco2_per_mwh"].fillna(0.0).to_numpy(dtype=float)
    emitting = np.flatnonzero(emission)
    row = asm.con("c_co2_cap", 1, per_t=False)
    weights = np.asarray(net.weight_h, dtype=float)
    asm.add(row[0], gen_cols[emitting], weights[None, :] * emission[emitting, None])


def balances(asm: Assembler, net: Network) -> None:
    """``c_balance`` (regions × T) and, with a gas network, ``c_gas_balance`` (gas nodes × T)."""
    asm.place_balance("c_balance", asm.con("c_balance", len(net.regions)))
    if net.has_gas:
        asm.place_balance("c_gas_balance", asm.con("c_gas_balance", len(net.gas_nodes)))
