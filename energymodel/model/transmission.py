"""Interconnectors as two non-negative arcs each (transport model).

    0 ≤ v_flow_fwd[l, t] ≤ capacity_fwd_mw[l] · a[l, t] · a_fwd[l, t]      from_region → to_region
    0 ≤ v_flow_bwd[l, t] ≤ capacity_bwd_mw[l] · a[l, t] · a_bwd[l, t]      to_region → from_region

``a[l, t]`` is the link's availability profile (``interconnectors.csv:profile``), ``a_fwd``/``a_bwd`` its
dated limit in one direction (``link_limits.csv``, ``network/linklimits.py``); 1 where none is given.

The sending region loses the full flow, the receiving one gets ``efficiency[l]`` of it. Each arc costs
``wheeling_usd_per_mwh[l]`` per MWh sent. Why two arcs: a single signed flow with efficiency < 1
would *create* energy when it runs backwards (docs/formulation.md).

Expandable links (planning): the LP chooses added capacity, the same in both directions,

    0 ≤ v_cap_new[l] ≤ max_new_mw[l]
    v_flow_fwd[l, t] − v_cap_new[l] ≤ capacity_fwd_mw[l]      (c_link_expand_fwd[l, t]; no bound on v_flow_fwd)
    v_flow_bwd[l, t] − v_cap_new[l] ≤ capacity_bwd_mw[l]      (c_link_expand_bwd[l, t]; no bound on v_flow_bwd)

at ``annuity_usd_per_mw_yr[l]`` per MW and year, charged for the modelled share of the year
(Σ weight_h / 8760) so that annual totals scale consistently.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, add_var, lin
from energymodel.network.bounds import link_availability
from energymodel.network.network import Network
from energymodel.inputs.units import HOURS_PER_YEAR


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    links = net.links
    expandable = links["expandable"].astype(bool).to_numpy()
    # an expandable arc has no bound of its own: its expansion row alone limits it, so the row's dual is
    # the whole value of capacity (a bound at existing + max would tie with the row when the build is at max)
    extra = np.where(expandable, np.inf, 0.0)
    avail_fwd, avail_bwd = link_availability(net)
    fwd = add_var(m, "v_flow_fwd", m.LINK, (links["capacity_fwd_mw"].to_numpy() + extra)[:, None] * avail_fwd,
                  doc="Flow from_region → to_region v_flow_fwd[l, t], as sent [MW]")
    bwd = add_var(m, "v_flow_bwd", m.LINK, (links["capacity_bwd_mw"].to_numpy() + extra)[:, None] * avail_bwd,
                  doc="Flow to_region → from_region v_flow_bwd[l, t], as sent [MW]")
    if expandable.any():
        _expansion(m, net, fwd, bwd, terms)
    for f, b, a, z, eff, wheel in zip(fwd, bwd, links["from_region"], links["to_region"],
                                      links["efficiency"], links["wheeling_usd_per_mwh"]):
        terms.inject(a, f, -1.0)
        terms.inject(z, f, eff)
        terms.inject(z, b, -1.0)
        terms.inject(a, b, eff)
        if wheel:
            terms.add_cost(f, wheel)
            terms.add_cost(b, wheel)


def _expansion(m: pyo.ConcreteModel, net: Network, fwd: list, bwd: list, terms: Terms) -> None:
    links = net.links
    names = list(links.index[links["expandable"].astype(bool)])
    m.LINK_EXPANDABLE = pyo.Set(initialize=names, ordered=True, doc="Links whose capacity the LP may add to")
    m.v_cap_new = pyo.Var(m.LINK_EXPANDABLE, bounds=lambda m, l: (0.0, float(links.at[l, "max_new_mw"])),
                          doc="Capacity added to link v_cap_new[l], each direction [MW]")
    share_of_year = float(net.weight_h.sum()) / HOURS_PER_YEAR
    position = {l: i for i, l in enumerate(links.index)}
    bodies = {"fwd": {}, "bwd": {}}
    for l in names:
        i, cap_var = position[l], m.v_cap_new[l]
        terms.add_fixed_cost(cap_var, float(links.at[l, "annuity_usd_per_mw_yr"]) * share_of_year)
        for direction, rows, col in (("fwd", fwd, "capacity_fwd_mw"), ("bwd", bwd, "capacity_bwd_mw")):
            cap = float(links.at[l, col])
            for t in range(net.n_snapshots):
                bodies[direction][l, t] = (None, lin([1.0, -1.0], [rows[i][t], cap_var]), cap)
    add_constraints(m, "c_link_expand_fwd", m.LINK_EXPANDABLE, bodies["fwd"],
                    doc="Forward flow within existing plus added capacity c_link_expand_fwd[l, t] [MW]")
    add_constraints(m, "c_link_expand_bwd", m.LINK_EXPANDABLE, bodies["bwd"],
                    doc="Backward flow within existing plus added capacity c_link_expand_bwd[l, t] [MW]")
