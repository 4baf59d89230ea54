"""The electricity balance, written once from the registered contributions.

    Σ_g v_gen + v_hydro + Σ_s (v_discharge − v_charge) + Σ_in η·v_flow − Σ_out v_flow + v_shed
        = demand_mw[r, t]                                                  ∀ r ∈ REGION, t ∈ T

Its dual divided by the snapshot weight is the price [USD/MWh] (``results.py``).
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, lin
from energymodel.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    bodies = {}
    for region in net.regions.index:
        demand = net.demand_mw[region].tolist()
        coefs, variables = terms.balance_coefs[region], terms.balance_vars[region]
        for t in range(net.n_snapshots):
            bodies[region, t] = (demand[t], lin(coefs[t], variables[t]), demand[t])
    add_constraints(m, "c_balance", m.REGION, bodies, doc="Electricity balance c_balance[r, t] [MW]")
