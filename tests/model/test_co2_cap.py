"""The CO2 cap (``co2_cap_tco2_per_year``, ``c_co2_cap``) on a one-region, one-hour network with a hand-worked
answer: the cap shifts output from coal to gas, and both the CO2 price and the electricity price follow."""
import pytest

from energymodel.model import build_model
from energymodel.solver.compile import solve
from networks import make_network, solve_network


def net(cap_t=None):
    # demand 10 MW for one hour; coal 10 USD/MWh at 1 t/MWh, gas 30 USD/MWh at 0.4 t/MWh
    n = make_network({"A": 10}, [dict(name="coal", region="A", capacity_mw=100, cost=10, emission_tco2_per_mwh=1.0),
                                 dict(name="gas", region="A", capacity_mw=100, cost=30, emission_tco2_per_mwh=0.4)])
    return n.replace(co2_cap_tco2_per_year=None if cap_t is None else cap_t * 8760 / 1.0)  # per year, 1 h modelled


def test_a_binding_cap_shifts_coal_to_gas_and_prices_carbon():
    # Without a cap: coal 10 MWh, 10 t, cost 100. Cap 7 t: x + 0.4 (10 − x) ≤ 7 → coal 5, gas 5, cost 200.
    # CO2 price: one more tonne lets coal replace 1/0.6 MWh of gas, saving 20/0.6 = 33.33 USD/t. Electricity
    # price: gas 30 + 0.4 · 33.33 = coal 10 + 1 · 33.33 = 43.33 USD/MWh.
    assert solve_network(net()).objective_usd == pytest.approx(100)
    res = solve_network(net(7.0))
    assert res.objective_usd == pytest.approx(200)
    d = res.dispatch.set_index("generator")["mw"]
    assert (d["coal"], d["gas"]) == (pytest.approx(5), pytest.approx(5))
    assert res.price_matrix()["A"].iloc[0] == pytest.approx(10 + 20 / 0.6)
    sol = solve(build_model(net(7.0)))
    assert abs(sol.dual("c_co2_cap")[0]) == pytest.approx(20 / 0.6)
    assert res.summary()["co2_cap"] == pytest.approx({"cap_tco2": 7.0, "emissions_tco2": 7.0,
                                                      "price_usd_per_t": 20 / 0.6})


def test_a_slack_cap_changes_nothing():
    res = solve_network(net(50.0))
    assert res.objective_usd == pytest.approx(100)
    assert res.price_matrix()["A"].iloc[0] == pytest.approx(10)
    assert res.summary()["co2_cap"]["price_usd_per_t"] == 0.0
