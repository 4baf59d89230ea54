"""Index sets. Upper-case names; each variable's docstring states its index order."""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network) -> None:
    m.T = pyo.Set(initialize=range(net.n_snapshots), ordered=True, doc="Snapshots (position 0..T-1)")
    m.REGION = pyo.Set(initialize=list(net.regions.index), ordered=True, doc="Electricity regions")
    m.GEN = pyo.Set(initialize=list(net.generators.index), ordered=True, doc="Generators")
    m.STOR = pyo.Set(initialize=list(net.storage.index), ordered=True, doc="Storage units")
    m.HYDRO = pyo.Set(initialize=list(net.hydro.index), ordered=True, doc="Hydro reservoirs")
    m.LINK = pyo.Set(initialize=list(net.links.index), ordered=True, doc="Interconnectors")
