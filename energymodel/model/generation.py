"""Generation with availability.

    lb[g, t] ≤ v_gen[g, t] ≤ capacity_mw[g] · availability_pu[g, t]      (variable bounds, not rows)
    lb[g, t] = capacity_mw[g] · min(min_output_pu[g], availability_pu[g, t])

``min_output_pu`` (default 0) is a must-run floor when positive (never above what is available, so a unit
on outage is not forced to run) and lets a unit absorb when negative (a sink earning its cost per MWh,
PyPSA's ``p_min_pu < 0``: free disposal at cost 0, an export at a price).

Injects ``v_gen`` into the balance of the generator's region; costs ``c_gen[g, t]`` per MWh: its
``marginal_cost_usd_per_mwh[g]`` (fuel price × heat rate + VOM + carbon price × emission factor × heat rate),
with the month's fuel price where the unit has a ``fuel_price_series`` (``network/fuelprices.py``). A gas-fired unit
with a ``gas_node`` (gas network) also withdraws ``heat_rate · v_gen`` from that node's gas balance and
its marginal cost excludes fuel: the fuel is paid through the gas balance.
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_var
from energymodel.network.bounds import generator_bounds
from energymodel.network.fuelprices import generator_costs
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    gens = net.generators
    lb, ub = generator_bounds(net)
    rows = add_var(m, "v_gen", m.GEN, ub, doc="Generator output v_gen[g, t] [MW]", lb=lb)
    costs = generator_costs(net)
    for row, region, cost in zip(rows, gens["region"], costs):
        terms.inject(region, row)
        terms.add_cost(row, cost)
    if net.has_gas and "gas_node" in gens:
        for row, node, heat_rate in zip(rows, gens["gas_node"], gens["heat_rate_mwh_th_per_mwh"]):
            if node:
                terms.inject_gas(node, row, -float(heat_rate))
