"""``energymodel import-pypsa`` on a three-bus PyPSA CSV folder written by hand (tests/data/pypsa_small),
read without PyPSA (PyPSA's defaults) and, where installed, with it; the optimum is worked out by hand.

Hand optimum (weights and durations 2 h): bus 2 needs 50, 80, 120 MW; g a (bus 1, 10 USD/MWh) sends up to
60 MW over link 1-2; g_b (bus 2, 30 USD/MWh) covers the rest. The storage unit at bus 3 starts with 2 MWh,
loses 1 %/h and delivers 0.8 of what it takes out at 1.5 USD/MWh: all of it at t1 (price 30, the least decay
of the 30 USD hours), d1 = 0.8 · 2 · 0.99² / 2 h MW, sent over link 3-2 (the start level enters the
first snapshot without standing loss, as in PyPSA, and decays over t1: 2 h at 1 %/h).
"""
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from energymodel import InputError, build_network, load_scenario
from energymodel.cli import main
from energymodel.inputs.pypsa_import import import_pypsa
from networks import solve_network

SMALL = Path(__file__).parent / "data" / "pypsa_small"
D1 = 0.8 * 2 * 0.99 ** 2 / 2
OBJECTIVE = 2 * (50 * 10 + (60 * 10 + 20 * 30) + (60 * 10 + 60 * 30)) - 2 * D1 * (30 - 1.5)


@pytest.fixture(params=["without_pypsa", "with_pypsa"])
def imported(request, tmp_path, monkeypatch):
    if request.param == "without_pypsa":
        monkeypatch.setitem(sys.modules, "pypsa", None)  # import pypsa raises ImportError
    else:
        pytest.importorskip("pypsa")
    return import_pypsa(SMALL, tmp_path / "out")


def test_import_writes_data_scenario_and_note_and_solves_to_the_hand_optimum(imported):
    out = imported.parent
    assert {p.name for p in out.iterdir()} == {"data", "pypsa_small.yaml", "conversion.md"}
    data = out / "data"
    assert not (data / "fuel_prices.csv").exists()  # no fuel is priced: generators carry their own cost
    gens = pd.read_csv(data / "generators.csv").set_index("generator")
    assert gens["marginal_cost_usd_per_mwh"].to_dict() == {"g_a": 10.0, "g_b": 30.0, "g_c": 50.0}
    assert "| generator | g a | g_a |" in (out / "conversion.md").read_text()
    st = pd.read_csv(data / "storage.csv").iloc[0]
    assert (st["power_mw"], st["charge_power_mw"], st["energy_mwh"]) == (4.0, 2.0, 16.0)
    assert (st["standing_loss_pu_per_h"], st["initial_soc_pu"], st["dispatch_cost_usd_per_mwh"]) == (0.01, 0.125, 1.5)
    assert not bool(st["cyclic"])
    net = build_network(load_scenario(imported))
    assert list(net.regions.index) == ["1", "2", "3"]  # numeric bus names stay text
    assert list(net.weight_h) == [2.0] * 3 and net.snapshots[1] == pd.Timestamp("2024-03-01T02:00Z")
    assert (net.demand_mw["1"] == 0).all() and list(net.demand_mw["2"]) == pytest.approx([50, 80, 120])
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(OBJECTIVE, rel=1e-9)
    p = res.price_matrix()
    assert list(p["2"]) == pytest.approx([10, 30, 30]) and list(p["1"]) == pytest.approx([10, 10, 10])
    assert res.storage.set_index(res.storage["snapshot"].dt.hour)["discharge_mw"][2] == pytest.approx(D1)


def test_the_cli_imports_and_refuses_a_folder_with_files(tmp_path, capsys):
    out = tmp_path / "net"
    assert main(["import-pypsa", str(SMALL), str(out), "--name", "small"]) == 0
    assert "energymodel run" in capsys.readouterr().out
    scenario = yaml.safe_load((out / "small.yaml").read_text())
    assert scenario["data"] == "data" and scenario["integration"] == {"counterfactual": "none"}
    assert main(["import-pypsa", str(SMALL), str(out)]) == 2  # not empty: nothing is replaced
    assert (out / "small.yaml").exists()
    with pytest.raises(InputError, match="not found"):
        import_pypsa(tmp_path / "missing.nc", tmp_path / "x")


@pytest.mark.slow
def test_pypsa_solves_the_small_network_to_the_same_objective_and_prices(tmp_path):
    pypsa = pytest.importorskip("pypsa")
    n = pypsa.Network(str(SMALL))
    n.optimize(solver_name="highs")
    res = solve_network(build_network(load_scenario(import_pypsa(SMALL, tmp_path / "out"))))
    assert res.objective_usd == pytest.approx(n.objective, rel=1e-8)
    prices = res.price_matrix().to_numpy()
    assert prices == pytest.approx(n.buses_t.marginal_price[["1", "2", "3"]].to_numpy(), abs=1e-6)


def test_an_unquoted_numeric_region_name_in_a_scenario_says_to_quote_it(tmp_path):
    scenario = import_pypsa(SMALL, tmp_path / "out")
    scenario.write_text(scenario.read_text() + "demand:\n  scale: {2: 1.1}\n")
    with pytest.raises(InputError, match=r'must be quoted in YAML, e.g. "2"') as err:
        load_scenario(scenario)
    assert "demand.scale.2" in str(err.value)
    scenario.write_text(scenario.read_text().replace("{2: 1.1}", '{"2": 1.1}'))
    assert build_network(load_scenario(scenario)).demand_mw["2"].iloc[0] == pytest.approx(55.0)


@pytest.mark.slow
def test_export_then_import_solves_to_the_same_objective(tmp_path):
    """Round trip on the two-region example (electricity only): energymodel → export-pypsa → import-pypsa →
    energymodel gives the same optimal objective."""
    pytest.importorskip("pypsa")
    from energymodel import build_network, load_scenario
    from energymodel.cli import main as cli_main
    from energymodel.solver.highs import solve_lp
    from energymodel.solver.worker import compile_network

    root = Path(__file__).resolve().parents[1]
    scenario = root / "examples" / "two_regions.yaml"
    nc, out = tmp_path / "two.nc", tmp_path / "imported"
    assert cli_main(["export-pypsa", str(scenario), str(nc), "--hours", "48"]) == 0
    assert cli_main(["import-pypsa", str(nc), str(out)]) == 0
    original = solve_lp(compile_network(build_network(load_scenario(scenario, hours=48)))[0]).objective_usd
    imported = solve_lp(compile_network(build_network(load_scenario(out / "two.yaml")))[0]).objective_usd
    assert imported == pytest.approx(original, rel=1e-9)


@pytest.mark.slow
def test_the_shipped_base_year_round_trips_through_pypsa_exactly(tmp_path):
    """The base year with its gas network (relaxed as export-pypsa needs: no annual limits, cyclic
    reservoirs), a week: export → import → solve gives the same objective. The pieces that have to come
    back: free gas disposal and gas exports (generators with p_min_pu < 0 → min_output_pu < 0), unlimited
    world LNG and pipelines (free extendable → 1e9 MW), gas-fired units as links from gas buses (efficiency
    1 / heat rate, cost per MWh_th), gas arcs with losses and costs, reservoirs (storage with inflow, spill,
    cyclic)."""
    pytest.importorskip("pypsa")
    from energymodel import build_network, load_scenario
    from energymodel.cli import main as cli_main
    from energymodel.inputs.yamlfile import parse_override
    from energymodel.solver.highs import solve_lp
    from energymodel.solver.worker import compile_network

    root = Path(__file__).resolve().parents[1]
    base = root / "scenarios" / "base.yaml"
    sets = ["rules.must_run=false", "rules.take_or_pay=false", "rules.fuel_supply=false", "rules.reservoir_path=false",
            "reservoir_end=cyclic"]
    nc, out = tmp_path / "base.nc", tmp_path / "imported"
    assert cli_main(["export-pypsa", str(base), str(nc), "--hours", "168"]
                    + [a for s_ in sets for a in ("--set", s_)]) == 0
    assert cli_main(["import-pypsa", str(nc), str(out)]) == 0
    original = build_network(load_scenario(base, hours=168, overrides=[parse_override(s_) for s_ in sets]))
    imported = build_network(load_scenario(out / "base.yaml"))
    assert (imported.generators["min_output_pu"] < 0).sum() == len(original.gas_nodes) + (
        original.gas_supply["kind"] == "export").sum()
    ours = solve_lp(compile_network(original)[0]).objective_usd
    theirs = solve_lp(compile_network(imported)[0]).objective_usd
    assert theirs == pytest.approx(ours, rel=1e-6)


def test_a_stores_e_min_pu_is_its_least_level(tmp_path, monkeypatch):
    """A store (10 MWh, e_min_pu 0.5, cyclic) between a unit at 10 USD/MWh available only in hour 0 and one
    at 100 USD/MWh: only 5 MWh of it can be used for hour 1's 10 MW, so 5·10 + 5·100 = 550 (without
    the floor: 10·10 = 100); the price of hour 1 is 100."""
    monkeypatch.setitem(sys.modules, "pypsa", None)  # read with PyPSA's defaults
    net = tmp_path / "net"
    net.mkdir()
    files = {"snapshots.csv": "snapshot\n2023-01-01 00:00\n2023-01-01 01:00\n",
             "buses.csv": "name\nA\n", "loads.csv": "name,bus\nload,A\n",
             "loads-p_set.csv": "snapshot,load\n2023-01-01 00:00,0\n2023-01-01 01:00,10\n",
             "generators.csv": "name,bus,p_nom,marginal_cost\ncheap,A,100,10\ndear,A,100,100\n",
             "generators-p_max_pu.csv": "snapshot,cheap\n2023-01-01 00:00,1\n2023-01-01 01:00,0\n",
             "stores.csv": "name,bus,e_nom,e_min_pu,e_cyclic\nst,A,10,0.5,True\n"}
    for name, text in files.items():
        (net / name).write_text(text)
    scenario = import_pypsa(net, tmp_path / "out")
    built = build_network(load_scenario(scenario))
    assert built.storage.at["st", "min_soc_pu"] == pytest.approx(0.5)
    res = solve_network(built)
    assert res.objective_usd == pytest.approx(550)
    assert res.price_matrix()["A"].iloc[1] == pytest.approx(100)
