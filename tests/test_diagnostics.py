"""Diagnostics: each check fires on a tiny network built to trigger it (and stays quiet where it should),
and every run and multi-solve command reports them in the log, summary.json, the report and --strict."""
import json

import numpy as np
import pytest

from energymodel.analysis.integration import isolate
from energymodel.results import diagnostics as dg
from files import write_data_dir, write_gas_files, write_scenario
from files import run_cli as run
from networks import make_network, solve_network


def codes(found, severity=None):
    return [d.code for d in found if severity is None or d.severity == severity]


def importer(n_t=2, weight_h=1.0, link_mw=150.0):
    """A exports to B, which has no generation: isolated, B sheds all its 100 MW at VOLL 3000."""
    return make_network({"A": 0.0, "B": 100.0}, [dict(name="a", region="A", capacity_mw=200, cost=10)],
                        links=[{"name": "A-B", "from": "A", "to": "B", "fwd": link_mw}], n_t=n_t, weight_h=weight_h)


def test_unserved_energy_in_the_counterfactual_and_its_share_of_the_value():
    net = importer(weight_h=4380.0)  # two snapshots standing for the full year: no short-horizon note
    res, cf = solve_network(net), solve_network(isolate(net))
    found = dg.diagnose(res, cf, "isolated")
    unserved = [d for d in found if d.code == "unserved_energy"]
    assert [d.where for d in unserved] == ["B", "value_usd"]
    assert "the counterfactual (isolated) sheds load (GWh/yr: B 876.0)" in unserved[0].message
    # value = 876,000 MWh × (3000 − 10) USD/MWh; avoided unserved energy = 876,000 × 3000: 100 % of it
    assert "accounts for 100% of the value" in unserved[1].message
    assert "(2,628.0 of 2,619.2 M USD/yr)" in unserved[1].message
    assert codes(found) == ["unserved_energy", "unserved_energy", "shortage_pricing"]
    shortage = found[2]
    assert shortage.where == "B" and "counterfactual (isolated) B's average price is 3,000 USD/MWh" in shortage.message


def test_unserved_energy_in_the_scenario_is_a_warning_too():
    net = importer(link_mw=60.0, weight_h=4380.0)  # B short of 40 MW even with the link
    found = dg.diagnose(solve_network(net))
    assert "the scenario sheds load (GWh/yr: B 350.4)" in found[0].message
    assert "link_saturated" in codes(found)


def test_no_diagnostic_on_a_healthy_year():
    t = np.arange(4)
    net = make_network({"A": 50 + 10 * t, "B": 100.0 - 10 * t},
                       [dict(name="a", region="A", capacity_mw=300, cost=10),
                        dict(name="b", region="B", capacity_mw=300, cost=20, availability=[1, 0.9, 0.8, 0.7])],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 500}], weight_h=2190.0)
    assert dg.diagnose(solve_network(net), solve_network(isolate(net)), "isolated") == []


def test_short_horizon_only_when_reservoirs_or_shedding_matter():
    hydro = [dict(name="h", region="A", capacity_mw=50, energy_mwh=500, inflow=20.0)]
    gens = [dict(name="a", region="A", capacity_mw=200, cost=10)]
    week = make_network({"A": 100.0}, gens, hydro=hydro, n_t=4)
    found = dg.short_horizon(solve_network(week), None)
    assert codes(found) == ["short_horizon"] and "reservoirs supply 20% of generation" in found[0].message
    assert "×2.19e+03" in found[0].message
    assert dg.short_horizon(solve_network(make_network({"A": 100.0}, gens, n_t=4)), None) == []  # no hydro
    year = make_network({"A": 100.0}, gens, hydro=hydro, n_t=4, weight_h=2190.0)
    assert dg.short_horizon(solve_network(year), None) == []


def test_flat_price_over_a_day_of_snapshots():
    gens = [dict(name="a", region="A", capacity_mw=200, cost=10)]
    found = dg.flat_price(solve_network(make_network({"A": 100.0}, gens, n_t=24)))
    assert codes(found) == ["flat_price"] and "10.00 USD/MWh in every one of 24 snapshots" in found[0].message
    assert dg.flat_price(solve_network(make_network({"A": 100.0}, gens, n_t=23))) == []  # under a day
    two = gens + [dict(name="b", region="A", capacity_mw=200, cost=30)]
    varying = make_network({"A": [100.0] * 12 + [300.0] * 12}, two)
    assert dg.flat_price(solve_network(varying)) == []


def test_link_saturated_in_nearly_every_snapshot():
    t = np.arange(20)
    gens = [dict(name="a", region="A", capacity_mw=200, cost=10), dict(name="b", region="B", capacity_mw=200, cost=50)]

    def saturated(n_low):
        net = make_network({"A": 0.0, "B": 100.0 - 60 * (t < n_low)}, gens,
                           links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 50, "bwd": 50}])
        return dg.link_saturated(solve_network(net))

    found = saturated(1)  # at capacity in 19 of 20 snapshots: 95 %
    assert [(d.code, d.where) for d in found] == [("link_saturated", "A-B")]
    assert "(50 MW A→B) in 95% of snapshots" in found[0].message
    assert saturated(2) == []  # 90 %


def test_link_saturated_counts_available_capacity_and_leaves_closed_snapshots_out():
    # B needs 100 MW in 20 snapshots; A-B is at half capacity (25 of 50 MW) in snapshots 0-9 and closed A→B in
    # snapshots 10-11: the link carries what is available in every open snapshot, so it is saturated in 100 %
    # of the 90 % of snapshots in which it is open (the nameplate test saw 40 %)
    import pandas as pd
    gens = [dict(name="a", region="A", capacity_mw=200, cost=10), dict(name="b", region="B", capacity_mw=200, cost=50)]
    net = make_network({"A": 0.0, "B": 100.0}, gens, n_t=20,
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 50, "bwd": 50}])
    limit = np.ones(20)
    limit[:10], limit[10:12] = 0.5, 0.0
    net = net.replace(link_limit_pu=pd.DataFrame({"A-B fwd": limit}, index=pd.RangeIndex(20, name="snapshot")))
    found = dg.link_saturated(solve_network(net))
    assert [(d.code, d.where) for d in found] == [("link_saturated", "A-B")]
    assert "at its capacity as available (50 MW A→B) in 100% of the 90% of snapshots it is open" in found[0].message


# ---- through the command line ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


FULL_YEAR = ["--hours", "8760", "--resolution-h", "2190"]  # a quiet year in four snapshots


def test_capacity_overrides_that_look_like_unit_errors(project, capsys):
    scen = write_scenario(project, "data: data\nyear: 2023\ngenerators: {B: {solar_pv_mw: 1.4}}\n"
                                   "interconnectors: {A-B: {capacity_mw: 1.2}, A-B-2: {capacity_fwd_mw: 1500}}\n")
    code, err = run(["run", str(scen), *FULL_YEAR, "--out", "out"], capsys)
    assert code == 0
    found = json.loads((project / "out" / "summary.json").read_text())["diagnostics"]
    units = {d["where"]: d["message"] for d in found if d["code"] == "capacity_unit"}
    assert set(units) == {"generators.B.solar_pv_mw", "interconnectors.A-B.capacity_mw",
                          "interconnectors.A-B-2.capacity_fwd_mw"}
    assert "from 100 MW by a factor of 0.014" in units["generators.B.solar_pv_mw"]
    assert "looks like GW typed as MW" in units["interconnectors.A-B.capacity_mw"]
    assert "from 100 MW by a factor of 15" in units["interconnectors.A-B-2.capacity_fwd_mw"]
    assert err.count("WARNING [capacity_unit]") == 3  # one line each in the log
    report = (project / "out" / "report.md").read_text()
    assert report.index("## Diagnostics") < report.index("## Regions") and "`capacity_unit`" in report


def test_strict_turns_warnings_into_exit_2_and_still_writes_results(project, capsys):
    quiet = write_scenario(project, name="quiet.yaml")
    assert run(["run", str(quiet), *FULL_YEAR, "--strict", "--out", "q"], capsys)[0] == 0
    assert json.loads((project / "q" / "summary.json").read_text())["diagnostics"] == []
    code, err = run(["run", str(quiet), "--hours", "48", "--strict", "--out", "short"], capsys)
    assert code == 2 and "WARNING [short_horizon]" in err and "--strict: " in err and "Traceback" not in err
    assert (project / "short" / "summary.json").exists()
    assert run(["run", str(quiet), "--hours", "48", "--out", "short"], capsys)[0] == 0  # without --strict


@pytest.mark.parametrize("command", [["links", "--workers", "1"],
                                     ["curve", "--link", "A-B", "--to", "60", "--step", "30"]])
def test_multi_solve_commands_report_diagnostics_and_obey_strict(project, capsys, command):
    scen = write_scenario(project, "data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: 1.2}}\n")
    code, err = run([command[0], str(scen), *command[1:], *FULL_YEAR, "--strict", "--out", "out"], capsys)
    assert code == 2 and "WARNING [capacity_unit]" in err and "INFO [value_definition]" in err
    name = {"links": "links", "curve": "curve"}[command[0]]
    found = json.loads((project / "out" / f"{name}.json").read_text())["diagnostics"]
    assert {d["code"] for d in found} >= {"capacity_unit", "value_definition"}
    assert "## Diagnostics" in (project / "out" / f"{name}.md").read_text()


def test_compare_lists_each_scenarios_diagnostics(project, capsys):
    a = write_scenario(project, name="a.yaml")
    b = write_scenario(project, "data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: 1.2}}\n", name="b.yaml")
    code, _ = run(["compare", str(a), str(b), *FULL_YEAR, "--strict", "--out", "cmp"], capsys)
    assert code == 2
    text = (project / "cmp" / "compare.md").read_text()
    assert "b: interconnectors.A-B.capacity_mw = 1.2 MW looks like GW" in text and "a: " not in text
    assert run(["compare", str(a), *FULL_YEAR, "--strict", "--out", "cmp", "--replace"], capsys)[0] == 0


def test_why_run_and_links_values_differ_with_gas_links(project, capsys):
    write_gas_files(project / "data")
    scen = write_scenario(project)
    run(["run", str(scen), *FULL_YEAR, "--out", "r"], capsys)
    found = json.loads((project / "r" / "summary.json").read_text())["diagnostics"]
    note = [d for d in found if d["code"] == "value_definition"]
    assert len(note) == 1 and note[0]["severity"] == "info" and "A_FIELD-B" in note[0]["message"]
    assert "`energymodel links` values the electricity links only" in note[0]["message"]
    run(["links", str(scen), *FULL_YEAR, "--workers", "1", "--out", "l"], capsys)
    found = json.loads((project / "l" / "links.json").read_text())["diagnostics"]
    assert any(d["code"] == "value_definition" and "also cuts the 1 cross-border gas links (A_FIELD-B)"
               in d["message"] for d in found)
