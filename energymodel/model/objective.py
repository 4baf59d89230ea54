"""The objective, written once: the weighted sum of every registered cost term.

    min Σ_t weight_h[t] · ( Σ_g mc_g·v_gen + Σ_l wheel_l·(v_flow_fwd + v_flow_bwd) + VOLL·Σ_r v_shed )
        + Σ_l annuity_l · (Σ_t weight_h[t] / 8760) · v_cap_new[l]                                 [USD]
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, lin
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    weight = net.weight_h.tolist()
    coefs = [c * weight[t] for c, t in zip(terms.cost_coefs, terms.cost_snapshot)] + terms.fixed_cost_coefs
    m.objective = pyo.Objective(expr=lin(coefs, terms.cost_vars + terms.fixed_cost_vars), sense=pyo.minimize,
                                doc="Total operating cost over the modelled horizon [USD]")
