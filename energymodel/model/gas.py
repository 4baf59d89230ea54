"""The gas network: supplies, exports, pipelines and LNG arcs feeding one gas balance per node.

    0 ≤ v_gas_supply[k, t] ≤ capacity_mw_th[k]       supply (domestic, pipeline import, LNG import), or
                                                     export (a sale: withdraws gas, earns its price)
    0 ≤ v_gas_flow[a, t] ≤ capacity_mw_th[a]         gas sent on arc a (pipeline, liquefaction, LNG route,
                                                     regasification); (1 − loss_pu[a]) of it arrives
    0 ≤ v_gas_shed[n, t] ≤ nonpower_mw_th[n, t]      unserved non-power gas demand, at VOLL per MWh_th

Registers, per node and snapshot, +v_gas_supply (−v_gas_supply for an export), −v_gas_flow at the sending
node, +(1 − loss)·v_gas_flow at the receiving node and +v_gas_shed; gas-fired generators register
−heat_rate·v_gen at their node (``generation.py``). ``balance.py`` writes the gas balance once:

    Σ contributions[n, t] ≥ nonpower_mw_th[n, t]          c_gas_balance[n, t] (free disposal: price ≥ 0)

whose dual ÷ weight_h is the gas price at the node [USD/MWh_th] (``results.py``). Costs: price of each
supply (minus the price of each export), cost of each arc per MWh_th sent, VOLL per MWh_th unserved.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_var
from energymodel.network.network import Network


def _repeat(values, n_t: int) -> np.ndarray:
    return np.repeat(np.asarray(values, dtype=float)[:, None], n_t, 1)


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    if not net.has_gas:
        return
    n_t = net.n_snapshots
    sup, links = net.gas_supply, net.gas_links
    m.GAS_NODE = pyo.Set(initialize=list(net.gas_nodes.index), ordered=True, doc="Gas nodes")
    m.GAS_SUPPLY = pyo.Set(initialize=list(sup.index), ordered=True, doc="Gas supplies and exports")
    m.GAS_LINK = pyo.Set(initialize=list(links.index), ordered=True, doc="Gas links (directed arcs)")
    for node in net.gas_nodes.index:
        terms.gas_node(node)

    rows = add_var(m, "v_gas_supply", m.GAS_SUPPLY, _repeat(sup["capacity_mw_th"], n_t),
                   doc="Gas supplied (or exported) v_gas_supply[k, t] [MW_th]")
    for row, node, kind, price in zip(rows, sup["node"], sup["kind"], sup["price_usd_per_mwh_th"]):
        sign = -1.0 if kind == "export" else 1.0
        terms.inject_gas(node, row, sign)
        if price:
            terms.add_cost(row, sign * price)

    flows = add_var(m, "v_gas_flow", m.GAS_LINK, _repeat(links["capacity_mw_th"], n_t),
                    doc="Gas sent on arc v_gas_flow[a, t] [MW_th]")
    for row, a, b, loss, cost in zip(flows, links["from_node"], links["to_node"], links["loss_pu"],
                                     links["cost_usd_per_mwh_th"]):
        terms.inject_gas(a, row, -1.0)
        terms.inject_gas(b, row, 1.0 - loss)
        if cost:
            terms.add_cost(row, cost)

    demand = net.gas_demand_mw_th[list(net.gas_nodes.index)]
    served = [n for n in demand.columns if (demand[n] > 0).any()]
    m.GAS_DEMAND_NODE = pyo.Set(initialize=served, ordered=True, doc="Gas nodes with non-power demand")
    shed = add_var(m, "v_gas_shed", m.GAS_DEMAND_NODE, demand[served].to_numpy().T,
                   doc="Unserved non-power gas demand v_gas_shed[n, t] [MW_th]")
    for row, node in zip(shed, served):
        terms.inject_gas(node, row, 1.0)
        terms.add_cost(row, net.voll_usd_per_mwh)
