"""Closed forms for reservoir start/end rules, water values and annual generation limits.

Each expected number is worked out by hand next to it.
"""
import numpy as np
import pytest

from networks import make_network, solve_network


def _reservoir_net(start, inflow=(0, 0, 0, 0), energy=1000.0, demand=100.0):
    # Demand 100 MW in 4 one-hour snapshots; thermal "gas" at 40 USD/MWh (200 MW), "oil" at 90 (200 MW);
    # one reservoir with a 100 MW turbine.
    return make_network({"A": demand}, [dict(name="gas", region="A", capacity_mw=200, cost=40),
                                        dict(name="oil", region="A", capacity_mw=200, cost=90)],
                        hydro=[dict(name="res", region="A", capacity_mw=100, energy_mwh=energy,
                                    inflow=list(inflow), start_level_mwh=start)], n_t=4)


def test_start_level_no_free_water_and_water_value_is_the_displaced_thermal_cost():
    # Start 500 MWh, end ≥ 500, no inflow: the reservoir may not release anything (no free water bank).
    # Gas serves all 100 MW: cost 4 · 100 · 40 = 16,000. One more MWh of water would displace gas: the
    # water value is 40 USD/MWh in every snapshot, and the end row's dual is 40 too.
    res = solve_network(_reservoir_net(500.0))
    assert res.objective_usd == pytest.approx(16_000)
    assert res.hydro["generation_mw"].sum() == pytest.approx(0)
    assert res.hydro["level_mwh"].iloc[-1] == pytest.approx(500)
    assert np.allclose(res.hydro["water_value_usd_per_mwh"], 40)
    assert np.allclose(res.price_matrix()["A"], 40)


def test_inflow_is_used_and_end_level_binds_at_start():
    # Start 200, inflow 50 MW each hour (200 MWh in all): the 200 MWh of inflow displace gas; the level ends
    # at exactly 200. Cost = (400 − 200) · 40 = 8,000. Water value 40.
    res = solve_network(_reservoir_net(200.0, inflow=(50, 50, 50, 50)))
    assert res.objective_usd == pytest.approx(8_000)
    assert res.hydro["generation_mw"].sum() == pytest.approx(200)
    assert res.hydro["level_mwh"].iloc[-1] == pytest.approx(200)
    assert np.allclose(res.hydro["water_value_usd_per_mwh"], 40)


def test_water_value_follows_the_marginal_unit_it_displaces():
    # Demand 250 MW: gas (200 MW) is full and oil (90) is marginal. 100 MWh of inflow in the first hour only;
    # the turbine (100 MW) spreads it over the hours: it displaces oil, so the water value is 90.
    # Cost = 4 · (200 · 40) + (4 · 50 − 100) · 90 = 32,000 + 9,000 = 41,000.
    res = solve_network(_reservoir_net(0.0, inflow=(100, 0, 0, 0), demand=250.0))
    assert res.objective_usd == pytest.approx(41_000)
    assert np.allclose(res.hydro["water_value_usd_per_mwh"], 90)
    assert np.allclose(res.price_matrix()["A"], 90)


def test_reported_end_level_below_the_start_releases_the_storage_change():
    # Start 500 MWh, end level 300 (a reported drawdown over the horizon), no inflow: exactly 200 MWh may be
    # released. Demand 4 · 100 = 400 MWh; the 200 MWh of water displace gas: cost (400 − 200) · 40 = 8,000.
    # The end row binds (level 300) and the water value is the gas cost it displaces, 40.
    net = _reservoir_net(500.0)
    net.hydro["end_level_mwh"] = 300.0
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(8_000)
    assert res.hydro["generation_mw"].sum() == pytest.approx(200)
    assert res.hydro["level_mwh"].iloc[-1] == pytest.approx(300)
    assert np.allclose(res.hydro["water_value_usd_per_mwh"], 40)
    assert np.allclose(res.price_matrix()["A"], 40)


def test_reported_end_level_above_the_start_keeps_the_inflow_in_store():
    # Start 0, 100 MWh of inflow in the first hour, end level 100 MWh (a reported filling over the horizon),
    # demand 250 MW: the whole inflow must stay in store, so gas (200 MW) and oil (50 MW) serve every hour.
    # Cost = 4 · 200 · 40 + 4 · 50 · 90 = 32,000 + 18,000 = 50,000. One more MWh of water would displace oil:
    # the water value and the price are 90.
    net = _reservoir_net(0.0, inflow=(100, 0, 0, 0), demand=250.0)
    net.hydro["end_level_mwh"] = 100.0
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(50_000)
    assert res.hydro["generation_mw"].sum() == pytest.approx(0)
    assert res.hydro["level_mwh"].iloc[-1] == pytest.approx(100)
    assert np.allclose(res.hydro["water_value_usd_per_mwh"], 90)
    assert np.allclose(res.price_matrix()["A"], 90)


def test_cyclic_reservoir_without_start_level():
    # NaN start level: cyclic. With no inflow the level is constant and nothing is released; same cost as above.
    res = solve_network(_reservoir_net(np.nan))
    assert res.objective_usd == pytest.approx(16_000)
    assert res.hydro["generation_mw"].sum() == pytest.approx(0)


def test_monthly_water_values_table():
    res = solve_network(_reservoir_net(500.0))
    wv = res.water_values
    assert list(wv.columns) == ["month", "region", "water_value_usd_per_mwh", "level_mwh", "level_pu"]
    row = wv.iloc[0]
    assert row["month"] == "2023-01" and row["region"] == "A"
    assert row["water_value_usd_per_mwh"] == pytest.approx(40)
    assert row["level_mwh"] == pytest.approx(500) and row["level_pu"] == pytest.approx(0.5)


def _limit_net(limits):
    # Demand 100 MW for 4 h (weight 1 h each, so the horizon is 4/8760 of a year); "cheap" at 20 (100 MW),
    # "dear" at 70 (100 MW).
    return make_network({"A": 100.0}, [dict(name="cheap", region="A", capacity_mw=100, cost=20, heat_rate=2.0),
                                       dict(name="dear", region="A", capacity_mw=100, cost=70)],
                        n_t=4, limits=limits)


def test_fuel_limit_binding_raises_the_price_to_the_next_unit():
    # Annual limit of cheap's electricity such that over 4 h it may make 200 MWh: annual_twh = 200e-6 · 8760/4.
    # Demand 400 MWh: cheap 200, dear 200. Price = 70 in every hour (dear is marginal; the limit, not capacity,
    # stops cheap). Shadow price of the limit = 70 − 20 = 50 USD/MWh. Cost = 200·20 + 200·70 = 18,000.
    twh = 200e-6 * 8760 / 4
    res = solve_network(_limit_net([dict(name="lim", generators=["cheap"], bound="max", annual_twh=twh)]))
    assert res.objective_usd == pytest.approx(18_000)
    assert np.allclose(res.price_matrix()["A"], 70)
    lim = res.limits.loc["lim"]
    assert lim["used_twh"] == pytest.approx(200e-6) and lim["shadow_price_usd_per_mwh"] == pytest.approx(50)


def test_fuel_basis_limit_counts_heat_rate():
    # Same in fuel: cheap burns 2 MWh_th per MWh; a limit of 200 MWh_th over the horizon allows 100 MWh.
    # Cost = 100·20 + 300·70 = 23,000; shadow price per MWh_th = (70 − 20) / 2 = 25.
    twh = 200e-6 * 8760 / 4
    res = solve_network(_limit_net([dict(name="lim", generators=["cheap"], bound="max", basis="fuel",
                                         annual_twh=twh)]))
    assert res.objective_usd == pytest.approx(23_000)
    assert res.limits.loc["lim", "shadow_price_usd_per_mwh"] == pytest.approx(25)


def test_must_run_forces_the_dear_unit_and_lowers_nothing_else():
    # Dear must make 100 MWh over the 4 h. Cheap covers the rest (300 MWh) and stays marginal: price 20.
    # Cost = 300·20 + 100·70 = 13,000; shadow price of the must-run = 70 − 20 = 50.
    twh = 100e-6 * 8760 / 4
    res = solve_network(_limit_net([dict(name="mr", generators=["dear"], bound="min", annual_twh=twh)]))
    assert res.objective_usd == pytest.approx(13_000)
    assert np.allclose(res.price_matrix()["A"], 20)
    assert res.limits.loc["mr", "shadow_price_usd_per_mwh"] == pytest.approx(50)


def test_reported_level_path_is_a_floor_on_the_month_end_level():
    # Gas 100 MW at 40, oil at 90. Demand 150 MW in t0, t1 (oil marginal), 50 MW in t2, t3 (gas marginal).
    # 100 MWh of inflow in t0; start level 0. Free: the water displaces oil in t0/t1: cost = 2·100·40 + 2·50·40
    # = 12,000. With a floor of 100 MWh at the end of t1 the water waits and displaces gas in t2/t3:
    # cost = 2·(100·40 + 50·90) = 17,000, level 100 at t1, hydro 100 MWh in t2 + t3.
    import pandas as pd
    net = make_network({"A": [150.0, 150.0, 50.0, 50.0]},
                       [dict(name="gas", region="A", capacity_mw=100, cost=40),
                        dict(name="oil", region="A", capacity_mw=200, cost=90)],
                       hydro=[dict(name="res", region="A", capacity_mw=100, energy_mwh=500,
                                   inflow=[100.0, 0, 0, 0], start_level_mwh=0.0)])
    assert solve_network(net).objective_usd == pytest.approx(12_000)
    floors = pd.DataFrame({"res": [np.nan, 100.0, np.nan, np.nan]}, index=pd.RangeIndex(4, name="snapshot"))
    res = solve_network(net.replace(level_floor_mwh=floors))
    assert res.objective_usd == pytest.approx(17_000)
    assert res.hydro["level_mwh"].iloc[1] == pytest.approx(100)
    assert res.hydro["generation_mw"].iloc[2:].sum() == pytest.approx(100)
    # A cap of 0 at the end of t0 (the level path's upper bound): the 100 MWh must be turbined in t0:
    # t0 = hydro 100 + gas 50 (2,000), t1 = gas 100 + oil 50 (8,500), t2, t3 = gas 50 each (4,000): 14,500.
    caps = pd.DataFrame({"res": [0.0, np.nan, np.nan, np.nan]}, index=pd.RangeIndex(4, name="snapshot"))
    res = solve_network(net.replace(level_cap_mwh=caps))
    assert res.objective_usd == pytest.approx(14_500)
    assert res.hydro["generation_mw"].iloc[0] == pytest.approx(100)


def test_month_budget_pins_every_month_end_at_the_start_level():
    # Two "months" of two one-hour snapshots. Gas 100 MW at 40, oil at 90. Demand 50 MW in month 1 (t0, t1),
    # 150 MW in month 2 (t2, t3). 60 MWh of inflow in t0, start level 0.
    # Free (end ≥ start only): the water waits for month 2 and displaces oil: month 1 gas 100 MWh (4,000),
    # month 2 gas 200 MWh (8,000) + oil 40 MWh (3,600): 15,600.
    # Month budget (floor = cap = start level 0 at the end of t1 and t3, rules.hydro_month_budget): the month's
    # inflow is the month's hydro energy, so the water displaces gas in month 1 (gas 40 MWh: 1,600) and
    # month 2 burns gas 200 MWh + oil 100 MWh (17,000): 18,600. Prices: 40 in month 1 (gas is marginal),
    # 90 in month 2 (oil).
    import pandas as pd
    net = make_network({"A": [50.0, 50.0, 150.0, 150.0]},
                       [dict(name="gas", region="A", capacity_mw=100, cost=40),
                        dict(name="oil", region="A", capacity_mw=200, cost=90)],
                       hydro=[dict(name="res", region="A", capacity_mw=100, energy_mwh=500,
                                   inflow=[60.0, 0, 0, 0], start_level_mwh=0.0)])
    assert solve_network(net).objective_usd == pytest.approx(15_600)
    pins = pd.DataFrame({"res": [np.nan, 0.0, np.nan, 0.0]}, index=pd.RangeIndex(4, name="snapshot"))
    res = solve_network(net.replace(level_floor_mwh=pins, level_cap_mwh=pins))
    assert res.objective_usd == pytest.approx(18_600)
    assert res.hydro["generation_mw"].iloc[:2].sum() == pytest.approx(60)
    assert res.hydro["level_mwh"].iloc[1] == pytest.approx(0)
    assert res.price_matrix()["A"].tolist() == pytest.approx([40, 40, 90, 90])
