"""Property-based tests (hypothesis): random small networks (2–5 regions, a few hours, random generators,
lossy links, storage, reservoirs, an optional gas network) and random mutations of a valid scenario
file, checked against what must always hold.

The default run is bounded and derandomised (a fixed set of examples, for CI); the same properties run
with many more random examples under ``python -m pytest -m slow`` (the ``_long`` twins)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import strategies as st

from energymodel.analysis.integration import isolate, value_of_integration
from networks import solve_network
from strategies import both, networks

def tol(net) -> float:
    """Absolute tolerance [MW] for re-derived balances: HiGHS's feasibility tolerance times the scale."""
    return 1e-6 * max(1.0, float(net.demand_mw.to_numpy().max()), float(net.generators["capacity_mw"].max()))


# ---- balances re-derived from the results; no energy created on any arc ----------------------------------


def electricity_residual(res) -> np.ndarray:
    """Σ generation + Σ (discharge − charge) + Σ received − Σ sent + shed − demand, regions × snapshots."""
    net = res.network
    regions = list(net.regions.index)
    out = -net.demand_mw[regions].to_numpy().T.copy()
    pos = {r: i for i, r in enumerate(regions)}
    t_of = pd.Series(range(net.n_snapshots), index=net.snapshots)

    def add(region, snapshot, values):
        np.add.at(out, (region.map(pos).to_numpy(), snapshot.map(t_of).to_numpy()), values.to_numpy())

    add(res.dispatch["region"], res.dispatch["snapshot"], res.dispatch["mw"])
    add(res.storage["region"], res.storage["snapshot"], res.storage["discharge_mw"] - res.storage["charge_mw"])
    eta = res.flows["link"].map(net.links["efficiency"])
    f, b = res.flows["flow_fwd_mw"], res.flows["flow_bwd_mw"]
    add(res.flows["to_region"], res.flows["snapshot"], eta * f - b)
    add(res.flows["from_region"], res.flows["snapshot"], eta * b - f)
    add(res.shedding["region"], res.shedding["snapshot"], res.shedding["shed_mw"])
    return out


@both(networks())
def check_balances_and_no_energy_created(net):
    res = solve_network(net)
    eps = tol(net)
    np.testing.assert_allclose(electricity_residual(res), 0.0, atol=eps)
    links = net.links
    fl = res.flows
    for direction in ("fwd", "bwd"):  # within capacity, never negative
        cap = fl["link"].map(links[f"capacity_{direction}_mw"])
        assert (fl[f"flow_{direction}_mw"] >= -eps).all() and (fl[f"flow_{direction}_mw"] <= cap + eps).all()
    # energy is only lost: on links (1 − η per MWh sent), in storage (cyclic: out = η_c η_d · in) and reservoirs
    sent = (fl["flow_fwd_mw"] + fl["flow_bwd_mw"]).to_numpy()
    lost = ((1 - fl["link"].map(links["efficiency"])) * (fl["flow_fwd_mw"] + fl["flow_bwd_mw"])).sum()
    assert lost >= -eps and lost <= sent.sum() + eps
    for name, s in res.storage.groupby("storage"):
        row = net.storage.loc[name]
        assert s["discharge_mw"].sum() <= row.efficiency_charge * row.efficiency_discharge * s["charge_mw"].sum() + eps
    for name, h in res.hydro.groupby("hydro"):
        assert (h["generation_mw"] + h["spill_mw"]).sum() == pytest.approx(h["inflow_mw"].sum(), abs=eps * len(h))
    if res.gas is not None:
        bal = res.gas.balance
        resid = (bal["supply_mw_th"] + bal["inflow_mw_th"] + bal["unserved_mw_th"] - bal["export_mw_th"]
                 - bal["outflow_mw_th"] - bal["power_mw_th"] - bal["disposed_mw_th"] - bal["nonpower_mw_th"])
        np.testing.assert_allclose(resid, 0.0, atol=eps * 10)
        gf = res.gas.flows
        assert (gf["received_mw_th"] <= gf["flow_mw_th"] + eps).all()  # no gas created on an arc
        burn = res.dispatch.merge(net.generators[["gas_node", "heat_rate_mwh_th_per_mwh"]], left_on="generator",
                                  right_index=True)
        burn = (burn["mw"] * burn["heat_rate_mwh_th_per_mwh"]).groupby([burn["snapshot"], burn["gas_node"]]).sum()
        power = bal.set_index(["snapshot", "node"])["power_mw_th"]
        np.testing.assert_allclose(power.to_numpy(), burn.reindex(power.index).fillna(0.0).to_numpy(), atol=eps * 10)


test_balances_and_no_energy_created, test_balances_and_no_energy_created_long = check_balances_and_no_energy_created


# ---- welfare identity ------------------------------------------------------------------------------------


@both(networks())
def check_welfare_identity(net):
    res, cf = solve_network(net), solve_network(isolate(net))
    block = value_of_integration(res, cf, "isolated")
    by_region = sum(r["value_usd"] for r in block["by_country"].values())
    scale = max(1.0, abs(res.annual_cost_usd), abs(cf.annual_cost_usd))
    assert by_region == pytest.approx(block["value_usd"], abs=1e-6 * scale)
    assert block["value_usd"] >= -1e-7 * scale  # links can only help


test_welfare_identity, test_welfare_identity_long = check_welfare_identity


# ---- monotone in link capacity ---------------------------------------------------------------------------


@both(st.tuples(networks(), st.floats(1.0, 5.0), st.data()))
def check_cost_never_rises_with_link_capacity(args):
    net, factor, data = args
    link = data.draw(st.sampled_from(list(net.links.index)))
    direction = data.draw(st.sampled_from(["capacity_fwd_mw", "capacity_bwd_mw"]))
    links = net.links.copy()
    links.loc[link, direction] = links.loc[link, direction] * factor + data.draw(st.floats(0, 50))
    before, after = solve_network(net), solve_network(net.replace(links=links))
    assert after.objective_usd <= before.objective_usd + 1e-7 * max(1.0, abs(before.objective_usd))


test_cost_never_rises_with_link_capacity, test_cost_never_rises_with_link_capacity_long = \
    check_cost_never_rises_with_link_capacity


# ---- scaling every cost -----------------------------------------------------------------------------------


def scale_costs(net, k: float):
    gens = net.generators.copy()
    for col in ("marginal_cost_usd_per_mwh", "vom_usd_per_mwh"):
        gens[col] = gens[col] * k
    links = net.links.assign(wheeling_usd_per_mwh=net.links["wheeling_usd_per_mwh"] * k,
                             annuity_usd_per_mw_yr=net.links["annuity_usd_per_mw_yr"] * k)
    changes = dict(generators=gens, links=links, voll_usd_per_mwh=net.voll_usd_per_mwh * k)
    if net.has_gas:
        changes["gas_supply"] = net.gas_supply.assign(price_usd_per_mwh_th=net.gas_supply["price_usd_per_mwh_th"] * k)
        changes["gas_links"] = net.gas_links.assign(cost_usd_per_mwh_th=net.gas_links["cost_usd_per_mwh_th"] * k)
    return net.replace(**changes)


@both(st.tuples(networks(), st.sampled_from([0.25, 0.5, 2.0, 4.0])))
def check_scaling_every_cost_scales_objective_and_prices(args):
    """Powers of two: the scaled LP is the same LP in floating point, so even degenerate duals match."""
    net, k = args
    base, scaled = solve_network(net), solve_network(scale_costs(net, k))
    assert scaled.objective_usd == pytest.approx(k * base.objective_usd, rel=1e-7, abs=1e-7)
    scale = max(1.0, float(base.price_matrix().abs().to_numpy().max()))
    np.testing.assert_allclose(scaled.price_matrix().to_numpy(), k * base.price_matrix().to_numpy(),
                               atol=1e-6 * k * scale)
    if base.gas is not None:
        np.testing.assert_allclose(scaled.gas.price_matrix().to_numpy(), k * base.gas.price_matrix().to_numpy(),
                                   atol=1e-6 * k * scale)


test_scaling_every_cost, test_scaling_every_cost_long = check_scaling_every_cost_scales_objective_and_prices


# ---- isolating a network without cross-border links --------------------------------------------------------


@both(networks(cross_border=False))
def check_isolating_a_single_country_changes_nothing(net):
    iso = isolate(net)
    pd.testing.assert_frame_equal(iso.links, net.links)
    if net.has_gas:
        pd.testing.assert_frame_equal(iso.gas_links, net.gas_links)
    a, b = solve_network(net), solve_network(iso)
    assert b.objective_usd == a.objective_usd
    block = value_of_integration(a, b, "isolated")
    assert block["value_usd"] == 0.0


test_isolated_without_cross_border_links, test_isolated_without_cross_border_links_long = \
    check_isolating_a_single_country_changes_nothing
