"""A generator's minimum output (``min_output_pu``: must-run when positive, a sink when negative) and a
link's availability profile, each on a tiny network with a hand-worked answer, and both read from a data
directory."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.analysis.integration import welfare_by_region
from energymodel.errors import InputError
from networks import make_network, solve_network

EXAMPLE = Path(__file__).resolve().parents[2] / "examples"


def output(res, generator):
    d = res.dispatch
    return d.loc[d["generator"] == generator, "mw"].to_numpy()


def with_floor(net, **floors):
    gens = net.generators.copy()
    gens["min_output_pu"] = [floors.get(g, 0.0) for g in gens.index]
    return net.replace(generators=gens)


def test_a_must_run_floor_displaces_cheaper_output_but_never_exceeds_availability():
    # demand 50; cheap 10 USD/MWh; must-run unit 30 USD/MWh, 100 MW at ≥ 40 %: t0 it runs 40 (cheap 10):
    # 40·30 + 10·10 = 1,300. t1 it is 20 % available: its floor is min(0.4, 0.2)·100 = 20 (not 40):
    # 20·30 + 30·10 = 900. The price is the cheap unit's 10 in both hours.
    net = make_network({"A": 50}, [dict(name="cheap", region="A", capacity_mw=100, cost=10),
                                   dict(name="must", region="A", capacity_mw=100, cost=30,
                                        availability=[1.0, 0.2])], n_t=2)
    res = solve_network(with_floor(net, must=0.4))
    assert res.objective_usd == pytest.approx(2200)
    assert output(res, "must") == pytest.approx([40, 20])
    assert res.price_matrix()["A"].to_numpy() == pytest.approx([10, 10])


def test_a_negative_floor_is_a_sink_that_earns_its_cost():
    # An export of up to 50 MW earning 20 USD/MWh (min_output_pu −1, nothing available to generate): cheap
    # (5 USD/MWh) serves demand 10 and the export, 60 MWh: 60·5 − 50·20 = −700; price = 5 (cheap unit).
    net = make_network({"A": 10}, [dict(name="cheap", region="A", capacity_mw=100, cost=5),
                                   dict(name="export", region="A", capacity_mw=50, cost=20, availability=0.0)])
    res = solve_network(with_floor(net, export=-1.0))
    assert res.objective_usd == pytest.approx(-700)
    assert output(res, "export")[0] == pytest.approx(-50)
    assert res.price_matrix()["A"].iloc[0] == pytest.approx(5)
    w = welfare_by_region(res)  # the welfare identity holds with a negative output
    assert w["net_cost_usd"].sum() == pytest.approx(res.annual_cost_usd, rel=1e-9)


def test_free_disposal_sets_the_price_to_zero_under_a_subsidised_unit():
    # A unit paid 10 USD/MWh to run (cost −10, 100 MW) with free disposal (cost 0, down to −1,000 MW):
    # it runs flat out, disposal takes 90 of the 100: objective −1,000, price 0 (disposal at the margin).
    net = make_network({"A": 10}, [dict(name="paid", region="A", capacity_mw=100, cost=-10),
                                   dict(name="dispose", region="A", capacity_mw=1000, cost=0, availability=0.0)])
    res = solve_network(with_floor(net, dispose=-1.0))
    assert res.objective_usd == pytest.approx(-1000)
    assert res.price_matrix()["A"].iloc[0] == pytest.approx(0)


def test_a_link_availability_profile_scales_its_capacity():
    # A → B 100 MW, available 100 % then 25 %; B needs 60: t0 all from A (60·10 = 600); t1 25 from A and 35
    # from B's dear unit (25·10 + 35·50 = 2,000). B's price: 10, then 50.
    net = make_network({"A": 0, "B": 60}, [dict(name="a", region="A", capacity_mw=100, cost=10),
                                           dict(name="b", region="B", capacity_mw=100, cost=50)],
                       links=[dict(name="A-B", **{"from": "A", "to": "B"}, fwd=100)], n_t=2)
    net = net.replace(link_availability_pu=pd.DataFrame({"A-B": [1.0, 0.25]}))
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(2600)
    assert res.price_matrix()["B"].to_numpy() == pytest.approx([10, 50])


def example_copy(tmp_path):
    data = tmp_path / "two_regions"
    shutil.copytree(EXAMPLE / "two_regions", data)
    (tmp_path / "s.yaml").write_text("name: s\ndata: two_regions\nyear: 2023\n")
    return data, tmp_path / "s.yaml"


def test_both_are_read_from_a_data_directory_and_checked(tmp_path):
    data, scenario = example_copy(tmp_path)
    gens = pd.read_csv(data / "generators.csv")
    gens["min_output_pu"] = [0.3, None, None, None, None, None]
    gens.to_csv(data / "generators.csv", index=False)
    links = pd.read_csv(data / "interconnectors.csv")
    links["profile"] = "link_availability"
    links.to_csv(data / "interconnectors.csv", index=False)
    n_rows = len(pd.read_csv(data / "profiles" / "demand_pu.csv"))
    pd.DataFrame({"hour": range(n_rows), "NORTH-SOUTH": np.where(np.arange(n_rows) % 2, 0.5, 1.0)}).to_csv(
        data / "profiles" / "link_availability_pu.csv", index=False)
    with open(data / "profiles.csv", "a") as fh:
        fh.write("link_availability,NORTH-SOUTH,example,test\n")
    net = build_network(load_scenario(scenario, hours=4))
    assert net.generators["min_output_pu"].to_dict()["NORTH-coal"] == pytest.approx(0.3)
    assert net.generators["min_output_pu"].to_dict()["SOUTH-ccgt"] == 0.0
    assert net.link_availability_pu["NORTH-SOUTH"].to_numpy() == pytest.approx([1.0, 0.5, 1.0, 0.5])
    res = solve_network(net)
    assert (output(res, "NORTH-coal") >= 0.3 * 1200 - 1e-6).all()
    gens["min_output_pu"] = [1.5, None, None, None, None, None]
    gens.to_csv(data / "generators.csv", index=False)
    with pytest.raises(InputError, match="min_output_pu must be at most 1"):
        build_network(load_scenario(scenario, hours=4))
    gens["min_output_pu"] = None
    gens.to_csv(data / "generators.csv", index=False)
    links["profile_column"] = "nowhere"
    links.to_csv(data / "interconnectors.csv", index=False)
    with pytest.raises(InputError, match="no column 'nowhere'"):
        build_network(load_scenario(scenario, hours=4))
