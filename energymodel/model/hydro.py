"""Hydro reservoirs with natural inflow, spill and a start level (or a cyclic level).

    v_level[h, t] = v_level[h, t-1] + duration_h[t] · (inflow_mw[h, t] − v_hydro[h, t] − v_spill[h, t])
    v_level[h, -1] ≡ start_level_mwh[h]        and  v_level[h, T-1] ≥ end_level_mwh[h]     (c_hydro_end)
    (end_level_mwh = start_level_mwh unless hydro.csv gives end_level_pu: network/hydrology.end_levels)
    v_level[h, -1] ≡ v_level[h, T-1]           when start_level_mwh[h] is NaN               (cyclic)
    0 ≤ v_hydro ≤ capacity_mw[h];   level_floor_mwh[h, t] ≤ v_level ≤ energy_mwh[h];   v_spill ≥ 0

Either way a reservoir can release over the horizon no more energy than flowed in (no free water bank).
The dual of ``c_hydro_level[h, t]`` is minus the water value [USD/MWh] (results/extract.py).
"""
from __future__ import annotations

import math

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, add_var, lin
from energymodel.network.bounds import reservoir_start_end
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    hy = net.hydro
    n_t = net.n_snapshots
    gen = add_var(m, "v_hydro", m.HYDRO, np.repeat(hy["capacity_mw"].to_numpy()[:, None], n_t, 1),
                  doc="Reservoir hydro output v_hydro[h, t] [MW]")
    spill = add_var(m, "v_spill", m.HYDRO, None, doc="Spilled inflow v_spill[h, t] [MW]")
    level = add_var(m, "v_level", m.HYDRO, np.repeat(hy["energy_mwh"].to_numpy()[:, None], n_t, 1),
                    doc="Reservoir level at the end of snapshot v_level[h, t] [MWh]")
    for bounds, set_bound in ((net.level_floor_mwh, "setlb"), (net.level_cap_mwh, "setub")):
        if bounds is None or not len(hy):
            continue
        for h, lv in zip(hy.index, level):      # reported level path: bounds on v_level, not rows
            values = bounds[h].to_numpy(dtype=float)
            for t in np.flatnonzero(~np.isnan(values)):
                v = float(values[t])
                getattr(lv[t], set_bound)(min(v, float(hy.at[h, "energy_mwh"])) if set_bound == "setub" else v)
    dur = net.duration_h.tolist()
    bodies, ends = {}, {}
    for h, p, sp, lv, (start, end) in zip(hy.index, gen, spill, level, zip(*reservoir_start_end(hy))):
        terms.inject(hy.at[h, "region"], p, 1.0)
        inflow = net.inflow_mw[h].tolist()
        for t in range(n_t):
            energy_in = dur[t] * inflow[t]
            if t == 0 and not math.isnan(start):   # the level before the first snapshot is given
                rhs = energy_in + start
                bodies[h, t] = (rhs, lin([1.0, dur[t], dur[t]], [lv[t], p[t], sp[t]]), rhs)
            else:
                bodies[h, t] = (energy_in, lin([1.0, -1.0, dur[t], dur[t]], [lv[t], lv[t - 1], p[t], sp[t]]),
                                energy_in)
        if not math.isnan(start):
            ends[h] = (end, lin([1.0], [lv[n_t - 1]]), None)
    add_constraints(m, "c_hydro_level", m.HYDRO, bodies, doc="Reservoir continuity c_hydro_level[h, t] [MWh]")
    if ends:
        m.HYDRO_START = pyo.Set(initialize=list(ends), ordered=True, doc="Reservoirs with a start level")
        m.c_hydro_end = pyo.Constraint(m.HYDRO_START, rule=ends,
                                       doc="End level at least end_level_mwh c_hydro_end[h] [MWh]")
