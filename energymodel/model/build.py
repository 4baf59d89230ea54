"""Build the LP from a Network as a Pyomo model. The families run in the order of docs/formulation.md; each adds its
variables and constraints and registers its balance contributions and costs in :class:`Terms`."""
from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from energymodel.model import (balance, co2, gas, generation, hydro, limits, objective, powerflow, sets,
                               shedding, storage, transmission)
from energymodel.model.terms import Terms
from energymodel.network.network import Network

FAMILIES = (generation, hydro, storage, transmission, powerflow, shedding, gas, limits, co2)
"""Families that add variables and register contributions, in reading order."""


def build_model(net: Network) -> pyo.ConcreteModel:
    """The dispatch LP of ``net`` as a Pyomo ConcreteModel (reads nothing but the Network)."""
    with PauseGC():
        m = pyo.ConcreteModel(name=net.name)
        sets.add(m, net)
        terms = Terms(list(net.regions.index), net.n_snapshots)
        for family in FAMILIES:
            family.add(m, net, terms)
        balance.add(m, net, terms)
        objective.add(m, net, terms)
    return m
