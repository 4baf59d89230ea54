"""Take-or-pay fuel (rule ``take_or_pay``, a least annual fuel use of a technology; Chile's inflexible LNG,
Panama's LNG for AES Colón): binding on tiny networks with hand-worked answers (the contracted unit displacing
a cheaper one that then sets the price; a unit out of merit forced in, the price staying at the cheaper unit;
a quantity the unit cannot burn), read from a data directory with its switch, and the shipped rows."""
import shutil
from pathlib import Path

import numpy as np
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError, SolveError
from networks import make_network, solve_network

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "two_regions"


def _net(limits=()):
    # Demand 100 MW for 4 h (weight 1 h each: the horizon is 4/8760 of a year). "coal" 80 MW at 30 USD/MWh;
    # "ccgt" 100 MW at 60 USD/MWh burning 2 MWh_th per MWh.
    return make_network({"A": 100.0}, [dict(name="coal", region="A", capacity_mw=80, cost=30),
                                       dict(name="ccgt", region="A", capacity_mw=100, cost=60, heat_rate=2.0)],
                        n_t=4, limits=limits)


def test_take_or_pay_fuel_lowers_the_price_to_the_unit_it_displaces():
    # Without the rule coal runs 80 and the ccgt 20 every hour: price 60, cost 4·(80·30 + 20·60) = 14,400.
    free = solve_network(_net())
    assert free.objective_usd == pytest.approx(14_400)
    assert np.allclose(free.price_matrix()["A"], 60)
    # With 400 MWh_th of take-or-pay gas over the 4 h (annual_twh = 400e-6 · 8760/4), the ccgt must make 200
    # MWh and coal makes the other 200: cost 200·30 + 200·60 = 18,000. Coal is the unit the gas displaces,
    # so it sets the price in every hour: 30. The limit's shadow price is (60 − 30) / 2 = 15 USD per MWh_th
    # (the cost of one more MWh_th of must-take gas), i.e. 30 USD per MWh of gas-fired output.
    twh_th = 400e-6 * 8760 / 4
    res = solve_network(_net([dict(name="top", generators=["ccgt"], bound="min", basis="fuel", annual_twh=twh_th,
                                   rule="take_or_pay")]))
    assert res.objective_usd == pytest.approx(18_000)
    assert np.allclose(res.price_matrix()["A"], 30)
    d = res.dispatch
    assert d.loc[d["generator"] == "ccgt", "mw"].sum() == pytest.approx(200)
    lim = res.limits.loc["top"]
    assert lim["rule"] == "take_or_pay" and lim["used_twh"] == pytest.approx(400e-6)
    assert lim["shadow_price_usd_per_mwh"] == pytest.approx(15)


def _lng_net(annual_twh_th):
    # Demand 100 MW for 4 h. "cheap" (oil engines) at 60 USD/MWh, 200 MW; "lng" (a CCGT on contracted LNG) at
    # 80 USD/MWh with heat rate 2 MWh_th/MWh, 100 MW: out of merit in every hour without the rule.
    return make_network({"A": 100.0}, [dict(name="cheap", region="A", capacity_mw=200, cost=60),
                                       dict(name="lng", technology="ccgt", region="A", capacity_mw=100, cost=80,
                                            heat_rate=2.0)],
                        n_t=4, limits=[dict(name="top", generators=["lng"], bound="min", basis="fuel",
                                            annual_twh=annual_twh_th, rule="take_or_pay")])


def test_take_or_pay_burns_the_contracted_fuel_and_leaves_the_price_to_the_cheaper_unit():
    # 240 MWh_th over the 4 h (annual 240e-6 · 8760/4 TWh_th): lng makes 240 / 2 = 120 MWh, cheap the other
    # 280 MWh and stays marginal: price 60 in every hour. Cost = 120·80 + 280·60 = 26,400. Shadow price of the
    # rule per MWh_th = (80 − 60) / 2 = 10.
    res = solve_network(_lng_net(240e-6 * 8760 / 4))
    assert res.objective_usd == pytest.approx(26_400)
    assert np.allclose(res.price_matrix()["A"], 60)
    lim = res.limits.loc["top"]
    assert lim["rule"] == "take_or_pay"
    assert lim["used_twh"] == pytest.approx(240e-6) and lim["shadow_price_usd_per_mwh"] == pytest.approx(10)


def test_a_take_or_pay_above_what_the_plant_can_burn_is_infeasible():
    # 1,000 MWh_th over 4 h needs 500 MWh from a 100 MW unit (400 MWh at most): no feasible dispatch.
    with pytest.raises(SolveError):
        solve_network(_lng_net(1000e-6 * 8760 / 4))


def _data(tmp_path, row: str):
    data = tmp_path / "two_regions"
    shutil.copytree(EXAMPLE, data)
    (data / "generation_limits.csv").write_text(
        "limit,region,technology,bound,basis,annual_twh,rule,source_id,note\n" + row + "\n")
    return data


def _scenario(tmp_path, data, extra=""):
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\ndata: {data}\nyear: 2023\n{extra}", encoding="utf-8")
    return load_scenario(path, hours=24)


def test_take_or_pay_rows_are_read_and_switched(tmp_path):
    data = _data(tmp_path, "SOUTH-top,SOUTH,ccgt,min,fuel,1.5,take_or_pay,example,")
    lim = build_network(_scenario(tmp_path, data)).gen_limits
    assert lim.loc["SOUTH-top", ["rule", "bound", "basis"]].tolist() == ["take_or_pay", "min", "fuel"]
    assert lim.at["SOUTH-top", "mwh_per_year"] == pytest.approx(1.5e6)
    assert lim.at["SOUTH-top", "generators"] == ("SOUTH-ccgt",)
    off = build_network(_scenario(tmp_path, data, "rules: {take_or_pay: false}\n")).gen_limits
    assert off.empty
    # the other switches leave it on
    assert len(build_network(_scenario(tmp_path, data, "rules: {must_run: false}\n")).gen_limits) == 1


def test_take_or_pay_is_a_minimum(tmp_path):
    data = _data(tmp_path, "SOUTH-top,SOUTH,ccgt,max,fuel,1.5,take_or_pay,example,")
    with pytest.raises(InputError, match="a take_or_pay rule sets a 'min' bound"):
        build_network(_scenario(tmp_path, data))
    data = _data(tmp_path / "b", "SOUTH-top,SOUTH,ccgt,min,fuel,1.5,contract,example,")
    with pytest.raises(InputError, match="expected one of must_run, take_or_pay, fuel_supply"):
        build_network(_scenario(tmp_path / "b", data))


def test_shipped_take_or_pay_rows_chile_both_zones_and_panama():
    # data/generation_limits.csv: Chile's row names technology ccgt in region CL; with zones on (the base
    # scenario) it covers the combined cycles of CL_N and CL_C together, at Ember's 16.76 TWh x 2.1511 MWh_th/MWh.
    root = Path(__file__).resolve().parents[2]
    net = build_network(load_scenario(root / "scenarios" / "base.yaml", hours=24))
    row = net.gen_limits.loc["CL-gas-take-or-pay"]
    assert set(row["generators"]) == {"CL_N-ccgt", "CL_C-ccgt"}
    assert (row["rule"], row["bound"], row["basis"]) == ("take_or_pay", "min", "fuel")
    assert row["mwh_per_year"] == pytest.approx(16.76e6 * 2.1511, rel=1e-5)
    # Panama's (AES Colón): Ember's 2.79 TWh of gas x the unit's heat rate 1.9501 MWh_th/MWh (pa_lng_take_or_pay)
    pa = net.gen_limits.loc["PA-gas-take-or-pay"]
    assert pa["generators"] == ("PA-ccgt",)
    assert (pa["rule"], pa["bound"], pa["basis"]) == ("take_or_pay", "min", "fuel")
    assert pa["mwh_per_year"] == pytest.approx(2.79e6 * 1.9501, rel=1e-4)
