"""Invariances (DESIGN §7.3) and residuals re-derived from the results with pandas (§7.2)."""
import numpy as np
import pandas as pd
import pytest

from networks import chain, solve_network


@pytest.fixture(scope="module")
def base():
    return solve_network(chain())


def test_scaling_all_costs_scales_objective_and_prices(base):
    scaled = solve_network(chain(cost_scale=2.5))
    assert scaled.objective_usd == pytest.approx(2.5 * base.objective_usd, rel=1e-7)
    np.testing.assert_allclose(scaled.price_matrix(), 2.5 * base.price_matrix(), rtol=1e-6, atol=1e-6)


def test_splitting_a_generator_in_two_halves_changes_nothing(base):
    split = solve_network(chain(split=True))
    assert split.objective_usd == pytest.approx(base.objective_usd, rel=1e-9)
    np.testing.assert_allclose(split.price_matrix(), base.price_matrix(), atol=1e-6)


def test_balance_residuals_from_results(base):
    net = base.network
    w = pd.Series(range(net.n_snapshots), index=net.snapshots)  # snapshot → position
    supply = pd.DataFrame(0.0, index=net.snapshots, columns=net.regions.index)
    gen = base.dispatch.groupby(["snapshot", "region"])["mw"].sum().unstack(fill_value=0.0)
    supply = supply.add(gen, fill_value=0.0)
    st = base.storage.assign(net_mw=base.storage["discharge_mw"] - base.storage["charge_mw"])
    supply = supply.add(st.groupby(["snapshot", "region"])["net_mw"].sum().unstack(fill_value=0.0), fill_value=0.0)
    fl = base.flows.merge(net.links[["efficiency"]], left_on="link", right_index=True)
    into_to = (fl["efficiency"] * fl["flow_fwd_mw"] - fl["flow_bwd_mw"]).groupby([fl["snapshot"], fl["to_region"]]).sum()
    into_from = (fl["efficiency"] * fl["flow_bwd_mw"] - fl["flow_fwd_mw"]).groupby([fl["snapshot"], fl["from_region"]]).sum()
    supply = supply.add(into_to.unstack(fill_value=0.0), fill_value=0.0).add(into_from.unstack(fill_value=0.0), fill_value=0.0)
    supply = supply.add(base.shedding.pivot(index="snapshot", columns="region", values="shed_mw"), fill_value=0.0)
    demand = net.demand_mw.set_axis(net.snapshots)
    assert len(w) == len(supply)
    np.testing.assert_allclose(supply[demand.columns].to_numpy(), demand.to_numpy(), atol=1e-6)


def test_bounds_and_storage_continuity_from_results(base):
    net = base.network
    d = base.dispatch.merge(net.generators[["capacity_mw"]], left_on="generator", right_index=True, how="left")
    avail = net.availability_pu.set_axis(net.snapshots).stack().rename("avail")
    avail.index.names = ["snapshot", "generator"]
    d = d.join(avail, on=["snapshot", "generator"])
    gens = d.dropna(subset=["capacity_mw"])
    assert (gens["mw"] <= gens["capacity_mw"] * gens["avail"] + 1e-6).all()
    for name, s in base.storage.groupby("storage"):
        row = net.storage.loc[name]
        soc = s["soc_mwh"].to_numpy()
        prev = np.roll(soc, 1)
        expected = prev + net.duration_h * (row.efficiency_charge * s["charge_mw"].to_numpy()
                                            - s["discharge_mw"].to_numpy() / row.efficiency_discharge)
        np.testing.assert_allclose(soc, expected, atol=1e-6)
        assert soc.max() <= row.energy_mwh + 1e-6
    for name, h in base.hydro.groupby("hydro"):
        lvl = h["level_mwh"].to_numpy()
        expected = np.roll(lvl, 1) + net.duration_h * (h["inflow_mw"] - h["generation_mw"] - h["spill_mw"]).to_numpy()
        np.testing.assert_allclose(lvl, expected, atol=1e-6)


def test_flows_within_capacity_and_not_simultaneous_when_lossy(base):
    fl = base.flows.merge(base.network.links, left_on="link", right_index=True)
    assert (fl["flow_fwd_mw"] <= fl["capacity_fwd_mw"] + 1e-6).all()
    assert (fl["flow_bwd_mw"] <= fl["capacity_bwd_mw"] + 1e-6).all()


def test_objective_equals_costs_rederived(base):
    net = base.network
    d = base.dispatch.merge(net.generators[["marginal_cost_usd_per_mwh"]], left_on="generator",
                            right_index=True, how="left").fillna({"marginal_cost_usd_per_mwh": 0.0})
    cost = (d["mw"] * d["marginal_cost_usd_per_mwh"]).sum()
    fl = base.flows.merge(net.links[["wheeling_usd_per_mwh"]], left_on="link", right_index=True)
    cost += ((fl["flow_fwd_mw"] + fl["flow_bwd_mw"]) * fl["wheeling_usd_per_mwh"]).sum()
    cost += base.shedding["shed_mw"].sum() * net.voll_usd_per_mwh
    assert base.objective_usd == pytest.approx(cost, rel=1e-9)
