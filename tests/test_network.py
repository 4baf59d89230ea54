"""Scenario overrides become a Network as pure functions of the data (files written by files.py)."""
import numpy as np
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from energymodel.inputs.units import MWH_TH_PER_MMBTU
from files import write_data_dir, write_scenario


@pytest.fixture
def root(tmp_path):
    write_data_dir(tmp_path)
    return tmp_path


def network(root, extra="", **kw):
    return build_network(load_scenario(write_scenario(root, "data: data\nyear: 2023\n" + extra), **kw))


def test_demand_is_scaled_to_annual_energy(root):
    net = network(root)
    assert net.demand_mw["A"].mean() * 8760 / 1e6 == pytest.approx(0.876)
    net = network(root, "demand: {scale: {'*': 2, B: 0.5}, annual_twh: {A: 1.752}}\n")
    assert net.demand_mw["A"].mean() * 8760 / 1e6 == pytest.approx(2 * 1.752)
    assert net.demand_mw["B"].mean() * 8760 / 1e6 == pytest.approx(0.5 * 1.752)


def test_time_selection_and_averaging(root):
    net = network(root, hours=48, resolution_h=3)
    assert net.n_snapshots == 16 and np.all(net.weight_h == 3) and np.all(net.duration_h == 3)
    full = network(root, hours=48)
    np.testing.assert_allclose(net.demand_mw["B"].to_numpy(),
                               full.demand_mw["B"].to_numpy().reshape(16, 3).mean(axis=1))
    assert net.annualisation == pytest.approx(8760 / 48)


def test_marginal_cost_from_fuel_heat_rate_vom_and_carbon(root):
    net = network(root, "prices: {gas_usd_per_mmbtu: {B: 5}, carbon_usd_per_t: 10}\n")
    g = net.generators.loc["B-ccgt"]
    gas = 5 / MWH_TH_PER_MMBTU
    assert g.fuel_price_usd_per_mwh_th == pytest.approx(gas)
    # heat rate 2.0, VOM 3, emission factor 0.2 t/MWh_th
    assert g.marginal_cost_usd_per_mwh == pytest.approx(2.0 * gas + 3 + 10 * 0.2 * 2.0)
    coal = net.generators.loc["A-coal"]
    assert coal.marginal_cost_usd_per_mwh == pytest.approx(2.5 * 12 + 5 + 10 * 0.35 * 2.5)


def test_capacity_overrides_scale_or_add(root):
    net = network(root, "generators: {B: {solar_pv_mw: 300, coal_mw: 40}}\n")
    assert net.generators.loc["B-solar_pv", "capacity_mw"] == 300
    assert net.generators.loc["B-coal", "capacity_mw"] == 40  # added
    assert net.availability_pu["B-coal"].iloc[0] == pytest.approx(0.9)


def test_links_in_service_by_year_and_overrides(root):
    assert list(network(root).links.index) == ["A-B"]
    net = build_network(load_scenario(write_scenario(root, "data: data\nyear: 2030\n")))
    assert list(net.links.index) == ["A-B", "A-B-2"]
    net = network(root, "interconnectors: {A-B: {capacity_fwd_mw: 5}, A-B-2: {capacity_mw: 7}}\n")
    assert net.links.loc["A-B", "capacity_fwd_mw"] == 5 and net.links.loc["A-B", "capacity_bwd_mw"] == 40
    assert net.links.loc["A-B-2", "capacity_bwd_mw"] == 7  # planned, brought in by the scenario
    with pytest.raises(InputError, match="planned for 2030"):  # named without a capacity: not for free
        network(root, "interconnectors: {A-B-2: {wheeling_usd_per_mwh: 6}}\n")
    with pytest.raises(InputError, match="reversed twin"):
        network(root, "interconnectors: {B-A: {capacity_mw: 3}}\n")


def _without_links(root):
    path = root / "data" / "interconnectors.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")


def test_new_link_between_known_regions(root):
    _without_links(root)
    net = network(root, "interconnectors: {B-A: {capacity_mw: 3}}\n")
    assert net.links.loc["B-A", "efficiency"] == 1.0 and net.links.loc["B-A", "capacity_fwd_mw"] == 3
    assert net.links["cross_border"].all()


def test_new_link_needs_capacity(root):
    _without_links(root)
    with pytest.raises(InputError, match="needs capacity"):
        network(root, "interconnectors: {B-A: {efficiency: 0.9}}\n")


def test_network_is_not_mutated_by_replace(root):
    net = network(root)
    other = net.replace(links=net.links.assign(capacity_fwd_mw=0.0))
    assert net.links["capacity_fwd_mw"].iloc[0] == 60 and other.links["capacity_fwd_mw"].iloc[0] == 0
