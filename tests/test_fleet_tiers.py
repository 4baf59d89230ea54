"""Efficiency tiers: several generators of one technology in a region, each with its own heat rate
(``generators.csv:heat_rate_mwh_th_per_mwh``). Closed forms worked out next to each number."""
import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from files import write_data_dir, write_scenario
from networks import make_network, solve_network

# Fixture data (files.py): gas 30 USD/MWh_th, ccgt heat rate 2.0, VOM 3, emission factor 0.2 t/MWh_th,
# availability 0.95; region B demand 1.752 TWh/yr (200 MW on average) with a ±20 % daily shape.


@pytest.fixture
def root(tmp_path):
    d = write_data_dir(tmp_path)
    gens = pd.read_csv(d / "generators.csv")
    tiers = pd.DataFrame([
        {"generator": "B-ccgt-new", "region": "B", "technology": "ccgt", "capacity_mw": 150,
         "heat_rate_mwh_th_per_mwh": 1.5, "source_id": "test"},
        {"generator": "B-ccgt-old", "region": "B", "technology": "ccgt", "capacity_mw": 100,
         "heat_rate_mwh_th_per_mwh": None, "source_id": "test"}])   # empty: the technology's 2.0
    gens = pd.concat([gens[gens["generator"] != "B-ccgt"], tiers], ignore_index=True)
    gens.to_csv(d / "generators.csv", index=False)
    return tmp_path


def network(root, extra="", **kw):
    return build_network(load_scenario(write_scenario(root, "data: data\nyear: 2023\n" + extra), **kw))


def test_own_heat_rate_sets_cost_and_emissions_and_empty_keeps_the_technology_value(root):
    g = network(root).generators
    assert g.at["B-ccgt-new", "heat_rate_mwh_th_per_mwh"] == 1.5
    assert g.at["B-ccgt-old", "heat_rate_mwh_th_per_mwh"] == 2.0
    assert g.at["B-ccgt-new", "marginal_cost_usd_per_mwh"] == pytest.approx(1.5 * 30 + 3)     # 48
    assert g.at["B-ccgt-old", "marginal_cost_usd_per_mwh"] == pytest.approx(2.0 * 30 + 3)     # 63
    assert g.at["B-ccgt-new", "emission_tco2_per_mwh"] == pytest.approx(0.2 * 1.5)
    assert g.at["A-coal", "heat_rate_mwh_th_per_mwh"] == 2.5   # untiered units keep their technology's


def test_capacity_override_scales_the_tiers_pro_rata(root):
    g = network(root, "generators: {B: {ccgt_mw: 500}}\n").generators
    assert g.at["B-ccgt-new", "capacity_mw"] == pytest.approx(300)   # 150/250 of 500
    assert g.at["B-ccgt-old", "capacity_mw"] == pytest.approx(200)


def test_a_non_positive_own_heat_rate_is_an_input_error(root):
    path = root / "data" / "generators.csv"
    gens = pd.read_csv(path)
    gens.loc[gens["generator"] == "B-ccgt-new", "heat_rate_mwh_th_per_mwh"] = 0
    gens.to_csv(path, index=False)
    with pytest.raises(InputError, match="heat_rate_mwh_th_per_mwh"):
        network(root)


def test_a_technology_rule_covers_every_tier(root):
    # generation_limits.csv names a technology; the limit sums all of its generators in the region.
    (root / "data" / "generation_limits.csv").write_text(
        "limit,region,technology,bound,basis,annual_twh,rule,source_id,note\n"
        "B-gas,B,ccgt,max,fuel,1.0,fuel_supply,test,\n")
    lim = network(root).gen_limits
    assert set(lim.at["B-gas", "generators"]) == {"B-ccgt-new", "B-ccgt-old"}


def _tier_net(limits=()):
    # Demand 150 MW for 4 h. Tiers of one gas fleet: new (heat rate 1.5, 48 USD/MWh, 100 MW), old (2.0,
    # 63 USD/MWh, 100 MW); oil at 90 (200 MW).
    return make_network({"A": 150.0}, [
        dict(name="gas-new", technology="ccgt", region="A", capacity_mw=100, cost=48, heat_rate=1.5),
        dict(name="gas-old", technology="ccgt", region="A", capacity_mw=100, cost=63, heat_rate=2.0),
        dict(name="oil", region="A", capacity_mw=200, cost=90)], n_t=4, limits=limits)


def test_the_price_is_the_marginal_tier_not_the_fleet_average():
    # New runs full (100), old is marginal (50): price 63 in every hour. Cost = 4 · (100·48 + 50·63) = 31,800.
    res = solve_network(_tier_net())
    assert res.objective_usd == pytest.approx(31_800)
    assert np.allclose(res.price_matrix()["A"], 63)


def test_a_fuel_limit_on_the_fleet_burns_its_fuel_in_the_best_tier_first():
    # 500 MWh_th of gas over the 4 h for both tiers. Each MWh_th saves (90 − 48)/1.5 = 28 USD in the new tier
    # and (90 − 63)/2 = 13.5 in the old: all gas goes to the new tier, 500/1.5 = 333.33 MWh; oil makes the
    # other 266.67 MWh and is marginal (price 90). Cost = 333.33·48 + 266.67·90 = 16,000 + 24,000 = 40,000;
    # shadow price 28 USD per MWh_th.
    twh = 500e-6 * 8760 / 4
    res = solve_network(_tier_net([dict(name="gas", generators=["gas-new", "gas-old"], bound="max",
                                        basis="fuel", annual_twh=twh)]))
    assert res.objective_usd == pytest.approx(40_000)
    assert np.allclose(res.price_matrix()["A"], 90)
    assert res.limits.loc["gas", "shadow_price_usd_per_mwh"] == pytest.approx(28)
