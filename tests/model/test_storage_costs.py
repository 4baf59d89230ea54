"""Richer storage and costs, each on a tiny network with a hand-worked answer: dispatch cost, standing
loss, separate charge/discharge ratings, natural inflow (with spill), a fixed start level, and a generator's
own marginal cost read from a data directory."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.analysis.integration import welfare_by_region
from networks import make_network, solve_network

EXAMPLE = Path(__file__).resolve().parents[2] / "examples"


def with_storage(net, inflow=None, **columns):
    """``net`` whose single storage unit gets the optional columns ``columns`` (and an inflow [MW])."""
    st = net.storage.copy()
    for col, value in columns.items():
        st[col] = value
    flows = None if inflow is None else pd.DataFrame({st.index[0]: np.asarray(inflow, dtype=float)})
    return net.replace(storage=st, storage_inflow_mw=flows)


def cheap_then_dear(demand, storage, n_t=2):
    """Cheap energy (10 USD/MWh) only in snapshot 0, dear energy (100 USD/MWh) always."""
    return make_network({"A": demand}, [dict(name="cheap", region="A", capacity_mw=100, cost=10,
                                              availability=[1.0] + [0.0] * (n_t - 1)),
                                         dict(name="dear", region="A", capacity_mw=100, cost=100)],
                        storage=[dict(name="s", region="A", **storage)])


def prices(res):
    return res.price_matrix()["A"].to_numpy()


@pytest.mark.parametrize("cost, expected", [(5.0, 10 * 10 + 10 * 5), (95.0, 10 * 100)])
def test_dispatch_cost_is_paid_per_mwh_discharged(cost, expected):
    # 10 MWh needed in t1: stored at 10 + cost per MWh discharged, or bought at 100. At 5 the unit cycles
    # (10·10 + 10·5 = 150); at 95 it does not (10 + 95 > 100): 10·100 = 1,000.
    net = with_storage(cheap_then_dear([0, 10], dict(power_mw=10, energy_mwh=10)), dispatch_cost_usd_per_mwh=cost)
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(expected)
    w = welfare_by_region(res)  # the welfare identity holds with the dispatch cost
    assert w["net_cost_usd"].sum() == pytest.approx(res.annual_cost_usd, rel=1e-9)


def test_standing_loss_halves_stored_energy_and_sets_the_price_ratio():
    # Loss 0.5 per hour, start empty (not cyclic): 20 MWh charged in t0 (at its 20 MW rating) keep 10 for t1,
    # which needs 10: cost 20·10 = 200. A MWh more in t1 needs 2 more charged: price_t1 = 10 / (1 − 0.5) = 20.
    net = with_storage(cheap_then_dear([0, 10], dict(power_mw=30, energy_mwh=40)),
                       standing_loss_pu_per_h=0.5, cyclic=False, initial_soc_pu=0.0)
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(200)
    assert prices(res) == pytest.approx([10, 20])
    soc = res.storage["soc_mwh"].to_numpy()
    assert soc == pytest.approx([20, 0])


def test_separate_charge_and_discharge_ratings():
    # Charge at most 5 MW, discharge up to 10 MW: 5 MWh shifted, 5 MWh bought at 100: 5·10 + 5·100 = 550.
    net = with_storage(cheap_then_dear([0, 10], dict(power_mw=10, energy_mwh=10)), charge_power_mw=5.0)
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(550)
    assert res.storage["charge_mw"].max() == pytest.approx(5)
    assert prices(res) == pytest.approx([10, 100])


def test_natural_inflow_feeds_a_pumped_unit_and_the_rest_is_spilled():
    # Inflow 3 MW each hour into an empty unit (not cyclic), demand 5 MW: 3 from the unit, 2 at 100 each hour.
    base = make_network({"A": [5, 5]}, [dict(name="dear", region="A", capacity_mw=100, cost=100)],
                        storage=[dict(name="s", region="A", power_mw=10, energy_mwh=100)])
    res = solve_network(with_storage(base, inflow=[3, 3], cyclic=False, initial_soc_pu=0.0))
    assert res.objective_usd == pytest.approx(2 * 2 * 100)
    assert res.storage["discharge_mw"].sum() == pytest.approx(6)
    # Inflow 10 MW into a 1 MWh unit: demand is met for free, the surplus is spilled, the price is 0.
    res = solve_network(with_storage(base.replace(storage=base.storage.assign(energy_mwh=1.0)), inflow=[10, 10]))
    assert res.objective_usd == pytest.approx(0)
    assert prices(res) == pytest.approx([0, 0])
    st = res.storage
    assert (st["inflow_mw"] - st["spill_mw"] - st["discharge_mw"]).sum() == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("cyclic, expected", [(False, 0.0), (True, 5 * 100)])
def test_a_start_level_is_energy_in_hand_only_when_not_cyclic(cyclic, expected):
    # Half of 10 MWh at the start meets 5 MWh of demand for free; a cyclic unit must put it back (at 100).
    base = make_network({"A": [5]}, [dict(name="dear", region="A", capacity_mw=100, cost=100)],
                        storage=[dict(name="s", region="A", power_mw=10, energy_mwh=10)])
    res = solve_network(with_storage(base, cyclic=cyclic, initial_soc_pu=0.5))
    assert res.objective_usd == pytest.approx(expected)


def example_copy(tmp_path):
    data = tmp_path / "two_regions"
    shutil.copytree(EXAMPLE / "two_regions", data)
    (tmp_path / "s.yaml").write_text("name: s\ndata: two_regions\nyear: 2023\n")
    return data, tmp_path / "s.yaml"


def test_a_generators_own_cost_overrides_its_technologys_and_needs_no_fuel_price(tmp_path):
    data, scenario = example_copy(tmp_path)
    gens = pd.read_csv(data / "generators.csv")
    gens["marginal_cost_usd_per_mwh"] = [7.5, None, 40.0, 55.0, None, 1.0]  # ror, solar: technology's
    gens.to_csv(data / "generators.csv", index=False)
    (data / "fuel_prices.csv").unlink()  # coal and gas units have their own cost: no fuel price needed
    net = build_network(load_scenario(scenario, hours=24))
    mc = net.generators["marginal_cost_usd_per_mwh"]
    assert mc.to_dict() == pytest.approx({"NORTH-coal": 7.5, "NORTH-hydro_ror": 0.0, "SOUTH-ccgt": 40.0,
                                          "SOUTH-ocgt": 55.0, "SOUTH-solar_pv": 0.0, "SOUTH-wind": 1.0})


def test_a_region_without_load_needs_no_demand_shape(tmp_path):
    data, scenario = example_copy(tmp_path)
    demand = pd.read_csv(data / "demand.csv")
    demand.loc[demand["region"] == "SOUTH", "annual_twh"] = 0.0
    demand.to_csv(data / "demand.csv", index=False)
    shape = pd.read_csv(data / "profiles" / "demand_pu.csv").drop(columns=["SOUTH"])
    shape.to_csv(data / "profiles" / "demand_pu.csv", index=False)
    manifest = pd.read_csv(data / "profiles.csv")
    manifest[~((manifest["profile"] == "demand") & (manifest["column"] == "SOUTH"))].to_csv(
        data / "profiles.csv", index=False)
    net = build_network(load_scenario(scenario, hours=24))
    assert (net.demand_mw["SOUTH"] == 0).all() and (net.demand_mw["NORTH"] > 0).all()
