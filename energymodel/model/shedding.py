"""Unserved energy at the value of lost load.

    0 ≤ v_shed[r, t] ≤ demand_mw[r, t]

Keeps every scenario feasible, visibly: shedding is reported per region and snapshot, costed at
``voll_usd_per_mwh``.
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_var
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    ub = net.demand_mw[list(net.regions.index)].to_numpy().T
    rows = add_var(m, "v_shed", m.REGION, ub, doc="Unserved demand v_shed[r, t] [MW]")
    for row, region in zip(rows, net.regions.index):
        terms.inject(region, row)
        terms.add_cost(row, net.voll_usd_per_mwh)
