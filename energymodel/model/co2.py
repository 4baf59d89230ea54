"""An emissions cap on power generation (scenario key ``co2_cap_tco2_per_year``; PyPSA's
``GlobalConstraint`` of type ``primary_energy`` on ``co2_emissions``).

    Σ_g Σ_t weight_h[t] · emission_tco2_per_mwh[g] · v_gen[g, t]  ≤  co2_cap_tco2_per_year · Σ_t weight_h[t] / 8760

(``c_co2_cap``; the cap is pro rata of the modelled share of the year, like the annual generation limits).
``emission_tco2_per_mwh`` = emission factor × heat rate of each generator, so a unit absorbing energy
(``min_output_pu`` < 0) counts negatively, as in PyPSA. Non-power gas demand is not covered. The dual of
``c_co2_cap`` (negated) is the CO2 price the cap implies [USD/tCO2].
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, lin
from energymodel.network.bounds import cap_over_horizon
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    cap = cap_over_horizon(net)
    if cap is None:
        return
    coefs, variables = [], []
    weights = net.weight_h.tolist()
    for g, e in net.generators["emission_tco2_per_mwh"].fillna(0.0).items():
        if e:
            for t, w in enumerate(weights):
                coefs.append(w * float(e))
                variables.append(m.v_gen[g, t])
    m.c_co2_cap = pyo.Constraint(expr=pyo.inequality(None, lin(coefs, variables), cap),
                                 doc="Emissions of power generation over the horizon c_co2_cap [tCO2]")
