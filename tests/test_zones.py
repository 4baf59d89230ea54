"""Zones inside regions (network/zones.py): the split adds up, per-country outputs aggregate zones, the
welfare identity holds per country, and a congested two-zone network has its closed-form value."""
import json

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.analysis.integration import isolate
from energymodel.cli import main
from files import write_scenario, write_zoned_data_dir as zoned_dir

HOURS = 8760


def scenario(tmp_path, extra=""):
    return write_scenario(tmp_path, "data: data\nyear: 2023\nzones: true\n" + extra)


def test_split_adds_up_and_links_land_in_their_zones(tmp_path):
    zoned_dir(tmp_path)
    net = build_network(load_scenario(scenario(tmp_path), hours=24))
    plain = build_network(load_scenario(write_scenario(tmp_path, "data: data\nyear: 2023\n", "plain.yaml"), hours=24))
    assert list(net.regions.index) == ["A", "B2", "B1"]  # the main zone last
    assert list(net.regions["country"]) == ["A", "B", "B"]
    assert np.allclose(net.demand_mw[["B1", "B2"]].sum(axis=1), plain.demand_mw["B"])
    assert net.generators.groupby("technology")["capacity_mw"].sum().to_dict() == \
        plain.generators.groupby("technology")["capacity_mw"].sum().to_dict()
    assert net.generators.loc["B1-ccgt", "capacity_mw"] == 250 and "B2-ccgt" not in net.generators.index
    assert tuple(net.links.loc["A-B", ["from_region", "to_region"]]) == ("A", "B2")
    assert not net.links.at["B2-B1", "cross_border"] and net.links.at["A-B", "cross_border"]
    iso = isolate(net).links
    assert iso.at["A-B", "capacity_fwd_mw"] == 0 and iso.at["B2-B1", "capacity_fwd_mw"] == 120  # corridor kept


def test_scenario_keys_by_country_reach_every_zone_and_zone_keys_one(tmp_path):
    zoned_dir(tmp_path)
    base = build_network(load_scenario(scenario(tmp_path), hours=24))
    net = build_network(load_scenario(scenario(tmp_path, "demand: {scale: {B: 2, B1: 1.5}}\n"
                                               "generators: {B2: {ccgt_mw: 40}}\n"
                                               "interconnectors: {B2-B1: {capacity_mw: 10}}\n"), hours=24))
    assert np.allclose(net.demand_mw["B2"], 2 * base.demand_mw["B2"])
    assert np.allclose(net.demand_mw["B1"], 3 * base.demand_mw["B1"])
    assert net.generators.loc["B2-ccgt", "capacity_mw"] == 40
    assert net.links.loc["B2-B1", ["capacity_fwd_mw", "capacity_bwd_mw"]].tolist() == [10, 10]


def test_zoned_run_closed_form_aggregation_and_welfare_identity(tmp_path):
    zoned_dir(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(scenario(tmp_path)), "--hours", "48", "--out", str(out), "-q"]) == 0
    s = json.loads((out / "summary.json").read_text())
    # A exports 60 MW (coal at 35 + wheeling 1), 58.8 MW arrive in B2 and displace CCGT at 63; the corridor
    # (41.2 of 120 MW) is not binding: one price of 63 in B's zones, value = rent = (0.98·63 − 36)·60 per hour
    integ = s["integration"]
    assert integ["value_usd"] == pytest.approx((0.98 * 63 - 36) * 60 * HOURS, rel=1e-6)
    prices = pd.read_csv(out / "prices.csv").groupby("region")["price_usd_per_mwh"].mean()
    assert prices["B1"] == pytest.approx(63) and prices["B2"] == pytest.approx(63) and prices["A"] == pytest.approx(35)
    assert list(s["countries"]) == ["A", "B"] and set(s["zones"]) == {"A", "B1", "B2"}
    assert s["countries"]["B"]["demand_twh"] == pytest.approx(200 * 48 / 1e6)
    assert s["countries"]["B"]["avg_price_usd_per_mwh"] == pytest.approx(63)
    bc, bz = integ["by_country"], integ["by_zone"]
    assert sum(c["value_usd"] for c in bc.values()) == pytest.approx(integ["value_usd"], rel=1e-7)
    assert bc["B"]["value_usd"] == pytest.approx(bz["B1"]["value_usd"] + bz["B2"]["value_usd"], rel=1e-9, abs=1e-3)
    for c in bc.values():  # the identity, per country
        parts = (-c["delta_consumer_payments_usd"] + c["delta_producer_surplus_usd"] + c["delta_congestion_rent_usd"]
                 - c["delta_unserved_cost_usd"] - c["delta_expansion_cost_usd"])
        assert parts == pytest.approx(c["value_usd"], rel=1e-7, abs=1e-3)


def test_binding_corridor_separates_the_zone_prices(tmp_path):
    """The CCGT sits in B2 and the link lands in B1 (main, no plant): 58.8 MW arrive from A and the 30 MW
    corridor from B2 cannot cover B1's remaining 41.2 MW, so B1 sheds 11.2 MW at VOLL while B2 stays at 63."""
    zoned_dir(tmp_path, shares_ccgt=(0.0, 1.0), corridor_mw=30, landing=False)
    out = tmp_path / "out"
    assert main(["run", str(scenario(tmp_path, "voll_usd_per_mwh: 1000\n")), "--hours", "24", "--out", str(out),
                 "-q"]) == 0
    prices = pd.read_csv(out / "prices.csv").groupby("region")["price_usd_per_mwh"].mean()
    assert prices["B1"] == pytest.approx(1000) and prices["B2"] == pytest.approx(63)
    shed = pd.read_csv(out / "shedding.csv").groupby("region")["shed_mw"].mean()
    assert shed["B1"] == pytest.approx(100 - 58.8 - 30)


@pytest.mark.parametrize("extra, key", [("zones: [A]\n", "zones[0]"), ("demand: {annual_twh: {B1: 1}}\n", "B1")])
def test_bad_zone_keys_exit_2(tmp_path, capsys, extra, key):
    zoned_dir(tmp_path)
    path = write_scenario(tmp_path, "data: data\nyear: 2023\n" + (extra if extra.startswith("zones") else
                                                                 "zones: true\n" + extra))
    assert main(["validate", str(path), "--hours", "24"]) == 2
    assert key in capsys.readouterr().err


def test_shares_that_do_not_add_up_exit_2(tmp_path, capsys):
    zoned_dir(tmp_path, shares_ccgt=(0.7, 0.7))
    assert main(["validate", str(scenario(tmp_path)), "--hours", "24"]) == 2
    err = capsys.readouterr().err
    assert "zone_shares.csv" in err and "ccgt" in err


def test_calibration_compares_countries_with_zones_added_up(tmp_path):
    from energymodel import build_model, extract_results
    from energymodel.analysis.calibration import Reported, compare
    from energymodel.solver.highs import solve

    zoned_dir(tmp_path)
    sc = load_scenario(scenario(tmp_path), hours=24)
    net = build_network(sc)
    res = extract_results(net, solve(build_model(net), sc.solver))
    gen = pd.DataFrame({"region": ["A", "B"], "reported_technology": "total_generation", "year": 2023,
                        "generation_twh": [1.0, 1.0], "source_id": "x"})
    empty = {k: pd.DataFrame(columns=c) for k, c in
             {"co2": ["region", "year", "co2e_mt", "source_id"],
              "prices": ["market", "region", "year", "month", "price_usd_per_mwh", "source_id"],
              "flows": ["link", "year", "direction", "energy_twh", "source_id"]}.items()}
    table, _ = compare(res, Reported(generation=gen, **empty))
    sim = table.set_index("region")["simulated"]
    assert list(sim.index) == ["A", "B"]
    # A generates its own 100 MW and exports 60; B's CCGT covers 200 − 58.8 MW: annualised TWh
    assert sim["A"] == pytest.approx(160 * HOURS / 1e6, rel=1e-6)
    assert sim["B"] == pytest.approx((200 - 58.8) * HOURS / 1e6, rel=1e-6)


def test_zones_split_a_storage_units_charge_rating_and_land_ac_lines_at_the_main_zone(tmp_path):
    zoned_dir(tmp_path)
    data = tmp_path / "data"
    storage = pd.read_csv(data / "storage.csv")
    source = pd.read_csv(data / "sources.csv")["source_id"][0]
    row = {"storage": "B-battery", "region": "B", "technology": "battery", "power_mw": 60.0, "energy_mwh": 120.0,
           "efficiency_charge": 1.0, "efficiency_discharge": 1.0, "source_id": source, "charge_power_mw": 30.0}
    pd.concat([storage, pd.DataFrame([row])], ignore_index=True).to_csv(data / "storage.csv", index=False)
    pd.DataFrame([{"line": "L-AB", "from_region": "A", "to_region": "B", "capacity_mw": 50.0, "reactance_pu": 0.1,
                   "source_id": source}]).to_csv(data / "lines.csv", index=False)
    net = build_network(load_scenario(scenario(tmp_path, "power_flow: dc\n"), hours=24))
    split = net.storage[net.storage["technology"] == "battery"]
    assert split["charge_power_mw"].sum() == pytest.approx(30.0) and split["power_mw"].sum() == pytest.approx(60.0)
    zones = pd.read_csv(data / "zones.csv")
    main_zone = zones.loc[(zones["region"] == "B") & (zones["main"] == 1), "zone"].iloc[0]
    assert tuple(net.lines.loc["L-AB", ["from_region", "to_region"]]) == ("A", main_zone)
