"""Matrix entries of the network families: interconnectors (and their expansion), AC lines under DC
power flow, and the gas network. Blocks in the order of ``model/transmission.py``, ``model/powerflow.py``
and ``model/gas.py`` (whose docstrings give the equations)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.model.direct.assembler import Assembler
from energymodel.model.direct.units import positions
from energymodel.network.lines import reference_regions
from energymodel.network.network import Network


def transmission(asm: Assembler, net: Network) -> None:
    """Two arcs per interconnector; ``c_link_expand_fwd``/``_bwd`` for expandable links."""
    links = net.links
    fwd = asm.var("v_flow_fwd", len(links))
    bwd = asm.var("v_flow_bwd", len(links))
    expandable = np.flatnonzero(links["expandable"].astype(bool).to_numpy())
    if len(expandable):
        added = asm.var("v_cap_new", len(expandable), per_t=False)[:, None]
        for name, arcs in (("c_link_expand_fwd", fwd), ("c_link_expand_bwd", bwd)):
            rows = asm.con(name, len(expandable))
            asm.add(rows, arcs[expandable], 1.0)
            asm.add(rows, added, -1.0)
    a = positions(net.regions.index, links["from_region"], "an interconnector's from_region")
    z = positions(net.regions.index, links["to_region"], "an interconnector's to_region")
    eff = links["efficiency"].to_numpy(dtype=float)
    asm.inject("c_balance", a, fwd, -1.0)
    asm.inject("c_balance", z, fwd, eff)
    asm.inject("c_balance", z, bwd, -1.0)
    asm.inject("c_balance", a, bwd, eff)


def powerflow(asm: Assembler, net: Network) -> tuple[np.ndarray, np.ndarray] | None:
    """``c_kvl`` on AC lines; returns (v_angle columns, True where the region is a reference), or None
    without lines."""
    lines = net.lines
    if lines is None or lines.empty:
        return None
    buses = pd.Index(sorted(set(lines["from_region"]) | set(lines["to_region"])))
    flow = asm.var("v_line_flow", len(lines))
    angle = asm.var("v_angle", len(buses))
    a = positions(net.regions.index, lines["from_region"], "a line's from_region")
    b = positions(net.regions.index, lines["to_region"], "a line's to_region")
    asm.inject("c_balance", a, flow, -1.0)
    asm.inject("c_balance", b, flow, 1.0)
    x = lines["reactance_pu"].to_numpy(dtype=float)
    rows = asm.con("c_kvl", len(lines))
    asm.add(rows, flow, (x / x.mean())[:, None])
    asm.add(rows, angle[buses.get_indexer(lines["from_region"])], -1.0)
    asm.add(rows, angle[buses.get_indexer(lines["to_region"])], 1.0)
    refs = reference_regions(lines)
    return angle, np.array([r in refs for r in buses], dtype=bool)


def gas(asm: Assembler, net: Network) -> None:
    """Supplies, exports, arcs and non-power shedding into the gas balances."""
    if not net.has_gas:
        return
    nodes = net.gas_nodes.index
    sup, links = net.gas_supply, net.gas_links
    supply = asm.var("v_gas_supply", len(sup))
    sign = np.where(sup["kind"].to_numpy() == "export", -1.0, 1.0)
    asm.inject("c_gas_balance", positions(nodes, sup["node"], "a gas supply's node"), supply, sign)
    flow = asm.var("v_gas_flow", len(links))
    asm.inject("c_gas_balance", positions(nodes, links["from_node"], "a gas link's from_node"), flow, -1.0)
    asm.inject("c_gas_balance", positions(nodes, links["to_node"], "a gas link's to_node"), flow,
               1.0 - links["loss_pu"].to_numpy(dtype=float))
    demand = net.gas_demand_mw_th[list(nodes)]
    served = [n for n in demand.columns if (demand[n] > 0).any()]
    shed = asm.var("v_gas_shed", len(served))
    asm.inject("c_gas_balance", nodes.get_indexer(served), shed, 1.0)
