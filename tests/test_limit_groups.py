"""One operating rule over several technologies of a region (``generation_limits.csv``: ``technology`` =
``ccgt;ocgt``): all the region's gas-fired units share one gas limit. Closed forms next to each number."""
import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from energymodel.network.rules import technologies_of
from files import write_data_dir, write_scenario
from networks import make_network, solve_network


@pytest.fixture
def root(tmp_path):
    d = write_data_dir(tmp_path)
    techs = pd.read_csv(d / "technologies.csv")
    ocgt = techs[techs["technology"] == "ccgt"].assign(technology="ocgt", heat_rate_mwh_th_per_mwh=3.0)
    pd.concat([techs, ocgt], ignore_index=True).to_csv(d / "technologies.csv", index=False)
    gens = pd.read_csv(d / "generators.csv")
    extra = pd.DataFrame([{"generator": "B-ocgt", "region": "B", "technology": "ocgt", "capacity_mw": 80,
                           "source_id": "test"}])
    pd.concat([gens, extra], ignore_index=True).to_csv(d / "generators.csv", index=False)
    return tmp_path


def _limits(root, technology: str) -> None:
    (root / "data" / "generation_limits.csv").write_text(
        "limit,region,technology,bound,basis,annual_twh,rule,source_id,note\n"
        f"B-gas,B,{technology},max,fuel,1.0,fuel_supply,test,\n")


def network(root):
    return build_network(load_scenario(write_scenario(root, "data: data\nyear: 2023\n")))


def test_technologies_of_splits_on_semicolons():
    assert technologies_of("ccgt;ocgt") == ["ccgt", "ocgt"]
    assert technologies_of(" ccgt ; ocgt ") == ["ccgt", "ocgt"]
    assert technologies_of("oil") == ["oil"]


def test_a_limit_over_two_technologies_sums_all_their_generators(root):
    _limits(root, "ccgt;ocgt")
    lim = network(root).gen_limits
    assert set(lim.at["B-gas", "generators"]) == {"B-ccgt", "B-ocgt"}
    assert lim.at["B-gas", "technology"] == "ccgt;ocgt"
    _limits(root, "ocgt")
    assert set(network(root).gen_limits.at["B-gas", "generators"]) == {"B-ocgt"}


@pytest.mark.parametrize("technology, message", [
    ("ccgt;solar_pv;coal", "row 2: no coal generator in region 'B'"),
    ("ccgt;;ocgt", "expected distinct names joined by ';'"),
    ("ccgt;ccgt", "expected distinct names joined by ';'"),
])
def test_a_bad_technology_list_is_an_input_error_naming_the_row(root, technology, message):
    _limits(root, technology)
    with pytest.raises(InputError, match=message):
        network(root)


def test_one_gas_limit_shared_by_two_technologies_prices_the_next_fuel():
    # Demand 150 MW for 4 h. ccgt 100 MW at heat rate 2 (VOM 3: 3 + 2 x 10 = 23 USD/MWh with gas at 10),
    # ocgt 100 MW at heat rate 3 (3 + 30 = 33), oil 200 MW at 90. Gas for both gas technologies: 400 MWh_th
    # over the 4 h. Per MWh_th of gas the ccgt saves (90 - 23)/2 = 33.5 USD and the ocgt (90 - 33)/3 = 19:
    # all the gas goes to the ccgt, 400/2 = 200 MWh (50 MW each hour), the ocgt stays off, oil makes the
    # other 100 MW and is marginal: price 90 in every hour. Cost = 200 x 23 + 400 x 90 = 4,600 + 36,000
    # = 40,600; the limit's shadow price is 33.5 USD per MWh_th.
    net = make_network({"A": 150.0}, [
        dict(name="A-ccgt", technology="ccgt", region="A", capacity_mw=100, cost=23, heat_rate=2.0),
        dict(name="A-ocgt", technology="ocgt", region="A", capacity_mw=100, cost=33, heat_rate=3.0),
        dict(name="A-oil", technology="oil", region="A", capacity_mw=200, cost=90)], n_t=4,
        limits=[dict(name="A-gas", generators=["A-ccgt", "A-ocgt"], bound="max", basis="fuel",
                     annual_twh=400e-6 * 8760 / 4)])
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(40_600)
    assert np.allclose(res.price_matrix()["A"], 90)
    assert res.limits.loc["A-gas", "shadow_price_usd_per_mwh"] == pytest.approx(33.5)
    gen = res.dispatch.groupby("generator")["mw"].sum()
    assert gen["A-ccgt"] == pytest.approx(200) and gen["A-ocgt"] == pytest.approx(0, abs=1e-6)


def test_a_minimum_the_capacity_in_force_cannot_give_is_an_input_error():
    # Mexico's coal must-run (13.53 TWh/yr) with the scenario cutting its coal to 100 MW (0.74 TWh/yr at
    # full availability): exit 2 naming the row and the switch, not an infeasible LP; with the rule off it builds.
    from pathlib import Path

    from energymodel import build_network, load_scenario
    from energymodel.errors import InputError
    base = Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml"
    with pytest.raises(InputError, match=r"MX-coal-must-run.*cannot be met.*at most 0.74 TWh/yr.*rules.must_run"):
        build_network(load_scenario(base, hours=24, overrides=[("generators.MX.coal_mw", 100)]))
    net = build_network(load_scenario(base, hours=24, overrides=[("generators.MX.coal_mw", 100),
                                                                 ("rules.must_run", False)]))
    assert "MX-coal-must-run" not in net.gen_limits.index
