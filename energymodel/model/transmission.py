"""Interconnectors as two non-negative arcs each (transport model).

    0 ≤ v_flow_fwd[l, t] ≤ capacity_fwd_mw[l]       from_region → to_region
    0 ≤ v_flow_bwd[l, t] ≤ capacity_bwd_mw[l]       to_region → from_region

The sending region loses the full flow, the receiving one gets ``efficiency[l]`` of it. Each arc costs
``wheeling_usd_per_mwh[l]`` per MWh sent. Why two arcs: a single signed flow with efficiency < 1
would *create* energy when it runs backwards (DESIGN §3).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_var
from energymodel.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    links = net.links
    n_t = net.n_snapshots
    fwd = add_var(m, "v_flow_fwd", m.LINK, np.repeat(links["capacity_fwd_mw"].to_numpy()[:, None], n_t, 1),
                  doc="Flow from_region → to_region v_flow_fwd[l, t], as sent [MW]")
    bwd = add_var(m, "v_flow_bwd", m.LINK, np.repeat(links["capacity_bwd_mw"].to_numpy()[:, None], n_t, 1),
                  doc="Flow to_region → from_region v_flow_bwd[l, t], as sent [MW]")
    for f, b, a, z, eff, wheel in zip(fwd, bwd, links["from_region"], links["to_region"],
                                      links["efficiency"], links["wheeling_usd_per_mwh"]):
        terms.inject(a, f, -1.0)
        terms.inject(z, f, eff)
        terms.inject(z, b, -1.0)
        terms.inject(a, b, eff)
        if wheel:
            terms.add_cost(f, wheel)
            terms.add_cost(b, wheel)
