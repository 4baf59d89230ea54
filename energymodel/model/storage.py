"""Storage (batteries, pumped hydro, stores) with charge and discharge efficiency, standing loss, natural
inflow and a cyclic or fixed-start state of charge.

    v_soc[s, t] = (1 − loss_s)^{duration_h[t]} · v_soc[s, t-1]
                  + duration_h[t] · (η_c[s] · v_charge[s, t] − v_discharge[s, t] / η_d[s]
                                      + inflow_mw[s, t] − v_storage_spill[s, t])
    v_soc[s, -1] ≡ v_soc[s, T-1]                          (cyclic, the default)
    v_soc[s, -1] ≡ initial_soc_pu[s] · energy_mwh[s]      (cyclic = false: a constant on the right-hand side,
                                                          without the standing loss of snapshot 0, as in PyPSA)
    0 ≤ v_charge ≤ charge_power_mw[s];   0 ≤ v_discharge ≤ power_mw[s]
    min_soc_pu[s] · energy_mwh[s] ≤ v_soc ≤ energy_mwh[s]           (min_soc_pu default 0; PyPSA's e_min_pu)
    v_storage_spill ≥ 0                                   (only for units with an inflow)

``loss_s`` is ``standing_loss_pu_per_h`` (fraction of the state of charge lost per hour); each MWh
discharged costs ``dispatch_cost_usd_per_mwh``. With the defaults (loss 0, cyclic, no inflow, no cost,
charge power = power_mw) the row is the plain cyclic balance. Continuity uses snapshot *durations*; the
objective and annual totals use *weights* (docs/formulation.md).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, add_var, lin
from energymodel.network.bounds import soc_floor
from energymodel.network.network import Network
from energymodel.network.storage import storage_columns

def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    st = storage_columns(net.storage)
    n_t = net.n_snapshots
    ch = add_var(m, "v_charge", m.STOR, np.repeat(st["charge_power_mw"].to_numpy()[:, None], n_t, 1),
                 doc="Storage charging v_charge[s, t] [MW]")
    dis = add_var(m, "v_discharge", m.STOR, np.repeat(st["power_mw"].to_numpy()[:, None], n_t, 1),
                  doc="Storage discharging v_discharge[s, t] [MW]")
    soc = add_var(m, "v_soc", m.STOR, np.repeat(st["energy_mwh"].to_numpy()[:, None], n_t, 1),
                  doc="State of charge at the end of snapshot v_soc[s, t] [MWh]", lb=soc_floor(st, n_t))
    inflow = net.storage_inflow_mw if net.storage_inflow_mw is not None else pd.DataFrame()
    with_inflow = [s for s in st.index if s in inflow.columns]
    m.STOR_INFLOW = pyo.Set(initialize=with_inflow, ordered=True, doc="Storage units with a natural inflow")
    spill = dict(zip(with_inflow, add_var(m, "v_storage_spill", m.STOR_INFLOW, None,
                                          doc="Spilled storage inflow v_storage_spill[s, t] [MW]")))
    dur = net.duration_h.tolist()
    bodies = {}
    for s, c, d, e in zip(st.index, ch, dis, soc):
        row = st.loc[s]
        terms.inject(row["region"], d, 1.0)
        terms.inject(row["region"], c, -1.0)
        if row["dispatch_cost_usd_per_mwh"]:
            terms.add_cost(d, float(row["dispatch_cost_usd_per_mwh"]))
        keep = [(1.0 - float(row["standing_loss_pu_per_h"])) ** h for h in dur]
        start = None if row["cyclic"] else float(row["initial_soc_pu"]) * float(row["energy_mwh"])
        flows = inflow[s].tolist() if s in spill else None
        for t in range(n_t):
            coefs = [1.0, -dur[t] * row["efficiency_charge"], dur[t] / row["efficiency_discharge"]]
            variables = [e[t], c[t], d[t]]
            rhs = 0.0
            if t == 0 and start is not None:
                rhs += start  # the start level enters without standing loss, as in PyPSA
            else:
                coefs.append(-keep[t])
                variables.append(e[t - 1])
            if flows is not None:
                rhs += dur[t] * flows[t]
                coefs.append(dur[t])
                variables.append(spill[s][t])
            bodies[s, t] = (rhs, lin(coefs, variables), rhs)
    add_constraints(m, "c_storage_soc", m.STOR, bodies,
                    doc="State-of-charge continuity c_storage_soc[s, t] [MWh]")
