"""Inputs that used to crash or lose data, fixed by kind (one rule each) and tested case by case: names
sharing an output column, a unit the scenario adds, duplicate keys and headers, numbers at the solver's
infinity, HiGHS return statuses, and output folders that hold an input of the run."""
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel.errors import InputError, SolveError
from energymodel.inputs.data import KEYS, SCHEMAS, read_tables
from files import write_data_dir, write_gas_files, write_scenario, write_zoned_data_dir
from files import run_cli as run
from networks import make_network, solve_network


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit_csv(path, fn):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    fn(df).to_csv(path, index=False)


# ---- one namespace for every name that lands in one output column ------------------------------------


def test_reservoir_named_like_a_generator_is_rejected_by_validate(project, capsys):
    edit_csv(project / "data" / "hydro.csv", lambda df: df.assign(hydro="A-coal"))
    scen = write_scenario(project)
    for command in (["validate", str(scen)], ["run", str(scen), "--hours", "24", "--out", "out"]):
        code, err = run(command, capsys)
        assert code == 2, err
        assert "hydro.csv" in err and "'A-coal'" in err and "generators.csv" in err and "Traceback" not in err
    assert not (project / "out").exists()


def test_scenario_added_unit_never_takes_an_existing_name(project, capsys):
    data = project / "data"
    edit_csv(data / "technologies.csv", lambda df: pd.concat(
        [df, df.iloc[[2]].assign(technology="cheap", profile="", vom_usd_per_mwh="1")]))
    edit_csv(data / "generators.csv", lambda df: df.assign(
        generator=df["generator"].replace({"B-ccgt": "B-cheap"})))  # a ccgt unit named like the tech 'cheap'
    scen = write_scenario(project, "data: data\nyear: 2023\ngenerators: {B: {cheap_mw: 100}}\n")
    code, err = run(["run", str(scen), "--hours", "24", "--out", "out"], capsys)
    assert code == 0, err
    gens = pd.read_csv(project / "out" / "inputs" / "generators.csv", index_col=0)
    assert gens.at["B-cheap", "technology"] == "ccgt" and gens.at["B-cheap", "capacity_mw"] == 250
    assert gens.at["B-cheap-scenario", "technology"] == "cheap" and gens.at["B-cheap-scenario", "capacity_mw"] == 100
    dispatch = pd.read_csv(project / "out" / "dispatch.csv")
    added = dispatch[dispatch["generator"] == "B-cheap-scenario"]
    assert len(added) == 24 and added["mw"].max() > 0  # the cheapest unit in B runs: it entered the LP


# ---- one duplicate-key check for every keyed table, one for duplicate column headers ------------------


def test_every_table_has_a_key():
    assert set(KEYS) == set(SCHEMAS)


@pytest.mark.parametrize("table", sorted(KEYS))
def test_duplicate_key_in_any_table_is_an_input_error(tmp_path, table):
    data = write_zoned_data_dir(tmp_path) if table.startswith("zone") else write_data_dir(tmp_path)
    write_gas_files(data)
    path = data / f"{table}.csv"
    if table == "lines":  # optional: the test data directory has none
        regions = pd.read_csv(data / "regions.csv")["region"]
        pd.DataFrame([{"line": "L1", "from_region": regions[0], "to_region": regions[1], "capacity_mw": 100,
                       "reactance_pu": 0.1, "source_id": pd.read_csv(data / "sources.csv")["source_id"][0]}]).to_csv(
            path, index=False)
    elif not path.exists():   # an optional table the fixture does not write (hydrology, rules): the shipped one
        shutil.copy(Path(__file__).resolve().parents[1] / "data" / f"{table}.csv", path)
    edit_csv(path, lambda df: pd.concat([df, df.iloc[[0]]]))
    with pytest.raises(InputError, match="duplicate key") as exc:
        read_tables(data)
    # an optional key column the file does not have (carbon_prices.csv:fuel) is not part of the key
    key = "/".join(k for k in KEYS[table] if k in pd.read_csv(path).columns)
    assert exc.value.file == str(path) and exc.value.key == key


def test_carbon_price_region_twice_exits_2_not_a_type_error(project, capsys):
    edit_csv(project / "data" / "carbon_prices.csv", lambda df: pd.concat([df, df.assign(carbon_usd_per_t="5")]))
    code, err = run(["validate", str(write_scenario(project))], capsys)
    assert code == 2 and "carbon_prices.csv" in err and "duplicate key (region='*')" in err


@pytest.mark.parametrize("file", ["demand.csv", "profiles/demand_pu.csv"])
def test_duplicate_column_header_is_an_input_error(project, capsys, file):
    path = project / "data" / file
    lines = path.read_text().splitlines()
    first = lines[0].split(",")[1]  # a table column and a profile column
    path.write_text("\n".join(f"{line},{line.split(',')[1]}" if i else f"{line},{first}"
                              for i, line in enumerate(lines)) + "\n")
    code, err = run(["validate", str(write_scenario(project))], capsys)
    assert code == 2 and file in err and f"column '{first}' appears twice" in err


# ---- numbers at or beyond the solver's infinity: rejected with the key named --------------------------


def test_voll_at_solver_infinity_is_rejected_naming_the_key(project, capsys):
    scen = write_scenario(project, "data: data\nyear: 2023\nvoll_usd_per_mwh: 1e30\ndemand: {scale: {A: 5}}\n")
    code, err = run(["run", str(scen), "--hours", "24", "--out", "out"], capsys)
    assert code == 2 and "voll_usd_per_mwh" in err and "1e+20" in err and "Unknown" not in err


@pytest.mark.parametrize("key", ["interconnectors: {A-B: {capacity_mw: 1e20}}", "demand: {annual_twh: {A: 2e21}}",
                                 "prices: {coal_usd_per_t: {A: 1e25}}"])
def test_every_scenario_number_is_below_solver_infinity(project, capsys, key):
    code, err = run(["validate", str(write_scenario(project, f"data: data\nyear: 2023\n{key}\n"))], capsys)
    assert code == 2 and "treats as infinite" in err


def test_data_number_at_solver_infinity_is_rejected_naming_row_and_column(project, capsys):
    edit_csv(project / "data" / "generators.csv", lambda df: df.assign(capacity_mw=["1e20", "250", "100"]))
    code, err = run(["validate", str(write_scenario(project))], capsys)
    assert code == 2 and "generators.csv" in err and "capacity_mw" in err and "row 2" in err and "infinity" in err


def test_lp_coefficient_at_solver_infinity_is_named_before_highs_sees_it():
    # each input below 1e20, their product (VOLL × a 24-hour snapshot weight) above it
    net = make_network({"A": [100.0]}, [dict(name="g", region="A", capacity_mw=50, cost=10)], voll=1e19,
                       weight_h=24.0)
    with pytest.raises(InputError, match="v_shed.*infinity"):
        solve_network(net)


def test_a_model_highs_rejects_is_reported_as_rejected_exit_3(project, capsys, monkeypatch):
    import energymodel.solver.highs as highs
    import energymodel.solver.warm as warm

    def broken(lp):
        model = highs.to_highs_lp(lp)
        model.col_cost_ = np.asarray(lp.cost)[:1]  # sizes disagree: HiGHS returns kError
        return model

    monkeypatch.setattr(warm, "to_highs_lp", broken)
    code, err = run(["run", str(write_scenario(project)), "--hours", "24", "--out", "out"], capsys)
    assert code == 3 and "HiGHS rejected the model" in err and "Traceback" not in err
    with pytest.raises(SolveError, match="rejected"):
        highs.checked(highs.highspy.HighsStatus.kError, "x")


# ---- never delete or replace a folder that holds an input of the run -----------------------------------


def test_output_folder_holding_the_scenario_and_data_is_never_replaced(project, capsys):
    scen = write_scenario(project)
    assert run(["run", str(scen), "--hours", "24", "--out", "kept"], capsys)[0] == 0  # an energymodel folder
    kept = project / "kept"
    shutil.move(str(project / "data"), kept / "data")
    shutil.move(str(scen), kept / "scen.yaml")
    code, err = run(["run", str(kept / "scen.yaml"), "--hours", "24", "--out", "kept"], capsys)
    assert code == 2 and "an input of this run" in err
    assert (kept / "scen.yaml").exists() and (kept / "data" / "generators.csv").exists()
    assert json.loads((kept / "summary.json").read_text())["status"] == "optimal"  # the old result is intact


@pytest.mark.parametrize("out", ["data", "data/profiles", "."])
def test_output_folder_is_never_the_data_directory_or_around_it(project, capsys, out):
    (project / "data" / ".energymodel").write_text("")  # even if it looks like an energymodel folder
    (project / "data" / "profiles" / ".energymodel").write_text("")
    (project / ".energymodel").write_text("")
    before = sorted(p.name for p in (project / "data").iterdir())
    for command in ("run", "links"):
        code, err = run([command, str(write_scenario(project)), "--hours", "24", "--out", out], capsys)
        assert code == 2 and "an input of this run" in err
    assert sorted(p.name for p in (project / "data").iterdir()) == before


def test_output_folder_holding_the_extends_parent_is_refused(project, capsys):
    sub = project / "parent_dir"
    sub.mkdir()
    (sub / ".energymodel").write_text("")  # looks like an earlier result
    write_scenario(sub, "data: ../data\nyear: 2023\n", name="parent.yaml")
    child = write_scenario(project, "extends: parent_dir/parent.yaml\n", name="child.yaml")
    code, err = run(["run", str(child), "--hours", "24", "--out", "parent_dir"], capsys)
    assert code == 2 and "parent.yaml" in err and (sub / "parent.yaml").exists()


def test_a_path_no_file_system_can_hold_exits_2_naming_the_key(tmp_path, capsys):
    """A NUL byte in ``data`` (found by the long scenario-mutation test) is an input error, not a crash."""
    path = tmp_path / "nul.yaml"
    base = Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml"
    path.write_text(f'extends: {base}\ndata: "\\0"\n', encoding="utf-8")
    code, err = run(["validate", str(path)], capsys)
    assert code == 2
    assert "nul.yaml" in err and "key 'data'" in err and "expected a path" in err
