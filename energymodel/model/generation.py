"""Generation with availability.

    0 ≤ v_gen[g, t] ≤ capacity_mw[g] · availability_pu[g, t]          (a variable bound, not a row)

Injects ``v_gen`` into the balance of the generator's region; costs ``marginal_cost_usd_per_mwh[g]``
(fuel price × heat rate + VOM + carbon price × emission factor × heat rate) per MWh. A gas-fired unit
with a ``gas_node`` (gas network) also withdraws ``heat_rate · v_gen`` from that node's gas balance and
its marginal cost excludes fuel: the fuel is paid through the gas balance.
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_var
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    gens = net.generators
    ub = (net.availability_pu[gens.index].to_numpy().T * gens["capacity_mw"].to_numpy()[:, None])
    rows = add_var(m, "v_gen", m.GEN, ub, doc="Generator output v_gen[g, t] [MW]")
    for row, region, cost in zip(rows, gens["region"], gens["marginal_cost_usd_per_mwh"]):
        terms.inject(region, row)
        terms.add_cost(row, cost)
    if net.has_gas and "gas_node" in gens:
        for row, node, heat_rate in zip(rows, gens["gas_node"], gens["heat_rate_mwh_th_per_mwh"]):
            if node:
                terms.inject_gas(node, row, -float(heat_rate))
