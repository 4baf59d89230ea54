"""Storage (batteries and the like) with charge and discharge efficiency and a cyclic state of charge.

    v_soc[s, t] = v_soc[s, t-1] + duration_h[t] · (η_c[s] · v_charge[s, t] − v_discharge[s, t] / η_d[s])
    v_soc[s, -1] ≡ v_soc[s, T-1]                                                   (cyclic)
    0 ≤ v_charge, v_discharge ≤ power_mw[s];   0 ≤ v_soc ≤ energy_mwh[s]

Continuity uses snapshot *durations*; the objective and annual totals use *weights* (docs/formulation.md).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, add_var, lin
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    st = net.storage
    n_t = net.n_snapshots
    power = np.repeat(st["power_mw"].to_numpy()[:, None], n_t, 1)
    ch = add_var(m, "v_charge", m.STOR, power, doc="Storage charging v_charge[s, t] [MW]")
    dis = add_var(m, "v_discharge", m.STOR, power, doc="Storage discharging v_discharge[s, t] [MW]")
    soc = add_var(m, "v_soc", m.STOR, np.repeat(st["energy_mwh"].to_numpy()[:, None], n_t, 1),
                  doc="State of charge at the end of snapshot v_soc[s, t] [MWh]")
    dur = net.duration_h.tolist()
    bodies = {}
    for s, c, d, e, eta_c, eta_d in zip(st.index, ch, dis, soc, st["efficiency_charge"],
                                        st["efficiency_discharge"]):
        terms.inject(st.at[s, "region"], d, 1.0)
        terms.inject(st.at[s, "region"], c, -1.0)
        for t in range(n_t):
            bodies[s, t] = (0.0, lin([1.0, -1.0, -dur[t] * eta_c, dur[t] / eta_d],
                                     [e[t], e[t - 1], c[t], d[t]]), 0.0)
    add_constraints(m, "c_storage_soc", m.STOR, bodies,
                    doc="State-of-charge continuity c_storage_soc[s, t] [MWh]")
