"""The balances, each written once from the registered contributions.

Electricity, per region and snapshot:

    Σ_g v_gen + v_hydro + Σ_s (v_discharge − v_charge) + Σ_in η·v_flow − Σ_out v_flow + v_shed
        = demand_mw[r, t]                                                  ∀ r ∈ REGION, t ∈ T

Gas (only with a gas network), per gas node and snapshot:

    Σ_k ±v_gas_supply + Σ_in (1 − loss)·v_gas_flow − Σ_out v_gas_flow + v_gas_shed
        − Σ_{gas plants g at n} heat_rate_g · v_gen[g, t] ≥ nonpower_mw_th[n, t]   ∀ n ∈ GAS_NODE, t ∈ T

The gas row is an inequality (free disposal: gas may be left unused), so the gas price is never
negative: at a node where gas has no use in a snapshot (a plant off because power is cheaper than its
VOM) an equality row would let the dual fall below zero. Every supply costs more than 0 in the data,
so nothing is disposed at the optimum; ``gas_balance.csv`` reports any disposal.

Each dual divided by the snapshot weight is a price: electricity [USD/MWh], gas [USD/MWh_th]
(``results.py``).
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, lin
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    _balance(m, "c_balance", m.REGION, net.demand_mw, terms.balance_coefs, terms.balance_vars, equality=True,
             doc="Electricity balance c_balance[r, t] [MW]")
    if net.has_gas:  # free disposal (≥): gas may be left unused, so the gas price is never negative
        _balance(m, "c_gas_balance", m.GAS_NODE, net.gas_demand_mw_th, terms.gas_coefs, terms.gas_vars,
                 equality=False, doc="Gas balance c_gas_balance[n, t] [MW_th]")


def _balance(m, name, index, demand_df, coefs_by, vars_by, *, equality: bool, doc: str) -> None:
    """Σ registered contributions = (or ≥) demand, for each element of ``index`` and snapshot."""
    bodies = {}
    for key in index:
        demand = demand_df[key].tolist()
        coefs, variables = coefs_by[key], vars_by[key]
        for t in range(len(demand)):
            bodies[key, t] = (demand[t], lin(coefs[t], variables[t]), demand[t] if equality else None)
    add_constraints(m, name, index, bodies, doc=doc)
