"""Tiny networks with closed-form answers, one per constraint family (DESIGN §7.1).

Each expected number is worked out by hand in the docstring or comment next to it.
"""
import numpy as np
import pytest

from networks import make_network, solve_network

TOL = 1e-6


def price(res, region, t=0):
    p = res.price_matrix()
    return p[region].iloc[t]


def test_merit_order_and_marginal_price():
    # Demand 150 MW; units 10/30/60 USD/MWh of 100 MW each: the first runs fully, the second sets the price.
    net = make_network({"A": 150}, [dict(name="g10", region="A", capacity_mw=100, cost=10),
                                    dict(name="g30", region="A", capacity_mw=100, cost=30),
                                    dict(name="g60", region="A", capacity_mw=100, cost=60)])
    res = solve_network(net)
    mw = res.dispatch.set_index("generator")["mw"]
    assert mw["g10"] == pytest.approx(100) and mw["g30"] == pytest.approx(50) and mw["g60"] == pytest.approx(0)
    assert res.objective_usd == pytest.approx(10 * 100 + 30 * 50)
    assert price(res, "A") == pytest.approx(30)


def test_congested_two_regions_prices_and_rent():
    # A: 200 MW at 10, B: 100 MW at 50, 50 MW demand each, a 30 MW lossless line (DESIGN §4 example).
    net = make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                            dict(name="b", region="B", capacity_mw=100, cost=50)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 30}])
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(80 * 10 + 20 * 50)  # 1,800 USD
    assert price(res, "A") == pytest.approx(10) and price(res, "B") == pytest.approx(50)
    flow = res.flows.iloc[0]
    assert flow["flow_fwd_mw"] == pytest.approx(30) and flow["flow_bwd_mw"] == pytest.approx(0)
    rent = flow["flow_fwd_mw"] * (price(res, "B") - price(res, "A"))
    assert rent == pytest.approx(30 * 40)  # capacity × spread
    # the capacity dual of the forward arc is the spread, per MW and hour
    assert res.link_values.loc["A-B", "marginal_value_fwd_usd_per_mw"] == pytest.approx(40)


def test_uncongested_line_converges_prices():
    net = make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                            dict(name="b", region="B", capacity_mw=100, cost=50)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 80}])
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(100 * 10)
    assert price(res, "B") == pytest.approx(10)
    assert res.link_values.loc["A-B", "marginal_value_fwd_usd_per_mw"] == pytest.approx(0)


def test_lossy_link_and_wheeling_set_the_importer_price():
    # B imports over a link with 90 % efficiency and 2 USD/MWh wheeling, uncongested:
    # price_B = (price_A + wheeling) / efficiency = (10 + 2) / 0.9.
    net = make_network({"A": 0, "B": 45}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                           dict(name="b", region="B", capacity_mw=100, cost=50)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 100, "efficiency": 0.9,
                               "wheeling": 2}])
    res = solve_network(net)
    flow = res.flows.iloc[0]
    assert flow["flow_fwd_mw"] == pytest.approx(50)  # 50 sent, 45 received
    assert price(res, "B") == pytest.approx(12 / 0.9)
    assert res.objective_usd == pytest.approx(50 * 10 + 50 * 2)


def test_reverse_flow_on_a_lossy_link_does_not_create_energy():
    # Energy flows B → A over the bwd arc; A must receive only η of what B sends.
    net = make_network({"A": 90, "B": 0}, [dict(name="a", region="A", capacity_mw=200, cost=50),
                                           dict(name="b", region="B", capacity_mw=200, cost=10)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 100, "efficiency": 0.9}])
    res = solve_network(net)
    flow = res.flows.iloc[0]
    assert flow["flow_bwd_mw"] == pytest.approx(100) and flow["flow_fwd_mw"] == pytest.approx(0)
    mw = res.dispatch.set_index("generator")["mw"]
    assert mw["b"] == pytest.approx(100) and mw["a"] == pytest.approx(0)  # 100 sent, 90 arrive


def test_storage_arbitrage_with_losses():
    # t0: cheap unit at 10 (available only in t0); t1: only a unit at 50. Battery 10 MW / 100 MWh,
    # η_c = η_d = 0.9. It charges 10 MW in t0 (soc 9 MWh) and discharges 9 × 0.9 = 8.1 MW in t1.
    net = make_network({"A": [20, 20]},
                       [dict(name="cheap", region="A", capacity_mw=100, cost=10, availability=[1, 0]),
                        dict(name="dear", region="A", capacity_mw=100, cost=50)],
                       storage=[dict(name="bat", region="A", power_mw=10, energy_mwh=100, eta_c=0.9, eta_d=0.9)])
    res = solve_network(net)
    st = res.storage.set_index(res.storage.groupby("storage").cumcount())
    assert st.loc[0, "charge_mw"] == pytest.approx(10) and st.loc[1, "discharge_mw"] == pytest.approx(8.1)
    assert st.loc[0, "soc_mwh"] == pytest.approx(9) and st.loc[1, "soc_mwh"] == pytest.approx(0)
    assert res.objective_usd == pytest.approx(10 * 30 + 50 * (20 - 8.1))
    assert price(res, "A", 0) == pytest.approx(10) and price(res, "A", 1) == pytest.approx(50)


def test_storage_not_used_when_spread_below_losses():
    # Spread 10 → 12 is below the round-trip loss (10 / 0.81 = 12.35): no cycling.
    net = make_network({"A": [20, 20]},
                       [dict(name="cheap", region="A", capacity_mw=100, cost=10, availability=[1, 0]),
                        dict(name="dear", region="A", capacity_mw=100, cost=12)],
                       storage=[dict(name="bat", region="A", power_mw=10, energy_mwh=100, eta_c=0.9, eta_d=0.9)])
    res = solve_network(net)
    assert res.storage["charge_mw"].sum() == pytest.approx(0, abs=TOL)
    assert res.objective_usd == pytest.approx(10 * 20 + 12 * 20)


def test_storage_continuity_uses_duration_not_weight():
    # Two 2-hour snapshots each standing for 5 hours of the year: the battery moves 2 h × power.
    net = make_network({"A": [20, 20]},
                       [dict(name="cheap", region="A", capacity_mw=100, cost=10, availability=[1, 0]),
                        dict(name="dear", region="A", capacity_mw=100, cost=50)],
                       storage=[dict(name="bat", region="A", power_mw=10, energy_mwh=15)],
                       weight_h=5.0, duration_h=2.0)
    res = solve_network(net)
    st = res.storage.set_index(res.storage.groupby("storage").cumcount())
    # energy limit 15 MWh over a 2 h snapshot → at most 7.5 MW discharge
    assert st.loc[1, "discharge_mw"] == pytest.approx(7.5)
    assert res.objective_usd == pytest.approx(5 * (10 * 27.5 + 50 * 12.5))
    assert price(res, "A", 1) == pytest.approx(50)  # dual / weight


def test_hydro_energy_limited_by_inflow():
    # 4 hours, inflow 30 MW (120 MWh in all), turbine 100 MW, big reservoir, demand 50 MW, thermal at 40.
    # Hydro can give only its 120 MWh; the thermal unit makes the other 80 MWh and sets the price
    # (the water value) in every hour.
    net = make_network({"A": [50, 50, 50, 50]}, [dict(name="th", region="A", capacity_mw=100, cost=40)],
                       hydro=[dict(name="res", region="A", capacity_mw=100, energy_mwh=1000, inflow=30)])
    res = solve_network(net)
    hy = res.hydro
    assert hy["generation_mw"].sum() == pytest.approx(120)
    assert res.objective_usd == pytest.approx(80 * 40)
    assert np.allclose(res.price_matrix()["A"], 40)


def test_hydro_spills_when_reservoir_and_turbine_are_full():
    # Inflow 150 MW into a 100 MW turbine with no storage: 50 MW spills, price falls to zero.
    net = make_network({"A": [100, 100]}, [dict(name="th", region="A", capacity_mw=100, cost=40)],
                       hydro=[dict(name="ror", region="A", capacity_mw=100, energy_mwh=0, inflow=150)])
    res = solve_network(net)
    assert res.hydro["spill_mw"].sum() == pytest.approx(100)
    assert res.objective_usd == pytest.approx(0)


def test_shedding_priced_at_voll():
    net = make_network({"A": 120}, [dict(name="g", region="A", capacity_mw=100, cost=20)], voll=3000)
    res = solve_network(net)
    assert res.shedding["shed_mw"].sum() == pytest.approx(20)
    assert price(res, "A") == pytest.approx(3000)
    assert res.objective_usd == pytest.approx(100 * 20 + 20 * 3000)
    assert res.summary()["countries"]["A"]["shed_mwh"] == pytest.approx(20)


def test_weights_scale_cost_not_prices():
    gens = [dict(name="g10", region="A", capacity_mw=100, cost=10), dict(name="g30", region="A", capacity_mw=100, cost=30)]
    one = solve_network(make_network({"A": 150}, gens))
    three = solve_network(make_network({"A": 150}, gens, weight_h=3.0))
    assert three.objective_usd == pytest.approx(3 * one.objective_usd)
    assert price(three, "A") == pytest.approx(price(one, "A"))
    assert three.summary()["annualisation_factor"] == pytest.approx(8760 / 3)
