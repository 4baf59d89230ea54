"""Linearised (DC) power flow on AC lines (``power_flow: dc``; ``Network.lines``).

    −capacity_mw[l] ≤ v_line_flow[l, t] ≤ capacity_mw[l]               (free sign: from_region → to_region > 0)
    x̂[l] · v_line_flow[l, t] − v_angle[a(l), t] + v_angle[b(l), t] = 0    c_kvl[l, t]
    v_angle[ref(k), t] = 0                                             one reference region per connected part k

with ``x̂[l] = reactance_pu[l] / mean(reactance_pu)`` (scaled for conditioning; flows depend only on the
ratios) and ``v_angle`` the voltage angle times the mean reactance [MW · p.u.], free in sign. Around every
loop of lines Σ ±x̂·flow = 0 (Kirchhoff's voltage law), so power divides over parallel paths in inverse
proportion to their reactance. Lines are lossless and free; they inject −flow at ``from_region`` and +flow
at ``to_region``. Interconnectors (``transmission.py``) stay transport links.
"""
from __future__ import annotations

import pyomo.environ as pyo

from energymodel.model.terms import Terms, add_constraints, lin
from energymodel.network.lines import reference_regions
from energymodel.network.network import Network


def add(m: pyo.ConcreteModel, net: Network, terms: Terms) -> None:
    lines = net.lines
    if lines is None or lines.empty:
        return
    n_t = net.n_snapshots
    buses = sorted(set(lines["from_region"]) | set(lines["to_region"]))
    m.LINE = pyo.Set(initialize=list(lines.index), ordered=True, doc="AC lines under DC power flow")
    m.LINE_REGION = pyo.Set(initialize=buses, ordered=True, doc="Regions joined by AC lines")
    cap = dict(zip(lines.index, lines["capacity_mw"].astype(float)))
    m.v_line_flow = pyo.Var(m.LINE, m.T, bounds=lambda _m, l, t: (-cap[l], cap[l]), domain=pyo.Reals,
                            doc="Flow on line v_line_flow[l, t], from_region → to_region positive [MW]")
    refs = reference_regions(lines)
    m.v_angle = pyo.Var(m.LINE_REGION, m.T, domain=pyo.Reals,
                        bounds=lambda _m, r, t: (0.0, 0.0) if r in refs else (None, None),
                        doc="Voltage angle × mean reactance v_angle[r, t] [MW·p.u.]; 0 at each reference region")
    x = lines["reactance_pu"].to_numpy(dtype=float)
    x_hat = x / x.mean()
    bodies = {}
    for l, a, b, xl in zip(lines.index, lines["from_region"], lines["to_region"], x_hat):
        flow = [m.v_line_flow[l, t] for t in range(n_t)]
        terms.inject(a, flow, -1.0)
        terms.inject(b, flow, 1.0)
        for t in range(n_t):
            bodies[l, t] = (0.0, lin([float(xl), -1.0, 1.0], [flow[t], m.v_angle[a, t], m.v_angle[b, t]]), 0.0)
    add_constraints(m, "c_kvl", m.LINE, bodies, doc="Kirchhoff's voltage law on each line c_kvl[l, t] [MW·p.u.]")

