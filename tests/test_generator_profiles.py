"""A generator's own availability profile (``generators.csv:profile``, e.g. a sugar-cane harvest season for
bagasse units) beats its technology's constant availability or profile. Closed forms next to each number."""
import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from files import HOURS, write_scenario, write_zoned_data_dir
from networks import solve_network

# write_zoned_data_dir without zones: A 100 MW flat demand, 300 MW coal at 2.5 · 12 + 5 = 35 USD/MWh
# (technology availability 0.9); B 200 MW flat demand, 250 MW ccgt at 2 · 30 + 3 = 63 USD/MWh (availability
# 0.95); link A-B 60 MW A→B, efficiency 0.98, wheeling 1 USD/MWh sent.


def _data(tmp_path, profile="harvest", column="", values=None):
    d = write_zoned_data_dir(tmp_path)
    gens = pd.read_csv(d / "generators.csv")
    gens["profile"] = np.where(gens["generator"] == "A-coal", profile, "")
    gens["profile_column"] = np.where(gens["generator"] == "A-coal", column, "")
    gens.to_csv(d / "generators.csv", index=False)
    h = np.arange(HOURS)
    if values is None:
        values = np.where(h % 24 < 12, 1.0, 0.25)   # "in season" the first 12 h of each day, a quarter after
    pd.DataFrame({"hour": h, "A": values}).to_csv(d / "profiles" / f"{profile}_pu.csv", index=False)
    with open(d / "profiles.csv", "a") as f:
        f.write(f"{profile},A,test,\n")
    return d


def _net(tmp_path):
    return build_network(load_scenario(write_scenario(tmp_path, "data: data\nyear: 2023\n"), hours=24))


def test_own_profile_replaces_the_technology_availability(tmp_path):
    _data(tmp_path)
    net = _net(tmp_path)
    a = net.availability_pu
    assert np.allclose(a["A-coal"].to_numpy(), np.r_[np.ones(12), np.full(12, 0.25)])   # not the constant 0.9
    assert np.allclose(a["B-ccgt"], 0.95)                                             # untouched: its technology's
    assert net.generators.at["A-coal", "profile"] == "harvest"


def test_own_profile_dispatch_closed_form(tmp_path):
    # Hours 0-11: coal may make 300 MW; it serves A (100) and sends the full 60 MW to B (B receives 58.8, ccgt
    # makes 141.2; B's price 63 > (35 + 1) / 0.98). Hours 12-23: coal may make 0.25 · 300 = 75 MW; A imports
    # 25 MW, B sends 25 / 0.98 = 25.5102, ccgt makes 225.5102 (≤ 237.5). A's price: B's 63 plus wheeling, over
    # the efficiency = (63 + 1) / 0.98 = 65.306.
    _data(tmp_path)
    res = solve_network(_net(tmp_path))
    disp = res.dispatch.pivot(index="snapshot", columns="generator", values="mw")
    assert np.allclose(disp["A-coal"].to_numpy(), np.r_[np.full(12, 160.0), np.full(12, 75.0)])
    sent = 25.0 / 0.98
    per_h_in = 160 * 35 + 141.2 * 63 + 60 * 1
    per_h_out = 75 * 35 + (200 + sent) * 63 + sent * 1
    assert res.objective_usd == pytest.approx(12 * per_h_in + 12 * per_h_out, rel=1e-9)
    price_a = res.price_matrix()["A"].to_numpy()
    assert np.allclose(price_a[12:], (63 + 1) / 0.98)
    assert np.allclose(price_a[:12], 35)


def test_profile_column_picks_another_column(tmp_path):
    d = _data(tmp_path, column="other")
    p = pd.read_csv(d / "profiles" / "harvest_pu.csv")
    p["other"] = 0.5
    p.to_csv(d / "profiles" / "harvest_pu.csv", index=False)
    with open(d / "profiles.csv", "a") as f:
        f.write("harvest,other,test,\n")
    assert np.allclose(_net(tmp_path).availability_pu["A-coal"], 0.5)


def test_missing_column_names_the_generator(tmp_path):
    _data(tmp_path, column="nowhere")
    with pytest.raises(InputError, match="A-coal"):
        _net(tmp_path)


def test_bad_profile_name_is_an_input_error(tmp_path):
    d = _data(tmp_path)
    gens = pd.read_csv(d / "generators.csv", keep_default_na=False)
    gens.loc[gens["generator"] == "A-coal", "profile"] = "Harvest Season"
    gens.to_csv(d / "generators.csv", index=False)
    with pytest.raises(InputError, match="generators.csv"):
        _net(tmp_path)


def test_profile_above_one_is_an_input_error(tmp_path):
    _data(tmp_path, values=np.full(HOURS, 1.2))
    with pytest.raises(InputError, match="exceeds 1"):
        _net(tmp_path)
