"""Gas network from files: a run writes the gas results; scenario gas keys resolve as documented
(data/GAS.md); bad gas files and keys exit 2 naming the file and the key."""
import json
import os

import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.inputs.units import MWH_TH_PER_MMBTU
from files import write_data_dir, write_gas_files, write_scenario
from files import run_cli as run


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_gas_files(write_data_dir(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def network(root, extra=""):
    return build_network(load_scenario(write_scenario(root, "data: data\nyear: 2023\n" + extra), hours=24))


def test_run_writes_gas_results(project, capsys):
    scen = write_scenario(project)
    code, text = run(["run", str(scen), "--hours", "48", "--out", "out"], capsys)
    assert code == 0, text
    out = project / "out"
    prices = pd.read_csv(out / "gas_prices.csv")
    assert list(prices.columns) == ["snapshot", "node", "price_usd_per_mwh_th", "price_usd_per_mmbtu"]
    assert len(prices) == 48 * 4
    assert (prices["price_usd_per_mmbtu"] - prices["price_usd_per_mwh_th"] * MWH_TH_PER_MMBTU).abs().max() < 1e-4
    flows = pd.read_csv(out / "gas_flows.csv")
    assert set(flows["gas_link"]) == {"A_FIELD-B", "WORLD-B_LNG", "B_LNG-B"}
    for name in ("gas_supply.csv", "gas_balance.csv", "lng_cargoes.csv", "inputs/gas_links.csv",
                 "inputs/gas_supply.csv", "inputs/gas_demand_mw_th.csv"):
        assert (out / name).exists(), name
    summary = json.loads((out / "summary.json").read_text())
    b = summary["countries"]["B"]
    assert b["gas_for_power_twh_th"] > 0 and b["avg_gas_price_usd_per_mmbtu"] > 0
    assert "gas" in summary and "A-field" in summary["gas"]["supply_by_source_twh_th"]
    gens = pd.read_csv(out / "inputs" / "generators.csv", index_col=0)
    assert gens.loc["B-ccgt", "gas_node"] == "B"
    assert gens.loc["B-ccgt", "marginal_cost_usd_per_mwh"] == pytest.approx(3.0)  # VOM only, no fuel


def test_data_without_gas_writes_empty_gas_files_and_keeps_summary(tmp_path, monkeypatch, capsys):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    scen = write_scenario(tmp_path)
    assert run(["run", str(scen), "--hours", "24", "--out", "out"], capsys)[0] == 0
    assert pd.read_csv(tmp_path / "out" / "gas_prices.csv").empty
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert "gas" not in summary and "gas_for_power_twh_th" not in summary["countries"]["B"]


def test_gas_price_keys_move_reference_and_domestic_prices(project):
    net = network(project, "prices: {gas_usd_per_mmbtu: {henry_hub: 3.0, lng: 12.0}}\n")
    sup = net.gas_supply["price_usd_per_mwh_th"]
    assert sup["A-field"] == pytest.approx(3.0 / MWH_TH_PER_MMBTU + 2)  # Henry Hub + the data's adder
    assert sup["world"] == pytest.approx(12.0 / MWH_TH_PER_MMBTU)
    # a region's price replaces domestic gas produced in its country (A_FIELD lies in country AAA = A)
    net = network(project, "prices: {gas_usd_per_mmbtu: {A: 2.0}}\n")
    assert net.gas_supply.at["A-field", "price_usd_per_mwh_th"] == pytest.approx(2.0 / MWH_TH_PER_MMBTU)
    assert net.gas_supply.at["world", "price_usd_per_mwh_th"] == pytest.approx(40)


@pytest.mark.parametrize("text", ["gas_usd_per_mmbtu: 8", "gas_usd_per_mmbtu: {'*': 8}"])
def test_a_plain_gas_price_means_every_gas_price(project, text):
    """`gas_usd_per_mmbtu: 8` (or `"*": 8`) sets both references, every domestic and fixed-price supply and
    the plants without a gas node; supplies priced off a reference keep their adder (basis, netback)."""
    import pandas as pd

    data = project / "data"
    sup = pd.read_csv(data / "gas_supply.csv", dtype=str, keep_default_na=False)
    fixed = sup.iloc[[0]].assign(supply="C-pipe", kind="pipeline_import", price_reference="none",
                                 adder_usd_per_mwh_th="55", capacity_mw_th="10")
    pd.concat([sup, fixed]).to_csv(data / "gas_supply.csv", index=False)
    net = network(project, f"prices: {{{text}}}\n")
    eight = 8 / MWH_TH_PER_MMBTU
    price = net.gas_supply["price_usd_per_mwh_th"]
    assert price["A-field"] == pytest.approx(eight)  # domestic: replaces reference + adder
    assert price["world"] == pytest.approx(eight)  # the lng reference (adder 0)
    assert price["C-pipe"] == pytest.approx(eight)  # a fixed-price import
    # named keys still win over the plain value
    net = network(project, "prices: {gas_usd_per_mmbtu: {'*': 8, lng: 12, A: 2}}\n")
    assert net.gas_supply.at["world", "price_usd_per_mwh_th"] == pytest.approx(12 / MWH_TH_PER_MMBTU)
    assert net.gas_supply.at["A-field", "price_usd_per_mwh_th"] == pytest.approx(2 / MWH_TH_PER_MMBTU)
    assert net.gas_supply.at["C-pipe", "price_usd_per_mwh_th"] == pytest.approx(eight)


def test_gas_link_overrides_and_a_hypothetical_link(project):
    net = network(project, "gas_links: {A_FIELD-B: {capacity_mw_th: 20, loss_pu: 0.05}}\n")
    assert net.gas_links.at["A_FIELD-B", "capacity_mw_th"] == 20
    assert net.gas_links.at["A_FIELD-B", "loss_pu"] == 0.05
    assert net.gas_links.at["A_FIELD-B", "cross_border"]
    assert not net.gas_links.at["WORLD-B_LNG", "cross_border"]


def test_a_hypothetical_pipeline_is_added_between_known_nodes(project):
    base = network(project)
    assert "B-A_FIELD" not in base.gas_links.index
    net = network(project, "gas_links: {B-A_FIELD: {kind: pipeline, capacity_mw_th: 100, cost_usd_per_mwh_th: 1}}\n")
    link = net.gas_links.loc["B-A_FIELD"]
    assert link["kind"] == "pipeline" and link["capacity_mw_th"] == 100 and link["loss_pu"] == 0


BAD_SCENARIOS = {
    "unknown gas link": ("gas_links: {A_FIELD-ZZ: {capacity_mw_th: 1}}\n", "gas_links.A_FIELD-ZZ"),
    "new gas link without kind": ("gas_links: {B-A_FIELD: {capacity_mw_th: 1}}\n", "gas_links.B-A_FIELD"),
    "gas link kind does not fit nodes": ("gas_links: {WORLD-B: {kind: pipeline, capacity_mw_th: 1}}\n",
                                         "gas_links.WORLD-B"),
    "gas link loss of one": ("gas_links: {A_FIELD-B: {loss_pu: 1.0}}\n", "gas_links.A_FIELD-B.loss_pu"),
    "gas link unknown field": ("gas_links: {A_FIELD-B: {capacity_mw: 1}}\n", "gas_links.A_FIELD-B.capacity_mw"),
    "changing a gas link's kind": ("gas_links: {A_FIELD-B: {kind: lng_route}}\n", "gas_links.A_FIELD-B.kind"),
    "unknown gas price key": ("prices: {gas_usd_per_mmbtu: {henryhub: 3}}\n", "prices.gas_usd_per_mmbtu.henryhub"),
}


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_bad_gas_scenario_exits_2(project, capsys, case):
    text, expected = BAD_SCENARIOS[case]
    scen = write_scenario(project, "data: data\nyear: 2023\n" + text)
    code, log_text = run(["validate", str(scen)], capsys)
    assert code == 2, log_text
    assert "scen.yaml" in log_text and expected in log_text and "Traceback" not in log_text


def test_gas_keys_without_a_gas_network_exit_2(tmp_path, monkeypatch, capsys):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    for text, expected in [("prices: {gas_usd_per_mmbtu: {lng: 12}}\n", "prices.gas_usd_per_mmbtu.lng"),
                           ("gas_links: {X-Y: {kind: pipeline, capacity_mw_th: 1}}\n", "gas_links")]:
        scen = write_scenario(tmp_path, "data: data\nyear: 2023\n" + text)
        code, log_text = run(["validate", str(scen)], capsys)
        assert code == 2 and expected in log_text and "no gas network" in log_text


def _edit(path, fn):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    fn(df).to_csv(path, index=False)


BAD_DATA = {
    "gas file missing": (lambda d: os.remove(d / "gas_links.csv"), "gas_links.csv", "needs all of"),
    "unknown node in a link": (lambda d: _edit(d / "gas_links.csv", lambda df: df.assign(to_node=["B", "B_LNG", "Q"])),
                               "gas_links.csv", "unknown node"),
    "regas from a country node": (lambda d: _edit(d / "gas_links.csv", lambda df: df.assign(from_node=["A_FIELD", "WORLD", "A_FIELD"])),
                                  "gas_links.csv", "node kind does not fit"),
    "export without capacity": (lambda d: _edit(d / "gas_supply.csv", lambda df: df.assign(kind=["domestic", "export"])),
                                "gas_supply.csv", "finite capacity"),
    "unknown price reference": (lambda d: _edit(d / "gas_supply.csv", lambda df: df.assign(price_reference=["nbp", "lng"])),
                                "gas_supply.csv", "price_reference"),
    "negative gas capacity": (lambda d: _edit(d / "gas_links.csv", lambda df: df.assign(capacity_mw_th=["-1", "", "400"])),
                              "capacity_mw_th", "non-negative"),
    "two nodes for a region": (lambda d: _edit(d / "gas_nodes.csv", lambda df: df.assign(region=["B", "", "", ""], kind=["country", "country", "lng", "lng_market"]).pipe(lambda x: x.assign(region=["B", "B", "", ""]))),
                               "gas_nodes.csv", "two gas nodes"),
    "node name with a hyphen": (lambda d: _edit(d / "gas_nodes.csv", lambda df: df.assign(node=["B", "A-FIELD", "B_LNG", "WORLD"])),
                                "gas_nodes.csv", "may not contain"),
    "unresolved gas source": (lambda d: _edit(d / "gas_demand.csv", lambda df: df.assign(source_id=["nobody"])),
                              "gas_demand.csv", "gas_sources.csv"),
    "duplicate source across files": (lambda d: _edit(d / "gas_sources.csv", lambda df: df.assign(source_id=["test"])),
                                      "gas_sources.csv", "already defined"),
}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_gas_data_exits_2_naming_file_and_column(project, capsys, case):
    breaker, where, expected = BAD_DATA[case]
    breaker(project / "data")
    scen = write_scenario(project)
    code, text = run(["validate", str(scen)], capsys)
    assert code == 2, text
    assert where in text and expected in text, text
