"""Annual generation limits of groups of generators (``Network.gen_limits``; network/rules.py).

    Σ_{g ∈ generators[k]} Σ_t weight_h[t] · coef[g] · v_gen[g, t]  ≥ (min) or ≤ (max)  mwh_per_year[k] · Σ_t weight_h[t] / 8760

``coef[g]`` is 1 for an ``electric`` basis and ``heat_rate_mwh_th_per_mwh[g]`` for a ``fuel`` basis. The
bound is pro rata of the modelled share of the year. The dual of ``c_gen_limit[k]`` is the value of one
more MWh of the limit over the horizon (docs/formulation.md §4.9).
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.inputs.units import HOURS_PER_YEAR
from energymodel.model.terms import Terms, lin
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    limits = net.gen_limits
    if limits is None or not len(limits):
        return
    gens = net.generators
    weights = net.weight_h.tolist()
    share = float(net.weight_h.sum()) / HOURS_PER_YEAR
    var = m.v_gen
    bodies = {}
    for k, row in limits.iterrows():
        coefs, variables = [], []
        for g in row["generators"]:
            c = float(gens.at[g, "heat_rate_mwh_th_per_mwh"]) if row["basis"] == "fuel" else 1.0
            for t, w in enumerate(weights):
                coefs.append(w * c)
                variables.append(var[g, t])
        bound = float(row["mwh_per_year"]) * share
        bodies[k] = (bound, lin(coefs, variables), None) if row["bound"] == "min" else \
            (None, lin(coefs, variables), bound)
    m.GEN_LIMIT = pyo.Set(initialize=list(bodies), ordered=True, doc="Annual generation limits")
    m.c_gen_limit = pyo.Constraint(m.GEN_LIMIT, rule=bodies, doc="Annual generation limit c_gen_limit[k] [MWh]")
