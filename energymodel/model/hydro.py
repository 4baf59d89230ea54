"""Hydro reservoirs with natural inflow, spill and a cyclic level.

    v_level[h, t] = v_level[h, t-1] + duration_h[t] · (inflow_mw[h, t] − v_hydro[h, t] − v_spill[h, t])
    v_level[h, -1] ≡ v_level[h, T-1]                                               (cyclic)
    0 ≤ v_hydro ≤ capacity_mw[h];   0 ≤ v_level ≤ energy_mwh[h];   v_spill ≥ 0

Over the horizon a reservoir can release no more energy than flowed in (the energy budget).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, add_var, lin
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    hy = net.hydro
    n_t = net.n_snapshots
    gen = add_var(m, "v_hydro", m.HYDRO, np.repeat(hy["capacity_mw"].to_numpy()[:, None], n_t, 1),
                  doc="Reservoir hydro output v_hydro[h, t] [MW]")
    spill = add_var(m, "v_spill", m.HYDRO, None, doc="Spilled inflow v_spill[h, t] [MW]")
    level = add_var(m, "v_level", m.HYDRO, np.repeat(hy["energy_mwh"].to_numpy()[:, None], n_t, 1),
                    doc="Reservoir level at the end of snapshot v_level[h, t] [MWh]")
    dur = net.duration_h.tolist()
    bodies = {}
    for h, p, sp, lv in zip(hy.index, gen, spill, level):
        terms.inject(hy.at[h, "region"], p, 1.0)
        inflow = net.inflow_mw[h].tolist()
        for t in range(n_t):
            energy_in = dur[t] * inflow[t]
            bodies[h, t] = (energy_in, lin([1.0, -1.0, dur[t], dur[t]], [lv[t], lv[t - 1], p[t], sp[t]]),
                            energy_in)
    add_constraints(m, "c_hydro_level", m.HYDRO, bodies, doc="Reservoir continuity c_hydro_level[h, t] [MWh]")
